"""The deposit model: pre-filling from extraction + profile + remembered recipient, and parsing user input."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from storekit import RECIPIENT_SIRET, SUPPLIER_SIRET, make_extraction

from chorus_desktop.core.domain.deposit import Deposit, DepositAttachment
from chorus_desktop.core.domain.deposit_codec import deposit_from_json
from chorus_desktop.core.domain.deposit_input import apply_changes
from chorus_desktop.core.domain.prefill import prefill_deposit
from chorus_desktop.core.domain.profile import Profile
from chorus_desktop.core.domain.recipient import Recipient
from chorus_desktop.core.errors import UserFixableError

PROFILE = Profile(id=1, name="ACME", siret=SUPPLIER_SIRET, chorus_supplier_id=11, chorus_service_id=12,
                  chorus_bank_account_id=13, default_vat_type="TVA_SUR_ENCAISSEMENT", default_payment_mode="CHEQUE")
REMEMBERED = Recipient(id=1, siret=RECIPIENT_SIRET, last_service_code="SE-MEM", last_engagement="EJ-MEM")


def test_prefill_takes_profile_defaults_and_remembered_routing() -> None:
    deposit = prefill_deposit(make_extraction(Path("f.pdf")), PROFILE, REMEMBERED)
    assert (deposit.idFournisseur, deposit.idServiceFournisseur, deposit.codeCoordonneesBancairesFournisseur) == (
        11, 12, 13)
    assert (deposit.typeTva, deposit.modePaiement) == ("TVA_SUR_ENCAISSEMENT", "CHEQUE")
    assert (deposit.codeServiceExecutant, deposit.numeroBonCommande) == ("SE-MEM", "EJ-MEM")
    assert (deposit.numeroFactureSaisi, deposit.dateFacture, deposit.codeDestinataire) == (
        "F2024-001", dt.date(2024, 3, 15), RECIPIENT_SIRET)
    assert [(l.ligneTvaTauxManuel, l.ligneTvaMontantBaseHtParTaux) for l in deposit.ligneTva] == [
        (Decimal(20), Decimal("100.00"))]


def test_values_read_on_the_invoice_win_over_memory() -> None:
    extraction = make_extraction(Path("f.pdf"), service_code="SE-PDF", po_number="EJ-PDF", payment_means="Virement")
    deposit = prefill_deposit(extraction, PROFILE, REMEMBERED)
    assert (deposit.codeServiceExecutant, deposit.numeroBonCommande, deposit.modePaiement) == (
        "SE-PDF", "EJ-PDF", "VIREMENT")


def test_prefill_without_profile_or_recipient() -> None:
    deposit = prefill_deposit(make_extraction(Path("f.pdf"), buyer_siret=None), None, None)
    assert deposit.idFournisseur is None and deposit.codeDestinataire is None
    assert (deposit.typeTva, deposit.modePaiement, deposit.codeCadreFacturation) == (
        "TVA_SUR_DEBIT", "VIREMENT", "A1_FACTURE_FOURNISSEUR")


def test_apply_changes_parses_french_input() -> None:
    deposit = apply_changes(Deposit(), {
        "montantTtcTotal": "1 234,56", "montantHtTotal": "1.028,80", "dateFacture": "15/01/2024",
        "codeCadreFacturation": "a9", "typeTva": "exoneration", "codeDestinataire": "110 002 011 00044",
        "idFournisseur": "26123", "ligneTva": '[{"taux": "5,5", "base": "100", "tva": "5.50"}]',
    })
    assert deposit.montantTtcTotal == Decimal("1234.56") and deposit.montantHtTotal == Decimal("1028.80")
    assert deposit.dateFacture == dt.date(2024, 1, 15)
    assert deposit.codeCadreFacturation == "A9_FACTURE_SOUSTRAITANT" and deposit.typeTva == "EXONERATION"
    assert deposit.codeDestinataire == RECIPIENT_SIRET and deposit.idFournisseur == 26123
    assert deposit.ligneTva[0].ligneTvaTauxManuel == Decimal("5.5")
    cleared = apply_changes(deposit, {"numeroBonCommande": "", "ligneTva": ""})
    assert cleared.numeroBonCommande is None and cleared.ligneTva == []
    assert deposit.ligneTva  # the original is untouched


@pytest.mark.parametrize("changes", [
    {"typeFacture": ""}, {"modePaiement": "CARTE"}, {"codeCadreFacturation": "A3"}, {"montantTVA": "vingt"},
    {"dateFacture": "2024-02-30"}, {"ligneTva": '[{"taux": 20}]'}, {"inconnu": "1"}, {"idFournisseur": "12a"},
])
def test_apply_changes_refuses_bad_input_in_french(changes: dict[str, str]) -> None:
    with pytest.raises(UserFixableError) as caught:
        apply_changes(Deposit(), changes)
    assert caught.value.message.endswith(".") or caught.value.message.endswith(").")


def test_json_round_trip() -> None:
    deposit = prefill_deposit(make_extraction(Path("f.pdf")), PROFILE, REMEMBERED)
    deposit.pieceJointePrincipale = DepositAttachment("f.pdf", "a" * 64, 10, chorus_id=5)
    deposit.pieceJointeComplementaire = [DepositAttachment("b.pdf", "b" * 64, 3, type="AUTRE")]
    assert deposit_from_json(deposit.to_json()) == deposit


def test_a_remembered_a2_never_makes_an_unpaid_invoice_paid() -> None:
    a2, a9 = "A2_FACTURE_FOURNISSEUR_DEJA_PAYEE", "A9_FACTURE_SOUSTRAITANT"
    unpaid = make_extraction(Path("f.pdf"))
    # A buyer's routing taught on a paid invoice (memories from before the paid rule kept A2).
    deposit = prefill_deposit(unpaid, PROFILE, REMEMBERED, {"codeCadreFacturation": a2})
    assert deposit.codeCadreFacturation == "A1_FACTURE_FOURNISSEUR"
    assert deposit.montantAPayer == deposit.montantTtcTotal and deposit.montantAPayer > 0
    # Another cadre chosen for the buyer (sous-traitance) still applies.
    assert prefill_deposit(unpaid, PROFILE, REMEMBERED, {"codeCadreFacturation": a9}).codeCadreFacturation == a9
    # An invoice that says it is paid is A2 with a zero net, whatever the buyer's routing.
    paid = make_extraction(Path("g.pdf"), already_paid=True)
    deposit = prefill_deposit(paid, PROFILE, REMEMBERED, {"codeCadreFacturation": a2})
    assert (deposit.codeCadreFacturation, deposit.montantAPayer) == (a2, Decimal("0.00"))
