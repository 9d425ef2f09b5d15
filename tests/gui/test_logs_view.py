"""« Aide › Ouvrir le dossier des journaux » and « Aide › Dernières erreurs... ».

The only stand-in: QDesktopServices.openUrl is monkeypatched (opening a file manager is not possible here);
the rest is the real window, the real log folder and a real log file.
"""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QDesktopServices

from chorus_desktop.logging_setup import log_file


def test_the_help_menu_opens_the_log_folder(window, qtbot, monkeypatch) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    window.findChild(QAction, "openLogsAction").trigger()
    assert [url.toLocalFile() for url in opened] == [str(window.paths.log_dir)]
    assert window.paths.log_dir.is_dir()


def test_the_last_errors_view_shows_the_errors_of_the_log(window, qtbot) -> None:
    log = log_file(window.paths)
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text("2026-12-06 07:00:00 INFO app: démarrage\n"
                   "2026-12-06 07:00:01 ERROR sync: Chorus Pro injoignable\n", encoding="utf-8")
    window.findChild(QAction, "lastErrorsAction").trigger()
    qtbot.waitUntil(lambda: getattr(window, "last_errors_dialog", None) is not None, timeout=5000)
    text = window.last_errors_dialog.text.toPlainText()
    assert "Chorus Pro injoignable" in text and "démarrage" not in text
