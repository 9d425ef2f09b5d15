"""PDF reading in a worker process with a memory ceiling and a time limit (the app and the CLI).

Parsing a PDF builds large pure-Python object graphs (pdfminer): in the caller's process it would hold the
GIL (freezing the window) and, on a hostile file, keep memory that a thread cannot give back. Here one
worker process reads the files one at a time; the caller only waits on a pipe.

- Time: past `time_limit` seconds the worker is killed (SIGKILL / TerminateProcess) and a new one is
  started for the next file; the file gets the French "trop complexe" problem.
- Memory: on POSIX the worker lowers its own address-space limit (RLIMIT_AS) to what it uses once the
  engine is loaded plus `memory_limit`; an allocation past it raises MemoryError (the file gets the
  "trop de mémoire" problem) or kills the worker (same problem). Windows has no RLIMIT_AS: there the
  time limit and the decompression caps of `stream_limits` (checked before any parser runs) bound a
  hostile file; a Job Object memory limit would be the equivalent.
- A file that hit a limit, or a worker that died, never affects the next file: the worker is replaced.

If no worker process can be started at all (frozen build without multiprocessing support), extraction
falls back to the calling thread: slower, never wrong.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from chorus_desktop.core.model import ExtractionResult

log = logging.getLogger(__name__)

TIME_LIMIT_SECONDS = 4.5  # wall time for one file, the worker killed past it
MEMORY_LIMIT_BYTES = 320 * 1024 * 1024  # address space a reading may add to the loaded worker
START_TIMEOUT_SECONDS = 60.0  # starting the worker (imports of pdfplumber, lxml...) on a slow machine
RECYCLE_CODES = frozenset({"pdf_trop_lourd", "lecture_trop_longue", "erreur_interne"})


def _limit_memory(extra_bytes: int) -> None:
    """Cap this process's address space at its current size plus `extra_bytes` (POSIX only)."""
    try:
        import resource
    except ImportError:  # Windows
        return
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            current = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return  # no /proc (macOS): RLIMIT_AS is not enforced there anyway
    try:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        wanted = current + extra_bytes
        if hard != resource.RLIM_INFINITY:
            wanted = min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    except (ValueError, OSError) as error:
        log.debug("no memory ceiling for the extraction worker: %s", error)


def _serve(conn: Connection, memory_limit: int) -> None:
    """The worker's loop: (path, use_embedded_xml, budget) in, ("ok", ExtractionResult) out."""
    from chorus_desktop.core.extraction import extract_invoice
    from chorus_desktop.core.extraction.engine import too_heavy_problem, unreadable_result

    for noisy in ("pdfminer", "pypdf", "factur-x", "chorus_desktop.core.extraction"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    _limit_memory(memory_limit)
    conn.send(("ready", None))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        path, use_embedded_xml, budget = request
        try:
            result = extract_invoice(path, use_embedded_xml=use_embedded_xml, time_budget=budget)
        except MemoryError:
            result = unreadable_result(Path(path), too_heavy_problem(Path(path)))
        conn.send(("ok", result))


class _Worker:
    def __init__(self, process: Any, pipe: Connection) -> None:
        self.process = process
        self.pipe = pipe

    def kill(self) -> None:
        try:
            self.process.kill()
            self.process.join(5)
        except (OSError, ValueError):
            pass
        self.pipe.close()


class ProcessExtractor:
    """A callable `path -> ExtractionResult` running the extraction engine in a bounded worker process."""

    def __init__(self, *, time_limit: float = TIME_LIMIT_SECONDS, memory_limit: int = MEMORY_LIMIT_BYTES,
                 use_embedded_xml: bool = True) -> None:
        self.time_limit = time_limit
        self.memory_limit = memory_limit
        self.use_embedded_xml = use_embedded_xml
        self._lock = threading.Lock()
        self._worker: _Worker | None = None
        self._disabled = False
        self.worker_pids: list[int] = []  # every worker started (benchmarks read their peak memory)

    def _start(self) -> _Worker | None:
        if self._disabled:
            return None
        if self._worker is not None and self._worker.process.is_alive():
            return self._worker
        try:
            # spawn: forking a process that runs Qt threads is unsafe; the same on every OS.
            context = multiprocessing.get_context("spawn")
            parent, child = context.Pipe()
            process = context.Process(target=_serve, args=(child, self.memory_limit), name="chorus-extraction",
                                      daemon=True)
            process.start()
            child.close()
            if not parent.poll(START_TIMEOUT_SECONDS) or parent.recv()[0] != "ready":
                raise RuntimeError("the extraction worker did not start")
        except (OSError, RuntimeError, EOFError) as error:
            log.warning("extraction process unavailable (%s): extracting in the calling process", error)
            self._disabled = True
            return None
        self._worker = _Worker(process, parent)
        if process.pid is not None:
            self.worker_pids.append(process.pid)
        return self._worker

    def warm_up(self) -> None:
        """Start the worker and load the engine there (call in the background at start-up)."""
        with self._lock:
            self._start()

    def __call__(self, path: Path) -> ExtractionResult:
        from chorus_desktop.core.extraction.engine import (
            too_heavy_problem,
            too_long_problem,
            unreadable_result,
        )

        path = Path(path)
        with self._lock:
            worker = self._start()
            if worker is None:
                from chorus_desktop.core.extraction import extract_invoice

                return extract_invoice(path, use_embedded_xml=self.use_embedded_xml)
            started = time.monotonic()
            try:
                # The engine's own budget ends a slow reading a little before the kill.
                worker.pipe.send((str(path), self.use_embedded_xml, max(0.5, self.time_limit - 0.5)))
                if not worker.pipe.poll(self.time_limit):
                    log.warning("extraction of %s killed after %.1f s", path, time.monotonic() - started)
                    self._discard()
                    return unreadable_result(path, too_long_problem(path, self.time_limit))
                _, result = worker.pipe.recv()
            except (EOFError, OSError):  # the worker died (memory ceiling, killed): the file is the cause
                log.warning("extraction worker died on %s", path)
                self._discard()
                return unreadable_result(path, too_heavy_problem(path))
            if any(problem.code in RECYCLE_CODES for problem in result.problems):
                self._discard()  # an abandoned reading may still hold memory in the worker
            assert isinstance(result, ExtractionResult)
            return result

    def _discard(self) -> None:
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.kill()

    def shutdown(self) -> None:
        with self._lock:
            worker, self._worker = self._worker, None
            self._disabled = True
        if worker is not None:
            try:
                worker.pipe.send(None)
                worker.process.join(2)
            except OSError:
                pass
            worker.kill()
