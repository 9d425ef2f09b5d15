"""Importing PDFs as drafts: copies, duplicates, failures that stay alone, pre-fill."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from storekit import OTHER_SUPPLIER_SIRET, SUPPLIER_SIRET, FakeExtractor
from usecasekit import TODAY, S, deposited, import_one, ready  # noqa: F401

from chorus_desktop.core.errors import UserFixableError
from chorus_desktop.core.model import ExtractionResult, Problem, VatLine
from chorus_desktop.core.store import Store
from chorus_desktop.core.store.documents import sha256_of
from chorus_desktop.core.usecases.importing import short_designation
from chorus_desktop.wiring import AppContext, build_context


def test_import_folder_copies_files_and_stores_drafts(services: AppContext, pdfs: list[Path],
                                                      tmp_path: Path) -> None:
    (tmp_path / "inbox" / "notes.txt").write_text("pas une facture")
    sub = tmp_path / "inbox" / "mai"
    sub.mkdir()
    nested = sub / "facture-mai.pdf"
    nested.write_bytes(pdfs[0].read_bytes() + b"\n%mai\n")
    outcomes = services.importing.import_files([tmp_path / "inbox"])
    assert [o.status for o in outcomes] == ["imported"] * 4
    assert {o.path.name for o in outcomes} == {p.name for p in pdfs} | {"facture-mai.pdf"}
    for outcome, path in ((o, o.path) for o in outcomes):
        assert path.exists()  # copied, never moved
        record = services.queries.get_invoice(outcome.invoice_id or 0)
        assert record.state is S.BROUILLON
        stored = services.queries.document_path(record.id)
        assert stored.read_bytes() == path.read_bytes() and sha256_of(stored) == record.document.sha256
        assert record.document.original_name == path.name
        assert [(c.state, c.source) for c in services.queries.history(record.id)] == [(S.BROUILLON, "local")]
    assert services.queries.dashboard()[S.BROUILLON] == 4


def test_reimport_skips_what_is_there_even_under_another_name(services: AppContext, pdfs: list[Path],
                                                              extractor: FakeExtractor, tmp_path: Path) -> None:
    first = services.importing.import_files(pdfs)
    copy = tmp_path / "copie.pdf"
    copy.write_bytes(pdfs[1].read_bytes())
    calls = len(extractor.calls)
    again = services.importing.import_files([*pdfs, copy])
    assert [o.status for o in again] == ["duplicate"] * 4
    assert [o.invoice_id for o in again] == [o.invoice_id for o in first] + [first[1].invoice_id]
    assert len(extractor.calls) == calls  # duplicates are not even read
    assert services.queries.count_invoices() == 3


def test_unreadable_and_crashing_files_fail_alone(services: AppContext, pdfs: list[Path],
                                                  extractor: FakeExtractor, tmp_path: Path) -> None:
    broken = tmp_path / "cassé.pdf"
    broken.write_bytes(b"not a pdf")

    def extract(path: Path) -> ExtractionResult:
        if path.name == "cassé.pdf":
            return ExtractionResult(file=path, readable=False,
                                    problems=[Problem("pas_un_pdf", "Ce n'est pas un PDF.", blocking=True)])
        if path == pdfs[0]:
            raise RuntimeError("bug in the engine")
        return extractor(path)

    services.importing._extract = extract  # type: ignore[method-assign]
    outcomes = services.importing.import_files([broken, pdfs[0], pdfs[1]])
    assert [o.status for o in outcomes] == ["failed", "failed", "imported"]
    assert outcomes[0].message == "Ce n'est pas un PDF." and outcomes[0].invoice_id is None
    assert "Erreur interne" in outcomes[1].message
    assert services.queries.count_invoices() == 1
    stored = [p for p in services.store.documents.root.rglob("*.pdf")]
    assert len(stored) == 1  # nothing copied for the failures


def test_prefill_from_extraction_profile_and_overrides(services: AppContext, extractor: FakeExtractor,
                                                       pdfs: list[Path]) -> None:
    extractor.by_name[pdfs[0].name] = {"invoice_number": "FA-77", "po_number": "EJ-1", "contract_number": "M-9",
                                       "service_code": "SE-PDF", "vat_regime": "TVA sur les encaissements"}
    invoice_id = import_one(services, pdfs[0], overrides={"codeServiceExecutant": "SE-CLI", "codeCadreFacturation": "A1"})
    deposit = services.queries.get_invoice(invoice_id).deposit
    assert (deposit.numeroFactureSaisi, deposit.numeroBonCommande, deposit.numeroMarche) == ("FA-77", "EJ-1", "M-9")
    assert deposit.codeServiceExecutant == "SE-CLI"
    assert deposit.typeTva == "TVA_SUR_ENCAISSEMENT"
    assert (deposit.idFournisseur, deposit.codeCoordonneesBancairesFournisseur) == (26123, 4411)
    assert deposit.modePaiement == "VIREMENT"
    assert (deposit.montantHtTotal, deposit.montantTVA, deposit.montantTtcTotal, deposit.montantAPayer) == (
        Decimal("100.00"), Decimal("20.00"), Decimal("120.00"), Decimal("120.00"))
    assert deposit.pieceJointePrincipale is not None and deposit.pieceJointePrincipale.designation == pdfs[0].name


def test_bad_override_is_refused_before_any_file_is_touched(services: AppContext, pdfs: list[Path]) -> None:
    with pytest.raises(UserFixableError):
        services.importing.import_files(pdfs, overrides={"codeCadreFacturation": "A7"})
    with pytest.raises(UserFixableError):
        services.importing.import_files(pdfs, overrides={"nimporte": "x"})
    assert services.queries.count_invoices() == 0


def test_credit_note_amounts_are_positive_without_payment_mode(services: AppContext, extractor: FakeExtractor,
                                                               pdfs: list[Path]) -> None:
    extractor.by_name[pdfs[0].name] = {
        "invoice_number": "AV-1", "document_type": "credit_note", "original_invoice_number": "FA-1",
        "total_ht": Decimal("-100.00"), "total_tva": Decimal("-20.00"), "total_ttc": Decimal("-120.00"),
        "amount_due": Decimal("-120.00"), "vat_breakdown": [VatLine(Decimal("20"), Decimal("-100"), Decimal("-20"))]}
    invoice_id = import_one(services, pdfs[0])
    deposit = services.queries.get_invoice(invoice_id).deposit
    assert deposit.typeFacture == "AVOIR" and deposit.numeroFactureOrigine == "FA-1" and deposit.modePaiement is None
    assert deposit.montantTtcTotal == Decimal("120.00") and deposit.ligneTva[0].ligneTvaMontantTvaParTaux == 20
    assert not [p for p in services.lifecycle.validate(invoice_id) if p.blocking]


def test_already_paid_invoice_uses_a2(services: AppContext, extractor: FakeExtractor, pdfs: list[Path]) -> None:
    extractor.by_name[pdfs[0].name] = {"invoice_number": "P-1", "already_paid": True}
    deposit = services.queries.get_invoice(import_one(services, pdfs[0])).deposit
    assert deposit.codeCadreFacturation == "A2_FACTURE_FOURNISSEUR_DEJA_PAYEE" and deposit.montantAPayer == 0


def test_scanned_pdf_is_blocked(services: AppContext, extractor: FakeExtractor, pdfs: list[Path]) -> None:
    def scanned(path: Path) -> ExtractionResult:
        result = extractor(path)
        result.problems.append(Problem("pdf_image", "Scan.", blocking=True))
        return result

    services.importing._extract = scanned  # type: ignore[method-assign]
    invoice_id = import_one(services, pdfs[0])
    assert "pdf_image" in [p.code for p in services.lifecycle.validate(invoice_id) if p.blocking]
    assert services.queries.get_invoice(invoice_id).document.is_text_pdf is False


def test_profile_chosen_by_supplier_siret_or_missing(store: Store, extractor: FakeExtractor, pdfs: list[Path]) -> None:
    services = build_context(store, extractor=extractor, today=lambda: TODAY)
    orphan = import_one(services, pdfs[0])
    assert services.queries.get_invoice(orphan).profile_id is None
    assert "profil_manquant" in [p.code for p in services.lifecycle.validate(orphan)]
    other = services.profiles.add_profile("Autre", OTHER_SUPPLIER_SIRET)
    acme = services.profiles.add_profile("ACME", SUPPLIER_SIRET)
    assert services.queries.get_invoice(import_one(services, pdfs[1])).profile_id == acme.id
    assert services.queries.get_invoice(import_one(services, pdfs[2], profile_id=other.id)).profile_id == other.id
    record = services.editing.assign_profile(orphan, acme.id)
    assert record.profile_id == acme.id and "profil_manquant" not in [p.code for p in record.problems]


def test_short_designation_keeps_the_extension() -> None:
    name = "x" * 80 + ".pdf"
    assert short_designation(name) == "x" * 46 + ".pdf" and len(short_designation(name)) == 50
    assert short_designation("court.pdf") == "court.pdf"


def test_import_real_corpus_pdfs_with_the_engine(store: Store, corpus_dir: Path, tmp_path: Path) -> None:
    services = build_context(store)
    sample = sorted((corpus_dir / "pdfs").glob("*.pdf"))[:6]
    outcomes = services.importing.import_files(sample)
    assert [o.status for o in outcomes] == ["imported"] * len(sample)
    for outcome in outcomes:
        record = services.queries.get_invoice(outcome.invoice_id or 0)
        extracted = record.extraction
        deposit = record.deposit
        assert deposit.numeroFactureSaisi == extracted["invoice_number"]
        if extracted["total_ttc"] is not None:
            assert deposit.montantTtcTotal == abs(Decimal(extracted["total_ttc"]))
        assert sha256_of(services.queries.document_path(record.id)) == sha256_of(outcome.path)
        assert {p.field for p in record.problems} <= set(deposit.to_json()) | {None}


def test_a_paid_invoice_is_prepared_as_already_paid(store: Store, corpus_dir: Path,
                                                     services: AppContext, extractor: FakeExtractor,
                                                     pdfs: list[Path]) -> None:
    # A real invoice that says it was paid (oca-gandi: « payée par carte »), read by the real engine.
    context = build_context(store)
    [outcome] = context.importing.import_files([corpus_dir / "pdfs" / "oca-gandi.pdf"])
    deposit = context.queries.get_invoice(outcome.invoice_id or 0).deposit
    assert deposit.codeCadreFacturation == "A2_FACTURE_FOURNISSEUR_DEJA_PAYEE" and deposit.montantAPayer == 0
    # « Net à payer : 0,00 » under a total is a payment too; a zero total is not.
    extractor.by_name[pdfs[0].name] = {"invoice_number": "P-0", "amount_due": Decimal("0.00")}
    extractor.by_name[pdfs[1].name] = {"invoice_number": "P-1", "amount_due": Decimal("120.00")}
    paid, unpaid = (services.queries.get_invoice(import_one(services, pdf)).deposit for pdf in pdfs[:2])
    assert (paid.codeCadreFacturation, paid.montantAPayer) == ("A2_FACTURE_FOURNISSEUR_DEJA_PAYEE", 0)
    assert (unpaid.codeCadreFacturation, unpaid.montantAPayer) == ("A1_FACTURE_FOURNISSEUR", Decimal("120.00"))
