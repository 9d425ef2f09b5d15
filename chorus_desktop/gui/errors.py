"""Errors at the GUI edge: typed core errors become their French message; bugs become a dialog.

`install_excepthook` replaces `sys.excepthook` so an exception escaping a slot shows a dialog instead of
killing the application (PySide6 would otherwise print it and carry on silently, or abort).
"""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from chorus_desktop.core.errors import ChorusDesktopError
from chorus_desktop.gui import messages

log = logging.getLogger(__name__)


def user_message(error: BaseException) -> str:
    """The French sentence to show for `error` (never a traceback, never a secret)."""
    if isinstance(error, ChorusDesktopError):
        return error.message
    return messages.UNEXPECTED_ERROR


def is_expected(error: BaseException) -> bool:
    """Typed core errors are expected outcomes (the user or the world); anything else is a bug."""
    return isinstance(error, ChorusDesktopError)


def show_error(parent: QWidget | None, error: BaseException) -> None:
    """Show `error` as the user should see it: its message, or the unexpected-error dialog."""
    if is_expected(error):
        show_user_error(parent, user_message(error))
    else:
        show_unexpected(parent, type(error), error, error.__traceback__)


def show_user_error(parent: QWidget | None, text: str) -> QMessageBox:
    """A warning with the core's French sentence; window-modal but non-blocking (the loop keeps running)."""
    box = QMessageBox(QMessageBox.Icon.Warning, messages.ERROR_TITLE, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorDialog")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def show_unexpected(
    parent: QWidget | None,
    kind: type[BaseException],
    error: BaseException,
    tb: TracebackType | None,
) -> None:
    details = getattr(error, "__traceback_text__", None) or "".join(traceback.format_exception(kind, error, tb))
    log.error("unexpected error: %s", details)
    box = QMessageBox(QMessageBox.Icon.Critical, messages.UNEXPECTED_ERROR_TITLE, messages.UNEXPECTED_ERROR,
                      QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("unexpectedErrorDialog")
    # Only the exception type and traceback: our exceptions never carry secrets in their text.
    box.setDetailedText(details)
    box.open()  # non-blocking: the event loop keeps running and the app stays usable


class ExceptHook:
    """A sys.excepthook that shows a dialog; keeps the previous hook to restore it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent
        self.previous = sys.excepthook

    def __call__(self, kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self.previous(kind, error, tb)
            return
        if is_expected(error):
            show_user_error(self.parent, user_message(error))
            return
        show_unexpected(self.parent, kind, error, tb)

    def uninstall(self) -> None:
        if sys.excepthook is self:
            sys.excepthook = self.previous


def install_excepthook(parent: QWidget | None = None) -> ExceptHook:
    hook = ExceptHook(parent)
    sys.excepthook = hook
    return hook
