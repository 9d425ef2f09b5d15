"""Following invoices: a status change at Chorus Pro reaches the list, the dashboard and a notification."""

from __future__ import annotations

from chorus_desktop.core.states import InvoiceState
from chorus_desktop.gui.dashboard import TO_HANDLE_KEY

from ..window_driver import INVOICE, drop, fix_routing_and_send, row_states


def test_a_state_change_in_chorus_reaches_the_list_the_dashboard_and_a_notification(
        window, qtbot, corpus_dir, simulator) -> None:
    with qtbot.waitSignal(window.form_loaded, timeout=30000):
        drop(window, qtbot, [corpus_dir / "pdfs" / INVOICE])
    invoice_id = fix_routing_and_send(window, qtbot)
    chorus_id = window.bridge.context.queries.get_invoice(invoice_id).chorus.invoice_id
    simulator.set_status(chorus_id, "REJETEE", "Le numéro d'engagement est inconnu.")
    with qtbot.waitSignal(window.notifier.notified, timeout=30000) as notified:
        window.sync_now()
    assert "Rejetée" in notified.args[1] and "engagement est inconnu" in notified.args[1]
    qtbot.waitUntil(lambda: row_states(window).get(invoice_id) == InvoiceState.REJETEE.value, timeout=10000)
    qtbot.waitUntil(lambda: window.dashboard.counts[TO_HANDLE_KEY] == 1, timeout=10000)
    assert window.dashboard.counts[InvoiceState.REJETEE.value] == 1
    window.dashboard.tile(TO_HANDLE_KEY).click()
    assert window.proxy.rowCount() == 1
