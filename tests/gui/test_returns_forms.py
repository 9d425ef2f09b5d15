"""The desk's small dialogs on their own: a file dropped on « Compléter » joins its list; « Recycler » sends
only the three routing fields; the desk says when nothing waits."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from chorus_desktop.gui import messages
from chorus_desktop.gui.returns_bridge import ReturnRow, RoutingView
from chorus_desktop.gui.returns_desk import ReturnsDeskDialog
from chorus_desktop.gui.returns_forms import CompleteDialog, RecycleDialog

ROW = ReturnRow(7, "F-7", "Suspendue", "01/12/2026", "Joindre le BL", "sens", "complete", "Compléter", "1", "")


def test_a_dropped_file_joins_the_completion_once(qtbot, tmp_path: Path) -> None:
    dialog = CompleteDialog(ROW)
    qtbot.addWidget(dialog)
    piece = tmp_path / "bl.pdf"
    piece.write_bytes(b"%PDF-1.4 BL")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(piece)), QUrl.fromLocalFile(str(tmp_path / "absent.pdf"))])
    for _ in range(2):
        event = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                           Qt.KeyboardModifier.NoModifier)
        dialog.dropEvent(event)
    assert dialog.paths() == [piece]
    dialog.comment.setText(" joint ")
    with qtbot.waitSignal(dialog.complete_requested) as sent:
        dialog.action_button.click()
    assert sent.args == [7, [piece], "joint"]
    assert not dialog.action_button.isEnabled()
    dialog.show_error("refusé")
    assert dialog.action_button.isEnabled() and dialog.error.text() == "refusé"


def test_recycler_sends_the_three_routing_fields_and_shows_the_number(qtbot) -> None:
    dialog = RecycleDialog(ROW, RoutingView(7, "F-7", "111", "SE", ""))
    qtbot.addWidget(dialog)
    dialog.engagement.setText("EJ-1 ")
    with qtbot.waitSignal(dialog.recycle_requested) as sent:
        dialog.action_button.click()
    assert sent.args == [7, "111", "SE", "EJ-1"]


def test_the_desk_says_when_nothing_waits(qtbot) -> None:
    desk = ReturnsDeskDialog()
    qtbot.addWidget(desk)
    desk.set_rows([ROW])
    assert desk.action_button(7).text() == "Compléter" and desk.action_button(8) is None
    desk.set_rows([])
    assert desk.empty.text() == messages.RETURNS_EMPTY and desk.empty.isVisibleTo(desk)
    assert not desk.table.isVisibleTo(desk)
