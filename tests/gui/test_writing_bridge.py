"""The writer's bridge: the profiles and known buyers, the core model for live totals, the preview."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from chorus_desktop.core.domain.recipient import RecipientService
from chorus_desktop.core.errors import UserFixableError
from chorus_desktop.gui.writing_bridge import WritingBridge, draft_model, totals_model
from chorus_desktop.sandbox.data import RECIPIENT_SERVICE_REQUIRED
from chorus_desktop.wiring import AppContext


def test_setup_lists_profiles_and_known_buyers_with_their_routing(context: AppContext) -> None:
    context.directory.save_recipient_parameters(RECIPIENT_SERVICE_REQUIRED, name="MINISTÈRE DE LA DÉMONSTRATION",
                                                services=[RecipientService("SERV-A", "Achats"),
                                                          RecipientService("OLD", "Fermé", active=False)])
    context.directory.remember_routing(RECIPIENT_SERVICE_REQUIRED, "SERV-A", "EJ-7")
    bridge = WritingBridge(context)
    setup = bridge.setup()
    [seller] = setup.sellers
    assert seller.party.siret and not seller.franchise
    [buyer] = setup.known_buyers
    assert (buyer.siret, buyer.name, buyer.services) == (RECIPIENT_SERVICE_REQUIRED, "MINISTÈRE DE LA DÉMONSTRATION",
                                                         [("SERV-A", "Achats")])
    assert bridge.last_routing(RECIPIENT_SERVICE_REQUIRED) == ("SERV-A", "EJ-7")
    assert bridge.last_routing("99986401000106") == ("", "")


def test_totals_come_from_the_core_model_and_the_preview_renders(context: AppContext, tmp_path: Path) -> None:
    bridge = WritingBridge(context)
    [seller] = bridge.setup().sellers
    spec = {"template": "defraiement", "period": {"start": "2025-01-01", "end": "2025-12-31"},
            "counts": [50] * 11 + [46], "unit_price": "0,025", "customer": {"name": ""}}
    model = totals_model(spec, seller)  # the customer is still being typed: the totals are there already
    assert (model.total_ht, model.total_tva, model.total_ttc) == (Decimal("14.90"), Decimal("2.98"), Decimal("17.88"))
    with pytest.raises(UserFixableError) as refused:
        draft_model(spec, seller)
    assert "customer.name" in refused.value.message
    page = bridge.render_preview(draft_model({**spec, "customer": {"name": "CPAM"}}, seller), tmp_path / "p.pdf")
    assert page.page_count == 1 and page.image.width() > 500
    assert (tmp_path / "p.pdf").read_bytes().startswith(b"%PDF")
