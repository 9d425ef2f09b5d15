"""The lines table of « Nouvelle facture »: typed text to the spec's lines, empty rows left out, franchise."""

from __future__ import annotations

from chorus_desktop.core.domain.written_invoice import FRANCHISE_REASON
from chorus_desktop.gui.invoice_lines import DESCRIPTION, PRICE, QUANTITY, RATE, InvoiceLinesTable


def test_typed_rows_become_spec_lines_and_empty_rows_are_left_out(qtbot) -> None:
    table = InvoiceLinesTable()
    qtbot.addWidget(table)
    with qtbot.waitSignal(table.changed):
        table.set_cell(0, DESCRIPTION, " Audit ")
    table.set_cell(0, QUANTITY, "2")
    table.set_cell(0, PRICE, "1 200,5")
    table.add_line()  # left empty
    row = table.add_line("Formation", "1,5", "jour", "800", "10")
    assert table.table.cellWidget(row, RATE).currentData() == "10"
    assert table.spec_lines() == [
        {"description": "Audit", "quantity": "2", "unit": "unité", "unit_price": "1 200,5", "vat_rate": "20"},
        {"description": "Formation", "quantity": "1,5", "unit": "jour", "unit_price": "800", "vat_rate": "10"},
    ]
    table.table.setCurrentCell(0, DESCRIPTION)
    table.remove_current()
    assert [line["description"] for line in table.spec_lines()] == ["Formation"]


def test_franchise_puts_every_line_at_zero_with_the_legal_wording(qtbot) -> None:
    table = InvoiceLinesTable()
    qtbot.addWidget(table)
    table.add_line("Cours", "3", "heure", "40")
    table.set_franchise(True)
    [line] = table.spec_lines()
    assert line["vat_rate"] == "0" and line["exemption"] == FRANCHISE_REASON
    assert table.table.cellWidget(1, RATE).count() == 1
