"""The supporting documents of the deposit form: the invoice PDF itself, and the extra files to send with it."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from chorus_desktop.gui import messages
from chorus_desktop.gui.elided_label import ElidedLabel


class AttachmentsBox(QWidget):
    attachment_added = Signal(object)  # Path of a supporting document to add
    attachment_removed = Signal(int)  # index in the supporting documents

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("piecesJointes")
        self.main_attachment = ElidedLabel()
        self.main_attachment.setObjectName("mainAttachment")
        self.attachment_list = QListWidget()
        self.attachment_list.setObjectName("pieceJointeComplementaire")
        self.attachment_list.setMaximumHeight(60)
        self.attachment_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        add = QToolButton()
        add.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogNewFolder))
        add.setAccessibleName(messages.ATTACHMENT_ADD)
        add.setToolTip(messages.ATTACHMENT_ADD)
        add.clicked.connect(self._choose_attachment)
        remove = QToolButton()
        remove.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_TrashIcon))
        remove.setAccessibleName(messages.ATTACHMENT_REMOVE)
        remove.setToolTip(messages.ATTACHMENT_REMOVE)
        remove.clicked.connect(self._remove_attachment)
        self.buttons = (add, remove)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.attachment_list, 1)
        side = QVBoxLayout()
        side.addWidget(add)
        side.addWidget(remove)
        side.addStretch(1)
        row.addLayout(side)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.main_attachment)
        layout.addLayout(row)

    def show_documents(self, document_name: str, attachments: Iterable[str]) -> None:
        self.main_attachment.setText(messages.ATTACHMENT_MAIN.format(name=document_name))
        self.attachment_list.clear()
        for path in attachments:
            self.attachment_list.addItem(str(path))
            self.attachment_list.item(self.attachment_list.count() - 1).setToolTip(str(path))

    def set_buttons_enabled(self, enabled: bool) -> None:
        for button in self.buttons:
            button.setEnabled(enabled)

    def _choose_attachment(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, messages.ATTACHMENT_DIALOG)
        for path in paths:
            self.attachment_added.emit(Path(path))

    def _remove_attachment(self) -> None:
        row = self.attachment_list.currentRow()
        if row >= 0:
            self.attachment_removed.emit(row)
