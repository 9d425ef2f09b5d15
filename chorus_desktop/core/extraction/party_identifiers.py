"""Whose is each SIRET and VAT number printed on the page: the supplier's or the buyer's, by the label
before it, the legal-mentions line it sits in or the header of its column. Check digits decide between
rival numbers; confidence is `high` only with a sure side, valid check digits and no rival."""

from __future__ import annotations

import re

from stdnum.fr import siret as stdnum_siret

from chorus_desktop.core.extraction.candidates import Fields, set_field
from chorus_desktop.core.extraction.identifiers import sirets_in, vat_ids_in, vat_valid
from chorus_desktop.core.extraction.labels import LEGAL_RE, compact, segment_role
from chorus_desktop.core.extraction.layout import Line, Word, horizontal_overlap
from chorus_desktop.core.extraction.sheets import Sheet

# (value, how sure the side is 0..3, "supplier"|"buyer"|"other"|"unknown", words)
_Found = tuple[str, float, str, list[Word]]


def read_party_identifiers(sheets: list[Sheet], fields: Fields) -> None:
    sirets: dict[str, list[_Found]] = {"siret": [], "vat": []}
    for sheet in sheets:
        for line, line_hits in zip(sheet.lines, sheet.hits):
            has_siret_label = any(h.category == "siret" for h in line_hits)
            if has_siret_label or _siret_label_above(sheet, line):
                for value, words in sirets_in(line):
                    side, sure = _side_of(sheet, line, words[0])
                    sirets["siret"].append((value, sure, side, words))
            for value, words, valid in vat_ids_in(line):
                has_label = any(h.category in ("vat_id", "total_tva") for h in line_hits)
                if not valid and not has_label:
                    continue
                side, sure = _side_of(sheet, line, words[0])
                sirets["vat"].append((value, sure if valid else min(sure, 1.0), side, words))
    for kind, supplier_name, buyer_name in (
        ("siret", "supplier_siret", "buyer_siret"),
        ("vat", "supplier_vat", None),
    ):
        found = sirets[kind]
        validator = stdnum_siret.is_valid if kind == "siret" else vat_valid
        supplier = [f for f in found if f[2] == "supplier"]
        buyer = [f for f in found if f[2] == "buyer"]
        unknown = [f for f in found if f[2] == "unknown"]
        buyer_values = {f[0] for f in buyer}
        valid_unknown = [f for f in unknown if f[0] not in buyer_values and validator(f[0])]
        if not supplier or (valid_unknown and not any(validator(f[0]) for f in supplier)):
            # Nothing says whose it is, or the supplier's own printing fails its check digits while
            # another number on the page holds: take the valid one, never with high confidence.
            supplier = valid_unknown or [f for f in unknown if f[0] not in buyer_values]
            sure_cap = 1.0
        else:
            sure_cap = 3.0
        if supplier:
            best = max(supplier, key=lambda f: (validator(f[0]), f[1], -f[3][0].page))
            distinct = {f[0] for f in supplier}
            confident = validator(best[0]) and min(best[1], sure_cap) >= 2.0 and len(distinct) == 1
            set_field(fields, supplier_name, best[0], confident, best[3])
        if buyer_name and buyer:
            best = max(buyer, key=lambda f: f[1])
            distinct = {f[0] for f in buyer}
            confident = (
                validator(best[0])
                and best[1] >= 2.0
                and len(distinct) == 1
                and best[0] != (fields[supplier_name].value if supplier_name in fields else None)
            )
            set_field(fields, buyer_name, best[0], confident, best[3])


def _siret_label_above(sheet: Sheet, line: Line) -> bool:
    """`SIRET` printed over its value (a row of labels over a row of values, as in some footers)."""
    if line.index == 0:
        return False
    above = sheet.lines[line.index - 1]
    if line.top - above.bottom > 2.0 * max(line.height, 6.0):
        return False
    labels = [h for h in sheet.hits[above.index] if h.category == "siret"]
    return any(
        any(horizontal_overlap(w.x0, w.x1, hit.x0 - 4, hit.x1 + 60) for w in words)
        for hit in labels
        for _value, words in sirets_in(line)
    )


def _side_of(sheet: Sheet, line: Line, word: Word) -> tuple[str, float]:
    """Whose identifier is this word: ("supplier"|"buyer"|"other"|"unknown", how sure 0..3)."""
    # The words between the previous value of the line and this one: `N° TVA client`, not
    # `N° client : 004453 N° TVA :`.
    before_words = [w for w in line.words if w.x1 <= word.x0 + 1]
    while any(any(ch.isdigit() for ch in w.text) for w in before_words):
        cut = max(i for i, w in enumerate(before_words) if any(ch.isdigit() for ch in w.text))
        before_words = before_words[cut + 1 :]
    before = compact(before_words)[0]
    if re.search(r"client|acheteur|customer|buyer|kunde|destinataire", before):
        return "buyer", 2.5
    if re.search(r"fournisseur|vendeur|supplier|seller|emetteur|lieferant", before):
        return "supplier", 2.5
    if _is_legal(sheet, line):
        return "supplier", 3.0
    centre = (line.words[0].x0 + line.words[-1].x1) / 2
    if (
        line.top > 0.85 * sheet.height
        and len(line.segments) == 1
        and abs(centre - sheet.width / 2) < 0.1 * sheet.width
    ):
        # A centred line at the foot of the page is the issuer's mentions (a payment slip, which
        # repeats the buyer's address there, is set on the left); the side is taken, never sure.
        return "supplier", 1.5
    header = _header_above(sheet, line, word)
    if header == "buyer_header" or header == "delivery_header":
        return "buyer", 2.0 if header == "buyer_header" else 1.5
    if header == "supplier_header":
        return "supplier", 2.0
    if header == "other_header":
        return "other", 2.0
    return "unknown", 0.0


def _is_legal(sheet: Sheet, line: Line) -> bool:
    """A line of the issuer's legal mentions (capital, RCS, siège social), or part of their paragraph.

    A neighbour line counts only in the footer or when the line runs across the page: in an
    address block, the buyer's own `R.C.S.` line must not turn the buyer's VAT number into ours.
    """
    if LEGAL_RE.search(line.folded):
        return True
    paragraph = line.top > 0.75 * sheet.height or (
        len(line.segments) == 1 and line.words[-1].x1 - line.words[0].x0 > 0.5 * sheet.width
    )
    if not paragraph:
        return False
    for other in sheet.lines[max(0, line.index - 1) : line.index + 2]:
        near = other is not line and abs(other.top - line.top) < 2.2 * max(line.height, 6.0)
        if near and LEGAL_RE.search(other.folded):
            return True
    return False


def _header_above(sheet: Sheet, line: Line, word: Word) -> str | None:
    """The role of the nearest two-column header above `word`, in its column."""
    best: tuple[float, float, str] | None = None
    # Where the value's own block starts (its label's segment): a header far to the left of it heads
    # another column (`Client` over the left block, the issuer's block on the right without a header).
    segments = line.segments
    at = next((i for i, seg in enumerate(segments) if word in seg), 0)
    if at > 0 and segments[at][0] is word:
        at -= 1  # the value printed apart from its label: the label's segment starts the block
    block_x0 = segments[at][0].x0 if segments else word.x0
    for other in sheet.lines[max(0, line.index - 30) : line.index + 1]:
        if other.top > line.top + 1 or line.top - other.top > 350:
            continue
        for segment in other.segments:
            if other is line and segment[0].x0 > word.x0:
                continue
            role = segment_role(segment)
            if role is None or role == "sub_header" or segment[0].x0 > word.x0 + 15:
                continue
            if block_x0 - segment[0].x0 > 0.25 * sheet.width:
                continue
            key = (segment[0].x0, other.top)
            if best is None or key[0] > best[0] + 40 or (abs(key[0] - best[0]) <= 40 and key[1] > best[1]):
                best = (key[0], key[1], role)
    return None if best is None else best[2]
