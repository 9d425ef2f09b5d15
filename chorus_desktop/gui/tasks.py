"""The one background-task mechanism of the GUI.

Three lanes:
- the *database lane*: one long-lived thread, so every call that touches the SQLite store runs in order
  (imports, edits, lists);
- the *Chorus lane*: one thread for everything that talks to Chorus Pro (send, sync, recipient lookup,
  connection test), in order: the Chorus client and its token cache are used by one thread at a time,
  and a slow network never delays the list or the form;
- the *work pool*: a few threads for PDF page rendering and other work that touches neither.

A task is a plain callable. Its result (or exception) comes back to the GUI thread through a queued
signal of the runner, which lives on the GUI thread; the callbacks given to `submit` therefore always
run on the GUI thread and may touch widgets. `inline=True` runs tasks synchronously (handy in a few
unit tests and in scripts), with the same callback semantics.
"""

from __future__ import annotations

import itertools
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

ResultCallback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]


class Lane(Enum):
    DATABASE = "database"
    CHORUS = "chorus"
    WORK = "work"


@dataclass
class _Pending:
    on_result: ResultCallback | None
    on_error: ErrorCallback | None
    name: str
    on_progress: Callable[[Any], None] | None = None


class _Runnable(QRunnable):
    def __init__(self, runner: TaskRunner, task_id: int, fn: Callable[[], Any]) -> None:
        super().__init__()
        self._runner = runner
        self._task_id = task_id
        self._fn = fn
        self.setAutoDelete(True)

    def run(self) -> None:  # runs on a worker thread: never touches widgets
        try:
            result, error = self._fn(), None
        except BaseException as failure:  # noqa: BLE001 - every failure goes back to the GUI thread
            failure.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            result, error = None, failure
        try:
            self._runner._delivered.emit(self._task_id, result, error)
        except RuntimeError:
            # The runner (and its window) is gone: nobody is waiting for this result any more.
            log.debug("task %d finished after its runner was deleted", self._task_id)


class TaskRunner(QObject):
    """Runs callables off the GUI thread and calls back on the GUI thread."""

    # Internal: emitted from worker threads, received on the GUI thread (queued connection).
    _delivered = Signal(int, object, object)
    _progressed = Signal(int, object)
    #: Number of tasks not yet delivered changed (for a busy indicator and for tests).
    busy_changed = Signal(int)
    #: A task failed and had no error callback: the application shows it as an unexpected error.
    unhandled_error = Signal(object)

    def __init__(self, parent: QObject | None = None, *, inline: bool = False, work_threads: int = 2) -> None:
        super().__init__(parent)
        self.inline = inline
        self._ids = itertools.count(1)
        self._pending: dict[int, _Pending] = {}
        self._database = QThreadPool(self)
        self._database.setMaxThreadCount(1)
        # The database thread never expires, so the store's connection stays on one thread.
        self._database.setExpiryTimeout(-1)
        self._chorus = QThreadPool(self)
        self._chorus.setMaxThreadCount(1)
        self._work = QThreadPool(self)
        self._work.setMaxThreadCount(max(1, work_threads))
        self._delivered.connect(self._on_delivered, Qt.ConnectionType.QueuedConnection)
        self._progressed.connect(self._on_progressed, Qt.ConnectionType.QueuedConnection)

    @property
    def pending_count(self) -> int:
        return len(self._pending)

    def submit(
        self,
        fn: Callable[..., Any],
        *,
        lane: Lane = Lane.DATABASE,
        on_result: ResultCallback | None = None,
        on_error: ErrorCallback | None = None,
        name: str = "",
        on_progress: Callable[[Any], None] | None = None,
    ) -> int:
        """Run `fn()` in `lane`; `on_result(value)` or `on_error(exception)` then runs on the GUI thread.

        With `on_progress`, `fn` is called as `fn(report)`: each `report(value)` from the worker reaches
        `on_progress(value)` on the GUI thread, in order, before the result.
        """
        task_id = next(self._ids)
        self._pending[task_id] = _Pending(on_result, on_error, name or getattr(fn, "__name__", "tâche"), on_progress)
        if on_progress is not None:
            work = fn

            def report(value: Any) -> None:
                if self.inline:
                    self._on_progressed(task_id, value)
                    return
                try:
                    self._progressed.emit(task_id, value)
                except RuntimeError:  # the runner is gone
                    pass

            fn = lambda: work(report)
        self.busy_changed.emit(len(self._pending))
        if self.inline:
            try:
                result = fn()
            except BaseException as error:  # noqa: BLE001
                self._on_delivered(task_id, None, error)
            else:
                self._on_delivered(task_id, result, None)
            return task_id
        pool = {Lane.DATABASE: self._database, Lane.CHORUS: self._chorus, Lane.WORK: self._work}[lane]
        pool.start(_Runnable(self, task_id, fn))
        return task_id

    @Slot(int, object)
    def _on_progressed(self, task_id: int, value: Any) -> None:
        pending = self._pending.get(task_id)
        if pending is not None and pending.on_progress is not None:
            pending.on_progress(value)

    @Slot(int, object, object)
    def _on_delivered(self, task_id: int, result: Any, error: BaseException | None) -> None:
        pending = self._pending.pop(task_id, None)
        self.busy_changed.emit(len(self._pending))
        if pending is None:
            return
        if error is not None:
            if pending.on_error is not None:
                pending.on_error(error)
            else:
                log.error("task %s failed: %s", pending.name, getattr(error, "__traceback_text__", error))
                self.unhandled_error.emit(error)
            return
        if pending.on_result is not None:
            pending.on_result(result)

    def wait_for_threads(self, msecs: int = 30000) -> bool:
        """Block until worker threads are done (shutdown only; callbacks are not delivered)."""
        return all(pool.waitForDone(msecs) for pool in (self._work, self._chorus, self._database))

    def shutdown(self) -> None:
        for pool in (self._work, self._chorus, self._database):
            pool.clear()
        self.wait_for_threads()
