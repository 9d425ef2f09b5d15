"""File names as the OS gives them, made safe to store, send and show.

On POSIX a name is bytes: Python hands undecodable bytes over as lone surrogates ("\\udcff"), which
SQLite, JSON and a UTF-8 terminal refuse. Names may also hold tabs, newlines or escape sequences.
`safe_name` is the name kept in the store and sent to Chorus Pro (invalid bytes become U+FFFD, control
characters "_"); `escape_text` is for text output (control characters written as \\t, \\n, \\x1b...).
"""

from __future__ import annotations

import os
import unicodedata


def _is_control(char: str) -> bool:
    return unicodedata.category(char) == "Cc"


def safe_name(name: str | os.PathLike[str]) -> str:
    """`name` with undecodable bytes as U+FFFD and control characters as "_"."""
    text = os.fspath(name)
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return "".join("_" if _is_control(char) else char for char in text)


def escape_text(text: str | os.PathLike[str]) -> str:
    """Text for a terminal or a tab-separated line: control characters and undecodable bytes escaped."""
    value = os.fspath(text)
    out = []
    for char in value:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte (surrogateescape)
            out.append(f"\\x{code - 0xDC00:02x}")
        elif 0xD800 <= code <= 0xDFFF:
            out.append("\ufffd")
        elif _is_control(char) or char == "\\":
            out.append(char.encode("unicode_escape").decode("ascii") if char != "\\" else "\\\\")
        else:
            out.append(char)
    return "".join(out)
