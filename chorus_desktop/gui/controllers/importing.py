"""Importing: files dropped or opened -> one background import -> the list refreshed and the first invoice shown.

Import, list and first form run as one task, so the form appears without extra round trips; progress
comes back file by file for the status bar.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QStatusBar, QWidget

from chorus_desktop.gui import messages
from chorus_desktop.gui.bridge import Bridge
from chorus_desktop.gui.controllers.editing import EditingController
from chorus_desktop.gui.errors import show_error
from chorus_desktop.gui.tasks import Lane, TaskRunner
from chorus_desktop.gui.views import DepositView, ImportProgress, ImportReport, ListSnapshot

Imported = tuple[ImportReport, ListSnapshot, tuple[DepositView, Path] | None]

log = logging.getLogger(__name__)


class ImportingController(QObject):
    import_finished = Signal(object)  # ImportReport
    import_progressed = Signal(int, int)  # files done, files in the batch

    def __init__(self, bridge: Bridge, runner: TaskRunner, editing: EditingController, *, status: QStatusBar,
                 window: QWidget) -> None:
        super().__init__(window)
        self.bridge = bridge
        self.runner = runner
        self.editing = editing
        self.status = status
        self.window = window
        self.last_import_notes: list[str] = []

    def open_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self.window, messages.OPEN_DIALOG_TITLE, "", messages.OPEN_FILTER)
        if paths:
            self.import_paths([Path(p) for p in paths])

    def open_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window, messages.OPEN_FOLDER_TITLE)
        if folder:
            self.import_paths([Path(folder)])

    def import_paths(self, paths: list[Path]) -> None:
        self.status.showMessage(messages.IMPORTING.format(count=len(paths)))

        query = self.editing.model.query

        def import_and_show(report_progress: Callable[[ImportProgress], None]) -> Imported:
            # One task for import, list and first form: the form appears without extra round trips.
            report = self.bridge.import_paths(paths, progress=report_progress)
            first = self.bridge.deposit_view(report.imported_ids[0]) if report.imported_ids else None
            return report, self.bridge.snapshot(query), first

        self.runner.submit(import_and_show, name="import_files", on_result=self._on_imported,
                           on_error=self._on_import_error, on_progress=self._on_import_progress)

    def _on_import_progress(self, progress: ImportProgress) -> None:
        self.status.showMessage(messages.IMPORT_PROGRESS.format(
            done=progress.done, count=progress.total, name=progress.file_name))
        self.import_progressed.emit(progress.done, progress.total)

    def _on_import_error(self, error: BaseException) -> None:
        show_error(self.window, error)
        self.import_finished.emit(ImportReport())

    def _on_imported(self, result: Imported) -> None:
        report, snapshot, first = result
        notes = list(report.messages)
        count = len(report.outcomes)
        if not count:
            notes.insert(0, messages.NO_PDF_FOUND)
        imported = sum(outcome.status == "imported" for outcome in report.outcomes)
        summary = messages.IMPORT_DONE.format(imported=imported, count=count)
        self.status.showMessage(" ".join([summary, *notes]), 20000)
        self.last_import_notes = notes
        if first is not None:
            self.editing.show_view(first)
        if report.imported_ids:
            # « Prête » needs the recipient checked with Chorus Pro: done in the background, list refreshed.
            ids = list(report.imported_ids)
            self.runner.submit(lambda: self.bridge.check_waiting(ids), lane=Lane.CHORUS, name="check_recipients",
                               on_result=lambda ready: self.editing.refresh_list() if ready else None,
                               on_error=lambda error: log.info("recipients not checked: %r", error))
        self.editing.show_snapshot(snapshot, select=first[0].invoice_id if first is not None else None)
        self.import_finished.emit(report)
