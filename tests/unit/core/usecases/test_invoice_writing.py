"""Writing invoices into the store: pre-filled from their own data, numbered without gaps (creations,
refusals, failed transactions, a concurrent writer), stored byte for byte, duplicated, cancelled by an avoir,
and deposited on the simulator like an invoice that was read."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from chorus_fixtures import World, sim, sleeps, world  # noqa: F401 - fixtures
from storekit import SUPPLIER_SIRET, FakeExtractor
from writingkit import BUYER_SIRET, DEFRAIEMENT, spec

from chorus_desktop.core.domain.written_invoice import InvoiceDocument
from chorus_desktop.core.errors import UserFixableError
from chorus_desktop.core.extraction import extract_invoice
from chorus_desktop.core.states import InvoiceState
from chorus_desktop.core.store import Store
from chorus_desktop.core.store import invoices as invoices_module
from chorus_desktop.core.store.documents import sha256_of
from chorus_desktop.core.usecases.importing import in_thread_extractor
from chorus_desktop.sandbox.data import RECIPIENT_PLAIN
from chorus_desktop.wiring import AppContext, build_context

TODAY = dt.date(2026, 3, 10)


@pytest.fixture
def services(store: Store, extractor: FakeExtractor) -> AppContext:
    svc = build_context(store, extractor=extractor, today=lambda: TODAY)
    svc.profiles.add_profile("ACME", SUPPLIER_SIRET, chorus_supplier_id=26123, chorus_bank_account_id=4411)
    return svc


def stored_files(store: Store) -> set[Path]:
    return {p for p in store.documents.root.rglob("*") if p.is_file()}


def test_a_new_invoice_is_a_prefilled_draft_with_its_pdf_and_input_data(services: AppContext) -> None:
    outcome = services.writing.new_invoice(spec())
    assert outcome.number == "FA-2026-0001" and outcome.kind == "FACTURE"
    record = services.store.invoices.get(outcome.invoice_id)
    deposit = record.deposit
    assert record.state is InvoiceState.BROUILLON
    assert (deposit.numeroFactureSaisi, deposit.dateFacture) == ("FA-2026-0001", dt.date(2026, 3, 2))
    assert (deposit.codeDestinataire, deposit.codeServiceExecutant, deposit.numeroBonCommande) == (
        BUYER_SIRET, "SE01", "EJ-42")
    assert (deposit.montantHtTotal, deposit.montantTVA, deposit.montantTtcTotal, deposit.montantAPayer) == (
        Decimal("1974.69"), Decimal("391.36"), Decimal("2366.05"), Decimal("2366.05"))
    assert [(line.ligneTvaTauxManuel, line.ligneTvaMontantBaseHtParTaux) for line in deposit.ligneTva] == [
        (Decimal(20), Decimal("1950.00")), (Decimal("5.5"), Decimal("24.69"))]
    assert deposit.idFournisseur == 26123 and deposit.typeFacture == "FACTURE"
    assert not record.blocking_problems, record.problems
    assert all(record.extraction["confidence"][name] == "high" for name in ("invoice_number", "total_ttc"))
    # The PDF is in the store byte for byte with its SHA-256, and the input data beside it.
    written = services.store.written.get(outcome.invoice_id)
    assert written is not None and written.pdf_sha256 == record.document.sha256
    assert outcome.pdf_path == services.store.documents.path_of(record.document)
    assert sha256_of(outcome.pdf_path) == record.document.sha256
    model = services.writing.written_document(outcome.invoice_id)
    assert isinstance(model, InvoiceDocument) and model.number == "FA-2026-0001"
    assert model.total_ttc == deposit.montantTtcTotal
    history = services.store.history.list(outcome.invoice_id)
    assert "FA-2026-0001" in (history[0].comment or "")
    # What the reader sees in the stored file is what was stored as the invoice's data.
    read = extract_invoice(outcome.pdf_path, use_embedded_xml=False)
    assert read.value("invoice_number") == "FA-2026-0001" and read.value("total_ttc") == Decimal("2366.05")


def test_numbers_are_gap_free_across_creations_refusals_and_failed_transactions(
        services: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    numbers = [services.writing.new_invoice(spec()).number]
    for bad in (spec(customer=None), spec(lines=[{"description": "x", "quantity": -1, "unit_price": 1,
                                                   "vat_rate": 20}])):
        with pytest.raises(UserFixableError):
            services.writing.new_invoice(bad)
    numbers.append(services.writing.new_invoice(spec()).number)
    files_before = stored_files(services.store)

    def insert_fails(self: Any, **kwargs: Any) -> int:
        raise OSError("disque plein")

    monkeypatch.setattr(invoices_module.InvoiceRepository, "insert", insert_fails)
    with pytest.raises(OSError):
        services.writing.new_invoice(spec())
    monkeypatch.undo()
    services.store.documents.delete_released()  # what the next operation or opening of the store does
    assert stored_files(services.store) == files_before
    numbers.append(services.writing.new_invoice(spec()).number)
    numbers.append(services.writing.new_invoice(DEFRAIEMENT).number)
    numbers.append(services.writing.new_invoice(spec(date="2027-01-04")).number)
    assert numbers == ["FA-2026-0001", "FA-2026-0002", "FA-2026-0003", "DEF-2026-0001", "FA-2027-0001"]
    profile_id = services.profiles.list_profiles()[0].id
    assert services.store.written.numbers(profile_id, "FA") == ["FA-2026-0001", "FA-2026-0002", "FA-2026-0003",
                                                                "FA-2027-0001"]


def test_a_number_taken_meanwhile_by_another_process_is_not_reused(services: AppContext,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    services.writing.new_invoice(spec())
    files = stored_files(services.store)
    real = services.store.written.last_number
    views = [0]  # what this process read before the other one committed FA-2026-0001

    def last_number(*args: Any) -> int:
        return views.pop() if views else real(*args)

    monkeypatch.setattr(services.store.written, "last_number", last_number)
    outcome = services.writing.new_invoice(spec())
    assert outcome.number == "FA-2026-0002"
    assert len(stored_files(services.store) - files) == 1  # the PDF prepared with the taken number is gone
    assert services.store.db.conn.execute("SELECT count(*) FROM pending_documents").fetchone()[0] == 0


def test_a_number_is_never_deleted(services: AppContext) -> None:
    outcome = services.writing.new_invoice(spec())
    with pytest.raises(UserFixableError, match="avoir"):
        services.editing.delete_invoice(outcome.invoice_id)
    conn = services.store.db.conn
    for sql in ("DELETE FROM written_documents", "DELETE FROM number_counters",
                "UPDATE number_counters SET last_number = 0"):
        with pytest.raises(Exception, match="numero_jamais"):
            conn.execute(sql)
    assert services.store.invoices.get(outcome.invoice_id).state is InvoiceState.BROUILLON


def test_the_defraiement_invoice(services: AppContext) -> None:
    outcome = services.writing.new_invoice(DEFRAIEMENT)
    deposit = services.store.invoices.get(outcome.invoice_id).deposit
    assert outcome.number == "DEF-2026-0001"
    assert (deposit.montantHtTotal, deposit.montantTVA, deposit.montantTtcTotal) == (
        Decimal("14.90"), Decimal("2.98"), Decimal("17.88"))


def test_duplicate_a_written_invoice_under_a_new_number_and_date(services: AppContext) -> None:
    first = services.writing.new_invoice(spec())
    copy = services.writing.duplicate(first.invoice_id)
    assert copy.number == "FA-2026-0002" and copy.invoice_id != first.invoice_id
    original, again = (services.writing.written_document(i) for i in (first.invoice_id, copy.invoice_id))
    assert original is not None and again is not None
    assert again.lines == original.lines and again.buyer == original.buyer and again.issue_date == TODAY
    assert copy.total_ttc == first.total_ttc


def test_duplicate_an_invoice_that_was_read(services: AppContext, pdfs: list[Path]) -> None:
    [outcome] = services.importing.import_files(pdfs[:1])
    assert outcome.invoice_id is not None
    read = services.store.invoices.get(outcome.invoice_id)
    copy = services.writing.duplicate(outcome.invoice_id)
    deposit = services.store.invoices.get(copy.invoice_id).deposit
    assert deposit.montantTtcTotal == read.deposit.montantTtcTotal and deposit.montantTVA == read.deposit.montantTVA
    assert deposit.codeDestinataire == read.deposit.codeDestinataire
    assert deposit.numeroFactureSaisi == f"FA-{TODAY.year}-0001" != read.deposit.numeroFactureSaisi


def test_write_credit_note_cancels_an_invoice_with_an_avoir(services: AppContext, pdfs: list[Path]) -> None:
    invoice = services.writing.new_invoice(spec())
    avoir_id = services.writing.write_credit_note(invoice.invoice_id, "Facture rejetée par Chorus Pro")
    record = services.store.invoices.get(avoir_id)
    deposit = record.deposit
    assert deposit.typeFacture == "AVOIR" and deposit.numeroFactureOrigine == "FA-2026-0001"
    assert deposit.numeroFactureSaisi == f"AV-{TODAY.year}-0001" and deposit.modePaiement is None
    assert deposit.montantTtcTotal == Decimal("2366.05") and record.state is InvoiceState.BROUILLON
    written = services.store.written.get(avoir_id)
    assert written is not None and written.kind == "AVOIR" and written.origin_invoice_id == invoice.invoice_id
    read = extract_invoice(services.queries.document_path(avoir_id), use_embedded_xml=False)
    assert read.value("document_type") == "credit_note"
    assert read.value("original_invoice_number") == "FA-2026-0001"
    assert read.fields["original_invoice_number"].confidence == "high"
    with pytest.raises(UserFixableError, match="déjà un avoir"):
        services.writing.write_credit_note(avoir_id, "non")
    # Asked again (a retry after a crash): the same avoir, no second one and no number used.
    assert services.writing.write_credit_note(invoice.invoice_id, "Facture rejetée par Chorus Pro") == avoir_id
    # An invoice that was read can be cancelled too, from its deposit data.
    [imported] = services.importing.import_files(pdfs[:1])
    assert imported.invoice_id is not None
    other = services.writing.write_credit_note(imported.invoice_id, "Erreur de destinataire")
    assert services.store.invoices.get(other).deposit.numeroFactureSaisi == f"AV-{TODAY.year}-0002"


def test_a_written_invoice_deposits_like_one_that_was_read(world: World) -> None:  # noqa: F811
    chorus = world.chorus()
    customer = {"name": "Destinataire sans paramètre", "siret": RECIPIENT_PLAIN, "address": ["1 rue X", "75001 Paris"]}
    outcome = chorus.writing.new_invoice(spec(customer=customer), profile_id=world.profile_id)
    # The same file read by the reader, as if the user had imported it (one byte more: another document;
    # the same name, since the name is the attachment's designation).
    copy = world.folder / f"{outcome.number}.pdf"
    copy.write_bytes(outcome.pdf_path.read_bytes() + b"\n% copie\n")
    read = build_context(world.store, extractor=in_thread_extractor).importing.import_files(
        [copy], profile_id=world.profile_id)[0]
    assert read.invoice_id is not None
    written_payload = chorus.queries.payload(outcome.invoice_id)
    read_payload = chorus.queries.payload(read.invoice_id)
    assert written_payload == read_payload
    chorus.editing.delete_invoice(read.invoice_id)  # the copy was only there to compare: one number, one invoice
    [deposited] = chorus.deposits.deposit([outcome.invoice_id])
    assert deposited.ok, deposited.message
    record = world.store.invoices.get(outcome.invoice_id)
    assert record.state is InvoiceState.DEPOSEE
    in_chorus = world.sim.backend.invoice_by_number(outcome.number)
    assert in_chorus is not None and in_chorus.total_ttc == Decimal("2366.05")
    assert in_chorus.deposit_mode == "DEPOT_PDF_API"
