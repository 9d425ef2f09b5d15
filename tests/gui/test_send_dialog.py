"""The send dialogs: the batch send reports each invoice."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

from chorus_desktop.app import create_main_window
from chorus_desktop.core.states import InvoiceState
from chorus_desktop.gui.send_dialog import BatchSendDialog
from chorus_desktop.sandbox.data import RECIPIENT_PLAIN

from .window_driver import as_the_demo_supplier


def test_batch_send_reports_each_invoice(qtbot, isolated_data_dir, simulator, corpus_dir) -> None:
    window = create_main_window(isolated_data_dir, simulator=simulator, start_background=False)
    qtbot.addWidget(window)
    invoices = window.bridge.context
    outcomes = invoices.importing.import_files([corpus_dir / "pdfs" / "fnfe-facture-fr.pdf",
                                      corpus_dir / "pdfs" / "cas-ok-001.pdf"])
    for outcome in outcomes:
        as_the_demo_supplier(invoices, outcome.invoice_id)
        record = invoices.queries.get_invoice(outcome.invoice_id)
        invoices.editing.update_deposit(outcome.invoice_id, {"codeDestinataire": RECIPIENT_PLAIN, "codeServiceExecutant": "",
                                                     "montantAPayer": record.deposit.montantTtcTotal})
        invoices.lifecycle.validate(outcome.invoice_id)
    assert not invoices.queries.list_invoices(state=InvoiceState.PRETE)  # recipients not checked yet
    recaps = window.bridge.ready_recaps()  # checks them with the simulator first
    assert {r.invoice_id for r in recaps} == {o.invoice_id for o in outcomes}
    dialog = BatchSendDialog(window.runner, recaps, window.bridge.send, window)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.finished_sending, timeout=30000) as blocker:
        dialog.send_button.click()
    results = blocker.args[0]
    assert [r.ok for r in results] == [True, True]
    assert dialog.progress.value() == 2
    assert all(dialog.table.item(r, 1).text() for r in range(2))
    assert {s.state for s in invoices.queries.list_invoices()} == {InvoiceState.DEPOSEE}
    assert window.findChild(QLineEdit, "numeroFactureSaisi") is not None
