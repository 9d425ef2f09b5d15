"""GUI test helpers: the offscreen platform's harmless warning on showing windows is not a failure; the
local Chorus Pro simulator; a bridge over a real store; the main window; the widgets and controllers of
the window without the window (to drive one controller at a time)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMainWindow

from chorus_desktop.app import configure_demo_profile, create_main_window
from chorus_desktop.core.chorus.clients import fixed_client_factory
from chorus_desktop.core.paths import resolve_paths
from chorus_desktop.core.store import Store
from chorus_desktop.core.usecases.importing import in_thread_extractor
from chorus_desktop.gui.bridge import Bridge
from chorus_desktop.gui.controllers.editing import EditingController
from chorus_desktop.gui.controllers.importing import ImportingController
from chorus_desktop.gui.controllers.sending import SendingController
from chorus_desktop.gui.controllers.syncing import SyncingController
from chorus_desktop.gui.dashboard import Dashboard
from chorus_desktop.gui.deposit_form import DepositForm
from chorus_desktop.gui.invoice_table import InvoiceFilterProxy, InvoiceTableModel, InvoiceTableView
from chorus_desktop.gui.main_window import MainWindow
from chorus_desktop.gui.notifications import Notifier
from chorus_desktop.gui.pdf_preview import PdfPreview
from chorus_desktop.gui.tasks import TaskRunner
from chorus_desktop.sandbox import Simulator, start_simulator
from chorus_desktop.wiring import AppContext, build_context

GUI_TESTS = Path(__file__).resolve().parent
# The offscreen plugin says this for every shown top-level window; it says nothing about our code.
OFFSCREEN_NOISE = r"This plugin does not support propagateSizeHints\(\)"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if GUI_TESTS in item.path.resolve().parents:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture
def simulator() -> Iterator[Simulator]:
    sim = start_simulator()
    yield sim
    sim.stop()


@pytest.fixture
def context(isolated_data_dir: Path, simulator: Simulator) -> Iterator[AppContext]:
    """The real core over a real SQLite file, talking to the simulator; the simulator's supplier as profile."""
    ctx = build_context(Store.open(resolve_paths(isolated_data_dir)), extractor=in_thread_extractor,
                        client_factory=fixed_client_factory(simulator.environment(), simulator.credentials))
    configure_demo_profile(ctx.profiles)
    yield ctx
    ctx.close()


@pytest.fixture
def bridge(context: AppContext) -> Bridge:
    return Bridge(context)


@pytest.fixture
def window(qtbot, isolated_data_dir: Path, simulator: Simulator) -> MainWindow:
    main = create_main_window(isolated_data_dir, simulator=simulator, sync_timer=False, start_background=False)
    qtbot.addWidget(main)
    with qtbot.waitSignal(main.list_refreshed):
        main.start_background(recover=False, sync_timer=False)
    return main


@dataclass
class Desk:
    """The widgets the controllers drive, in a bare host window, with the four controllers over a real bridge."""

    host: QMainWindow
    bridge: Bridge
    runner: TaskRunner
    model: InvoiceTableModel
    table: InvoiceTableView
    form: DepositForm
    preview: PdfPreview
    dashboard: Dashboard
    notifier: Notifier
    editing: EditingController
    importing: ImportingController
    sending: SendingController
    syncing: SyncingController

    def status_text(self) -> str:
        return self.host.statusBar().currentMessage()


@pytest.fixture
def desk(qtbot, bridge: Bridge) -> Iterator[Desk]:
    host = QMainWindow()
    qtbot.addWidget(host)
    runner = TaskRunner(host)
    model, proxy = InvoiceTableModel(host), InvoiceFilterProxy(host)
    proxy.setSourceModel(model)
    table = InvoiceTableView(host)
    table.setModel(proxy)
    form, preview, dashboard = DepositForm(host), PdfPreview(runner, host), Dashboard(host)
    notifier = Notifier(host.windowIcon(), host)
    status = host.statusBar()
    editing = EditingController(bridge, runner, model=model, proxy=proxy, table=table, dashboard=dashboard,
                                form=form, preview=preview, status=status, window=host)
    table.selectionModel().currentRowChanged.connect(editing.on_current_row)  # as the main window wires it
    yield Desk(
        host, bridge, runner, model, table, form, preview, dashboard, notifier, editing,
        ImportingController(bridge, runner, editing, status=status, window=host),
        SendingController(bridge, runner, editing, send_button=form.send_button, status=status, window=host),
        SyncingController(bridge, runner, editing, notifier=notifier, status=status, window=host),
    )
    notifier.stop()
    runner.shutdown()
