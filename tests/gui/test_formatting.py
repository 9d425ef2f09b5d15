"""French display of amounts, rates, dates and VAT lines (no Qt)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from chorus_desktop.core.domain.deposit import DepositVatLine
from chorus_desktop.core.model import VatLine
from chorus_desktop.gui.formatting import (
    amount_text,
    format_amount,
    format_date,
    format_datetime,
    rate_text,
    vat_line_values,
)


@pytest.mark.parametrize(("value", "currency", "expected"), [
    (Decimal("1234.5"), "EUR", "1\u202f234,50 €"),
    (Decimal(0), "EUR", "0,00 €"),
    (Decimal("1234567.891"), "USD", "1\u202f234\u202f567,89 USD"),
    (None, "EUR", ""),
])
def test_amounts_read_the_french_way(value: Decimal | None, currency: str, expected: str) -> None:
    assert format_amount(value, currency) == expected


def test_form_amounts_have_no_currency_and_empty_stays_empty() -> None:
    assert amount_text(Decimal("1234.5")) == "1\u202f234,50"
    assert amount_text("99.9") == "99,90"
    assert amount_text(None) == "" and amount_text("") == ""


def test_rates_drop_useless_zeros() -> None:
    assert rate_text(Decimal("20.00")) == "20"
    assert rate_text(Decimal("5.50")) == "5,5"
    assert rate_text("2.1") == "2,1"


def test_dates_and_times() -> None:
    assert format_date(dt.date(2024, 3, 2)) == "02/03/2024"
    assert format_date(None) == ""
    assert format_datetime(dt.datetime(2024, 3, 2, 9, 5)) == "02/03/2024 09:05"
    assert format_datetime(None) == ""


def test_vat_line_values_of_every_shape() -> None:
    rate, base, amount = Decimal(20), Decimal("100.00"), Decimal("20.00")
    assert vat_line_values(DepositVatLine(rate, base, amount)) == (rate, base, amount)
    assert vat_line_values(VatLine(rate, base, amount)) == (rate, base, amount)
    assert vat_line_values(("5.5", "10", "0.55")) == ("5.5", "10", "0.55")
