"""Dates as printed on invoices: numeric (`26/05/2020`, `26.05.2020`, `2020-05-26`, `20260815`) and
in words (`26 mai 2020`, `1er décembre 2026`, `23 sept. 2025`, `May 26, 2020`, `5. März 2018`).

`parse_date` reads a text that is a date, possibly with a label glued in front (`Date:26/05/2020`).
`find_date` finds the first date inside a longer text. Day-first is the default (French); a US
context (`us=True`) reads ambiguous `05/06/2020` as May 6. Unambiguous orders (`05/26/2020`) are read
either way. Years outside 1990-2099 are refused: they are never invoice dates.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "janvier jan janv january januar jänner januari enero ene",
        "fevrier fev fevr february feb februar februari febrero",
        "mars mar march marz maerz mrz maart marzo",
        "avril avr april apr abril abr",
        "mai may mei mayo",
        "juin jun june juni junio",
        "juillet juil jul july juli julio",
        "aout aou august aug augustus agosto ago",
        "septembre sept sep september septiembre",
        "octobre oct october oktober okt octubre",
        "novembre nov november noviembre",
        "decembre dec december dezember dez diciembre dic",
    ),
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _number

_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
# Bounded repetitions only: these run on every line of every page and must never backtrack badly.
_NUMERIC_RE = re.compile(r"(?<![\d.,/-])(\d{1,4})([/.\-])(\d{1,2})\2(\d{2,4})(?![\d/]|[.,]\d)")
_COMPACT_RE = re.compile(r"(?<![\d.,])((?:19|20)\d{2})(\d{2})(\d{2})(?![\d.,])")
_DAY_MONTH_YEAR_RE = re.compile(
    rf"(?<![\w])(\d{{1,2}})(?:er|st|nd|rd|th|\.)?[\s\-]{{0,2}}(?:de\s)?({_MONTH_ALT})\.?,?[\s\-]{{0,2}}(?:de\s)?"
    rf"(\d{{4}})(?!\d)"
)
_MONTH_DAY_YEAR_RE = re.compile(
    rf"(?<![\w])({_MONTH_ALT})\.?\s{{0,2}}(\d{{1,2}})(?:st|nd|rd|th)?\s?,?\s{{0,2}}(\d{{4}})(?!\d)"
)


# `lundi 21 novembre 2022`: a weekday before the date belongs to it.
_WEEKDAY_RE = re.compile(
    r"^(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday|thursday|friday"
    r"|saturday|sunday|mon|tue|wed|thu|fri|sat|sun)\.?,?\s{1,2}"
)


def _fold(text: str) -> str:
    """Lower case without accents, so `Décembre`, `décembre` and `decembre` read alike."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().replace("\u00a0", " ")


def _make(year: int, month: int, day: int) -> dt.date | None:
    if year < 100:
        year += 2000
    if not 1990 <= year <= 2099:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _numeric(match: re.Match[str], us: bool) -> dt.date | None:
    first, _sep, second, third = match.groups()
    a, b, c = int(first), int(second), int(third)
    if len(first) == 4:  # 2020-05-26
        return _make(a, b, c) if len(third) <= 2 else None
    if len(third) == 3:
        return None
    if us:
        day, month = (a, b) if a > 12 >= b else (b, a)
    else:
        day, month = (b, a) if a <= 12 < b else (a, b)
    return _make(c, month, day)


def find_date(text: str, *, us: bool = False) -> tuple[dt.date, int, int] | None:
    """The first date in `text` with its (start, end) character span, or None."""
    folded = _fold(text)
    found: list[tuple[int, int, dt.date]] = []
    for match in _NUMERIC_RE.finditer(folded):
        value = _numeric(match, us)
        if value is not None:
            found.append((match.start(), match.end(), value))
            break
    for match in _DAY_MONTH_YEAR_RE.finditer(folded):
        value = _make(int(match.group(3)), _MONTHS[match.group(2)], int(match.group(1)))
        if value is not None:
            found.append((match.start(), match.end(), value))
            break
    for match in _MONTH_DAY_YEAR_RE.finditer(folded):
        value = _make(int(match.group(3)), _MONTHS[match.group(1)], int(match.group(2)))
        if value is not None:
            found.append((match.start(), match.end(), value))
            break
    for match in _COMPACT_RE.finditer(folded):
        value = _make(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if value is not None:
            found.append((match.start(), match.end(), value))
            break
    if not found:
        return None
    start, end, value = min(found, key=lambda item: item[0])
    weekday = _WEEKDAY_RE.match(folded)
    if weekday is not None and start == weekday.end():
        start = 0
    return value, start, end


def parse_date(text: str, *, us: bool = False) -> dt.date | None:
    """Read a date from a short text (`26 mai 2020`, `Date:26/05/2020`, `20260815`), or None."""
    if not text or len(text) > 200:
        return None
    found = find_date(text, us=us)
    return None if found is None else found[0]
