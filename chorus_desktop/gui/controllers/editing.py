"""Showing and editing one invoice: the list and its selection, the form, the preview, and every edit.

Selecting a row loads the invoice's `DepositView` in the background; saving, choosing the profile,
adding or removing a supporting document, and typing the recipient's SIRET each run one task on the
bridge and show the refreshed view. This controller owns the invoice shown (`current_view`); the other
controllers ask it to show what their tasks return.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QObject, QPersistentModelIndex, Signal
from PySide6.QtWidgets import QStatusBar, QWidget

from chorus_desktop.gui import messages
from chorus_desktop.gui.bridge import Bridge
from chorus_desktop.gui.dashboard import Dashboard
from chorus_desktop.gui.deposit_form import DepositForm
from chorus_desktop.gui.errors import show_error
from chorus_desktop.gui.invoice_table import (
    InvoiceFilterProxy,
    InvoiceRow,
    InvoiceTableModel,
    InvoiceTableView,
    Role,
)
from chorus_desktop.gui.live_check import LiveCheck
from chorus_desktop.gui.pdf_preview import PdfPreview
from chorus_desktop.gui.tasks import Lane, TaskRunner
from chorus_desktop.gui.views import PAGE_SIZE, DepositView, ListPage, ListQuery, ListSnapshot

log = logging.getLogger(__name__)

RecipientInfo = tuple[str | None, list[tuple[str, str]]]  # name, active services (code, label)


#: At most this many rows are read again when the list refreshes (the rest come back page by page).
REFRESH_KEEP = 2_000
#: The largest page read at once when the list scrolls down.
MAX_PAGE = 5_000


class EditingController(QObject):
    list_refreshed = Signal()
    page_loaded = Signal(int)  # rows now in the list
    form_loaded = Signal(int)  # invoice id
    draft_saved = Signal(int)  # invoice id
    recipient_found = Signal(str, str)  # SIRET, the recipient's name ("" when unknown)

    def __init__(self, bridge: Bridge, runner: TaskRunner, *, model: InvoiceTableModel, proxy: InvoiceFilterProxy,
                 table: InvoiceTableView, dashboard: Dashboard, form: DepositForm, preview: PdfPreview,
                 status: QStatusBar, window: QWidget) -> None:
        super().__init__(window)
        self.bridge = bridge
        self.runner = runner
        self.model = model
        self.proxy = proxy
        self.table = table
        self.dashboard = dashboard
        self.form = form
        self.preview = preview
        self.status = status
        self.window = window
        self.current_view: DepositView | None = None
        # Problems follow the typing; a recipient just checked with Chorus Pro brings its own rules.
        self.live_check = LiveCheck(bridge, runner, form, parent=self)
        self.recipient_found.connect(lambda _siret, _name: self.live_check.check_soon())

    # -- list ----------------------------------------------------------------------------------------
    def enable_paging(self) -> None:
        """The list reads its query from the store page by page; sorting and filtering happen in SQL."""
        self.model.enable_paging()
        self.model.page_requested.connect(self.fetch_page)
        self.model.query_changed.connect(lambda _query: self.refresh_list())
        header = self.table.horizontalHeader()
        self.proxy.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())

    def refresh_list(self) -> None:
        query = self.model.query
        # Read again as many rows as are shown (so the scroll position stays), within reason.
        limit = max(PAGE_SIZE, min(self.model.rowCount(), REFRESH_KEEP))
        self.runner.submit(lambda: self.bridge.snapshot(query, limit), name="list_invoices",
                           on_result=self.show_snapshot)

    def fetch_page(self, query: ListQuery, offset: int) -> None:
        # Deeper pages cost more to the store (OFFSET): read bigger ones, so scrolling to the end takes few.
        limit = min(max(PAGE_SIZE, offset // 2), MAX_PAGE)

        def read() -> tuple[ListPage, list[InvoiceRow]]:
            page = self.bridge.list_page(query, offset, limit)
            return page, [InvoiceRow.from_summary(s) for s in page.summaries]

        self.runner.submit(read, name="list_page", on_result=self._on_page,
                           on_error=lambda _error: self.model.page_failed())

    def _on_page(self, result: tuple[ListPage, list[InvoiceRow]]) -> None:
        page, rows = result
        self.model.append_page(page.query, page.offset, rows, page.total)
        self.page_loaded.emit(self.model.rowCount())

    def show_snapshot(self, snapshot: ListSnapshot, select: int | None = None) -> None:
        """Show the list and the counts; keep (or move to `select`) the selected invoice."""
        wanted = select if select is not None else self.current_invoice_id()
        if self.model.paged and snapshot.query is not None and snapshot.query != self.model.query:
            self.dashboard.set_counts(snapshot.counts)  # the list asked for another query meanwhile
            self.refresh_list()
            return
        rows = [InvoiceRow.from_summary(summary) for summary in snapshot.summaries]
        if snapshot.query is not None and snapshot.total is not None:
            self.model.set_page(snapshot.query, rows, snapshot.total)
        else:
            self.model.set_rows(rows)
        self.table.fit_columns()
        self.dashboard.set_counts(snapshot.counts)
        if wanted is not None:
            self.select_invoice(wanted)
        self.list_refreshed.emit()

    def current_invoice_id(self) -> int | None:
        index = self.table.currentIndex()
        if index.isValid():
            value = index.data(Role.INVOICE_ID)
            return int(value) if value is not None else None
        return self.current_view.invoice_id if self.current_view is not None else None

    def select_invoice(self, invoice_id: int) -> None:
        row = self.model.row_for_id(invoice_id)
        if row is None:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():  # filtered out: show everything so the user sees what they opened
            self.dashboard.select("all")
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        already = self.table.currentIndex().isValid() and self.table.currentIndex().row() == index.row()
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index)
        if already:
            self.load_invoice(invoice_id)

    def on_current_row(self, current: QModelIndex | QPersistentModelIndex,
                       _previous: QModelIndex | QPersistentModelIndex) -> None:
        if not current.isValid():
            return
        invoice_id = current.data(Role.INVOICE_ID)
        if invoice_id is None:
            return
        if self.current_view is not None and self.current_view.invoice_id == int(invoice_id):
            return  # already shown (e.g. the invoice just imported)
        self.load_invoice(int(invoice_id))

    # -- form ----------------------------------------------------------------------------------------
    def load_invoice(self, invoice_id: int) -> None:
        self.runner.submit(lambda: self.bridge.deposit_view(invoice_id), name="deposit_view",
                           on_result=self.show_view)

    def show_view(self, result: tuple[DepositView, Path]) -> None:
        view, document = result
        same_document = self.current_view is not None and self.current_view.invoice_id == view.invoice_id
        self.current_view = view
        self.form.load(view)
        if not same_document:
            self.preview.show_document(document)
            siret = str(view.values.get("codeDestinataire") or "")
            if view.editable and siret and view.recipient_name is None:
                self.lookup_recipient(siret)  # name and services from Chorus Pro, in the background
        self.form_loaded.emit(view.invoice_id)

    def highlight_field(self, name: str) -> None:
        if self.current_view is None:
            return
        source = self.current_view.sources.get(name)
        if source is None:
            self.preview.highlight(None, None)
        else:
            self.preview.highlight(*source)

    def lookup_recipient(self, siret: str) -> None:
        if self.current_view is None:
            return
        invoice_id = self.current_view.invoice_id
        self.runner.submit(lambda: self.bridge.lookup_recipient(invoice_id, siret), lane=Lane.CHORUS,
                           name="lookup_recipient",
                           on_result=lambda info: self._on_recipient(invoice_id, siret, info),
                           on_error=lambda error: self._on_recipient_error(invoice_id, siret, error))

    def _on_recipient_error(self, invoice_id: int, siret: str, error: BaseException) -> None:
        # A failed lookup is not worth a dialog: the SIRET stays as typed and validation says what it knows.
        log.warning("recipient lookup failed for %s: %r", siret, error)
        self._on_recipient(invoice_id, siret, (None, []))

    def _on_recipient(self, invoice_id: int, siret: str, info: RecipientInfo) -> None:
        if self.current_view is not None and self.current_view.invoice_id == invoice_id:
            self.form.set_recipient(info[0], info[1])
            self.recipient_found.emit(siret, info[0] or "")
        self.refresh_list()  # checked with Chorus Pro: the invoice may be « Prête » now

    def assign_profile(self, profile_id: int) -> None:
        if self.current_view is None:
            return
        invoice_id = self.current_view.invoice_id
        self.runner.submit(lambda: self.bridge.assign_profile(invoice_id, profile_id), name="assign_profile",
                           on_result=self._on_saved, on_error=self._show_error)

    def confirm_supplier(self) -> None:
        if self.current_view is None:
            return
        invoice_id = self.current_view.invoice_id
        self.runner.submit(lambda: self.bridge.confirm_supplier(invoice_id), name="confirm_supplier",
                           on_result=self._on_saved, on_error=self._show_error)

    def create_issuer_profile(self) -> None:
        if self.current_view is None:
            return
        invoice_id = self.current_view.invoice_id
        self.runner.submit(lambda: self.bridge.profile_from_invoice(invoice_id), name="profile_from_invoice",
                           on_result=self._on_issuer_profile, on_error=self._show_error)

    def _on_issuer_profile(self, result: tuple[DepositView, Path]) -> None:
        self._on_saved(result)
        view = result[0]
        name = next((name for profile_id, name in view.profiles if profile_id == view.profile_id), "")
        self.status.showMessage(messages.ISSUER_PROFILE_CREATED.format(name=name), 10000)

    def add_attachment(self, path: Path) -> None:
        if self.current_view is None:
            return
        invoice_id = self.current_view.invoice_id
        self.runner.submit(lambda: self.bridge.add_attachment(invoice_id, path), name="add_attachment",
                           on_result=self.show_view, on_error=self._show_error)

    def remove_attachment(self, index: int) -> None:
        if self.current_view is None:
            return
        invoice_id = self.current_view.invoice_id
        self.runner.submit(lambda: self.bridge.remove_attachment(invoice_id, index), name="remove_attachment",
                           on_result=self.show_view, on_error=self._show_error)

    def save_draft(self, changes: dict[str, object]) -> None:
        if self.current_view is None:
            return
        invoice_id = self.current_view.invoice_id
        self.runner.submit(lambda: self.bridge.save_deposit(invoice_id, changes), name="update_deposit",
                           on_result=self._on_saved, on_error=self._show_error)

    def _on_saved(self, result: tuple[DepositView, Path]) -> None:
        self.show_view(result)
        self.status.showMessage(messages.DRAFT_SAVED, 5000)
        self.refresh_list()
        self.draft_saved.emit(result[0].invoice_id)

    def _show_error(self, error: BaseException) -> None:
        show_error(self.window, error)
