"""Following invoices: a background sync timer and desktop notifications for the states that matter.

The tray icon shows the message when the platform has a system tray; the `notified` signal carries the
same text for the status bar (and tests), so nothing depends on a tray being present.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QSystemTrayIcon

from chorus_desktop.core.states import label
from chorus_desktop.gui import messages
from chorus_desktop.gui.views import StateNotice

DEFAULT_SYNC_INTERVAL_MS = 10 * 60 * 1000  # Chorus Pro statuses change a few times a day at most


class Notifier(QObject):
    notified = Signal(str, str)  # title, text
    sync_due = Signal()

    def __init__(self, icon: QIcon, parent: QObject | None = None,
                 sync_interval_ms: int = DEFAULT_SYNC_INTERVAL_MS) -> None:
        super().__init__(parent)
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(icon, self)
            self.tray.setToolTip(messages.APP_TITLE)
            self.tray.show()
        self.timer = QTimer(self)
        self.timer.setInterval(sync_interval_ms)
        self.timer.timeout.connect(self.sync_due)

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        if self.tray is not None:
            self.tray.hide()

    def notify(self, notice: StateNotice) -> None:
        state = label(notice.state)
        title = messages.NOTIFY_TITLE.format(number=notice.number)
        text = (messages.NOTIFY_STATE_COMMENT.format(number=notice.number, state=state, comment=notice.comment)
                if notice.comment else messages.NOTIFY_STATE.format(number=notice.number, state=state))
        if self.tray is not None:
            self.tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, 10000)
        self.notified.emit(title, text)
