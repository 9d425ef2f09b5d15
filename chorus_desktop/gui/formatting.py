"""How values read in French on screen: amounts, rates, dates (no Qt, no rule)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import cast

from chorus_desktop.core.domain.deposit import DepositVatLine
from chorus_desktop.core.model import VatLine


def format_amount(value: Decimal | None, currency: str = "EUR") -> str:
    """1234.5 -> "1 234,50 €" (French grouping with a narrow no-break space)."""
    if value is None:
        return ""
    text = f"{value:,.2f}".replace(",", "\u202f").replace(".", ",")
    return f"{text} €" if currency == "EUR" else f"{text} {currency}"


def format_date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def format_datetime(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone()
    return value.strftime("%d/%m/%Y %H:%M")


def amount_text(value: object) -> str:
    """An amount as the form shows it, without currency ("1 234,50"); empty for no value."""
    if value is None or value == "":
        return ""
    return format_amount(Decimal(str(value)), currency="").strip()


def rate_text(value: object) -> str:
    """A VAT rate as the form shows it: "20", "5,5"."""
    return format(Decimal(str(value)).normalize(), "f").replace(".", ",")


def vat_line_values(line: object) -> tuple[object, object, object]:
    """(rate, base, amount) of a core DepositVatLine, an extraction VatLine or a plain triple."""
    if isinstance(line, VatLine):
        return line.rate, line.base, line.amount
    if isinstance(line, DepositVatLine):
        return line.ligneTvaTauxManuel, line.ligneTvaMontantBaseHtParTaux, line.ligneTvaMontantTvaParTaux
    rate, base, amount = cast("tuple[object, object, object]", line)
    return rate, base, amount
