"""domain/paid.py: the one decision « this invoice looks paid », and the mention quoted from the page."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from chorus_desktop.core.domain.paid import PaidSign, looks_paid, printed_mention


@pytest.mark.parametrize(("extraction", "expected"), [
    ({"already_paid": True, "paid_mention": "Statut : payée"}, PaidSign("mention", printed="Statut : payée")),
    ({"already_paid": True}, PaidSign("mention")),
    ({"already_paid": False, "amount_due": "0.00", "total_ttc": "120.00"}, PaidSign("net_zero", ttc=Decimal(120))),
    ({"already_paid": False, "amount_due": "120.00", "total_ttc": "120.00"}, None),
    ({"amount_due": "0.00", "total_ttc": "0.00"}, None),  # a zero total is not a payment
    ({"amount_due": "0.00", "total_ttc": None}, None),
    ({"document_type": "credit_note", "amount_due": "0.00", "total_ttc": "120.00"}, None),
    ({}, None),
])
def test_what_says_an_invoice_is_paid(extraction: dict[str, Any], expected: PaidSign | None) -> None:
    assert looks_paid(extraction) == expected


def test_the_mention_is_the_words_printed_in_its_box_in_reading_order() -> None:
    words = [(1, 40.0, 100.0, 80.0, 110.0, "Facture"), (1, 85.0, 100.0, 130.0, 110.0, "acquittée."),
             (1, 40.0, 112.0, 70.0, 122.0, "Carte"), (1, 40.0, 300.0, 80.0, 310.0, "Total"),
             (2, 40.0, 100.0, 80.0, 110.0, "Ailleurs")]
    assert printed_mention(words, {"page": 1, "bbox": [40.0, 100.0, 130.0, 122.0]}) == "Facture acquittée. Carte"
    assert printed_mention(words, {"page": 1, "bbox": [40.0, 100.0, 130.0, 110.0]}) == "Facture acquittée"
    assert printed_mention(words, {"source": "xml"}) is None  # read from the Factur-X: no place on the page
    assert printed_mention(words, {"page": 1, "bbox": [300.0, 500.0, 400.0, 510.0]}) is None
