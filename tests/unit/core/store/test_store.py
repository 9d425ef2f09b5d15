"""The SQLite store: file settings, repositories, documents by SHA-256, dashboard counters, search."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from chorus_desktop.core.domain.deposit import Deposit, DepositAttachment
from chorus_desktop.core.errors import NotFoundError, UserFixableError
from chorus_desktop.core.model import Problem
from chorus_desktop.core.paths import resolve_paths
from chorus_desktop.core.states import InvoiceState
from chorus_desktop.core.store import Store
from chorus_desktop.core.store.documents import sha256_of
from chorus_desktop.core.store.migrations import LATEST_VERSION
from chorus_desktop.core.domain.recipient import RecipientService
from storekit import RECIPIENT_SIRET, SUPPLIER_SIRET


@pytest.fixture
def store(isolated_data_dir: Path) -> Iterator[Store]:
    opened = Store.open(resolve_paths(isolated_data_dir))
    yield opened
    opened.close()


def dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    return int(done.stdout)


def add_invoice(store: Store, *, number: str, date: dt.date | None, ttc: str | None = "120.00",
                state: InvoiceState = InvoiceState.BROUILLON, profile_id: int | None = None,
                recipient: str | None = RECIPIENT_SIRET, recipient_name: str | None = "Mairie de Test") -> int:
    sha = f"{number}-{date}".encode().hex().ljust(64, "0")[:64]
    deposit = Deposit(numeroFactureSaisi=number, dateFacture=date, codeDestinataire=recipient,
                      montantTtcTotal=Decimal(ttc) if ttc else None,
                      pieceJointePrincipale=DepositAttachment(f"{number}.pdf", sha, 10))
    with store.db.transaction() as conn:
        store.documents.register(sha256=sha, size=10, original_name=f"{number}.pdf",
                                 relative_path=f"{sha[:2]}/{sha}.pdf", is_text_pdf=True, page_count=1)
        invoice_id = store.invoices.insert(profile_id=profile_id, document_sha256=sha, state=state,
                                           deposit=deposit, extraction={}, problems=[], supplier_siret=None,
                                           recipient_name=recipient_name)
        store.history.add(invoice_id, state, "local", "test")
    return invoice_id


def test_database_file_settings(store: Store, isolated_data_dir: Path) -> None:
    path = isolated_data_dir / "chorus-desktop.sqlite3"
    assert path.is_file()
    conn = store.db.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    assert store.schema_version == LATEST_VERSION
    assert store.integrity_ok()
    if os.name == "posix":
        add_invoice(store, number="A1", date=dt.date(2024, 1, 1))
        for candidate in (path, path.with_name(path.name + "-wal")):
            if candidate.exists():
                assert stat.S_IMODE(candidate.stat().st_mode) == 0o600, candidate
        assert stat.S_IMODE(isolated_data_dir.stat().st_mode) == 0o700


def test_reopening_keeps_data(isolated_data_dir: Path) -> None:
    with Store.open(resolve_paths(isolated_data_dir)) as first:
        first.profiles.add("ACME", SUPPLIER_SIRET)
    with Store.open(resolve_paths(isolated_data_dir)) as second:
        assert [p.name for p in second.profiles.list()] == ["ACME"]


def test_profiles(store: Store) -> None:
    acme = store.profiles.add("ACME", SUPPLIER_SIRET, chorus_supplier_id=12, settings={"environment": "sandbox"})
    assert acme.id and acme.chorus_supplier_id == 12 and acme.settings == {"environment": "sandbox"}
    with pytest.raises(UserFixableError):
        store.profiles.add("ACME", SUPPLIER_SIRET)
    updated = store.profiles.update(acme.id, default_payment_mode="CHEQUE", chorus_bank_account_id=3)
    assert (updated.default_payment_mode, updated.chorus_bank_account_id) == ("CHEQUE", 3)
    assert store.profiles.find("ACME").id == acme.id
    assert store.profiles.find(SUPPLIER_SIRET).id == acme.id
    assert store.profiles.find(str(acme.id)).id == acme.id
    with pytest.raises(NotFoundError):
        store.profiles.find("Inconnu")
    moment = dt.datetime(2024, 5, 1, 8, 30, tzinfo=dt.timezone.utc)
    store.profiles.set_last_sync(acme.id, moment)
    assert store.profiles.get(acme.id).last_sync_at == moment


def test_recipients_remember_routing_and_parameters(store: Store) -> None:
    assert store.recipients.get(RECIPIENT_SIRET) is None
    store.recipients.remember_routing(RECIPIENT_SIRET, "SE01", "EJ1")
    store.recipients.remember_routing(RECIPIENT_SIRET, None, "EJ2")  # a blank code keeps the last one
    recipient = store.recipients.get(RECIPIENT_SIRET)
    assert recipient is not None
    assert (recipient.last_service_code, recipient.last_engagement, recipient.checked_at) == ("SE01", "EJ2", None)
    saved = store.recipients.save_chorus_parameters(
        RECIPIENT_SIRET, name="Ministère", chorus_structure_id=77, services=[RecipientService("SE01", "Achats")],
        service_required=True, engagement_required=False, service_or_engagement=None, active=True)
    assert saved.service_required is True and saved.engagement_required is False
    assert saved.service_or_engagement is None and saved.checked_at is not None
    assert saved.services == [RecipientService("SE01", "Achats")]
    assert saved.last_service_code == "SE01"  # routing memory survives a parameters refresh


def test_documents_are_copied_never_moved_and_addressed_by_hash(store: Store, tmp_path: Path) -> None:
    source = tmp_path / "facture.pdf"
    source.write_bytes(b"%PDF-1.4 test\n%%EOF\n")
    sha = sha256_of(source)
    relative = store.documents.stage(source, sha)
    assert source.exists()
    stored = store.documents.path_of(relative)
    assert stored.read_bytes() == source.read_bytes()
    assert stored.name == f"{sha}.pdf" and stored.parent.name == sha[:2]
    # Pending until registered: a live import (this process) is never swept.
    assert store.documents.sweep_orphans() == []
    with store.db.transaction() as conn:
        store.documents.register(sha256=sha, size=stored.stat().st_size, original_name=source.name,
                                 relative_path=relative, is_text_pdf=True, page_count=1)
    assert store.documents.get(sha) is not None
    assert store.db.conn.execute("SELECT count(*) FROM pending_documents").fetchone()[0] == 0


def test_sweep_deletes_what_a_dead_import_left(store: Store, tmp_path: Path) -> None:
    source = tmp_path / "facture.pdf"
    source.write_bytes(b"%PDF-1.4 orphan\n%%EOF\n")
    sha = sha256_of(source)
    relative = store.documents.stage(source, sha)
    pid = dead_pid()
    with store.db.transaction() as conn:
        conn.execute("UPDATE pending_documents SET pid = ?", (pid,))
    store.documents.tmp_dir.mkdir(parents=True, exist_ok=True)
    half_file = store.documents.tmp_dir / f"{pid}-abc.tmp"
    half_file.write_bytes(b"%PDF-1.4 half")
    live_file = store.documents.tmp_dir / f"{os.getpid()}-def.tmp"
    live_file.write_bytes(b"%PDF-1.4 in progress")

    removed = store.documents.sweep_orphans()

    assert set(removed) == {store.documents.path_of(relative), half_file}
    assert not store.documents.path_of(relative).exists() and not half_file.exists()
    assert live_file.exists()
    assert store.db.conn.execute("SELECT count(*) FROM pending_documents").fetchone()[0] == 0


def test_foreign_keys_refuse_an_invoice_without_document(store: Store) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        with store.db.transaction() as conn:
            store.invoices.insert(profile_id=None, document_sha256="f" * 64, state=InvoiceState.BROUILLON,
                                  deposit=Deposit(), extraction={}, problems=[], supplier_siret=None,
                                  recipient_name=None)
    assert store.invoices.count() == 0


def test_a_failed_transaction_leaves_nothing(store: Store) -> None:
    with pytest.raises(RuntimeError):
        with store.db.transaction() as conn:
            conn.execute("INSERT INTO recipients (siret, updated_at) VALUES ('1', 'x')")
            raise RuntimeError("boom")
    assert store.recipients.list() == []


def test_invoice_round_trip(store: Store) -> None:
    invoice_id = add_invoice(store, number="F-1", date=dt.date(2024, 2, 3))
    with store.db.transaction() as conn:
        store.invoices.save_problems(invoice_id, [Problem("x", "Un message.", "numeroFactureSaisi", True),
                                                        Problem("y", "Attention.", None, False)])
        store.invoices.set_chorus_ids(invoice_id, chorus_invoice_id=987, certificate_fingerprint="abc",
                                      deposited_at=dt.datetime(2024, 2, 4, 10, 0, tzinfo=dt.timezone.utc))
    record = store.invoices.get(invoice_id)
    assert record.deposit.numeroFactureSaisi == "F-1" and record.deposit.dateFacture == dt.date(2024, 2, 3)
    assert [p.code for p in record.problems] == ["x", "y"] and record.problems[0].blocking
    assert (record.chorus.invoice_id, record.chorus.certificate_fingerprint) == (987, "abc")
    assert store.invoices.id_for_chorus_id(987) == invoice_id
    summary = store.invoices.list()[0]
    assert (summary.blocking_count, summary.warning_count) == (1, 1)
    with pytest.raises(NotFoundError):
        store.invoices.get(invoice_id + 100)


def test_dashboard_counters_follow_every_change(store: Store) -> None:
    ids = [add_invoice(store, number=f"N{i}", date=dt.date(2024, 1, 1 + i)) for i in range(5)]
    with store.db.transaction() as conn:
        store.invoices.set_state(ids[0], InvoiceState.PRETE)
        store.invoices.set_state(ids[1], InvoiceState.PRETE)
        store.invoices.set_state(ids[1], InvoiceState.PRETE)  # same state: no double count
        store.invoices.set_state(ids[2], InvoiceState.DEPOSEE, chorus_code="DEPOSEE")
        conn.execute("DELETE FROM state_history WHERE invoice_id = ?", (ids[4],))
        conn.execute("DELETE FROM invoices WHERE id = ?", (ids[4],))
    counted = {InvoiceState(state): n for state, n in
               store.db.conn.execute("SELECT state, count(*) FROM invoices GROUP BY state")}
    assert store.invoices.counts_by_state() == counted == {
        InvoiceState.PRETE: 2, InvoiceState.DEPOSEE: 1, InvoiceState.BROUILLON: 1}


def test_list_sorted_by_date_filtered_and_paged(store: Store) -> None:
    add_invoice(store, number="OLD", date=dt.date(2023, 12, 31))
    add_invoice(store, number="NEW", date=dt.date(2024, 6, 1), state=InvoiceState.DEPOSEE)
    add_invoice(store, number="MID", date=dt.date(2024, 3, 1))
    add_invoice(store, number="NODATE", date=None)
    assert [s.invoice_number for s in store.invoices.list()] == ["NEW", "MID", "OLD", "NODATE"]
    assert [s.invoice_number for s in store.invoices.list(descending=False)][1:] == ["OLD", "MID", "NEW"]
    assert [s.invoice_number for s in store.invoices.list(limit=2, offset=1)] == ["MID", "OLD"]
    assert [s.invoice_number for s in store.invoices.list(state=InvoiceState.BROUILLON)] == ["MID", "OLD", "NODATE"]
    assert [s.invoice_number for s in store.invoices.list(state=[InvoiceState.DEPOSEE])] == ["NEW"]
    assert store.invoices.count(state=InvoiceState.BROUILLON) == 3


def test_search_by_number_recipient_and_amount(store: Store) -> None:
    add_invoice(store, number="FA-2024-17", date=dt.date(2024, 1, 1), ttc="1234.50", recipient_name="Mairie de Lyon")
    add_invoice(store, number="FA-2024-18", date=dt.date(2024, 1, 2), ttc="99.00", recipient="21690123100011",
                recipient_name="Commune de Bron")
    add_invoice(store, number="X_100%", date=dt.date(2024, 1, 3), ttc="5.00", recipient_name=None)

    def found(text: str) -> list[str | None]:
        return sorted(s.invoice_number or "" for s in store.invoices.list(search=text))

    assert found("2024-17") == ["FA-2024-17"]
    assert found("lyon") == ["FA-2024-17"]
    assert found("216 901 231") == ["FA-2024-18"]
    assert found("1 234,50") == ["FA-2024-17"]
    assert found("99") == ["FA-2024-18"]
    assert found("_100%") == ["X_100%"]  # LIKE wildcards are taken literally
    assert found("FA-2024") == ["FA-2024-17", "FA-2024-18"]


def test_number_used_is_per_supplier_profile(store: Store) -> None:
    first = store.profiles.add("A", SUPPLIER_SIRET).id
    second = store.profiles.add("B", SUPPLIER_SIRET).id
    invoice_id = add_invoice(store, number="F-9", date=dt.date(2024, 1, 1), profile_id=first)
    assert store.invoices.number_used(first, "F-9")
    assert not store.invoices.number_used(first, "F-9", exclude_id=invoice_id)
    assert not store.invoices.number_used(second, "F-9")


def test_ids_to_poll_skip_local_and_final_states(store: Store) -> None:
    ids = {state: add_invoice(store, number=state.value[:20], date=dt.date(2024, 1, 1), state=state)
           for state in (InvoiceState.BROUILLON, InvoiceState.DEPOSEE, InvoiceState.MANDATEE,
                         InvoiceState.MISE_EN_PAIEMENT, InvoiceState.REJETEE)}
    with store.db.transaction() as conn:
        for number, invoice_id in enumerate(ids.values(), start=1):
            store.invoices.set_chorus_ids(invoice_id, chorus_invoice_id=number, certificate_fingerprint=None,
                                          deposited_at=None)
    assert store.invoices.ids_to_poll() == [ids[InvoiceState.DEPOSEE], ids[InvoiceState.MANDATEE]]
