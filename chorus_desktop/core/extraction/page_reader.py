"""Read invoice fields from the words printed on the page, the way an accountant reads them.

No per-vendor template: labels (see `labels.py`), word positions (`layout.py`) and arithmetic. The
totals are the HT/TVA/TTC triple that satisfies HT + TVA = TTC among the amounts found next to total
labels; the VAT breakdown is the set of (rate, base, amount) rows whose sums give those totals;
identifiers are kept only when their check digits hold or a label says what they are, and are given to
the supplier or the buyer by the header column, the label or the legal-mentions line they sit in.

Confidence is `high` only when the page itself confirms the value (specific label and no competing
value, arithmetic or check digits); everything else is `low`. The orchestrator may lower it further.

Cost: `extract_words` is called exactly once per page read, everything else is plain Python on those
words. Long documents are read on their first and last pages only (header fields are at the top of the
first page, totals at the bottom of the last one).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import combinations
from typing import Any, Iterable, Sequence

from pdfplumber.pdf import PDF
from stdnum import iban as stdnum_iban
from stdnum.ch import vat as stdnum_ch_vat
from stdnum.eu import vat as stdnum_vat
from stdnum.fr import siret as stdnum_siret

from chorus_desktop.core.extraction.dates import find_date
from chorus_desktop.core.extraction.labels import (
    LEGAL_RE,
    LabelHit,
    compact,
    find_labels,
    header_with_value,
    segment_role,
)
from chorus_desktop.core.extraction.layout import (
    Line,
    Word,
    fold,
    group_lines,
    horizontal_overlap,
    lines_below,
    to_words,
    union_box,
)
from chorus_desktop.core.extraction.numbers import has_two_decimals, normalise_rate, parse_amount
from chorus_desktop.core.model import FieldValue, Problem, VatLine

log = logging.getLogger(__name__)

# Documents up to this many pages are read whole; longer ones on their first and last pages only.
READ_WHOLE_UP_TO = 6
HEAD_PAGES = 2
TAIL_PAGES = 2

_CID_RE = re.compile(r"\(cid:\d+\)")
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
_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9/_.\-]{0,40}")
_RATE_IN_WORD_RE = re.compile(r"(?<![\d.,])(\d{1,2}(?:[.,]\d{1,3})?)\s?%")
_AMOUNT_PIECE_RE = re.compile(r"^[-−(]?[€$£]?\d[\d.,'’]*[)\-]?(?:€|eur)?$", re.IGNORECASE)
_THOUSANDS_HEAD_RE = re.compile(r"^[-−]?[1-9]\d{0,2}$")
_THOUSANDS_TAIL_RE = re.compile(r"^\d{3}(?:[.,]\d{1,2})?(?:€)?$|^\d{3}$")
_NO_VALUE = frozenset({"aucun", "aucune", "neant", "none", "n/a", "na", "-", "sans", "nil"})
_VAT_ID_RE = re.compile(
    r"(?:(?<=TVA)|(?<=VAT)|(?<=BTW)|(?<=UST)|(?<=ID)|(?<=NR)|(?<![A-Z0-9]))"
    r"(FR[0-9A-HJ-NP-Z]{2}\d{9}|DE\d{9}|ATU\d{8}|BE[01]?\d{9}|NL\d{9}B\d{2}|ES[A-Z0-9]\d{7}[A-Z0-9]|IT\d{11}"
    r"|LU\d{8}|GB\d{9}(?:\d{3})?|(?:PT|IE|DK|SE|FI|PL|CZ|EL|SK|SI|HU|RO|BG|HR|LT|LV|EE|CY|MT)\d{8,12}"
    r"|CHE-?\d{3}\.?\d{3}\.?\d{3}(?:TVA|MWST|IVA)?)(?![0-9])"
)
_IBAN_SHAPE_RE = re.compile(r"^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$")
_PAID_RE = re.compile(
    r"(?:facture|note)(?:acquittee|reglee|payee)(?!surles)|acquitteele|payeele\d|payee(?:par|le)|regleele\d"
    r"|statut:?payee|dejareglee|paidon|paidinfull|bezahltam|statut:?paid"
)
_REGIME_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"tvanonapplicable|art(?:icle|\.)?293b|293bdu(?:cgi|code)|nonassujetti|franchiseenbase"),
        "SANS_TVA",
    ),
    (re.compile(r"surlesencaissements"), "TVA_SUR_ENCAISSEMENT"),
    (re.compile(r"(?:surles|d'apreslesdebits|apreslesdebits)debits|d'apreslesdebits"), "TVA_SUR_DEBIT"),
    (
        re.compile(
            r"exonerationdetva|exonere(?:e|s)?detva|exonere(?:e|s)?de(?:la)?tva|exonere(?:e)?(?:art|article)"
            r"|exoneration(?:art|article)|(?<![a-z])art(?:icle|\.)?26[12](?!\d)"
        ),
        "EXONERATION",
    ),
)
_PAYMENT_WORDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"virement|banktransfer|wiretransfer|uberweisung|overschrijving|transferencia"), "VIREMENT"),
    (re.compile(r"prelevement|directdebit|lastschrift|domiciliering"), "PRELEVEMENT"),
    (re.compile(r"cheque|check(?!out)"), "CHEQUE"),
    (re.compile(r"cartebancaire|cartedecredit|carteachat|parcarte|creditcard|\bcb\b|kreditkarte"), "CARTE"),
    (re.compile(r"especes|cash|bargeld"), "ESPECE"),
)
_CURRENCY_WORDS = {
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
_POSTAL_RE = re.compile(r"(?<![\d./])(?:[A-Z]{1,2}-)?\d{4,5}(?![\d./])[ ,]?[A-Za-zÀ-ÿ]")
_CIVILITIES = frozenset(
    {"monsieur", "madame", "m.", "mme", "mlle", "herr", "frau", "mr", "mrs", "ms", "mr.", "mrs."}
)
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
_PLACE_DATE_RE = re.compile(r"^[a-z][a-z' \-]{1,30}, le (.{6,30})$")
_LE_DATE_RE = re.compile(r"^le (.{6,30})$")
_PAID_STAMPS = frozenset({"paye", "payee", "acquitte", "acquittee", "regle", "reglee", "paid", "bezahlt"})
_BLOCK_BREAKERS = frozenset(
    {
        "invoice_number",
        "invoice_word",
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
_TOTAL_ROLES = ("total_ht", "subtotal", "total_tva", "total_ttc", "amount_due", "total_generic", "advance")


@dataclass
class PageReading:
    """What the page text says: fields (source "text") and problems (French messages)."""

    fields: dict[str, FieldValue] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


@dataclass
class _Sheet:
    """The lines of one page in one text orientation, with their labels."""

    page: int
    lines: list[Line]
    hits: list[list[LabelHit]]
    width: float
    height: float
    rotated: bool
    stamps: list[Word] = field(default_factory=list)  # giant words kept out of the lines (`PAYÉ`)


@dataclass
class _Amount:
    value: Decimal
    words: list[Word]
    decimals: bool

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1


@dataclass
class _Candidate:
    value: Any
    strength: float
    words: list[Word]
    order: float  # reading position in the document: later is larger
    label: str = ""

    @property
    def page(self) -> int:
        return self.words[0].page


def read_page_fields(pdf: PDF) -> PageReading:
    """Read every field the page text gives, with its confidence, page and bounding box."""
    reading = PageReading()
    sheets, cid_words = _read_sheets(pdf, reading.problems)
    if cid_words:
        reading.problems.append(
            Problem(
                "glyphes_cid",
                f"Le texte de la page contient {cid_words} mot(s) aux caractères illisibles "
                "(glyphes « (cid:N) ») : ces passages ne sont pas lus, vérifiez les valeurs "
                "correspondantes sur le PDF.",
            )
        )
    if sheets:
        _Reader(sheets, len(pdf.pages), reading).read()
    return reading


def pages_to_read(page_count: int) -> list[int]:
    """0-based indices of the pages read: all of a short document, head and tail of a long one."""
    if page_count <= READ_WHOLE_UP_TO:
        return list(range(page_count))
    return sorted(set(range(HEAD_PAGES)) | set(range(page_count - TAIL_PAGES, page_count)))


def _read_sheets(pdf: PDF, problems: list[Problem]) -> tuple[list[_Sheet], int]:
    sheets: list[_Sheet] = []
    cid_words = 0
    indices = pages_to_read(len(pdf.pages))
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
                _Sheet(
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


# ----------------------------------------------------------------------------------------------------
# Small helpers on lines and words


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


def _amounts_in(words: Sequence[Word]) -> list[_Amount]:
    """Amounts printed among `words`, joining `1 326,00` split over two words and a detached sign."""
    found: list[_Amount] = []
    index = 0
    while index < len(words):
        word = words[index]
        text = word.text
        if "%" in text or not any(ch.isdigit() for ch in text):
            if text in ("-", "−") and index + 1 < len(words) and words[index + 1].x0 - word.x1 < word.height:
                following = _amounts_in(words[index + 1 : index + 2])
                if following:
                    found.append(
                        _Amount(-following[0].value, [word, *following[0].words], following[0].decimals)
                    )
                    index += 2
                    continue
            index += 1
            continue
        group = [word]
        joined = text
        if _THOUSANDS_HEAD_RE.match(text):
            cursor = index + 1
            while (
                cursor < len(words)
                and _THOUSANDS_TAIL_RE.match(words[cursor].text)
                and words[cursor].x0 - group[-1].x1 < 0.6 * word.height
            ):
                group.append(words[cursor])
                joined += " " + words[cursor].text
                cursor += 1
                if "," in words[cursor - 1].text or "." in words[cursor - 1].text:
                    break
        next_index = index + len(group)
        if next_index < len(words) and words[next_index].text == "%":
            index = next_index + 1
            continue
        if _AMOUNT_PIECE_RE.match(re.sub(r"[ \u00a0\u202f\u2009]", "", joined)):
            value = parse_amount(joined)
            if value is not None:
                found.append(_Amount(value, group, has_two_decimals(joined)))
                index = next_index
                continue
        index += 1
    return found


def _rates_in(words: Sequence[Word]) -> list[tuple[Decimal, Word]]:
    """VAT-like rates printed among `words` (`20%`, `5,5 %`, `TVA(0%)`)."""
    rates: list[tuple[Decimal, Word]] = []
    for index, word in enumerate(words):
        text = word.text
        if index + 1 < len(words) and words[index + 1].text.startswith("%"):
            text += "%"
        for match in _RATE_IN_WORD_RE.finditer(text):
            rates.append((normalise_rate(Decimal(match.group(1).replace(",", "."))), word))
    return rates


def _pieces_after(hit: LabelHit, hits: Sequence[LabelHit]) -> list[tuple[str, Word]]:
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


def _strip_fillers(pieces: list[tuple[str, Word]]) -> list[tuple[str, Word]]:
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


def _identifier(text: str) -> str | None:
    """A printed reference (`FA-2017-0010`, `2022089083`, `INV/2023/03/0008`) or None."""
    text = text.strip().rstrip(".,;:)")
    if not _ID_RE.fullmatch(text) or not any(ch.isdigit() for ch in text):
        return None
    if "@" in text or fold(text).startswith(("www", "http")):
        return None
    if re.fullmatch(r"[-−]?\d[\d.,]*[.,]\d{2}", text):
        return None  # an amount
    found = find_date(text)
    if found is not None and found[1] == 0 and found[2] >= len(text) - 1:
        return None  # a date
    return text


def _order(word: Word, sheet_height: float) -> float:
    return word.page * 10_000 + word.top / max(sheet_height, 1.0) * 1_000


# ----------------------------------------------------------------------------------------------------


class _Reader:
    """Reads all fields from the sheets of one document."""

    def __init__(self, sheets: list[_Sheet], page_count: int, reading: PageReading) -> None:
        self.sheets = sheets
        self.page_count = page_count
        self.reading = reading
        self.fields = reading.fields
        self.printed_rates: set[Decimal] = set()  # every `x %` printed on a line with amounts

    # -- small utilities -------------------------------------------------------------------------
    def _set(self, name: str, value: Any, confident: bool, words: Sequence[Word]) -> None:
        box = union_box(words)
        page = words[0].page if words else None
        self.fields[name] = FieldValue(value, "high" if confident else "low", "text", page, box)

    def _all_hits(self, *categories: str) -> Iterable[tuple[_Sheet, LabelHit, list[LabelHit]]]:
        for sheet in self.sheets:
            for line_hits in sheet.hits:
                for hit in line_hits:
                    if hit.category in categories:
                        yield sheet, hit, line_hits

    def _below(
        self, sheet: _Sheet, hit: LabelHit, widen: float = 8.0, whole_segment: bool = False
    ) -> list[Word]:
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

    # -- the fields --------------------------------------------------------------------------------
    def read(self) -> None:
        steps = (
            self._read_currency,
            self._read_invoice_number_and_date,
            self._read_document_type,
            self._read_totals,
            self._read_parties,
            self._read_references,
            self._read_iban,
            self._read_payment_means,
            self._read_statements,
            self._default_currency,
        )
        for step in steps:
            try:
                step()
            except Exception:  # one unexpected layout must not cost the fields the other steps read
                log.warning("page reading step %s failed", step.__name__, exc_info=True)

    def _default_currency(self) -> None:
        """No currency printed (`TotalNetTTC: 165,00`): euros when the invoice is plainly French."""
        if "currency" in self.fields:
            return
        french = (
            any(
                str(self.fields[name].value).startswith("FR")
                for name in ("iban", "supplier_vat")
                if name in self.fields
            )
            or "supplier_siret" in self.fields
        )
        if french and "total_ttc" in self.fields or french and "total_ht" in self.fields:
            self._set("currency", "EUR", False, [])

    def _read_currency(self) -> None:
        counts: dict[str, int] = {}
        first: dict[str, Word] = {}
        for sheet in self.sheets:
            for line in sheet.lines:
                for word in line.words:
                    token = word.folded.strip("().:,;")
                    code = _CURRENCY_WORDS.get(token)
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
            self._set("currency", best, len(counts) == 1 and counts[best] >= 2, [first[best]])

    def _read_invoice_number_and_date(self) -> None:
        numbers: list[_Candidate] = []
        dates: list[_Candidate] = []
        us_dates = self.fields.get("currency") is not None and self.fields["currency"].value == "USD"
        for sheet, hit, line_hits in self._all_hits("invoice_number", "invoice_word", "date"):
            raw_pieces = _pieces_after(hit, line_hits)
            if hit.category == "invoice_word" and len(raw_pieces) > 1 and fold(raw_pieces[0][0]) == "du":
                # `Facture du 12/03/2024`: the title gives the invoice date, not a number.
                found = self._date_from(raw_pieces[1:], us_dates)
                if found is not None:
                    dates.append(
                        _Candidate(found[0], 2.5, found[1], _order(hit.words[0], sheet.height), "title")
                    )
                continue
            pieces = _strip_fillers(raw_pieces)
            from_below = False
            if not pieces:
                pieces = _strip_fillers(
                    [(w.text, w) for w in self._below(sheet, hit, widen=4.0, whole_segment=True)]
                )
                from_below = True
            if not pieces:
                continue
            order = _order(hit.words[0], sheet.height)
            if hit.category == "date":
                found = self._date_from(pieces, us_dates)
                if found is not None:
                    value, used = found
                    label_text = compact(hit.words)[0]
                    # A bare `Date :` in the header block of the first page is the invoice date.
                    named = any(key in label_text for key in _SPECIFIC_DATE_WORDS)
                    header = (
                        sheet is self.sheets[0] and hit.line.top < 0.4 * sheet.height and not sheet.rotated
                    )
                    # `Date de facturation` above its value (a label row, a value row) is as sure as beside
                    # it; a bare `Date` above a value may head a column of line dates.
                    strength = 3.0 if named or (header and not from_below) else 2.5 if header else 2.0
                    dates.append(_Candidate(value, strength, used, order, hit.category))
                continue
            text, word = pieces[0]
            value = _identifier(text)
            words = [word]
            if (
                value is None
                and len(pieces) > 1
                and re.fullmatch(r"[A-Z]{1,4}", text.strip())
                and pieces[1][1].x0 - word.x1 < word.height
            ):
                # `Facture n° FA 2024-0042`: a short prefix printed apart from the digits.
                value = _identifier(text.strip() + pieces[1][0].strip())
                value = None if value is None else f"{text.strip()} {pieces[1][0].strip()}"
                words = [word, pieces[1][1]]
                from_below = True  # read from two words: one step less sure
            if value is None or (hit.category == "invoice_word" and len(value) < 3):
                continue  # `Facture 2 sur 3` is not an invoice number
            strength = 3.0 if hit.category == "invoice_number" else 1.5
            if hit.category == "invoice_word" and self._is_title(sheet, hit, value):
                strength = 3.0  # `Facture FA-2017-0010` as the document's title
            if from_below:
                strength -= 0.5
            if sheet.rotated:
                strength -= 1.0
            numbers.append(_Candidate(value, strength, words, order, hit.category))
            # `Facture n° 562044387 du 02 Juillet 2015`: the date that follows the number is the invoice date.
            rest = pieces[1:]
            if rest and fold(rest[0][0]) in ("du", "vom", "von", "of", "dated", "le", "en", "date"):
                found = self._date_from(rest[1:], us_dates)
                if found is not None:
                    dates.append(_Candidate(found[0], strength, found[1], order, "number_date"))
        if not dates:
            dates = self._place_dates(us_dates)
        self._choose_text("invoice_number", numbers)
        self._choose_text("date", dates)

    def _is_title(self, sheet: _Sheet, hit: LabelHit, value: str) -> bool:
        """The title word starts a short segment at the top of the first page and the number looks like
        one (letters with digits, separators, or at least five digits: not a year, not a page count)."""
        if sheet is not self.sheets[0] or sheet.rotated or hit.line.top > 0.35 * sheet.height:
            return False
        segment = next((seg for seg in hit.line.segments if hit.words[0] in seg), [])
        if not segment or segment[0] is not hit.words[0] or len(segment) > 4:
            return False
        return bool(re.search(r"[A-Za-z/\-_.]", value)) or len(value) >= 5

    def _place_dates(self, us: bool) -> list[_Candidate]:
        """`Paris, le 12 mars 2024` at the top of the first page, when no label gives the date."""
        sheet = self.sheets[0]
        found: list[_Candidate] = []
        for line in sheet.lines:
            if line.top > 0.4 * sheet.height:
                break
            for segment in line.segments:
                text = " ".join(w.folded for w in segment)
                match = _PLACE_DATE_RE.match(text) or _LE_DATE_RE.match(text)
                if match is None:
                    continue
                date = find_date(match.group(1), us=us)
                if date is not None and date[1] == 0:
                    found.append(
                        _Candidate(date[0], 1.5, list(segment), _order(segment[0], sheet.height), "place")
                    )
        return found

    @staticmethod
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

    def _choose_text(self, name: str, candidates: list[_Candidate]) -> None:
        """Take the best-supported value; `high` when its label is specific and nothing competes."""
        if not candidates:
            return
        support: dict[Any, float] = {}
        best_of: dict[Any, _Candidate] = {}
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
        self._set(name, best.value, confident, best.words)

    def _read_document_type(self) -> None:
        credit_words: list[Word] = []
        for sheet, hit, line_hits in self._all_hits("credit_title", "invoice_word", "invoice_number"):
            folded = "".join(w.folded for w in hit.words)
            if (
                hit.category == "credit_title"
                or "avoir" in folded
                or "credit" in folded
                or "gutschrift" in folded
            ):
                # A title, not the verb in a sentence (`sans avoir à ...`): it starts a short segment.
                segment = next((seg for seg in hit.line.segments if hit.words[0] in seg), [])
                pieces = _strip_fillers(_pieces_after(hit, line_hits))
                numbered = bool(pieces) and _identifier(pieces[0][0]) is not None
                title = bool(segment) and segment[0] is hit.words[0] and (len(segment) <= 6 or numbered)
                if title and hit.line.index < 25 and hit.words[0].page == self.sheets[0].page:
                    credit_words.extend(hit.words)
        number = self.fields.get("invoice_number")
        if credit_words:
            self._set("document_type", "credit_note", True, credit_words)
        elif number is not None:
            self._set("document_type", "invoice", number.confidence == "high", [])
            self.fields["document_type"].page = number.page
            self.fields["document_type"].bbox = number.bbox
        if credit_words:
            originals: list[_Candidate] = []
            for sheet, hit, line_hits in self._all_hits("original_invoice"):
                pieces = _strip_fillers(_pieces_after(hit, line_hits))
                if pieces and (value := _identifier(pieces[0][0])) is not None:
                    originals.append(
                        _Candidate(value, 3.0, [pieces[0][1]], _order(hit.words[0], sheet.height))
                    )
            self._choose_text("original_invoice_number", originals)

    # -- totals ------------------------------------------------------------------------------------
    def _read_totals(self) -> None:
        by_role: dict[str, list[_Candidate]] = {role: [] for role in _TOTAL_ROLES}
        vat_rows: list[tuple[Decimal, _Candidate]] = []  # (rate, tva amount) printed on TVA lines
        row_candidates: list[tuple[VatLine, list[Word], float]] = []
        for sheet in self.sheets:
            for line, line_hits in zip(sheet.lines, sheet.hits):
                compact_text = line.compact
                if LEGAL_RE.search(line.folded) or "exemple" in compact_text or "ex:" in compact_text:
                    continue  # share capital, penalties, examples: never totals
                amounts = _amounts_in(line.words)
                identifier_words = _identifier_words(line, line_hits)
                if identifier_words:  # `SIRET : 123 456 789 00012`, `FR 12 345 678 901`: not amounts
                    amounts = [a for a in amounts if not any(id(w) in identifier_words for w in a.words)]
                if not amounts:
                    continue
                rates = _rates_in(line.words)
                self.printed_rates.update(rate for rate, _word in rates)
                row_rates = rates
                if any(h.category == "total_tva" for h in line_hits):
                    # `Umsatzsteuer (S)  275,00  7  19,25`: a rate column without `%` on a VAT row; the
                    # arithmetic check in `_vat_rows_of` decides whether it really is the rate.
                    row_rates = rates + [
                        (normalise_rate(a.value), a.words[0])
                        for a in amounts
                        if not a.decimals and 0 < a.value < 30
                    ]
                self._vat_rows_of(line, amounts, row_rates, sheet, row_candidates)
                for hit in line_hits:
                    if hit.category not in _TOTAL_ROLES:
                        continue
                    self._total_candidates(sheet, hit, line_hits, amounts, rates, by_role, vat_rows)
            # Labels whose value sits below them (a totals table with a header row).
            for line, line_hits in zip(sheet.lines, sheet.hits):
                for hit in line_hits:
                    if hit.category in _TOTAL_ROLES and not any(
                        a.x0 >= hit.x1 - 1 for a in _amounts_in(_words_after(hit, line_hits))
                    ):
                        column = self._column_total(sheet, hit)
                        if column:
                            by_role[hit.category].append(
                                _Candidate(
                                    column[0].value,
                                    _ROLE_STRENGTH[hit.category] - 0.25,
                                    column[0].words,
                                    _order(column[0].words[0], sheet.height),
                                    hit.category,
                                )
                            )
        if len({rate for rate, _ in vat_rows}) > 1:
            total = sum((c.value for _, c in vat_rows), Decimal(0))
            words = [w for _, c in vat_rows for w in c.words]
            by_role["total_tva"].append(
                _Candidate(total, 2.0, words, max(c.order for _, c in vat_rows), "vat_rows")
            )
        self._choose_totals(by_role)
        self._choose_breakdown(row_candidates, vat_rows)

    def _total_candidates(
        self,
        sheet: _Sheet,
        hit: LabelHit,
        line_hits: list[LabelHit],
        amounts: list[_Amount],
        rates: list[tuple[Decimal, Word]],
        by_role: dict[str, list[_Candidate]],
        vat_rows: list[tuple[Decimal, _Candidate]],
    ) -> None:
        region = _words_after(hit, line_hits)
        region_ids = {id(w) for w in region}
        mine = [a for a in amounts if id(a.words[-1]) in region_ids]
        if not mine:
            return
        strength = _ROLE_STRENGTH[hit.category]
        order = _order(mine[0].words[0], sheet.height)
        # `Total facture 24.99 5.00 29.99`: a totals row with HT, TVA and TTC side by side.
        if hit.category in ("total_generic", "total_ttc", "total_ht") and len(mine) >= 3:
            for a, b, c in zip(mine, mine[1:], mine[2:]):
                if a.value + b.value == c.value and c.value != 0:
                    by_role["total_ht"].append(_Candidate(a.value, 3.0, a.words, order, "row"))
                    by_role["total_tva"].append(_Candidate(b.value, 3.0, b.words, order, "row"))
                    by_role["total_ttc"].append(_Candidate(c.value, 3.0, c.words, order, "row"))
                    return
        if hit.category == "total_generic" and len(mine) >= 2:
            # `Total  1 000,00  1 200,00` under `Montant HT | Montant TTC` headings: each amount takes the
            # role of the heading of its column.
            for amount in mine:
                role = self._column_heading(sheet, hit.line, amount)
                if role is not None and amount.decimals:
                    by_role[role].append(_Candidate(amount.value, 2.5, amount.words, order, "column"))
        with_decimals = [a for a in mine if a.decimals]
        # A whole number is an amount only with its currency (`TOTAL HT 4485 €`), never `05 Juillet`.
        with_currency = [a for a in mine if not a.decimals and _followed_by_currency(a, hit.line)]
        if not with_decimals and not with_currency:
            return
        chosen = (with_decimals or with_currency)[0]
        if hit.category == "total_tva" and len(with_decimals) >= 2 and rates:
            # `TVA 20 %  100,00  20,00`: a breakdown row; its tax is the amount that is base x rate.
            for rate, _word in rates:
                pair = next(
                    (
                        (b, t)
                        for b in with_decimals
                        for t in with_decimals
                        if b is not t and abs(abs(b.value) * rate / 100 - abs(t.value)) <= Decimal("0.011")
                    ),
                    None,
                )
                if pair is not None:
                    chosen = pair[1]
                    break
        by_role[hit.category].append(_Candidate(chosen.value, strength, chosen.words, order, hit.category))
        if hit.category == "total_tva":
            line_rates = {rate for rate, word in rates if word.x0 >= hit.x0 - 1}
            if len(line_rates) == 1:
                vat_rows.append(
                    (
                        next(iter(line_rates)),
                        _Candidate(chosen.value, strength, chosen.words, order, "vat_row"),
                    )
                )

    def _column_heading(self, sheet: _Sheet, line: Line, amount: _Amount) -> str | None:
        """`total_ht`/`total_tva`/`total_ttc` when the heading above the amount's column says so."""
        for above in reversed(sheet.lines[max(0, line.index - 12) : line.index]):
            if line.top - above.bottom > 250:
                break
            heading = [w for w in above.words if horizontal_overlap(w.x0, w.x1, amount.x0 - 4, amount.x1 + 4)]
            if not heading or _amounts_in(heading):
                continue
            text = " ".join(w.folded for w in heading)
            if re.search(r"\bttc\b|toutes taxes|incl", text):
                return "total_ttc"
            if re.search(r"\bh\.?t\.?\b|hors tax|excl|\bnet\b", text):
                return "total_ht"
            if re.search(r"\btva\b|\btaxes?\b|\bvat\b", text):
                return "total_tva"
            return None
        return None

    def _column_total(self, sheet: _Sheet, hit: LabelHit) -> list[_Amount]:
        """The amount printed under a totals header (`TOTAL HT` above `100,00`), but not the first row of a
        column of line items (`Montant TTC` above every line's amount)."""
        for line in lines_below(sheet.lines, hit.line):
            identifiers = _identifier_words(line, sheet.hits[line.index])
            column = [
                a
                for a in _amounts_in(line.words)
                if a.decimals
                and horizontal_overlap(a.x0, a.x1, hit.x0 - 8, hit.x1 + 8)
                and not any(id(w) in identifiers for w in a.words)
            ]
            if not column:
                if any(horizontal_overlap(w.x0, w.x1, hit.x0, hit.x1) for w in line.words):
                    return []  # text under the label: not a totals header
                continue
            for after in lines_below(sheet.lines, line):
                if not any(horizontal_overlap(w.x0, w.x1, hit.x0 - 8, hit.x1 + 8) for w in after.words):
                    continue
                labelled = any(h.category in _TOTAL_ROLES for h in sheet.hits[after.index])
                if not labelled and any(
                    horizontal_overlap(a.x0, a.x1, hit.x0 - 8, hit.x1 + 8) for a in _amounts_in(after.words)
                ):
                    return []  # the next row also has an amount here: a column of line items
                break
            return column
        return []

    def _vat_rows_of(
        self,
        line: Line,
        amounts: list[_Amount],
        rates: list[tuple[Decimal, Word]],
        sheet: _Sheet,
        out: list[tuple[VatLine, list[Word], float]],
    ) -> None:
        """Rows `rate, base, amount` where base x rate = amount (a VAT breakdown table row)."""
        if not rates:
            return
        decimal_amounts = [a for a in amounts if a.decimals]
        for rate, rate_word in rates:
            for base in decimal_amounts:
                for tax in decimal_amounts:
                    if base is tax or abs(base.value) < abs(tax.value) or base.value == 0:
                        continue
                    if (base.value < 0) != (tax.value < 0) and tax.value != 0:
                        continue
                    expected = abs(base.value) * rate / 100
                    if abs(expected - abs(tax.value)) <= Decimal("0.011"):
                        if rate == 0 and tax.value != 0:
                            continue
                        out.append(
                            (
                                VatLine(rate, base.value, tax.value),
                                [rate_word, *base.words, *tax.words],
                                _order(line.words[0], sheet.height),
                            )
                        )

    def _choose_totals(self, by_role: dict[str, list[_Candidate]]) -> None:
        for role in by_role:
            by_role[role] = by_role[role][-40:]
        ht_options = by_role["total_ht"] + by_role["subtotal"] + by_role["total_generic"]
        ttc_options = by_role["total_ttc"] + by_role["amount_due"] + by_role["total_generic"]
        best: tuple[float, _Candidate, _Candidate, _Candidate] | None = None
        rivals: list[tuple[float, tuple[Decimal, Decimal, Decimal]]] = []
        ttc_by_value: dict[Decimal, list[_Candidate]] = {}
        for ttc in ttc_options:
            ttc_by_value.setdefault(ttc.value, []).append(ttc)
        for ht in ht_options:
            for tva in by_role["total_tva"]:
                if ht.value + tva.value != 0 and abs(tva.value) > abs(ht.value):
                    continue
                for ttc in ttc_by_value.get(ht.value + tva.value, ()):
                    if ttc is ht or ttc.value == 0:
                        continue
                    if tva.value == 0 and ht.label == "total_generic" and ttc.label == "total_generic":
                        continue
                    score = (
                        ht.strength
                        + tva.strength
                        + ttc.strength
                        + ttc.order / 1e6
                        + float(abs(ttc.value)) / 1e9
                    )
                    rivals.append((score, (ht.value, tva.value, ttc.value)))
                    if best is None or score > best[0]:
                        best = (score, ht, tva, ttc)
        advances = [c for c in by_role["advance"] if c.value != 0]
        if best is not None:
            score, ht, tva, ttc = best
            competing = {
                values
                for s, values in rivals
                if s >= score - 0.75 and values != (ht.value, tva.value, ttc.value)
            }
            specific = (
                ht.label in ("total_ht", "row", "subtotal")
                and tva.label in ("total_tva", "row")
                and ttc.label in ("total_ttc", "amount_due", "row", "total_generic")
            )
            zero_tax_doubt = tva.value == 0 and not (
                ht.label == "total_ht" and ttc.label in ("total_ttc", "amount_due")
            )
            confident = specific and not competing and not zero_tax_doubt
            self._set("total_ht", ht.value, confident, ht.words)
            self._set("total_tva", tva.value, confident, tva.words)
            self._set("total_ttc", ttc.value, confident, ttc.words)
        else:
            for name, options in (
                ("total_ht", by_role["total_ht"] or by_role["subtotal"]),
                ("total_tva", by_role["total_tva"]),
                ("total_ttc", by_role["total_ttc"] or by_role["amount_due"] or by_role["total_generic"]),
            ):
                if options:
                    chosen = max(options, key=lambda c: (c.value != 0, c.strength, c.order))
                    self._set(name, chosen.value, False, chosen.words)
        ttc_field = self.fields.get("total_ttc")
        dues = [c for c in by_role["amount_due"] if c.value != 0 or ttc_field is None]
        if dues:
            due = max(dues, key=lambda c: (c.order, c.strength))
            confident = False
            if ttc_field is not None and ttc_field.confidence == "high":
                paid = sum((abs(c.value) for c in advances), Decimal(0))
                confident = due.value == ttc_field.value - paid or (
                    not advances and due.value == ttc_field.value
                )
            self._set("amount_due", due.value, confident, due.words)

    def _choose_breakdown(
        self, rows: list[tuple[VatLine, list[Word], float]], vat_rows: list[tuple[Decimal, _Candidate]]
    ) -> None:
        ht_field, tva_field = self.fields.get("total_ht"), self.fields.get("total_tva")
        unique: dict[tuple[Decimal, Decimal, Decimal], tuple[VatLine, list[Word], float]] = {}
        for row in rows:
            unique.setdefault((row[0].rate, row[0].base, row[0].amount), row)
        candidates = list(unique.values())[-14:]
        chosen: list[tuple[VatLine, list[Word], float]] | None = None
        if ht_field is not None and tva_field is not None and candidates:
            # The fewest rows that give the totals: a breakdown table, not line items that happen to add up.
            for size in range(1, min(len(candidates), 6) + 1):
                for subset in combinations(candidates, size):
                    if (
                        sum((r[0].base for r in subset), Decimal(0)) == ht_field.value
                        and sum((r[0].amount for r in subset), Decimal(0)) == tva_field.value
                    ):
                        chosen = list(subset)
                        break
                if chosen:
                    break
        confident_totals = ht_field is not None and ht_field.confidence == "high"
        if chosen:
            lines = sorted(_one_row_per_rate([r[0] for r in chosen]), key=lambda v: -v.rate)
            words = [w for r in chosen for w in r[1]]
            self._set("vat_breakdown", lines, confident_totals, words)
            self._set("vat_rates", sorted({v.rate for v in lines}, reverse=True), confident_totals, words)
            return
        rates = {rate for rate, _ in vat_rows}
        if not rates:
            rates = self._rates_on_vat_lines()
        if not rates and ht_field is not None and tva_field is not None:
            # The rate only in the lines' VAT column (`20%`): keep the one printed rate that the totals
            # confirm, if exactly one does.
            rates = {
                rate
                for rate in self.printed_rates
                if rate > 0
                and abs(abs(ht_field.value) * rate / 100 - abs(tva_field.value)) <= Decimal("0.011")
            }
        if len(rates) == 1 and ht_field is not None and tva_field is not None:
            rate = next(iter(rates))
            expected = abs(ht_field.value) * rate / 100
            if abs(expected - abs(tva_field.value)) <= max(
                Decimal("0.02"), abs(tva_field.value) * Decimal("0.002")
            ):
                line = VatLine(rate, ht_field.value, tva_field.value)
                words = [w for _, c in vat_rows for w in c.words]
                self._set("vat_breakdown", [line], confident_totals, words)
                self._set("vat_rates", [rate], confident_totals, words)
                return
        if rates:
            self._set("vat_rates", sorted(rates, reverse=True), False, [])

    def _rates_on_vat_lines(self) -> set[Decimal]:
        rates: set[Decimal] = set()
        for sheet, hit, line_hits in self._all_hits("total_tva"):
            rates.update(rate for rate, _word in _rates_in(_words_after(hit, line_hits)))
        return rates

    # -- parties -----------------------------------------------------------------------------------
    def _side_of(self, sheet: _Sheet, line: Line, word: Word) -> tuple[str, float]:
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
        if self._is_legal(sheet, line):
            return "supplier", 3.0
        header = self._header_above(sheet, line, word)
        if header == "buyer_header" or header == "delivery_header":
            return "buyer", 2.0 if header == "buyer_header" else 1.5
        if header == "supplier_header":
            return "supplier", 2.0
        if header == "other_header":
            return "other", 2.0
        return "unknown", 0.0

    def _is_legal(self, sheet: _Sheet, line: Line) -> bool:
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
            if other is not line and abs(other.top - line.top) < 2.2 * max(line.height, 6.0):
                if LEGAL_RE.search(other.folded):
                    return True
        return False

    def _header_above(self, sheet: _Sheet, line: Line, word: Word) -> str | None:
        """The role of the nearest two-column header above `word`, in its column."""
        best: tuple[float, float, str] | None = None
        for other in sheet.lines[max(0, line.index - 30) : line.index + 1]:
            if other.top > line.top + 1 or line.top - other.top > 350:
                continue
            for segment in other.segments:
                if other is line and segment[0].x0 > word.x0:
                    continue
                role = segment_role(segment)
                if role is None or role == "sub_header" or segment[0].x0 > word.x0 + 15:
                    continue
                key = (segment[0].x0, other.top)
                if (
                    best is None
                    or key[0] > best[0] + 40
                    or (abs(key[0] - best[0]) <= 40 and key[1] > best[1])
                ):
                    best = (key[0], key[1], role)
        return None if best is None else best[2]

    def _read_parties(self) -> None:
        sirets: dict[str, list[tuple[str, float, str, list[Word]]]] = {"siret": [], "vat": []}
        for sheet in self.sheets:
            for line, line_hits in zip(sheet.lines, sheet.hits):
                has_siret_label = any(h.category == "siret" for h in line_hits)
                if has_siret_label:
                    for value, words in _sirets_in(line):
                        side, sure = self._side_of(sheet, line, words[0])
                        sirets["siret"].append((value, sure, side, words))
                for value, words, valid in _vat_ids_in(line):
                    has_label = any(h.category in ("vat_id", "total_tva") for h in line_hits)
                    if not valid and not has_label:
                        continue
                    side, sure = self._side_of(sheet, line, words[0])
                    sirets["vat"].append((value, sure if valid else min(sure, 1.0), side, words))
        for kind, supplier_name, buyer_name in (
            ("siret", "supplier_siret", "buyer_siret"),
            ("vat", "supplier_vat", None),
        ):
            found = sirets[kind]
            validator = stdnum_siret.is_valid if kind == "siret" else _vat_valid
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
                self._set(supplier_name, best[0], confident, best[3])
            if buyer_name and buyer:
                best = max(buyer, key=lambda f: f[1])
                distinct = {f[0] for f in buyer}
                confident = (
                    validator(best[0])
                    and best[1] >= 2.0
                    and len(distinct) == 1
                    and best[0]
                    != (self.fields[supplier_name].value if supplier_name in self.fields else None)
                )
                self._set(buyer_name, best[0], confident, best[3])
        self._read_names()

    def _read_names(self) -> None:
        """Buyer and supplier names: the first line under their column header (always `low`)."""
        for sheet in self.sheets[:1]:
            for line in sheet.lines:
                for segment in line.segments:
                    role = segment_role(segment)
                    inline = header_with_value(segment) if role is None else None
                    if inline is not None:
                        name = "buyer" if inline[0] == "buyer_header" else "supplier_name"
                        text = " ".join(w.text for w in inline[1]).strip()
                        if (
                            name not in self.fields
                            and sum(ch.isalpha() for ch in text) >= 3
                            and len(text) <= 80
                        ):
                            self._set(name, text, False, inline[1])
                        continue
                    if role not in ("buyer_header", "supplier_header"):
                        continue
                    name = "buyer" if role == "buyer_header" else "supplier_name"
                    if name in self.fields:
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
                                self._set(name, text, False, parts[0])
                            break
        if "buyer" not in self.fields:
            self._buyer_from_address_blocks()

    def _buyer_from_address_blocks(self) -> None:
        """No `Facturé à` header: the buyer is the address block that is not the issuer's.

        An address block is a few aligned lines ending with a postal code line. The issuer's block is
        the one whose name comes back elsewhere on the page (footer, return-address line) or that
        carries the supplier's identifiers; a block with other identifiers is the buyer's. Without
        such evidence the block in the right half (window envelope position) is taken. Always `low`.
        """
        sheet = self.sheets[0]
        if sheet.rotated:
            return
        supplier_ids = {
            self.fields[n].value
            for n in ("supplier_siret", "supplier_vat")
            if n in self.fields and self.fields[n].confidence == "high"
        }
        supplier_sirens = {_siren_of(v) for v in supplier_ids} - {None}
        # Where the issuer names itself: footer, legal mentions, a one-line return address.
        issuer_texts: list[tuple[str, set[int]]] = []
        for line in sheet.lines:
            if line.top > 0.8 * sheet.height or LEGAL_RE.search(line.folded):
                issuer_texts.append((line.compact, {id(w) for w in line.words}))
                continue
            for segment in line.segments:
                if len(segment) > 4 and _POSTAL_RE.search(" ".join(w.text for w in segment)):
                    issuer_texts.append((compact(segment)[0], {id(w) for w in segment}))
        blocks: list[tuple[list[Word], int, float, Any]] = []  # (name words, evidence, x0, block box)
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
                block_ids = {
                    value for row in rows for value, _w, _v in _vat_ids_in(Line(list(row), sheet.page))
                }
                block_ids |= {value for row in rows for value, _w in _sirets_in(Line(list(row), sheet.page))}
                evidence = 0
                block_sirens = {_siren_of(v) for v in block_ids} - {None}
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
                    (name_words, evidence, name_words[0].x0, union_box(w for row in rows for w in row))
                )
        issuers = [b for b in blocks if b[1] < 0]
        if issuers and "supplier_name" not in self.fields:
            first = min(issuers, key=lambda b: b[0][0].top)
            name_text = " ".join(w.text for w in first[0]).strip()
            if _looks_like_name(name_text):
                self._set("supplier_name", name_text, False, first[0])
        candidates = [b for b in blocks if b[1] >= 0]
        if not candidates:
            return
        best = max(candidates, key=lambda b: (b[1], b[2] > 0.45 * sheet.width, -b[0][0].top))
        text = " ".join(w.text for w in best[0]).strip()
        supplier = self.fields.get("supplier_name")
        if _looks_like_name(text) and (supplier is None or fold(str(supplier.value)) != fold(text)):
            self._set("buyer", text, False, best[0])
        # An identifier given to the supplier only by default but printed inside the buyer's block is
        # the buyer's: drop it rather than show the buyer's number as ours.
        box = best[3]
        for name, buyer_name in (("supplier_siret", "buyer_siret"), ("supplier_vat", None)):
            found = self.fields.get(name)
            if (
                best[1] <= 0
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
                moved = self.fields.pop(name)
                if buyer_name is not None and buyer_name not in self.fields:
                    self.fields[buyer_name] = moved

    # -- references --------------------------------------------------------------------------------
    def _read_references(self) -> None:
        for category, name in (
            ("po_number", "po_number"),
            ("contract_number", "contract_number"),
            ("service_code", "service_code"),
        ):
            candidates: list[_Candidate] = []
            for sheet, hit, line_hits in self._all_hits(category):
                pieces = _strip_fillers(_pieces_after(hit, line_hits))
                if not pieces:
                    continue
                text, word = pieces[0]
                text = text.strip().rstrip(".,;")
                if fold(text) in _NO_VALUE or not _ID_RE.fullmatch(text) or len(text) < 2:
                    continue
                if name != "service_code" and not any(ch.isdigit() for ch in text):
                    continue
                label = "".join(w.folded for w in hit.words)
                weak = "reference" in label or label.startswith(("order", "votre"))
                candidates.append(_Candidate(text, 2.0 if weak else 3.0, [word], _order(word, sheet.height)))
            self._choose_text(name, candidates)

    def _read_iban(self) -> None:
        candidates: list[_Candidate] = []
        for sheet, hit, line_hits in self._all_hits("iban"):
            pieces = _strip_fillers(_pieces_after(hit, line_hits))
            if not pieces:
                pieces = _strip_fillers([(w.text, w) for w in self._below(sheet, hit, widen=60)])
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
                    candidates.append(_Candidate(joined[:end], 3.0, used, _order(hit.words[0], sheet.height)))
                    break
            else:
                if _IBAN_SHAPE_RE.match(joined):
                    candidates.append(_Candidate(joined, 1.0, used, _order(hit.words[0], sheet.height)))
        self._choose_text("iban", candidates)

    def _read_payment_means(self) -> None:
        labelled: dict[str, list[Word]] = {}
        loose: dict[str, list[Word]] = {}
        for sheet in self.sheets:
            for line, line_hits in zip(sheet.lines, sheet.hits):
                text = line.compact
                if "plusaccepte" in text or "pasaccepte" in text or "nonaccepte" in text or "refuse" in text:
                    continue
                label = next((h for h in line_hits if h.category == "payment_label"), None)
                target = labelled if label is not None else loose
                for pattern, means in _PAYMENT_WORDS:
                    if pattern.search(
                        text if label is None else compact(_words_after(label, line_hits))[0] or line.compact
                    ):
                        target.setdefault(means, []).extend(line.words[:3])
        source = labelled or loose
        if source:
            means = next(iter(source))
            self._set("payment_means", means, bool(labelled) and len(labelled) == 1, source[means])

    def _read_statements(self) -> None:
        """Sentences about the invoice as a whole: paid already, VAT regime."""
        paid_words: list[Word] = []
        regimes: dict[str, list[Word]] = {}
        for sheet in self.sheets:
            for line in sheet.lines:
                # A sentence may run on to the next line (`TVA acquittée sur les` / `encaissements.`).
                following = sheet.lines[line.index + 1] if line.index + 1 < len(sheet.lines) else None
                text = line.compact
                if following is not None and following.top - line.bottom < 1.5 * max(line.height, 6.0):
                    text += following.compact
                if _PAID_RE.search(text):
                    paid_words = paid_words or line.words
                for pattern, regime in _REGIME_RULES:
                    if pattern.search(text):
                        regimes.setdefault(regime, line.words)
        stamp = [w for sheet in self.sheets for w in sheet.stamps if w.folded.strip(" .!") in _PAID_STAMPS]
        if paid_words or stamp:
            self._set("already_paid", True, False, paid_words or stamp[:1])
        else:
            self._set("already_paid", False, False, [])
        if regimes:
            regime = next(iter(regimes))
            self._set("vat_regime", regime, len(regimes) == 1, regimes[regime])


_ROLE_STRENGTH = {
    "total_ht": 3.0,
    "subtotal": 1.5,
    "total_tva": 3.0,
    "total_ttc": 3.0,
    "amount_due": 2.5,
    "total_generic": 2.0,
    "advance": 0.0,
}


def _one_row_per_rate(rows: list[VatLine]) -> list[VatLine]:
    """Merge rows of the same non-zero rate (line items read as rows). A standard rate has one row in a
    VAT breakdown; 0 % may have several (one per exemption reason), so those stay apart."""
    merged: dict[Decimal, VatLine] = {}
    kept: list[VatLine] = []
    for row in rows:
        if row.rate == 0:
            kept.append(row)
            continue
        previous = merged.get(row.rate)
        merged[row.rate] = (
            row
            if previous is None
            else VatLine(row.rate, previous.base + row.base, previous.amount + row.amount)
        )
    return kept + list(merged.values())


def _siren_of(identifier: str) -> str | None:
    """The SIREN inside a SIRET or a French VAT number: the same company under both."""
    if len(identifier) == 14 and identifier.isdigit():
        return identifier[:9]
    if identifier.startswith("FR") and len(identifier) == 13 and identifier[4:].isdigit():
        return identifier[4:]
    return None


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


def _followed_by_currency(amount: _Amount, line: Line) -> bool:
    last = amount.words[-1]
    if last.folded.endswith(("€", "eur")) or amount.words[0].folded.startswith(("€", "$", "£")):
        return True
    following = [w for w in line.words if w.x0 >= last.x1 - 0.5 and w is not last]
    return bool(following) and following[0].folded.strip("().") in _CURRENCY_WORDS


def _identifier_words(line: Line, line_hits: Sequence[LabelHit]) -> set[int]:
    """ids of the words that print an identifier (after a SIRET/TVA/IBAN label, or a VAT number)."""
    found = {id(w) for _value, words, _valid in _vat_ids_in(line) for w in words}
    for hit in line_hits:
        if hit.category in ("vat_id", "siret", "iban"):
            found.update(id(w) for w in _words_after(hit, line_hits))
    return found


def _words_after(hit: LabelHit, line_hits: Sequence[LabelHit]) -> list[Word]:
    return [word for _text, word in _pieces_after(hit, line_hits)]


def _sirets_in(line: Line) -> list[tuple[str, list[Word]]]:
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


def _vat_ids_in(line: Line) -> list[tuple[str, list[Word], bool]]:
    """Intra-community VAT numbers in `line` (`FR 32 123 456 789` spaced or not), with validity."""
    parts = [w.text.upper().replace("\u00a0", "") for w in line.words]
    owner: list[int] = []
    for index, part in enumerate(parts):
        owner.extend([index] * len(part))
    text = "".join(parts)
    found: list[tuple[str, list[Word], bool]] = []
    for match in _VAT_ID_RE.finditer(text):
        value = re.sub(r"(?:TVA|MWST|IVA)$", "", match.group(1))
        words = line.words[owner[match.start(1)] : owner[match.end(1) - 1] + 1]
        found.append((value, words, _vat_valid(value)))
    return found


def _vat_valid(value: str) -> bool:
    if value.startswith("CHE"):
        return bool(
            stdnum_ch_vat.is_valid(value if value.endswith(("TVA", "MWST", "IVA")) else value + "TVA")
        )
    return bool(stdnum_vat.is_valid(value))
