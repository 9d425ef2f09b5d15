"""PDF -> invoice fields: embedded XML reader, page reader, consistency checks, bad-input handling.

`extract_invoice(path, *, use_embedded_xml=True) -> ExtractionResult` is the one entry point the CLI,
the import service and the desktop app call.
"""

from chorus_desktop.core.extraction.engine import extract_invoice

__all__ = ["extract_invoice"]
