"""« Exporter la liste... »: the rows the list shows (its filter and order) with the columns it shows, as a
CSV file for a French spreadsheet; the file itself is written by the core (`list_export`), in the background."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QStatusBar, QWidget

from chorus_desktop.gui import messages
from chorus_desktop.gui.bridge import Bridge
from chorus_desktop.gui.errors import show_error
from chorus_desktop.gui.invoice_table import EXPORT_KEYS, Column, InvoiceFilterProxy, InvoiceTableView, Role
from chorus_desktop.gui.tasks import TaskRunner


class ExportingController(QObject):
    list_exported = Signal(str, int)  # path, number of invoices written

    def __init__(self, bridge: Bridge, runner: TaskRunner, *, proxy: InvoiceFilterProxy, table: InvoiceTableView,
                 status: QStatusBar, window: QWidget) -> None:
        super().__init__(window)
        self.bridge = bridge
        self.runner = runner
        self.proxy = proxy
        self.table = table
        self.status = status
        self.window = window

    def shown_ids(self) -> list[int]:
        """The invoices the list shows, in its order (its filter and sort applied)."""
        return [int(self.proxy.index(row, 0).data(Role.INVOICE_ID)) for row in range(self.proxy.rowCount())]

    def shown_columns(self) -> list[str]:
        """The columns the list shows, in the order the user sees them."""
        header = self.table.horizontalHeader()
        logical = [header.logicalIndex(visual) for visual in range(header.count())]
        return [EXPORT_KEYS[Column(i)] for i in logical if not header.isSectionHidden(i)]

    def choose_and_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self.window, messages.EXPORT_DIALOG,
                                              str(Path.home() / messages.EXPORT_DEFAULT_NAME), messages.EXPORT_FILTER)
        if path:
            self.export_to(Path(path) if path.lower().endswith(".csv") else Path(f"{path}.csv"))

    def export_to(self, path: Path) -> None:
        columns = self.shown_columns()
        model = self.proxy.sourceModel()
        query = getattr(model, "query", None)
        # A long list is only partly read into the window: its ids come from the store, in its order.
        ids = self.shown_ids() if getattr(model, "complete", True) or query is None else None

        def export() -> int:
            return self.bridge.export_list(path, ids if ids is not None else self.bridge.list_ids(query), columns)

        self.runner.submit(export, name="export_list",
                           on_result=lambda count: self._on_exported(path, count),
                           on_error=lambda error: show_error(self.window, error))

    def _on_exported(self, path: Path, count: int) -> None:
        self.status.showMessage(messages.EXPORT_DONE.format(count=count, name=path.name), 8000)
        self.list_exported.emit(str(path), count)
