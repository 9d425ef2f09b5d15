"""At launch, a database that cannot be opened (empty, truncated, unreadable) is offered its latest backup.

`open_or_restore(paths, open_context)` opens the store; when `Store.open` refuses the database (codes
`base_vide`, `base_absente`, `base_abimee`) it asks, in a French dialog, to restore the newest intact
automatic copy (`wiring.open_restore(paths)`: the replaced file is kept aside, never deleted), tells what
the restoration found, and opens the store again. Declined or impossible: `StoreUnavailable` (the user
has been told; the application quits without a traceback).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtWidgets import QMessageBox, QWidget

from chorus_desktop.core.errors import ChorusDesktopError
from chorus_desktop.core.paths import AppPaths
from chorus_desktop.gui import messages
from chorus_desktop.gui.formatting import format_datetime
from chorus_desktop.wiring import open_restore

#: The store's refusals a backup can mend.
RESTORABLE_CODES = frozenset({"base_vide", "base_absente", "base_abimee"})

T = TypeVar("T")


class StoreUnavailable(Exception):
    """The store could not be opened and the user has been told why (nothing more to show)."""


def open_or_restore(paths: AppPaths, open_context: Callable[[], T], parent: QWidget | None = None) -> T:
    try:
        return open_context()
    except ChorusDesktopError as error:
        if error.code not in RESTORABLE_CODES:
            raise
        refused = error
    restore = open_restore(paths)
    try:
        chosen = restore.choose()
    except ChorusDesktopError:
        _tell(parent, QMessageBox.Icon.Critical, messages.RESTORE_NONE.format(reason=refused.message), "restoreNone")
        raise StoreUnavailable(refused.message) from refused
    backup = next((b for b in restore.backups() if b.path == chosen), None)
    when = format_datetime(backup.made_at) if backup is not None else chosen.name
    size = round((backup.size if backup is not None else chosen.stat().st_size) / 1024)
    if not _offer(parent, messages.RESTORE_OFFER.format(reason=refused.message, when=when, size=size)):
        raise StoreUnavailable(refused.message) from refused
    try:
        report = restore.restore(chosen)
    except ChorusDesktopError as failure:
        _tell(parent, QMessageBox.Icon.Critical, messages.RESTORE_FAILED.format(reason=failure.message),
              "restoreFailed")
        raise StoreUnavailable(failure.message) from failure
    lines = [messages.RESTORE_DONE.format(when=when, invoices=report.invoices)]
    if report.kept_aside is not None:
        lines.append(messages.RESTORE_KEPT.format(path=report.kept_aside))
    if report.unclaimed_documents:
        lines.append(messages.RESTORE_UNCLAIMED.format(count=len(report.unclaimed_documents),
                                                       folder=_folder(report.unclaimed_documents[0])))
    if report.invoices_without_pdf:
        lines.append(messages.RESTORE_MISSING_PDF.format(count=len(report.invoices_without_pdf)))
    if not report.integrity_ok:
        lines.append(messages.RESTORE_CHECK_FAILED)
    _tell(parent, QMessageBox.Icon.Information, "\n\n".join(lines), "restoreDone")
    return open_context()


def _folder(path: Path) -> Path:
    return path.parent


def _offer(parent: QWidget | None, text: str) -> bool:
    box = QMessageBox(QMessageBox.Icon.Warning, messages.RESTORE_TITLE, text, QMessageBox.StandardButton.NoButton,
                      parent)
    box.setObjectName("restoreOffer")
    restore = box.addButton(messages.RESTORE_BUTTON, QMessageBox.ButtonRole.AcceptRole)
    restore.setObjectName("restoreButton")
    box.addButton(messages.RESTORE_QUIT, QMessageBox.ButtonRole.RejectRole).setObjectName("quitButton")
    box.setDefaultButton(restore)
    box.exec()  # at launch, before any window: nothing else to keep live
    return box.clickedButton() is restore


def _tell(parent: QWidget | None, icon: QMessageBox.Icon, text: str, name: str) -> None:
    box = QMessageBox(icon, messages.RESTORE_TITLE, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName(name)
    box.exec()


def tell_unavailable(error: ChorusDesktopError, parent: QWidget | None = None) -> None:
    """Any other refusal to start (e.g. the data folder cannot be created): said in French, no traceback."""
    _tell(parent, QMessageBox.Icon.Critical, messages.STORE_UNAVAILABLE.format(reason=error.message), "storeUnavailable")
