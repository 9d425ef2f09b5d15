"""The invoice's own references: its number, its date, invoice or credit note, and for a credit note the
number of the invoice it corrects."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from chorus_desktop.core.extraction.candidates import Candidate, Fields, choose_text, reading_order, set_field
from chorus_desktop.core.extraction.dates import find_date
from chorus_desktop.core.extraction.label_values import identifier, pieces_after, strip_fillers
from chorus_desktop.core.extraction.labels import LEGAL_RE, LabelHit, compact
from chorus_desktop.core.extraction.layout import Word, fold
from chorus_desktop.core.extraction.sheets import Sheet, all_hits, words_below

_SPECIFIC_DATE_WORDS = (
    "factur",
    "emission",
    "edition",
    "invoice",
    "issue",
    "rechnungs",
    "factuur",
    "fecha",
    "billing",
    "emise",
    "etablie",
)
# `Paris, le 12 mars 2024`: the place-and-date line of a French letter-style invoice.
_PLACE_DATE_RE = re.compile(r"^[a-z][a-z' \-]{1,30}, (?:le )?(.{6,30})$")  # `Lyon, 3 février 2026` too
_LE_DATE_RE = re.compile(r"^(?:fait a [a-z' \-]{1,30},? )?le (.{6,30})$")
# `Du : 26.08.2026` under `N° : 12345` in a title box; `du … au …` is a period, not a date.
_DU_DATE_RE = re.compile(r"^du ?:? ?((?:(?! au ).){6,30})$")


def read_invoice_number_and_date(sheets: list[Sheet], fields: Fields) -> None:
    numbers: list[Candidate] = []
    dates: list[Candidate] = []
    us_dates = fields.get("currency") is not None and fields["currency"].value == "USD"
    for sheet, hit, line_hits in all_hits(sheets, "invoice_number", "invoice_word", "number_word", "date"):
        raw_pieces = pieces_after(hit, line_hits)
        if hit.category == "invoice_word" and len(raw_pieces) > 1 and fold(raw_pieces[0][0]) == "du":
            # `Facture du 12/03/2024`: the title gives the invoice date, not a number.
            found = _date_from(raw_pieces[1:], us_dates)
            if found is not None:
                dates.append(
                    Candidate(found[0], 2.5, found[1], reading_order(hit.words[0], sheet.height), "title")
                )
            continue
        beside = strip_fillers(raw_pieces)
        # The value beside the label; else the one below it (a row of labels over a row of values:
        # `Numéro   Date   Client` then `F2688894   11/09/2026   C1234`, where the text beside a label
        # is the next label of the row, not its value).
        if beside and _read_hit(sheets, sheet, hit, beside, False, us_dates, numbers, dates):
            continue
        below = strip_fillers([(w.text, w) for w in words_below(sheet, hit, widen=4.0, whole_segment=True)])
        header_row = bool(beside) and sheet is sheets[0] and hit.line.top < 0.4 * sheet.height
        header_row = header_row and _far_from(hit, beside[0][1])
        if below and (not beside or header_row):
            _read_hit(sheets, sheet, hit, below, True, us_dates, numbers, dates)
    if all(d.strength < 1.5 for d in dates):  # none, or only dates of other invoices mentioned
        dates += _place_dates(sheets[0], us_dates)
    if not dates:
        dates += _header_dates(sheets[0], us_dates)
    choose_text(fields, "invoice_number", numbers)
    choose_text(fields, "date", dates)


def _far_from(hit: LabelHit, word: Word) -> bool:
    """The text beside the label stands apart, in another column: it is not the label's value. Only
    trusted in the header of the first page, where rows of labels over rows of values are usual (a
    `Date` heading in the line-items table stands apart from `Description` too)."""
    return word.x0 - hit.words[-1].x1 > 2.0 * max(hit.words[-1].height, 6.0)


def _read_hit(
    sheets: list[Sheet],
    sheet: Sheet,
    hit: LabelHit,
    pieces: list[tuple[str, Word]],
    from_below: bool,
    us_dates: bool,
    numbers: list[Candidate],
    dates: list[Candidate],
) -> bool:
    """Read the number or the date a label gives from `pieces`; False when they give none."""
    order = reading_order(hit.words[0], sheet.height)
    if hit.category == "date":
        found = _date_from(pieces, us_dates)
        if found is None:
            return False
        value, used = found
        label_text = compact(hit.words)[0]
        # A bare `Date :` in the header block of the first page is the invoice date.
        named = any(key in label_text for key in _SPECIFIC_DATE_WORDS)
        header = sheet is sheets[0] and hit.line.top < 0.4 * sheet.height and not sheet.rotated
        # `Date de facturation` above its value (a label row, a value row) is as sure as beside
        # it; a bare `Date` above a value may head a column of line dates.
        strength = 3.0 if named or (header and not from_below) else 2.5 if header else 2.0
        dates.append(Candidate(value, strength, used, order, hit.category))
        return True
    text, word = pieces[0]
    value = identifier(text)
    words = [word]
    if (
        value is None
        and len(pieces) > 1
        and re.fullmatch(r"[A-Z]{1,4}", text.strip())
        and pieces[1][1].x0 - word.x1 < word.height
    ):
        # `Facture n° FA 2024-0042`: a short prefix printed apart from the digits.
        value = identifier(text.strip() + pieces[1][0].strip())
        value = None if value is None else f"{text.strip()} {pieces[1][0].strip()}"
        words = [word, pieces[1][1]]
        from_below = True  # read from two words: one step less sure
    if value is None or (
        hit.category in ("invoice_word", "number_word") and len(value) < 3 and not _mixed(value)
    ):
        return False  # `Facture 2 sur 3` is not an invoice number; `Facture F1` may be one
    spaced = False
    if words == [word]:
        value, words = _spaced_number(value, pieces, words)
        spaced = len(words) > 1  # read from several words: one step less sure, as from below
    strength = 3.0 if hit.category == "invoice_number" else 1.5
    if hit.category == "invoice_word" and _is_title(sheets, sheet, hit, value):
        strength = 3.0  # `Facture FA-2017-0010` as the document's title
    if _inside_sentence(hit):
        # `Déduction acompte facture n° F1234 du 07/01/2026`, `remplace la facture n° …`: another
        # invoice mentioned in a line, not this one's reference.
        strength = min(strength, 1.0)
    if from_below or spaced:
        strength -= 0.5
    if sheet.rotated:
        strength -= 1.0
    numbers.append(Candidate(value, strength, words, order, hit.category))
    # `Facture n° 562044387 du 02 Juillet 2015`: the date that follows the number is the invoice date.
    rest = pieces[len(words) :] if spaced else pieces[1:]
    if rest and fold(rest[0][0]) in ("du", "vom", "von", "of", "dated", "le", "en", "date"):
        found = _date_from(rest[1:], us_dates)
        if found is not None:
            dates.append(Candidate(found[0], strength, found[1], order, "number_date"))
    return True


def _mixed(value: str) -> bool:
    return any(ch.isalpha() for ch in value) and any(ch.isdigit() for ch in value)


def _spaced_number(value: str, pieces: list[tuple[str, Word]], words: list[Word]) -> tuple[str, list[Word]]:
    """`N° 2024 000123`: digit groups printed apart, a word space between them, are one number, unless
    the next group starts a date (`Facture 2024-001 15 mars 2024`)."""
    if not value[-1].isdigit():
        return value, words
    kept = list(words)
    for index in range(1, min(len(pieces), 3)):
        text, word = pieces[index]
        if not re.fullmatch(r"\d{2,6}", text) or word.x0 - kept[-1].x1 > 0.6 * max(word.height, 1.0):
            break
        following = find_date(" ".join(t for t, _w in pieces[index : index + 4]))
        if following is not None and following[1] == 0:
            break
        value = f"{value} {text}"
        kept.append(word)
    return value, kept


def _inside_sentence(hit: LabelHit) -> bool:
    """Words stand before the label in its segment: the label is inside a sentence or a line label."""
    segment = next((seg for seg in hit.line.segments if hit.words[0] in seg), [])
    return bool(segment) and segment[0] is not hit.words[0] and hit.category != "date"


def _is_title(sheets: list[Sheet], sheet: Sheet, hit: LabelHit, value: str) -> bool:
    """The title word starts a short segment at the top of the first page and the number looks like
    one (letters with digits, separators, or at least five digits: not a year, not a page count)."""
    if sheet is not sheets[0] or sheet.rotated or hit.line.top > 0.35 * sheet.height:
        return False
    segment = next((seg for seg in hit.line.segments if hit.words[0] in seg), [])
    if not segment or segment[0] is not hit.words[0] or len(segment) > 4:
        return False
    return bool(re.search(r"[A-Za-z/\-_.]", value)) or len(value) >= 5


def _place_dates(sheet: Sheet, us: bool) -> list[Candidate]:
    """`Paris, le 12 mars 2024` or `Du : 12/03/2024` at the top of the first page (`Fait à Paris le …`
    anywhere on it), when no label gives the date. Always `low`."""
    found: list[Candidate] = []
    for line in sheet.lines:
        low_on_page = line.top > 0.4 * sheet.height
        for segment in line.segments:
            text = " ".join(w.folded for w in segment)
            if low_on_page and not text.startswith("fait a "):
                continue  # `Fait à Lyon, le …` closes a letter-style invoice, under its lines
            match = _PLACE_DATE_RE.match(text) or _LE_DATE_RE.match(text) or _DU_DATE_RE.match(text)
            if match is None:
                continue
            date = find_date(match.group(1), us=us)
            if date is not None and date[1] == 0:
                found.append(
                    Candidate(date[0], 1.5, list(segment), reading_order(segment[0], sheet.height), "place")
                )
    return found


def _header_dates(sheet: Sheet, us: bool) -> list[Candidate]:
    """The first date printed in the header of the first page, when no label gives one (the date inside
    a sentence or alone under the title). Not on a line that names another date (`échéance`,
    `livraison`) nor in the legal mentions. Weakest evidence, always `low`."""
    for line, hits in zip(sheet.lines, sheet.hits):
        if line.top > 0.45 * sheet.height:
            break
        if any(h.category in ("other_date", "original_invoice") for h in hits) or LEGAL_RE.search(
            line.folded
        ):
            continue
        found = find_date(line.text, us=us)
        # Not `20170201` glued in a reference (`20170201-01`): only dates written as dates.
        if found is not None and not fold(line.text)[found[1] : found[2]].isdigit():
            words = [w for w in line.words if any(ch.isdigit() for ch in w.text)][:1] or line.words[:1]
            return [Candidate(found[0], 1.0, words, reading_order(line.words[0], sheet.height), "header")]
    return []


def _date_from(pieces: Sequence[tuple[str, Word]], us: bool) -> tuple[Any, list[Word]] | None:
    """A date at the start of `pieces` (up to five words, `1er décembre 2026`)."""
    texts: list[str] = []
    used: list[Word] = []
    for text, word in pieces[:5]:
        if used and word.x0 - used[-1].x1 > 3 * word.height:
            break
        texts.append(text)
        used.append(word)
    joined = " ".join(texts)
    found = find_date(joined, us=us)
    if found is None or found[1] > 2:
        return None
    value, _start, end = found
    # Keep only the words the date was read from, for the highlight box.
    length = 0
    kept: list[Word] = []
    for text, word in zip(texts, used):
        if length >= end:
            break
        kept.append(word)
        length += len(text) + 1
    return value, kept or used[:1]


def read_document_type(sheets: list[Sheet], fields: Fields) -> None:
    """Credit note when a credit title heads the first page, else invoice when a number was read."""
    credit_words: list[Word] = []
    for sheet, hit, line_hits in all_hits(sheets, "credit_title", "invoice_word", "invoice_number"):
        folded = "".join(w.folded for w in hit.words)
        if (
            hit.category == "credit_title"
            or "avoir" in folded
            or "credit" in folded
            or "gutschrift" in folded
        ):
            # A title, not the verb in a sentence (`sans avoir à ...`): it starts a short segment.
            segment = next((seg for seg in hit.line.segments if hit.words[0] in seg), [])
            pieces = strip_fillers(pieces_after(hit, line_hits))
            numbered = bool(pieces) and identifier(pieces[0][0]) is not None
            title = bool(segment) and segment[0] is hit.words[0] and (len(segment) <= 6 or numbered)
            if title and hit.line.index < 25 and hit.words[0].page == sheets[0].page:
                credit_words.extend(hit.words)
    number = fields.get("invoice_number")
    if credit_words:
        set_field(fields, "document_type", "credit_note", True, credit_words)
    elif number is not None:
        set_field(fields, "document_type", "invoice", number.confidence == "high", [])
        fields["document_type"].page = number.page
        fields["document_type"].bbox = number.bbox
    if credit_words:
        originals: list[Candidate] = []
        for sheet, hit, line_hits in all_hits(sheets, "original_invoice"):
            pieces = strip_fillers(pieces_after(hit, line_hits))
            if pieces and (value := identifier(pieces[0][0])) is not None:
                originals.append(
                    Candidate(value, 3.0, [pieces[0][1]], reading_order(hit.words[0], sheet.height))
                )
        choose_text(fields, "original_invoice_number", originals)
