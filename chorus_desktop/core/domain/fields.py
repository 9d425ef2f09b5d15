"""Which extraction field feeds which deposit field (API name): the one copy of that table.

The form uses it to find where a value was read and which problems belong to which input; the
pre-fill (`prefill.py`) follows the same pairs.
"""

from __future__ import annotations

from typing import Any

from chorus_desktop.core.model import BoundingBox

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


def doubtful_fields(extraction: dict[str, Any]) -> set[str]:
    """Deposit fields whose value was read with low confidence (stored extraction JSON).

    "Not marked as paid" is the default cadre A1, not a value read on the page: flagging it as doubtful
    on every invoice would only teach users to ignore the marks.
    """
    return {PAYLOAD_FIELD.get(name, name) for name, level in (extraction.get("confidence") or {}).items()
            if level == "low" and not (name == "already_paid" and not extraction.get("already_paid"))}


def read_positions(extraction: dict[str, Any]) -> dict[str, tuple[int, BoundingBox]]:
    """Where each deposit field's value was read: (page, box), for the preview's highlight."""
    sources: dict[str, tuple[int, BoundingBox]] = {}
    for name, where in (extraction.get("sources") or {}).items():
        if where.get("page") and where.get("bbox"):
            sources[PAYLOAD_FIELD.get(name, name)] = (int(where["page"]), BoundingBox(*where["bbox"]))
    return sources
