"""Writing invoices and avoirs: the PDF/A-3B page (fpdf2) with its Factur-X EN 16931 XML (factur-x)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from chorus_desktop.core.domain.written_invoice import InvoiceDocument
from chorus_desktop.core.writing.facturx_xml import LEVEL, invoice_xml


@dataclass(frozen=True)
class WrittenPdf:
    data: bytes
    page_count: int
    xml: bytes


def write_invoice_pdf(doc: InvoiceDocument) -> WrittenPdf:
    """The finished file: the page, with the XML (checked against the Factur-X XSD) embedded as
    `factur-x.xml` (AFRelationship Data) and the Factur-X XMP metadata."""
    from facturx import generate_from_binary  # type: ignore[import-untyped]

    from chorus_desktop.core.writing.pdf_layout import render_pdf  # fpdf2 and fontTools: loaded when used

    xml = invoice_xml(doc)
    metadata: dict[str, Any] = {
        "author": doc.seller.name, "keywords": "Factur-X", "subject": f"{doc.kind} {doc.number}",
        "title": f"{doc.seller.name}: {doc.kind} {doc.number}",
    }
    page, page_count = render_pdf(doc)
    result = generate_from_binary(page, xml, flavor="factur-x", level=LEVEL, check_xsd=True,
                                  check_schematron=False, pdf_metadata=metadata, lang="fr-FR",
                                  xmp_compression=False)  # PDF/A: no Filter on the metadata stream
    if not isinstance(result, (bytes, bytearray)):  # pragma: no cover - older factur-x versions return a stream
        buffer = io.BytesIO()
        buffer.write(result.read())
        result = buffer.getvalue()
    return WrittenPdf(_keywords_in_xmp(bytes(result), metadata["keywords"]), page_count, xml)


def _keywords_in_xmp(data: bytes, keywords: str) -> bytes:
    """factur-x writes /Keywords in the document information dictionary but no pdf:Keywords in the XMP;
    PDF/A wants every Info entry mirrored in the XMP, so add it (and keep the header factur-x wrote)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import StreamObject

    reader = PdfReader(io.BytesIO(data))
    writer = PdfWriter(clone_from=reader)
    writer.pdf_header = reader.pdf_header
    stream = writer.root_object["/Metadata"].get_object()
    assert isinstance(stream, StreamObject)
    xmp = stream.get_data()
    if b"pdf:Keywords" not in xmp and b"<pdf:Producer>" in xmp:
        stream.set_data(xmp.replace(b"<pdf:Producer>", f"<pdf:Keywords>{keywords}</pdf:Keywords><pdf:Producer>"
                                    .encode(), 1))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


__all__ = ["WrittenPdf", "invoice_xml", "write_invoice_pdf"]
