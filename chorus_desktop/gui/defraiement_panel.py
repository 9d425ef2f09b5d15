"""The « Facture de défraiement (télétransmission) » template: the period, twelve monthly counts and the
unit price (0,025 € HT by default). There is no total field: the priced line is the core's total count x
unit price, the counts become the annex, so a total that disagrees with the counts cannot be typed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from chorus_desktop.core.domain.invoice_spec import DEFRAIEMENT_UNIT_PRICE
from chorus_desktop.gui import writer_messages
from chorus_desktop.gui.formatting import rate_text

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre")


def date_of(edit: QDateEdit) -> dt.date:
    value = edit.date()
    return dt.date(value.year(), value.month(), value.day())


def _date_edit(parent: QWidget, value: dt.date) -> QDateEdit:
    edit = QDateEdit(QDate(value.year, value.month, value.day), parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    return edit


class DefraiementPanel(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("defraiementPanel")
        year = (today or dt.date.today()).year - 1  # the usual case: last year's teletransmissions
        self.start = _date_edit(self, dt.date(year, 1, 1))
        self.start.setAccessibleName(writer_messages.WRITER_PERIOD)
        self.end = _date_edit(self, dt.date(year, 12, 31))
        self.end.setAccessibleName(writer_messages.WRITER_PERIOD_TO)
        period = QHBoxLayout()
        period.addWidget(self.start)
        period.addWidget(QLabel(writer_messages.WRITER_PERIOD_TO, self))
        period.addWidget(self.end)
        period.addStretch(1)
        self.month_labels: list[QLabel] = []
        self.counts: list[QSpinBox] = []
        grid = QGridLayout()
        for index in range(12):
            label = QLabel(self)
            spin = QSpinBox(self)
            spin.setRange(0, 1_000_000)
            spin.setGroupSeparatorShown(True)
            label.setBuddy(spin)
            spin.valueChanged.connect(lambda _value: self._update())
            self.month_labels.append(label)
            self.counts.append(spin)
            grid.addWidget(label, index % 6, (index // 6) * 2)
            grid.addWidget(spin, index % 6, (index // 6) * 2 + 1)
        self.unit_price = QLineEdit(rate_text(DEFRAIEMENT_UNIT_PRICE), self)
        self.unit_price.setObjectName("defraiementUnitPrice")
        self.unit_price.setAccessibleName(writer_messages.WRITER_UNIT_PRICE)
        self.unit_price.setMaximumWidth(120)
        self.total = QLabel(self)
        self.total.setObjectName("defraiementTotal")
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(writer_messages.WRITER_PERIOD, period)
        form.addRow(QLabel(writer_messages.WRITER_COUNTS, self))
        form.addRow(grid)
        form.addRow(writer_messages.WRITER_UNIT_PRICE, self.unit_price)
        form.addRow(self.total)
        self.start.dateChanged.connect(lambda _date: self._update())
        self.end.dateChanged.connect(lambda _date: self._update())
        self.unit_price.textChanged.connect(lambda _text: self._update())
        self._update()

    def set_counts(self, counts: list[int]) -> None:
        for spin, count in zip(self.counts, counts, strict=True):
            spin.blockSignals(True)
            spin.setValue(count)
            spin.blockSignals(False)
        self._update()

    def total_count(self) -> int:
        return sum(spin.value() for spin in self.counts)

    def _update(self) -> None:
        first = date_of(self.start)
        for index, label in enumerate(self.month_labels):
            month = first.month - 1 + index
            label.setText(f"{MONTHS[month % 12]} {first.year + month // 12}")
        self.total.setText(writer_messages.WRITER_TOTAL_COUNT.format(count=f"{self.total_count():,}".replace(",", "\u202f"),
                                                              price=self.unit_price.text().strip()))
        self.changed.emit()

    def spec_part(self) -> dict[str, Any]:
        """The template's keys of the spec: the core makes the priced line and the annex from them."""
        return {"template": "defraiement",
                "period": {"start": date_of(self.start).isoformat(),
                           "end": date_of(self.end).isoformat()},
                "counts": [spin.value() for spin in self.counts],
                "unit_price": self.unit_price.text().strip() or str(DEFRAIEMENT_UNIT_PRICE)}
