"""Values found on the page and the choice between them.

Each reading step gathers candidates (a value, how strongly its label supports it, the words it was read
from) and writes the chosen one into the fields with `set_field`. Confidence is `high` only when the page
itself confirms the value (specific label and no competing value, arithmetic or check digits).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from chorus_desktop.core.extraction.layout import Word, union_box
from chorus_desktop.core.model import FieldValue

Fields = dict[str, FieldValue]  # the fields read so far, by name (source "text")


@dataclass
class Candidate:
    value: Any
    strength: float
    words: list[Word]
    order: float  # reading position in the document: later is larger
    label: str = ""


def reading_order(word: Word, sheet_height: float) -> float:
    """Position of `word` in the document's reading order (page first, then height on the page)."""
    return word.page * 10_000 + word.top / max(sheet_height, 1.0) * 1_000


def set_field(fields: Fields, name: str, value: Any, confident: bool, words: Sequence[Word]) -> None:
    """Record a value read from the page, with the page and box of the words it was read from."""
    box = union_box(words)
    page = words[0].page if words else None
    fields[name] = FieldValue(value, "high" if confident else "low", "text", page, box)


def choose_text(fields: Fields, name: str, candidates: list[Candidate]) -> None:
    """Take the best-supported value; `high` when its label is specific and nothing competes."""
    if not candidates:
        return
    support: dict[Any, float] = {}
    best_of: dict[Any, Candidate] = {}
    for candidate in candidates:
        key = candidate.value if not isinstance(candidate.value, str) else candidate.value.upper()
        previous = best_of.get(key)
        # Several occurrences of the same value (repeated headers, footers) add a little support.
        support[key] = max(support.get(key, 0.0), candidate.strength) + (0.25 if previous else 0.0)
        if (
            previous is None
            or candidate.strength > previous.strength
            or (candidate.strength == previous.strength and candidate.order < previous.order)
        ):
            best_of[key] = candidate
    ranked = sorted(support, key=lambda k: (support[k], -best_of[k].order), reverse=True)
    best = best_of[ranked[0]]
    competing = [k for k in ranked[1:] if best_of[k].strength >= 2.0]
    confident = best.strength >= 3.0 and not competing
    set_field(fields, name, best.value, confident, best.words)
