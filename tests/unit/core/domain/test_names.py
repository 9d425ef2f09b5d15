"""File names as the OS gives them: safe to store and send, escaped for text output."""

from __future__ import annotations

import os

from chorus_desktop.core.domain.names import escape_text, safe_name


def test_undecodable_bytes_and_control_characters() -> None:
    raw = os.fsdecode(b"facture-\xff\t\n\x1b[31m.pdf")
    assert safe_name(raw) == "facture-\ufffd___[31m.pdf"
    safe_name(raw).encode("utf-8")  # storable, sendable
    assert escape_text(raw) == "facture-\\xff\\t\\n\\x1b[31m.pdf"
    assert escape_text("C:\\factures\\é.pdf") == "C:\\\\factures\\\\é.pdf"
    assert safe_name("Facture n° 12 — été.pdf") == escape_text("Facture n° 12 — été.pdf") == "Facture n° 12 — été.pdf"
