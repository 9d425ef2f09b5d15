"""Invoice number series: a pattern per series (`FA-{annee}-{numero:04d}`), one counter per year when the
pattern shows the year. The counter itself lives in the store and moves only in the transaction that
stores the document (CGI art. 242 nonies A 7° : « une séquence chronologique et continue »)."""

from __future__ import annotations

import datetime as dt
import json
import re
import string
from typing import Any

from chorus_desktop.core.errors import UserFixableError

DEFAULT_PATTERNS: dict[str, str] = {
    "FA": "FA-{annee}-{numero:04d}",
    "AV": "AV-{annee}-{numero:04d}",
    "DEF": "DEF-{annee}-{numero:04d}",
}
_SERIES = re.compile(r"[A-Z][A-Z0-9]{0,9}")


def default_pattern(series: str) -> str:
    return DEFAULT_PATTERNS.get(series, f"{series}-{{annee}}-{{numero:04d}}")


def check_series(series: str) -> str:
    cleaned = series.strip().upper()
    if not _SERIES.fullmatch(cleaned):
        raise UserFixableError(code="valeur_invalide", text_id="spec_champ_invalide",
                               params={"field": "series", "reason": series})
    return cleaned


def check_pattern(series: str, pattern: str) -> str:
    """The pattern if it has {numero} and only {annee}/{numero} fields, and formats; else a French error."""
    try:
        names = {name for _text, name, _spec, _conv in string.Formatter().parse(pattern) if name is not None}
        ok = "numero" in names and names <= {"annee", "numero"}
        format_number(pattern, 2026, 1) if ok else None
    except (ValueError, KeyError, IndexError):
        ok = False
    if not ok or len(pattern) > 40:
        raise UserFixableError(code="numerotation_invalide", params={"series": series, "pattern": pattern})
    return pattern


def clean_patterns(value: Any) -> dict[str, str]:
    """A {series: pattern} dict from a dict or its JSON text, each checked."""
    if isinstance(value, str):
        try:
            value = json.loads(value) if value.strip() else {}
        except json.JSONDecodeError:
            raise UserFixableError(code="numerotation_invalide", params={"series": "?", "pattern": value}) from None
    if not isinstance(value, dict):
        raise UserFixableError(code="numerotation_invalide", params={"series": "?", "pattern": str(value)})
    return {check_series(str(series)): check_pattern(str(series), str(pattern)) for series, pattern in value.items()}


def pattern_for(patterns: dict[str, str], series: str) -> str:
    return patterns.get(series) or default_pattern(series)


def period_of(pattern: str, issue_date: dt.date) -> str:
    """The counter's period: the year when the number shows it (numbering restarts each year), else ''."""
    return str(issue_date.year) if "{annee" in pattern else ""


def format_number(pattern: str, year: int, sequence: int) -> str:
    return pattern.format(annee=year, numero=sequence)
