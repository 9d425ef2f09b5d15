"""A supplier's layout, learned from one validated invoice: where each field is printed, and reading the
next invoice of that layout there first.

Pure functions on the printed words an extraction keeps (`ExtractionResult.words`): no store, no PDF.
- `similarity(a, b)` of two layout fingerprints (`ExtractionResult.fingerprint`: the labels of the first
  page at their places): two invoices of one layout share most of them whatever their values;
- `learn_field(words, name, value, ...)`: where `value` (the validated one) is printed: its box, the
  label next to it and its printed format;
- `read_learned(words, name, learned)`: the value printed where it was learned, in the learned format;
- `choose_memory(result, memories)`: the memory of this invoice's supplier and layout, if any.
`layout_hints.apply_layout_hints` decides what the memory may change.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from chorus_desktop.core.domain.learning import LayoutMemory, LearnedField
from chorus_desktop.core.extraction.amounts import amounts_in
from chorus_desktop.core.extraction.dates import find_date, parse_date
from chorus_desktop.core.extraction.layout import Line, Word, fold, group_lines
from chorus_desktop.core.model import BoundingBox, ExtractionResult, FieldValue, PrintedWord

# Two invoices whose fingerprints share at least this (Jaccard) are of one layout.
SAME_LAYOUT = 0.3
AMOUNTS = ("total_ht", "total_tva", "total_ttc")
_TOLERANCE = 6.0  # points: how far a value may sit from where it was learned (after the label moved)
_DIGITS_RE = re.compile(r"\d+")
_AMOUNT_RE = re.compile(r"[-(]?\d{1,3}(?:[ .\u202f\u00a0']?\d{3})*[.,]\d{2}\)?(?:€|e|eur)?", re.IGNORECASE)


def _lines(words: Sequence[PrintedWord], page: int | None = None) -> dict[int, list[Line]]:
    by_page: dict[int, list[Word]] = {}
    for number, x0, top, x1, bottom, text in words:
        if page is None or number == page:
            by_page.setdefault(number, []).append(Word(text, fold(text), x0, x1, top, bottom, number))
    return {number: group_lines(group, number) for number, group in by_page.items()}


def similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """Shared tokens over all tokens (Jaccard), a token matching the same text one grid cell away."""
    left, right = _cells(a), _cells(b)
    if not left or not right:
        return 0.0
    shared = 0
    for text, x, y in left:
        if any((text, x + dx, y + dy) in right for dx in (-1, 0, 1) for dy in (-1, 0, 1)):
            shared += 1
    return shared / (len(left) + len(right) - shared)


def _cells(tokens: Sequence[str]) -> set[tuple[str, int, int]]:
    out = set()
    for token in tokens:
        text, _, place = token.rpartition("@")
        x, _, y = place.partition(",")
        try:
            out.add((text, int(x), int(y)))
        except ValueError:
            continue
    return out


def supplier_key(siret: Any, vat: Any) -> str:
    """What identifies the supplier on the page: its SIRET, else its VAT number, else nothing."""
    for value in (siret, vat):
        text = re.sub(r"\s", "", str(value or "")).upper()
        if text:
            return text
    return ""


def shape_of(name: str, text: str) -> str:
    """The printed format: the decimal separator of an amount, the text with digit runs as `9` otherwise
    (and letter runs as `A` in a date)."""
    if name in AMOUNTS:
        found = re.search(r"([.,])\d{1,2}\D*$", text)
        return found.group(1) if found else "0"
    shape = _DIGITS_RE.sub("9", fold(text).upper().replace(" ", ""))
    # A date's month may be written in words: `15 mars 2026` and `3 avril 2026` share one format.
    return re.sub(r"[A-Z]+", "A", shape) if name == "date" else shape


def _box(word_list: Sequence[Word]) -> tuple[float, float, float, float]:
    return (min(w.x0 for w in word_list), min(w.top for w in word_list), max(w.x1 for w in word_list),
            max(w.bottom for w in word_list))


def _anchor(line: Line, lines: list[Line], first: Word) -> tuple[str, tuple[float, float, float, float] | None]:
    """The label next to a value: the letter words just left of it on its line, else the line above's
    words over it (a column header)."""
    left = [w for w in line.words if w.x1 <= first.x0 + 0.5]
    label: list[Word] = []
    for word in reversed(left):
        if any(ch.isdigit() for ch in word.text) or len(label) == 4:
            break
        label.insert(0, word)
    if not label:
        for above in reversed([other for other in lines if other.bottom <= line.top + 0.5]):
            label = [w for w in above.words if w.x1 >= first.x0 - 20 and w.x0 <= first.x1 + 20
                     and not any(ch.isdigit() for ch in w.text)][:4]
            if label or line.top - above.bottom > 40:
                break
    if not label:
        return "", None
    return " ".join(w.folded for w in label), _box(label)


def _occurrences(lines: list[Line], name: str, value: Any) -> list[tuple[Line, list[Word], str]]:
    """Where `value` is printed: (line, its words, its printed text)."""
    found: list[tuple[Line, list[Word], str]] = []
    for line in lines:
        if name in AMOUNTS:
            for amount in amounts_in(line.words):
                if isinstance(value, Decimal) and abs(amount.value) == abs(value):
                    found.append((line, amount.words, " ".join(w.text for w in amount.words)))
            continue
        for start in range(len(line.words)):
            for size in (1, 2, 3, 4):
                chunk = line.words[start : start + size]
                if len(chunk) < size:
                    break
                text = " ".join(w.text for w in chunk)
                if _matches(name, text, value):
                    found.append((line, chunk, text))
                    break
    return found


def _matches(name: str, text: str, value: Any) -> bool:
    if name == "date":
        return isinstance(value, dt.date) and _DIGITS_RE.search(text) is not None and parse_date(text) == value
    wanted = re.sub(r"\s", "", str(value or "")).upper()
    return bool(wanted) and re.sub(r"\s", "", text).upper() == wanted


def learn_field(words: Sequence[PrintedWord], name: str, value: Any, hint_page: int | None = None,
                hint_box: Sequence[float] | None = None) -> LearnedField | None:
    """Where `value` is printed, as a learned field; None when it is not printed (then nothing is learned).

    Among several occurrences: the one the reader pointed at (`hint_page`, `hint_box`), else one with a
    label; the top-most for the number and date, the bottom-most of the last page for totals."""
    candidates: list[tuple[Line, list[Word], str, list[Line]]] = []
    for lines in _lines(words).values():
        candidates += [(line, chunk, text, lines) for line, chunk, text in _occurrences(lines, name, value)]
    if not candidates:
        return None

    def rank(item: tuple[Line, list[Word], str, list[Line]]) -> tuple[int, int, int, float]:
        line, chunk, _text, lines = item
        box = _box(chunk)
        pointed = hint_box is not None and hint_page == line.page and _overlaps(box, hint_box)
        labelled = bool(_anchor(line, lines, chunk[0])[0])
        order = (line.page * 10000 + line.top) * (1 if name in AMOUNTS else -1)
        return (int(pointed), int(labelled), -len(chunk), order)  # the value alone, not its label with it

    line, chunk, text, lines = max(candidates, key=rank)
    anchor, anchor_box = _anchor(line, lines, chunk[0])
    return LearnedField(page=line.page, box=_box(chunk), shape=shape_of(name, text), words=len(chunk),
                        anchor=anchor, anchor_box=anchor_box)


def _overlaps(box: Sequence[float], other: Sequence[float], slack: float = 2.0) -> bool:
    return (min(box[2], other[2]) + slack >= max(box[0], other[0])
            and min(box[3], other[3]) + slack >= max(box[1], other[1]))


def _expected_box(learned: LearnedField, lines: list[Line]) -> tuple[float, float, float, float]:
    """Where the value should be on this invoice: the same offset from its label (a totals block moves
    down with the number of item lines), or the same place when the label is not found."""
    x0, top, x1, bottom = learned.box
    if not learned.anchor or learned.anchor_box is None:
        return learned.box
    size = len(learned.anchor.split())
    found: list[tuple[float, float]] = []
    for line in lines:
        for start in range(len(line.words) - size + 1):
            chunk = line.words[start : start + size]
            if " ".join(w.folded for w in chunk) == learned.anchor:
                found.append((chunk[0].x0, chunk[0].top))
    if not found:
        return learned.box
    ax, at = learned.anchor_box[0], learned.anchor_box[1]
    nx, nt = min(found, key=lambda p: abs(p[0] - ax) + abs(p[1] - at))
    return (x0 + nx - ax, top + nt - at, x1 + nx - ax, bottom + nt - at)


def read_learned(words: Sequence[PrintedWord], name: str, learned: LearnedField) -> FieldValue | None:
    """The value printed where `learned` says, in its learned format; None otherwise."""
    lines = _lines(words, learned.page).get(learned.page, [])
    x0, top, x1, bottom = _expected_box(learned, lines)
    middle = (top + bottom) / 2
    near = [line for line in lines if abs((line.top + line.bottom) / 2 - middle) <= _TOLERANCE]
    for line in sorted(near, key=lambda ln: abs((ln.top + ln.bottom) / 2 - middle)):
        span = [w for w in line.words if w.x1 >= x0 - _TOLERANCE and w.x0 <= x1 + _TOLERANCE]
        found = _value_in(name, span, learned, (x0, x1))
        if found is not None:
            value, chunk = found
            return FieldValue(value, "low", "text", page=learned.page, bbox=BoundingBox(*_box(chunk)))
    return None


def _value_in(name: str, span: list[Word], learned: LearnedField,
              columns: tuple[float, float]) -> tuple[Any, list[Word]] | None:
    if not span:
        return None
    if name in AMOUNTS:
        amounts = [a for a in amounts_in(span)
                   if shape_of(name, " ".join(w.text for w in a.words)) == learned.shape]
        if not amounts:
            return None
        best = min(amounts, key=lambda a: abs(a.x1 - columns[1]))
        return best.value, best.words
    chunk = sorted(span, key=lambda w: abs(w.x0 - columns[0]))[:1]
    start = span.index(chunk[0])
    chunk = span[start : start + learned.words]
    text = " ".join(w.text for w in chunk)
    if shape_of(name, text) != learned.shape:
        return None
    if name == "date":
        parsed = parse_date(text)
        return None if parsed is None else (parsed, chunk)
    return re.sub(r"\s", "", text) if name == "invoice_number" else text, chunk


def choose_memory(result: ExtractionResult, memories: Sequence[LayoutMemory]) -> LayoutMemory | None:
    """The memory of this invoice's supplier and layout: same printed supplier identifier, fingerprint
    similar enough (the most similar when several)."""
    if not result.words or not result.fingerprint or not memories:
        return None
    key = supplier_key(result.value("supplier_siret"), result.value("supplier_vat"))
    printed = result.fingerprint
    scored = [(similarity(printed, memory.fingerprint), memory) for memory in memories
              if memory.supplier_key == key]
    scored = [(score, memory) for score, memory in scored
              if score >= SAME_LAYOUT and _labels_in_place(result.words, memory)]
    return max(scored, key=lambda item: item[0])[1] if scored else None


def _labels_in_place(words: Sequence[PrintedWord], memory: LayoutMemory) -> bool:
    """Whether most labels the memory reads from are printed here, in the same column (their height may
    change with the number of item lines): another layout of the supplier has other labels or places."""
    anchored = [f for f in memory.fields.values() if f.anchor and f.anchor_box is not None]
    if not anchored:
        return True
    pages = _lines(words)
    found = 0
    for learned in anchored:
        assert learned.anchor_box is not None
        size = len(learned.anchor.split())
        for line in pages.get(learned.page, []):
            if any(" ".join(w.folded for w in line.words[i : i + size]) == learned.anchor
                   and abs(line.words[i].x0 - learned.anchor_box[0]) <= 2 * _TOLERANCE
                   for i in range(len(line.words) - size + 1)):
                found += 1
                break
    return 2 * found >= len(anchored)


def buyer_block(words: Sequence[PrintedWord], page: int | None, box: Sequence[float] | None) -> str:
    """The buyer's name and address block as printed: the line of its name and up to four lines below it
    in the same column, folded to letters and digits (what tells one buyer from another without SIRET)."""
    if page is None or box is None:
        return ""
    lines = _lines(words, page).get(page, [])
    x0, top, x1, _bottom = box
    block: list[str] = []
    previous_bottom = top
    for line in lines:
        if line.bottom < top - 1 or len(block) >= 5:
            continue
        column = [w for w in line.words if w.x1 >= x0 - 4 and w.x0 <= max(x1, x0 + 150)]
        if not column:
            if block:
                break
            continue
        if block and line.top - previous_bottom > 2.5 * max(line.bottom - line.top, 6.0):
            break
        text = " ".join(w.text for w in column)
        if block and (find_date(text) is not None or any(_AMOUNT_RE.fullmatch(w.text) for w in column)):
            break  # a date or an amount under the block belongs to this invoice, not to the buyer
        block.append(fold(text))
        previous_bottom = line.bottom
    return re.sub(r"[^a-z0-9]", "", "".join(block))


def header_text(words: Sequence[PrintedWord]) -> str:
    """The words of the first page's upper part (letters only, sorted): where no buyer was recognised,
    the same header means the same supplier writing to the same buyer (values, with digits, left out)."""
    first = min((w[0] for w in words), default=1)
    limit = 0.4 * max((w[4] for w in words if w[0] == first), default=0.0)
    # The header ends where the first amount is printed (the item lines start there).
    limit = min([limit, *(w[2] for w in words if w[0] == first and _AMOUNT_RE.fullmatch(w[5]))])
    kept = {fold(text) for page, _x0, top, _x1, _bottom, text in words
            if page == first and top < limit - 1 and re.fullmatch(r"[^\W\d_]{2,}[.,:]?", text)}
    return " ".join(sorted(kept))
