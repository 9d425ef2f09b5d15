"""The drop zone: PDFs and folders dragged from the file manager, or chosen with "Ouvrir...".

Drops are always *copies*: we only read the files (the store keeps its own copy), so the drag source
must never delete them, whatever the user's modifier keys propose.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from chorus_desktop.gui import messages


def local_paths(mime: QMimeData) -> list[Path]:
    """The local files and folders carried by a drag (remote URLs are ignored)."""
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile() and url.toLocalFile()]


class DropZone(QFrame):
    """Accepts one or many PDFs and folders; emits the dropped paths as they are (folders unexpanded)."""

    files_dropped = Signal(list)  # list[Path]
    open_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dropZone")
        self.setAcceptDrops(True)
        self.setAccessibleName(messages.DROP_ACCESSIBLE)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumHeight(56)
        self._label = QLabel(messages.DROP_HINT, self)
        self._label.setWordWrap(True)
        self._button = QPushButton(messages.DROP_BUTTON, self)
        self._button.setObjectName("openButton")
        self._button.clicked.connect(self.open_requested)
        layout = QHBoxLayout(self)
        layout.addWidget(self._label, 1)
        layout.addWidget(self._button)
        self._set_active(False)

    def _set_active(self, active: bool) -> None:
        self._label.setText(messages.DROP_ACTIVE if active else messages.DROP_HINT)
        # The dashed border says "drop here"; the text change says it without relying on colour.
        self.setStyleSheet(
            "#dropZone { border: 2px dashed %s; border-radius: 8px; background: %s; }"
            % (("#1f5fbf", "#e8f0fc") if active else ("#8a94a6", "palette(base)"))
        )

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if local_paths(event.mimeData()):
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            self._set_active(True)
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if local_paths(event.mimeData()):
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()

    def dragLeaveEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self._set_active(False)
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self._set_active(False)
        paths = local_paths(event.mimeData())
        if not paths:
            event.ignore()
            return
        # Copy, never move: the source application must keep its file.
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.files_dropped.emit(paths)
