"""Which extraction field feeds which deposit field (API name): the one copy of that table.

The form uses it to find where a value was read and which problems belong to which input; the
pre-fill (`prefill.py`) follows the same pairs.
"""

from __future__ import annotations

# Deposit (payload) field -> extraction field.
EXTRACTION_FIELD: dict[str, str] = {
    "numeroFactureSaisi": "invoice_number",
    "dateFacture": "date",
    "typeFacture": "document_type",
    "numeroFactureOrigine": "original_invoice_number",
    "montantHtTotal": "total_ht",
    "montantTVA": "total_tva",
    "montantTtcTotal": "total_ttc",
    "montantAPayer": "amount_due",
    "deviseFacture": "currency",
    "ligneTva": "vat_breakdown",
    "typeTva": "vat_regime",
    "codeDestinataire": "buyer_siret",
    "codeServiceExecutant": "service_code",
    "numeroBonCommande": "po_number",
    "numeroMarche": "contract_number",
    "modePaiement": "payment_means",
    "codeCadreFacturation": "already_paid",
}
PAYLOAD_FIELD: dict[str, str] = {v: k for k, v in EXTRACTION_FIELD.items()}
