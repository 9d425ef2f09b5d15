"""The desktop application: Qt application, main window, demo; the use cases come from `wiring.py`.

`create_main_window(data_dir)` wires everything without starting the event loop (tests drive it);
`run_gui(data_dir, demo)` is what `chorus-desktop` without a command runs.
"""

from __future__ import annotations

import logging
import shutil
import signal
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QLibraryInfo, QLocale, QSettings, Qt, QTimer, QTranslator, Signal
from PySide6.QtGui import QFileOpenEvent, QIcon
from PySide6.QtWidgets import QApplication

from chorus_desktop import APP_ID, APP_NAME, ORGANIZATION, __version__
from chorus_desktop.core.chorus.clients import default_client_factory, fixed_client_factory
from chorus_desktop.core.domain.profile import Profile
from chorus_desktop.core.errors import ChorusDesktopError
from chorus_desktop.core.extraction.worker import ProcessExtractor
from chorus_desktop.core.paths import AppPaths, resolve_paths
from chorus_desktop.core.usecases.importing import in_thread_extractor
from chorus_desktop.core.usecases.profiles import ProfileManagement
from chorus_desktop.gui.bridge import Bridge
from chorus_desktop.gui.main_window import MainWindow
from chorus_desktop.gui.read_only import apply_read_only
from chorus_desktop.gui.restore_dialog import StoreUnavailable, open_or_restore, tell_unavailable
from chorus_desktop.gui.single_instance import InstanceServer, hand_over, server_name
from chorus_desktop.gui.tasks import Lane, TaskRunner
from chorus_desktop.gui.views import BuyerView
from chorus_desktop.wiring import open_context

log = logging.getLogger(__name__)

ICON_PATH = Path(__file__).resolve().parent / "resources" / "chorus-desktop.png"
DEMO_PROFILE_NAME = "Démonstration"


class ChorusApplication(QApplication):
    """QApplication that turns macOS "open with" (Finder, Dock icon) into the same import as a drop."""

    files_opened = Signal(list)  # list[Path]

    def __init__(self, argv: list[str]) -> None:
        super().__init__(argv)
        self.pending_files: list[Path] = []  # files opened before the window was ready

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
            path = Path(event.file())
            self.pending_files.append(path)
            self.files_opened.emit([path])
            return True
        return super().event(event)


def load_french_translations(app: QApplication) -> list[QTranslator]:
    """Qt's own dialogs (file chooser, message boxes) in French; returns the installed translators."""
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    folders = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
               Path(__file__).resolve().parent / "resources" / "translations"]
    installed = []
    for name in ("qtbase_fr",):
        for folder in folders:
            translator = QTranslator(app)
            if translator.load(name, str(folder)):
                app.installTranslator(translator)
                installed.append(translator)
                break
        else:
            log.warning("Qt French translation %s not found in %s", name, folders)
    return installed


def gui_settings(paths: AppPaths) -> QSettings:
    """Window geometry and splitters, in the app's config folder (the data dir in tests and the demo)."""
    return QSettings(str(paths.config_dir / "gui.ini"), QSettings.Format.IniFormat)


def app_icon() -> QIcon:
    return QIcon(str(ICON_PATH)) if ICON_PATH.exists() else QIcon()


def configure_demo_profile(profiles: ProfileManagement) -> Profile:
    """The simulator's seeded supplier as a profile with its Chorus ids, so the demo can send at once."""
    from chorus_desktop.sandbox.data import SUPPLIER_BANK_ACCOUNT_ID, SUPPLIER_ID, SUPPLIER_SIRET

    for profile in profiles.list_profiles():
        if profile.siret == SUPPLIER_SIRET:
            return profile
    return profiles.add_profile(DEMO_PROFILE_NAME, SUPPLIER_SIRET, chorus_supplier_id=SUPPLIER_ID,
                                chorus_bank_account_id=SUPPLIER_BANK_ACCOUNT_ID,
                                settings={"environment": "simulateur"})


DEMO_RECIPIENT_INTERVAL_MS = 30_000
SAMPLE_INVOICE = Path(__file__).resolve().parent / "resources" / "sample-invoice.pdf"


def start_demo_recipient(window: MainWindow, simulator: Any, interval_ms: int = DEMO_RECIPIENT_INTERVAL_MS) -> QTimer:
    """Demo only: the simulated recipient moves each deposited invoice one step along (Mise à disposition,
    ..., Mise en paiement) every `interval_ms`, then the window synchronises, so the user sees statuses
    and notifications change without waiting days."""

    def advance_all() -> None:
        for invoice_id in list(simulator.backend.invoices):
            simulator.advance(invoice_id)

    timer = QTimer(window)
    timer.setInterval(interval_ms)
    timer.timeout.connect(lambda: window.runner.submit(advance_all, lane=Lane.CHORUS, name="demo_recipient",
                                                       on_result=lambda _none: window.sync_now()))
    timer.start()
    return timer


def create_main_window(
    data_dir: str | Path | None = None,
    *,
    demo: bool = False,
    simulator: Any | None = None,
    runner: TaskRunner | None = None,
    start_background: bool = True,
    sync_timer: bool = True,
    extraction_process: bool = True,
) -> MainWindow:
    """The main window with store, services, credentials and (in the demo) the simulator wired in.

    The event loop is not started. Closing the window stops the background work, closes the store and
    stops a simulator this function started (a simulator passed in belongs to the caller).
    """
    paths = resolve_paths(data_dir)
    try:
        paths.ensure()
    except OSError as error:  # a read-only data folder: the store opens for reading only (or says why not)
        log.warning("data folders not created: %s", error)
    cleanups: list[Callable[[], None]] = []
    owned_simulator = None
    if demo and simulator is None:
        from chorus_desktop.sandbox import start_simulator

        simulator = owned_simulator = start_simulator()
        cleanups.append(owned_simulator.stop)
    extractor = ProcessExtractor() if extraction_process else None
    client_factory = (fixed_client_factory(simulator.environment(), simulator.credentials)
                      if simulator is not None else default_client_factory)
    try:
        context = open_or_restore(paths, lambda: open_context(
            paths, extractor=extractor or in_thread_extractor, client_factory=client_factory))
    except BaseException:
        if extractor is not None:
            extractor.shutdown()
        if owned_simulator is not None:
            owned_simulator.stop()
        raise
    if simulator is not None:
        configure_demo_profile(context.profiles)
    runner = runner or TaskRunner()
    bridge = Bridge(context, demo=demo)
    window = MainWindow(bridge, runner, gui_settings(paths), icon=app_icon(), demo=demo or simulator is not None)
    runner.setParent(window)
    window.paths = paths  # type: ignore[attr-defined]
    window.simulator = simulator  # type: ignore[attr-defined]
    window.extractor = extractor  # type: ignore[attr-defined]
    window.add_cleanup(runner.shutdown)
    if extractor is not None:
        window.add_cleanup(extractor.shutdown)
        # Start the extraction process once the window is up, so the first drop finds it ready.
        QTimer.singleShot(0, lambda: runner.submit(extractor.warm_up, lane=Lane.WORK, name="warm_up"))
    window.add_cleanup(context.close)
    for cleanup in cleanups:
        window.add_cleanup(cleanup)
    read_only = context.store.read_only
    if read_only:
        apply_read_only(window)  # a banner; import, save, send and synchronise stay off
    if start_background:
        window.start_background(recover=not read_only, sync_timer=sync_timer and not read_only)
    return window


def demo_recipients(simulator: Any) -> list[BuyerView]:
    """The public, active recipients the simulator knows, as the « Essayez » panel lists them."""
    return [BuyerView(siret=s.siret, name=s.name, place=f"{s.postcode} {s.town}".strip(),
                      service_required=s.service_required, engagement_required=s.ej_required,
                      service_or_engagement=s.ej_or_service,
                      services=[(service.code, service.label) for service in s.services if service.active])
            for s in simulator.backend.structures.values() if s.public and s.active]


def prepare_demo(window: MainWindow) -> None:
    """The demo's moving parts: the simulated recipient, the « Essayez » panel, and the sample invoice (printed by
    the simulator's supplier for one of its recipients: it can be sent as it is) to look at from the start."""
    simulator = window.simulator  # type: ignore[attr-defined]
    start_demo_recipient(window, simulator)
    window.show_try_panel(demo_recipients(simulator))
    if SAMPLE_INVOICE.exists():
        window.import_paths([SAMPLE_INVOICE])


def open_demo_window(**options: Any) -> MainWindow:
    """The demo in its own window over a temporary folder (as `--demo`), removed when the window closes; the
    user's store is untouched. `options`: for `create_main_window` (tests)."""
    demo_dir = Path(tempfile.mkdtemp(prefix="chorus-desktop-demo-"))
    window = create_main_window(demo_dir, demo=True, **options)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    prepare_demo(window)
    window.add_cleanup(lambda: shutil.rmtree(demo_dir, ignore_errors=True))
    window.show()
    return window


def offer_demo(window: MainWindow, **options: Any) -> list[MainWindow]:
    """The assistant's « Essayer avec le simulateur » opens the demo window; returns the windows opened."""
    opened: list[MainWindow] = []
    window.demo_requested.connect(lambda: opened.append(open_demo_window(**options)))
    return opened


def listen_for_launches(window: MainWindow, data_dir: Path) -> InstanceServer:
    """Later launches on the same store hand their files to `window` (imported, window brought forward)."""
    server = InstanceServer(server_name(data_dir), window)
    server.files_received.connect(window.receive_files)
    if not server.listen():
        log.warning("second launches on this store will not reach this window")
    window.add_cleanup(server.close)
    return server


def run_gui(data_dir: str | Path | None = None, demo: bool = False, files: list[Path] | None = None) -> int:
    """Start the desktop application; returns the exit status. `files`: PDFs to import at once ("Ouvrir avec")."""
    logging.basicConfig(level=logging.INFO)
    app = ChorusApplication(sys.argv[:1])
    app.pending_files.extend(files or [])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    load_french_translations(app)
    demo_dir: Path | None = None
    if demo and data_dir is None:
        demo_dir = Path(tempfile.mkdtemp(prefix="chorus-desktop-demo-"))
        data_dir = demo_dir
    store_dir = resolve_paths(data_dir).data_dir
    if demo_dir is None and hand_over(server_name(store_dir), list(app.pending_files)):
        log.info("the application already open on %s takes the files", store_dir)
        return 0  # one application per store: the running one imports and comes forward
    from chorus_desktop.gui.errors import install_excepthook
    from chorus_desktop.logging_setup import setup_logging

    setup_logging(resolve_paths(data_dir), front="app")
    try:
        window = create_main_window(data_dir, demo=demo)
    except StoreUnavailable as unavailable:
        log.error("store not opened: %s", unavailable)
        return 1  # the user has been told why, in French
    except ChorusDesktopError as error:
        log.error("store not opened: %s", error.message)
        tell_unavailable(error)
        return 1
    hook = install_excepthook(window)
    if demo:
        prepare_demo(window)  # something to look at from the first second
    offer_demo(window)
    app.files_opened.connect(window.import_paths)
    if demo_dir is None:
        listen_for_launches(window, store_dir)
    if app.pending_files:
        window.import_paths(list(app.pending_files))
        app.pending_files.clear()
    window.show()
    if not demo:
        window.offer_first_run()
    # Ctrl+C in a terminal or a session logout (SIGTERM) closes the window properly: layout saved,
    # background work stopped, simulator stopped. The timer lets Python run its signal handlers.
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_args: window.close())
    heartbeat = QTimer(window)
    heartbeat.start(250)
    heartbeat.timeout.connect(lambda: None)
    try:
        return app.exec()
    finally:
        window.close()
        hook.uninstall()
        if demo_dir is not None:
            shutil.rmtree(demo_dir, ignore_errors=True)
