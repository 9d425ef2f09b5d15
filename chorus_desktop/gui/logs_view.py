"""« Aide › Ouvrir le dossier des journaux » and « Aide › Dernières erreurs... » (issue 13)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QFontDatabase
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from chorus_desktop.gui import messages


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
