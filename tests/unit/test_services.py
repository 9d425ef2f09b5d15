"""AppContext: import, edit, validate, list, and the hooks the Chorus Pro part builds on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from chorus_desktop.core.errors import NotFoundError, UserFixableError
from chorus_desktop.core.model import ExtractionResult, Problem, VatLine
from chorus_desktop.core.paths import resolve_paths
from chorus_desktop.core.usecases.importing import short_designation
from chorus_desktop.wiring import AppContext, build_context
from chorus_desktop.core.states import InvalidTransitionError, InvoiceState
from chorus_desktop.core.store import Store
from chorus_desktop.core.store.documents import sha256_of
from chorus_desktop.core.domain.recipient import RecipientService
from storekit import OTHER_SUPPLIER_SIRET, RECIPIENT_SIRET, SUPPLIER_SIRET, FakeExtractor, unique_pdfs

S = InvoiceState
TODAY = dt.date(2024, 6, 1)


@pytest.fixture
def store(isolated_data_dir: Path) -> Iterator[Store]:
    opened = Store.open(resolve_paths(isolated_data_dir))
    yield opened
    opened.close()


@pytest.fixture
def extractor() -> FakeExtractor:
    return FakeExtractor()


@pytest.fixture
def services(store: Store, extractor: FakeExtractor) -> AppContext:
    svc = build_context(store, extractor=extractor, today=lambda: TODAY)
    svc.profiles.add_profile("ACME", SUPPLIER_SIRET, chorus_supplier_id=26123, chorus_bank_account_id=4411)
    return svc


@pytest.fixture
def pdfs(corpus_dir: Path, tmp_path: Path) -> list[Path]:
    return unique_pdfs(corpus_dir, tmp_path / "inbox", 3)


def import_one(services: AppContext, path: Path, **kwargs: object) -> int:
    [outcome] = services.importing.import_files([path], **kwargs)  # type: ignore[arg-type]
    assert outcome.status == "imported", outcome
    assert outcome.invoice_id is not None
    return outcome.invoice_id


def ready(services: AppContext, path: Path) -> int:
    invoice_id = import_one(services, path)
    assert not [p for p in services.lifecycle.validate(invoice_id) if p.blocking]
    assert services.queries.get_invoice(invoice_id).state is S.PRETE
    return invoice_id


def deposited(services: AppContext, path: Path, chorus_id: int = 9001) -> int:
    invoice_id = ready(services, path)
    services.lifecycle.mark_sending(invoice_id)
    services.lifecycle.record_deposit(invoice_id, chorus_invoice_id=chorus_id, status_code="DEPOSEE",
                            certificate_fingerprint="f00d")
    return invoice_id


# ------------------------------------------------------------------ import

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


# ------------------------------------------------------------------ edit and validate

def test_validate_moves_draft_to_ready_and_edits_back(services: AppContext, pdfs: list[Path]) -> None:
    invoice_id = ready(services, pdfs[0])
    record = services.editing.update_deposit(invoice_id, {"montantTtcTotal": "121,00"})
    assert record.state is S.BROUILLON
    assert {p.field for p in record.problems if p.blocking} == {"montantTtcTotal"}
    # 120 to pay on 121 TTC could be an acompte already paid: Chorus accepts it, we only warn.
    assert {(p.code, p.blocking) for p in record.problems if p.field == "montantAPayer"} == {
        ("net_a_payer_acompte", False)}
    record = services.editing.update_deposit(invoice_id, {"montantTtcTotal": "120.00"})
    assert record.state is S.BROUILLON  # fixing is not validating: the user validates explicitly
    assert not record.blocking_problems
    services.lifecycle.validate(invoice_id)
    states = [c.state for c in services.queries.history(invoice_id)]
    assert states == [S.BROUILLON, S.PRETE, S.BROUILLON, S.PRETE]


def test_invoice_number_unique_per_supplier(services: AppContext, extractor: FakeExtractor,
                                            pdfs: list[Path]) -> None:
    for pdf in pdfs[:2]:
        extractor.by_name[pdf.name] = {"invoice_number": "FA-1"}
    first, second = (import_one(services, pdf) for pdf in pdfs[:2])
    assert "numero_deja_utilise" in [p.code for p in services.lifecycle.validate(second)]
    record = services.editing.update_deposit(second, {"numeroFactureSaisi": "FA-2"})
    assert "numero_deja_utilise" not in [p.code for p in record.problems]
    assert "numero_deja_utilise" not in [p.code for p in services.lifecycle.validate(first)]


def test_second_invoice_to_the_same_customer_needs_no_typing(services: AppContext, pdfs: list[Path]) -> None:
    first = import_one(services, pdfs[0])
    services.editing.update_deposit(first, {"codeServiceExecutant": "SE01", "numeroBonCommande": "EJ-2024-5"})
    services.lifecycle.validate(first)
    second = services.queries.get_invoice(import_one(services, pdfs[1])).deposit
    assert (second.codeServiceExecutant, second.numeroBonCommande) == ("SE01", "EJ-2024-5")


def test_recipient_parameters_are_enforced(services: AppContext, pdfs: list[Path]) -> None:
    invoice_id = import_one(services, pdfs[0])
    services.directory.save_recipient_parameters(RECIPIENT_SIRET, name="Ministère", services=[RecipientService("SE01")],
                                       service_required=True, engagement_required=True, active=True)
    blocking = {p.code for p in services.lifecycle.validate(invoice_id) if p.blocking}
    assert {"code_service_obligatoire", "engagement_obligatoire"} <= blocking
    record = services.editing.update_deposit(invoice_id, {"codeServiceExecutant": "SE01", "numeroBonCommande": "EJ1"})
    assert not record.blocking_problems
    assert services.queries.list_invoices()[0].recipient_name == "Ministère"


def test_edit_rules_by_state(services: AppContext, pdfs: list[Path]) -> None:
    invoice_id = deposited(services, pdfs[0])
    with pytest.raises(UserFixableError):
        services.editing.update_deposit(invoice_id, {"commentaire": "trop tard"})
    services.lifecycle.apply_chorus_status(invoice_id, "A_RECYCLER", comment="Code service erroné")
    with pytest.raises(UserFixableError):
        services.editing.update_deposit(invoice_id, {"numeroFactureSaisi": "NOUVEAU"})
    record = services.editing.update_deposit(invoice_id, {"codeServiceExecutant": "SE02"})
    assert record.state is S.A_RECYCLER and record.deposit.codeServiceExecutant == "SE02"


def test_unknown_field_and_bad_values_are_french_errors(services: AppContext, pdfs: list[Path]) -> None:
    invoice_id = import_one(services, pdfs[0])
    for changes in ({"nope": "1"}, {"dateFacture": "32/13/2024"}, {"montantHtTotal": "abc"}, {"typeTva": "X"}):
        with pytest.raises(UserFixableError) as caught:
            services.editing.update_deposit(invoice_id, changes)
        assert caught.value.message
    with pytest.raises(NotFoundError):
        services.queries.get_invoice(999)


def test_attachments(services: AppContext, pdfs: list[Path], tmp_path: Path) -> None:
    invoice_id = import_one(services, pdfs[0])
    annex = tmp_path / "bon-de-livraison.pdf"
    annex.write_bytes(b"%PDF-1.4 annexe\n%%EOF\n")
    record = services.editing.add_attachment(invoice_id, annex, "BON_LIVRAISON")
    [attachment] = record.deposit.pieceJointeComplementaire
    assert attachment.designation == annex.name and services.queries.attachment_path(attachment).read_bytes() == annex.read_bytes()
    assert services.queries.payload(invoice_id)["pieceJointeComplementaire"][0]["pieceJointeComplementaireType"] == "BON_LIVRAISON"
    assert services.editing.remove_attachment(invoice_id, 0).deposit.pieceJointeComplementaire == []


def test_delete_a_draft_removes_its_files_but_not_shared_ones(services: AppContext, pdfs: list[Path],
                                                               tmp_path: Path) -> None:
    annex = tmp_path / "annexe.pdf"
    annex.write_bytes(b"%PDF-1.4 annexe commune\n%%EOF\n")
    first, second = import_one(services, pdfs[0]), import_one(services, pdfs[1])
    services.editing.add_attachment(first, annex)
    services.editing.add_attachment(second, annex)
    main_file = services.queries.document_path(first)
    [shared] = services.queries.get_invoice(first).deposit.pieceJointeComplementaire
    services.editing.delete_invoice(first)
    with pytest.raises(NotFoundError):
        services.queries.get_invoice(first)
    assert not main_file.exists()
    assert services.queries.attachment_path(shared).exists()  # still listed by the second invoice
    assert services.queries.dashboard()[S.BROUILLON] == 1
    assert services.store.db.conn.execute("SELECT count(*) FROM state_history WHERE invoice_id = ?",
                                          (first,)).fetchone()[0] == 0
    services.editing.delete_invoice(second)
    assert [p for p in services.store.documents.root.rglob("*") if p.is_file()] == []
    # The same file can be imported again afterwards.
    assert services.importing.import_files([pdfs[0]])[0].status == "imported"


def test_a_sent_invoice_cannot_be_deleted(services: AppContext, pdfs: list[Path]) -> None:
    invoice_id = deposited(services, pdfs[0])
    with pytest.raises(UserFixableError):
        services.editing.delete_invoice(invoice_id)
    assert services.queries.get_invoice(invoice_id).state is S.DEPOSEE


def test_short_designation_keeps_the_extension() -> None:
    name = "x" * 80 + ".pdf"
    assert short_designation(name) == "x" * 46 + ".pdf" and len(short_designation(name)) == 50
    assert short_designation("court.pdf") == "court.pdf"


# ------------------------------------------------------------------ reading

def test_list_search_dashboard_payload(services: AppContext, extractor: FakeExtractor, pdfs: list[Path]) -> None:
    extractor.by_name[pdfs[0].name] = {"invoice_number": "A-1", "date": dt.date(2024, 1, 5)}
    extractor.by_name[pdfs[1].name] = {"invoice_number": "B-2", "date": dt.date(2024, 3, 5),
                                       "total_ht": Decimal("1000"), "total_tva": Decimal("200"),
                                       "total_ttc": Decimal("1200"), "amount_due": Decimal("1200"),
                                       "vat_breakdown": [VatLine(Decimal("20"), Decimal("1000"), Decimal("200"))]}
    ids = [import_one(services, pdf) for pdf in pdfs[:2]]
    services.lifecycle.validate(ids[1])
    assert [s.invoice_number for s in services.queries.list_invoices()] == ["B-2", "A-1"]
    assert [s.invoice_number for s in services.queries.list_invoices(search="1200")] == ["B-2"]
    assert [s.invoice_number for s in services.queries.list_invoices(state=S.PRETE)] == ["B-2"]
    assert [s.invoice_number for s in services.queries.list_invoices(order_by="number", descending=False)] == ["A-1", "B-2"]
    dashboard = services.queries.dashboard()
    assert (dashboard[S.BROUILLON], dashboard[S.PRETE], dashboard[S.MISE_EN_PAIEMENT]) == (1, 1, 0)
    assert list(dashboard)[:3] == [S.BROUILLON, S.PRETE, S.ENVOI_EN_COURS]
    body = services.queries.payload(ids[1])
    assert body["numeroFactureSaisi"] == "B-2" and body["montantTotal"]["montantTtcTotal"] == 1200.0


# ------------------------------------------------------------------ Chorus Pro hooks

def test_sending_and_deposit_are_recorded_with_history(services: AppContext, pdfs: list[Path]) -> None:
    invoice_id = ready(services, pdfs[0])
    assert services.lifecycle.mark_sending(invoice_id).state is S.ENVOI_EN_COURS
    assert [r.id for r in services.queries.invoices_in_state(S.ENVOI_EN_COURS)] == [invoice_id]
    services.lifecycle.record_attachment_ids(invoice_id, 555)
    assert services.queries.payload(invoice_id)["pieceJointePrincipale"][0]["pieceJointePrincipaleId"] == 555
    moment = dt.datetime(2024, 6, 1, 9, 0, tzinfo=dt.timezone.utc)
    record = services.lifecycle.record_deposit(invoice_id, chorus_invoice_id=4242, status_code="DEPOSEE",
                                     certificate_fingerprint="abc123", deposited_at=moment)
    assert record.state is S.DEPOSEE
    assert (record.chorus.invoice_id, record.chorus.certificate_fingerprint, record.chorus.deposited_at) == (
        4242, "abc123", moment)
    assert services.queries.find_by_chorus_id(4242).id == invoice_id  # type: ignore[union-attr]
    assert [(c.state, c.source) for c in services.queries.history(invoice_id)] == [
        (S.BROUILLON, "local"), (S.PRETE, "local"), (S.ENVOI_EN_COURS, "local"), (S.DEPOSEE, "chorus")]
    assert [r.id for r in services.queries.invoices_to_poll()] == [invoice_id]
    with pytest.raises(InvalidTransitionError):
        services.lifecycle.mark_sending(invoice_id)  # never sent twice


def test_sending_a_draft_with_blocking_problems_is_refused(services: AppContext, extractor: FakeExtractor,
                                                           pdfs: list[Path]) -> None:
    extractor.by_name[pdfs[0].name] = {"invoice_number": "F 1"}
    invoice_id = import_one(services, pdfs[0])
    with pytest.raises(UserFixableError) as caught:
        services.lifecycle.mark_sending(invoice_id)
    assert "ne peut pas être envoyée" in caught.value.message
    assert services.queries.get_invoice(invoice_id).state is S.BROUILLON


def test_send_failure_and_recovery(services: AppContext, pdfs: list[Path]) -> None:
    invoice_id = ready(services, pdfs[0])
    services.lifecycle.mark_sending(invoice_id)
    record = services.lifecycle.record_send_failure(invoice_id, "Chorus Pro a refusé la facture : destinataire inconnu.")
    assert record.state is S.ERREUR_ENVOI
    assert services.queries.history(invoice_id)[-1].comment == "Chorus Pro a refusé la facture : destinataire inconnu."
    services.lifecycle.mark_sending(invoice_id)
    assert services.lifecycle.return_to_ready(invoice_id, "Rien n'est parti").state is S.PRETE


def test_chorus_statuses_follow_with_comments(services: AppContext, pdfs: list[Path]) -> None:
    invoice_id = deposited(services, pdfs[0])
    at = dt.datetime(2024, 6, 10, 14, 0, tzinfo=dt.timezone.utc)
    assert services.lifecycle.apply_chorus_status(invoice_id, "MISE_A_DISPOSITION", at=at)
    assert not services.lifecycle.apply_chorus_status(invoice_id, "MISE_A_DISPOSITION")  # nothing new
    assert services.lifecycle.apply_chorus_status(invoice_id, "STATUT_FUTUR_X")
    record = services.queries.get_invoice(invoice_id)
    assert record.state is S.AUTRE_STATUT_CHORUS and record.chorus.status_code == "STATUT_FUTUR_X"
    assert record.state_label == "STATUT_FUTUR_X"
    assert services.lifecycle.apply_chorus_status(invoice_id, "REJETEE", comment="Numéro d'engagement inconnu")
    last = services.queries.history(invoice_id)[-1]
    assert (last.state, last.source, last.comment) == (S.REJETEE, "chorus", "Numéro d'engagement inconnu")
    assert [c.at for c in services.queries.history(invoice_id) if c.state is S.MISE_A_DISPOSITION] == [at]
    assert services.queries.invoices_to_poll() == []  # final
    with pytest.raises(InvalidTransitionError):
        services.lifecycle.apply_chorus_status(invoice_id, "MISE_EN_PAIEMENT")
    assert services.queries.dashboard()[S.REJETEE] == 1


def test_chorus_status_refused_for_a_local_invoice(services: AppContext, pdfs: list[Path]) -> None:
    invoice_id = import_one(services, pdfs[0])
    with pytest.raises(InvalidTransitionError):
        services.lifecycle.apply_chorus_status(invoice_id, "DEPOSEE")


def test_last_sync_per_profile(services: AppContext) -> None:
    profile = services.profiles.list_profiles()[0]
    assert services.profiles.last_sync(profile.id) is None
    moment = dt.datetime(2024, 6, 1, 7, 0, tzinfo=dt.timezone.utc)
    services.profiles.set_last_sync(profile.id, moment)
    assert services.profiles.last_sync(profile.id) == moment


def test_new_chorus_ids_of_a_profile_reach_its_unsent_invoices(services: AppContext, pdfs: list[Path]) -> None:
    profile = services.profiles.list_profiles()[0]
    draft = import_one(services, pdfs[0])
    edited = import_one(services, pdfs[1])
    services.editing.update_deposit(edited, {"codeCoordonneesBancairesFournisseur": "777"})
    sent = deposited(services, pdfs[2])
    services.profiles.update_profile(profile.id, chorus_supplier_id=30000, chorus_bank_account_id=5000)
    assert (services.queries.get_invoice(draft).deposit.idFournisseur,
            services.queries.get_invoice(draft).deposit.codeCoordonneesBancairesFournisseur) == (30000, 5000)
    assert services.queries.get_invoice(edited).deposit.codeCoordonneesBancairesFournisseur == 777  # the user's choice
    assert services.queries.get_invoice(sent).deposit.idFournisseur == 26123  # what was sent stays as sent


def test_profiles_check_digits(services: AppContext) -> None:
    with pytest.raises(UserFixableError) as caught:
        services.profiles.add_profile("Faux", "73282932000075")
    assert "SIRET" in caught.value.message
    profile = services.profiles.add_profile("Ok", "552 100 554 00013", iban="FR76 3000 6000 0112 3456 7890 189",
                                   default_payment_mode="cheque")
    assert (profile.siret, profile.iban, profile.default_payment_mode) == (
        "55210055400013", "FR7630006000011234567890189", "CHEQUE")
    with pytest.raises(UserFixableError):
        services.profiles.update_profile(profile.id, iban="FR7630006000011234567890188")
    assert services.profiles.update_profile(profile.id, name="Ok bis").name == "Ok bis"


# ------------------------------------------------------------------ with the real extraction engine

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
