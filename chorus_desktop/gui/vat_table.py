"""The VAT recap of the deposit form: one row per rate (rate, taxable base, VAT), typed as the user sees it."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from chorus_desktop.gui import messages
from chorus_desktop.gui.formatting import amount_text, rate_text, vat_line_values


class VatLinesTable(QTableWidget):
    """Shows VAT lines (core or extraction ones) in French and hands back the rows as typed: the core parses
    and checks them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 3, parent)
        self.setObjectName("ligneTva")
        self.setHorizontalHeaderLabels([messages.VAT_COL_RATE, messages.VAT_COL_BASE, messages.VAT_COL_AMOUNT])
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setVisible(False)
        self.setMaximumHeight(110)
        self.setMinimumWidth(120)
        self.horizontalHeader().setMinimumSectionSize(40)

    def set_lines(self, lines: Iterable[object]) -> None:
        rows = list(lines)
        self.setRowCount(len(rows))
        for row, line in enumerate(rows):
            rate, base, amount = vat_line_values(line)
            for column, value in enumerate((rate, base, amount)):
                text = rate_text(value) if column == 0 else amount_text(value)
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.setItem(row, column, item)

    def typed_lines(self) -> list[dict[str, str]]:
        """The VAT recap as typed, one dict per non-empty row (the core parses and checks it)."""
        lines = []
        for row in range(self.rowCount()):
            items = [self.item(row, column) for column in range(3)]
            cells = [item.text().strip() if item is not None else "" for item in items]
            if any(cells):
                lines.append({"taux": cells[0], "base": cells[1], "tva": cells[2]})
        return lines
