"""The « À traiter » desk (issue 16): each invoice Chorus Pro sent back, oldest first, then the ones paid
late; with the recipient's words, what the status means, the payment deadline and ONE button for the action
that fits. The desk only shows rows and emits the user's choice; `controllers/returns.py` does the rest."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chorus_desktop.gui import messages
from chorus_desktop.gui.returns_bridge import ReturnRow

ACTION_COLUMN = len(messages.RETURNS_COLUMNS) - 1


class ReturnsDeskDialog(QDialog):
    action_requested = Signal(object)  # ReturnRow
    refresh_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("returnsDesk")
        self.setWindowTitle(messages.RETURNS_TITLE)
        self.rows: list[ReturnRow] = []
        layout = QVBoxLayout(self)
        intro = QLabel(messages.RETURNS_INTRO, self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, len(messages.RETURNS_COLUMNS), self)
        self.table.setObjectName("returnsTable")
        self.table.setAccessibleName(messages.RETURNS_TITLE)
        self.table.setHorizontalHeaderLabels(list(messages.RETURNS_COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column in range(len(messages.RETURNS_COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.empty = QLabel(messages.RETURNS_EMPTY, self)
        self.empty.setObjectName("returnsEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setVisible(False)
        layout.addWidget(self.empty)
        self.status = QLabel(self)
        self.status.setObjectName("returnsStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(self)
        self.refresh_button = buttons.addButton(messages.RETURNS_REFRESH, QDialogButtonBox.ButtonRole.ActionRole)
        self.refresh_button.setAutoDefault(False)
        self.refresh_button.clicked.connect(self.refresh_requested)
        close = buttons.addButton(messages.RETURNS_CLOSE, QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(1180, 520)

    def set_rows(self, rows: list[ReturnRow]) -> None:
        self.rows = list(rows)
        self.table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            cells = (row.number, row.state_label, row.since, row.comment and f"« {row.comment} »", row.meaning,
                     row.due)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                item.setData(Qt.ItemDataRole.UserRole, row.invoice_id)
                self.table.setItem(index, column, item)
            button = QPushButton(row.action_label, self.table)
            button.setObjectName(f"action_{row.invoice_id}")
            button.setAccessibleName(messages.RETURNS_ACTION_ACCESSIBLE.format(action=row.action_label,
                                                                               number=row.number))
            button.clicked.connect(lambda _checked=False, r=row: self.action_requested.emit(r))
            self.table.setCellWidget(index, ACTION_COLUMN, button)
        self.table.resizeRowsToContents()
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)

    def action_button(self, invoice_id: int) -> QPushButton | None:
        """The row's action button (for tests and keyboard users)."""
        for index, row in enumerate(self.rows):
            if row.invoice_id == invoice_id:
                widget = self.table.cellWidget(index, ACTION_COLUMN)
                return widget if isinstance(widget, QPushButton) else None
        return None

    def set_busy(self, busy: bool) -> None:
        for index in range(self.table.rowCount()):
            widget = self.table.cellWidget(index, ACTION_COLUMN)
            if widget is not None:
                widget.setEnabled(not busy)
        self.refresh_button.setEnabled(not busy)
        if busy:
            self.status.setText(messages.RETURNS_WORKING)

    def show_status(self, text: str) -> None:
        self.status.setText(text)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self.table.resizeRowsToContents)  # the wrapped texts, once the columns are laid out

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self.table.resizeRowsToContents)
