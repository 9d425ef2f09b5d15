"""Identifiers printed on the page: SIRET and intra-community VAT numbers found in a line (whose they
are is decided in `party_identifiers.py`), the IBAN, and the references the buyer gives (order number,
contract number, service code)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from stdnum import iban as stdnum_iban
from stdnum.ch import vat as stdnum_ch_vat
from stdnum.eu import vat as stdnum_vat

from chorus_desktop.core.extraction.candidates import Candidate, Fields, choose_text, reading_order
from chorus_desktop.core.extraction.label_values import ID_RE, pieces_after, strip_fillers, words_after
from chorus_desktop.core.extraction.labels import LabelHit
from chorus_desktop.core.extraction.layout import Line, Word, fold
from chorus_desktop.core.extraction.sheets import Sheet, all_hits, words_below

_VAT_ID_RE = re.compile(
    r"(?:(?<=TVA)|(?<=VAT)|(?<=BTW)|(?<=UST)|(?<=ID)|(?<=NR)|(?<![A-Z0-9]))"
    r"(FR[0-9A-HJ-NP-Z]{2}\d{9}|DE\d{9}|ATU\d{8}|BE[01]?\d{9}|NL\d{9}B\d{2}|ES[A-Z0-9]\d{7}[A-Z0-9]|IT\d{11}"
    r"|LU\d{8}|GB\d{9}(?:\d{3})?|(?:PT|IE|DK|SE|FI|PL|CZ|EL|SK|SI|HU|RO|BG|HR|LT|LV|EE|CY|MT)\d{8,12}"
    r"|CHE-?\d{3}\.?\d{3}\.?\d{3}(?:TVA|MWST|IVA)?)(?![0-9])"
)
# The same number without the look-behind, tried only where a word starts.
_VAT_ID_BARE_RE = re.compile(_VAT_ID_RE.pattern[_VAT_ID_RE.pattern.index("(FR") :])
_IBAN_SHAPE_RE = re.compile(r"^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$")
_NO_VALUE = frozenset({"aucun", "aucune", "neant", "none", "n/a", "na", "-", "sans", "nil"})


def sirets_in(line: Line) -> list[tuple[str, list[Word]]]:
    """14-digit SIRET numbers printed in `line`, whole (`53084813400017`), spaced or glued to a label."""
    found: list[tuple[str, list[Word]]] = []
    words = line.words
    for index, word in enumerate(words):
        glued = re.search(r"(?<!\d)(\d{14})(?!\d)", word.text)
        if glued:
            found.append((glued.group(1), [word]))
            continue
        digits = ""
        used: list[Word] = []
        for other in words[index : index + 6]:
            token = other.text.rstrip(".,;")
            if not token.isdigit() or (used and other.x0 - used[-1].x1 > 2 * other.height):
                break
            digits += token
            used.append(other)
            if len(digits) >= 14:
                break
        if (
            len(digits) == 14
            and len(used) > 1
            and not (index > 0 and words[index - 1].text.rstrip(".,;").isdigit())
        ):
            found.append((digits, used))
    return found


def vat_ids_in(line: Line) -> list[tuple[str, list[Word], bool]]:
    """Intra-community VAT numbers in `line` (`FR 32 123 456 789` spaced or not), with validity."""
    parts = [w.text.upper().replace("\u00a0", "") for w in line.words]
    owner: list[int] = []
    for index, part in enumerate(parts):
        owner.extend([index] * len(part))
    text = "".join(parts)
    matches = list(_VAT_ID_RE.finditer(text))
    # The words are joined without spaces, so a number printed as its own word after a label ending in
    # a letter (`TVA intracommunautaire FR32123456789`) is only found by starting at the word itself.
    taken = {m.start(1) for m in matches}
    start = 0
    for part in parts:
        if start not in taken and (match := _VAT_ID_RE.match(text, start)) is None:
            match = _VAT_ID_BARE_RE.match(text, start)
            if match is not None and not any(
                m.start(1) < match.end(1) and match.start(1) < m.end(1) for m in matches
            ):
                matches.append(match)
        start += len(part)
    found: list[tuple[str, list[Word], bool]] = []
    for match in sorted(matches, key=lambda m: m.start(1)):
        value = re.sub(r"(?:TVA|MWST|IVA)$", "", match.group(1))
        words = line.words[owner[match.start(1)] : owner[match.end(1) - 1] + 1]
        found.append((value, words, vat_valid(value)))
    return found


def vat_valid(value: str) -> bool:
    if value.startswith("CHE"):
        return bool(
            stdnum_ch_vat.is_valid(value if value.endswith(("TVA", "MWST", "IVA")) else value + "TVA")
        )
    return bool(stdnum_vat.is_valid(value))


def siren_of(identifier: str) -> str | None:
    """The SIREN inside a SIRET or a French VAT number: the same company under both."""
    if len(identifier) == 14 and identifier.isdigit():
        return identifier[:9]
    if identifier.startswith("FR") and len(identifier) == 13 and identifier[4:].isdigit():
        return identifier[4:]
    return None


def identifier_words(line: Line, line_hits: Sequence[LabelHit]) -> set[int]:
    """ids of the words that print an identifier (after a SIRET/TVA/IBAN label, or a VAT number)."""
    found = {id(w) for _value, words, _valid in vat_ids_in(line) for w in words}
    for hit in line_hits:
        if hit.category in ("vat_id", "siret", "iban"):
            found.update(id(w) for w in words_after(hit, line_hits))
    return found


def read_references(sheets: list[Sheet], fields: Fields) -> None:
    """Order number, contract number and service code, from their labels."""
    for category, name in (
        ("po_number", "po_number"),
        ("contract_number", "contract_number"),
        ("service_code", "service_code"),
    ):
        candidates: list[Candidate] = []
        for sheet, hit, line_hits in all_hits(sheets, category):
            pieces = strip_fillers(pieces_after(hit, line_hits))
            if not pieces:
                continue
            text, word = pieces[0]
            text = text.strip().rstrip(".,;")
            if fold(text) in _NO_VALUE or not ID_RE.fullmatch(text) or len(text) < 2:
                continue
            if name != "service_code" and not any(ch.isdigit() for ch in text):
                continue
            label = "".join(w.folded for w in hit.words)
            weak = "reference" in label or label.startswith(("order", "votre"))
            candidates.append(
                Candidate(text, 2.0 if weak else 3.0, [word], reading_order(word, sheet.height))
            )
        choose_text(fields, name, candidates)


def read_iban(sheets: list[Sheet], fields: Fields) -> None:
    candidates: list[Candidate] = []
    for sheet, hit, line_hits in all_hits(sheets, "iban"):
        pieces = strip_fillers(pieces_after(hit, line_hits))
        if not pieces:
            pieces = strip_fillers([(w.text, w) for w in words_below(sheet, hit, widen=60)])
        joined, used = "", []
        for text, word in pieces[:10]:
            token = text.strip().upper()
            if not re.fullmatch(r"[A-Z0-9]{1,34}", token) or fold(token) in ("bic", "swift"):
                break
            joined += token
            used.append(word)
            if len(joined) >= 34:
                break
        for end in range(len(joined), 14, -1):
            if stdnum_iban.is_valid(joined[:end]):
                candidates.append(
                    Candidate(joined[:end], 3.0, used, reading_order(hit.words[0], sheet.height))
                )
                break
        else:
            if _IBAN_SHAPE_RE.match(joined):
                candidates.append(Candidate(joined, 1.0, used, reading_order(hit.words[0], sheet.height)))
    choose_text(fields, "iban", candidates)
