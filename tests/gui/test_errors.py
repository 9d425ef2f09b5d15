"""Errors at the GUI edge: an exception escaping a slot becomes a dialog and the app stays usable."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QMessageBox

from chorus_desktop.app import create_main_window
from chorus_desktop.gui.errors import install_excepthook


def test_an_unexpected_error_shows_a_dialog_and_the_window_stays_usable(qtbot, isolated_data_dir) -> None:
    window = create_main_window(isolated_data_dir, start_background=False, extraction_process=False)
    qtbot.addWidget(window)
    hook = install_excepthook(window)
    try:
        try:
            raise KeyError("bogue")
        except KeyError:
            sys.excepthook(*sys.exc_info())
        dialog = window.findChild(QMessageBox, "unexpectedErrorDialog")
        assert dialog is not None and dialog.isVisible()
        assert "reste utilisable" in dialog.text()
        assert "KeyError" in dialog.detailedText()
        dialog.close()
        with qtbot.waitSignal(window.list_refreshed):  # the event loop and the window still work
            window.refresh_list()
    finally:
        hook.uninstall()
