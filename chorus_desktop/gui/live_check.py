"""Problems refreshed as the user types.

After a short pause in the typing, the form's values (as typed, not saved) are checked by the core on a
background lane and the notes under the fields are replaced: the « Indiquez le SIRET » blocker goes as soon
as a SIRET is typed, an unreadable amount is named at once, « Envoyer » follows. An answer is dropped when
the user typed again meanwhile or another invoice is shown. Nothing is saved: « Enregistrer le brouillon »
still does that.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QLineEdit, QPlainTextEdit, QTableWidget

from chorus_desktop.core.model import Problem
from chorus_desktop.gui.bridge import Bridge
from chorus_desktop.gui.deposit_form import DepositForm
from chorus_desktop.gui.tasks import Lane, TaskRunner

log = logging.getLogger(__name__)

#: Milliseconds without typing before the values are checked: short enough to feel immediate, long enough
#: not to check every keystroke.
PAUSE_MS = 350


class LiveCheck(QObject):
    checked = Signal(int)  # invoice id whose problems the form now shows for the typed values

    def __init__(self, bridge: Bridge, runner: TaskRunner, form: DepositForm, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.runner = runner
        self.form = form
        self._edits = 0  # counts the user's edits: an answer for older values is not shown
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(PAUSE_MS)
        self.timer.timeout.connect(self.check_now)
        for widget in form.inputs.values():
            if isinstance(widget, QLineEdit):
                widget.textEdited.connect(self.check_soon)
            elif isinstance(widget, QComboBox) and widget.objectName() != "profile":  # a profile change saves
                widget.activated.connect(self.check_soon)
            elif isinstance(widget, QDateEdit):
                widget.dateChanged.connect(self.check_soon)
            elif isinstance(widget, QPlainTextEdit):
                widget.textChanged.connect(self.check_soon)
            elif isinstance(widget, QTableWidget):
                widget.itemChanged.connect(self.check_soon)

    def check_soon(self, *_args: object) -> None:
        """An edit: check the values once the user pauses (a form being filled by the app is no edit)."""
        view = self.form.view
        if self.form.loading or view is None or not view.editable:
            return
        self._edits += 1
        self.timer.start()

    def check_now(self) -> None:
        view = self.form.view
        if view is None or not view.editable:
            return
        invoice_id, edits, changes = view.invoice_id, self._edits, self.form.changes()
        self.runner.submit(lambda: self.bridge.preview_problems(invoice_id, changes), lane=Lane.DATABASE,
                           name="preview_problems",
                           on_result=lambda problems: self._show(invoice_id, edits, problems),
                           on_error=lambda error: log.warning("live check failed: %r", error))

    def _show(self, invoice_id: int, edits: int, problems: list[Problem]) -> None:
        view = self.form.view
        if view is None or view.invoice_id != invoice_id or edits != self._edits:
            return  # another invoice, or typed again: a newer check is on its way
        self.form.show_problems(problems, view.low_confidence)
        self.checked.emit(invoice_id)
