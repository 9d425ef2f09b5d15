"""A deposit pre-filled from what was read on the PDF, the supplier profile and the remembered recipient."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from chorus_desktop.core.domain.deposit import CADRES, Deposit, DepositVatLine
from chorus_desktop.core.domain.paid import looks_paid
from chorus_desktop.core.domain.profile import Profile
from chorus_desktop.core.domain.recipient import Recipient
from chorus_desktop.core.model import ExtractionResult, VatLine, format_rate


def _vat_type(regime: Any, default: str) -> str:
    text = str(regime or "").lower()
    if "encaissement" in text:
        return "TVA_SUR_ENCAISSEMENT"
    if "exon" in text or "exempt" in text or "293" in text:
        return "EXONERATION"
    if "debit" in text or "débit" in text:
        return "TVA_SUR_DEBIT"
    return default


def _payment_mode(means: Any, default: str | None) -> str | None:
    text = str(means or "").lower()
    for needle, mode in (("virement", "VIREMENT"), ("transfer", "VIREMENT"), ("30", "VIREMENT"),
                         ("58", "VIREMENT"), ("prélèvement", "PRELEVEMENT"), ("prelevement", "PRELEVEMENT"),
                         ("49", "PRELEVEMENT"), ("chèque", "CHEQUE"), ("cheque", "CHEQUE"), ("20", "CHEQUE"),
                         ("espèce", "ESPECE"), ("espece", "ESPECE")):
        if needle in text:
            return mode
    return default


def prefill_deposit(extraction: ExtractionResult, profile: Profile | None,
                    recipient: Recipient | None, routing: Mapping[str, str] | None = None, *,
                    paid_cadre: str | None = None) -> Deposit:
    """A deposit filled from what was read on the PDF and what the app already knows.

    `routing` is the routing the user chose for the buyer printed on this invoice (API names: SIRET
    destinataire, code service, numéro d'engagement, cadre): it wins, since the user corrected what the
    page said. Otherwise the invoice's own data wins; the recipient's remembered routing data (last
    code service, last numéro d'engagement) fills the gaps. Defaults for type de TVA and mode de
    règlement come from the supplier profile. `paid_cadre` is the cadre the user kept for an invoice of
    this supplier layout that looked paid (`domain.paid`): it replaces cadre A2 when this one looks paid too.
    """
    value = extraction.value
    deposit = Deposit()
    if profile is not None:
        deposit.idFournisseur = profile.chorus_supplier_id
        deposit.idServiceFournisseur = profile.chorus_service_id
        deposit.codeCoordonneesBancairesFournisseur = profile.chorus_bank_account_id
        deposit.typeTva = profile.default_vat_type
        deposit.modePaiement = profile.default_payment_mode

    deposit.numeroFactureSaisi = value("invoice_number")
    deposit.dateFacture = value("date")
    deposit.deviseFacture = (value("currency") or "EUR").upper()
    if value("document_type") == "credit_note":
        deposit.typeFacture = "AVOIR"
        deposit.numeroFactureOrigine = value("original_invoice_number")
        deposit.modePaiement = None  # an avoir carries no payment mode
    else:
        deposit.modePaiement = _payment_mode(value("payment_means"), deposit.modePaiement)
    deposit.typeTva = _vat_type(value("vat_regime"), deposit.typeTva)

    deposit.codeDestinataire = value("buyer_siret") or (recipient.siret if recipient else None)
    deposit.codeServiceExecutant = value("service_code") or (recipient.last_service_code if recipient else None)
    deposit.numeroBonCommande = value("po_number") or (recipient.last_engagement if recipient else None)
    deposit.numeroMarche = value("contract_number")
    for name, remembered in (routing or {}).items():
        if name in ("codeDestinataire", "codeServiceExecutant", "numeroBonCommande") and remembered:
            setattr(deposit, name, remembered)

    deposit.montantHtTotal = value("total_ht")
    deposit.montantTVA = value("total_tva")
    deposit.montantTtcTotal = value("total_ttc")
    breakdown: list[VatLine] = value("vat_breakdown") or []
    deposit.ligneTva = [DepositVatLine(Decimal(format_rate(line.rate)), line.base, line.amount) for line in breakdown]
    if deposit.typeFacture == "AVOIR":
        # Credit notes often print negative totals; Chorus Pro takes an avoir's amounts as positive numbers.
        for name in ("montantHtTotal", "montantTVA", "montantTtcTotal"):
            amount = getattr(deposit, name)
            if amount is not None:
                setattr(deposit, name, abs(amount))
        for line in deposit.ligneTva:
            line.ligneTvaMontantBaseHtParTaux = abs(line.ligneTvaMontantBaseHtParTaux)
            line.ligneTvaMontantTvaParTaux = abs(line.ligneTvaMontantTvaParTaux)
    paid = looks_paid(extraction.to_json()) is not None
    remembered_cadre = (routing or {}).get("codeCadreFacturation") or ""
    # A cadre remembered for the buyer (A9 sous-traitant...), but never A2 for an invoice that does not say it
    # is paid: « déjà payée » is about one invoice, not its buyer (memories taught before this rule hold A2).
    if remembered_cadre in CADRES.values() and (paid or remembered_cadre != CADRES["A2"]):
        deposit.codeCadreFacturation = remembered_cadre
    # An invoice that says it was paid (« acquittée », « Net à payer : 0,00 » under a total...) is deposited
    # in cadre A2 « facture déjà payée », unless the user chose another cadre for this supplier layout.
    if paid:
        deposit.codeCadreFacturation = (paid_cadre if paid_cadre is not None and paid_cadre in CADRES.values()
                                         else CADRES["A2"])
    due = value("amount_due")
    if paid and deposit.codeCadreFacturation == CADRES["A2"]:
        deposit.montantAPayer = Decimal("0.00")
    elif paid and not due:
        deposit.montantAPayer = deposit.montantTtcTotal  # to be paid after all: the total, not the zero printed
    else:
        deposit.montantAPayer = deposit.montantTtcTotal if due is None else (
            abs(due) if deposit.typeFacture == "AVOIR" else due)
    return deposit
