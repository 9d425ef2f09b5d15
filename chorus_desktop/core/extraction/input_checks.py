"""Bad input: decide, cheaply and before any heavy work, whether and how a file can be read.

Every problem found here is a French sentence for the accountant. Fatal problems (not a PDF, empty,
unreadable, password-protected) end the extraction with `readable=False`; the others (too big for
Chorus Pro, truncated but readable, image-only, very long) are reported and the file is still read.

The work on a file is bounded so that any file is done in a few seconds: a very long PDF is read on its
first and last pages only (header on the first ones, totals on the last ones), and a page whose drawing
instructions are huge (a pathological or image-like page) is skipped rather than parsed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import resolve1

from chorus_desktop.core.model import Problem

log = logging.getLogger(__name__)

# Chorus Pro refuses attachments over 10 Mo.
CHORUS_MAX_BYTES = 10 * 1024 * 1024
# Long documents: how many pages are read at the start and at the end.
HEAD_PAGES = 3
TAIL_PAGES = 3
# Above this many bytes of (compressed) drawing instructions a page is not parsed: the page reader
# would spend seconds on it, and invoice pages are a few tens of kilobytes.
MAX_PAGE_CONTENT_BYTES = 3 * 1024 * 1024
# How many bytes of the start of the file may hold the "%PDF-" marker (some generators put junk first).
HEADER_SEARCH_BYTES = 1024

PROBLEM_IMAGE_PDF = "PDF image : Chorus Pro exige un PDF texte"


class UnreadableInput(Exception):
    """The file cannot be read at all; `problem` says why, in French."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


@dataclass
class OpenedPdf:
    """A PDF opened for reading, limited to the pages worth reading."""

    pdf: Any  # pdfplumber.PDF (pdfplumber ships no type information)
    page_count: int
    pages_read: list[int]  # 1-based numbers of the pages the page reader will see
    problems: list[Problem] = field(default_factory=list)

    def close(self) -> None:
        self.pdf.close()


def check_file(path: Path) -> list[Problem]:
    """Checks on the bytes of the file; raises UnreadableInput when it is not a readable PDF."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise UnreadableInput(_fatal("fichier_introuvable", f"« {path.name} » n'est pas un fichier."))
        with open(path, "rb") as handle:
            head = handle.read(HEADER_SEARCH_BYTES)
            handle.seek(max(0, size - 2048))
            tail = handle.read()
    except FileNotFoundError:
        raise UnreadableInput(_fatal("fichier_introuvable", f"Le fichier « {path.name} » est introuvable."))
    except OSError as error:
        raise UnreadableInput(
            _fatal("fichier_illisible", f"Le fichier « {path.name} » ne peut pas être ouvert ({error.strerror}).")
        )
    if size == 0:
        raise UnreadableInput(_fatal("fichier_vide", f"Le fichier « {path.name} » est vide."))
    if b"%PDF-" not in head:
        raise UnreadableInput(
            _fatal("pas_un_pdf", f"Le fichier « {path.name} » n'est pas un PDF : Chorus Pro n'accepte que des PDF.")
        )
    problems: list[Problem] = []
    if size > CHORUS_MAX_BYTES:
        problems.append(Problem(
            "fichier_trop_gros",
            f"Le PDF pèse {size / (1024 * 1024):.1f} Mo : Chorus Pro refuse les fichiers de plus de 10 Mo. "
            "Réduisez-le avant le dépôt.",
            blocking=True,
        ))
    if b"%%EOF" not in tail:
        problems.append(Problem(
            "pdf_tronque",
            "Le PDF semble tronqué ou abîmé (fin de fichier manquante) : vérifiez les valeurs lues et "
            "déposez de préférence une copie intacte.",
        ))
    return problems


def open_pdf(path: Path) -> OpenedPdf:
    """Open with pdfplumber and choose the pages to read; raises UnreadableInput on failure."""
    try:
        pdf = pdfplumber.open(path)
    except Exception as error:  # pdfplumber wraps every pdfminer failure in PdfminerException
        raise UnreadableInput(_open_failure(path, error)) from None
    try:
        page_sizes = _page_content_sizes(pdf)
    except Exception:
        pdf.close()
        raise UnreadableInput(_fatal(
            "pdf_corrompu", f"Le PDF « {path.name} » est abîmé : ses pages ne peuvent pas être lues."
        )) from None
    page_count = len(page_sizes)
    if page_count == 0:
        pdf.close()
        raise UnreadableInput(_fatal("pdf_sans_page", f"Le PDF « {path.name} » ne contient aucune page."))
    problems: list[Problem] = []
    wanted = choose_pages(page_count)
    if len(wanted) < page_count:
        problems.append(Problem(
            "document_long",
            f"Document de {page_count} pages : seules les pages {_ranges(wanted)} ont été lues "
            "(en-tête au début, totaux à la fin).",
        ))
    heavy = [n for n in wanted if page_sizes[n - 1] > MAX_PAGE_CONTENT_BYTES]
    if heavy:
        problems.append(Problem(
            "page_trop_complexe",
            f"Page(s) {_ranges(heavy)} trop complexe(s) pour être lue(s) : elles ont été ignorées.",
        ))
        wanted = [n for n in wanted if n not in heavy]
    pdf.pages_to_parse = wanted
    return OpenedPdf(pdf=pdf, page_count=page_count, pages_read=wanted, problems=problems)


def choose_pages(page_count: int) -> list[int]:
    """All pages of a normal invoice; the first and last ones of a long document."""
    if page_count <= HEAD_PAGES + TAIL_PAGES:
        return list(range(1, page_count + 1))
    return list(range(1, HEAD_PAGES + 1)) + list(range(page_count - TAIL_PAGES + 1, page_count + 1))


def text_layer_problem(pages: list[Any]) -> Problem | None:
    """The scanned-PDF problem when none of the pages read has any character (pdfplumber caches them)."""
    if not pages or any(page.chars for page in pages):
        return None
    return Problem("pdf_image", PROBLEM_IMAGE_PDF, blocking=True)


def _page_content_sizes(pdf: Any) -> list[int]:
    """Compressed size of each page's drawing instructions, read from the stream dictionaries only."""
    sizes: list[int] = []
    for page in PDFPage.create_pages(pdf.doc):
        total = 0
        for stream in page.contents or []:
            stream = resolve1(stream)
            length = resolve1(getattr(stream, "attrs", {}).get("Length", 0))
            total += length if isinstance(length, int) else 0
        sizes.append(total)
    return sizes


def _open_failure(path: Path, error: Exception) -> Problem:
    cause = getattr(error, "args", [None])[0] if error.args else None
    cause_name = type(cause).__name__ if isinstance(cause, BaseException) else type(error).__name__
    if cause_name in ("PDFPasswordIncorrect", "PDFEncryptionError", "PDFEncryptionWarning"):
        return _fatal(
            "pdf_protege",
            f"Le PDF « {path.name} » est protégé par un mot de passe : Chorus Pro n'accepte pas les PDF "
            "protégés. Enregistrez une copie sans mot de passe.",
        )
    log.debug("cannot open %s: %r", path, error)
    return _fatal(
        "pdf_corrompu",
        f"Le PDF « {path.name} » est abîmé ou tronqué et ne peut pas être lu. Demandez une nouvelle copie "
        "du fichier.",
    )


def _fatal(code: str, message: str) -> Problem:
    return Problem(code, message, blocking=True)


def _ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 48, 49, 50] -> "1 à 3, 48 à 50"."""
    parts: list[str] = []
    start = previous = None
    for number in numbers + [None]:  # type: ignore[list-item]
        if start is not None and number is not None and previous is not None and number == previous + 1:
            previous = number
            continue
        if start is not None:
            parts.append(str(start) if start == previous else f"{start} à {previous}")
        start = previous = number
    return ", ".join(parts)
