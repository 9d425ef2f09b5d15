"""The supplier and the buyer: their identifiers (`party_identifiers.py`), then their names, from the
first line under their column header (`Facturé à`) or, without a header, from the address blocks at the
top of the first page. Names are always `low`."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from stdnum.fr import siret as stdnum_siret

from chorus_desktop.core.extraction.candidates import Fields, set_field
from chorus_desktop.core.extraction.identifiers import siren_of, sirets_in, vat_ids_in
from chorus_desktop.core.extraction.labels import LEGAL_RE, LabelHit, compact, header_with_value, segment_role
from chorus_desktop.core.extraction.layout import Line, Word, fold, lines_below, union_box
from chorus_desktop.core.extraction.party_identifiers import read_party_identifiers
from chorus_desktop.core.extraction.sheets import Sheet

_POSTAL_RE = re.compile(r"(?<![\d./])(?:[A-Z]{1,2}-)?\d{4,5}(?![\d./])[ ,]?[A-Za-zÀ-ÿ]")
_CIVILITIES = frozenset(
    {"monsieur", "madame", "m.", "mme", "mlle", "herr", "frau", "mr", "mrs", "ms", "mr.", "mrs."}
)
# Labels that end an address block: the invoice's own references and totals are not part of an address.
_BLOCK_BREAKERS = frozenset(
    {
        "invoice_number",
        "invoice_word",
        "number_word",
        "credit_title",
        "date",
        "other_date",
        "po_number",
        "contract_number",
        "service_code",
        "total_ht",
        "total_ttc",
        "amount_due",
        "total_generic",
        "payment_label",
    }
)


def read_parties(sheets: list[Sheet], fields: Fields) -> None:
    read_party_identifiers(sheets, fields)
    _read_names(sheets, fields)


def _read_names(sheets: list[Sheet], fields: Fields) -> None:
    """Buyer and supplier names: the first line under their column header (always `low`)."""
    for sheet in sheets[:1]:
        for line in sheet.lines:
            for segment in line.segments:
                role = segment_role(segment)
                inline = header_with_value(segment) if role is None else None
                if inline is not None:
                    name = "buyer" if inline[0] == "buyer_header" else "supplier_name"
                    text = " ".join(w.text for w in inline[1]).strip()
                    if name not in fields and sum(ch.isalpha() for ch in text) >= 3 and len(text) <= 80:
                        set_field(fields, name, text, False, inline[1])
                    continue
                if role not in ("buyer_header", "supplier_header"):
                    continue
                name = "buyer" if role == "buyer_header" else "supplier_name"
                if name in fields:
                    continue
                x0 = segment[0].x0
                for below in lines_below(sheet.lines, line, max_gap_factor=6.0)[:4]:
                    parts = [s for s in below.segments if abs(s[0].x0 - x0) <= 30]
                    if parts and segment_role(parts[0]) is not None:
                        continue  # a sub-heading (`Entité Juridique`) under the heading
                    if parts and any(
                        ":" in w.text
                        for w in below.words
                        if parts[0][0].x0 - 5 <= w.x0 <= parts[0][0].x0 + 250
                    ):
                        continue  # `Nummer : GE2020211`: a labelled detail, not the name
                    if parts:
                        text = " ".join(w.text for w in parts[0]).strip()
                        if _looks_like_name(text):
                            set_field(fields, name, text, False, parts[0])
                        break
    if "buyer" not in fields:
        _buyer_from_address_blocks(sheets[0], fields)


def _buyer_from_address_blocks(sheet: Sheet, fields: Fields) -> None:
    """No `Facturé à` header: the buyer is the address block that is not the issuer's.

    An address block is a few aligned lines ending with a postal code line. The issuer's block is
    the one whose name comes back elsewhere on the page (footer, return-address line) or that
    carries the supplier's identifiers; a block with other identifiers is the buyer's. Without
    such evidence the block in the right half (window envelope position) is taken. Always `low`.
    """
    if sheet.rotated:
        return
    supplier_ids = {
        fields[n].value
        for n in ("supplier_siret", "supplier_vat")
        if n in fields and fields[n].confidence == "high"
    }
    siret_field, vat_field = fields.get("supplier_siret"), fields.get("supplier_vat")
    if (
        not supplier_ids
        and siret_field is not None
        and vat_field is not None
        and siren_of(str(siret_field.value)) is not None
        and siren_of(str(siret_field.value)) == siren_of(str(vat_field.value))
    ):
        # Neither is sure, but a SIRET and a VAT number of the same company tell its block apart.
        supplier_ids = {siret_field.value, vat_field.value}
    supplier_sirens = {siren_of(v) for v in supplier_ids} - {None}
    # Where the issuer names itself: footer, legal mentions, a one-line return address.
    issuer_texts: list[tuple[str, set[int]]] = []
    for line in sheet.lines:
        if line.top > 0.8 * sheet.height or LEGAL_RE.search(line.folded):
            issuer_texts.append((line.compact, {id(w) for w in line.words}))
            continue
        for segment in line.segments:
            if len(segment) > 4 and _POSTAL_RE.search(" ".join(w.text for w in segment)):
                issuer_texts.append((compact(segment)[0], {id(w) for w in segment}))
    # (name words, evidence, x0, block box, SIRETs printed in the block)
    blocks: list[tuple[list[Word], int, float, Any, list[tuple[str, list[Word]]]]] = []
    used: set[int] = set()
    for line in sheet.lines:
        if line.top > 0.45 * sheet.height:
            break
        for segment in line.segments:
            if id(segment[0]) in used or _labelled(segment, sheet.hits[line.index], _BLOCK_BREAKERS):
                continue  # `Facture n° ...`, `Date : ...` lines are not an address block
            rows = [segment]
            for below in sheet.lines[line.index + 1 : line.index + 8]:
                if below.top - rows[-1][0].bottom > 3.0 * max(min(line.height, below.height), 6.0):
                    break
                aligned = [
                    s
                    for s in below.segments
                    if abs(s[0].x0 - segment[0].x0) <= 8 or abs(s[-1].x1 - segment[-1].x1) <= 8
                ]
                if aligned and _labelled(aligned[0], sheet.hits[below.index], _BLOCK_BREAKERS):
                    break
                if aligned:
                    rows.append(aligned[0])
            for row in rows:
                used.add(id(row[0]))
            texts = [" ".join(w.text for w in row) for row in rows]
            if len(rows) < 2 or not any(_POSTAL_RE.search(t) for t in texts[1:]):
                continue
            if _POSTAL_RE.search(texts[0]):  # a return-address line above the real block
                rows, texts = rows[1:], texts[1:]
            while len(rows) > 2 and (
                fold(texts[0]).strip(" .") in _CIVILITIES or segment_role(rows[0]) is not None
            ):
                rows, texts = rows[1:], texts[1:]  # `Monsieur`, `Entité Juridique`: not the name
            name_words = rows[0]
            key = compact(name_words)[0]
            block_ids = {value for row in rows for value, _w, _v in vat_ids_in(Line(list(row), sheet.page))}
            block_sirets = [found for row in rows for found in sirets_in(Line(list(row), sheet.page))]
            block_ids |= {value for value, _w in block_sirets}
            evidence = 0
            block_sirens = {siren_of(v) for v in block_ids} - {None}
            if block_ids & supplier_ids or block_sirens & supplier_sirens:
                evidence = -2
            elif block_ids and supplier_ids:
                evidence = 2
            elif len(key) >= 4 and any(
                key in text for text, members in issuer_texts if id(name_words[0]) not in members
            ):
                evidence = -1  # the name comes back in the footer or a return-address line: the issuer
            elif block_ids and name_words[0].x0 < 0.45 * sheet.width:
                evidence = -1  # identifiers in the top-left block, nothing says whose: the letterhead
            blocks.append(
                (
                    name_words,
                    evidence,
                    name_words[0].x0,
                    union_box(w for row in rows for w in row),
                    block_sirets,
                )
            )
    issuers = [b for b in blocks if b[1] < 0]
    if issuers and "supplier_name" not in fields:
        first = min(issuers, key=lambda b: b[0][0].top)
        name_text = " ".join(w.text for w in first[0]).strip()
        if _looks_like_name(name_text):
            set_field(fields, "supplier_name", name_text, False, first[0])
    candidates = [b for b in blocks if b[1] >= 0]
    if not candidates:
        return
    best = max(candidates, key=lambda b: (b[1], b[2] > 0.45 * sheet.width, -b[0][0].top))
    text = " ".join(w.text for w in best[0]).strip()
    supplier = fields.get("supplier_name")
    if _looks_like_name(text) and (supplier is None or fold(str(supplier.value)) != fold(text)):
        set_field(fields, "buyer", text, False, best[0])
    # An identifier given to the supplier only by default but printed inside the buyer's block is
    # the buyer's: drop it rather than show the buyer's number as ours.
    box = best[3]
    siret_read = fields.get("supplier_siret")
    for name, buyer_name in (("supplier_siret", "buyer_siret"), ("supplier_vat", None)):
        found = fields.get(name)
        # A VAT number whose SIREN is not the supplier's SIRET's belongs to someone else: inside the
        # buyer's block it is the buyer's, even when nothing else tells the blocks apart.
        other_company = (
            name == "supplier_vat"
            and found is not None
            and siret_read is not None
            and siren_of(str(found.value)) not in (None, siren_of(str(siret_read.value)))
        )
        if (
            (best[1] <= 0 and not other_company)
            or found is None
            or found.confidence == "high"
            or found.bbox is None
            or found.page != sheet.page
        ):
            continue
        inside = (
            box.x0 - 2 <= found.bbox.x0
            and found.bbox.x1 <= box.x1 + 2
            and box.top - 2 <= found.bbox.top
            and found.bbox.bottom <= box.bottom + 2
        )
        if inside:
            moved = fields.pop(name)
            if buyer_name is not None and buyer_name not in fields:
                fields[buyer_name] = moved
    # The one valid SIRET printed in the buyer's address block, other than the supplier's, is the
    # buyer's (`SIRET : …` under a commune's address); `low`, since nothing but the block says so.
    supplier_siret = fields.get("supplier_siret")
    own = {v for v, _w in best[4] if stdnum_siret.is_valid(v)} - {
        supplier_siret.value if supplier_siret else None
    }
    if "buyer_siret" not in fields and len(own) == 1:
        value = own.pop()
        set_field(fields, "buyer_siret", value, False, next(w for v, w in best[4] if v == value))


def _labelled(segment: Sequence[Word], line_hits: Sequence[LabelHit], categories: frozenset[str]) -> bool:
    members = {id(w) for w in segment}
    return any(h.category in categories and any(id(w) in members for w in h.words) for h in line_hits)


def _looks_like_name(text: str) -> bool:
    """A party name starts with a letter and is mostly letters (not `+33 4 50...`, not `12 avenue`)."""
    compact_text = text.replace(" ", "")
    return (
        bool(compact_text)
        and compact_text[0].isalpha()
        and len(text) <= 80
        and sum(ch.isalpha() for ch in compact_text) * 2 >= len(compact_text)
    )
