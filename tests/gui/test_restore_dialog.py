"""At launch, a 0-byte database is offered its latest backup, restored, and the window opens normally."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from chorus_desktop.app import create_main_window
from chorus_desktop.core.paths import resolve_paths
from chorus_desktop.gui.restore_dialog import StoreUnavailable
from chorus_desktop.wiring import open_context, open_restore


def answer(replies: dict[str, str], seen: list[str]) -> QTimer:
    """Clicks, in each modal message box that appears, the button named in `replies` for the box's name."""
    timer = QTimer()

    def click() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible() and box.objectName() in replies:
            seen.append(box.objectName() + ": " + box.text())
            name = replies[box.objectName()]
            button = box.findChild(object, name) if name else box.button(QMessageBox.StandardButton.Ok)
            button.click()

    timer.timeout.connect(click)
    timer.start(20)
    return timer


@pytest.fixture
def emptied_database(isolated_data_dir: Path) -> Path:
    """A real store with a profile, a real automatic backup of it, then the database file emptied (0 bytes)."""
    paths = resolve_paths(isolated_data_dir).ensure()
    context = open_context(paths)
    context.profiles.add_profile("Atelier Dupont", "73282932000074")
    context.close()
    open_context(paths).close()  # opening a store that holds something makes its automatic copy
    assert open_restore(paths).backups(), "no backup was made"
    paths.database.write_bytes(b"")
    for extra in paths.database.parent.glob(paths.database.name + "-*"):
        extra.unlink()
    return paths.database


def test_a_zero_byte_database_is_restored_from_its_latest_backup_and_the_window_opens(
        qtbot, isolated_data_dir: Path, emptied_database: Path) -> None:
    seen: list[str] = []
    timer = answer({"restoreOffer": "restoreButton", "restoreDone": ""}, seen)
    window = create_main_window(isolated_data_dir, start_background=False, extraction_process=False)
    timer.stop()
    qtbot.addWidget(window)
    assert [text.split(":")[0] for text in seen] == ["restoreOffer", "restoreDone"]
    assert "dernière sauvegarde" in seen[0] and "vide (0 octet)" in seen[0]
    assert "a été restaurée" in seen[1]
    assert emptied_database.stat().st_size > 0
    assert [p.name for p in window.bridge.context.profiles.list_profiles()] == ["Atelier Dupont"]
    kept = list((emptied_database.parent / "backups").glob("avant-restauration-*"))
    assert kept, "the emptied database was not kept aside"


def test_declining_the_restoration_quits_without_touching_the_database(
        qtbot, isolated_data_dir: Path, emptied_database: Path) -> None:
    seen: list[str] = []
    timer = answer({"restoreOffer": "quitButton"}, seen)
    with pytest.raises(StoreUnavailable):
        create_main_window(isolated_data_dir, start_background=False, extraction_process=False)
    timer.stop()
    assert len(seen) == 1 and emptied_database.stat().st_size == 0
