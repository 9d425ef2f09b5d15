"""An embedded invoice XML that the Factur-X library refuses is reported, not dropped without a word.

factur-x's `get_xml_from_pdf` skips an attachment that is not well-formed XML or not a known profile with
only a log line; the reader then sees "no XML". Here the PDF's attachments are listed (pypdf, after the
decompression checks of `stream_limits`) and an XML one that was not returned becomes a warning.
"""

from __future__ import annotations

import logging
from pathlib import Path

from chorus_desktop.core.model import Problem

log = logging.getLogger(__name__)


def rejected_xml_problem(path: Path) -> Problem | None:
    """A warning when the PDF carries an XML attachment although none could be read; else None."""
    name = rejected_xml_attachment(path)
    if name is None:
        return None
    return Problem(
        "xml_rejete",
        f"Le fichier XML joint au PDF ({name}) a été refusé par la bibliothèque Factur-X (XML mal formé ou "
        "profil inconnu) : seules les données de la page ont été lues. Vérifiez les valeurs.")


def rejected_xml_attachment(path: Path) -> str | None:
    """The name of an XML file attached to the PDF, or None (no attachment, or not readable)."""
    try:
        with open(path, "rb") as handle:
            if b"/EmbeddedFile" not in handle.read():
                return None
        from pypdf import PdfReader

        with open(path, "rb") as handle:
            names = [str(attachment.name) for attachment in PdfReader(handle).attachment_list]
    except Exception as error:  # noqa: BLE001 - pypdf raises many kinds of errors on odd PDFs
        log.debug("attachments of %s not listed: %s", path, error)
        return None
    return next((name for name in names if name.lower().endswith(".xml")), None)
