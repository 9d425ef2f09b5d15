"""PDF extraction in a separate process, so reading invoices never stalls the window.

Parsing a PDF builds large pure-Python object graphs (pdfminer): in a thread of the GUI process it would
hold the GIL and trigger long full garbage collections, freezing the event loop for 100-400 ms at a
time during a batch. In a child process the GUI only waits on a pipe. `InvoiceImporting` takes this
object as its `extractor`; the result (`ExtractionResult`, plain dataclasses) comes back pickled.

If the child process cannot start or dies (frozen build without multiprocessing support, killed
worker), extraction falls back to the calling thread: slower for the window, never wrong.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from chorus_desktop.core.model import ExtractionResult

log = logging.getLogger(__name__)


def _extract(path: str) -> ExtractionResult:
    from chorus_desktop.core.extraction import extract_invoice

    return extract_invoice(Path(path), use_embedded_xml=True)


def _warm_up() -> bool:
    import chorus_desktop.core.extraction  # noqa: F401 - load the engine and pdfplumber once, ahead of time

    return True


class ProcessExtractor:
    """A callable `path -> ExtractionResult` running the extraction engine in one worker process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self._disabled = False

    def _executor(self) -> ProcessPoolExecutor | None:
        with self._lock:
            if self._disabled:
                return None
            if self._pool is None:
                # spawn: forking a process that runs Qt threads is unsafe.
                self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
            return self._pool

    def warm_up(self) -> None:
        """Start the worker and import the engine there (call in the background at start-up)."""
        try:
            executor = self._executor()
            if executor is not None:
                executor.submit(_warm_up).result()
        except (BrokenProcessPool, OSError, RuntimeError) as error:
            self._give_up(error)

    def __call__(self, path: Path) -> ExtractionResult:
        executor = self._executor()
        if executor is not None:
            try:
                return executor.submit(_extract, str(path)).result()
            except (BrokenProcessPool, OSError, RuntimeError) as error:
                self._give_up(error)
        return _extract(str(path))

    def _give_up(self, error: BaseException) -> None:
        log.warning("extraction process unavailable (%s): extracting in the application process", error)
        with self._lock:
            self._disabled = True
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def shutdown(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
            self._disabled = True
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
