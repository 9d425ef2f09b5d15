"""Read invoice fields from the words printed on the page, the way an accountant reads them.

No per-vendor template: labels (see `labels.py`), word positions (`layout.py`) and arithmetic. The
totals are the HT/TVA/TTC triple that satisfies HT + TVA = TTC among the amounts found next to total
labels (`totals.py`); the VAT breakdown is the set of (rate, base, amount) rows whose sums give those
totals (`vat_breakdown.py`); identifiers are kept only when their check digits hold or a label says what
they are (`identifiers.py`), and are given to the supplier or the buyer by the header column, the label
or the legal-mentions line they sit in (`party_identifiers.py`, `parties.py`).

Confidence is `high` only when the page itself confirms the value (specific label and no competing
value, arithmetic or check digits); everything else is `low`. The orchestrator may lower it further.

Cost: `extract_words` is called exactly once per page read (`sheets.py`), everything else is plain
Python on those words. Long documents are read on their first and last pages only (header fields are at
the top of the first page, totals at the bottom of the last one).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from pdfplumber.pdf import PDF

from chorus_desktop.core.extraction.candidates import Fields
from chorus_desktop.core.extraction.currency import default_currency, read_currency
from chorus_desktop.core.extraction.identifiers import read_iban, read_references
from chorus_desktop.core.extraction.parties import read_parties
from chorus_desktop.core.extraction.references import read_document_type, read_invoice_number_and_date
from chorus_desktop.core.extraction.sheets import Sheet, read_sheets
from chorus_desktop.core.extraction.statements import read_payment_means, read_statements
from chorus_desktop.core.extraction.totals import read_totals
from chorus_desktop.core.model import FieldValue, PrintedWord, Problem

log = logging.getLogger(__name__)
_NOT_LABEL_RE = re.compile(r"[\d.,:/\-]+")
_HEADER_WORD_RE = re.compile(r"^[a-z'\-]{3,}[:.,]?$")

# Documents up to this many pages are read whole; longer ones on their first and last pages only.
READ_WHOLE_UP_TO = 6
HEAD_PAGES = 2
TAIL_PAGES = 2

# The reading steps, in order: later steps use the fields earlier ones set (the currency tells US dates
# apart, the invoice number gives the document type its confidence, the supplier's identifiers tell its
# address block from the buyer's, the default currency needs the identifiers and totals).
_STEPS: tuple[Callable[[list[Sheet], Fields], None], ...] = (
    read_currency,
    read_invoice_number_and_date,
    read_document_type,
    read_totals,
    read_parties,
    read_references,
    read_iban,
    read_payment_means,
    read_statements,
    default_currency,
)


@dataclass
class PageReading:
    """What the page text says: fields (source "text") and problems (French messages)."""

    fields: dict[str, FieldValue] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    words: list[PrintedWord] = field(default_factory=list)  # upright words, for layout learning
    fingerprint: list[str] = field(default_factory=list)  # see `layout_fingerprint`


def read_page_fields(pdf: PDF) -> PageReading:
    """Read every field the page text gives, with its confidence, page and bounding box."""
    reading = PageReading()
    sheets, cid_words = read_sheets(pdf, pages_to_read(len(pdf.pages)), reading.problems)
    if cid_words:
        reading.problems.append(
            Problem(
                "glyphes_cid",
                f"Le texte de la page contient {cid_words} mot(s) aux caractères illisibles "
                "(glyphes « (cid:N) ») : ces passages ne sont pas lus, vérifiez les valeurs "
                "correspondantes sur le PDF.",
            )
        )
    reading.words = [
        (word.page, round(word.x0, 1), round(word.top, 1), round(word.x1, 1), round(word.bottom, 1), word.text)
        for sheet in sheets if not sheet.rotated for line in sheet.lines for word in line.words
    ]
    reading.fingerprint = layout_fingerprint(sheets)
    if sheets:
        for step in _STEPS:
            try:
                step(sheets, reading.fields)
            except Exception:  # one unexpected layout must not cost the fields the other steps read
                log.warning("page reading step %s failed", step.__name__, exc_info=True)
    return reading


def layout_fingerprint(sheets: list[Sheet]) -> list[str]:
    """What tells a layout apart: on its first page, the labels (their words without digits) and the
    words of the header (the top third, letters only) at their position, on a 12-point grid. Values
    change from one invoice to the next, labels and the issuer's header do not; another layout puts
    other words elsewhere. Compared with `learned_layout.similarity`."""
    if not sheets:
        return []
    first = min(sheet.page for sheet in sheets)
    tokens = set()
    for sheet in sheets:
        if sheet.page != first or sheet.rotated:
            continue
        for line, hits in zip(sheet.lines, sheet.hits, strict=False):
            for hit in hits:
                text = _NOT_LABEL_RE.sub("", " ".join(word.folded for word in hit.words)).strip()
                tokens.add(f"{hit.category}:{text}@{round(hit.x0 / 12)},{round(line.top / 12)}")
            if line.top > sheet.height / 3:
                continue
            for word in line.words:
                if _HEADER_WORD_RE.match(word.folded):
                    tokens.add(f"w:{word.folded}@{round(word.x0 / 12)},{round(word.top / 12)}")
    return sorted(tokens)


def pages_to_read(page_count: int) -> list[int]:
    """0-based indices of the pages read: all of a short document, head and tail of a long one."""
    if page_count <= READ_WHOLE_UP_TO:
        return list(range(page_count))
    return sorted(set(range(HEAD_PAGES)) | set(range(page_count - TAIL_PAGES, page_count)))
