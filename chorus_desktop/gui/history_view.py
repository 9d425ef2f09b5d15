"""An invoice's state history, with the recipient's comments (why it was suspended, rejected...)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chorus_desktop.core.states import InvoiceState
from chorus_desktop.gui import messages
from chorus_desktop.gui.formatting import format_datetime
from chorus_desktop.gui.state_icons import state_icon


class HistoryTable(QTableWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 3, parent)
        self.setObjectName("historyTable")
        self.setHorizontalHeaderLabels([messages.HISTORY_COL_DATE, messages.HISTORY_COL_STATE,
                                        messages.HISTORY_COL_COMMENT])
        self.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(True)

    def set_changes(self, changes: Sequence[Any]) -> None:
        """`changes`: core `StateChange` records, oldest first (shown newest first)."""
        ordered = list(reversed(list(changes)))
        self.setRowCount(len(ordered))
        for row, change in enumerate(ordered):
            self.setItem(row, 0, QTableWidgetItem(format_datetime(change.at)))
            self.setItem(row, 1, QTableWidgetItem(state_icon(InvoiceState(change.state)), change.label))
            comment = QTableWidgetItem(change.comment or "")
            comment.setToolTip(change.comment or "")
            self.setItem(row, 2, comment)
        self.resizeRowsToContents()


class HistoryDialog(QDialog):
    def __init__(self, number: str, changes: Sequence[Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyDialog")
        self.setWindowTitle(messages.HISTORY_TITLE.format(number=number))
        self.resize(620, 320)
        self.table = HistoryTable(self)
        self.table.set_changes(changes)
        layout = QVBoxLayout(self)
        if not changes:
            layout.addWidget(QLabel(messages.HISTORY_EMPTY))
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
