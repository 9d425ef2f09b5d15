"""Words on a page, grouped the way a reader sees them: lines, column segments, what is to the right of
a label and what is just below it.

Everything here works on the word dictionaries pdfplumber's `extract_words` returns (one call per
page, done by the caller); the rest is plain Python on those boxes. Coordinates are pdfplumber's: points,
origin at the top-left.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from chorus_desktop.core.model import BoundingBox

# Spacing accents that TeX-made PDFs emit as separate characters (`Nume´ro`), dropped when folding.
_SPACING_MARKS = str.maketrans("", "", "´`ˆ¨¸˜˚")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "º": "°", "˚": "°", "\u00a0": " ", "\u202f": " "})
# Hyphens other than ASCII `-` that text layers give inside numbers and dates (`IOPOLE‐jdz7`, `18‐08‐2026`,
# a soft hyphen printed as a real one): read as `-` everywhere, so references, dates and signs parse.
_HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u00ad": "-"})


def fold(text: str) -> str:
    """Lower case, no accents, one kind of apostrophe and degree sign: the form labels are matched in."""
    text = text.translate(_QUOTES)
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.translate(_SPACING_MARKS).lower()


@dataclass(frozen=True)
class Word:
    text: str
    folded: str
    x0: float
    x1: float
    top: float
    bottom: float
    page: int  # 1-based
    real: BoundingBox | None = None  # the box on the page when x0..bottom are in a rotated reading frame
    orientation: str = "ltr"

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def bbox(self) -> BoundingBox:
        return self.real if self.real is not None else BoundingBox(self.x0, self.top, self.x1, self.bottom)


@dataclass
class Line:
    """Words sharing a baseline band, left to right, with a folded text for label matching."""

    words: list[Word]
    page: int
    index: int = 0  # position of the line on its page, top to bottom
    top: float = 0.0
    bottom: float = 0.0
    text: str = ""
    folded: str = ""
    segments: list[list[Word]] = field(default_factory=list)
    compact: str = ""  # folded text without spaces, filled in by `labels.find_labels`

    def finish(self) -> None:
        self.words.sort(key=lambda w: w.x0)
        self.top = min(w.top for w in self.words)
        self.bottom = max(w.bottom for w in self.words)
        self.text = " ".join(w.text for w in self.words)
        self.folded = " ".join(w.folded for w in self.words)
        self.segments = split_segments(self.words)

    @property
    def height(self) -> float:
        return self.bottom - self.top


def to_words(
    raw_words: Iterable[dict[str, Any]], page_number: int, page_width: float, page_height: float
) -> list[Word]:
    """Convert pdfplumber words, turning rotated text into reading order.

    Upright words are kept as they are. Rotated text (`ttb`/`btt`) and upside-down text (`rtl`) is
    mapped into a frame where its lines are horizontal and read left to right, so that the same
    label/value logic reads it; `Word.real` keeps the box on the page for highlighting. The caller
    groups each orientation into lines separately.
    """
    words: list[Word] = []
    for raw in raw_words:
        text = str(raw["text"]).translate(_HYPHENS)
        x0, x1, top, bottom = float(raw["x0"]), float(raw["x1"]), float(raw["top"]), float(raw["bottom"])
        direction = str(raw.get("direction", "ltr"))
        real = BoundingBox(x0, top, x1, bottom)
        if direction == "ttb":  # rotated 90° clockwise: reading goes down the page
            x0, x1, top, bottom = top, bottom, page_width - x1, page_width - x0
        elif direction == "btt":  # rotated 90° counter-clockwise: reading goes up the page
            text = text[::-1]  # pdfplumber reads rotated characters downwards
            x0, x1, top, bottom = page_height - bottom, page_height - top, x0, x1
        elif direction == "rtl":  # upside-down text: pdfplumber gives the characters reversed
            text = text[::-1]
            x0, x1, top, bottom = page_width - x1, page_width - x0, page_height - bottom, page_height - top
        words.append(Word(text, fold(text), x0, x1, top, bottom, page_number, real, direction))
    return words


def group_lines(words: Sequence[Word], page_number: int) -> list[Line]:
    """Group words into lines by vertical overlap (robust to generators that emit words in any order)."""
    ordered = sorted(words, key=lambda w: (w.middle, w.x0))
    lines: list[Line] = []
    current: list[Word] = []
    band_top = band_bottom = 0.0
    for word in ordered:
        if current:
            overlap = min(band_bottom, word.bottom) - max(band_top, word.top)
            if overlap >= 0.5 * min(word.height, band_bottom - band_top) and word.middle <= band_bottom:
                current.append(word)
                band_top, band_bottom = min(band_top, word.top), max(band_bottom, word.bottom)
                continue
            lines.append(Line(current, page_number))
        current = [word]
        band_top, band_bottom = word.top, word.bottom
    if current:
        lines.append(Line(current, page_number))
    for index, line in enumerate(lines):
        line.index = index
        line.finish()
    return lines


def split_segments(words: Sequence[Word]) -> list[list[Word]]:
    """Cut a line where the horizontal gap is wide (columns of a two-column header, table cells)."""
    segments: list[list[Word]] = []
    for word in words:
        if segments:
            previous = segments[-1][-1]
            if word.x0 - previous.x1 <= max(1.5 * word.height, 12.0):
                segments[-1].append(word)
                continue
        segments.append([word])
    return segments


def union_box(words: Iterable[Word]) -> BoundingBox | None:
    box: BoundingBox | None = None
    for word in words:
        box = word.bbox if box is None else box.union(word.bbox)
    return box


def horizontal_overlap(a0: float, a1: float, b0: float, b1: float, slack: float = 0.0) -> bool:
    return min(a1, b1) + slack >= max(a0, b0)


def lines_below(lines: Sequence[Line], line: Line, max_gap_factor: float = 2.6) -> list[Line]:
    """Lines just below `line` on the same page, nearest first, within a few line heights."""
    limit = line.bottom + max_gap_factor * max(line.height, 6.0)
    return [other for other in lines[line.index + 1 :] if other.top < limit and other.top > line.top + 1]
