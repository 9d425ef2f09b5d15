"""Write `v<N>.sqlite3`: a store at the current schema version with a little of everything.

Run from the repository root with the code of that version, then commit the file and never change it:
    .venv/bin/python tests/data/store/make_fixture.py
tests/unit/core/store/test_migrations.py opens every v*.sqlite3 here and migrates it to the latest schema.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

from chorus_desktop.core.domain.deposit import Deposit, DepositAttachment, DepositVatLine
from chorus_desktop.core.model import Problem
from chorus_desktop.core.states import InvoiceState
from chorus_desktop.core.store.connection import Database, connect
from chorus_desktop.core.store.migrations import LATEST_VERSION, migrate
from chorus_desktop.core.store.store import Store

HERE = Path(__file__).resolve().parent


def _learned(store: Store, profile_id: int, invoice_id: int) -> None:
    from chorus_desktop.core.domain.learning import LayoutMemory, LearnedField, RoutingMemory

    number = LearnedField(page=1, box=(400.0, 50.0, 460.0, 60.0), shape="F9-9", anchor="facture n°",
                          anchor_box=(330.0, 50.0, 395.0, 60.0))
    store.learning.save_layout(LayoutMemory(
        id=0, profile_id=profile_id,
        supplier_key="73282932000074", fingerprint=["facture|1|8|1", "total ttc|1|80|7"],
        fields={"invoice_number": number}, taught_invoice_id=invoice_id, taught_invoice_number="F2024-002",
        supplier_name="ACME Conseil"))
    store.learning.save_routing(RoutingMemory(
        id=0, profile_id=profile_id, buyer_key="siret:11000201100044",
        buyer_label="Ministère des essais", routing={"codeDestinataire": "11000201100044"},
        taught_invoice_id=invoice_id, taught_invoice_number="F2024-002"))


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "store.sqlite3"
        db = Database(connect(database), database)
        migrate(db.conn)
        store = Store(db, Path(folder) / "documents")
        profile = store.profiles.add("ACME Conseil", "73282932000074", chorus_supplier_id=26123,
                                     chorus_bank_account_id=4411, settings={"environment": "sandbox"})
        store.recipients.remember_routing("11000201100044", "SE01", "EJ-42", name="Ministère des essais")
        for number, state, day in (("F2024-001", InvoiceState.BROUILLON, 3), ("F2024-002", InvoiceState.DEPOSEE, 9)):
            sha = (number.encode().hex() * 4)[:64]
            deposit = Deposit(codeDestinataire="11000201100044", codeServiceExecutant="SE01", idFournisseur=26123,
                              numeroFactureSaisi=number, dateFacture=dt.date(2024, 4, day),
                              montantHtTotal=Decimal("100.00"), montantTVA=Decimal("20.00"),
                              montantTtcTotal=Decimal("120.00"), montantAPayer=Decimal("120.00"),
                              ligneTva=[DepositVatLine(Decimal("20"), Decimal("100.00"), Decimal("20.00"))],
                              pieceJointePrincipale=DepositAttachment(f"{number}.pdf", sha, 1234))
            with store.unit_of_work():
                store.documents.register(sha256=sha, size=1234, original_name=f"{number}.pdf",
                                         relative_path=f"{sha[:2]}/{sha}.pdf", is_text_pdf=True, page_count=1)
                invoice_id = store.invoices.insert(
                    profile_id=profile.id, document_sha256=sha, state=InvoiceState.BROUILLON, deposit=deposit,
                    extraction={"invoice_number": number}, problems=[Problem("w", "Attention.", "ligneTva")],
                    supplier_siret="73282932000074", recipient_name="Ministère des essais")
                store.history.add(invoice_id, InvoiceState.BROUILLON, "local", f"Importée depuis « {number}.pdf »")
                if state is InvoiceState.DEPOSEE:
                    store.invoices.set_chorus_ids(invoice_id, chorus_invoice_id=9001,
                                                  certificate_fingerprint="c0ffee", deposited_at=None)
                    store.invoices.set_state(invoice_id, state, chorus_code="DEPOSEE")
                    store.history.add(invoice_id, state, "chorus", "Déposée", chorus_code="DEPOSEE")
        if hasattr(store, "learning"):  # schema 7 on: a learned layout and a remembered routing
            _learned(store, profile.id, invoice_id)
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.conn.execute("PRAGMA journal_mode = DELETE")
        db.close()
        target = HERE / f"v{LATEST_VERSION}.sqlite3"
        shutil.copyfile(database, target)
        check = sqlite3.connect(target)
        print(target, "user_version", check.execute("PRAGMA user_version").fetchone()[0])
        check.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
