"""A store on a read-only disk: the window opens, a banner says so, and import, save and send stay off.

The read-only disk is a real tmpfs remounted read-only (as tests/unit/core/store/test_store_faults.py does):
the tests run as root, where chmod does not stop writes. Skipped where mounting is not allowed.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QAction

from chorus_desktop.app import create_main_window
from chorus_desktop.core.paths import resolve_paths
from chorus_desktop.gui import messages
from chorus_desktop.wiring import open_context

from .window_driver import INVOICE


def _mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True, capture_output=True, timeout=30)


@pytest.fixture
def read_only_data_dir(tmp_path: Path, isolated_data_dir: Path, corpus_dir: Path) -> Iterator[Path]:
    """A data folder with one imported invoice on a real tmpfs, then remounted read-only."""
    point = tmp_path / "disque"
    point.mkdir()
    try:
        _mount("-t", "tmpfs", "-o", "size=16m,mode=0700", "tmpfs", str(point))
    except (OSError, subprocess.CalledProcessError) as error:
        pytest.skip(f"mount impossible ici ({error}) : pas de vrai disque en lecture seule")
    try:
        paths = resolve_paths(point / "donnees").ensure()
        context = open_context(paths)
        [outcome] = context.importing.import_files([corpus_dir / "pdfs" / INVOICE])
        assert outcome.status == "imported", outcome
        context.close()
        _mount("-o", "remount,ro", str(point))
        yield paths.data_dir
    finally:
        subprocess.run(["umount", "-l", str(point)], check=False, capture_output=True, timeout=30)


def test_a_read_only_store_shows_a_banner_and_keeps_the_write_actions_off(qtbot, read_only_data_dir: Path) -> None:
    window = create_main_window(read_only_data_dir, start_background=False, extraction_process=False)
    qtbot.addWidget(window)
    window.show()
    assert window.bridge.context.store.read_only
    with qtbot.waitSignal(window.list_refreshed, timeout=10000):
        window.start_background(recover=False, sync_timer=False)
    banner = window.findChild(object, "readOnlyBanner")
    assert banner is not None and banner.isVisible() and "Lecture seule" in banner.text()
    assert not window.drop_zone.isEnabled()
    with qtbot.waitSignal(window.editing.form_loaded, timeout=10000):  # an editable invoice, shown in the form
        window.table.selectRow(0)
    assert window.editing.current_view is not None and window.editing.current_view.editable
    assert not window.form.save_button.isEnabled() and not window.form.send_button.isEnabled()
    writing = {a.text(): a.isEnabled() for a in window.findChildren(QAction)
               if a.text() in {messages.ACTION_OPEN, messages.ACTION_SAVE_DRAFT, messages.ACTION_SEND,
                               messages.ACTION_SYNC}}
    assert writing == dict.fromkeys(writing, False) and len(writing) == 4
    export = window.findChild(QAction, "exportAction")
    assert export.isEnabled()  # reading stays possible
