"""Hostile PDFs are recognised on their raw bytes: bombs refused before any parser inflates them, active
content and a refused embedded XML reported in French."""

from __future__ import annotations

import time
from pathlib import Path

from hostile_pdfs import (
    SAMPLE_LINES,
    deflate_bomb,
    invoice_with_broken_xml,
    javascript_invoice,
    launch_invoice,
    text_invoice,
)

from chorus_desktop.core.extraction import extract_invoice
from chorus_desktop.core.extraction.stream_limits import MAX_STREAM_BYTES, scan_pdf


def codes(path: Path) -> list[str]:
    return [p.code for p in extract_invoice(path).problems]


def test_a_deflate_bomb_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    bomb = deflate_bomb(tmp_path / "bombe.pdf", MAX_STREAM_BYTES + 8 * 1024 * 1024)
    started = time.monotonic()
    result = extract_invoice(bomb)
    assert time.monotonic() - started < 5
    assert not result.readable and [p.code for p in result.problems] == ["pdf_bombe"]
    assert "décompressées" in result.problems[0].message and result.problems[0].blocking


def test_a_big_but_bounded_stream_is_not_a_bomb(tmp_path: Path) -> None:
    scan = scan_pdf(deflate_bomb(tmp_path / "gros.pdf", 3 * 1024 * 1024))
    assert not scan.bomb and scan.biggest == 3 * 1024 * 1024 and not scan.active


def test_ordinary_pdfs_pass_the_scan(corpus_dir: Path) -> None:
    for pdf in sorted((corpus_dir / "pdfs").glob("*.pdf")):
        scan = scan_pdf(pdf)
        assert not scan.bomb and "launch" not in scan.active, pdf.name


def test_javascript_and_launch_actions_are_reported_not_blocking(tmp_path: Path) -> None:
    for maker, word in ((javascript_invoice, "JavaScript"), (launch_invoice, "lancement")):
        result = extract_invoice(maker(tmp_path / f"{maker.__name__}.pdf"))
        [problem] = [p for p in result.problems if p.code == "contenu_actif"]
        assert word in problem.message and not problem.blocking
        assert result.readable and result.value("total_ttc") is not None
    assert "contenu_actif" not in codes(text_invoice(tmp_path / "simple.pdf", SAMPLE_LINES))


def test_an_embedded_xml_that_facturx_refuses_is_reported(tmp_path: Path) -> None:
    result = extract_invoice(invoice_with_broken_xml(tmp_path / "xml-casse.pdf"))
    [problem] = [p for p in result.problems if p.code == "xml_rejete"]
    assert "factur-x.xml" in problem.message and not problem.blocking
    assert result.readable and result.value("invoice_number") == "FA-2025-0042"
