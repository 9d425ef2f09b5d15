"""Specs and parties for the invoice-writing tests (valid SIRET, VAT number and IBAN check digits)."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from typing import Any

from chorus_desktop.core.domain.written_invoice import Buyer, InvoiceDocument, Line, Origin, Party

SELLER_SIRET = "73282932000074"
SELLER_VAT = "FR44732829320"  # key of SIREN 732829320
SELLER_IBAN = "FR7630006000011234567890189"
BUYER_SIRET = "11000201100044"

SPEC: dict[str, Any] = {
    "date": "2026-03-02",
    "customer": {"name": "Ministère des essais", "siret": BUYER_SIRET,
                 "address": ["20 avenue de Ségur", "75007 Paris"], "code_service": "SE01", "engagement": "EJ-42"},
    "lines": [
        {"description": "Audit de sécurité — phase 1", "quantity": 3, "unit": "jour", "unit_price": "650", "vat_rate": 20},
        {"description": "Ouvrages techniques", "quantity": "2", "unit": "unité", "unit_price": "12,3456",
         "vat_rate": "5,5"},
    ],
    "payment_terms_days": 30,
    "note": "Merci de votre confiance.",
}

DEFRAIEMENT: dict[str, Any] = {
    "template": "defraiement",
    "date": "2026-12-31",
    "period": {"start": "2026-01-01", "end": "2026-12-31"},
    "counts": [55, 48, 52, 50, 47, 49, 51, 44, 50, 52, 49, 49],  # 596 invoices
    "customer": {"name": "I-SANTE", "siret": "55210055400013", "address": ["1 rue de la Santé", "75013 Paris"]},
}


def spec(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(SPEC)
    data.update(changes)
    return data


def seller() -> Party:
    return Party("ACME Conseil SARL", ("12 rue des Lilas", "69003 Lyon"), SELLER_SIRET, SELLER_VAT, "SARL", "10 000",
                 "Lyon B 732 829 320", SELLER_IBAN, "AGRIFRPP")


def document(kind: str = "FACTURE", lines: tuple[Line, ...] | None = None, number: str = "FA-2026-0001",
             **changes: Any) -> InvoiceDocument:
    buyer = Buyer("Ministère des essais", ("20 avenue de Ségur", "75007 Paris"), BUYER_SIRET,
                  code_service="SE01", engagement="EJ-42")
    origin = Origin("FA-2026-0007", dt.date(2026, 2, 3), "Facture rejetée par Chorus Pro") if kind == "AVOIR" else None
    default_lines = (Line("Audit de sécurité — phase 1", Decimal(3), Decimal(650), "jour", Decimal(20)),
                     Line("Ouvrages techniques", Decimal(2), Decimal("12.3456"), "unité", Decimal("5.5"),
                          discount=Decimal(1)))
    return InvoiceDocument(kind=kind, series="AV" if kind == "AVOIR" else "FA",  # type: ignore[arg-type]
                           issue_date=dt.date(2026, 3, 2), seller=seller(), buyer=buyer,
                           lines=lines or default_lines, origin=origin, number=number, **changes)
