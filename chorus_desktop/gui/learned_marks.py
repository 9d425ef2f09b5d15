"""The deposit form's marks of what was learned (issue 12).

- A line above the fields, « Modèle appris sur la facture n° … », when the invoice was read with a
  supplier layout learned from an earlier invoice;
- a small « Modèle appris » badge (icon + words + tooltip, not colour alone) under each field read with it;
- a « Routage mémorisé » badge under each routing field while it still holds the value remembered for the
  printed buyer (it disappears as soon as the user types another one).
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QStyle, QVBoxLayout, QWidget

from chorus_desktop.gui import messages
from chorus_desktop.gui.choice_combo import combo_code
from chorus_desktop.gui.views import DepositView

LEARNABLE = ("numeroFactureSaisi", "dateFacture", "montantHtTotal", "montantTVA", "montantTtcTotal")
ROUTING = ("codeCadreFacturation", "codeDestinataire", "codeServiceExecutant", "numeroBonCommande")
BADGE_STYLE = ("QLabel {{ background: {back}; color: {fore}; border: 1px solid {fore}; border-radius: 3px;"
               " padding: 0px 4px; }}")


class Badge(QWidget):
    """An icon and a short word in a frame, with a tooltip saying where the value comes from."""

    def __init__(self, text: str, pixmap: QStyle.StandardPixmap, back: str, fore: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.icon = QLabel(self)
        self.icon.setPixmap(self.style().standardIcon(pixmap).pixmap(14, 14))
        self.text = QLabel(text, self)
        self.text.setStyleSheet(BADGE_STYLE.format(back=back, fore=fore))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 1)
        row.setSpacing(4)
        row.addWidget(self.icon)
        row.addWidget(self.text)
        row.addStretch(1)
        self.setVisible(False)

    def show_with(self, tip: str) -> None:
        self.setToolTip(tip)
        self.text.setToolTip(tip)
        self.setAccessibleName(f"{self.text.text()} : {tip}")
        self.setVisible(True)


class LearnedMarks:
    """Adds the marks to a form's rows (`inputs`: payload name -> input widget, each in its row's column)
    and a line `note` the form places above its fields."""

    def __init__(self, inputs: dict[str, QWidget], parent: QWidget) -> None:
        self.inputs = inputs
        self.note = QLabel(parent)
        self.note.setObjectName("learnedModelNote")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("QLabel#learnedModelNote { background: #e8f0fe; color: #1a3d7c;"
                                " border: 1px solid #9bb5e5; border-radius: 4px; padding: 4px 8px; }")
        self.note.setVisible(False)
        self.learned: dict[str, Badge] = {}
        self.remembered: dict[str, Badge] = {}
        self.view: DepositView | None = None
        for name in LEARNABLE:
            self.learned[name] = self._badge(name, "learnedBadge", messages.LEARNED_BADGE,
                                             QStyle.StandardPixmap.SP_FileDialogContentsView, "#e8f0fe", "#1a3d7c")
        for name in ROUTING:
            self.remembered[name] = self._badge(name, "rememberedBadge", messages.REMEMBERED_BADGE,
                                                QStyle.StandardPixmap.SP_DialogSaveButton, "#eef7ee", "#1b5e20")
            widget = inputs[name]
            if isinstance(widget, QLineEdit):
                widget.textChanged.connect(self.refresh_routing)
            elif isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(self.refresh_routing)
                widget.editTextChanged.connect(self.refresh_routing)

    def _badge(self, name: str, prefix: str, text: str, pixmap: QStyle.StandardPixmap, back: str, fore: str) -> Badge:
        widget = self.inputs[name]
        container = widget.parentWidget()
        badge = Badge(text, pixmap, back, fore, container)
        badge.setObjectName(f"{prefix}_{name}")
        column = container.layout() if container is not None else None
        if isinstance(column, QVBoxLayout):
            column.insertWidget(column.indexOf(widget) + 1, badge)
        return badge

    def show(self, view: DepositView | None) -> None:
        """Mark what `view` says was learned (nothing for a sent invoice: the marks help before sending)."""
        self.view = view if view is not None and view.editable else None
        learned_from = self.view.learned_from if self.view is not None else None
        self.note.setVisible(learned_from is not None)
        if learned_from is not None:
            self.note.setText(messages.LEARNED_MODEL.format(number=learned_from))
            self.note.setToolTip(messages.LEARNED_MODEL_TIP.format(number=learned_from))
        fields = set(self.view.learned_fields) if self.view is not None else set()
        for name, badge in self.learned.items():
            if name in fields:
                badge.show_with(messages.LEARNED_BADGE_TIP.format(number=learned_from))
            else:
                badge.setVisible(False)
        self.refresh_routing()

    def refresh_routing(self) -> None:
        """A « Routage mémorisé » badge on each routing field still holding its remembered value."""
        routing = self.view.remembered_routing if self.view is not None else {}
        for name, badge in self.remembered.items():
            remembered = routing.get(name)
            if remembered is not None and self._current(name) == remembered:
                badge.show_with(messages.REMEMBERED_BADGE_TIP.format(number=self.view.remembered_from
                                                                     if self.view else ""))
            else:
                badge.setVisible(False)

    def _current(self, name: str) -> str:
        widget = self.inputs[name]
        if isinstance(widget, QLineEdit):
            return widget.text().replace(" ", "").strip() if name == "codeDestinataire" else widget.text().strip()
        if isinstance(widget, QComboBox):
            return combo_code(widget)
        return ""
