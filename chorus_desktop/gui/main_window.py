"""The main window: assembly and wiring only.

Widgets emit user intents; the controllers of `gui/controllers/` (one per intent: importing, editing,
sending, syncing) turn each into background tasks on the bridge and show the results. This window builds
the widgets, menus and controllers and connects them. Signals named for what happened (`import_finished`,
`form_loaded`, `invoice_sent`, `sync_finished`) let tests and benchmarks wait for real outcomes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from chorus_desktop import __version__
from chorus_desktop.gui import messages, writer_messages
from chorus_desktop.gui.bridge import Bridge
from chorus_desktop.gui.controllers.directory import DirectoryController
from chorus_desktop.gui.controllers.editing import EditingController
from chorus_desktop.gui.controllers.exporting import ExportingController
from chorus_desktop.gui.controllers.importing import ImportingController
from chorus_desktop.gui.controllers.returns import ReturnsController
from chorus_desktop.gui.controllers.sending import SendingController
from chorus_desktop.gui.controllers.syncing import SyncingController
from chorus_desktop.gui.controllers.writing import WritingController
from chorus_desktop.gui.dashboard import TO_HANDLE_KEY, Dashboard
from chorus_desktop.gui.deposit_form import DepositForm
from chorus_desktop.gui.drop_zone import DropZone
from chorus_desktop.gui.errors import show_error, show_user_error
from chorus_desktop.gui.first_run import FirstRunAssistant
from chorus_desktop.gui.invoice_table import InvoiceFilterProxy, InvoiceTableModel, InvoiceTableView
from chorus_desktop.gui.learning_bridge import LearningBridge
from chorus_desktop.gui.learning_dialog import LearningDialog
from chorus_desktop.gui.logs_view import open_log_folder, show_last_errors
from chorus_desktop.gui.notifications import Notifier
from chorus_desktop.gui.pdf_preview import PdfPreview
from chorus_desktop.gui.returns_bridge import ReturnsBridge
from chorus_desktop.gui.send_dialog import BatchSendDialog, SendConfirmDialog
from chorus_desktop.gui.settings_dialog import SettingsDialog
from chorus_desktop.gui.tasks import TaskRunner
from chorus_desktop.gui.try_panel import TryPanel
from chorus_desktop.gui.views import BuyerView, DepositView
from chorus_desktop.gui.writing_bridge import WritingBridge


class MainWindow(QMainWindow):
    import_finished = Signal(object)  # ImportReport
    import_progressed = Signal(int, int)  # files done, files in the batch
    list_refreshed = Signal()
    form_loaded = Signal(int)  # invoice id
    draft_saved = Signal(int)
    invoice_sent = Signal(object)  # SendResult
    sync_finished = Signal(list)  # list[StateNotice]
    recipient_found = Signal(str, str)  # SIRET, the recipient's name ("" when unknown)
    demo_requested = Signal()  # the first-run assistant's « Essayer avec le simulateur »
    buyers_found = Signal(str, list)  # text searched in the directory, list[BuyerView]
    invoice_written = Signal(object)  # WrittenOutcome: created or duplicated, selected in the list

    def __init__(self, bridge: Bridge, runner: TaskRunner, settings: QSettings, *, icon: QIcon | None = None,
                 demo: bool = False, demo_banner: str = messages.DEMO_BANNER) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle(messages.APP_TITLE)
        if icon is not None:
            self.setWindowIcon(icon)
        self.bridge = bridge
        self.runner = runner
        self.settings = settings
        self.demo = demo
        self.settings_dialog: SettingsDialog | None = None
        self.first_run: FirstRunAssistant | None = None
        self._closing = False
        self._cleanups: list[Callable[[], None]] = []

        self._build_widgets(demo, demo_banner)
        self.notifier = Notifier(icon or QIcon(), self)
        self._build_controllers(demo)
        self._build_menus()
        self._wire()
        self._build_returns_desk()
        self._restore_geometry()
        self._build_writing()

    # -- construction --------------------------------------------------------------------------------
    def _build_widgets(self, demo: bool, demo_banner: str) -> None:
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(8, 8, 8, 4)
        self._top_layout = layout
        self.try_panel: TryPanel | None = None
        if demo:
            banner = QLabel(demo_banner, central)
            banner.setObjectName("demoBanner")
            banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
            banner.setStyleSheet("#demoBanner { background: #fff3bf; color: #5c3c00; font-weight: bold;"
                                 " border: 1px solid #e0b000; border-radius: 4px; padding: 6px; }")
            layout.addWidget(banner)
        self.drop_zone = DropZone(central)
        layout.addWidget(self.drop_zone)
        self.dashboard = Dashboard(central)
        layout.addWidget(self.dashboard)

        self.model = InvoiceTableModel(self)
        self.proxy = InvoiceFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = InvoiceTableView(central)
        self.table.setModel(self.proxy)
        self.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
        self.search = QLineEdit(central)
        self.search.setObjectName("searchBox")
        self.search.setPlaceholderText(messages.SEARCH_PLACEHOLDER)
        self.search.setAccessibleName(messages.SEARCH_ACCESSIBLE)
        self.search.setClearButtonEnabled(True)
        list_pane = QWidget(central)
        list_layout = QVBoxLayout(list_pane)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addWidget(self.search)
        list_layout.addWidget(self.table, 1)

        self.form = DepositForm(central)
        self.preview = PdfPreview(self.runner, central)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, central)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(list_pane)
        self.splitter.addWidget(self.form)
        self.splitter.addWidget(self.preview)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setChildrenCollapsible(False)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.busy.setVisible(False)
        self.busy.setAccessibleName(messages.SYNC_RUNNING)
        self.statusBar().addPermanentWidget(self.busy)

    def _build_controllers(self, demo: bool) -> None:
        status = self.statusBar()
        self.editing = EditingController(self.bridge, self.runner, model=self.model, proxy=self.proxy,
                                         table=self.table, dashboard=self.dashboard, form=self.form,
                                         preview=self.preview, status=status, window=self)
        self.editing.enable_paging()
        self.importing = ImportingController(self.bridge, self.runner, self.editing, status=status, window=self)
        self.sending = SendingController(self.bridge, self.runner, self.editing, send_button=self.form.send_button,
                                         status=status, window=self, demo=demo)
        self.syncing = SyncingController(self.bridge, self.runner, self.editing, notifier=self.notifier,
                                         status=status, window=self)
        self.exporting = ExportingController(self.bridge, self.runner, proxy=self.proxy, table=self.table,
                                             status=status, window=self)
        self.directory = DirectoryController(self.bridge, self.runner, self.editing, form=self.form,
                                             status=status, window=self)

    def _action(self, text: str, slot: Callable[..., object], shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
                name: str = "") -> QAction:
        action = QAction(text, self)
        if name:
            action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = file_menu = bar.addMenu(messages.MENU_FILE)
        self.open_action = self._action(messages.ACTION_OPEN, self.importing.open_files,
                                        QKeySequence.StandardKey.Open, "openAction")
        file_menu.addAction(self.open_action)
        file_menu.addAction(self._action(messages.ACTION_OPEN_FOLDER, self.importing.open_folder, "Ctrl+Shift+O"))
        file_menu.addAction(self._action(messages.ACTION_EXPORT, self.exporting.choose_and_export, "Ctrl+E",
                                         "exportAction"))
        file_menu.addSeparator()
        settings = self._action(messages.ACTION_SETTINGS, self.open_settings, QKeySequence.StandardKey.Preferences)
        settings.setMenuRole(QAction.MenuRole.PreferencesRole)
        file_menu.addAction(settings)
        file_menu.addAction(self._action(messages.ACTION_LEARNED, self.open_learned, name="learnedAction"))
        file_menu.addSeparator()
        quit_action = self._action(messages.ACTION_QUIT, self.close, QKeySequence.StandardKey.Quit)
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        file_menu.addAction(quit_action)

        self.invoices_menu = invoices = bar.addMenu(messages.MENU_INVOICES)
        self.save_action = self._action(messages.ACTION_SAVE_DRAFT, self.form.save_button.click,
                                        QKeySequence.StandardKey.Save, "saveDraftAction")
        self.send_action = self._action(messages.ACTION_SEND, self.form.send_button.click, "Ctrl+Return",
                                        "sendAction")
        invoices.addAction(self.save_action)
        invoices.addAction(self.send_action)
        invoices.addAction(self._action(messages.ACTION_SEND_READY, self.sending.send_ready, "Ctrl+Shift+Return"))
        invoices.addSeparator()
        invoices.addAction(self._action(messages.ACTION_SYNC, self.syncing.sync_now,
                                        QKeySequence.StandardKey.Refresh, "syncAction"))
        invoices.addAction(self._action(messages.ACTION_HISTORY, self.syncing.show_history, "Ctrl+H"))

        help_menu = bar.addMenu(messages.MENU_HELP)
        help_menu.addAction(self._action(messages.ACTION_FIRST_RUN, self.open_first_run, name="firstRunAction"))
        about = self._action(messages.ACTION_ABOUT, self.show_about)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        help_menu.addAction(about)
        help_menu.addAction(self._action(messages.ACTION_OPEN_LOGS, self.open_log_folder, name="openLogsAction"))
        help_menu.addAction(self._action(messages.ACTION_LAST_ERRORS, self.show_last_errors, name="lastErrorsAction"))

    def _wire(self) -> None:
        editing, importing, sending, syncing = self.editing, self.importing, self.sending, self.syncing
        self.drop_zone.files_dropped.connect(importing.import_paths)
        self.drop_zone.open_requested.connect(importing.open_files)
        self.dashboard.filter_selected.connect(self.proxy.set_states)
        self.search.textChanged.connect(self.proxy.set_search)
        self.table.selectionModel().currentRowChanged.connect(editing.on_current_row)
        self.form.field_focused.connect(editing.highlight_field)
        self.form.save_requested.connect(editing.save_draft)
        self.form.send_requested.connect(sending.request_send)
        self.form.recipient_edited.connect(editing.lookup_recipient)
        self.form.attachment_added.connect(editing.add_attachment)
        self.form.profile_chosen.connect(editing.assign_profile)
        self.form.supplier_confirmed.connect(editing.confirm_supplier)
        self.form.issuer_profile_requested.connect(editing.create_issuer_profile)
        self.form.attachment_removed.connect(editing.remove_attachment)
        self.notifier.notified.connect(syncing.show_notification)
        self.notifier.sync_due.connect(syncing.sync_now)
        self.runner.unhandled_error.connect(lambda error: show_error(self, error))
        self.runner.busy_changed.connect(lambda count: self.busy.setVisible(count > 0))
        # What happened, announced by the window itself (tests, benchmarks and app.py wait on these).
        importing.import_finished.connect(self.import_finished)
        importing.import_progressed.connect(self.import_progressed)
        editing.list_refreshed.connect(self.list_refreshed)
        editing.form_loaded.connect(self.form_loaded)
        editing.draft_saved.connect(self.draft_saved)
        editing.recipient_found.connect(self.recipient_found)
        self.directory.buyers_found.connect(self.buyers_found)
        sending.invoice_sent.connect(self.invoice_sent)
        syncing.sync_finished.connect(self.sync_finished)

    # -- persistence of window layout ---------------------------------------------------------------
    def _restore_geometry(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1440, 880)
        state = self.settings.value("window/splitter")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.splitter.restoreState(state)
        else:
            self.splitter.setSizes([680, 450, 410])

    def save_layout(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.settings.sync()

    def add_cleanup(self, cleanup: Callable[[], None]) -> None:
        """Run `cleanup` when the window closes (after background work stops), in the order added."""
        self._cleanups.append(cleanup)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closing:
            self._closing = True
            self.save_layout()
            self.syncing.stop()
            for cleanup in self._cleanups:
                try:
                    cleanup()
                except Exception:
                    logging.getLogger(__name__).exception("cleanup failed at close")
        super().closeEvent(event)

    # -- intents the application, tests and scripts call -------------------------------------------
    @property
    def current_view(self) -> DepositView | None:
        return self.editing.current_view

    @property
    def send_confirm_dialog(self) -> SendConfirmDialog | None:
        return self.sending.confirm_dialog

    @property
    def batch_dialog(self) -> BatchSendDialog | None:
        return self.sending.batch_dialog

    def start_background(self, *, recover: bool = True, sync_timer: bool = True) -> None:
        """First list load, crash recovery of pending sends, and the periodic status sync."""
        self.syncing.start(recover=recover, sync_timer=sync_timer)

    def import_paths(self, paths: list[Path]) -> None:
        self.importing.import_paths(paths)

    def refresh_list(self) -> None:
        self.editing.refresh_list()

    def current_invoice_id(self) -> int | None:
        return self.editing.current_invoice_id()

    def select_invoice(self, invoice_id: int) -> None:
        self.editing.select_invoice(invoice_id)

    def load_invoice(self, invoice_id: int) -> None:
        self.editing.load_invoice(invoice_id)

    def sync_now(self) -> None:
        self.syncing.sync_now()

    def receive_files(self, paths: list[Path]) -> None:
        """Files from a later launch on the same store: import them and come forward."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()
        if paths:
            self.import_paths(list(paths))

    # -- dialogs -------------------------------------------------------------------------------------
    def open_settings(self) -> None:
        self.settings_dialog = SettingsDialog(self.runner, self.bridge, self)
        self.settings_dialog.open()

    def show_try_panel(self, buyers: list[BuyerView]) -> None:
        """Demo: the « Essayez » panel listing the simulator's recipients, under the banner."""
        self.try_panel = TryPanel(buyers, self.centralWidget())
        self._top_layout.insertWidget(1 if self.demo else 0, self.try_panel)

    def offer_first_run(self) -> None:
        """At launch: the assistant, if nothing is set up and it was never finished nor dismissed."""
        if self.settings.value("first_run/done", False, type=bool):
            return
        self.runner.submit(self.bridge.is_first_run, name="is_first_run",
                           on_result=lambda first: self.open_first_run() if first else None)

    def open_first_run(self) -> FirstRunAssistant:
        assistant = FirstRunAssistant(self.runner, self.bridge, self)
        self.first_run = assistant
        assistant.demo_requested.connect(self.demo_requested)
        assistant.finished_or_dismissed.connect(self._first_run_done)
        assistant.open()
        return assistant

    def _first_run_done(self) -> None:
        self.settings.setValue("first_run/done", True)
        self.settings.sync()
        self.refresh_list()

    def show_about(self) -> None:
        QMessageBox.about(self, messages.ACTION_ABOUT.replace("&", ""), messages.ABOUT_TEXT.format(version=__version__))

    def open_learned(self) -> LearningDialog:
        """« Modèles appris » (issue 12): the learned layouts and routings, to forget."""
        self.learning_dialog = LearningDialog(self.runner, LearningBridge(self.bridge.context), self)
        self.learning_dialog.open()
        return self.learning_dialog

    # -- the « À traiter » desk (issue 16) ----------------------------------------------------------
    def _build_returns_desk(self) -> None:
        self.returns = ReturnsController(ReturnsBridge(self.bridge.context), self.runner, self.editing, window=self)
        self.returns_action = self._action(messages.ACTION_RETURNS, self.open_returns_desk, "Ctrl+T",
                                           "returnsAction")
        self.invoices_menu.addAction(self.returns_action)
        self.dashboard.tile(TO_HANDLE_KEY).clicked.connect(self.open_returns_desk)
        self.syncing.sync_finished.connect(lambda _notices: self.returns.reload_if_open())

    def open_returns_desk(self) -> None:
        self.returns.open_desk()

    def _build_writing(self) -> None:  # « Nouvelle facture » (Ctrl+N, Fichier), « Dupliquer » (Factures)
        self.writing = WritingController(WritingBridge(self.bridge.context), self.runner, self.editing, self.sending,
                                         table=self.table, form=self.form, status=self.statusBar(), window=self)
        self.writing.invoice_written.connect(self.invoice_written)
        self.file_menu.insertAction(self.open_action, self._action(
            writer_messages.ACTION_NEW_INVOICE, self.writing.open_writer, QKeySequence.StandardKey.New,
            "newInvoiceAction"))
        self.invoices_menu.addAction(self._action(writer_messages.ACTION_DUPLICATE, self.writing.duplicate_current,
                                             "Ctrl+D", "duplicateAction"))

    def open_log_folder(self) -> None:
        paths = getattr(self, "paths", None)
        if paths is not None and not open_log_folder(paths.log_dir):
            show_user_error(self, messages.LOGS_NOT_OPENED.format(folder=paths.log_dir))

    def show_last_errors(self) -> None:
        paths = getattr(self, "paths", None)
        if paths is not None:
            show_last_errors(self, self.runner, paths.log_dir, paths)
