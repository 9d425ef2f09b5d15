"""Rules that catch, before sending, what Chorus Pro would reject or send back weeks later.

`validate_deposit(deposit, context)` is pure: everything it needs from the store (profile, remembered
recipient parameters, whether the number is already used, the PDF's facts) comes in `ValidationContext`.
Each `Problem` has a French message, `field` = the payload field name, and `blocking` (prevents sending)
or not (a warning). Sources for each rule: API-NOTES 12 and 16.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePath

from stdnum import iban as stdnum_iban
from stdnum.eu import vat as stdnum_vat
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret

from chorus_desktop.core.domain.deposit import CADRES, CADRES_WITH_VALIDATOR, Deposit, DepositAttachment
from chorus_desktop.core.domain.profile import Profile
from chorus_desktop.core.domain.recipient import Recipient
from chorus_desktop.core.model import Problem, format_rate

CENT = Decimal("0.01")
MEGABYTE = 1024 * 1024
MAX_PDF_BYTES = 10 * MEGABYTE
MAX_ATTACHMENT_BYTES = 10 * MEGABYTE
MAX_TOTAL_BYTES = 120 * MEGABYTE
MAX_ATTACHMENT_NAME = 50
MAX_INVOICE_NUMBER = 20
MAX_ENGAGEMENT = 50
FORBIDDEN_SERVICE_CODE = "FACTURES_PUBLIQUES"
INVOICE_NUMBER_PATTERN = re.compile(r"^[A-Za-z0-9\-_/+]+$")
# VAT rates in force in France: metropolitan, Corsica, overseas departments, and 0 for exempt lines.
FRENCH_VAT_RATES = frozenset(Decimal(rate) for rate in
                             ("0", "0.9", "1.05", "1.75", "2.1", "5.5", "8.5", "10", "13", "20"))
# Extensions Chorus Pro accepts for attachments (API-NOTES 5.3).
ALLOWED_EXTENSIONS = frozenset(
    ["BMP", "GIF", "FAX", "ODT", "PPT", "TIFF", "TIF", "XLS", "BZ2", "GZ", "JPEG", "JPG", "P7S", "RTF", "TXT", "XML", "CSV", "GZIP", "PDF", "SVG", "XHTML", "XLSX", "DOC", "HTM", "ODP", "PNG", "TGZ", "XLC", "ZIP", "DOCX", "HTML", "ODS", "PPS", "XLM", "PPTX", "XSD", "XSL"]
)


@dataclass(frozen=True)
class DocumentFacts:
    """What the store knows about the invoice PDF itself."""

    size: int
    is_text_pdf: bool | None  # None: not known


@dataclass(frozen=True)
class ValidationContext:
    today: dt.date
    profile: Profile | None = None
    recipient: Recipient | None = None
    number_already_used: bool = False
    main_document: DocumentFacts | None = None
    supplier_siret_on_invoice: str | None = None
    supplier_vat_on_invoice: str | None = None
    iban_on_invoice: str | None = None


def _block(code: str, message: str, field: str | None) -> Problem:
    return Problem(code=code, message=message, field=field, blocking=True)


def _warn(code: str, message: str, field: str | None) -> Problem:
    return Problem(code=code, message=message, field=field, blocking=False)


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT)


def _euros(value: Decimal) -> str:
    return f"{_cents(value):,.2f} €".replace(",", "\u202f").replace(".", ",")


def _rate(value: Decimal) -> str:
    return format_rate(value).replace(".", ",")


def validate_deposit(deposit: Deposit, context: ValidationContext) -> list[Problem]:
    """Every problem found in the deposit, blocking ones first, in form order within each group."""
    problems: list[Problem] = []
    for rule in (_cadre, _recipient, _routing, _supplier, _references, _date, _amounts, _vat_lines,
                 _credit_note, _attachments):
        problems.extend(rule(deposit, context))
    return sorted(problems, key=lambda p: not p.blocking)


def is_blocking(problems: list[Problem]) -> bool:
    return any(p.blocking for p in problems)


# --- cadre de facturation ---

def _cadre(deposit: Deposit, context: ValidationContext) -> list[Problem]:
    problems = []
    if deposit.codeCadreFacturation not in CADRES.values():
        problems.append(_block("cadre_invalide", "Le cadre de facturation doit être A1, A2, A9 ou A12.",
                               "codeCadreFacturation"))
    if deposit.codeCadreFacturation in CADRES_WITH_VALIDATOR:
        if not deposit.codeStructureValideur:
            problems.append(_block(
                "valideur_manquant",
                "Pour une facture de sous-traitant ou de cotraitant, indiquez le SIRET du valideur "
                "(le titulaire du marché).", "codeStructureValideur"))
        elif not stdnum_siret.is_valid(deposit.codeStructureValideur):
            problems.append(_block("siret_valideur_invalide",
                                   "Le SIRET du valideur n'est pas valide (14 chiffres, clé de contrôle).",
                                   "codeStructureValideur"))
    return problems


# --- destinataire ---

def _recipient(deposit: Deposit, context: ValidationContext) -> list[Problem]:
    siret = deposit.codeDestinataire
    if not siret:
        return [_block("destinataire_manquant", "Indiquez le SIRET du destinataire (la structure publique).",
                       "codeDestinataire")]
    if not re.fullmatch(r"\d{14}", siret):
        return [_block("siret_destinataire_format", "Le SIRET du destinataire doit compter exactement 14 chiffres.",
                       "codeDestinataire")]
    if not stdnum_siret.is_valid(siret):
        return [_block("siret_destinataire_invalide",
                       "Le SIRET du destinataire est invalide (la clé de contrôle ne correspond pas) : "
                       "vérifiez-le sur la facture ou dans l'annuaire Chorus Pro.", "codeDestinataire")]
    recipient = context.recipient
    if recipient is not None and recipient.active is False:
        return [_block("destinataire_inactif",
                       "Ce destinataire est inactif dans Chorus Pro : il ne peut pas recevoir de factures.",
                       "codeDestinataire")]
    return []


def _routing(deposit: Deposit, context: ValidationContext) -> list[Problem]:
    problems = []
    service = (deposit.codeServiceExecutant or "").strip()
    engagement = (deposit.numeroBonCommande or "").strip()
    if service.upper() == FORBIDDEN_SERVICE_CODE:
        problems.append(_block(
            "service_factures_publiques",
            "Le code service « FACTURES_PUBLIQUES » est réservé aux factures entre entités publiques : "
            "Chorus Pro le refuse pour un fournisseur. Indiquez le code service exécutant du destinataire.",
            "codeServiceExecutant"))
    if len(engagement) > MAX_ENGAGEMENT:
        problems.append(_block("engagement_trop_long",
                               f"Le numéro d'engagement compte {len(engagement)} caractères : {MAX_ENGAGEMENT} au plus.",
                               "numeroBonCommande"))
    recipient = context.recipient
    if recipient is None or recipient.checked_at is None:
        if deposit.codeDestinataire:
            problems.append(_warn(
                "parametres_destinataire_inconnus",
                "Les paramètres Chorus Pro de ce destinataire (code service, numéro d'engagement obligatoires) "
                "n'ont pas encore été vérifiés.", "codeDestinataire"))
        return problems
    if recipient.service_required and not service:
        problems.append(_block("code_service_obligatoire",
                               "Ce destinataire exige un code service exécutant.", "codeServiceExecutant"))
    if recipient.engagement_required and not engagement:
        problems.append(_block("engagement_obligatoire",
                               "Ce destinataire exige un numéro d'engagement (bon de commande).", "numeroBonCommande"))
    if recipient.service_or_engagement and not service and not engagement:
        problems.append(_block("service_ou_engagement_obligatoire",
                               "Ce destinataire exige un code service ou un numéro d'engagement (au moins l'un des deux).",
                               "codeServiceExecutant"))
    if service and recipient.services and service.upper() != FORBIDDEN_SERVICE_CODE:
        known = recipient.service(service)
        if known is None:
            problems.append(_block("code_service_inconnu",
                                   f"Le code service « {service} » n'existe pas chez ce destinataire.",
                                   "codeServiceExecutant"))
        elif not known.active:
            problems.append(_block("code_service_inactif",
                                   f"Le service « {service} » est inactif chez ce destinataire.",
                                   "codeServiceExecutant"))
        elif known.engagement_required and not engagement and not recipient.engagement_required:
            problems.append(_block("engagement_obligatoire_service",
                                   f"Le service « {service} » exige un numéro d'engagement.", "numeroBonCommande"))
    return problems


# --- fournisseur ---

def _supplier(deposit: Deposit, context: ValidationContext) -> list[Problem]:
    problems = []
    profile = context.profile
    if profile is None:
        return [_block("profil_manquant",
                       "Choisissez le profil fournisseur pour lequel cette facture est déposée.", "idFournisseur")]
    if deposit.idFournisseur is None:
        problems.append(_block(
            "identifiant_fournisseur_manquant",
            "L'identifiant Chorus Pro du fournisseur est inconnu : vérifiez la connexion du profil à Chorus Pro.",
            "idFournisseur"))
    on_invoice = context.supplier_siret_on_invoice
    if on_invoice:
        if not stdnum_siret.is_valid(on_invoice) and not (len(on_invoice) == 9 and stdnum_siren.is_valid(on_invoice)):
            problems.append(_warn("siret_fournisseur_invalide",
                                  f"Le SIRET du fournisseur lu sur la facture ({on_invoice}) est invalide.",
                                  "idFournisseur"))
        elif on_invoice[:9] != profile.siret[:9] or (len(on_invoice) == 14 and on_invoice != profile.siret):
            problems.append(_warn(
                "siret_fournisseur_different",
                f"Le SIRET du fournisseur lu sur la facture ({on_invoice}) ne correspond pas à celui du profil "
                f"« {profile.name} » ({profile.siret}).", "idFournisseur"))
    if context.supplier_vat_on_invoice and not stdnum_vat.is_valid(context.supplier_vat_on_invoice):
        problems.append(_warn("tva_fournisseur_invalide",
                              f"Le numéro de TVA intracommunautaire lu sur la facture "
                              f"({context.supplier_vat_on_invoice}) est invalide.", "idFournisseur"))
    if deposit.modePaiement == "VIREMENT":
        if context.iban_on_invoice and not stdnum_iban.is_valid(context.iban_on_invoice):
            problems.append(_warn("iban_invalide", "L'IBAN lu sur la facture est invalide (clé de contrôle).",
                                  "codeCoordonneesBancairesFournisseur"))
        if deposit.codeCoordonneesBancairesFournisseur is None:
            problems.append(_warn("coordonnees_bancaires_manquantes",
                                  "Paiement par virement sans coordonnées bancaires Chorus Pro choisies.",
                                  "codeCoordonneesBancairesFournisseur"))
    return problems


# --- références ---

def _references(deposit: Deposit, context: ValidationContext) -> list[Problem]:
    problems = []
    number = (deposit.numeroFactureSaisi or "").strip()
    if not number:
        problems.append(_block("numero_manquant", "Indiquez le numéro de la facture.", "numeroFactureSaisi"))
    else:
        if len(number) > MAX_INVOICE_NUMBER:
            problems.append(_block("numero_trop_long",
                                   f"Le numéro de facture compte {len(number)} caractères : "
                                   f"{MAX_INVOICE_NUMBER} au plus.", "numeroFactureSaisi"))
        if not INVOICE_NUMBER_PATTERN.match(number):
            problems.append(_block("numero_caracteres",
                                   "Le numéro de facture ne peut contenir que des lettres, des chiffres et - _ / +.",
                                   "numeroFactureSaisi"))
        if context.number_already_used:
            problems.append(_block(
                "numero_deja_utilise",
                f"Le numéro « {number} » est déjà utilisé par une autre facture de ce fournisseur. Une facture "
                "rejetée doit être réémise sous un nouveau numéro.", "numeroFactureSaisi"))
    currency = (deposit.deviseFacture or "").strip()
    if not re.fullmatch(r"[A-Z]{3}", currency):
        problems.append(_block("devise_invalide", "La devise doit être un code ISO à 3 lettres (EUR).",
                               "deviseFacture"))
    elif currency != "EUR":
        problems.append(_warn("devise_etrangere", f"Facture en {currency} : Chorus Pro attend en général des euros.",
                              "deviseFacture"))
    if deposit.typeTva == "EXONERATION" and not deposit.motifExonerationTva:
        problems.append(_warn("motif_exoneration_manquant", "Indiquez le motif d'exonération de TVA.",
                              "motifExonerationTva"))
    if deposit.typeFacture == "FACTURE" and not deposit.modePaiement:
        problems.append(_warn("mode_paiement_manquant", "Indiquez le mode de règlement.", "modePaiement"))
    return problems


def _date(deposit: Deposit, context: ValidationContext) -> list[Problem]:
    if deposit.dateFacture is None:
        return [_block("date_manquante", "Indiquez la date de la facture.", "dateFacture")]
    if deposit.dateFacture > context.today:
        return [_block("date_future", "La date de la facture est dans le futur.", "dateFacture")]
    return []


# --- montants ---

def _amounts(deposit: Deposit, context: ValidationContext) -> list[Problem]:
    problems = []
    ht, tva, ttc = deposit.montantHtTotal, deposit.montantTVA, deposit.montantTtcTotal
    for value, name, wording in ((ht, "montantHtTotal", "le montant HT"), (tva, "montantTVA", "le montant de TVA"),
                                 (ttc, "montantTtcTotal", "le montant TTC")):
        if value is None:
            problems.append(_block("montant_manquant", f"Indiquez {wording}.", name))
        elif value < 0:
            problems.append(_block("montant_negatif",
                                   "Les montants se saisissent en positif, y compris pour un avoir.", name))
    if ht is not None and tva is not None and ttc is not None and _cents(ht) + _cents(tva) != _cents(ttc):
        problems.append(_block("total_incoherent",
                               f"HT + TVA ({_euros(ht)} + {_euros(tva)}) ne fait pas le TTC ({_euros(ttc)}).",
                               "montantTtcTotal"))
    if deposit.typeTva in ("SANS_TVA", "EXONERATION") and tva is not None and tva != 0:
        problems.append(_block("tva_non_nulle",
                               "Une facture sans TVA ou exonérée ne peut pas porter de montant de TVA.", "montantTVA"))
    discount = deposit.montantRemiseGlobaleTTC or Decimal(0)
    if discount < 0:
        problems.append(_block("remise_negative", "La remise globale se saisit en positif.", "montantRemiseGlobaleTTC"))
    if discount and not (deposit.motifRemiseGlobaleTTC or "").strip():
        problems.append(_block("motif_remise_manquant", "Indiquez le motif de la remise globale.",
                               "motifRemiseGlobaleTTC"))
    due = deposit.montantAPayer
    if due is None:
        problems.append(_block("net_a_payer_manquant", "Indiquez le net à payer.", "montantAPayer"))
    elif deposit.codeCadreFacturation == CADRES["A2"]:
        if due != 0:
            problems.append(_block("net_a_payer_deja_payee",
                                   "Une facture déjà payée (cadre A2) a un net à payer de 0.", "montantAPayer"))
    elif ttc is not None and _cents(due) != _cents(ttc) - _cents(discount):
        expected = _cents(ttc) - _cents(discount)
        if 0 <= _cents(due) < expected:
            # Chorus accepts a net à payer below TTC − remise when an acompte was already paid
            # (API-NOTES §12: montantAPayer = TTC − remise globale − déjà payé), so only ask to check.
            problems.append(_warn("net_a_payer_acompte",
                                  f"Le net à payer ({_euros(due)}) est inférieur au TTC moins la remise globale "
                                  f"({_euros(expected)}) : vérifiez qu'un acompte de {_euros(expected - _cents(due))} "
                                  "a bien déjà été versé.", "montantAPayer"))
        else:
            problems.append(_block("net_a_payer_incoherent",
                                   f"Le net à payer ({_euros(due)}) devrait valoir le TTC moins la remise globale, "
                                   f"soit {_euros(expected)}.", "montantAPayer"))
    return problems


def _vat_lines(deposit: Deposit, context: ValidationContext) -> list[Problem]:
    lines = deposit.ligneTva
    if not lines:
        if deposit.montantTVA:
            return [_warn("lignes_tva_manquantes", "Ajoutez le détail de la TVA par taux.", "ligneTva")]
        return []
    problems = []
    for line in lines:
        if line.ligneTvaTauxManuel.normalize() not in FRENCH_VAT_RATES:
            problems.append(_block("taux_tva_inconnu",
                                   f"Le taux de TVA {_rate(line.ligneTvaTauxManuel)} % n'est pas un taux français.",
                                   "ligneTva"))
        expected = _cents(line.ligneTvaMontantBaseHtParTaux * line.ligneTvaTauxManuel / 100)
        if abs(expected - _cents(line.ligneTvaMontantTvaParTaux)) > CENT:
            problems.append(_warn("ligne_tva_calcul",
                                  f"À {_rate(line.ligneTvaTauxManuel)} %, la TVA sur {_euros(line.ligneTvaMontantBaseHtParTaux)} "
                                  f"devrait être {_euros(expected)}.", "ligneTva"))
    bases = sum((_cents(line.ligneTvaMontantBaseHtParTaux) for line in lines), Decimal(0))
    amounts = sum((_cents(line.ligneTvaMontantTvaParTaux) for line in lines), Decimal(0))
    if deposit.montantHtTotal is not None and bases != _cents(deposit.montantHtTotal):
        problems.append(_block("lignes_tva_base",
                               f"Le total des bases HT par taux ({_euros(bases)}) ne fait pas le montant HT "
                               f"({_euros(deposit.montantHtTotal)}).", "ligneTva"))
    if deposit.montantTVA is not None and amounts != _cents(deposit.montantTVA):
        problems.append(_block("lignes_tva_montant",
                               f"Le total de la TVA par taux ({_euros(amounts)}) ne fait pas le montant de TVA "
                               f"({_euros(deposit.montantTVA)}).", "ligneTva"))
    return problems


# --- avoir ---

def _credit_note(deposit: Deposit, context: ValidationContext) -> list[Problem]:
    if deposit.typeFacture != "AVOIR":
        return []
    problems = []
    if not (deposit.numeroFactureOrigine or "").strip():
        problems.append(_block("facture_origine_manquante", "Un avoir doit indiquer le numéro de la facture d'origine.",
                               "numeroFactureOrigine"))
    if deposit.modePaiement:
        problems.append(_block("avoir_mode_paiement", "Un avoir ne porte pas de mode de règlement.", "modePaiement"))
    return problems


# --- pièces jointes ---

def _attachment_name(attachment: DepositAttachment, field: str) -> list[Problem]:
    problems = []
    name = attachment.designation
    if len(name) > MAX_ATTACHMENT_NAME:
        problems.append(_block("nom_piece_trop_long",
                               f"Le nom de la pièce jointe « {name} » dépasse {MAX_ATTACHMENT_NAME} caractères.", field))
    extension = PurePath(name).suffix.lstrip(".").upper()
    if not extension or extension not in ALLOWED_EXTENSIONS:
        problems.append(_block("extension_piece",
                               f"La pièce jointe « {name} » doit avoir une extension admise par Chorus Pro "
                               "(PDF, JPG, PNG, XML, ZIP, DOCX, XLSX...).", field))
    return problems


def _attachments(deposit: Deposit, context: ValidationContext) -> list[Problem]:
    problems = []
    main = deposit.pieceJointePrincipale
    if main is None:
        return [_block("pdf_manquant", "La facture n'a pas de PDF à déposer.", "pieceJointePrincipale")]
    problems.extend(_attachment_name(main, "pieceJointePrincipale"))
    facts = context.main_document
    size = facts.size if facts is not None else main.size
    if size > MAX_PDF_BYTES:
        problems.append(_block("pdf_trop_gros", "Le PDF de la facture dépasse 10 Mo : Chorus Pro le refuse.",
                               "pieceJointePrincipale"))
    if facts is not None and facts.is_text_pdf is False:
        problems.append(_block("pdf_image",
                               "Le PDF est une image (scan) sans texte : déposez le PDF produit par le logiciel "
                               "de facturation.", "pieceJointePrincipale"))
    total = size
    for attachment in deposit.pieceJointeComplementaire:
        problems.extend(_attachment_name(attachment, "pieceJointeComplementaire"))
        if attachment.size > MAX_ATTACHMENT_BYTES:
            problems.append(_block("piece_trop_grosse",
                                   f"La pièce jointe « {attachment.designation} » dépasse 10 Mo.",
                                   "pieceJointeComplementaire"))
        total += attachment.size
    if total > MAX_TOTAL_BYTES:
        problems.append(_block("pieces_trop_grosses",
                               "La facture et ses pièces jointes dépassent 120 Mo au total.",
                               "pieceJointeComplementaire"))
    return problems


# --- profile values ---

def profile_problems(siret: str | None, vat_number: str | None = None, iban: str | None = None) -> list[Problem]:
    """Check digits of a supplier profile's identifiers (all blocking: a profile must be right)."""
    problems = []
    if not siret or not stdnum_siret.is_valid(siret):
        problems.append(_block("siret_profil_invalide",
                               "Le SIRET du fournisseur est invalide (14 chiffres, clé de contrôle).", "siret"))
    if vat_number and not stdnum_vat.is_valid(vat_number):
        problems.append(_block("tva_profil_invalide", "Le numéro de TVA intracommunautaire est invalide.",
                               "vat_number"))
    if iban and not stdnum_iban.is_valid(iban):
        problems.append(_block("iban_profil_invalide", "L'IBAN est invalide (clé de contrôle).", "iban"))
    return problems
