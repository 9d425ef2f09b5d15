"""Validation rules: each rule fires on its mistake, with the payload field name and the right severity."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from chorus_desktop.core.domain.deposit import CADRES, Deposit, DepositAttachment, DepositVatLine
from chorus_desktop.core.domain.profile import Profile
from chorus_desktop.core.domain.recipient import Recipient, RecipientService
from chorus_desktop.core.validation import (
    DocumentFacts, ValidationContext, is_blocking, profile_problems, validate_deposit,
)
from storekit import OTHER_SUPPLIER_SIRET, RECIPIENT_SIRET, SUPPLIER_SIRET

TODAY = dt.date(2024, 6, 1)
MB = 1024 * 1024


def good_deposit(**changes: object) -> Deposit:
    """A deposit that passes every rule: 150 HT over three French rates, 172,75 TTC."""
    deposit = Deposit(
        codeDestinataire=RECIPIENT_SIRET, codeServiceExecutant="SE01", idFournisseur=1234,
        codeCoordonneesBancairesFournisseur=99, numeroFactureSaisi="F2024-001", dateFacture=dt.date(2024, 5, 2),
        numeroBonCommande="EJ123", montantHtTotal=Decimal("150.00"), montantTVA=Decimal("22.75"),
        montantTtcTotal=Decimal("172.75"), montantAPayer=Decimal("172.75"),
        ligneTva=[DepositVatLine(Decimal("20"), Decimal("100.00"), Decimal("20.00")),
                  DepositVatLine(Decimal("5.5"), Decimal("50.00"), Decimal("2.75")),
                  DepositVatLine(Decimal("10"), Decimal("0.00"), Decimal("0.00"))],
        pieceJointePrincipale=DepositAttachment("facture.pdf", "a" * 64, 200_000),
    )
    return dataclasses.replace(deposit, **changes)  # type: ignore[arg-type]


PROFILE = Profile(id=1, name="ACME", siret=SUPPLIER_SIRET, chorus_supplier_id=1234)


def checked_recipient(**changes: object) -> Recipient:
    recipient = Recipient(id=1, siret=RECIPIENT_SIRET, name="Ministère", active=True, service_required=False,
                          engagement_required=False, service_or_engagement=False,
                          services=[RecipientService("SE01", "Service 1"), RecipientService("OLD", "Ancien", active=False),
                                    RecipientService("EJONLY", "Service EJ", engagement_required=True)],
                          checked_at=dt.datetime(2024, 5, 1, tzinfo=dt.timezone.utc))
    return dataclasses.replace(recipient, **changes)  # type: ignore[arg-type]


def context(**changes: object) -> ValidationContext:
    base = ValidationContext(today=TODAY, profile=PROFILE, recipient=checked_recipient(),
                             main_document=DocumentFacts(size=200_000, is_text_pdf=True),
                             supplier_siret_on_invoice=SUPPLIER_SIRET)
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def codes(deposit: Deposit, ctx: ValidationContext | None = None) -> dict[str, tuple[str | None, bool]]:
    return {p.code: (p.field, p.blocking) for p in validate_deposit(deposit, ctx or context())}


def test_a_correct_deposit_has_no_problem() -> None:
    assert validate_deposit(good_deposit(), context()) == []


def test_messages_are_french_sentences_and_blocking_first() -> None:
    problems = validate_deposit(good_deposit(codeDestinataire=None, modePaiement=None), context())
    assert problems[0].blocking and not problems[-1].blocking
    for problem in problems:
        assert problem.message[0].isupper() and problem.message.endswith(".")


@pytest.mark.parametrize(("changes", "code", "field"), [
    ({"codeDestinataire": None}, "destinataire_manquant", "codeDestinataire"),
    ({"codeDestinataire": "1100020110004"}, "siret_destinataire_format", "codeDestinataire"),
    ({"codeDestinataire": "11000201100045"}, "siret_destinataire_invalide", "codeDestinataire"),
    ({"codeServiceExecutant": "FACTURES_PUBLIQUES"}, "service_factures_publiques", "codeServiceExecutant"),
    ({"numeroBonCommande": "E" * 51}, "engagement_trop_long", "numeroBonCommande"),
    ({"numeroFactureSaisi": None}, "numero_manquant", "numeroFactureSaisi"),
    ({"numeroFactureSaisi": "F" * 21}, "numero_trop_long", "numeroFactureSaisi"),
    ({"numeroFactureSaisi": "F2024 001"}, "numero_caracteres", "numeroFactureSaisi"),
    ({"numeroFactureSaisi": "F2024#1"}, "numero_caracteres", "numeroFactureSaisi"),
    ({"dateFacture": None}, "date_manquante", "dateFacture"),
    ({"dateFacture": TODAY + dt.timedelta(days=1)}, "date_future", "dateFacture"),
    ({"montantTtcTotal": Decimal("172.76"), "montantAPayer": Decimal("172.76")}, "total_incoherent", "montantTtcTotal"),
    ({"montantHtTotal": None}, "montant_manquant", "montantHtTotal"),
    ({"montantAPayer": Decimal("1000")}, "net_a_payer_incoherent", "montantAPayer"),
    ({"montantAPayer": Decimal("-1")}, "net_a_payer_incoherent", "montantAPayer"),
    ({"montantAPayer": None}, "net_a_payer_manquant", "montantAPayer"),
    ({"codeCadreFacturation": CADRES["A2"]}, "net_a_payer_deja_payee", "montantAPayer"),
    ({"codeCadreFacturation": CADRES["A9"]}, "valideur_manquant", "codeStructureValideur"),
    ({"codeCadreFacturation": CADRES["A12"], "codeStructureValideur": "12345678901234"},
     "siret_valideur_invalide", "codeStructureValideur"),
    ({"typeFacture": "AVOIR", "modePaiement": None}, "facture_origine_manquante", "numeroFactureOrigine"),
    ({"typeFacture": "AVOIR", "numeroFactureOrigine": "F2024-000"}, "avoir_mode_paiement", "modePaiement"),
    ({"montantRemiseGlobaleTTC": Decimal("10"), "montantAPayer": Decimal("162.75")}, "motif_remise_manquant",
     "motifRemiseGlobaleTTC"),
    ({"typeTva": "SANS_TVA"}, "tva_non_nulle", "montantTVA"),
    ({"idFournisseur": None}, "identifiant_fournisseur_manquant", "idFournisseur"),
    ({"deviseFacture": "euro"}, "devise_invalide", "deviseFacture"),
    ({"pieceJointePrincipale": None}, "pdf_manquant", "pieceJointePrincipale"),
])
def test_blocking_rules(changes: dict[str, object], code: str, field: str) -> None:
    found = codes(good_deposit(**changes))
    assert found.get(code) == (field, True), found


def test_a_net_below_ttc_is_a_warning_about_an_acompte() -> None:
    # good_deposit() has TTC 172.75 and no discount: 100.00 to pay means 72.75 already paid.
    problems = [p for p in validate_deposit(good_deposit(montantAPayer=Decimal("100")), context())
                if p.field == "montantAPayer"]
    assert [(p.code, p.blocking) for p in problems] == [("net_a_payer_acompte", False)]
    assert "72,75" in problems[0].message


def test_number_charset_accepts_the_allowed_special_characters() -> None:
    assert "numero_caracteres" not in codes(good_deposit(numeroFactureSaisi="A-1_2/3+4"))


def test_date_today_is_accepted() -> None:
    assert "date_future" not in codes(good_deposit(dateFacture=TODAY))


def test_number_already_used_for_this_supplier() -> None:
    found = codes(good_deposit(), context(number_already_used=True))
    assert found["numero_deja_utilise"] == ("numeroFactureSaisi", True)


def test_totals_are_compared_to_the_cent() -> None:
    deposit = good_deposit(montantHtTotal=Decimal("150.004"))
    assert "total_incoherent" not in codes(deposit)


def test_vat_lines_must_sum_to_the_totals() -> None:
    lines = [DepositVatLine(Decimal("20"), Decimal("100.00"), Decimal("20.00")),
             DepositVatLine(Decimal("5.5"), Decimal("40.00"), Decimal("2.20"))]
    found = codes(good_deposit(ligneTva=lines))
    assert found["lignes_tva_base"] == ("ligneTva", True)
    assert found["lignes_tva_montant"] == ("ligneTva", True)


@pytest.mark.parametrize("rate", ["19.6", "7", "21", "16"])
def test_vat_rate_must_be_french(rate: str) -> None:
    base, amount = Decimal("100.00"), (Decimal("100.00") * Decimal(rate) / 100).quantize(Decimal("0.01"))
    deposit = good_deposit(ligneTva=[DepositVatLine(Decimal(rate), base, amount)], montantHtTotal=base,
                           montantTVA=amount, montantTtcTotal=base + amount, montantAPayer=base + amount)
    assert codes(deposit)["taux_tva_inconnu"] == ("ligneTva", True)


@pytest.mark.parametrize("rate", ["20", "10", "5.5", "2.1", "8.5", "13", "0.9", "1.05", "0"])
def test_french_rates_pass(rate: str) -> None:
    base, amount = Decimal("100.00"), (Decimal("100.00") * Decimal(rate) / 100).quantize(Decimal("0.01"))
    deposit = good_deposit(ligneTva=[DepositVatLine(Decimal(rate), base, amount)], montantHtTotal=base,
                           montantTVA=amount, montantTtcTotal=base + amount, montantAPayer=base + amount)
    assert validate_deposit(deposit, context()) == []


def test_net_to_pay_is_ttc_minus_global_discount() -> None:
    deposit = good_deposit(montantRemiseGlobaleTTC=Decimal("12.75"), motifRemiseGlobaleTTC="Remise fidélité",
                           montantAPayer=Decimal("160.00"))
    assert validate_deposit(deposit, context()) == []


def test_a2_already_paid_with_zero_to_pay_is_valid() -> None:
    assert validate_deposit(good_deposit(codeCadreFacturation=CADRES["A2"], montantAPayer=Decimal("0")), context()) == []


def test_a_credit_note_with_origin_and_no_payment_mode_is_valid() -> None:
    deposit = good_deposit(typeFacture="AVOIR", numeroFactureOrigine="F2024-000", modePaiement=None)
    assert validate_deposit(deposit, context()) == []


def test_valid_a9_with_validator() -> None:
    deposit = good_deposit(codeCadreFacturation=CADRES["A9"], codeStructureValideur=OTHER_SUPPLIER_SIRET)
    assert validate_deposit(deposit, context()) == []


# --- recipient parameters ---

def test_required_code_service() -> None:
    found = codes(good_deposit(codeServiceExecutant=None), context(recipient=checked_recipient(service_required=True)))
    assert found["code_service_obligatoire"] == ("codeServiceExecutant", True)


def test_required_engagement() -> None:
    found = codes(good_deposit(numeroBonCommande=None),
                  context(recipient=checked_recipient(engagement_required=True)))
    assert found["engagement_obligatoire"] == ("numeroBonCommande", True)


def test_service_or_engagement() -> None:
    ctx = context(recipient=checked_recipient(service_or_engagement=True))
    assert codes(good_deposit(codeServiceExecutant=None, numeroBonCommande=None), ctx)[
        "service_ou_engagement_obligatoire"][1] is True
    assert validate_deposit(good_deposit(codeServiceExecutant=None), ctx) == []
    assert validate_deposit(good_deposit(numeroBonCommande=None), ctx) == []


def test_services_known_by_chorus() -> None:
    assert codes(good_deposit(codeServiceExecutant="NOPE"))["code_service_inconnu"][1] is True
    assert codes(good_deposit(codeServiceExecutant="OLD"))["code_service_inactif"][1] is True
    assert codes(good_deposit(codeServiceExecutant="EJONLY", numeroBonCommande=None))[
        "engagement_obligatoire_service"] == ("numeroBonCommande", True)


def test_inactive_recipient() -> None:
    found_inactive = checked_recipient(active=False, chorus_structure_id=26000005)  # found, but inactive
    assert codes(good_deposit(), context(recipient=found_inactive))["destinataire_inactif"][1]


def test_a_siret_chorus_pro_does_not_know_is_introuvable_not_inactive() -> None:
    not_found = checked_recipient(active=False, chorus_structure_id=None, name=None, services=[])
    [problem] = [p for p in validate_deposit(good_deposit(), context(recipient=not_found))
                 if p.field == "codeDestinataire"]
    assert (problem.code, problem.blocking) == ("destinataire_introuvable", True)
    assert "introuvable dans Chorus Pro" in problem.message and "inactif" not in problem.message


def test_unchecked_recipient_only_warns_and_does_not_require_anything() -> None:
    found = codes(good_deposit(codeServiceExecutant=None, numeroBonCommande=None), context(recipient=None))
    assert found == {"parametres_destinataire_inconnus": ("codeDestinataire", False)}


# --- supplier ---

def test_an_invoice_printed_by_another_company_is_blocked_and_names_it() -> None:
    printed = context(supplier_siret_on_invoice=OTHER_SUPPLIER_SIRET, supplier_name_on_invoice="Autre SA")
    [problem] = [p for p in validate_deposit(good_deposit(), printed) if p.code == "fournisseur_different"]
    assert (problem.field, problem.blocking) == ("idFournisseur", True)
    assert problem.message.startswith(
        f"Cette facture a été émise par Autre SA (SIRET {OTHER_SUPPLIER_SIRET}), pas par {PROFILE.name} "
        f"(SIRET {PROFILE.siret})")
    # By VAT number alone too (a French VAT number carries the SIREN), and a typo in the key still counts.
    assert codes(good_deposit(), context(supplier_siret_on_invoice=None, supplier_vat_on_invoice="FR83552100554"))[
        "fournisseur_different"] == ("idFournisseur", True)
    assert codes(good_deposit(), context(supplier_siret_on_invoice=OTHER_SUPPLIER_SIRET[:13] + "9"))[
        "fournisseur_different"] == ("idFournisseur", True)


def test_a_confirmed_issuer_or_another_establishment_of_the_same_company_does_not_block() -> None:
    confirmed = context(supplier_siret_on_invoice=OTHER_SUPPLIER_SIRET, supplier_confirmed=OTHER_SUPPLIER_SIRET)
    assert not is_blocking(validate_deposit(good_deposit(), confirmed))
    other_establishment = "73282932010008"  # same SIREN as the profile, another NIC
    found = codes(good_deposit(), context(supplier_siret_on_invoice=other_establishment))
    assert found["siret_fournisseur_different"] == ("idFournisseur", False) and "fournisseur_different" not in found


def test_supplier_siren_of_the_profile_matches() -> None:
    assert validate_deposit(good_deposit(), context(supplier_siret_on_invoice=SUPPLIER_SIRET[:9])) == []


def test_no_profile_blocks() -> None:
    assert codes(good_deposit(), context(profile=None))["profil_manquant"] == ("idFournisseur", True)


def test_invalid_vat_and_iban_on_invoice_warn() -> None:
    found = codes(good_deposit(), context(supplier_vat_on_invoice="FR00732829320", iban_on_invoice="FR7630006000011234567890188"))
    assert found["tva_fournisseur_invalide"][1] is False
    assert found["iban_invalide"][1] is False
    ok = codes(good_deposit(), context(supplier_vat_on_invoice="FR44732829320", iban_on_invoice="FR7630006000011234567890189"))
    assert "tva_fournisseur_invalide" not in ok and "iban_invalide" not in ok


def test_profile_problems_use_check_digits() -> None:
    assert profile_problems(SUPPLIER_SIRET, "FR44732829320", "FR7630006000011234567890189") == []
    found = {p.field for p in profile_problems("73282932000075", "FR00732829320", "FR7630006000011234567890188")}
    assert found == {"siret", "vat_number", "iban"}


# --- documents ---

def test_scanned_pdf_blocks() -> None:
    found = codes(good_deposit(), context(main_document=DocumentFacts(size=1000, is_text_pdf=False)))
    assert found["pdf_image"] == ("pieceJointePrincipale", True)


def test_pdf_over_10_mb_blocks() -> None:
    found = codes(good_deposit(), context(main_document=DocumentFacts(size=10 * MB + 1, is_text_pdf=True)))
    assert found["pdf_trop_gros"] == ("pieceJointePrincipale", True)
    assert "pdf_trop_gros" not in codes(good_deposit(), context(main_document=DocumentFacts(size=10 * MB, is_text_pdf=True)))


def test_attachment_names_and_sizes() -> None:
    attachments = [DepositAttachment("b" * 47 + ".pdf", "b" * 64, 1000),
                   DepositAttachment("bon de livraison", "c" * 64, 1000),
                   DepositAttachment("photo.exe", "d" * 64, 1000),
                   DepositAttachment("gros.zip", "e" * 64, 11 * MB)]
    problems = validate_deposit(good_deposit(pieceJointeComplementaire=attachments), context())
    found = [(p.code, p.field, p.blocking) for p in problems]
    assert ("nom_piece_trop_long", "pieceJointeComplementaire", True) in found
    assert sum(1 for code, _, _ in found if code == "extension_piece") == 2
    assert ("piece_trop_grosse", "pieceJointeComplementaire", True) in found
    fine = [DepositAttachment("b" * 46 + ".pdf", "b" * 64, 1000)]
    assert validate_deposit(good_deposit(pieceJointeComplementaire=fine), context()) == []


def test_total_of_invoice_and_attachments_at_most_120_mb() -> None:
    attachments = [DepositAttachment(f"annexe{i}.pdf", f"{i:064d}", 10 * MB) for i in range(12)]
    found = codes(good_deposit(pieceJointeComplementaire=attachments))
    assert found["pieces_trop_grosses"] == ("pieceJointeComplementaire", True)
    assert "pieces_trop_grosses" not in codes(good_deposit(pieceJointeComplementaire=attachments[:11]))
