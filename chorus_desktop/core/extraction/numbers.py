"""Amounts and rates as printed on invoices, in French and foreign formats.

`parse_amount` reads one printed amount (`1 326,00`, `1.234,56`, `1,234.56`, `1'972.54`, `- 5,00`,
`-5,00 €`, `5,00-`, `(12.00)`) into a `Decimal`. It returns None for anything that is not exactly one
amount, so callers can feed it candidate words without guarding. No float ever touches the value.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# Characters used as thousands separators: normal, non-breaking and narrow non-breaking spaces,
# apostrophes (Swiss), plus the thin space some generators use.
_GROUP_SPACES = " \u00a0\u202f\u2009\u2007"
_APOSTROPHES = "'’‘`´"
_MINUS = "-−–‑"
# Currency marks that may be glued to an amount; removed before reading the digits.
_CURRENCY_RE = re.compile(r"(?i)(?:eur(?:os?)?|chf|usd|gbp|us\$|[€$£¥]|fr\.)")
# After removing currency marks and spaces: optional sign, digits with separators, optional sign.
_SHAPE_RE = re.compile(r"^([+\-(]?)(\d[\d.,']*)([\-)]?)$")
_RATE_RE = re.compile(r"^(\d{1,2}(?:[.,]\d{1,3})?)\s*%$")


def _normalise(text: str) -> str:
    text = text.strip()
    for ch in _MINUS:
        text = text.replace(ch, "-")
    for ch in _APOSTROPHES:
        text = text.replace(ch, "'")
    text = _CURRENCY_RE.sub("", text)
    for ch in _GROUP_SPACES:
        text = text.replace(ch, "")
    return text


def _valid_groups(head: str, separator: str) -> str | None:
    """`1.234.567` with separator `.` -> `1234567` when every group after the first has 3 digits."""
    groups = head.split(separator)
    if not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
        return None
    return "".join(groups)


def _digits_of(body: str) -> str | None:
    """Turn `1.234,56` / `1,234.56` / `1'234.56` / `1234` into `1234.56` (plain decimal text)."""
    if "'" in body:  # Swiss grouping: the apostrophe is never a decimal mark
        tail = re.search(r"[.,]\d{1,4}$", body)
        head = body[: tail.start()] if tail else body
        grouped = _valid_groups(head, "'")
        if grouped is None or not grouped.isdigit():
            return None
        body = grouped + ("." + tail.group()[1:] if tail else "")
    last_dot, last_comma = body.rfind("."), body.rfind(",")
    decimal_pos = max(last_dot, last_comma)
    if decimal_pos == -1:
        return body
    separator = body[decimal_pos]
    other = "," if separator == "." else "."
    head, decimals = body[:decimal_pos], body[decimal_pos + 1 :]
    if len(decimals) == 3 and other not in body:
        # `1.234` or `1,234,567`: a group separator, not a decimal point (amounts have 2 decimals).
        return _valid_groups(body, separator)
    if separator in head:
        return None  # `1,23,45`: not an amount
    if other in head:
        grouped = _valid_groups(head, other)
        if grouped is None:
            return None
        head = grouped
    if not decimals or len(decimals) > 4 or not decimals.isdigit() or not head:
        return None
    return f"{head}.{decimals}"


def parse_amount(text: str) -> Decimal | None:
    """Read one printed amount, or None when `text` is not one."""
    if not text or len(text) > 40:
        return None
    cleaned = _normalise(text)
    cleaned = cleaned.replace("- ", "-")
    match = _SHAPE_RE.match(cleaned)
    if match is None:
        return None
    lead, body, trail = match.groups()
    if (lead == "(") != (trail == ")"):
        return None
    negative = lead in ("-", "(") or trail == "-"
    if lead == "-" and trail == "-":
        return None
    plain = _digits_of(body)
    if plain is None or not plain.replace(".", "", 1).isdigit():
        return None
    try:
        value = Decimal(plain)
    except InvalidOperation:
        return None
    return -value if negative else value


def parse_rate(text: str) -> Decimal | None:
    """`20%`, `5,5 %`, `20,00%`, `0.00%` -> Decimal rate in percent (None otherwise)."""
    match = _RATE_RE.match(text.strip().replace("\u00a0", " ").replace("\u202f", " "))
    if match is None:
        return None
    return normalise_rate(Decimal(match.group(1).replace(",", ".")))


def normalise_rate(value: Decimal) -> Decimal:
    """20.00 -> 20, 5.50 -> 5.5 (without the exponent notation `normalize` gives for 20)."""
    value = value.normalize()
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def has_two_decimals(text: str) -> bool:
    """True when the printed amount ends with exactly two decimals (`12,00`, `1 234.56 €`)."""
    return re.search(r"\d[.,]\d{2}(?!\d)", text) is not None
