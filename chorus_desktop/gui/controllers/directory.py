"""Finding a public buyer: the SIRET destinataire field's search list, fed by the Chorus Pro directory.

The form's `BuyerSearch` asks (debounced) for a text; the search runs on the Chorus lane (the core caches
the answers per text) and the buyers found come back to the list, unless the user typed on meanwhile.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QStatusBar, QWidget

from chorus_desktop.gui import messages
from chorus_desktop.gui.bridge import Bridge
from chorus_desktop.gui.controllers.editing import EditingController
from chorus_desktop.gui.deposit_form import DepositForm
from chorus_desktop.gui.errors import user_message
from chorus_desktop.gui.tasks import Lane, TaskRunner
from chorus_desktop.gui.views import BuyerView

log = logging.getLogger(__name__)


class DirectoryController(QObject):
    buyers_found = Signal(str, list)  # the text searched, list[BuyerView] (shown or not)

    def __init__(self, bridge: Bridge, runner: TaskRunner, editing: EditingController, *, form: DepositForm,
                 status: QStatusBar, window: QWidget) -> None:
        super().__init__(window)
        self.bridge = bridge
        self.runner = runner
        self.editing = editing
        self.form = form
        self.status = status
        form.buyer_search.search_requested.connect(self.search)

    def search(self, text: str) -> None:
        invoice_id = self.editing.current_invoice_id()
        self.runner.submit(lambda: self.bridge.search_buyers(text, invoice_id), lane=Lane.CHORUS,
                           name="search_buyers", on_result=lambda buyers: self._on_found(text, buyers),
                           on_error=lambda error: self._on_error(text, error))

    def _on_found(self, text: str, buyers: list[BuyerView]) -> None:
        self.form.buyer_search.show_results(text, buyers)
        if not buyers:
            self.status.showMessage(messages.BUYER_SEARCH_NONE.format(text=text), 5000)
        self.buyers_found.emit(text, buyers)

    def _on_error(self, text: str, error: BaseException) -> None:
        # Offline, no access yet: the user can still type the SIRET; the status bar says why no list.
        log.info("directory search failed for %r: %r", text, error)
        self.status.showMessage(messages.BUYER_SEARCH_FAILED.format(reason=user_message(error)), 8000)
        self.buyers_found.emit(text, [])
