"""The VAT recap table of the form: shows lines in French, gives back what is typed."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QTableWidgetItem

from chorus_desktop.core.domain.deposit import DepositVatLine
from chorus_desktop.gui.vat_table import VatLinesTable


def test_lines_are_shown_in_french_and_read_back_as_typed(qtbot) -> None:
    table = VatLinesTable()
    qtbot.addWidget(table)
    assert table.objectName() == "ligneTva"
    table.set_lines([DepositVatLine(Decimal("20.00"), Decimal(1000), Decimal(200)),
                     (Decimal("5.5"), Decimal(10), Decimal("0.55"))])
    cells = [[table.item(r, c).text() for c in range(3)] for r in range(table.rowCount())]
    assert cells == [["20", "1\u202f000,00", "200,00"], ["5,5", "10,00", "0,55"]]
    table.item(1, 2).setText(" 0,56 ")
    table.setRowCount(3)
    table.setItem(2, 0, QTableWidgetItem(""))  # an empty row is not a line
    assert table.typed_lines() == [{"taux": "20", "base": "1\u202f000,00", "tva": "200,00"},
                                   {"taux": "5,5", "base": "10,00", "tva": "0,56"}]
    table.set_lines([])
    assert table.rowCount() == 0 and table.typed_lines() == []
