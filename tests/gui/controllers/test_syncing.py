"""Following invoices: a status change at Chorus Pro reaches the list, the dashboard and a notification."""

from __future__ import annotations

from chorus_desktop.core.errors import EnvironmentFailure
from chorus_desktop.core.states import InvoiceState
from chorus_desktop.gui import messages
from chorus_desktop.gui.dashboard import TO_HANDLE_KEY
from chorus_desktop.gui.history_view import HistoryDialog
from chorus_desktop.gui.invoice_table import Role
from chorus_desktop.sandbox.data import RECIPIENT_PLAIN

from ..conftest import Desk
from ..window_driver import INVOICE, as_the_demo_supplier, drop, fix_routing_and_send, row_states


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


# -- the controller on its own ----------------------------------------------------------------------

def deposited(desk: Desk, corpus_dir) -> tuple[int, int]:
    """An invoice sent to the simulator through the core: (invoice id, Chorus Pro id)."""
    [outcome] = desk.bridge.context.importing.import_files([corpus_dir / "pdfs" / INVOICE])
    as_the_demo_supplier(desk.bridge.context, outcome.invoice_id)
    ttc = desk.bridge.context.queries.get_invoice(outcome.invoice_id).deposit.montantTtcTotal
    desk.bridge.save_deposit(outcome.invoice_id, {"codeDestinataire": RECIPIENT_PLAIN, "codeServiceExecutant": "",
                                                  "montantAPayer": ttc})
    assert desk.bridge.send(outcome.invoice_id).ok
    return outcome.invoice_id, desk.bridge.context.queries.get_invoice(outcome.invoice_id).chorus.invoice_id


def test_start_loads_the_list_and_only_starts_the_timer_when_asked(desk: Desk, qtbot, corpus_dir) -> None:
    desk.bridge.context.importing.import_files([corpus_dir / "pdfs" / INVOICE])
    with qtbot.waitSignal(desk.editing.list_refreshed, timeout=10000):
        desk.syncing.start(recover=False, sync_timer=False)
    assert desk.model.rowCount() == 1
    assert not desk.notifier.timer.isActive()
    with qtbot.waitSignal(desk.syncing.sync_finished, timeout=30000):  # recovery done, then a first sync
        desk.syncing.start(recover=True, sync_timer=True)
    assert desk.notifier.timer.isActive()
    desk.syncing.stop()
    assert not desk.notifier.timer.isActive()


def test_a_new_status_is_notified_and_shown(desk: Desk, qtbot, corpus_dir, simulator) -> None:
    invoice_id, chorus_id = deposited(desk, corpus_dir)
    with qtbot.waitSignal(desk.editing.list_refreshed, timeout=10000):
        desk.editing.refresh_list()
    with qtbot.waitSignal(desk.editing.form_loaded, timeout=10000):
        desk.editing.select_invoice(invoice_id)
    simulator.set_status(chorus_id, "REJETEE", "Le numéro d'engagement est inconnu.")
    notified: list[str] = []
    desk.notifier.notified.connect(lambda _title, text: notified.append(text))
    with qtbot.waitSignal(desk.editing.form_loaded, timeout=30000), \
            qtbot.waitSignal(desk.syncing.sync_finished, timeout=30000) as finished:
        desk.syncing.sync_now()
    [notice] = finished.args[0]
    assert (notice.invoice_id, notice.state) == (invoice_id, InvoiceState.REJETEE)
    assert len(notified) == 1 and "engagement est inconnu" in notified[0]
    assert desk.status_text() == messages.SYNC_DONE.format(changed=1)
    assert desk.editing.current_view.state_comment == "Le numéro d'engagement est inconnu."
    qtbot.waitUntil(lambda: desk.model.index(0, 0).data(Role.STATE) == InvoiceState.REJETEE.value, timeout=10000)


def test_a_failed_sync_is_told_in_the_status_bar(desk: Desk, qtbot, monkeypatch) -> None:
    def unreachable() -> None:
        raise EnvironmentFailure("Chorus Pro ne répond pas.")

    monkeypatch.setattr(desk.bridge, "sync", unreachable)
    with qtbot.waitSignal(desk.syncing.sync_finished, timeout=10000) as finished:
        desk.syncing.sync_now()
    assert finished.args == [[]]
    assert desk.status_text() == messages.SYNC_FAILED.format(reason="Chorus Pro ne répond pas.")


def test_no_sync_once_stopped(desk: Desk, simulator) -> None:
    desk.syncing.stop()
    simulator.reset_counts()
    desk.syncing.sync_now()
    assert desk.runner.pending_count == 0 and simulator.total_calls() == 0


def test_history_opens_for_the_selected_invoice(desk: Desk, qtbot, corpus_dir) -> None:
    desk.syncing.show_history()  # nothing selected: no dialog
    assert desk.runner.pending_count == 0
    invoice_id, _ = deposited(desk, corpus_dir)
    with qtbot.waitSignal(desk.editing.list_refreshed, timeout=10000):
        desk.editing.refresh_list()
    with qtbot.waitSignal(desk.editing.form_loaded, timeout=10000):
        desk.editing.select_invoice(invoice_id)
    desk.syncing.show_history()
    qtbot.waitUntil(lambda: desk.host.findChild(HistoryDialog) is not None, timeout=10000)
    dialog = desk.host.findChild(HistoryDialog)
    assert dialog.table.rowCount() == len(desk.bridge.context.queries.history(invoice_id)) > 1
