"""The main window: assembly and wiring only.

Widgets emit user intents; this window turns each into one background task on the bridge and shows
the result when it comes back. Signals named for what happened (`import_finished`, `form_loaded`,
`invoice_sent`, `sync_finished`) let tests and benchmarks wait for real outcomes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QItemSelectionModel, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
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
from chorus_desktop.gui import messages
from chorus_desktop.gui.bridge import Bridge
from chorus_desktop.gui.dashboard import Dashboard
from chorus_desktop.gui.deposit_form import DepositForm
from chorus_desktop.gui.drop_zone import DropZone
from chorus_desktop.gui.errors import show_error
from chorus_desktop.gui.history_view import HistoryDialog
from chorus_desktop.gui.invoice_table import InvoiceFilterProxy, InvoiceTableModel, InvoiceTableView, Role
from chorus_desktop.gui.notifications import Notifier
from chorus_desktop.gui.pdf_preview import PdfPreview
from chorus_desktop.gui.send_dialog import BatchSendDialog, SendConfirmDialog
from chorus_desktop.gui.views import DepositView, ImportProgress, ImportReport, ListSnapshot, Recap, SendResult, SyncResult
from chorus_desktop.gui.settings_dialog import SettingsDialog
from chorus_desktop.gui.tasks import Lane, TaskRunner


class MainWindow(QMainWindow):
    import_finished = Signal(object)  # ImportReport
    import_progressed = Signal(int, int)  # files done, files in the batch
    list_refreshed = Signal()
    form_loaded = Signal(int)  # invoice id
    draft_saved = Signal(int)
    invoice_sent = Signal(object)  # SendResult
    sync_finished = Signal(list)  # list[StateNotice]
    recipient_found = Signal(str, str)  # SIRET, the recipient's name ("" when unknown)

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
        self.current_view: DepositView | None = None
        self.send_confirm_dialog: SendConfirmDialog | None = None
        self.batch_dialog: BatchSendDialog | None = None
        self.settings_dialog: SettingsDialog | None = None
        self._select_after_refresh: int | None = None
        self._closing = False
        self._cleanups: list[Callable[[], None]] = []

        self._build_widgets(demo, demo_banner)
        self._build_menus()
        self._wire()
        self.notifier = Notifier(icon or QIcon(), self)
        self.notifier.notified.connect(lambda title, text: self.statusBar().showMessage(text, 15000))
        self.notifier.sync_due.connect(self.sync_now)
        self.runner.unhandled_error.connect(lambda error: show_error(self, error))
        self.runner.busy_changed.connect(lambda count: self.busy.setVisible(count > 0))
        self._restore_geometry()

    # -- construction --------------------------------------------------------------------------------
    def _build_widgets(self, demo: bool, demo_banner: str) -> None:
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(8, 8, 8, 4)
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

    def _action(self, text: str, slot: Any, shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
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
        file_menu = bar.addMenu(messages.MENU_FILE)
        self.open_action = self._action(messages.ACTION_OPEN, self.open_files, QKeySequence.StandardKey.Open,
                                        "openAction")
        file_menu.addAction(self.open_action)
        file_menu.addAction(self._action(messages.ACTION_OPEN_FOLDER, self.open_folder, "Ctrl+Shift+O"))
        file_menu.addSeparator()
        settings = self._action(messages.ACTION_SETTINGS, self.open_settings, QKeySequence.StandardKey.Preferences)
        settings.setMenuRole(QAction.MenuRole.PreferencesRole)
        file_menu.addAction(settings)
        file_menu.addSeparator()
        quit_action = self._action(messages.ACTION_QUIT, self.close, QKeySequence.StandardKey.Quit)
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        file_menu.addAction(quit_action)

        invoices = bar.addMenu(messages.MENU_INVOICES)
        self.save_action = self._action(messages.ACTION_SAVE_DRAFT, self.form.save_button.click,
                                        QKeySequence.StandardKey.Save, "saveDraftAction")
        self.send_action = self._action(messages.ACTION_SEND, self.form.send_button.click, "Ctrl+Return",
                                        "sendAction")
        invoices.addAction(self.save_action)
        invoices.addAction(self.send_action)
        invoices.addAction(self._action(messages.ACTION_SEND_READY, self.send_ready, "Ctrl+Shift+Return"))
        invoices.addSeparator()
        invoices.addAction(self._action(messages.ACTION_SYNC, self.sync_now, QKeySequence.StandardKey.Refresh,
                                        "syncAction"))
        invoices.addAction(self._action(messages.ACTION_HISTORY, self.show_history, "Ctrl+H"))

        help_menu = bar.addMenu(messages.MENU_HELP)
        about = self._action(messages.ACTION_ABOUT, self.show_about)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        help_menu.addAction(about)

    def _wire(self) -> None:
        self.drop_zone.files_dropped.connect(self.import_paths)
        self.drop_zone.open_requested.connect(self.open_files)
        self.dashboard.filter_selected.connect(self.proxy.set_states)
        self.search.textChanged.connect(self.proxy.set_search)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.form.field_focused.connect(self._highlight_field)
        self.form.save_requested.connect(self.save_draft)
        self.form.send_requested.connect(self.request_send)
        self.form.recipient_edited.connect(self._lookup_recipient)
        self.form.attachment_added.connect(self._add_attachment)
        self.form.profile_chosen.connect(self._assign_profile)
        self.form.attachment_removed.connect(self._remove_attachment)

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
            self.notifier.stop()
            for cleanup in self._cleanups:
                try:
                    cleanup()
                except Exception:
                    logging.getLogger(__name__).exception("cleanup failed at close")
        super().closeEvent(event)

    # -- start ---------------------------------------------------------------------------------------
    def start_background(self, *, recover: bool = True, sync_timer: bool = True) -> None:
        """First list load, crash recovery of pending sends, and the periodic status sync."""
        self.refresh_list()
        if recover:
            self.runner.submit(self.bridge.recover_pending, lane=Lane.CHORUS, name="recover_pending",
                               on_result=lambda _result: self.sync_now() if sync_timer else self.refresh_list(),
                               on_error=lambda error: self.statusBar().showMessage(str(getattr(error, "message",
                                                                                               "")), 10000))
        if sync_timer:
            self.notifier.start()

    # -- import --------------------------------------------------------------------------------------
    def open_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, messages.OPEN_DIALOG_TITLE, "", messages.OPEN_FILTER)
        if paths:
            self.import_paths([Path(p) for p in paths])

    def open_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, messages.OPEN_FOLDER_TITLE)
        if folder:
            self.import_paths([Path(folder)])

    def import_paths(self, paths: list[Path]) -> None:
        self.statusBar().showMessage(messages.IMPORTING.format(count=len(paths)))

        def import_and_show(report_progress: Callable[[ImportProgress], None]
                            ) -> tuple[ImportReport, ListSnapshot, tuple[DepositView, Path] | None]:
            # One task for import, list and first form: the form appears without extra round trips.
            report = self.bridge.import_paths(paths, progress=report_progress)
            first = self.bridge.deposit_view(report.imported_ids[0]) if report.imported_ids else None
            return report, self.bridge.snapshot(), first

        self.runner.submit(import_and_show, name="import_files", on_result=self._on_imported,
                           on_error=self._on_import_error, on_progress=self._on_import_progress)

    def _on_import_progress(self, progress: ImportProgress) -> None:
        self.statusBar().showMessage(messages.IMPORT_PROGRESS.format(
            done=progress.done, count=progress.total, name=progress.file_name))
        self.import_progressed.emit(progress.done, progress.total)

    def _on_import_error(self, error: BaseException) -> None:
        show_error(self, error)
        self.import_finished.emit(ImportReport())

    def _on_imported(self, result: tuple[ImportReport, ListSnapshot, tuple[DepositView, Path] | None]) -> None:
        report, snapshot, first = result
        notes = list(report.messages)
        count = len(report.outcomes)
        if not count:
            notes.insert(0, messages.NO_PDF_FOUND)
        imported = sum(outcome.status == "imported" for outcome in report.outcomes)
        summary = messages.IMPORT_DONE.format(imported=imported, count=count)
        self.statusBar().showMessage(" ".join([summary, *notes]), 20000)
        self.last_import_notes = notes
        if first is not None:
            self._show_view(first)
            self._select_after_refresh = first[0].invoice_id
        self._on_snapshot(snapshot)
        self.import_finished.emit(report)

    # -- list ----------------------------------------------------------------------------------------
    def refresh_list(self) -> None:
        self.runner.submit(self.bridge.snapshot, name="list_invoices", on_result=self._on_snapshot)

    def _on_snapshot(self, snapshot: ListSnapshot) -> None:
        wanted = self._select_after_refresh if self._select_after_refresh is not None else self.current_invoice_id()
        self._select_after_refresh = None
        self.model.set_summaries(snapshot.summaries)
        self.table.fit_columns()
        self.dashboard.set_counts(snapshot.counts)
        if wanted is not None:
            self.select_invoice(wanted)
        self.list_refreshed.emit()

    def current_invoice_id(self) -> int | None:
        index = self.table.currentIndex()
        if index.isValid():
            value = index.data(Role.INVOICE_ID)
            return int(value) if value is not None else None
        return self.current_view.invoice_id if self.current_view is not None else None

    def select_invoice(self, invoice_id: int) -> None:
        row = self.model.row_for_id(invoice_id)
        if row is None:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():  # filtered out: show everything so the user sees what they opened
            self.dashboard.select("all")
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        already = self.table.currentIndex().isValid() and self.table.currentIndex().row() == index.row()
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index)
        if already:
            self.load_invoice(invoice_id)

    def _on_current_row(self, current: Any, _previous: Any) -> None:
        if not current.isValid():
            return
        invoice_id = current.data(Role.INVOICE_ID)
        if invoice_id is None:
            return
        if self.current_view is not None and self.current_view.invoice_id == int(invoice_id):
            return  # already shown (e.g. the invoice just imported)
        self.load_invoice(int(invoice_id))

    # -- form ----------------------------------------------------------------------------------------
    def load_invoice(self, invoice_id: int) -> None:
        self.runner.submit(lambda: self.bridge.deposit_view(invoice_id), name="deposit_view",
                           on_result=self._show_view)

    def _show_view(self, result: tuple[DepositView, Path]) -> None:
        view, document = result
        same_document = self.current_view is not None and self.current_view.invoice_id == view.invoice_id
        self.current_view = view
        self.form.load(view)
        if not same_document:
            self.preview.show_document(document)
            siret = str(view.values.get("codeDestinataire") or "")
            if view.editable and siret and view.recipient_name is None:
                self._lookup_recipient(siret)  # name and services from Chorus Pro, in the background
        self.form_loaded.emit(view.invoice_id)

    def _highlight_field(self, name: str) -> None:
        if self.current_view is None:
            return
        source = self.current_view.sources.get(name)
        if source is None:
            self.preview.highlight(None, None)
        else:
            self.preview.highlight(*source)

    def _lookup_recipient(self, siret: str) -> None:
        if self.current_view is None:
            return
        invoice_id = self.current_view.invoice_id
        self.runner.submit(lambda: self.bridge.lookup_recipient(invoice_id, siret), lane=Lane.CHORUS,
                           name="lookup_recipient",
                           on_result=lambda info: self._on_recipient(invoice_id, siret, info),
                           on_error=lambda error: self._on_recipient_error(invoice_id, siret, error))

    def _on_recipient_error(self, invoice_id: int, siret: str, error: BaseException) -> None:
        # A failed lookup is not worth a dialog: the SIRET stays as typed and validation says what it knows.
        logging.getLogger(__name__).warning("recipient lookup failed for %s: %r", siret, error)
        self._on_recipient(invoice_id, siret, (None, []))

    def _on_recipient(self, invoice_id: int, siret: str, info: tuple[str | None, list[tuple[str, str]]]) -> None:
        if self.current_view is not None and self.current_view.invoice_id == invoice_id:
            self.form.set_recipient(info[0], info[1])
            self.recipient_found.emit(siret, info[0] or "")

    def _assign_profile(self, profile_id: int) -> None:
        if self.current_view is None:
            return
        invoice_id = self.current_view.invoice_id
        self.runner.submit(lambda: self.bridge.assign_profile(invoice_id, profile_id), name="assign_profile",
                           on_result=self._on_saved, on_error=lambda error: show_error(self, error))

    def _add_attachment(self, path: Path) -> None:
        if self.current_view is None:
            return
        invoice_id = self.current_view.invoice_id
        self.runner.submit(lambda: self.bridge.add_attachment(invoice_id, path), name="add_attachment",
                           on_result=self._show_view, on_error=lambda error: show_error(self, error))

    def _remove_attachment(self, index: int) -> None:
        if self.current_view is None:
            return
        invoice_id = self.current_view.invoice_id
        self.runner.submit(lambda: self.bridge.remove_attachment(invoice_id, index), name="remove_attachment",
                           on_result=self._show_view, on_error=lambda error: show_error(self, error))

    def save_draft(self, changes: dict[str, Any]) -> None:
        if self.current_view is None:
            return
        invoice_id = self.current_view.invoice_id
        self.runner.submit(lambda: self.bridge.save_deposit(invoice_id, changes), name="update_deposit",
                           on_result=lambda result: self._on_saved(result),
                           on_error=lambda error: show_error(self, error))

    def _on_saved(self, result: tuple[DepositView, Path]) -> None:
        self._show_view(result)
        self.statusBar().showMessage(messages.DRAFT_SAVED, 5000)
        self.refresh_list()
        self.draft_saved.emit(result[0].invoice_id)

    # -- sending -------------------------------------------------------------------------------------
    def request_send(self, changes: dict[str, Any]) -> None:
        """Save the form, re-validate, then ask for confirmation with the recap."""
        if self.current_view is None:
            return
        invoice_id = self.current_view.invoice_id

        def save_then_recap() -> tuple[tuple[DepositView, Path], Recap]:
            return self.bridge.save_deposit(invoice_id, changes), self.bridge.recap(invoice_id)

        self.runner.submit(save_then_recap, name="prepare_send", on_result=self._confirm_send,
                           on_error=lambda error: show_error(self, error))

    def _confirm_send(self, result: tuple[tuple[DepositView, Path], Recap]) -> None:
        saved, recap = result
        self._show_view(saved)
        if any(problem.blocking for problem in saved[0].problems):
            return  # the form now shows what blocks, and the send button is disabled
        dialog = SendConfirmDialog(recap, demo=self.demo, parent=self)
        dialog.accepted.connect(lambda: self.send_invoice(recap.invoice_id))
        self.send_confirm_dialog = dialog
        dialog.open()

    def send_invoice(self, invoice_id: int) -> None:
        self.statusBar().showMessage(messages.SEND_IN_PROGRESS)
        self.form.send_button.setEnabled(False)
        self.runner.submit(lambda: self.bridge.send(invoice_id), lane=Lane.CHORUS, name="deposit",
                           on_result=self._on_sent, on_error=lambda error: self._on_send_error(invoice_id, error))

    def _on_send_error(self, invoice_id: int, error: BaseException) -> None:
        show_error(self, error)
        self.refresh_list()
        self.load_invoice(invoice_id)

    def _on_sent(self, result: SendResult) -> None:
        self.statusBar().showMessage(result.message, 20000)
        box = QMessageBox(QMessageBox.Icon.Information if result.ok else QMessageBox.Icon.Warning,
                          messages.SEND_RESULT_TITLE, result.message, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("sendResultDialog")
        box.open()
        self.refresh_list()
        self.load_invoice(result.invoice_id)
        self.invoice_sent.emit(result)

    def send_ready(self) -> None:
        self.runner.submit(self.bridge.ready_recaps, name="ready_recaps", on_result=self._open_batch,
                           on_error=lambda error: show_error(self, error))

    def _open_batch(self, recaps: list[Recap]) -> None:
        dialog = BatchSendDialog(self.runner, recaps, self.bridge.send, parent=self)
        dialog.finished_sending.connect(lambda _results: self.refresh_list())
        self.batch_dialog = dialog
        dialog.open()

    # -- following -----------------------------------------------------------------------------------
    def sync_now(self) -> None:
        if self._closing:
            return
        self.statusBar().showMessage(messages.SYNC_RUNNING)
        self.runner.submit(self.bridge.sync, lane=Lane.CHORUS, name="sync", on_result=self._on_synced,
                           on_error=self._on_sync_error)

    def _on_synced(self, result: SyncResult) -> None:
        text = messages.SYNC_DONE.format(changed=result.changed)
        self.statusBar().showMessage(" ".join([text, *result.errors]), 15000)
        for notice in result.notices:
            self.notifier.notify(notice)
        self.refresh_list()
        if self.current_view is not None:
            self.load_invoice(self.current_view.invoice_id)
        self.sync_finished.emit(result.notices)

    def _on_sync_error(self, error: BaseException) -> None:
        self.statusBar().showMessage(messages.SYNC_FAILED.format(reason=getattr(error, "message", "")), 15000)
        self.sync_finished.emit([])

    def show_history(self) -> None:
        invoice_id = self.current_invoice_id()
        if invoice_id is None:
            return
        self.runner.submit(lambda: self.bridge.history(invoice_id), name="history",
                           on_result=lambda result: HistoryDialog(result[0], result[1], self).open())

    # -- dialogs -------------------------------------------------------------------------------------
    def open_settings(self) -> None:
        dialog = SettingsDialog(self.runner, self.bridge, self)
        self.settings_dialog = dialog
        dialog.open()

    def show_about(self) -> None:
        QMessageBox.about(self, messages.ACTION_ABOUT.replace("&", ""), messages.ABOUT_TEXT.format(version=__version__))
