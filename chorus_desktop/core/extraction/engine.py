"""The extraction orchestrator: one PDF in, one ExtractionResult out, never an exception.

Steps: check the file's bytes, open it, read the embedded XML, read the printed page (the page reader,
which reads a long document on its first and last pages), merge both, derive what follows from the
values read, run the consistency checks that decide confidence. Everything after the byte checks runs
within a time budget, so that no file, however pathological, keeps the caller waiting.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from chorus_desktop.core.domain.learning import LayoutMemory
from chorus_desktop.core.extraction import input_checks
from chorus_desktop.core.extraction.checks import run_checks
from chorus_desktop.core.extraction.input_checks import UnreadableInput
from chorus_desktop.core.extraction.layout_hints import apply_layout_hints
from chorus_desktop.core.extraction.merge import merge_readings
from chorus_desktop.core.extraction.page_reader import pages_to_read, read_page_fields
from chorus_desktop.core.extraction.xml_attachments import rejected_xml_problem
from chorus_desktop.core.extraction.xml_reader import read_embedded_xml
from chorus_desktop.core.model import ExtractionResult, FieldValue, Problem, VatLine

log = logging.getLogger(__name__)


# Any file is done in under 5 s: the reading runs in a helper thread, abandoned past this budget.
TIME_BUDGET_SECONDS = 4.5
# Without any of these, nothing of an invoice was recognised.
KEY_FIELDS = ("invoice_number", "date", "total_ht", "total_tva", "total_ttc", "amount_due")


def extract_invoice(
    path: str | os.PathLike[str], *, use_embedded_xml: bool = True, time_budget: float = TIME_BUDGET_SECONDS,
    layout_hints: Sequence[LayoutMemory] = (),
) -> ExtractionResult:
    """Read an invoice PDF. Bad files give `readable=False` and a French problem, never an exception.

    `layout_hints` are the layouts learned for the supplier profile (the caller looks them up): the
    invoice is read with its own, if among them, first (`layout_hints.apply_layout_hints`)."""
    path = Path(path)
    try:
        early_problems = input_checks.check_file(path)
    except UnreadableInput as unreadable:
        return _unreadable(path, [], unreadable.problem)
    outcome: dict[str, Any] = {}
    # pdfminer cannot be interrupted: a pathological PDF is left to a daemon thread that closes the file
    # when it ends, and the caller gets an answer in time.
    worker = threading.Thread(
        target=_read_in_worker,
        args=(path, early_problems, use_embedded_xml, outcome),
        name="chorus-extraction",
        daemon=True,
    )
    worker.start()
    worker.join(time_budget)
    if worker.is_alive():
        log.warning("extraction of %s abandoned after %.1f s", path, time_budget)
        return _unreadable(path, early_problems, too_long_problem(path, time_budget))
    if "error" in outcome:
        error = outcome["error"]
        if isinstance(error, ImportError):
            raise error  # a missing module is our bug, not a damaged PDF
        if isinstance(error, MemoryError):  # the worker process's memory ceiling was reached
            return _unreadable(path, early_problems, too_heavy_problem(path))
        log.error("extraction of %s failed", path, exc_info=error)
        return _unreadable(
            path,
            early_problems,
            Problem(
                "erreur_interne",
                f"Le PDF « {path.name} » n'a pas pu être lu à cause d'une erreur interne de Chorus Desktop.",
                blocking=True,
            ),
        )
    result: ExtractionResult = outcome["result"]
    if layout_hints:
        apply_layout_hints(result, layout_hints)
    return result


def too_heavy_problem(path: Path) -> Problem:
    """The file needs more memory than a reading may take (the worker's ceiling)."""
    return Problem(
        "pdf_trop_lourd",
        f"Le PDF « {path.name} » demande trop de mémoire pour être lu : sa lecture a été arrêtée, pour protéger "
        "l'ordinateur. Saisissez les valeurs à la main ou exportez à nouveau le PDF.",
        blocking=True,
    )


def too_long_problem(path: Path, seconds: float) -> Problem:
    shown = f"{seconds:g}".replace(".", ",")
    return Problem(
        "lecture_trop_longue",
        f"Le PDF « {path.name} » est trop complexe : sa lecture a été abandonnée après {shown} "
        "secondes. Saisissez les valeurs à la main ou exportez à nouveau le PDF.",
        blocking=True,
    )


def unreadable_result(path: Path, reason: Problem) -> ExtractionResult:
    return _unreadable(path, [], reason)


def _read_in_worker(
    path: Path, early_problems: list[Problem], use_embedded_xml: bool, outcome: dict[str, Any]
) -> None:
    try:
        outcome["result"] = _extract(path, early_problems, use_embedded_xml)
    except BaseException as error:  # noqa: BLE001 - handed to the caller's thread, which decides
        outcome["error"] = error


def _extract(path: Path, early_problems: list[Problem], use_embedded_xml: bool) -> ExtractionResult:
    try:
        opened = input_checks.open_pdf(path)
    except UnreadableInput as unreadable:
        return _unreadable(path, early_problems, unreadable.problem)
    result = ExtractionResult(file=path, problems=list(early_problems))
    try:
        result.page_count = opened.page_count
        _read_into(result, opened, use_embedded_xml)
    finally:
        opened.close()
    return result


def _unreadable(path: Path, early_problems: list[Problem], reason: Problem) -> ExtractionResult:
    # A truncation warning says less than the reason the file cannot be read at all.
    kept = [p for p in early_problems if p.code != "pdf_tronque"]
    return ExtractionResult(file=path, problems=[*kept, reason], readable=False)


def _read_into(result: ExtractionResult, opened: input_checks.OpenedPdf, use_embedded_xml: bool) -> None:
    xml_fields: dict[str, FieldValue] = {}
    if use_embedded_xml:
        reading = read_embedded_xml(result.file)
        if reading is not None:
            result.has_embedded_xml = True
            xml_fields = reading.fields
            result.problems += reading.problems
        else:
            rejected = rejected_xml_problem(result.file)
            if rejected is not None:
                result.problems.append(rejected)

    page_fields: dict[str, FieldValue] = {}
    window = pages_to_read(opened.page_count)  # 0-based, the same pages the page reader reads
    long_problem = input_checks.long_document_problem(opened.page_count, [i + 1 for i in window])
    if long_problem is not None:
        result.problems.append(long_problem)
    try:
        page_reading = read_page_fields(opened.pdf)
        page_fields = dict(page_reading.fields)
        result.words = page_reading.words
        result.fingerprint = page_reading.fingerprint
        result.problems += page_reading.problems
        image_problem = input_checks.text_layer_problem([opened.pdf.pages[i] for i in window])
        if image_problem is not None:
            result.problems.append(image_problem)
    except Exception as error:  # pdfminer can fail mid-page on damaged files; the XML may still be usable
        if _out_of_memory(error):
            raise MemoryError from error  # the worker's memory ceiling: the file is too heavy, not damaged
        log.warning("page reading failed for %s", result.file, exc_info=True)
        result.problems.append(
            Problem(
                "page_illisible",
                "Le texte des pages n'a pas pu être lu (PDF abîmé)"
                + (" : seules les données XML jointes ont été reprises." if xml_fields else "."),
                blocking=not xml_fields,
            )
        )
        if not xml_fields:
            result.readable = False
            return

    merged = merge_readings(xml_fields, page_fields)
    if not any(name in merged.fields for name in KEY_FIELDS) and not any(
        p.code == "pdf_image" for p in result.problems
    ):
        result.problems.append(
            Problem(
                "aucune_donnee",
                "Aucune donnée de facture n'a été reconnue dans ce PDF : saisissez-les à la main.",
            )
        )
    result.fields = merged.fields
    result.problems += merged.problems
    derive_fields(result.fields)
    result.problems += run_checks(result.fields)
    for name in merged.doubtful:
        if name in result.fields:
            result.fields[name].confidence = "low"


def _out_of_memory(error: BaseException) -> bool:
    """A MemoryError, also as wrapped by pdfplumber (PdfminerException(MemoryError(...)))."""
    seen: set[int] = set()
    pending: list[object] = [error]
    while pending:
        current = pending.pop()
        if not isinstance(current, BaseException) or id(current) in seen:
            continue
        if isinstance(current, MemoryError):
            return True
        seen.add(id(current))
        pending.extend([*current.args[:1], current.__cause__, current.__context__])
    return False


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
            sorted({line.rate for line in lines}, reverse=True),
            breakdown.confidence,
            breakdown.source,
            page=breakdown.page,
            bbox=breakdown.bbox,
        )
    date = fields.get("date")
    if date is not None and isinstance(date.value, dt.datetime):
        date.value = date.value.date()
