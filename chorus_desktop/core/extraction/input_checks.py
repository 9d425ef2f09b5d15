"""Bad input: decide, cheaply and before any heavy work, whether and how a file can be read.

Every problem found here is a French sentence for the accountant. Fatal problems (not a PDF, empty,
unreadable, password-protected) end the extraction with `readable=False`; the others (too big for
Chorus Pro, truncated but readable, image-only, very long) are reported and the file is still read.

The work on a file is bounded: decompression bombs are refused here from the raw bytes (stream_limits),
the page reader reads a long document on its first and last pages only, the engine abandons a reading
that exceeds its time budget, and the worker process (worker.py) has a memory ceiling and a time limit.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber

from chorus_desktop.core.extraction.stream_limits import MAX_STREAM_BYTES, scan_pdf
from chorus_desktop.core.model import Problem

log = logging.getLogger(__name__)

# Chorus Pro refuses PDFs over 10 Mo (HTTP 413 / error 20003). Read in the strict, decimal sense: a file
# we let through must never be refused for a difference between Mo and Mio.
CHORUS_MAX_BYTES = 10_000_000
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
    """A PDF opened for reading."""

    pdf: Any  # pdfplumber.PDF
    page_count: int

    def close(self) -> None:
        close_quietly(self.pdf)


def close_quietly(pdf: Any) -> None:
    """Close a pdfplumber PDF, even one whose pages cannot be built (its close() walks the pages)."""
    try:
        pdf.close()
    except Exception:  # noqa: BLE001 - any failure of a third-party parser is a bad file
        try:
            pdf.stream.close()
        except Exception:  # noqa: BLE001 - nothing more to do; the handle goes with the object
            log.debug("could not close %r", pdf)


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
            _fatal(
                "fichier_illisible", f"Le fichier « {path.name} » ne peut pas être ouvert ({error.strerror})."
            )
        )
    if size == 0:
        raise UnreadableInput(_fatal("fichier_vide", f"Le fichier « {path.name} » est vide."))
    if b"%PDF-" not in head:
        raise UnreadableInput(
            _fatal(
                "pas_un_pdf",
                f"Le fichier « {path.name} » n'est pas un PDF : Chorus Pro n'accepte que des PDF.",
            )
        )
    problems: list[Problem] = []
    if size > CHORUS_MAX_BYTES:
        megabytes = f"{size / 1_000_000:.1f}".replace(".", ",")
        problems.append(
            Problem(
                "fichier_trop_gros",
                f"Le PDF pèse {megabytes} Mo : Chorus Pro refuse les fichiers "
                "de plus de 10 Mo. Réduisez-le avant le dépôt.",
                blocking=True,
            )
        )
    problems += hostile_content_problems(path)
    if b"%%EOF" not in tail:
        problems.append(
            Problem(
                "pdf_tronque",
                "Le PDF semble tronqué ou abîmé (fin de fichier manquante) : vérifiez les valeurs lues et "
                "déposez de préférence une copie intacte.",
            )
        )
    return problems


ACTIVE_CONTENT_WORDS = {"javascript": "du JavaScript", "launch": "une action de lancement de programme"}


def hostile_content_problems(path: Path) -> list[Problem]:
    """Refuse a decompression bomb before any parser inflates it; report active content (not blocking)."""
    try:
        scan = scan_pdf(path)
    except OSError:
        return []  # the parser will say what is wrong with the file
    if scan.bomb:
        raise UnreadableInput(_fatal(
            "pdf_bombe",
            f"Le PDF « {path.name} » contient des données compressées démesurées (plus de "
            f"{MAX_STREAM_BYTES // 1_048_576} Mo une fois décompressées) : il n'a pas été lu, pour protéger "
            "l'ordinateur. Demandez une nouvelle copie du fichier."))
    if not scan.active:
        return []
    what = " et ".join(ACTIVE_CONTENT_WORDS[kind] for kind in sorted(scan.active))
    return [Problem(
        "contenu_actif",
        f"Le PDF contient du contenu actif ({what}) : Chorus Desktop ne l'exécute jamais, mais ce contenu "
        "n'a rien à faire dans une facture et Chorus Pro ou le destinataire peuvent la refuser. Déposez de "
        "préférence une copie sans script (par exemple « Imprimer » vers un PDF).")]


def open_pdf(path: Path) -> OpenedPdf:
    """Open with pdfplumber and count the pages; raises UnreadableInput on failure."""
    try:
        pdf = pdfplumber.open(path)
    except Exception as error:  # noqa: BLE001 - pdfplumber wraps pdfminer failures in PdfminerException
        raise UnreadableInput(_open_failure(path, error)) from None
    try:
        page_count = len(pdf.pages)  # builds light page objects; nothing is parsed yet
    except Exception:  # noqa: BLE001 - any failure of a third-party parser is a bad file
        close_quietly(pdf)
        raise UnreadableInput(
            _fatal("pdf_corrompu", f"Le PDF « {path.name} » est abîmé : ses pages ne peuvent pas être lues.")
        ) from None
    if page_count == 0:
        close_quietly(pdf)
        raise UnreadableInput(_fatal("pdf_sans_page", f"Le PDF « {path.name} » ne contient aucune page."))
    return OpenedPdf(pdf=pdf, page_count=page_count)


def long_document_problem(page_count: int, pages_read: list[int]) -> Problem | None:
    """Tell the user which pages of a long document were read (1-based numbers)."""
    if len(pages_read) >= page_count:
        return None
    return Problem(
        "document_long",
        f"Document de {page_count} pages : seules les pages {_ranges(pages_read)} ont été lues "
        "(en-tête au début, totaux à la fin).",
    )


def text_layer_problem(pages: list[Any]) -> Problem | None:
    """The scanned-PDF problem when none of the pages read has any character (pdfplumber caches them)."""
    if not pages or any(page.chars for page in pages):
        return None
    return Problem("pdf_image", PROBLEM_IMAGE_PDF, blocking=True)


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
        f"Le PDF « {path.name} » est abîmé ou tronqué et ne peut pas être lu. "
        "Demandez une nouvelle copie du fichier.",
    )


def _fatal(code: str, message: str) -> Problem:
    return Problem(code, message, blocking=True)


def _ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 48, 49, 50] -> "1 à 3, 48 à 50"."""
    parts: list[str] = []
    start: int | None = None
    previous: int | None = None
    for number in [*numbers, None]:
        if start is not None and number is not None and previous is not None and number == previous + 1:
            previous = number
            continue
        if start is not None:
            parts.append(str(start) if start == previous else f"{start} à {previous}")
        start = previous = number
    return ", ".join(parts)
