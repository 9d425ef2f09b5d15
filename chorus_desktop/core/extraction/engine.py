"""The extraction orchestrator: one PDF in, one ExtractionResult out, never an exception.

Steps: check the file's bytes, open it (bounded to the pages worth reading), read the embedded XML,
read the printed page (the page reader), merge both, derive what follows from the values read, run the
consistency checks that decide confidence.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

from chorus_desktop.core.extraction import input_checks
from chorus_desktop.core.extraction.checks import run_checks
from chorus_desktop.core.extraction.input_checks import UnreadableInput
from chorus_desktop.core.extraction.merge import merge_readings
from chorus_desktop.core.extraction.xml_reader import read_embedded_xml
from chorus_desktop.core.model import ExtractionResult, FieldValue, Problem, VatLine

log = logging.getLogger(__name__)


def extract_invoice(path: str | os.PathLike[str], *, use_embedded_xml: bool = True) -> ExtractionResult:
    """Read an invoice PDF. Bad files give `readable=False` and a French problem, never an exception."""
    path = Path(path)
    result = ExtractionResult(file=path)
    try:
        result.problems += input_checks.check_file(path)
        opened = input_checks.open_pdf(path)
    except UnreadableInput as unreadable:
        result.readable = False
        # A truncation warning says less than the reason the file cannot be read at all.
        result.problems = [p for p in result.problems if p.code != "pdf_tronque"] + [unreadable.problem]
        return result
    try:
        result.page_count = opened.page_count
        result.problems += opened.problems
        _read_into(result, opened, use_embedded_xml)
    finally:
        opened.close()
    return result


def _read_into(result: ExtractionResult, opened: input_checks.OpenedPdf, use_embedded_xml: bool) -> None:
    xml_fields: dict[str, FieldValue] = {}
    if use_embedded_xml:
        reading = read_embedded_xml(result.file)
        if reading is not None:
            result.has_embedded_xml = True
            xml_fields = reading.fields
            result.problems += reading.problems

    page_fields: dict[str, FieldValue] = {}
    try:
        page_reading = read_page(opened.pdf)
        page_fields = dict(page_reading.fields)
        result.problems += page_reading.problems
        image_problem = input_checks.text_layer_problem(opened.pdf.pages)
        if image_problem is not None:
            result.problems.append(image_problem)
    except ImportError:
        raise  # a missing module is our bug, not a damaged PDF
    except Exception:  # pdfminer can fail mid-page on damaged files; the XML may still be usable
        log.warning("page reading failed for %s", result.file, exc_info=True)
        result.problems.append(Problem(
            "page_illisible",
            "Le texte des pages n'a pas pu être lu (PDF abîmé)" +
            (" : seules les données XML jointes ont été reprises." if xml_fields else "."),
            blocking=not xml_fields,
        ))
        if not xml_fields:
            result.readable = False
            return

    merged = merge_readings(xml_fields, page_fields)
    result.fields = merged.fields
    result.problems += merged.problems
    derive_fields(result.fields)
    result.problems += run_checks(result.fields)
    for name in merged.doubtful:
        if name in result.fields:
            result.fields[name].confidence = "low"
    if not result.fields and not any(p.code == "pdf_image" for p in result.problems):
        result.problems.append(Problem(
            "aucune_donnee", "Aucune donnée de facture n'a été reconnue dans ce PDF : saisissez-les à la main."
        ))


def read_page(pdf: Any) -> Any:
    """The page reader (engineer A2's module), imported on first use."""
    from chorus_desktop.core.extraction.page_reader import read_page_fields

    return read_page_fields(pdf)


def derive_fields(fields: dict[str, FieldValue]) -> None:
    """Fill what follows from the values read: document type from the sign, rates from the VAT lines."""
    total = fields.get("total_ttc")
    negative_total = total is not None and isinstance(total.value, Decimal) and total.value < 0
    document_type = fields.get("document_type")
    if document_type is None:
        fields["document_type"] = FieldValue(
            "credit_note" if negative_total else "invoice", "low", total.source if total else "text"
        )
    elif document_type.value == "invoice" and negative_total:
        # A type code 380 with negative totals is an "avoir" all the same.
        fields["document_type"] = FieldValue("credit_note", "low", document_type.source)

    breakdown = fields.get("vat_breakdown")
    if "vat_rates" not in fields and breakdown is not None and breakdown.value:
        lines: list[VatLine] = breakdown.value
        fields["vat_rates"] = FieldValue(
            sorted({line.rate for line in lines}, reverse=True), breakdown.confidence, breakdown.source,
            page=breakdown.page, bbox=breakdown.bbox,
        )
    date = fields.get("date")
    if date is not None and isinstance(date.value, dt.datetime):
        date.value = date.value.date()
