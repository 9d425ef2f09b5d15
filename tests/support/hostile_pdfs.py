"""Hostile PDFs, generated: deflate bombs, active content, an embedded XML that factur-x refuses.

Used by the tests and by benchmarks/bench_hostile.py. Nothing here is hard-coded for a known file: the
bytes are built from the PDF syntax each time.
"""

from __future__ import annotations

import io
import zlib
from pathlib import Path

CHUNK = 16 * 1024 * 1024


def _raw_block(data: bytes) -> bytes:
    """`data` as raw deflate blocks ending on a full flush: independent of what comes before or after."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)


def compressed_blank(inflated_bytes: int) -> bytes:
    """A Flate stream (zlib format, checksum included) of `inflated_bytes` spaces, ~1000:1.

    The same 16 MB block of spaces, compressed once and ended by a full flush, is repeated: each copy
    is independent of the previous ones, so the stream is valid and costs one compression."""
    full, rest = divmod(inflated_bytes, CHUNK)
    block = b" " * CHUNK
    checksum = 1
    for _ in range(full):
        checksum = zlib.adler32(block, checksum)
    checksum = zlib.adler32(block[:rest], checksum)
    final = zlib.compressobj(9, zlib.DEFLATED, -15).flush()  # the empty last block
    body = _raw_block(block) * full + (_raw_block(block[:rest]) if rest else b"") + final
    return b"\x78\xda" + body + checksum.to_bytes(4, "big")


def write_pdf(path: Path, objects: list[bytes], *, trailer_extra: bytes = b"", comment: bytes = b"") -> Path:
    """Write objects 1..n (object 1 the catalog) with a correct xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + (b"% " + comment + b"\n" if comment else b""))
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R ".encode() + trailer_extra
              + f">>\nstartxref\n{xref}\n%%EOF\n".encode())
    path.write_bytes(out.getvalue())
    return path


def _page_objects(content: bytes, *, flate: bool, catalog_extra: bytes = b"") -> list[bytes]:
    filter_entry = b" /Filter /FlateDecode" if flate else b""
    return [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b">>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
         b"/Resources << /Font << /F1 5 0 R >> >> >>"),
        f"<< /Length {len(content)}".encode() + filter_entry + b" >>\nstream\n" + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]


def deflate_bomb(path: Path, inflated_bytes: int = 1_200_000_000, *, salt: str = "",
                 stream: bytes | None = None) -> Path:
    """A one-page PDF whose content stream inflates to `inflated_bytes` (pass `stream` to reuse one)."""
    data = stream if stream is not None else compressed_blank(inflated_bytes)
    return write_pdf(path, _page_objects(data, flate=True), comment=salt.encode())


def text_invoice(path: Path, lines: list[str], *, catalog_extra: bytes = b"", extra_objects: list[bytes] | None = None,
                 flate: bool = True) -> Path:
    """A small text PDF (Helvetica) printing `lines`, optionally with more catalog entries and objects."""
    content = b"BT /F1 11 Tf 50 800 Td 14 TL " + b" ".join(
        b"(" + line.encode("latin-1").replace(b"(", b"\\(").replace(b")", b"\\)") + b") '" for line in lines
    ) + b" ET"
    data = zlib.compress(content) if flate else content
    return write_pdf(path, _page_objects(data, flate=flate, catalog_extra=catalog_extra) + (extra_objects or []))


SAMPLE_LINES = ["FACTURE FA-2025-0042", "Date : 12/03/2025", "Total HT : 100,00 EUR",
                "TVA 20 % : 20,00 EUR", "Total TTC : 120,00 EUR"]


def javascript_invoice(path: Path) -> Path:
    """An invoice opening with a JavaScript action (/OpenAction -> /S /JavaScript)."""
    return text_invoice(path, SAMPLE_LINES, catalog_extra=b"/OpenAction 6 0 R ",
                        extra_objects=[b"<< /Type /Action /S /JavaScript /JS (app.alert\\('bonjour'\\);) >>"])


def launch_invoice(path: Path) -> Path:
    """An invoice opening with a /Launch action."""
    return text_invoice(path, SAMPLE_LINES, catalog_extra=b"/OpenAction 6 0 R ",
                        extra_objects=[b"<< /Type /Action /S /Launch /F (calc.exe) >>"])


def invoice_with_broken_xml(path: Path) -> Path:
    """An invoice carrying a `factur-x.xml` attachment that is not well-formed XML."""
    from pypdf import PdfWriter

    plain = text_invoice(path.with_suffix(".plain.pdf"), SAMPLE_LINES)
    writer = PdfWriter(clone_from=str(plain))
    writer.add_attachment("factur-x.xml", b"<rsm:CrossIndustryInvoice><oops></rsm:CrossIndustryInvoice")
    with open(path, "wb") as handle:
        writer.write(handle)
    plain.unlink()
    return path
