"""Sending one invoice: save, confirm with the recap, deposit on the simulator."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMessageBox

from chorus_desktop.core.states import InvoiceState
from chorus_desktop.gui.invoice_table import Role
from chorus_desktop.gui.send_dialog import SendConfirmDialog
from chorus_desktop.sandbox.data import RECIPIENT_PLAIN

from ..conftest import Desk
from ..window_driver import INVOICE, as_the_demo_supplier, drop, fix_routing_and_send, row_states


def test_sending_to_the_simulator_moves_the_invoice_to_deposee(window, qtbot, corpus_dir, simulator) -> None:
    with qtbot.waitSignal(window.form_loaded, timeout=30000):
        drop(window, qtbot, [corpus_dir / "pdfs" / INVOICE])
    invoice_id = fix_routing_and_send(window, qtbot)
    qtbot.waitUntil(lambda: row_states(window).get(invoice_id) == InvoiceState.DEPOSEE.value, timeout=10000)
    assert simulator.invoice_count() == 1
    qtbot.waitUntil(lambda: window.current_view is not None and not window.current_view.editable, timeout=10000)
    assert not window.form.send_button.isEnabled()


# -- the controller on its own ----------------------------------------------------------------------

def shown(desk: Desk, qtbot, corpus_dir, name: str = INVOICE) -> int:
    [outcome] = desk.bridge.context.importing.import_files([corpus_dir / "pdfs" / name])
    with qtbot.waitSignal(desk.editing.list_refreshed, timeout=10000):
        desk.editing.refresh_list()
    with qtbot.waitSignal(desk.editing.form_loaded, timeout=10000):
        desk.editing.select_invoice(outcome.invoice_id)
    return outcome.invoice_id


def soumettre_calls(simulator) -> int:
    return sum(count for path, count in simulator.calls.items() if path.endswith("soumettre"))


def test_a_blocking_problem_stops_before_the_confirmation(desk: Desk, qtbot, corpus_dir, simulator) -> None:
    invoice_id = shown(desk, qtbot, corpus_dir)
    with qtbot.waitSignal(desk.editing.form_loaded, timeout=10000):
        desk.sending.request_send({"codeDestinataire": ""})  # no recipient: the core refuses to send
    view = desk.editing.current_view
    assert view is not None and any(p.blocking for p in view.problems)
    assert desk.sending.confirm_dialog is None
    assert not desk.form.send_button.isEnabled()
    assert desk.bridge.context.queries.get_invoice(invoice_id).deposit.codeDestinataire in (None, "")
    assert simulator.invoice_count() == 0 and soumettre_calls(simulator) == 0


def test_a_confirmed_send_deposits_once_and_shows_the_result(desk: Desk, qtbot, corpus_dir, simulator) -> None:
    invoice_id = shown(desk, qtbot, corpus_dir)
    as_the_demo_supplier(desk.bridge.context, invoice_id)
    ttc = desk.bridge.context.queries.get_invoice(invoice_id).deposit.montantTtcTotal
    desk.sending.request_send({"codeDestinataire": RECIPIENT_PLAIN, "codeServiceExecutant": "", "montantAPayer": ttc})
    qtbot.waitUntil(lambda: desk.sending.confirm_dialog is not None and desk.sending.confirm_dialog.isVisible(),
                    timeout=10000)
    dialog = desk.sending.confirm_dialog
    assert isinstance(dialog, SendConfirmDialog)
    number = desk.bridge.context.queries.get_invoice(invoice_id).deposit.numeroFactureSaisi
    assert number in [label.text() for label in dialog.findChildren(QLabel)]
    assert soumettre_calls(simulator) == 0  # nothing leaves before the user confirms
    with qtbot.waitSignal(desk.sending.invoice_sent, timeout=30000) as sent:
        dialog.confirm_button.click()
    result = sent.args[0]
    assert result.ok and result.invoice_id == invoice_id
    assert simulator.invoice_count() == 1 and soumettre_calls(simulator) == 1
    assert desk.bridge.context.queries.get_invoice(invoice_id).state is InvoiceState.DEPOSEE
    box = desk.host.findChild(QMessageBox, "sendResultDialog")
    assert box is not None and box.text() == result.message and box.icon() == QMessageBox.Icon.Information
    assert desk.status_text() == result.message
    qtbot.waitUntil(lambda: desk.editing.current_view is not None and not desk.editing.current_view.editable,
                    timeout=10000)


def test_a_refused_send_is_told_and_the_invoice_stays(desk: Desk, qtbot, corpus_dir, simulator) -> None:
    invoice_id = shown(desk, qtbot, corpus_dir)
    ttc = desk.bridge.context.queries.get_invoice(invoice_id).deposit.montantTtcTotal
    desk.bridge.save_deposit(invoice_id, {"codeDestinataire": RECIPIENT_PLAIN, "montantAPayer": ttc})
    simulator.inject("403", "factures/v1/soumettre", times=5)
    with qtbot.waitSignal(desk.sending.invoice_sent, timeout=30000) as sent:
        desk.sending.send_invoice(invoice_id)
    assert not sent.args[0].ok
    box = desk.host.findChild(QMessageBox, "sendResultDialog")
    assert box is not None and box.icon() == QMessageBox.Icon.Warning
    assert desk.bridge.context.queries.get_invoice(invoice_id).state is not InvoiceState.DEPOSEE
    assert simulator.invoice_count() == 0


def test_send_ready_sends_every_ready_invoice_in_one_batch(desk: Desk, qtbot, corpus_dir, simulator) -> None:
    ids = []
    for name in (INVOICE, "cas-ok-001.pdf"):
        [outcome] = desk.bridge.context.importing.import_files([corpus_dir / "pdfs" / name])
        as_the_demo_supplier(desk.bridge.context, outcome.invoice_id)
        ttc = desk.bridge.context.queries.get_invoice(outcome.invoice_id).deposit.montantTtcTotal
        desk.bridge.save_deposit(outcome.invoice_id, {"codeDestinataire": RECIPIENT_PLAIN, "codeServiceExecutant": "",
                                                      "montantAPayer": ttc})
        ids.append(outcome.invoice_id)
    # Nothing blocks, but neither recipient was checked with Chorus Pro yet: still « Brouillon »...
    queries = desk.bridge.context.queries
    assert {queries.get_invoice(i).state for i in ids} == {InvoiceState.BROUILLON}
    assert all("parametres_destinataire_inconnus" in {p.code for p in queries.get_invoice(i).problems} for i in ids)
    # ...« Envoyer les factures prêtes » checks them first, then offers both.
    ready = set(ids)
    desk.sending.send_ready()
    qtbot.waitUntil(lambda: desk.sending.batch_dialog is not None and desk.sending.batch_dialog.isVisible(),
                    timeout=10000)
    dialog = desk.sending.batch_dialog
    assert dialog.table.rowCount() == len(ready)
    with qtbot.waitSignal(dialog.finished_sending, timeout=30000):
        dialog.send_button.click()
    assert simulator.invoice_count() == len(ready) and soumettre_calls(simulator) == len(ready)

    def states() -> dict[int, str]:
        return {desk.model.index(r, 0).data(Role.INVOICE_ID): desk.model.index(r, 0).data(Role.STATE)
                for r in range(desk.model.rowCount())}

    qtbot.waitUntil(lambda: {states().get(i) for i in ready} == {InvoiceState.DEPOSEE.value}, timeout=10000)
