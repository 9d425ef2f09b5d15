"""« Nouvelle facture »: the customer, the lines (or the défraiement template), live totals, a PDF preview.

The totals and VAT per rate are the core model's (`writing_bridge.draft_model`), recomputed at every change;
nothing here computes an amount. The preview writes the model's PDF on a worker (debounced) and shows its
first page. « Créer » / « Créer et envoyer à Chorus Pro » hand the spec to the controller, which asks the
core for the number; a refused spec comes back as `show_error` and the dialog stays open (no number used).
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from chorus_desktop.core.errors import ChorusDesktopError
from chorus_desktop.gui import writer_messages
from chorus_desktop.gui.buyer_search import BuyerSearch, buyer_line
from chorus_desktop.gui.defraiement_panel import DefraiementPanel, date_of
from chorus_desktop.gui.errors import user_message
from chorus_desktop.gui.formatting import format_amount, rate_text
from chorus_desktop.gui.invoice_lines import InvoiceLinesTable
from chorus_desktop.gui.pdf_preview import PageCanvas, RenderedPage
from chorus_desktop.gui.tasks import Lane, TaskRunner
from chorus_desktop.gui.views import BuyerView
from chorus_desktop.gui.writing_bridge import SellerView, WriterSetup, draft_model, totals_model

PREVIEW_DEBOUNCE_MS = 400
Renderer = Callable[[Any, Path], RenderedPage]


class InvoiceWriterDialog(QDialog):
    create_requested = Signal(dict, int, bool)  # spec, profile id, send to Chorus Pro once created
    totals_changed = Signal()
    preview_shown = Signal()

    def __init__(self, runner: TaskRunner, setup: WriterSetup, render: Renderer, parent: QWidget | None = None,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("invoiceWriter")
        self.setWindowTitle(writer_messages.WRITER_TITLE)
        self.runner = runner
        self.setup = setup
        self._render = render
        self._generation = 0
        self._folder = Path(tempfile.mkdtemp(prefix="chorus-desktop-apercu-"))  # removed when the dialog closes
        folder = self._folder  # also if it is destroyed open, with the window
        self.destroyed.connect(lambda: shutil.rmtree(folder, ignore_errors=True))
        self.totals_text = ""
        today = today or dt.date.today()

        self.profile = QComboBox(self)
        for seller in setup.sellers:
            self.profile.addItem(seller.name, seller.profile_id)
        self.template = QComboBox(self)
        self.template.setObjectName("writerTemplate")
        self.template.addItem(writer_messages.WRITER_TEMPLATE_INVOICE, "")
        self.template.addItem(writer_messages.WRITER_TEMPLATE_DEFRAIEMENT, "defraiement")
        self.date = QDateEdit(QDate(today.year, today.month, today.day), self)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd/MM/yyyy")
        self.terms = QSpinBox(self)
        self.terms.setRange(0, 120)
        self.terms.setValue(30)
        self.terms.setSuffix(writer_messages.WRITER_TERMS_SUFFIX)
        head = QFormLayout()
        head.addRow(writer_messages.WRITER_PROFILE, self.profile)
        head.addRow(writer_messages.WRITER_TEMPLATE, self.template)
        head.addRow(writer_messages.WRITER_DATE, self.date)
        head.addRow(writer_messages.WRITER_TERMS, self.terms)

        customer = QGroupBox(writer_messages.WRITER_CUSTOMER, self)
        self.known = QComboBox(customer)
        self.known.setObjectName("writerKnownBuyers")
        self.known.setAccessibleName(writer_messages.WRITER_KNOWN)
        self.known.addItem(writer_messages.WRITER_KNOWN_NONE, None)
        for buyer in setup.known_buyers:
            self.known.addItem(buyer_line(buyer), buyer)
        self.search = QLineEdit(customer)
        self.search.setObjectName("writerDirectorySearch")
        self.search.setPlaceholderText(writer_messages.WRITER_SEARCH_PLACEHOLDER)
        self.search.setAccessibleName(writer_messages.WRITER_SEARCH)
        self.buyer_search = BuyerSearch(self.search)
        self.name = QLineEdit(customer)
        self.siret = QLineEdit(customer)
        self.siret.setInputMask("")
        self.address = QPlainTextEdit(customer)
        self.address.setMaximumHeight(54)
        self.service = QComboBox(customer)
        self.service.setEditable(True)
        self.engagement = QLineEdit(customer)
        form = QFormLayout(customer)
        form.addRow(writer_messages.WRITER_KNOWN, self.known)
        form.addRow(writer_messages.WRITER_SEARCH, self.search)
        for label, widget in ((writer_messages.WRITER_NAME, self.name), (writer_messages.WRITER_SIRET, self.siret),
                              (writer_messages.WRITER_ADDRESS, self.address), (writer_messages.WRITER_SERVICE, self.service),
                              (writer_messages.WRITER_ENGAGEMENT, self.engagement)):
            widget.setAccessibleName(label)
            form.addRow(label, widget)

        self.lines = InvoiceLinesTable(self)
        self.defraiement = DefraiementPanel(self, today)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.lines)
        self.stack.addWidget(self.defraiement)
        self.note = QLineEdit(self)
        self.note.setAccessibleName(writer_messages.WRITER_NOTE)
        self.totals = QLabel(self)
        self.totals.setObjectName("writerTotals")
        self.totals.setTextFormat(Qt.TextFormat.RichText)
        self.totals.setToolTip(writer_messages.WRITER_TOTALS_COMPUTED)
        self.problem = QLabel(self)
        self.problem.setObjectName("writerProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("#writerProblem { color: #a61e1e; }")

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(head)
        left_layout.addWidget(customer)
        left_layout.addWidget(self.stack, 1)
        note_row = QFormLayout()
        note_row.addRow(writer_messages.WRITER_NOTE, self.note)
        left_layout.addLayout(note_row)
        left_layout.addWidget(self.totals)
        left_layout.addWidget(self.problem)
        self.canvas = PageCanvas(self)
        self.canvas.placeholder = writer_messages.WRITER_PREVIEW_PENDING
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(self.canvas)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.create_button = QPushButton(writer_messages.WRITER_CREATE, self)
        self.create_button.setObjectName("writerCreate")
        self.create_button.setDefault(True)
        self.send_button = QPushButton(writer_messages.WRITER_CREATE_SEND, self)
        self.send_button.setObjectName("writerCreateSend")
        self.buttons.addButton(self.create_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.send_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        self.create_button.clicked.connect(lambda: self._request(False))
        self.send_button.clicked.connect(lambda: self._request(True))
        bottom = QHBoxLayout()
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)

        self.preview_timer = QTimer(self)
        self.preview_timer.setSingleShot(True)
        self.preview_timer.setInterval(PREVIEW_DEBOUNCE_MS)
        self.preview_timer.timeout.connect(self.refresh_preview)
        self.known.currentIndexChanged.connect(lambda _i: self._known_chosen())
        self.buyer_search.buyer_chosen.connect(self.fill_buyer)
        self.template.currentIndexChanged.connect(self._template_changed)
        self.profile.currentIndexChanged.connect(lambda _i: self._profile_changed())
        for edit in (self.name, self.siret, self.engagement, self.note):
            edit.textChanged.connect(lambda _t: self.update_model())
        self.service.editTextChanged.connect(lambda _t: self.update_model())
        self.address.textChanged.connect(self.update_model)
        self.date.dateChanged.connect(lambda _d: self.update_model())
        self.terms.valueChanged.connect(lambda _v: self.update_model())
        self.lines.changed.connect(self.update_model)
        self.defraiement.changed.connect(self.update_model)
        self.resize(1280, 820)
        self._profile_changed()

    # -- the customer --------------------------------------------------------------------------------
    def _known_chosen(self) -> None:
        buyer = self.known.currentData()
        if isinstance(buyer, BuyerView):
            self.fill_buyer(buyer)

    def fill_buyer(self, buyer: BuyerView, service: str = "", engagement: str = "") -> None:
        """Name, SIRET and the services of a buyer picked in the known list or found in the directory."""
        self.name.setText(buyer.name)
        self.siret.setText(buyer.siret)
        self.service.clear()
        self.service.addItem("")
        for code, label in buyer.services:
            self.service.addItem(f"{code} — {label}" if label else code, code)
        self.service.setEditText(service)
        self.engagement.setText(engagement)

    def _template_changed(self) -> None:
        self.stack.setCurrentIndex(1 if self.template.currentData() else 0)
        self.update_model()

    def current_seller(self) -> SellerView | None:
        index = self.profile.currentIndex()
        return self.setup.sellers[index] if 0 <= index < len(self.setup.sellers) else None

    def _profile_changed(self) -> None:
        seller = self.current_seller()
        self.lines.set_franchise(bool(seller and seller.franchise))
        self.update_model()

    # -- the spec and its model ----------------------------------------------------------------------
    def spec(self) -> dict[str, Any]:
        """What the user typed, as the core's spec (see `core/domain/invoice_spec.py`)."""
        service = self.service.currentText().split(" — ")[0].strip()
        customer: dict[str, Any] = {"name": self.name.text().strip(),
                                    "address": self.address.toPlainText().splitlines()}
        for key, value in (("siret", self.siret.text().replace(" ", "")), ("code_service", service),
                           ("engagement", self.engagement.text().strip())):
            if value:
                customer[key] = value
        spec: dict[str, Any] = {"date": date_of(self.date).isoformat(), "customer": customer,
                                "payment_terms_days": self.terms.value()}
        if self.note.text().strip():
            spec["note"] = self.note.text().strip()
        if self.template.currentData():
            spec.update(self.defraiement.spec_part())
        else:
            spec["lines"] = self.lines.spec_lines()
        return spec

    def update_model(self) -> None:
        """Totals from the core model at every change; the preview follows after a short pause."""
        seller = self.current_seller()
        if seller is None:
            return
        spec = self.spec()
        try:
            model = totals_model(spec, seller)
        except ChorusDesktopError as error:
            self.totals.setText(f"<b>{writer_messages.WRITER_TOTAL_HT}</b> —  <b>{writer_messages.WRITER_TOTAL_TTC}</b> —")
            self.totals_text = ""
            self.problem.setText(user_message(error))
        else:
            parts = [f"{writer_messages.WRITER_TOTAL_HT} <b>{format_amount(model.total_ht)}</b>"]
            parts += [f"{writer_messages.WRITER_TOTAL_VAT.format(rate=rate_text(vat.rate))} : {format_amount(vat.amount)}"
                      for vat in model.vat_totals]
            parts.append(f"{writer_messages.WRITER_TOTAL_TTC} <b>{format_amount(model.total_ttc)}</b>")
            self.totals.setText("&nbsp;&nbsp;·&nbsp;&nbsp;".join(parts))
            self.totals_text = self.totals.text()
            self.problem.setText("")
        self.totals_changed.emit()
        self.preview_timer.start()

    def refresh_preview(self) -> None:
        seller = self.current_seller()
        if seller is None:
            return
        try:
            model = draft_model(self.spec(), seller)
        except ChorusDesktopError as error:
            self.problem.setText(user_message(error))
            return
        self._generation += 1
        generation = self._generation
        path = self._folder / f"apercu-{generation}.pdf"
        self.runner.submit(lambda: self._render(model, path), lane=Lane.WORK, name="writer_preview",
                           on_result=lambda page: self._on_preview(generation, page),
                           on_error=lambda error: self._on_preview_failed(generation, error))

    def _on_preview(self, generation: int, page: RenderedPage) -> None:
        if generation != self._generation:
            return
        self.canvas.rendered = page
        self.canvas.update()
        self.preview_shown.emit()

    def _on_preview_failed(self, generation: int, error: BaseException) -> None:
        if generation == self._generation:
            self.problem.setText(user_message(error))

    # -- creating ------------------------------------------------------------------------------------
    def _request(self, send: bool) -> None:
        seller = self.current_seller()
        if seller is None:
            return
        try:
            draft_model(self.spec(), seller)  # a refused spec is said here, before any number is asked for
        except ChorusDesktopError as error:
            self.problem.setText(user_message(error))
            return
        self.set_busy(True)
        self.create_requested.emit(self.spec(), seller.profile_id, send)

    def set_busy(self, busy: bool) -> None:
        self.create_button.setEnabled(not busy)
        self.send_button.setEnabled(not busy)
        if busy:
            self.problem.setText(writer_messages.WRITER_CREATING)

    def show_error(self, error: BaseException) -> None:
        self.set_busy(False)
        self.problem.setText(user_message(error))

    def done(self, result: int) -> None:
        self.preview_timer.stop()
        self._generation += 1
        super().done(result)
        shutil.rmtree(self._folder, ignore_errors=True)
