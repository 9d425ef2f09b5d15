"""State moves and their history: validation, sending, deposit, Chorus statuses."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from storekit import RECIPIENT_SIRET, FakeExtractor
from usecasekit import TODAY, S, deposited, import_one, ready  # noqa: F401

from chorus_desktop.core.domain.recipient import RecipientService
from chorus_desktop.core.errors import UserFixableError
from chorus_desktop.core.states import InvalidTransitionError
from chorus_desktop.wiring import AppContext


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
