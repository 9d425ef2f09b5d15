"""The small dialogs of the « À traiter » desk: recycler (only the routing is editable), compléter (files and
a comment), and the outcome of a handled rejection (the avoir, and « Dupliquer sous un nouveau numéro »).

They only collect what the user wants and show what the controller tells them; the calls are the
controller's (`gui/controllers/returns.py`)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from chorus_desktop.gui import messages
from chorus_desktop.gui.returns_bridge import ReturnRow, RoutingView


def _error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName("actionError")
    label.setWordWrap(True)
    label.setStyleSheet("#actionError { color: #a00000; }")
    label.setVisible(False)
    return label


class _ActionDialog(QDialog):
    """Common part: a text, an error line, the action button (disabled while the call runs) and Annuler."""

    def __init__(self, title: str, text: str, button: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.layout_ = QVBoxLayout(self)
        intro = QLabel(text, self)
        intro.setWordWrap(True)
        self.layout_.addWidget(intro)
        self.body = QVBoxLayout()
        self.layout_.addLayout(self.body)
        self.error = _error_label(self)
        self.layout_.addWidget(self.error)
        buttons = QDialogButtonBox(self)
        self.action_button = buttons.addButton(button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.action_button.setObjectName("actionButton")
        self.action_button.setDefault(True)
        cancel = buttons.addButton(messages.CANCEL_BUTTON, QDialogButtonBox.ButtonRole.RejectRole)
        cancel.clicked.connect(self.reject)
        self.layout_.addWidget(buttons)

    def set_busy(self, busy: bool) -> None:
        self.action_button.setEnabled(not busy)
        if busy:
            self.error.setVisible(False)

    def show_error(self, text: str) -> None:
        self.action_button.setEnabled(True)
        self.error.setText(text)
        self.error.setVisible(True)


class RecycleDialog(_ActionDialog):
    """Only SIRET destinataire, code service and numéro d'engagement are editable; the number is shown."""

    recycle_requested = Signal(int, str, str, str)  # invoice id, SIRET, code service, engagement

    def __init__(self, row: ReturnRow, routing: RoutingView, parent: QWidget | None = None) -> None:
        super().__init__(messages.RECYCLE_TITLE.format(number=row.number),
                         messages.RECYCLE_TEXT.format(comment=row.comment or "-"), messages.RECYCLE_BUTTON, parent)
        self.setObjectName("recycleDialog")
        self.invoice_id = row.invoice_id
        form = QFormLayout()
        number = QLabel(routing.number, self)
        number.setObjectName("numeroFactureSaisi")
        form.addRow(messages.RECYCLE_NUMBER, number)
        self.recipient = self._field("codeDestinataire", routing.recipient, messages.RECYCLE_RECIPIENT, form)
        self.service_code = self._field("codeServiceExecutant", routing.service_code, messages.RECYCLE_SERVICE, form)
        self.engagement = self._field("numeroBonCommande", routing.engagement, messages.RECYCLE_ENGAGEMENT, form)
        self.body.addLayout(form)
        self.action_button.clicked.connect(self._request)
        self.resize(520, self.sizeHint().height())

    def _field(self, name: str, value: str, text: str, form: QFormLayout) -> QLineEdit:
        edit = QLineEdit(value, self)
        edit.setObjectName(name)
        edit.setAccessibleName(text)
        form.addRow(text, edit)
        return edit

    def _request(self) -> None:
        self.set_busy(True)
        self.recycle_requested.emit(self.invoice_id, self.recipient.text().strip(),
                                    self.service_code.text().strip(), self.engagement.text().strip())


class CompleteDialog(_ActionDialog):
    """The documents the buyer asked for (chosen or dropped) and a comment."""

    complete_requested = Signal(int, list, str)  # invoice id, list[Path], comment

    def __init__(self, row: ReturnRow, parent: QWidget | None = None) -> None:
        super().__init__(messages.COMPLETE_TITLE.format(number=row.number),
                         messages.COMPLETE_TEXT.format(comment=row.comment or "-"), messages.COMPLETE_BUTTON, parent)
        self.setObjectName("completeDialog")
        self.setAcceptDrops(True)
        self.invoice_id = row.invoice_id
        self.files = QListWidget(self)
        self.files.setObjectName("completeFiles")
        self.files.setAccessibleName(messages.COMPLETE_FILES_DIALOG)
        self.files.setMinimumHeight(90)
        self.body.addWidget(self.files)
        add = QPushButton(messages.COMPLETE_ADD, self)
        add.setObjectName("addFiles")
        add.clicked.connect(self._choose)
        remove = QPushButton(messages.COMPLETE_REMOVE, self)
        remove.clicked.connect(self._remove_selected)
        row_buttons = QDialogButtonBox(self)
        row_buttons.addButton(add, QDialogButtonBox.ButtonRole.ActionRole)
        row_buttons.addButton(remove, QDialogButtonBox.ButtonRole.ActionRole)
        self.body.addWidget(row_buttons)
        self.comment = QLineEdit(self)
        self.comment.setObjectName("completeComment")
        self.comment.setAccessibleName(messages.COMPLETE_COMMENT)
        self.comment.setPlaceholderText(messages.COMPLETE_COMMENT)
        self.body.addWidget(self.comment)
        self.action_button.clicked.connect(self._request)
        self.resize(560, self.sizeHint().height())

    def paths(self) -> list[Path]:
        return [Path(self.files.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.files.count())]

    def add_paths(self, paths: list[Path]) -> None:
        known = set(self.paths())
        for path in paths:
            if path.is_file() and path not in known:
                self.files.addItem(path.name)
                item = self.files.item(self.files.count() - 1)
                item.setData(Qt.ItemDataRole.UserRole, str(path))
                item.setToolTip(str(path))
                known.add(path)

    def _choose(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, messages.COMPLETE_FILES_DIALOG, "",
                                                messages.COMPLETE_FILES_FILTER)
        self.add_paths([Path(n) for n in names])

    def _remove_selected(self) -> None:
        for item in self.files.selectedItems():
            self.files.takeItem(self.files.row(item))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        self.add_paths([Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()])
        event.acceptProposedAction()

    def _request(self) -> None:
        self.set_busy(True)
        self.complete_requested.emit(self.invoice_id, self.paths(), self.comment.text().strip())


class CreditNoteDialog(QDialog):
    """After « Traiter le rejet »: what was done, the avoir's number, and the replacement invoice offer."""

    duplicate_requested = Signal(int)  # the rejected invoice's id

    def __init__(self, rejected_id: int, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("creditNoteDialog")
        self.setWindowTitle(messages.REJECTION_DONE_TITLE)
        self.rejected_id = rejected_id
        layout = QVBoxLayout(self)
        self.text = QLabel(text, self)
        self.text.setObjectName("creditNoteText")
        self.text.setWordWrap(True)
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(self)
        self.duplicate_button = buttons.addButton(messages.DUPLICATE_BUTTON, QDialogButtonBox.ButtonRole.ActionRole)
        self.duplicate_button.setObjectName("duplicateButton")
        self.duplicate_button.clicked.connect(self._duplicate)
        close = buttons.addButton(messages.RETURNS_CLOSE, QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())

    def _duplicate(self) -> None:
        self.duplicate_button.setEnabled(False)
        self.duplicate_requested.emit(self.rejected_id)

    def show_result(self, text: str) -> None:
        self.text.setText(self.text.text() + "\n\n" + text)
