"""The rules on the deposit's own fields: cadre, destinataire and routing, fournisseur, références, date, montants, avoir."""

from __future__ import annotations

import re
from decimal import Decimal

from stdnum import iban as stdnum_iban
from stdnum.eu import vat as stdnum_vat
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret

from chorus_desktop.core.domain.deposit import CADRES, CADRES_WITH_VALIDATOR, Deposit
from chorus_desktop.core.domain.profile import Profile
from chorus_desktop.core.model import Problem
from chorus_desktop.core.validation.common import (
    CENT,
    FORBIDDEN_SERVICE_CODE,
    FRENCH_VAT_RATES,
    INVOICE_NUMBER_PATTERN,
    MAX_ENGAGEMENT,
    MAX_INVOICE_NUMBER,
    RECIPIENT_UNCHECKED,
    ValidationContext,
    block,
    cents,
    euros,
    rate_text,
    warn,
)

# --- cadre de facturation ---

def _cadre(deposit: Deposit, context: ValidationContext) -> list[Problem]:
    problems = []
    if deposit.codeCadreFacturation not in CADRES.values():
        problems.append(block("cadre_invalide", "Le cadre de facturation doit être A1, A2, A9 ou A12.",
                               "codeCadreFacturation"))
    if deposit.codeCadreFacturation in CADRES_WITH_VALIDATOR:
        if not deposit.codeStructureValideur:
            problems.append(block(
                "valideur_manquant",
                "Pour une facture de sous-traitant ou de cotraitant, indiquez le SIRET du valideur "
                "(le titulaire du marché).", "codeStructureValideur"))
        elif not stdnum_siret.is_valid(deposit.codeStructureValideur):
            problems.append(block("siret_valideur_invalide",
                                   "Le SIRET du valideur n'est pas valide (14 chiffres, clé de contrôle).",
                                   "codeStructureValideur"))
    return problems


# --- destinataire ---

def _recipient(deposit: Deposit, context: ValidationContext) -> list[Problem]:
    siret = deposit.codeDestinataire
    if not siret:
        return [block("destinataire_manquant", "Indiquez le SIRET du destinataire (la structure publique).",
                       "codeDestinataire")]
    if not re.fullmatch(r"\d{14}", siret):
        return [block("siret_destinataire_format", "Le SIRET du destinataire doit compter exactement 14 chiffres.",
                       "codeDestinataire")]
    if not stdnum_siret.is_valid(siret):
        return [block("siret_destinataire_invalide",
                       "Le SIRET du destinataire est invalide (la clé de contrôle ne correspond pas) : "
                       "vérifiez-le sur la facture ou dans l'annuaire Chorus Pro.", "codeDestinataire")]
    recipient = context.recipient
    if recipient is not None and recipient.active is False and recipient.chorus_structure_id is None:
        return [block("destinataire_introuvable",
                       "Ce SIRET est introuvable dans Chorus Pro : vérifiez-le sur la facture ou cherchez le "
                       "destinataire dans l'annuaire Chorus Pro.", "codeDestinataire")]
    if recipient is not None and recipient.active is False:
        return [block("destinataire_inactif",
                       "Ce destinataire est inactif dans Chorus Pro : il ne peut pas recevoir de factures.",
                       "codeDestinataire")]
    return []


def _routing(deposit: Deposit, context: ValidationContext) -> list[Problem]:
    problems = []
    service = (deposit.codeServiceExecutant or "").strip()
    engagement = (deposit.numeroBonCommande or "").strip()
    if service.upper() == FORBIDDEN_SERVICE_CODE:
        problems.append(block(
            "service_factures_publiques",
            "Le code service « FACTURES_PUBLIQUES » est réservé aux factures entre entités publiques : "
            "Chorus Pro le refuse pour un fournisseur. Indiquez le code service exécutant du destinataire.",
            "codeServiceExecutant"))
    if len(engagement) > MAX_ENGAGEMENT:
        problems.append(block("engagement_trop_long",
                               f"Le numéro d'engagement compte {len(engagement)} caractères : {MAX_ENGAGEMENT} au plus.",
                               "numeroBonCommande"))
    recipient = context.recipient
    if recipient is None or recipient.checked_at is None:
        # Only for a SIRET that could exist: a malformed one already has its own blocker.
        if deposit.codeDestinataire and stdnum_siret.is_valid(deposit.codeDestinataire):
            problems.append(warn(
                RECIPIENT_UNCHECKED,
                "Les paramètres Chorus Pro de ce destinataire (code service, numéro d'engagement obligatoires) "
                "n'ont pas encore été vérifiés : la facture sera « Prête » après cette vérification, faite dès "
                "que Chorus Pro répond (et juste avant l'envoi).",
                "codeDestinataire"))
        return problems
    if recipient.service_required and not service:
        problems.append(block("code_service_obligatoire",
                               "Ce destinataire exige un code service exécutant.", "codeServiceExecutant"))
    if recipient.engagement_required and not engagement:
        problems.append(block("engagement_obligatoire",
                               "Ce destinataire exige un numéro d'engagement (bon de commande).", "numeroBonCommande"))
    if recipient.service_or_engagement and not service and not engagement:
        problems.append(block("service_ou_engagement_obligatoire",
                               "Ce destinataire exige un code service ou un numéro d'engagement (au moins l'un des deux).",
                               "codeServiceExecutant"))
    if service and recipient.services and service.upper() != FORBIDDEN_SERVICE_CODE:
        known = recipient.service(service)
        if known is None:
            problems.append(block("code_service_inconnu",
                                   f"Le code service « {service} » n'existe pas chez ce destinataire.",
                                   "codeServiceExecutant"))
        elif not known.active:
            problems.append(block("code_service_inactif",
                                   f"Le service « {service} » est inactif chez ce destinataire.",
                                   "codeServiceExecutant"))
        elif known.engagement_required and not engagement and not recipient.engagement_required:
            problems.append(block("engagement_obligatoire_service",
                                   f"Le service « {service} » exige un numéro d'engagement.", "numeroBonCommande"))
    return problems


# --- fournisseur ---

def _supplier(deposit: Deposit, context: ValidationContext) -> list[Problem]:
    problems = []
    profile = context.profile
    if profile is None:
        return [block("profil_manquant",
                       "Choisissez le profil fournisseur pour lequel cette facture est déposée.", "idFournisseur")]
    if deposit.idFournisseur is None:
        problems.append(block(
            "identifiant_fournisseur_manquant",
            "L'identifiant Chorus Pro du fournisseur est inconnu : vérifiez la connexion du profil à Chorus Pro.",
            "idFournisseur"))
    other_company = _printed_supplier_of_another_company(context, profile)
    if other_company is not None and context.supplier_confirmed != other_company:
        problems.append(block("fournisseur_different", _other_supplier_message(context, profile), "idFournisseur"))
    on_invoice = context.supplier_siret_on_invoice
    if on_invoice:
        if not stdnum_siret.is_valid(on_invoice) and not (len(on_invoice) == 9 and stdnum_siren.is_valid(on_invoice)):
            problems.append(warn("siret_fournisseur_invalide",
                                  f"Le SIRET du fournisseur lu sur la facture ({on_invoice}) est invalide.",
                                  "idFournisseur"))
        elif other_company is None and len(on_invoice) == 14 and on_invoice != profile.siret:
            problems.append(warn(
                "siret_fournisseur_different",
                f"Le SIRET du fournisseur lu sur la facture ({on_invoice}) ne correspond pas à celui du profil "
                f"« {profile.name} » ({profile.siret}).", "idFournisseur"))
    if context.supplier_vat_on_invoice and not stdnum_vat.is_valid(context.supplier_vat_on_invoice):
        problems.append(warn("tva_fournisseur_invalide",
                              f"Le numéro de TVA intracommunautaire lu sur la facture "
                              f"({context.supplier_vat_on_invoice}) est invalide.", "idFournisseur"))
    if deposit.modePaiement == "VIREMENT":
        if context.iban_on_invoice and not stdnum_iban.is_valid(context.iban_on_invoice):
            problems.append(warn("iban_invalide", "L'IBAN lu sur la facture est invalide (clé de contrôle).",
                                  "codeCoordonneesBancairesFournisseur"))
        if deposit.codeCoordonneesBancairesFournisseur is None:
            problems.append(warn("coordonnees_bancaires_manquantes",
                                  "Paiement par virement sans coordonnées bancaires Chorus Pro choisies.",
                                  "codeCoordonneesBancairesFournisseur"))
    return problems


def _printed_supplier_of_another_company(context: ValidationContext, profile: Profile) -> str | None:
    """The printed supplier id (SIRET/SIREN, else VAT number) when it names another company than the
    profile's (another SIREN), else None. Another establishment of the same company is not another company."""
    # Check digits are not required: a printed number with a typo still names another company (its
    # invalid key is a warning of its own).
    siret = context.supplier_siret_on_invoice or ""
    if siret.isdigit() and len(siret) in (9, 14):
        return siret if siret[:9] != profile.siret[:9] else None
    vat = (context.supplier_vat_on_invoice or "").upper()
    if re.fullmatch(r"[A-Z]{2}[0-9A-Z]{2,13}", vat):
        if profile.vat_number:
            return vat if vat != profile.vat_number.upper() else None
        if vat.startswith("FR") and len(vat) == 13:
            return vat if vat[4:13] != profile.siret[:9] else None
    return None


def _other_supplier_message(context: ValidationContext, profile: Profile) -> str:
    siret = context.supplier_siret_on_invoice
    identifier = f"SIRET {siret}" if siret and len(siret) == 14 else (
        f"SIREN {siret}" if siret else f"TVA {context.supplier_vat_on_invoice}")
    printed = f"{context.supplier_name_on_invoice} ({identifier})" if context.supplier_name_on_invoice \
        else f"l'entreprise de {identifier}"
    return (f"Cette facture a été émise par {printed}, pas par {profile.name} (SIRET {profile.siret}) : "
            "rattachez-la au profil de son émetteur, ou confirmez que le fournisseur est bien celui du profil "
            "(« Confirmer le fournisseur »).")


# --- références ---

def _references(deposit: Deposit, context: ValidationContext) -> list[Problem]:
    problems = []
    number = (deposit.numeroFactureSaisi or "").strip()
    if not number:
        problems.append(block("numero_manquant", "Indiquez le numéro de la facture.", "numeroFactureSaisi"))
    else:
        if len(number) > MAX_INVOICE_NUMBER:
            problems.append(block("numero_trop_long",
                                   f"Le numéro de facture compte {len(number)} caractères : "
                                   f"{MAX_INVOICE_NUMBER} au plus.", "numeroFactureSaisi"))
        if not INVOICE_NUMBER_PATTERN.match(number):
            problems.append(block("numero_caracteres",
                                   "Le numéro de facture ne peut contenir que des lettres, des chiffres et - _ / +.",
                                   "numeroFactureSaisi"))
        if context.number_already_used:
            problems.append(block(
                "numero_deja_utilise",
                f"Le numéro « {number} » est déjà utilisé par une autre facture de ce fournisseur. Une facture "
                "rejetée doit être réémise sous un nouveau numéro.", "numeroFactureSaisi"))
    currency = (deposit.deviseFacture or "").strip()
    if not re.fullmatch(r"[A-Z]{3}", currency):
        problems.append(block("devise_invalide", "La devise doit être un code ISO à 3 lettres (EUR).",
                               "deviseFacture"))
    elif currency != "EUR":
        problems.append(warn("devise_etrangere", f"Facture en {currency} : Chorus Pro attend en général des euros.",
                              "deviseFacture"))
    if deposit.typeTva == "EXONERATION" and not deposit.motifExonerationTva:
        problems.append(warn("motif_exoneration_manquant", "Indiquez le motif d'exonération de TVA.",
                              "motifExonerationTva"))
    if deposit.typeFacture == "FACTURE" and not deposit.modePaiement:
        problems.append(warn("mode_paiement_manquant", "Indiquez le mode de règlement.", "modePaiement"))
    return problems


def _date(deposit: Deposit, context: ValidationContext) -> list[Problem]:
    if deposit.dateFacture is None:
        return [block("date_manquante", "Indiquez la date de la facture.", "dateFacture")]
    if deposit.dateFacture > context.today:
        return [block("date_future", "La date de la facture est dans le futur.", "dateFacture")]
    return []


# --- montants ---

def _amounts(deposit: Deposit, context: ValidationContext) -> list[Problem]:
    problems = []
    ht, tva, ttc = deposit.montantHtTotal, deposit.montantTVA, deposit.montantTtcTotal
    for value, name, wording in ((ht, "montantHtTotal", "le montant HT"), (tva, "montantTVA", "le montant de TVA"),
                                 (ttc, "montantTtcTotal", "le montant TTC")):
        if value is None:
            problems.append(block("montant_manquant", f"Indiquez {wording}.", name))
        elif value < 0:
            problems.append(block("montant_negatif",
                                   "Les montants se saisissent en positif, y compris pour un avoir.", name))
    if ht is not None and tva is not None and ttc is not None and cents(ht) + cents(tva) != cents(ttc):
        problems.append(block("total_incoherent",
                               f"HT + TVA ({euros(ht)} + {euros(tva)}) ne fait pas le TTC ({euros(ttc)}).",
                               "montantTtcTotal"))
    if deposit.typeTva in ("SANS_TVA", "EXONERATION") and tva is not None and tva != 0:
        problems.append(block("tva_non_nulle",
                               "Une facture sans TVA ou exonérée ne peut pas porter de montant de TVA.", "montantTVA"))
    discount = deposit.montantRemiseGlobaleTTC or Decimal(0)
    if discount < 0:
        problems.append(block("remise_negative", "La remise globale se saisit en positif.", "montantRemiseGlobaleTTC"))
    if discount and not (deposit.motifRemiseGlobaleTTC or "").strip():
        problems.append(block("motif_remise_manquant", "Indiquez le motif de la remise globale.",
                               "motifRemiseGlobaleTTC"))
    due = deposit.montantAPayer
    if due is None:
        problems.append(block("net_a_payer_manquant", "Indiquez le net à payer.", "montantAPayer"))
    elif deposit.codeCadreFacturation == CADRES["A2"]:
        if due != 0:
            problems.append(block("net_a_payer_deja_payee",
                                   "Une facture déjà payée (cadre A2) a un net à payer de 0.", "montantAPayer"))
    elif ttc is not None and cents(due) != cents(ttc) - cents(discount):
        expected = cents(ttc) - cents(discount)
        if 0 <= cents(due) < expected:
            # Chorus accepts a net à payer below TTC − remise when an acompte was already paid
            # (API-NOTES §12: montantAPayer = TTC − remise globale − déjà payé), so only ask to check.
            problems.append(warn("net_a_payer_acompte",
                                  f"Le net à payer ({euros(due)}) est inférieur au TTC moins la remise globale "
                                  f"({euros(expected)}) : vérifiez qu'un acompte de {euros(expected - cents(due))} "
                                  "a bien déjà été versé.", "montantAPayer"))
        else:
            problems.append(block("net_a_payer_incoherent",
                                   f"Le net à payer ({euros(due)}) devrait valoir le TTC moins la remise globale, "
                                   f"soit {euros(expected)}.", "montantAPayer"))
    return problems


def _vat_lines(deposit: Deposit, context: ValidationContext) -> list[Problem]:
    lines = deposit.ligneTva
    if not lines:
        if deposit.montantTVA:
            return [warn("lignes_tva_manquantes", "Ajoutez le détail de la TVA par taux.", "ligneTva")]
        return []
    problems = []
    for line in lines:
        if line.ligneTvaTauxManuel.normalize() not in FRENCH_VAT_RATES:
            problems.append(block("taux_tva_inconnu",
                                   f"Le taux de TVA {rate_text(line.ligneTvaTauxManuel)} % n'est pas un taux français.",
                                   "ligneTva"))
        expected = cents(line.ligneTvaMontantBaseHtParTaux * line.ligneTvaTauxManuel / 100)
        if abs(expected - cents(line.ligneTvaMontantTvaParTaux)) > CENT:
            problems.append(warn("ligne_tva_calcul",
                                  f"À {rate_text(line.ligneTvaTauxManuel)} %, la TVA sur {euros(line.ligneTvaMontantBaseHtParTaux)} "
                                  f"devrait être {euros(expected)}.", "ligneTva"))
    bases = sum((cents(line.ligneTvaMontantBaseHtParTaux) for line in lines), Decimal(0))
    amounts = sum((cents(line.ligneTvaMontantTvaParTaux) for line in lines), Decimal(0))
    if deposit.montantHtTotal is not None and bases != cents(deposit.montantHtTotal):
        problems.append(block("lignes_tva_base",
                               f"Le total des bases HT par taux ({euros(bases)}) ne fait pas le montant HT "
                               f"({euros(deposit.montantHtTotal)}).", "ligneTva"))
    if deposit.montantTVA is not None and amounts != cents(deposit.montantTVA):
        problems.append(block("lignes_tva_montant",
                               f"Le total de la TVA par taux ({euros(amounts)}) ne fait pas le montant de TVA "
                               f"({euros(deposit.montantTVA)}).", "ligneTva"))
    return problems


# --- avoir ---

def _credit_note(deposit: Deposit, context: ValidationContext) -> list[Problem]:
    if deposit.typeFacture != "AVOIR":
        return []
    problems = []
    if not (deposit.numeroFactureOrigine or "").strip():
        problems.append(block("facture_origine_manquante", "Un avoir doit indiquer le numéro de la facture d'origine.",
                               "numeroFactureOrigine"))
    if deposit.modePaiement:
        problems.append(block("avoir_mode_paiement", "Un avoir ne porte pas de mode de règlement.", "modePaiement"))
    return problems
