"""What a label says: the words printed after it on its line, without fillers (`n° :`), and whether the
first of them is a printed reference (`FA-2017-0010`) rather than an amount or a date."""

from __future__ import annotations

import re
from collections.abc import Sequence

from chorus_desktop.core.extraction.dates import find_date
from chorus_desktop.core.extraction.labels import LabelHit
from chorus_desktop.core.extraction.layout import Word, fold

_FILLERS = frozenset(
    {
        ":",
        "-",
        "#",
        "n°",
        "no",
        "no.",
        "nr",
        "nr.",
        "n",
        "°",
        "number",
        "nummer",
        "numero",
        "num",
        "num.",
        "nº",
        "no:",
        "n°:",
        "#:",
        "=",
        "/",
        "|",
        "de",
        "du",
    }
)
# `2022-7-01`: a year, then a month or a series, then a counter, printed with unequal widths. A date
# writes its month and day alike (`2022-07-01`); an invoice number made of the year and counters need not.
_YEAR_COUNTER_RE = re.compile(r"(?:19|20)\d\d-(?:\d-\d\d|\d\d-\d)")
ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9/_.\-]{0,40}")


def pieces_after(hit: LabelHit, hits: Sequence[LabelHit]) -> list[tuple[str, Word]]:
    """Texts to the right of a label, up to the next label of the line (the label's value side)."""
    pieces: list[tuple[str, Word]] = []
    if hit.rest:
        pieces.append((hit.rest, hit.line.words[hit.last]))
    stop = len(hit.line.words)
    for other in hits:
        if other.first > hit.last:
            stop = min(stop, other.first)
    pieces.extend((word.text, word) for word in hit.line.words[hit.last + 1 : stop])
    return pieces


def words_after(hit: LabelHit, line_hits: Sequence[LabelHit]) -> list[Word]:
    return [word for _text, word in pieces_after(hit, line_hits)]


def strip_fillers(pieces: list[tuple[str, Word]]) -> list[tuple[str, Word]]:
    """`pieces` without the leading `:`, `n°`, `(…)` and the like that stand between a label and its value."""
    out = list(pieces)
    while out:
        text = out[0][0].strip()
        lowered = fold(text)
        if lowered in _FILLERS or (text.startswith("(") and text.endswith(")")) or not text:
            out.pop(0)
            continue
        stripped = text.lstrip(":#=").strip()
        for prefix in ("n°", "no.", "nº", "nr."):
            if fold(stripped).startswith(prefix) and len(stripped) > len(prefix):
                stripped = stripped[len(prefix) :]
        if stripped != text:
            out[0] = (stripped.lstrip(":").strip(), out[0][1])
            if not out[0][0]:
                out.pop(0)
                continue
        break
    return out


def identifier(text: str) -> str | None:
    """A printed reference (`FA-2017-0010`, `2022089083`, `INV/2023/03/0008`) or None."""
    text = text.strip().rstrip(".,;:)")
    if not ID_RE.fullmatch(text) or not any(ch.isdigit() for ch in text):
        return None
    if "@" in text or fold(text).startswith(("www", "http")):
        return None
    if re.fullmatch(r"[-−]?\d[\d.,]*[.,]\d{2}", text):
        return None  # an amount
    found = find_date(text)
    if (
        found is not None
        and found[1] == 0
        and found[2] >= len(text) - 1
        and not _YEAR_COUNTER_RE.fullmatch(text)
    ):
        return None  # a date
    return text
