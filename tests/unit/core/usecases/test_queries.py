"""Reading: list, search, dashboard, payload."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from storekit import FakeExtractor
from usecasekit import TODAY, S, deposited, import_one, ready, recipient_checked  # noqa: F401

from chorus_desktop.core.model import VatLine
from chorus_desktop.wiring import AppContext


def test_list_search_dashboard_payload(services: AppContext, extractor: FakeExtractor, pdfs: list[Path]) -> None:
    extractor.by_name[pdfs[0].name] = {"invoice_number": "A-1", "date": dt.date(2024, 1, 5)}
    extractor.by_name[pdfs[1].name] = {"invoice_number": "B-2", "date": dt.date(2024, 3, 5),
                                       "total_ht": Decimal("1000"), "total_tva": Decimal("200"),
                                       "total_ttc": Decimal("1200"), "amount_due": Decimal("1200"),
                                       "vat_breakdown": [VatLine(Decimal("20"), Decimal("1000"), Decimal("200"))]}
    ids = [import_one(services, pdf) for pdf in pdfs[:2]]
    recipient_checked(services, str(services.queries.get_invoice(ids[1]).deposit.codeDestinataire))
    services.lifecycle.validate(ids[1])
    assert [s.invoice_number for s in services.queries.list_invoices()] == ["B-2", "A-1"]
    assert [s.invoice_number for s in services.queries.list_invoices(search="1200")] == ["B-2"]
    assert [s.invoice_number for s in services.queries.list_invoices(state=S.PRETE)] == ["B-2"]
    assert [s.invoice_number for s in services.queries.list_invoices(order_by="number", descending=False)] == ["A-1", "B-2"]
    dashboard = services.queries.dashboard()
    assert (dashboard[S.BROUILLON], dashboard[S.PRETE], dashboard[S.MISE_EN_PAIEMENT]) == (1, 1, 0)
    assert list(dashboard)[:3] == [S.BROUILLON, S.PRETE, S.ENVOI_EN_COURS]
    body = services.queries.payload(ids[1])
    assert body["numeroFactureSaisi"] == "B-2" and body["montantTotal"]["montantTtcTotal"] == 1200.0
