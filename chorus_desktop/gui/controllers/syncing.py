"""Following invoices: recovery of pending sends at start, the periodic status sync, notifications, history.

The core says which state changes deserve a notification; this controller only shows them (notifier and
status bar) and refreshes the list and the invoice shown.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QStatusBar, QWidget

from chorus_desktop.gui import messages
from chorus_desktop.gui.bridge import Bridge
from chorus_desktop.gui.controllers.editing import EditingController
from chorus_desktop.gui.history_view import HistoryDialog
from chorus_desktop.gui.notifications import Notifier
from chorus_desktop.gui.tasks import Lane, TaskRunner
from chorus_desktop.gui.views import SyncResult


class SyncingController(QObject):
    sync_finished = Signal(list)  # list[StateNotice]

    def __init__(self, bridge: Bridge, runner: TaskRunner, editing: EditingController, *, notifier: Notifier,
                 status: QStatusBar, window: QWidget) -> None:
        super().__init__(window)
        self.bridge = bridge
        self.runner = runner
        self.editing = editing
        self.notifier = notifier
        self.status = status
        self.window = window
        self.stopped = False

    def start(self, *, recover: bool = True, sync_timer: bool = True) -> None:
        """First list load, crash recovery of pending sends, and the periodic status sync."""
        self.editing.refresh_list()
        if recover:
            self.runner.submit(self.bridge.recover_pending, lane=Lane.CHORUS, name="recover_pending",
                               on_result=lambda _result: self.sync_now() if sync_timer else self.editing.refresh_list(),
                               on_error=lambda error: self.status.showMessage(str(getattr(error, "message", "")),
                                                                              10000))
        if sync_timer:
            self.notifier.start()

    def stop(self) -> None:
        """The window closes: no new sync, no timer."""
        self.stopped = True
        self.notifier.stop()

    def sync_now(self) -> None:
        if self.stopped:
            return
        self.status.showMessage(messages.SYNC_RUNNING)
        self.runner.submit(self.bridge.sync, lane=Lane.CHORUS, name="sync", on_result=self._on_synced,
                           on_error=self._on_sync_error)

    def _on_synced(self, result: SyncResult) -> None:
        text = messages.SYNC_DONE.format(changed=result.changed)
        self.status.showMessage(" ".join([text, *result.errors]), 15000)
        for notice in result.notices:
            self.notifier.notify(notice)
        self.editing.refresh_list()
        if self.editing.current_view is not None:
            self.editing.load_invoice(self.editing.current_view.invoice_id)
        self.sync_finished.emit(result.notices)

    def _on_sync_error(self, error: BaseException) -> None:
        self.status.showMessage(messages.SYNC_FAILED.format(reason=getattr(error, "message", "")), 15000)
        self.sync_finished.emit([])

    def show_notification(self, _title: str, text: str) -> None:
        self.status.showMessage(text, 15000)

    def show_history(self) -> None:
        invoice_id = self.editing.current_invoice_id()
        if invoice_id is None:
            return
        self.runner.submit(lambda: self.bridge.history(invoice_id), name="history",
                           on_result=lambda result: HistoryDialog(result[0], result[1], self.window).open())
