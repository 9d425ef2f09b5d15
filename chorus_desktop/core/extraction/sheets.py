"""The pages read, as sheets: the lines of one page in one text orientation, with their labels.

This is the only place that talks to pdfplumber: `extract_words` is called exactly once per page read,
everything downstream is plain Python on the sheets built here.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pdfplumber.pdf import PDF

from chorus_desktop.core.extraction.labels import LabelHit, find_labels
from chorus_desktop.core.extraction.layout import (
    Line,
    Word,
    group_lines,
    horizontal_overlap,
    lines_below,
    to_words,
)
from chorus_desktop.core.model import Problem

log = logging.getLogger(__name__)

_CID_RE = re.compile(r"\(cid:\d+\)")


@dataclass
class Sheet:
    """The lines of one page in one text orientation, with their labels."""

    page: int
    lines: list[Line]
    hits: list[list[LabelHit]]
    width: float
    height: float
    rotated: bool
    stamps: list[Word] = field(default_factory=list)  # giant words kept out of the lines (`PAYÉ`)


def read_sheets(pdf: PDF, indices: Sequence[int], problems: list[Problem]) -> tuple[list[Sheet], int]:
    """The sheets of the pages at `indices` (0-based) and the number of words lost to `(cid:N)` glyphs."""
    sheets: list[Sheet] = []
    cid_words = 0
    for index in indices:
        page = pdf.pages[index]
        try:
            raw_words = page.extract_words(keep_blank_chars=False, use_text_flow=False)
        except Exception:  # a damaged content stream: keep what the other pages say
            if len(indices) == 1:
                raise
            log.warning("page %d unreadable", index + 1, exc_info=True)
            problems.append(
                Problem(
                    "page_abimee",
                    f"La page {index + 1} n'a pas pu être lue (PDF abîmé) : "
                    "les valeurs qu'elle porte manquent.",
                )
            )
            continue
        _fix_turned_text(page, raw_words)
        kept = []
        for raw in raw_words:
            if "(cid:" in raw["text"]:
                cid_words += 1
                # Never guess: remove the unreadable glyphs, keep what is legible around them only when
                # nothing was unreadable inside a number.
                cleaned = _CID_RE.sub("", raw["text"])
                if not cleaned or any(ch.isdigit() for ch in cleaned):
                    continue
                raw = {**raw, "text": cleaned}
            kept.append(raw)
        words, stamps = _without_watermarks(to_words(kept, index + 1, float(page.width), float(page.height)))
        by_direction: dict[str, list[Word]] = {}
        for word in words:
            by_direction.setdefault(word.orientation, []).append(word)
        for direction, group in by_direction.items():
            lines = group_lines(group, index + 1)
            width, height = (
                (page.width, page.height) if direction in ("ltr", "rtl") else (page.height, page.width)
            )
            sheets.append(
                Sheet(
                    index + 1,
                    lines,
                    [find_labels(line) for line in lines],
                    float(width),
                    float(height),
                    direction != "ltr",
                    stamps if direction == "ltr" else [],
                )
            )
    return sheets, cid_words


def _fix_turned_text(page: Any, raw_words: list[dict[str, Any]]) -> None:
    """Give turned words their true reading direction, from the text matrix of their characters.

    pdfplumber reads every rotated word top-to-bottom and upside-down text left-to-right, so text
    running up the page or upside down comes out reversed (`latoT`). The characters are already
    parsed and cached by `extract_words`, so this costs one pass over them, and only on pages that
    hold turned characters at all.
    """
    turned: dict[tuple[float, float], str] = {}
    for char in page.chars:
        a, b = char["matrix"][0], char["matrix"][1]
        if char["upright"] and a >= 0:
            continue
        if not char["upright"]:
            orientation = "btt" if b > 0 else "ttb"
        else:
            orientation = "rtl"
        turned[(round(char["x0"], 1), round(char["top"], 1))] = orientation
    if not turned:
        return
    for raw in raw_words:
        found = turned.get((round(raw["x0"], 1), round(raw["top"], 1)))
        if found is not None:
            raw["direction"] = found


def _without_watermarks(words: list[Word]) -> tuple[list[Word], list[Word]]:
    """Set giant glyphs apart (diagonal `SPECIMEN`, `PAYÉ` stamps): they would glue unrelated lines."""
    if len(words) < 5:
        return words, []
    heights = sorted(w.height for w in words)
    limit = 3.5 * max(heights[len(heights) // 2], 1.0)
    return [w for w in words if w.height <= limit], [w for w in words if w.height > limit]


def all_hits(sheets: Sequence[Sheet], *categories: str) -> Iterable[tuple[Sheet, LabelHit, list[LabelHit]]]:
    """Every label of `categories` in the document, with its sheet and the other labels of its line."""
    for sheet in sheets:
        for line_hits in sheet.hits:
            for hit in line_hits:
                if hit.category in categories:
                    yield sheet, hit, line_hits


def words_below(sheet: Sheet, hit: LabelHit, widen: float = 8.0, whole_segment: bool = False) -> list[Word]:
    """Words of the nearest line below the label that sit in the label's column (with
    `whole_segment`, the whole column segment they belong to: `FACTURE` above `N° : 2024-0156`)."""
    for line in lines_below(sheet.lines, hit.line):
        column = [w for w in line.words if horizontal_overlap(w.x0, w.x1, hit.x0 - widen, hit.x1 + widen)]
        if column and whole_segment:
            for segment in line.segments:
                if column[0] in segment:
                    return [w for w in segment if w.x0 >= column[0].x0 - 0.5]
        if column:
            return column
    return []
