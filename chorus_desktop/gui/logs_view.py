"""« Aide › Ouvrir le dossier des journaux » and « Aide › Dernières erreurs... » (issue 13)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFontDatabase
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from chorus_desktop.gui import messages
from chorus_desktop.gui.tasks import TaskRunner


def open_log_folder(log_dir: Path) -> bool:
    """Show the log folder in the system's file manager (created if needed); False if it could not be opened."""
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_dir))))


class LastErrorsDialog(QDialog):
    """The last error lines of the log (already redacted by the log's formatter), read only."""

    def __init__(self, log_dir: Path, lines: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lastErrorsDialog")
        self.setWindowTitle(messages.LAST_ERRORS_TITLE)
        layout = QVBoxLayout(self)
        intro = QLabel(messages.LAST_ERRORS_INTRO.format(folder=log_dir) if lines else messages.LAST_ERRORS_NONE, self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("lastErrorsText")
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setPlainText("\n".join(lines))
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 420)


def show_last_errors(parent: QWidget, runner: TaskRunner, log_dir: Path, paths: Any) -> None:
    """« Aide › Dernières erreurs... »: the log's recent errors, read on a worker, shown in a dialog (kept
    as `parent.last_errors_dialog`)."""
    from chorus_desktop.logging_setup import last_errors

    def shown(lines: list[str]) -> None:
        dialog = LastErrorsDialog(log_dir, lines, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        parent.last_errors_dialog = dialog  # type: ignore[attr-defined]

    runner.submit(lambda: last_errors(paths), name="last_errors", on_result=shown)
