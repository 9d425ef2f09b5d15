"""The drop zone: files dropped are copied, never moved; anything else is refused."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent

from chorus_desktop.gui.drop_zone import DropZone


def drag_enter_event(mime: QMimeData, actions: Qt.DropAction) -> QDragEnterEvent:
    """Qt 6.12 takes a QPointF (and deprecates QPoint); earlier versions take only a QPoint."""
    try:
        return QDragEnterEvent(QPointF(5, 5), actions, mime, Qt.MouseButton.LeftButton,
                               Qt.KeyboardModifier.NoModifier)
    except TypeError:
        return QDragEnterEvent(QPoint(5, 5), actions, mime, Qt.MouseButton.LeftButton,
                               Qt.KeyboardModifier.NoModifier)


def _mime(paths: list[Path]) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def test_drop_zone_accepts_files_as_a_copy_and_emits_their_paths(qtbot, corpus_dir: Path) -> None:
    zone = DropZone()
    qtbot.addWidget(zone)
    pdfs = [corpus_dir / "pdfs" / "fnfe-facture-fr.pdf", corpus_dir / "pdfs" / "oca-gandi.pdf"]
    mime = _mime(pdfs)
    enter = drag_enter_event(mime, Qt.DropAction.MoveAction | Qt.DropAction.CopyAction)
    zone.dragEnterEvent(enter)
    assert enter.isAccepted()
    assert enter.dropAction() == Qt.DropAction.CopyAction
    drop = QDropEvent(QPointF(5, 5), Qt.DropAction.MoveAction | Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(zone.files_dropped) as blocker:
        zone.dropEvent(drop)
    assert drop.dropAction() == Qt.DropAction.CopyAction  # never a move: the user keeps the file
    assert blocker.args[0] == pdfs
    assert all(p.exists() for p in pdfs)


def test_drop_zone_ignores_drags_without_local_files(qtbot) -> None:
    zone = DropZone()
    qtbot.addWidget(zone)
    mime = QMimeData()
    mime.setText("pas un fichier")
    enter = drag_enter_event(mime, Qt.DropAction.CopyAction)
    zone.dragEnterEvent(enter)
    assert not enter.isAccepted()
