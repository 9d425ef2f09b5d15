"""Build small PDFs for extraction tests: text pages written by hand, image-only, encrypted, huge, broken.

Text PDFs are written in raw PDF syntax (Helvetica, WinAnsi), so a test can lay out an invoice exactly
and the extraction engine reads them as it reads any real file.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

# One line of text on a page: (x, y from the top, text).
TextLine = tuple[float, float, str]
PAGE_WIDTH, PAGE_HEIGHT = 595, 842


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def text_pdf(pages: list[list[TextLine]], *, font_size: float = 10) -> bytes:
    """A PDF whose pages hold the given lines of text, at the given positions."""
    objects: list[bytes] = []  # object n is objects[n - 1]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(b"")  # the page tree, written once the page ids are known
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    page_ids = []
    for lines in pages:
        stream = b"".join(
            b"BT /F1 %.1f Tf %.2f %.2f Td (%s) Tj ET\n" % (font_size, x, PAGE_HEIGHT - y, _escape(text))
            for x, y, text in lines
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        content_id = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /Font << /F1 3 0 R >> >> "
            b"/Contents %d 0 R >>" % (PAGE_WIDTH, PAGE_HEIGHT, content_id)
        )
        page_ids.append(len(objects))
    kids = b" ".join(b"%d 0 R" % n for n in page_ids)
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_ids))

    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def image_only_pdf(path: Path) -> Path:
    """A 'scanned' invoice: one page that is a picture, with no text layer."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 840), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 40, 560, 120), outline="black", width=3)
    for y in range(200, 700, 40):
        draw.line((40, y, 560, y), fill="black", width=2)
    image.save(path, "PDF", resolution=72.0)
    return path


def encrypted_copy(source: Path, path: Path, *, user_password: str = "secret") -> Path:
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=source)
    writer.encrypt(user_password, owner_password="owner-" + user_password, algorithm="AES-256")
    with open(path, "wb") as handle:
        writer.write(handle)
    return path


def padded_copy(source: Path, path: Path, *, extra_bytes: int) -> Path:
    """A valid copy of `source` made heavier by an incompressible attachment."""
    import os

    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=source)
    writer.add_attachment("annexe.bin", os.urandom(extra_bytes))
    with open(path, "wb") as handle:
        writer.write(handle)
    return path


def truncated_copy(source: Path, path: Path, *, keep: float) -> Path:
    data = source.read_bytes()
    return write(path, data[: int(len(data) * keep)])


def field_value(reading: Any, name: str) -> Any:
    """The value a page reading found for `name`, or None."""
    found = reading.fields.get(name)
    return None if found is None else found.value


def field_confidence(reading: Any, name: str) -> str | None:
    """The confidence ("high"/"low") of what a page reading found for `name`, or None."""
    found = reading.fields.get(name)
    return None if found is None else found.confidence
