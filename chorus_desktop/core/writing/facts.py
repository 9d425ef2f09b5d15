"""What a written document says, as an extraction result: the invoice enters the normal flow pre-filled
from its own data (every field `high`, source "xml": structured data, no reading guesswork)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from chorus_desktop.core.domain.written_invoice import FRANCHISE_REASON, InvoiceDocument
from chorus_desktop.core.model import ExtractionResult, FieldValue, VatLine


def extraction_of(doc: InvoiceDocument, path: Path, page_count: int) -> ExtractionResult:
    vat_totals = doc.vat_totals
    exempt = all(vat.rate == 0 for vat in vat_totals)
    values: dict[str, Any] = {
        "invoice_number": doc.number,
        "date": doc.issue_date,
        "document_type": "credit_note" if doc.kind == "AVOIR" else "invoice",
        "original_invoice_number": doc.origin.number if doc.origin else None,
        "total_ht": doc.total_ht,
        "total_tva": doc.total_tva,
        "total_ttc": doc.total_ttc,
        "amount_due": doc.total_ttc,
        "currency": doc.currency,
        "vat_breakdown": [VatLine(vat.rate, vat.base, vat.amount) for vat in vat_totals],
        "vat_rates": sorted({vat.rate for vat in vat_totals}, reverse=True),
        "vat_regime": ("franchise 293 B" if any(v.exemption == FRANCHISE_REASON for v in vat_totals) else
                       "exonération") if exempt else None,
        "supplier_name": doc.seller.name,
        "supplier_siret": doc.seller.siret,
        "supplier_vat": doc.seller.vat_number,
        "buyer": doc.buyer.name,
        "buyer_siret": doc.buyer.siret,
        "service_code": doc.buyer.code_service,
        "po_number": doc.buyer.engagement,
        "iban": doc.seller.iban if doc.kind == "FACTURE" else None,
        "payment_means": "VIREMENT" if doc.kind == "FACTURE" and doc.seller.iban else None,
    }
    fields = {name: FieldValue(value, "high", "xml") for name, value in values.items()
              if value is not None and value != []}
    return ExtractionResult(file=path, fields=fields, page_count=page_count, has_embedded_xml=True)
