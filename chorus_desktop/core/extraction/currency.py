"""The invoice currency: the currency words and signs printed on the page, euros by default for a
plainly French invoice."""

from __future__ import annotations

from chorus_desktop.core.extraction.candidates import Fields, set_field
from chorus_desktop.core.extraction.layout import Word
from chorus_desktop.core.extraction.sheets import Sheet

CURRENCY_WORDS = {
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "chf": "CHF",
    "usd": "USD",
    "$": "USD",
    "us$": "USD",
    "gbp": "GBP",
    "£": "GBP",
}


def read_currency(sheets: list[Sheet], fields: Fields) -> None:
    counts: dict[str, int] = {}
    first: dict[str, Word] = {}
    for sheet in sheets:
        for line in sheet.lines:
            for word in line.words:
                token = word.folded.strip("().:,;")
                code = CURRENCY_WORDS.get(token)
                if (
                    code is None
                    and word.folded.endswith("€")
                    and word.folded[:-1]
                    .strip()
                    .replace(",", "")
                    .replace(".", "")
                    .replace(" ", "")
                    .lstrip("-")
                    .isdigit()
                ):
                    code = "EUR"
                if code is None and word.folded.startswith("$") and word.folded[1:2].isdigit():
                    code = "USD"
                if code:
                    counts[code] = counts.get(code, 0) + 1
                    first.setdefault(code, word)
    if counts:
        best = max(counts, key=lambda c: counts[c])
        set_field(fields, "currency", best, len(counts) == 1 and counts[best] >= 2, [first[best]])


def default_currency(_sheets: list[Sheet], fields: Fields) -> None:
    """No currency printed (`TotalNetTTC: 165,00`): euros when the invoice is plainly French.

    Runs last, on the fields the other steps read (the sheets are not needed: same signature as them)."""
    if "currency" in fields:
        return
    french = (
        any(str(fields[name].value).startswith("FR") for name in ("iban", "supplier_vat") if name in fields)
        or "supplier_siret" in fields
    )
    if french and "total_ttc" in fields or french and "total_ht" in fields:
        set_field(fields, "currency", "EUR", False, [])
