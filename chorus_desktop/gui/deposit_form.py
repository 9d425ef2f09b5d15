"""The deposit form: every field of the portal's deposit, pre-filled, with its problems beside it.

Each input widget's object name is its Chorus Pro payload field name (`numeroFactureSaisi`, ...). The form
holds no rule: it shows a `DepositView` built from the core's records and validation problems, and
hands back the user's edits as a dict keyed by payload field names. Selecting a field asks the preview
to outline where its value was read (`field_focused`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from chorus_desktop.core.domain.deposit import CADRE_LABELS, cadre_short
from chorus_desktop.core.model import Problem
from chorus_desktop.gui import messages
from chorus_desktop.gui.attachments_box import AttachmentsBox
from chorus_desktop.gui.buyer_search import BuyerSearch, requirements_text
from chorus_desktop.gui.choice_combo import choice_combo, combo_code, select_code
from chorus_desktop.gui.date_field import OptionalDateEdit
from chorus_desktop.gui.formatting import amount_text
from chorus_desktop.gui.learned_marks import LearnedMarks
from chorus_desktop.gui.problem_notes import FieldNote, sort_problems
from chorus_desktop.gui.vat_table import VatLinesTable
from chorus_desktop.gui.views import BuyerView, DepositView

AMOUNT_FIELDS = ("montantHtTotal", "montantTVA", "montantTtcTotal", "montantAPayer")
TEXT_FIELDS = ("numeroBonCommande", "numeroMarche", "numeroFactureSaisi", "numeroFactureOrigine")


class DepositForm(QWidget):
    save_requested = Signal(dict)  # changes keyed by payload field name
    send_requested = Signal(dict)  # same, sending saves first
    field_focused = Signal(str)  # payload field name
    recipient_edited = Signal(str)  # SIRET typed: look up its name and services
    profile_chosen = Signal(int)  # the user picked the supplier profile of this invoice
    supplier_confirmed = Signal()  # the user says the printed issuer is the profile's company
    issuer_profile_requested = Signal()  # create the printed issuer's profile and move the invoice to it
    attachment_added = Signal(object)  # Path of a supporting document to add
    attachment_removed = Signal(int)  # index in the supporting documents

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("depositForm")
        self.setAccessibleName(messages.FORM_TITLE)
        self.view: DepositView | None = None
        self._loading = False
        self.inputs: dict[str, QWidget] = {}
        self.notes: dict[str, FieldNote] = {}
        self._build()
        self.clear()

    # -- construction --------------------------------------------------------------------------------
    def _build(self) -> None:
        self.placeholder = QLabel(messages.FORM_NO_INVOICE, self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.summary = FieldNote(self)
        self.summary.setObjectName("problemsSummary")
        self.read_only_note = QLabel(messages.FORM_READ_ONLY, self)
        self.read_only_note.setWordWrap(True)
        self.read_only_note.setVisible(False)

        body = QWidget()
        form = QFormLayout(body)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self._form = form

        profile = QComboBox()
        profile.setObjectName("profile")
        profile.activated.connect(self._on_profile_activated)  # user choices only, not programmatic ones
        self.confirm_supplier_button = QPushButton(messages.CONFIRM_SUPPLIER)
        self.confirm_supplier_button.setObjectName("confirmSupplierButton")
        self.confirm_supplier_button.setToolTip(messages.CONFIRM_SUPPLIER_TIP)
        self.confirm_supplier_button.setVisible(False)
        self.confirm_supplier_button.clicked.connect(self.supplier_confirmed.emit)
        self.issuer_profile_button = QPushButton(messages.ISSUER_PROFILE)  # when no profile is the issuer's
        self.issuer_profile_button.setObjectName("issuerProfileButton")
        self.issuer_profile_button.setVisible(False)
        self.issuer_profile_button.clicked.connect(self.issuer_profile_requested.emit)
        supplier_actions = QWidget()
        actions = QVBoxLayout(supplier_actions)
        actions.setContentsMargins(0, 0, 0, 0)
        actions.addWidget(self.confirm_supplier_button)
        actions.addWidget(self.issuer_profile_button)
        self._add(messages.FIELD_PROFILE, profile, extra=supplier_actions)
        cadres = {code: f"{cadre_short(code)} – {text}" for code, text in CADRE_LABELS.items()}
        self._add(messages.FIELD_CADRE, choice_combo("codeCadreFacturation", cadres))
        siret = QLineEdit()  # no length limit: a name, town or postcode may be typed to search the directory
        siret.setObjectName("codeDestinataire")
        siret.setPlaceholderText(messages.BUYER_SEARCH_PLACEHOLDER)
        siret.setToolTip(messages.BUYER_SEARCH_TIP)
        siret.editingFinished.connect(lambda: self.recipient_edited.emit(siret.text().replace(" ", "")))
        self.buyer_search = BuyerSearch(siret)
        self.buyer_search.buyer_chosen.connect(self.show_buyer)
        self.requirements: dict[str, str] = {}  # SIRET -> what the buyer requires, from the directory
        self.recipient_label = QLabel()
        self.recipient_label.setObjectName("recipientName")
        self.recipient_label.setWordWrap(True)
        siret.textEdited.connect(lambda _text: self.recipient_label.clear())  # the name was the old SIRET's
        self._add(messages.FIELD_DESTINATAIRE, siret, extra=self.recipient_label)
        self._add(messages.FIELD_SERVICE, choice_combo("codeServiceExecutant", {}, editable=True))
        for name, text in (("numeroBonCommande", messages.FIELD_ENGAGEMENT),
                           ("numeroMarche", messages.FIELD_MARCHE),
                           ("numeroFactureSaisi", messages.FIELD_NUMERO)):
            edit = QLineEdit()
            edit.setObjectName(name)
            self._add(text, edit)
        date = OptionalDateEdit()
        date.setObjectName("dateFacture")
        self._add(messages.FIELD_DATE, date)
        type_facture = choice_combo("typeFacture", messages.TYPE_FACTURE_LABELS)
        type_facture.currentIndexChanged.connect(self._update_origin_enabled)
        self._add(messages.FIELD_TYPE_FACTURE, type_facture)
        origin = QLineEdit()
        origin.setObjectName("numeroFactureOrigine")
        self._add(messages.FIELD_ORIGINE, origin)
        currency = choice_combo("deviseFacture", {"EUR": "EUR"}, editable=True)
        self._add(messages.FIELD_DEVISE, currency)
        self._add(messages.FIELD_TYPE_TVA, choice_combo("typeTva", messages.TYPE_TVA_LABELS))
        self._add(messages.FIELD_MODE_PAIEMENT, choice_combo("modePaiement", messages.MODE_PAIEMENT_LABELS))
        for name, text in zip(AMOUNT_FIELDS, (messages.FIELD_HT, messages.FIELD_TVA, messages.FIELD_TTC,
                                               messages.FIELD_A_PAYER)):
            edit = QLineEdit()
            edit.setObjectName(name)
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
            self._add(text, edit)
        vat = VatLinesTable()
        self._add(messages.FIELD_LIGNES_TVA, vat)
        self.attachments = AttachmentsBox()
        self.main_attachment = self.attachments.main_attachment
        self.attachment_list = self.attachments.attachment_list
        self.attachments.attachment_added.connect(self.attachment_added)
        self.attachments.attachment_removed.connect(self.attachment_removed)
        self._add(messages.FIELD_PIECES, self.attachments)
        comment = QPlainTextEdit()
        comment.setObjectName("commentaire")
        comment.setMaximumHeight(60)
        self._add(messages.FIELD_COMMENTAIRE, comment)

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        self.scroll_area = scroll

        self.save_button = QPushButton(messages.SAVE_DRAFT_BUTTON, self)
        self.save_button.setObjectName("saveDraftButton")
        self.save_button.setFlat(False)
        self.save_button.clicked.connect(lambda: self.save_requested.emit(self.changes()))
        self.send_button = QPushButton(messages.SEND_BUTTON, self)
        self.send_button.setObjectName("sendButton")
        self.send_button.setDefault(True)
        self.send_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowForward))
        # The primary action stands out by weight and size as well as by colour.
        self.send_button.setStyleSheet(
            "QPushButton#sendButton { font-weight: bold; padding: 6px 14px; background: #1f5fbf; color: white;"
            " border-radius: 4px; } QPushButton#sendButton:disabled { background: #b8c2d1; color: #f4f4f4; }")
        self.send_button.clicked.connect(lambda: self.send_requested.emit(self.changes()))
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.send_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.read_only_note)
        layout.addWidget(self.summary)
        self.learned = LearnedMarks(self.inputs, self)  # issue 12: « Modèle appris », « Routage mémorisé »
        layout.addWidget(self.learned.note)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

    def _add(self, text: str, widget: QWidget, extra: QWidget | None = None) -> None:
        name = widget.objectName()
        note = FieldNote()
        container = QWidget()
        column = QVBoxLayout(container)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addWidget(widget)
        if extra is not None:
            column.addWidget(extra)
        column.addWidget(note)
        label = QLabel(text)
        label.setBuddy(widget)
        widget.setAccessibleName(text)
        widget.setSizePolicy(QSizePolicy.Policy.Expanding, widget.sizePolicy().verticalPolicy())
        widget.installEventFilter(self)
        self._form.addRow(label, container)
        self.inputs[name] = widget
        self.notes[name] = note

    @property
    def loading(self) -> bool:
        """True while the app fills the form: its widgets' change signals are then no user edit."""
        return self._loading

    # -- events --------------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QWidget):
            name = watched.objectName()
            if name in self.inputs:
                self.scroll_area.ensureWidgetVisible(watched, 10, 40)
                self.field_focused.emit(name)
        return super().eventFilter(watched, event)

    def _update_origin_enabled(self) -> None:
        combo = self.inputs["typeFacture"]
        assert isinstance(combo, QComboBox)
        editable = self.view is not None and self.view.editable
        self.inputs["numeroFactureOrigine"].setEnabled(editable and combo.currentData() == "AVOIR")

    def _on_profile_activated(self, index: int) -> None:
        combo = self.inputs["profile"]
        assert isinstance(combo, QComboBox)
        profile_id = combo.itemData(index)
        if profile_id is not None and self.view is not None and profile_id != self.view.profile_id:
            self.profile_chosen.emit(int(profile_id))

    # -- showing an invoice --------------------------------------------------------------------------
    def clear(self) -> None:
        self.view = None
        self.placeholder.setVisible(True)
        self.scroll_area.setVisible(False)
        self.summary.show_note([], False)
        self.read_only_note.setVisible(False)
        self.save_button.setEnabled(False)
        self.send_button.setEnabled(False)
        self.learned.show(None)

    def load(self, view: DepositView) -> None:
        self._loading = True
        try:
            self.view = view
            self.placeholder.setVisible(False)
            self.scroll_area.setVisible(True)
            values = view.values
            for name in ("numeroBonCommande", "numeroMarche", "numeroFactureSaisi", "numeroFactureOrigine"):
                self._line(name).setText(str(values.get(name) or ""))
            self._line("codeDestinataire").setText(str(values.get("codeDestinataire") or ""))
            for name in AMOUNT_FIELDS:
                self._line(name).setText(amount_text(values.get(name)))
            date_value = values.get("dateFacture")
            if isinstance(date_value, str) and date_value:
                date_value = dt.date.fromisoformat(date_value)
            # A date that was not read stays blank: never today's date, which would be untrue.
            self._date().set_value(date_value if isinstance(date_value, dt.date) else None)
            for name in ("codeCadreFacturation", "typeFacture", "typeTva", "modePaiement", "deviseFacture"):
                self._select(name, values.get(name))
            self.set_recipient(view.recipient_name, view.services, values.get("codeServiceExecutant") or "")
            profile = self.inputs["profile"]
            assert isinstance(profile, QComboBox)
            profile.clear()
            if view.profile_id is None:
                profile.addItem(messages.PROFILE_NONE, None)
            for profile_id, name in view.profiles:
                profile.addItem(name, profile_id)
            profile.setCurrentIndex(max(profile.findData(view.profile_id), 0) if view.profile_id is not None else 0)
            self._vat_table().set_lines(values.get("ligneTva") or [])
            comment = self.inputs["commentaire"]
            assert isinstance(comment, QPlainTextEdit)
            comment.setPlainText(str(values.get("commentaire") or ""))
            self.attachments.show_documents(view.document_name, view.attachments)
            self._set_editable(view.editable)
            self.confirm_supplier_button.setVisible(
                view.editable and any(p.code == "fournisseur_different" for p in view.problems))
            self.issuer_profile_button.setToolTip(messages.ISSUER_PROFILE_TIP.format(issuer=view.issuer_without_profile))
            self.issuer_profile_button.setVisible(bool(view.editable and view.issuer_without_profile))
            if view.editable:
                self.show_problems(view.problems, view.low_confidence)
            else:
                # Sent: what matters now is Chorus Pro's status and the recipient's word, not draft checks.
                self.show_problems([])
                self.summary.show_note([], False)
                state = (messages.FORM_STATE_COMMENT.format(state=view.state_label, comment=view.state_comment)
                         if view.state_comment else messages.FORM_STATE.format(state=view.state_label))
                self.read_only_note.setText(f"{messages.FORM_READ_ONLY}\n{state}")
            self.learned.show(view)
        finally:
            self._loading = False

    def set_recipient(self, name: str | None, services: Sequence[tuple[str, str]], current: Any = None) -> None:
        """Show the recipient's name and offer its active services in the code service combo."""
        needs = self.requirements.get(self._line("codeDestinataire").text().replace(" ", ""), "")
        self.recipient_label.setText("\n".join(t for t in (messages.RECIPIENT_FOUND.format(name=name) if name
                                                           else "", needs) if t))
        combo = self.inputs["codeServiceExecutant"]
        assert isinstance(combo, QComboBox)
        keep = current if current is not None else self._combo_value("codeServiceExecutant")
        combo.clear()
        combo.addItem(messages.SERVICE_NONE, "")
        for code, text in services:
            combo.addItem(f"{code} – {text}" if text else code, code)
        self._select("codeServiceExecutant", keep or "")

    def show_buyer(self, buyer: BuyerView) -> None:
        """A buyer chosen in the directory list: its SIRET, name, requirements and services."""
        self._line("codeDestinataire").setText(buyer.siret)
        self.requirements[buyer.siret] = requirements_text(buyer)
        self.set_recipient(buyer.name, buyer.services)
        self.recipient_edited.emit(buyer.siret)  # the core records it; validation then knows its rules

    def show_problems(self, problems: Iterable[Problem], low_confidence: Iterable[str] = ()) -> None:
        """Put each problem next to its field; the summary says whether sending is possible."""
        notes = sort_problems(problems, low_confidence, self.inputs)
        for name, note in self.notes.items():
            note.show_note(*notes.field_note(name))
        summary = [notes.summary_head(), *notes.general]
        if notes.blocking_count or notes.warning_count:
            self.summary.show_note(summary, notes.blocking_count > 0)
        else:
            self.summary.show_all_clear(summary)
        editable = self.view is not None and self.view.editable
        self.send_button.setEnabled(editable and notes.blocking_count == 0)

    def _set_editable(self, editable: bool) -> None:
        for name, widget in self.inputs.items():
            if isinstance(widget, (QLineEdit, QPlainTextEdit)):
                widget.setReadOnly(not editable)
            elif name != "piecesJointes":
                widget.setEnabled(editable)
        self.attachments.set_buttons_enabled(editable)
        self.read_only_note.setVisible(not editable)
        self.save_button.setEnabled(editable)
        self._update_origin_enabled()

    # -- reading the user's edits --------------------------------------------------------------------
    def changes(self) -> dict[str, Any]:
        """The form's values keyed by payload field name (amounts Decimal, date, VAT lines)."""
        values: dict[str, Any] = {}
        for name in TEXT_FIELDS:
            values[name] = self._line(name).text().strip()
        values["codeDestinataire"] = self._line("codeDestinataire").text().replace(" ", "").strip()
        for name in ("codeCadreFacturation", "typeFacture", "typeTva", "modePaiement", "codeServiceExecutant",
                     "deviseFacture"):
            values[name] = self._combo_value(name)
        values["dateFacture"] = self._date().value()  # None while blank: the core keeps its blocker
        for name in AMOUNT_FIELDS:
            # As typed ("1 234,50"): the core parses amounts and explains in French what it cannot read.
            values[name] = self._line(name).text().strip()
        values["ligneTva"] = self._vat_table().typed_lines()
        comment = self.inputs["commentaire"]
        assert isinstance(comment, QPlainTextEdit)
        values["commentaire"] = comment.toPlainText().strip()
        return values

    # -- helpers -------------------------------------------------------------------------------------
    def _line(self, name: str) -> QLineEdit:
        widget = self.inputs[name]
        assert isinstance(widget, QLineEdit)
        return widget

    def _combo(self, name: str) -> QComboBox:
        combo = self.inputs[name]
        assert isinstance(combo, QComboBox)
        return combo

    def _select(self, name: str, value: object) -> None:
        select_code(self._combo(name), value)

    def _combo_value(self, name: str) -> str:
        return combo_code(self._combo(name))

    def _date(self) -> OptionalDateEdit:
        widget = self.inputs["dateFacture"]
        assert isinstance(widget, OptionalDateEdit)
        return widget

    def _vat_table(self) -> VatLinesTable:
        table = self.inputs["ligneTva"]
        assert isinstance(table, VatLinesTable)
        return table
