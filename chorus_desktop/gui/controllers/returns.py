"""The « À traiter » desk's intents: open it (from the dashboard tile or the menu), and each row's action.

Reads run on the database lane, every call to Chorus Pro on the Chorus lane, the claim letter on the work
lane. After an action the desk, the main list and the dashboard are reloaded from the store."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from chorus_desktop.gui import messages
from chorus_desktop.gui.controllers.editing import EditingController
from chorus_desktop.gui.errors import is_expected, show_error, user_message
from chorus_desktop.gui.returns_bridge import ActionDone, ReturnRow, ReturnsBridge, RoutingView
from chorus_desktop.gui.returns_desk import ReturnsDeskDialog
from chorus_desktop.gui.returns_forms import CompleteDialog, CreditNoteDialog, RecycleDialog
from chorus_desktop.gui.tasks import Lane, TaskRunner


def ask_claim_path(parent: QWidget, suggested: str) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(parent, messages.RETURNS_CLAIM_DIALOG, suggested,
                                          messages.RETURNS_CLAIM_FILTER)
    return Path(name) if name else None


class ReturnsController(QObject):
    desk_loaded = Signal(list)  # list[ReturnRow]
    action_done = Signal(object)  # ActionDone
    action_failed = Signal(str)  # the French message shown

    def __init__(self, bridge: ReturnsBridge, runner: TaskRunner, editing: EditingController, *,
                 window: QWidget) -> None:
        super().__init__(window)
        self.bridge = bridge
        self.runner = runner
        self.editing = editing
        self.window = window
        self.desk: ReturnsDeskDialog | None = None
        self.recycle_dialog: RecycleDialog | None = None
        self.complete_dialog: CompleteDialog | None = None
        self.confirm_box: QMessageBox | None = None
        self.credit_note_dialog: CreditNoteDialog | None = None
        #: Where to save a claim letter (replaced in tests and scripts); None = the user cancelled.
        self.ask_claim_path: Callable[[QWidget, str], Path | None] = ask_claim_path

    # -- the desk ------------------------------------------------------------------------------------
    def open_desk(self) -> ReturnsDeskDialog:
        if self.desk is None:
            desk = ReturnsDeskDialog(self.window)
            desk.action_requested.connect(self.start_action)
            desk.refresh_requested.connect(self.reload)
            self.desk = desk
        if not self.desk.isVisible():
            self.desk.show_status("")
        self.desk.show()
        if QGuiApplication.platformName() != "offscreen":  # that platform warns it cannot raise
            self.desk.raise_()
            self.desk.activateWindow()
        self.reload()
        return self.desk

    def reload_if_open(self) -> None:
        if self.desk is not None and self.desk.isVisible():
            self.reload()

    def reload(self) -> None:
        if self.desk is not None and not self.desk.status.text():  # an action's outcome stays shown
            self.desk.show_status(messages.RETURNS_LOADING)
        self.runner.submit(self.bridge.worklist, name="returns_worklist", on_result=self._loaded,
                           on_error=self._failed)

    def _loaded(self, rows: list[ReturnRow]) -> None:
        if self.desk is not None:
            self.desk.set_rows(rows)
            if self.desk.status.text() == messages.RETURNS_LOADING:
                self.desk.show_status("")
        self.desk_loaded.emit(rows)

    def start_action(self, row: ReturnRow) -> None:
        starts = {"recycle": self._start_recycle, "complete": self._start_complete,
                  "credit-note": self._start_credit_note, "claim-interest": self._start_claim}
        starts[row.action](row)

    def _parent(self) -> QWidget:
        return self.desk if self.desk is not None else self.window

    def _done(self, done: ActionDone) -> None:
        if self.desk is not None:
            self.desk.set_busy(False)
            self.desk.show_status(done.message)
        self.editing.refresh_list()  # the main list and the dashboard
        self.reload()
        self.action_done.emit(done)

    def _failed(self, error: BaseException) -> None:
        if self.desk is not None:
            self.desk.set_busy(False)
            self.desk.show_status("")
        show_error(self._parent(), error)
        self.action_failed.emit(user_message(error))

    # -- recycler ------------------------------------------------------------------------------------
    def _start_recycle(self, row: ReturnRow) -> None:
        self.runner.submit(lambda: self.bridge.routing(row.invoice_id), name="recycle_routing",
                           on_result=lambda routing: self._open_recycle(row, routing), on_error=self._failed)

    def _open_recycle(self, row: ReturnRow, routing: RoutingView) -> None:
        dialog = RecycleDialog(row, routing, self._parent())
        dialog.recycle_requested.connect(self._recycle)
        self.recycle_dialog = dialog
        dialog.open()

    def _recycle(self, invoice_id: int, recipient: str, service_code: str, engagement: str) -> None:
        def checked() -> RoutingView:  # the preview refuses another field or state, before any call
            return self.bridge.routing(invoice_id, recipient, service_code, engagement)

        self.runner.submit(checked, name="recycle_preview", on_error=self._dialog_error(self.recycle_dialog),
                           on_result=lambda _routing: self._send_recycle(invoice_id, recipient, service_code,
                                                                         engagement))

    def _send_recycle(self, invoice_id: int, recipient: str, service_code: str, engagement: str) -> None:
        if self.desk is not None:
            self.desk.set_busy(True)
        self.runner.submit(lambda: self.bridge.recycle(invoice_id, recipient, service_code, engagement),
                           lane=Lane.CHORUS, name="recycle", on_result=self._closing(self.recycle_dialog),
                           on_error=self._dialog_error(self.recycle_dialog))

    # -- compléter -----------------------------------------------------------------------------------
    def _start_complete(self, row: ReturnRow) -> None:
        dialog = CompleteDialog(row, self._parent())
        dialog.complete_requested.connect(self._complete)
        self.complete_dialog = dialog
        dialog.open()

    def _complete(self, invoice_id: int, paths: list[Path], comment: str) -> None:
        def checked() -> None:
            self.bridge.check_completion(invoice_id, paths, comment)

        def send(_none: object) -> None:
            if self.desk is not None:
                self.desk.set_busy(True)
            self.runner.submit(lambda: self.bridge.complete(invoice_id, paths, comment), lane=Lane.CHORUS,
                               name="complete", on_result=self._closing(self.complete_dialog),
                               on_error=self._dialog_error(self.complete_dialog))

        self.runner.submit(checked, name="complete_check", on_result=send,
                           on_error=self._dialog_error(self.complete_dialog))

    # -- traiter le rejet ----------------------------------------------------------------------------
    def _start_credit_note(self, row: ReturnRow) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, messages.REJECTION_CONFIRM_TITLE,
                          messages.REJECTION_CONFIRM.format(number=row.number),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self._parent())
        box.setObjectName("rejectionConfirm")
        box.button(QMessageBox.StandardButton.Yes).setText(row.action_label)
        box.button(QMessageBox.StandardButton.Cancel).setText(messages.CANCEL_BUTTON)
        box.accepted.connect(lambda: self._credit_note(row.invoice_id))
        self.confirm_box = box
        box.open()

    def _credit_note(self, invoice_id: int) -> None:
        if self.desk is not None:
            self.desk.set_busy(True)
        self.runner.submit(lambda: self.bridge.credit_note(invoice_id), lane=Lane.CHORUS, name="credit_note",
                           on_result=self._credit_note_done, on_error=self._failed)

    def _credit_note_done(self, done: ActionDone) -> None:
        dialog = CreditNoteDialog(done.invoice_id, done.message, self._parent())
        dialog.duplicate_requested.connect(self._duplicate)
        self.credit_note_dialog = dialog
        dialog.open()
        self._done(done)

    def _duplicate(self, rejected_id: int) -> None:
        dialog = self.credit_note_dialog

        def shown(done: ActionDone) -> None:
            if dialog is not None:
                dialog.show_result(done.message)
            self._done(done)

        self.runner.submit(lambda: self.bridge.duplicate(rejected_id), name="duplicate", on_result=shown,
                           on_error=self._failed)

    # -- intérêts moratoires -------------------------------------------------------------------------
    def _start_claim(self, row: ReturnRow) -> None:
        self.runner.submit(lambda: self.bridge.claim_file_name(row.invoice_id), name="claim_name",
                           on_result=lambda name: self._claim(row.invoice_id, name), on_error=self._failed)

    def _claim(self, invoice_id: int, suggested: str) -> None:
        path = self.ask_claim_path(self._parent(), str(Path.home() / suggested))
        if path is None:
            return
        self.runner.submit(lambda: self.bridge.draft_claim(invoice_id, path), lane=Lane.WORK, name="claim",
                           on_result=self._done, on_error=self._failed)

    # -- helpers -------------------------------------------------------------------------------------
    def _closing(self, dialog: RecycleDialog | CompleteDialog | None) -> Callable[[ActionDone], None]:
        def done(result: ActionDone) -> None:
            if dialog is not None:
                dialog.accept()
            self._done(result)
        return done

    def _dialog_error(self, dialog: RecycleDialog | CompleteDialog | None) -> Callable[[BaseException], None]:
        """A refusal is shown in the dialog, which stays open to correct and try again."""
        def failed(error: BaseException) -> None:
            if self.desk is not None:
                self.desk.set_busy(False)
                self.desk.show_status("")
            if dialog is None or not is_expected(error):
                self._failed(error)
                return
            dialog.show_error(user_message(error))
            self.action_failed.emit(user_message(error))
        return failed
