"""Sending one invoice: save, confirm with the recap, deposit on the simulator."""

from __future__ import annotations

from chorus_desktop.core.states import InvoiceState

from ..window_driver import INVOICE, drop, fix_routing_and_send, row_states


def test_sending_to_the_simulator_moves_the_invoice_to_deposee(window, qtbot, corpus_dir, simulator) -> None:
    with qtbot.waitSignal(window.form_loaded, timeout=30000):
        drop(window, qtbot, [corpus_dir / "pdfs" / INVOICE])
    invoice_id = fix_routing_and_send(window, qtbot)
    qtbot.waitUntil(lambda: row_states(window).get(invoice_id) == InvoiceState.DEPOSEE.value, timeout=10000)
    assert simulator.invoice_count() == 1
    qtbot.waitUntil(lambda: window.current_view is not None and not window.current_view.editable, timeout=10000)
    assert not window.form.send_button.isEnabled()
