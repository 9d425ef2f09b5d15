"""Printed amounts and rates, in the formats real invoices use."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chorus_desktop.core.extraction.numbers import has_two_decimals, parse_amount, parse_rate


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 326,00", "1326.00"),
        ("1\u00a0326,00", "1326.00"),  # non-breaking space
        ("1\u202f326,00", "1326.00"),  # narrow non-breaking space
        ("1.234,56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("1'972.54", "1972.54"),
        ("2’250.00", "2250.00"),
        ("- 5,00", "-5.00"),
        ("-5,00 €", "-5.00"),
        ("5,00-", "-5.00"),
        ("−218,48", "-218.48"),
        ("(12.00)", "-12.00"),
        ("€12.50", "12.50"),
        ("45,00 EUR", "45.00"),
        ("CHF 2'250.00", "2250.00"),
        ("1 234 567,89", "1234567.89"),
        ("1.234.567,89", "1234567.89"),
        ("4485", "4485"),
        ("0,00", "0.00"),
        ("3.441.812", "3441812"),
    ],
)
def test_amounts_in_french_and_foreign_formats(text: str, expected: str) -> None:
    value = parse_amount(text)
    assert value == Decimal(expected)
    assert isinstance(value, Decimal)


@pytest.mark.parametrize(
    "text", ["", "abc", "20%", "1,2,3", "12-34", "2017-11-13", "26/05/2020", "12.", "-5,00-", "(5,00", "FR76"]
)
def test_what_is_not_one_amount_is_refused(text: str) -> None:
    assert parse_amount(text) is None


def test_a_very_long_text_is_refused_quickly() -> None:
    assert parse_amount("1" * 10_000 + ",00") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("20%", "20"), ("5,5 %", "5.5"), ("20,00%", "20"), ("2,1%", "2.1"), ("0.00%", "0"), ("10 %", "10")],
)
def test_rates(text: str, expected: str) -> None:
    rate = parse_rate(text)
    assert rate == Decimal(expected)
    assert str(rate) == expected  # written as on invoices: 20 and 5.5, never 2E+1


@pytest.mark.parametrize("text", ["20", "%", "abc %", "120%"])
def test_not_rates(text: str) -> None:
    assert parse_rate(text) is None


def test_two_decimals_tells_amounts_from_quantities() -> None:
    assert has_two_decimals("1 234,56 €")
    assert not has_two_decimals("1,5")
    assert not has_two_decimals("4485")
