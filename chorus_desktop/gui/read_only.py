"""A store opened for reading only (read-only data folder or disk): a banner says so and the write actions stay off.

`apply_read_only(window)` puts the banner at the top of the main window, disables the drop zone and keeps
disabled the form's « Enregistrer » and « Envoyer » buttons and the actions that write (open, save, send,
synchronise) even when the form would enable them for an editable invoice.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

from chorus_desktop.gui import messages

#: The menu actions that write to the store, by their text.
WRITE_ACTION_TEXTS = frozenset({messages.ACTION_OPEN, messages.ACTION_OPEN_FOLDER, messages.ACTION_SAVE_DRAFT,
                                messages.ACTION_SEND, messages.ACTION_SEND_READY, messages.ACTION_SYNC})


class KeepDisabled(QObject):
    """Turns a widget or action off again whenever something turns it on."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.actions: list[QAction] = []

    def watch_widget(self, widget: QWidget) -> None:
        widget.setEnabled(False)
        widget.installEventFilter(self)

    def watch_action(self, action: QAction) -> None:
        action.setEnabled(False)
        action.changed.connect(lambda: action.setEnabled(False) if action.isEnabled() else None)
        self.actions.append(action)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.EnabledChange and isinstance(watched, QWidget) and watched.isEnabled():
            watched.setEnabled(False)
        return False


def apply_read_only(window: QMainWindow) -> QLabel:
    """Show the read-only banner and switch the write actions off for good; returns the banner."""
    central = window.centralWidget()
    banner = QLabel(messages.READ_ONLY_BANNER, central)
    banner.setObjectName("readOnlyBanner")
    banner.setWordWrap(True)
    banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
    banner.setStyleSheet("#readOnlyBanner { background: #ffe3e3; color: #7a1010; font-weight: bold;"
                         " border: 1px solid #e03131; border-radius: 4px; padding: 6px; }")
    layout = central.layout()
    layout.insertWidget(0, banner)  # type: ignore[attr-defined]
    guard = KeepDisabled(window)
    guard.setObjectName("readOnlyGuard")
    drop_zone = getattr(window, "drop_zone", None)
    if drop_zone is not None:
        drop_zone.setAcceptDrops(False)
        guard.watch_widget(drop_zone)
    form = getattr(window, "form", None)
    for name in ("save_button", "send_button"):
        button = getattr(form, name, None)
        if button is not None:
            guard.watch_widget(button)
    for action in window.findChildren(QAction):
        if action.text() in WRITE_ACTION_TEXTS:
            guard.watch_action(action)
    window.setAcceptDrops(False)
    return banner
