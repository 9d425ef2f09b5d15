"""Writing invoices: « Nouvelle facture » (Ctrl+N), the défraiement template, « Dupliquer ».

Opening the dialog loads the issuing profiles and the known buyers in the background; the directory search
runs on the Chorus lane. « Créer » asks the core for the invoice (number assigned in the transaction that
stores it); the new invoice is then selected in the list and shown in the form. « Créer et envoyer à
Chorus Pro » then goes through the usual send flow (save, check, recap, confirmation), so a document that
still lacks something (a code service the buyer requires) stops in the form, which says what is missing.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QStatusBar, QWidget

from chorus_desktop.core.usecases.invoice_writing import WrittenOutcome
from chorus_desktop.gui import messages, writer_messages
from chorus_desktop.gui.controllers.editing import EditingController
from chorus_desktop.gui.controllers.sending import SendingController
from chorus_desktop.gui.deposit_form import DepositForm
from chorus_desktop.gui.errors import show_error, user_message
from chorus_desktop.gui.formatting import format_amount
from chorus_desktop.gui.invoice_table import InvoiceTableView, Role
from chorus_desktop.gui.invoice_writer import InvoiceWriterDialog
from chorus_desktop.gui.tasks import Lane, TaskRunner
from chorus_desktop.gui.views import BuyerView
from chorus_desktop.gui.writing_bridge import WriterSetup, WritingBridge

log = logging.getLogger(__name__)


class WritingController(QObject):
    dialog_opened = Signal(object)  # InvoiceWriterDialog
    invoice_written = Signal(object)  # WrittenOutcome (created or duplicated), once selected in the list

    def __init__(self, bridge: WritingBridge, runner: TaskRunner, editing: EditingController,
                 sending: SendingController, *, table: InvoiceTableView, form: DepositForm, status: QStatusBar,
                 window: QWidget) -> None:
        super().__init__(window)
        self.bridge = bridge
        self.runner = runner
        self.editing = editing
        self.sending = sending
        self.form = form
        self.status = status
        self.window = window
        self.dialog: InvoiceWriterDialog | None = None
        self._send_after_load: int | None = None
        self.table = table
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self.show_context_menu)
        editing.form_loaded.connect(self._on_form_loaded)

    # -- « Nouvelle facture » ------------------------------------------------------------------------
    def open_writer(self) -> None:
        self.runner.submit(self.bridge.setup, name="writer_setup", on_result=self._show_dialog,
                           on_error=lambda error: show_error(self.window, error))

    def _show_dialog(self, setup: WriterSetup) -> None:
        dialog = InvoiceWriterDialog(self.runner, setup, self.bridge.render_preview, parent=self.window)
        dialog.create_requested.connect(self.create)
        dialog.buyer_search.search_requested.connect(self.search)
        dialog.known.currentIndexChanged.connect(lambda _i: self._known_routing())
        self.dialog = dialog
        dialog.open()
        self.dialog_opened.emit(dialog)

    def search(self, text: str) -> None:
        dialog = self.dialog
        if dialog is None:
            return
        seller = dialog.current_seller()
        profile_id = seller.profile_id if seller else None
        self.runner.submit(lambda: self.bridge.search_buyers(text, profile_id), lane=Lane.CHORUS,
                           name="writer_search", on_result=lambda buyers: self._on_found(dialog, text, buyers),
                           on_error=lambda error: self.status.showMessage(
                               messages.BUYER_SEARCH_FAILED.format(reason=user_message(error)), 8000))

    def _on_found(self, dialog: InvoiceWriterDialog, text: str, buyers: list[BuyerView]) -> None:
        dialog.buyer_search.show_results(text, buyers)
        if not buyers:
            self.status.showMessage(messages.BUYER_SEARCH_NONE.format(text=text), 5000)

    def _known_routing(self) -> None:
        """A known buyer: its code service and engagement used last, as the deposit form would."""
        dialog = self.dialog
        buyer = dialog.known.currentData() if dialog is not None else None
        if dialog is None or not isinstance(buyer, BuyerView):
            return
        self.runner.submit(lambda: self.bridge.last_routing(buyer.siret), name="writer_routing",
                           on_result=lambda routing: dialog.fill_buyer(buyer, *routing))

    def create(self, spec: dict[str, Any], profile_id: int, send: bool) -> None:
        dialog = self.dialog
        self.runner.submit(lambda: self.bridge.create(spec, profile_id), name="new_invoice",
                           on_result=lambda outcome: self._created(outcome, send),
                           on_error=lambda error: dialog.show_error(error) if dialog else show_error(self.window,
                                                                                                      error))

    def _created(self, outcome: WrittenOutcome, send: bool) -> None:
        if self.dialog is not None:
            self.dialog.accept()
            self.dialog = None
        blocking = any(problem.blocking for problem in outcome.problems)
        text = writer_messages.WRITER_TO_COMPLETE if send and blocking else writer_messages.WRITER_CREATED
        self.status.showMessage(text.format(number=outcome.number, ttc=format_amount(outcome.total_ttc)), 15000)
        self._send_after_load = outcome.invoice_id if send and not blocking else None
        self._show_new(outcome)

    def _show_new(self, outcome: WrittenOutcome) -> None:
        def shown(snapshot: Any) -> None:
            self.editing.show_snapshot(snapshot, select=outcome.invoice_id)
            self.invoice_written.emit(outcome)

        self.runner.submit(self.editing.bridge.snapshot, name="list_invoices", on_result=shown)

    def _on_form_loaded(self, invoice_id: int) -> None:
        if self._send_after_load != invoice_id:
            return
        self._send_after_load = None
        if self.form.send_button.isEnabled():
            self.form.send_button.click()  # the usual flow: save, check, recap, confirmation

    # -- « Dupliquer » -------------------------------------------------------------------------------
    def duplicate_current(self) -> None:
        invoice_id = self.editing.current_invoice_id()
        if invoice_id is None:
            self.status.showMessage(writer_messages.WRITER_NO_SELECTION, 5000)
            return
        self.duplicate(invoice_id)

    def duplicate(self, invoice_id: int) -> None:
        self.runner.submit(lambda: self.bridge.duplicate(invoice_id), name="duplicate",
                           on_result=self._duplicated, on_error=lambda error: show_error(self.window, error))

    def _duplicated(self, outcome: WrittenOutcome) -> None:
        self.status.showMessage(writer_messages.WRITER_DUPLICATED.format(number=outcome.number), 15000)
        self._show_new(outcome)

    def show_context_menu(self, position: QPoint) -> QMenu | None:
        index = self.table.indexAt(position)
        invoice_id = index.data(Role.INVOICE_ID) if index.isValid() else None
        if invoice_id is None:
            return None
        menu = QMenu(self.table)
        menu.setObjectName("invoiceContextMenu")
        action = QAction(writer_messages.ACTION_DUPLICATE.replace("&", ""), menu)
        action.setObjectName("duplicateAction")
        action.triggered.connect(lambda: self.duplicate(int(invoice_id)))
        menu.addAction(action)
        menu.popup(self.table.viewport().mapToGlobal(position))
        return menu
