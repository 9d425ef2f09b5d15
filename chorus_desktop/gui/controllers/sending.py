"""Sending: save and re-validate, confirm with the portal's recap, deposit one invoice; or send every ready one.

The deposit itself runs on the Chorus lane; the result is told in the status bar and a message box,
and the list and the form are refreshed from the store (the invoice is no longer editable once sent).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QStatusBar, QWidget

from chorus_desktop.gui import messages
from chorus_desktop.gui.bridge import Bridge
from chorus_desktop.gui.controllers.editing import EditingController
from chorus_desktop.gui.errors import show_error
from chorus_desktop.gui.send_dialog import BatchSendDialog, SendConfirmDialog
from chorus_desktop.gui.tasks import Lane, TaskRunner
from chorus_desktop.gui.views import DepositView, Recap, SendResult

Prepared = tuple[tuple[DepositView, Path], Recap]


class SendingController(QObject):
    invoice_sent = Signal(object)  # SendResult

    def __init__(self, bridge: Bridge, runner: TaskRunner, editing: EditingController, *,
                 send_button: QAbstractButton, status: QStatusBar, window: QWidget, demo: bool = False) -> None:
        super().__init__(window)
        self.bridge = bridge
        self.runner = runner
        self.editing = editing
        self.send_button = send_button
        self.status = status
        self.window = window
        self.demo = demo
        self.confirm_dialog: SendConfirmDialog | None = None
        self.batch_dialog: BatchSendDialog | None = None

    def request_send(self, changes: dict[str, object]) -> None:
        """Save the form, re-validate, then ask for confirmation with the recap."""
        view = self.editing.current_view
        if view is None:
            return
        invoice_id = view.invoice_id

        def save_then_recap() -> Prepared:
            return self.bridge.save_deposit(invoice_id, changes), self.bridge.recap(invoice_id)

        self.runner.submit(save_then_recap, name="prepare_send", on_result=self._confirm_send,
                           on_error=self._show_error)

    def _confirm_send(self, result: Prepared) -> None:
        saved, recap = result
        self.editing.show_view(saved)
        if any(problem.blocking for problem in saved[0].problems):
            return  # the form now shows what blocks, and the send button is disabled
        dialog = SendConfirmDialog(recap, demo=self.demo, parent=self.window)
        dialog.accepted.connect(lambda: self.send_invoice(recap.invoice_id))
        self.confirm_dialog = dialog
        dialog.open()

    def send_invoice(self, invoice_id: int) -> None:
        self.status.showMessage(messages.SEND_IN_PROGRESS)
        self.send_button.setEnabled(False)
        self.runner.submit(lambda: self.bridge.send(invoice_id), lane=Lane.CHORUS, name="deposit",
                           on_result=self._on_sent, on_error=lambda error: self._on_send_error(invoice_id, error))

    def _on_send_error(self, invoice_id: int, error: BaseException) -> None:
        show_error(self.window, error)
        self.editing.refresh_list()
        self.editing.load_invoice(invoice_id)

    def _on_sent(self, result: SendResult) -> None:
        self.status.showMessage(result.message, 20000)
        box = QMessageBox(QMessageBox.Icon.Information if result.ok else QMessageBox.Icon.Warning,
                          messages.SEND_RESULT_TITLE, result.message, QMessageBox.StandardButton.Ok, self.window)
        box.setObjectName("sendResultDialog")
        box.open()
        self.editing.refresh_list()
        self.editing.load_invoice(result.invoice_id)
        self.invoice_sent.emit(result)

    def send_ready(self) -> None:
        # On the Chorus lane: drafts waiting only for their recipient's check are checked first.
        self.status.showMessage(messages.BATCH_CHECKING)
        self.runner.submit(self.bridge.ready_recaps, lane=Lane.CHORUS, name="ready_recaps", on_result=self._open_batch,
                           on_error=self._show_error)

    def _open_batch(self, recaps: list[Recap]) -> None:
        self.status.clearMessage()
        self.editing.refresh_list()  # some drafts may have become « Prête »
        dialog = BatchSendDialog(self.runner, recaps, self.bridge.send, parent=self.window)
        dialog.finished_sending.connect(lambda _results: self.editing.refresh_list())
        self.batch_dialog = dialog
        dialog.open()

    def _show_error(self, error: BaseException) -> None:
        show_error(self.window, error)
