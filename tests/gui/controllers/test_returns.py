"""The « À traiter » desk (issue 16) against the simulator: three deposited invoices sent back as À recycler,
Suspendue and Rejetée, each handled from its row's button with exactly one call of the right endpoint and the
right state at Chorus afterwards; a late one's interest claim; the desk opened from the tile and the menu."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from storekit import FakeExtractor

from chorus_desktop.app import configure_demo_profile, gui_settings
from chorus_desktop.core.chorus.clients import fixed_client_factory
from chorus_desktop.core.paths import resolve_paths
from chorus_desktop.core.states import InvoiceState
from chorus_desktop.core.store import Store
from chorus_desktop.gui.bridge import Bridge
from chorus_desktop.gui.dashboard import TO_HANDLE_KEY
from chorus_desktop.gui.main_window import MainWindow
from chorus_desktop.gui.returns_bridge import ReturnRow
from chorus_desktop.gui.tasks import TaskRunner
from chorus_desktop.sandbox import Simulator
from chorus_desktop.sandbox.data import RECIPIENT_PLAIN, RECIPIENT_SERVICE_REQUIRED, SUPPLIER_SIRET
from chorus_desktop.wiring import AppContext, build_context

MakeWindow = Callable[..., MainWindow]


@pytest.fixture
def make_window(qtbot, isolated_data_dir: Path, simulator: Simulator) -> Iterator[MakeWindow]:
    """The main window over a real store whose PDFs are read by a fake extractor (one invoice per name)."""
    contexts: list[AppContext] = []

    def make(today: Callable[[], dt.date] = dt.date.today) -> MainWindow:
        paths = resolve_paths(isolated_data_dir).ensure()
        extractor = FakeExtractor()
        context = build_context(Store.open(paths), extractor=extractor, today=today,
                                client_factory=fixed_client_factory(simulator.environment(), simulator.credentials))
        configure_demo_profile(context.profiles)
        contexts.append(context)
        runner = TaskRunner()
        window = MainWindow(Bridge(context), runner, gui_settings(paths), demo=True)
        runner.setParent(window)
        window.fake_extractor = extractor  # type: ignore[attr-defined]
        window.add_cleanup(runner.shutdown)
        qtbot.addWidget(window)
        return window

    yield make
    for context in contexts:
        context.close()


def deposit(window: MainWindow, folder: Path, numbers: list[str]) -> list[tuple[int, int]]:
    """Invoices imported and deposited through the core: [(invoice id, Chorus Pro id)]."""
    context = window.bridge.context
    extractor = window.fake_extractor  # type: ignore[attr-defined]
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in numbers:
        path = folder / f"{number}.pdf"
        path.write_bytes(b"%PDF-1.4\n% " + number.encode() + b"\n%%EOF\n")
        extractor.by_name[path.name] = {"invoice_number": number, "buyer_siret": RECIPIENT_PLAIN,
                                        "supplier_siret": SUPPLIER_SIRET, "date": dt.date.today()}
        paths.append(path)
    ids = [int(o.invoice_id) for o in context.importing.import_files(paths) if o.invoice_id is not None]
    assert len(ids) == len(numbers)
    for invoice_id in ids:
        assert window.bridge.send(invoice_id).ok
    return [(i, int(context.queries.get_invoice(i).chorus.invoice_id or 0)) for i in ids]


def open_desk(window: MainWindow, qtbot) -> list[ReturnRow]:
    with qtbot.waitSignal(window.returns.desk_loaded, timeout=10000) as loaded:
        window.dashboard.tile(TO_HANDLE_KEY).click()
    assert window.returns.desk is not None and window.returns.desk.isVisible()
    return list(loaded.args[0])


def chorus_status(simulator: Simulator, chorus_id: int) -> str:
    return str(simulator.backend.invoices[chorus_id].status)


@pytest.fixture
def sent_back(make_window: MakeWindow, simulator: Simulator, tmp_path: Path, qtbot):
    window = make_window()
    (recycle, recycle_cpp), (complete, complete_cpp), (reject, reject_cpp) = deposit(
        window, tmp_path / "in", ["GUI-R", "GUI-S", "GUI-J"])
    simulator.send_back(recycle_cpp, "A_RECYCLER", "Code service manquant")
    simulator.send_back(complete_cpp, "SUSPENDUE", "Joindre le bon de livraison")
    simulator.send_back(reject_cpp, "REJETEE", "Montant erroné")
    window.bridge.context.sync.sync()
    simulator.reset_counts()
    return window, {"recycle": (recycle, recycle_cpp), "complete": (complete, complete_cpp),
                    "reject": (reject, reject_cpp)}


def test_the_desk_lists_the_three_sent_back_invoices_oldest_first_with_one_action_each(sent_back, qtbot,
                                                                                      simulator) -> None:
    window, ids = sent_back
    rows = open_desk(window, qtbot)
    assert [(r.invoice_id, r.action) for r in rows] == [
        (ids["recycle"][0], "recycle"), (ids["complete"][0], "complete"), (ids["reject"][0], "credit-note")]
    assert [r.action_label for r in rows] == ["Recycler", "Compléter", "Traiter le rejet"]
    assert rows[1].comment == "Joindre le bon de livraison" and rows[1].meaning
    assert rows[0].state_label == "À recycler"
    assert rows[1].due.endswith("(délai suspendu)")  # « Échéance »: the clock is paused while Suspendue
    desk = window.returns.desk
    assert desk.table.rowCount() == 3 and desk.table.item(1, 3).text() == "« Joindre le bon de livraison »"
    assert desk.action_button(ids["complete"][0]).text() == "Compléter"
    assert simulator.total_calls() == 0  # looking is free


def test_recycler_from_its_button(sent_back, qtbot, simulator) -> None:
    window, ids = sent_back
    invoice_id, chorus_id = ids["recycle"]
    open_desk(window, qtbot)
    window.returns.desk.action_button(invoice_id).click()
    qtbot.waitUntil(lambda: window.returns.recycle_dialog is not None
                    and window.returns.recycle_dialog.isVisible(), timeout=10000)
    dialog = window.returns.recycle_dialog
    assert dialog.recipient.text() == RECIPIENT_PLAIN
    dialog.recipient.setText(RECIPIENT_SERVICE_REQUIRED)
    dialog.service_code.setText("SE-COMPTA")
    with qtbot.waitSignal(window.returns.action_done, timeout=30000) as done:
        dialog.action_button.click()
    assert "recyclée" in done.args[0].message
    assert simulator.calls["factures/v1/recycler"] == 1
    assert not [k for k in simulator.calls if k.startswith("factures/") and k != "factures/v1/recycler"
                and "consulter" not in k and "rechercher" not in k]
    assert chorus_status(simulator, chorus_id) != "A_RECYCLER"
    record = window.bridge.context.queries.get_invoice(invoice_id)
    assert record.deposit.codeDestinataire == RECIPIENT_SERVICE_REQUIRED
    assert record.deposit.numeroFactureSaisi == "GUI-R"  # same number
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: window.returns.desk.action_button(invoice_id) is None, timeout=10000)


def test_a_refused_routing_stays_in_the_dialog_and_calls_nothing(sent_back, qtbot, simulator) -> None:
    window, ids = sent_back
    open_desk(window, qtbot)
    window.returns.desk.action_button(ids["recycle"][0]).click()
    qtbot.waitUntil(lambda: window.returns.recycle_dialog is not None, timeout=10000)
    dialog = window.returns.recycle_dialog
    dialog.recipient.setText(RECIPIENT_SERVICE_REQUIRED)
    dialog.service_code.setText("")
    with qtbot.waitSignal(window.returns.action_failed, timeout=30000) as failed:
        dialog.action_button.click()
    assert failed.args[0] and dialog.isVisible() and dialog.error.isVisibleTo(dialog)
    assert dialog.action_button.isEnabled()
    assert simulator.calls["factures/v1/recycler"] == 0


def test_completer_from_its_button(sent_back, qtbot, simulator, tmp_path: Path) -> None:
    window, ids = sent_back
    invoice_id, chorus_id = ids["complete"]
    open_desk(window, qtbot)
    window.returns.desk.action_button(invoice_id).click()
    dialog = window.returns.complete_dialog
    assert dialog is not None and dialog.isVisible()
    piece = tmp_path / "bon-de-livraison.pdf"
    piece.write_bytes(b"%PDF-1.4 BL signe")
    dialog.add_paths([piece])
    dialog.comment.setText("BL joint")
    with qtbot.waitSignal(window.returns.action_done, timeout=30000):
        dialog.action_button.click()
    assert simulator.calls["factures/v1/completer"] == 1
    assert simulator.calls["transverses/v1/ajouter/fichier"] == 1
    assert chorus_status(simulator, chorus_id) == "COMPLETEE"
    record = window.bridge.context.queries.get_invoice(invoice_id)
    assert record.state is InvoiceState.COMPLETEE
    assert "bon-de-livraison.pdf" in [a.designation for a in record.deposit.pieceJointeComplementaire]


def test_traiter_le_rejet_then_duplicate_from_its_buttons(sent_back, qtbot, simulator) -> None:
    window, ids = sent_back
    invoice_id, _chorus_id = ids["reject"]
    deposited_before = simulator.calls["factures/v1/deposer/flux"]
    open_desk(window, qtbot)
    window.returns.desk.action_button(invoice_id).click()
    box = window.returns.confirm_box
    assert box is not None and box.isVisible()
    assert simulator.total_calls() == 0  # nothing before the confirmation
    with qtbot.waitSignal(window.returns.action_done, timeout=30000) as done:
        box.button(QMessageBox.StandardButton.Yes).click()
    avoir_id = done.args[0].credit_note_id
    assert avoir_id is not None and done.args[0].credit_note_number in window.returns.credit_note_dialog.text.text()
    assert simulator.calls["factures/v1/traiterRejet"] == 1
    assert simulator.calls["factures/v1/deposer/flux"] == deposited_before  # the avoir is not deposited
    queries = window.bridge.context.queries
    avoir = queries.get_invoice(avoir_id).deposit
    rejected = queries.get_invoice(invoice_id)
    assert rejected.chorus.rejection_handled_at is not None
    assert avoir.typeFacture == "AVOIR" and avoir.numeroFactureOrigine == "GUI-J"
    assert avoir.montantTtcTotal == rejected.deposit.montantTtcTotal
    before = {s.id for s in queries.list_invoices()}
    with qtbot.waitSignal(window.returns.action_done, timeout=30000) as duplicated:
        window.returns.credit_note_dialog.duplicate_button.click()
    new_id = duplicated.args[0].invoice_id
    assert new_id not in before
    assert queries.get_invoice(new_id).deposit.numeroFactureSaisi not in ("GUI-J", avoir.numeroFactureSaisi)
    assert simulator.total_calls() == 1  # only traiterRejet went to Chorus Pro
    assert duplicated.args[0].message == window.returns.desk.status.text()
    qtbot.waitUntil(lambda: window.returns.desk.action_button(invoice_id) is None, timeout=10000)


def test_the_menu_opens_the_desk_and_a_late_invoice_claims_its_interest(make_window, simulator, qtbot,
                                                                        tmp_path: Path) -> None:
    later = dt.date.today() + dt.timedelta(days=75)
    window = make_window(today=lambda: later)
    [(invoice_id, _chorus_id)] = deposit(window, tmp_path / "in", ["GUI-L"])
    with qtbot.waitSignal(window.returns.desk_loaded, timeout=10000) as loaded:
        window.returns_action.trigger()
    [row] = loaded.args[0]
    assert row.action == "claim-interest" and row.due.startswith("En retard de")
    target = tmp_path / "out" / "reclamation.pdf"
    window.returns.ask_claim_path = lambda _parent, suggested: target if "GUI-L" in suggested else None
    simulator.reset_counts()
    with qtbot.waitSignal(window.returns.action_done, timeout=30000):
        window.returns.desk.action_button(invoice_id).click()
    assert target.read_bytes().startswith(b"%PDF")
    assert simulator.total_calls() == 0
