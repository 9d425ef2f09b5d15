"""The worker process: a hostile file is stopped at the time limit or the memory ceiling, the worker is
replaced, and the next (good) file is read."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hostile_pdfs import SAMPLE_LINES, deflate_bomb, text_invoice

from chorus_desktop.core.extraction.worker import ProcessExtractor


@pytest.fixture
def good(tmp_path: Path) -> Path:
    return text_invoice(tmp_path / "bonne.pdf", SAMPLE_LINES)


def test_a_good_file_is_read_in_the_worker(good: Path) -> None:
    extractor = ProcessExtractor()
    try:
        result = extractor(good)
        assert result.readable and result.value("invoice_number") == "FA-2025-0042"
        assert len(extractor.worker_pids) == 1
    finally:
        extractor.shutdown()


def test_memory_ceiling_stops_a_heavy_file_and_the_next_is_read(tmp_path: Path, good: Path) -> None:
    heavy = deflate_bomb(tmp_path / "lourde.pdf", 60 * 1024 * 1024)  # under the bomb cap: parsed
    extractor = ProcessExtractor(memory_limit=100 * 1024 * 1024, time_limit=30)
    try:
        extractor.warm_up()
        result = extractor(heavy)
        assert not result.readable and [p.code for p in result.problems] == ["pdf_trop_lourd"]
        after = extractor(good)
        assert after.readable and after.value("total_ttc") is not None
        assert len(extractor.worker_pids) == 2  # the worker that hit its ceiling was replaced
    finally:
        extractor.shutdown()


def test_time_limit_kills_the_reading_and_the_next_is_read(tmp_path: Path, good: Path) -> None:
    slow = deflate_bomb(tmp_path / "lente.pdf", 60 * 1024 * 1024)
    extractor = ProcessExtractor(time_limit=0.5)
    try:
        extractor.warm_up()
        started = time.monotonic()
        result = extractor(slow)
        assert time.monotonic() - started < 2.0
        assert not result.readable and [p.code for p in result.problems] == ["lecture_trop_longue"]
        extractor.time_limit = 30
        assert extractor(good).readable
        assert len(extractor.worker_pids) == 2
    finally:
        extractor.shutdown()
