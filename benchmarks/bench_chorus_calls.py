"""Chorus Pro calls per operation, counted at the local simulator (figures, not assertions).

    .venv/bin/python benchmarks/bench_chorus_calls.py

- sync with 1,000 tracked invoices of which 5 changed, then with nothing changed;
- the first deposit to a new recipient, then a second one to the same recipient.
Calls are what the simulator received (token included), in a fresh temporary store each time.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "support"))

from storekit import FakeExtractor  # noqa: E402

from chorus_desktop.core.chorus.clients import fixed_client_factory  # noqa: E402
from chorus_desktop.core.domain.deposit import Deposit  # noqa: E402
from chorus_desktop.core.paths import resolve_paths  # noqa: E402
from chorus_desktop.core.states import InvoiceState  # noqa: E402
from chorus_desktop.core.store import Store  # noqa: E402
from chorus_desktop.core.store.codec import now_utc  # noqa: E402
from chorus_desktop.sandbox import start_simulator  # noqa: E402
from chorus_desktop.sandbox.data import RECIPIENT_PLAIN, SUPPLIER_ID, SUPPLIER_SIRET  # noqa: E402
from chorus_desktop.wiring import build_context  # noqa: E402


def sync_calls(folder: Path) -> tuple[int, int]:
    sim = start_simulator()
    store = Store.open(resolve_paths(folder))
    try:
        context = build_context(store, client_factory=fixed_client_factory(sim.environment(), sim.credentials))
        profile = context.profiles.add_profile("Démo", SUPPLIER_SIRET, chorus_supplier_id=SUPPLIER_ID)
        long_ago = dt.datetime.now() - dt.timedelta(days=10)
        ids = []
        with store.unit_of_work():
            for n in range(1000):
                in_chorus = sim.backend.seed_invoice(f"M-{n:04}", RECIPIENT_PLAIN, at=long_ago)
                sha = f"{n:064x}"
                store.documents.register(sha256=sha, size=10, original_name=f"M-{n:04}.pdf",
                                         relative_path=f"{sha[:2]}/{sha}.pdf", is_text_pdf=True, page_count=1)
                local = store.invoices.insert(
                    profile_id=profile.id, document_sha256=sha, state=InvoiceState.DEPOSEE,
                    deposit=Deposit(numeroFactureSaisi=f"M-{n:04}", codeDestinataire=RECIPIENT_PLAIN,
                                    idFournisseur=SUPPLIER_ID, montantTtcTotal=Decimal("120.00")),
                    extraction={}, problems=[], supplier_siret=None, recipient_name=None)
                store.invoices.set_chorus_ids(local, chorus_invoice_id=in_chorus.id, certificate_fingerprint=None,
                                              deposited_at=long_ago.replace(tzinfo=dt.timezone.utc))
                store.invoices.set_state(local, InvoiceState.DEPOSEE, chorus_code="DEPOSEE", at=long_ago)
                ids.append(in_chorus.id)
        store.profiles.set_last_sync(profile.id, now_utc() - dt.timedelta(hours=6))
        for chorus_id in ids[::200]:
            sim.set_status(chorus_id, "MISE_A_DISPOSITION")
        sim.reset_counts()
        context.sync.sync()
        changed = sim.total_calls()
        sim.reset_counts()
        context.sync.sync()
        return changed, sim.total_calls()
    finally:
        store.close()
        sim.stop()


def deposit_calls(folder: Path) -> tuple[int, int]:
    sim = start_simulator()
    store = Store.open(resolve_paths(folder))
    try:
        extractor = FakeExtractor()
        context = build_context(store, extractor=extractor,
                                client_factory=fixed_client_factory(sim.environment(), sim.credentials))
        profile = context.profiles.add_profile("Démo", SUPPLIER_SIRET)
        counts = []
        for number in ("D-1", "D-2"):
            pdf = folder / f"{number}.pdf"
            pdf.write_bytes(b"%PDF-1.4\n% " + number.encode() + b"\n%%EOF\n")
            extractor.by_name[pdf.name] = {"invoice_number": number, "buyer_siret": RECIPIENT_PLAIN,
                                           "supplier_siret": SUPPLIER_SIRET, "date": dt.date.today()}
            [outcome] = context.importing.import_files([pdf], profile_id=profile.id)
            sim.reset_counts()
            [sent] = context.deposits.deposit([outcome.invoice_id or 0])
            assert sent.ok, sent.message
            counts.append(sim.total_calls())
        return counts[0], counts[1]
    finally:
        store.close()
        sim.stop()


def main() -> int:
    with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
        changed, unchanged = sync_calls(Path(a))
        first, second = deposit_calls(Path(b))
    print(f"sync, 1,000 tracked / 5 changed   {changed:3d} calls")
    print(f"sync, nothing changed             {unchanged:3d} calls")
    print(f"first deposit to a new recipient  {first:3d} calls")
    print(f"next deposit to the same one      {second:3d} calls")
    return 0


if __name__ == "__main__":
    sys.exit(main())
