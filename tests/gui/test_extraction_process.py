"""Extraction in a worker process: the same reading as in the application process, and a fallback."""

from __future__ import annotations

from chorus_desktop.core.usecases.importing import in_thread_extractor
from chorus_desktop.gui.extraction_process import ProcessExtractor

from .window_driver import INVOICE, truth


def test_the_worker_process_reads_like_the_application_and_falls_back_when_gone(corpus_dir) -> None:
    pdf = corpus_dir / "pdfs" / INVOICE
    extractor = ProcessExtractor()
    try:
        extractor.warm_up()
        in_process = extractor(pdf)
    finally:
        extractor.shutdown()
    expected = in_thread_extractor(pdf)
    assert in_process.value("invoice_number") == expected.value("invoice_number") == \
        truth(corpus_dir, "fnfe-facture-fr")["invoice_number"]
    assert in_process.to_json() == expected.to_json()
    after_shutdown = extractor(pdf)  # no worker any more: read in this process, same result
    assert after_shutdown.to_json() == expected.to_json()
