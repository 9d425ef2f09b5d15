"""« Dupliquer » on any invoice: from the Factures menu and from the list's context menu; the copy is stored
under the next number and selected in the list."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QAction

from chorus_desktop.gui.main_window import MainWindow
from chorus_desktop.sandbox.data import RECIPIENT_PLAIN


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing|propagateSizeHints)")  # offscreen
def test_duplicate_from_the_menu_and_the_list(window: MainWindow, qtbot) -> None:
    context = window.bridge.context
    first = context.writing.new_invoice({"customer": {"name": "COMMUNE DE DÉMOVILLE", "siret": RECIPIENT_PLAIN},
                                         "lines": [{"description": "Abonnement", "quantity": 1,
                                                    "unit_price": "80", "vat_rate": 20}]})
    with qtbot.waitSignal(window.list_refreshed):
        window.refresh_list()
    window.select_invoice(first.invoice_id)
    qtbot.waitUntil(lambda: window.current_invoice_id() == first.invoice_id)
    with qtbot.waitSignal(window.invoice_written, timeout=20000) as written:
        window.findChild(QAction, "duplicateAction").trigger()
    copy = written.args[0]
    assert copy.invoice_id != first.invoice_id and copy.number.endswith("-0002")
    assert copy.total_ttc == first.total_ttc == Decimal("96.00")
    qtbot.waitUntil(lambda: window.current_invoice_id() == copy.invoice_id, timeout=10000)

    row = window.proxy.mapFromSource(window.model.index(window.model.row_for_id(first.invoice_id), 0))
    menu = window.writing.show_context_menu(window.table.visualRect(row).center())
    assert menu is not None
    [action] = menu.actions()
    with qtbot.waitSignal(window.invoice_written, timeout=20000) as again:
        action.trigger()
    assert again.args[0].number.endswith("-0003")
    assert context.queries.get_invoice(again.args[0].invoice_id).deposit.montantTtcTotal == Decimal("96.00")
    assert window.writing.show_context_menu(QPoint(-50, -50)) is None
