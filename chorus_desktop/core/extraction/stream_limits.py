"""Hostile PDFs, found on the raw bytes before any parser builds anything.

- Decompression bombs: pdfminer and pypdf inflate a whole stream into memory before looking at it, so a
  1 MB file whose content stream inflates to 1 GB costs 1 GB. Every /FlateDecode stream is inflated here
  with a bounded `zlib.decompressobj` that only counts the bytes (a few MB of memory at any time) and
  stops as soon as a stream or the whole file passes its cap: the file is then refused.
- Active content: JavaScript and launch actions (also inside compressed object streams) are reported.

Streams whose filter chain does not start with Flate (images in DCT/JBIG2/CCITT, ASCII85 wrappers) are
not inflated here; the worker process's memory ceiling and time limit still bound them.
"""

from __future__ import annotations

import mmap
import re
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

# No invoice needs more: a page's content stream is a few hundred KB, a flate image of a scanned A4 page
# at 300 dpi in colour ~26 MB.
MAX_STREAM_BYTES = 64 * 1024 * 1024
MAX_FILE_BYTES = 128 * 1024 * 1024
OUTPUT_STEP = 4 * 1024 * 1024  # inflated bytes produced per call (the memory used at any time)
SCAN_SECONDS = 2.0  # past this, stop inflating (the worker's limits take over)
DICT_LOOKBACK = 4096  # bytes before "stream" searched for the stream's dictionary

_STREAM = re.compile(rb"stream\r?\n")
_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch)(?![A-Za-z0-9_.#-])")
_FLATE_FIRST = re.compile(rb"/Filter\s*(?:\[\s*)?/(?:FlateDecode|Fl)(?![A-Za-z])")


@dataclass
class StreamScan:
    """What the raw bytes say: the largest inflated stream, the total, the active content found."""

    biggest: int = 0
    total: int = 0
    bomb: bool = False
    active: set[str] = field(default_factory=set)
    complete: bool = True  # False when the scan stopped on its time limit


def scan_pdf(path: Path) -> StreamScan:
    """Inflate (counting only) every Flate stream of the PDF at `path` and look for active content."""
    scan = StreamScan()
    with open(path, "rb") as handle:
        try:
            data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        except ValueError:  # empty file
            return scan
        with data:
            _active_in(data, scan)
            _scan_streams(data, scan, time.monotonic() + SCAN_SECONDS)
    return scan


def _active_in(chunk: bytes | mmap.mmap, scan: StreamScan) -> None:
    for match in _ACTIVE.finditer(chunk):
        scan.active.add("launch" if match.group(1) == b"Launch" else "javascript")


def _scan_streams(data: mmap.mmap, scan: StreamScan, deadline: float) -> None:
    for match in _STREAM.finditer(data):
        start = match.start()
        if start >= 3 and data[start - 3:start] == b"end":  # "endstream"
            continue
        header = data[max(0, start - DICT_LOOKBACK):start]
        header = header[header.rfind(b"obj") + 1:] if b"obj" in header else header
        if not _FLATE_FIRST.search(header):
            continue
        end = data.find(b"endstream", match.end())
        if end < 0:
            end = len(data)
        size = _inflated_size(data, match.end(), end, scan, object_stream=b"/ObjStm" in header)
        scan.biggest = max(scan.biggest, size)
        scan.total += size
        if scan.biggest > MAX_STREAM_BYTES or scan.total > MAX_FILE_BYTES:
            scan.bomb = True
            return
        if time.monotonic() > deadline:
            scan.complete = False
            return


def _inflated_size(data: mmap.mmap, start: int, end: int, scan: StreamScan, *, object_stream: bool) -> int:
    """Bytes the stream data[start:end] inflates to, counted up to just past the caps; an object stream's
    objects are searched for active content."""
    inflater = zlib.decompressobj()
    produced = 0
    position = start
    pending = b""
    limit = min(MAX_STREAM_BYTES, MAX_FILE_BYTES - scan.total) + 1
    tail = b""
    try:
        while produced < limit:
            if not pending:
                if position >= end:
                    break
                pending = data[position:min(end, position + (1 << 20))]
                position += len(pending)
            out = inflater.decompress(pending, OUTPUT_STEP)
            pending = inflater.unconsumed_tail
            produced += len(out)
            if out and object_stream:
                _active_in(tail + out, scan)
                tail = out[-16:]
            if inflater.eof:
                break
    except zlib.error:
        pass  # damaged stream: the parser decides what it can read
    return produced
