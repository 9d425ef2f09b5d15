"""Sending: the confirmation with the portal's recap, and the batch send with per-invoice results.

The actual deposit is a callable given by the main window (`send_one(invoice_id) -> SendResult`), run
on the task runner; these dialogs only show what it returns.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chorus_desktop.gui import messages
from chorus_desktop.gui.errors import user_message
from chorus_desktop.gui.formatting import format_amount
from chorus_desktop.gui.tasks import Lane, TaskRunner
from chorus_desktop.gui.views import Recap, SendResult


class SendConfirmDialog(QDialog):
    def __init__(self, recap: Recap, *, demo: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sendConfirmDialog")
        self.setWindowTitle(messages.SEND_CONFIRM_TITLE)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(messages.SEND_CONFIRM_INTRO))
        form = QFormLayout()
        for title, value in (
            (messages.RECAP_NUMBER, recap.number),
            (messages.RECAP_RECIPIENT, recap.recipient),
            (messages.RECAP_HT, format_amount(recap.total_ht, recap.currency)),
            (messages.RECAP_TVA, format_amount(recap.total_tva, recap.currency)),
            (messages.RECAP_TTC, format_amount(recap.total_ttc, recap.currency)),
            (messages.RECAP_NET, format_amount(recap.amount_due, recap.currency)),
        ):
            shown = QLabel(value)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            font = shown.font()
            font.setBold(title in (messages.RECAP_TTC, messages.RECAP_NET))
            shown.setFont(font)
            form.addRow(title + " :", shown)
        layout.addLayout(form)
        if demo:
            layout.addWidget(QLabel(messages.SEND_CONFIRM_DEMO))
        layout.addWidget(QLabel(messages.SEND_CONFIRM_QUESTION))
        buttons = QDialogButtonBox(self)
        self.confirm_button = buttons.addButton(messages.SEND_CONFIRM_BUTTON, QDialogButtonBox.ButtonRole.AcceptRole)
        self.confirm_button.setObjectName("confirmSendButton")
        buttons.addButton(messages.CANCEL, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class BatchSendDialog(QDialog):
    """Sends a list of ready invoices one after the other, with a progress bar and a result per line."""

    finished_sending = Signal(list)  # list[SendResult]

    def __init__(self, runner: TaskRunner, recaps: Sequence[Recap], send_one: Callable[[int], SendResult],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("batchSendDialog")
        self.setWindowTitle(messages.BATCH_TITLE)
        self.resize(560, 360)
        self._runner = runner
        self._recaps = list(recaps)
        self._send_one = send_one
        self.results: list[SendResult] = []
        total = sum((r.total_ttc or Decimal(0) for r in self._recaps), Decimal(0))
        self.intro = QLabel(messages.BATCH_INTRO.format(count=len(self._recaps), total=format_amount(total))
                            if self._recaps else messages.BATCH_NONE)
        self.intro.setWordWrap(True)
        self.table = QTableWidget(len(self._recaps), 2, self)
        self.table.setHorizontalHeaderLabels([messages.BATCH_COL_NUMBER, messages.BATCH_COL_RESULT])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for row, recap in enumerate(self._recaps):
            self.table.setItem(row, 0, QTableWidgetItem(recap.number))
            self.table.setItem(row, 1, QTableWidgetItem(""))
        self.progress = QProgressBar(self)
        self.progress.setRange(0, max(len(self._recaps), 1))
        self.progress.setValue(0)
        self.status = QLabel("")
        self.send_button = QPushButton(messages.SEND_CONFIRM_BUTTON, self)
        self.send_button.setObjectName("batchSendButton")
        self.send_button.setEnabled(bool(self._recaps))
        self.send_button.clicked.connect(self.start)
        self.close_button = QPushButton(messages.CLOSE, self)
        self.close_button.clicked.connect(self.accept)
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.send_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(buttons)

    def start(self) -> None:
        self.send_button.setEnabled(False)
        self.close_button.setEnabled(False)
        self.results = []
        self._next()

    def _next(self) -> None:
        done = len(self.results)
        if done == len(self._recaps):
            ok = sum(result.ok for result in self.results)
            self.status.setText(messages.BATCH_DONE.format(ok=ok, failed=done - ok))
            self.close_button.setEnabled(True)
            self.finished_sending.emit(self.results)
            return
        recap = self._recaps[done]
        self.status.setText(messages.BATCH_PROGRESS.format(done=done + 1, count=len(self._recaps)))
        self._runner.submit(lambda: self._send_one(recap.invoice_id), lane=Lane.CHORUS, name="deposit",
                            on_result=self._on_result,
                            on_error=lambda error: self._on_result(
                                SendResult(recap.invoice_id, recap.number, False, user_message(error))))

    def _on_result(self, result: SendResult) -> None:
        row = len(self.results)
        self.results.append(result)
        icon = QStyle.StandardPixmap.SP_DialogApplyButton if result.ok else QStyle.StandardPixmap.SP_MessageBoxCritical
        item = QTableWidgetItem(self.style().standardIcon(icon), result.message)
        item.setToolTip(result.message)
        self.table.setItem(row, 1, item)
        self.progress.setValue(row + 1)
        self._next()
