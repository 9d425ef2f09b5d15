"""The lines of a new invoice, typed in a table: description, quantity, unit, unit price HT, VAT rate.

Presentation only: the table gives the typed text to the core's spec parser (which reads "0,025" or
"1 234,50" and names the field it refuses); totals are never typed here. An empty row is ignored.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chorus_desktop.core.domain.written_invoice import FRANCHISE_REASON
from chorus_desktop.gui import writer_messages
from chorus_desktop.gui.formatting import rate_text

RATES = (Decimal(20), Decimal(10), Decimal("5.5"), Decimal("2.1"), Decimal("8.5"), Decimal(13))
DESCRIPTION, QUANTITY, UNIT, PRICE, RATE = range(5)


class InvoiceLinesTable(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.franchise = False
        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("writerLines")
        self.table.setAccessibleName(writer_messages.WRITER_LINES)
        self.table.setHorizontalHeaderLabels(list(writer_messages.WRITER_COLUMNS))
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        for column in (QUANTITY, UNIT, PRICE, RATE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemChanged.connect(lambda _item: self.changed.emit())
        self.add_button = QPushButton(writer_messages.WRITER_ADD_LINE, self)
        self.add_button.clicked.connect(lambda: self.add_line())
        self.remove_button = QPushButton(writer_messages.WRITER_REMOVE_LINE, self)
        self.remove_button.clicked.connect(self.remove_current)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.add_line()

    def _rate_combo(self) -> QComboBox:
        combo = QComboBox(self.table)
        combo.setAccessibleName(writer_messages.WRITER_COLUMNS[RATE])
        if self.franchise:
            combo.addItem(writer_messages.WRITER_FRANCHISE_RATE, "0")
        else:
            for rate in RATES:
                combo.addItem(writer_messages.WRITER_RATE.format(rate=rate_text(rate)), str(rate))
        combo.currentIndexChanged.connect(lambda _index: self.changed.emit())
        return combo

    def add_line(self, description: str = "", quantity: str = "", unit: str = writer_messages.WRITER_DEFAULT_UNIT,
                 unit_price: str = "", rate: str = "20") -> int:
        row = self.table.rowCount()
        self.table.blockSignals(True)
        self.table.insertRow(row)
        for column, text in ((DESCRIPTION, description), (QUANTITY, quantity), (UNIT, unit), (PRICE, unit_price)):
            self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.blockSignals(False)
        combo = self._rate_combo()
        index = combo.findData(str(Decimal(rate)))
        combo.setCurrentIndex(max(index, 0))
        self.table.setCellWidget(row, RATE, combo)
        self.changed.emit()
        return row

    def set_cell(self, row: int, column: int, text: str) -> None:
        item = self.table.item(row, column)
        if item is None:
            self.table.setItem(row, column, QTableWidgetItem(text))
        else:
            item.setText(text)

    def remove_current(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self.changed.emit()

    def set_franchise(self, franchise: bool) -> None:
        """A profile under the franchise en base: every line at 0 % with the art. 293 B wording."""
        if franchise == self.franchise:
            return
        self.franchise = franchise
        for row in range(self.table.rowCount()):
            self.table.setCellWidget(row, RATE, self._rate_combo())
        self.changed.emit()

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def spec_lines(self) -> list[dict[str, Any]]:
        """The typed lines as the spec's `lines` (the core parses and checks them); empty rows left out."""
        lines: list[dict[str, Any]] = []
        for row in range(self.table.rowCount()):
            texts = [self._text(row, column) for column in (DESCRIPTION, QUANTITY, PRICE)]
            if not any(texts):
                continue
            combo = self.table.cellWidget(row, RATE)
            rate = combo.currentData() if isinstance(combo, QComboBox) else "20"
            line: dict[str, Any] = {"description": texts[0], "quantity": texts[1],
                                    "unit": self._text(row, UNIT) or writer_messages.WRITER_DEFAULT_UNIT,
                                    "unit_price": texts[2], "vat_rate": rate}
            if self.franchise:
                line["exemption"] = FRANCHISE_REASON
            lines.append(line)
        return lines
