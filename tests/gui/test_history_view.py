"""The history dialog: states in order with the recipient's comments."""

from __future__ import annotations

from chorus_desktop.app import create_main_window
from chorus_desktop.gui.history_view import HistoryDialog
from chorus_desktop.sandbox.data import RECIPIENT_PLAIN

from .window_driver import as_the_demo_supplier


def test_history_shows_states_with_the_recipients_comment(qtbot, isolated_data_dir, simulator, corpus_dir) -> None:
    window = create_main_window(isolated_data_dir, simulator=simulator, start_background=False)
    qtbot.addWidget(window)
    invoices = window.bridge.context
    [outcome] = invoices.importing.import_files([corpus_dir / "pdfs" / "fnfe-facture-fr.pdf"])
    invoice_id = outcome.invoice_id
    as_the_demo_supplier(invoices, invoice_id)
    record = invoices.queries.get_invoice(invoice_id)
    invoices.editing.update_deposit(invoice_id, {"codeDestinataire": RECIPIENT_PLAIN,
                                         "montantAPayer": record.deposit.montantTtcTotal})
    assert window.bridge.send(invoice_id).ok
    chorus_id = invoices.queries.get_invoice(invoice_id).chorus.invoice_id
    simulator.set_status(chorus_id, "SUSPENDUE", "Merci de joindre le bon de livraison.")
    window.bridge.sync()
    number, changes = window.bridge.history(invoice_id)
    dialog = HistoryDialog(number, changes, window)
    qtbot.addWidget(dialog)
    texts = [[dialog.table.item(r, c).text() for c in range(3)] for r in range(dialog.table.rowCount())]
    assert texts[0][1] == "Suspendue" and texts[0][2] == "Merci de joindre le bon de livraison."
    assert any(row[1] == "Déposée" for row in texts)
