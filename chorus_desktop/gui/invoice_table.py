"""The invoice list: a table model over the store's invoice summaries, and its sort/filter proxy.

The model only displays what `InvoiceQueries.list_invoices()` returned. Once `enable_paging()` is called
(the window does), the model holds the rows read so far of its `query` and asks for more pages
(`page_requested`, answered by a worker task) when the view scrolls near its end; the proxy's state
filter, search and sort then change that query (`query_changed`: read again, in SQL) instead of
filtering the rows in memory. Without paging (a fixed set of rows) the proxy filters and sorts itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from chorus_desktop.core.states import InvoiceState, label
from chorus_desktop.gui import messages
from chorus_desktop.gui.formatting import format_amount, format_date, format_datetime
from chorus_desktop.gui.state_icons import state_icon
from chorus_desktop.gui.views import ListQuery

AnyIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    STATE = 0
    RECIPIENT = 1
    NUMBER = 2
    DATE = 3
    TTC = 4
    CHANGED = 5
    FILE = 6


HEADERS = {
    Column.STATE: messages.COLUMN_STATE,
    Column.RECIPIENT: messages.COLUMN_RECIPIENT,
    Column.NUMBER: messages.COLUMN_NUMBER,
    Column.DATE: messages.COLUMN_DATE,
    Column.TTC: messages.COLUMN_TTC,
    Column.CHANGED: messages.COLUMN_CHANGED,
    Column.FILE: messages.COLUMN_FILE,
}

#: The core's export column of each list column (« Exporter la liste... » writes the columns shown).
EXPORT_KEYS = {
    Column.STATE: "state", Column.RECIPIENT: "recipient", Column.NUMBER: "number", Column.DATE: "date",
    Column.TTC: "ttc", Column.CHANGED: "changed", Column.FILE: "file",
}


class Role(IntEnum):
    INVOICE_ID = Qt.ItemDataRole.UserRole + 1
    STATE = Qt.ItemDataRole.UserRole + 2
    SORT = Qt.ItemDataRole.UserRole + 3
    SEARCH_TEXT = Qt.ItemDataRole.UserRole + 4


@dataclass(frozen=True)
class InvoiceRow:
    """What one line of the list shows (read from a core `InvoiceSummary`)."""

    invoice_id: int
    state: InvoiceState
    recipient: str
    number: str
    date: dt.date | None
    total_ttc: Decimal | None
    currency: str
    changed_at: dt.datetime | None
    file_name: str = ""

    @property
    def nothing_read(self) -> bool:
        return not self.number and self.date is None and self.total_ttc is None

    @classmethod
    def from_summary(cls, summary: Any) -> InvoiceRow:
        return cls(
            invoice_id=summary.id,
            state=InvoiceState(summary.state),
            recipient=summary.recipient_name or summary.recipient_siret or "",
            number=summary.invoice_number or "",
            date=summary.invoice_date,
            total_ttc=summary.total_ttc,
            currency=getattr(summary, "currency", None) or "EUR",
            changed_at=summary.updated_at,
            file_name=getattr(summary, "file_name", "") or "",
        )


def normalise_search(text: str) -> str:
    """Lower case, no spaces, comma as dot: "1 234,50" and "1234.5" both find 1234.50."""
    return text.lower().replace("\u202f", "").replace("\u00a0", "").replace(" ", "").replace(",", ".")


#: The store's order for each list column (None: the store cannot sort on it; the list keeps the date order).
SQL_ORDER: dict[Column, str | None] = {
    Column.STATE: "state", Column.RECIPIENT: "recipient", Column.NUMBER: "number", Column.DATE: "date",
    Column.TTC: "amount", Column.CHANGED: "updated", Column.FILE: None,
}


class InvoiceTableModel(QAbstractTableModel):
    page_requested = Signal(object, int)  # ListQuery, offset: read the next page (paging only)
    query_changed = Signal(object)  # ListQuery: read the list again (paging only)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[InvoiceRow] = []
        self.paged = False
        self.query = ListQuery()
        self.total = 0
        self._fetching = False

    # -- paging --------------------------------------------------------------------------------------
    def enable_paging(self) -> None:
        self.paged = True

    def set_query(self, query: ListQuery) -> None:
        if query != self.query:
            self.query = query
            self.query_changed.emit(query)

    def set_page(self, query: ListQuery, rows: Sequence[InvoiceRow], total: int) -> None:
        """The first page of `query` replaces the list (a page of an older query is ignored)."""
        if self.paged and query != self.query:
            return
        self._fetching = False
        self.total = max(total, len(rows))
        self.set_rows(rows)

    def append_page(self, query: ListQuery, offset: int, rows: Sequence[InvoiceRow], total: int) -> None:
        """A further page: appended if it still follows the rows shown (else dropped: the list was read again)."""
        if query != self.query or offset != len(self._rows):
            return
        self._fetching = False
        self.total = total
        fresh = list(rows)
        if fresh:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(fresh) - 1)
            self._rows.extend(fresh)
            self.endInsertRows()

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008 - Qt override
        return self.paged and not parent.isValid() and not self._fetching and len(self._rows) < self.total

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008 - Qt override
        if self.canFetchMore(parent):
            self._fetching = True
            self.page_requested.emit(self.query, len(self._rows))

    def page_failed(self) -> None:
        self._fetching = False

    @property
    def complete(self) -> bool:
        """Every row of the query is loaded."""
        return not self.paged or len(self._rows) >= self.total

    # -- data in -------------------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[InvoiceRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def set_summaries(self, summaries: Iterable[Any]) -> None:
        self.set_rows([InvoiceRow.from_summary(summary) for summary in summaries])

    def row_for_id(self, invoice_id: int) -> int | None:
        for number, row in enumerate(self._rows):
            if row.invoice_id == invoice_id:
                return number
        return None

    def invoice_row(self, row: int) -> InvoiceRow:
        return self._rows[row]

    # -- Qt model API --------------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt override
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt override
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(Column)):
            return HEADERS[Column(section)]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.DecorationRole and column is Column.STATE:
            icon: QIcon = state_icon(row.state)
            return icon
        if role == Qt.ItemDataRole.ToolTipRole and column is Column.STATE:
            return label(row.state)
        if role == Qt.ItemDataRole.FontRole and column is Column.NUMBER and row.nothing_read:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and column is Column.FILE:
            return row.file_name
        if role == Qt.ItemDataRole.TextAlignmentRole and column is Column.TTC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Role.INVOICE_ID:
            return row.invoice_id
        if role == Role.STATE:
            return row.state.value
        if role == Role.SORT:
            return self._sort_key(row, column)
        if role == Role.SEARCH_TEXT:
            return normalise_search(" ".join((row.number, row.recipient, row.file_name, str(row.total_ttc or ""),
                                              format_amount(row.total_ttc, row.currency))))
        return None

    @staticmethod
    def _display(row: InvoiceRow, column: Column) -> str:
        match column:
            case Column.STATE:
                return label(row.state)
            case Column.RECIPIENT:
                return row.recipient
            case Column.NUMBER:
                # A row with nothing read is told apart by its file name (in italics).
                return row.file_name if row.nothing_read else row.number
            case Column.DATE:
                return format_date(row.date)
            case Column.TTC:
                return format_amount(row.total_ttc, row.currency)
            case Column.CHANGED:
                return format_datetime(row.changed_at)
            case Column.FILE:
                return row.file_name

    @staticmethod
    def _sort_key(row: InvoiceRow, column: Column) -> Any:
        match column:
            case Column.STATE:
                return label(row.state)
            case Column.RECIPIENT:
                return row.recipient.lower()
            case Column.NUMBER:
                return row.number.lower()
            case Column.DATE:
                return row.date.isoformat() if row.date else ""
            case Column.TTC:
                return float(row.total_ttc) if row.total_ttc is not None else float("-inf")
            case Column.CHANGED:
                return row.changed_at.isoformat() if row.changed_at else ""
            case Column.FILE:
                return row.file_name.lower()


class InvoiceFilterProxy(QSortFilterProxyModel):
    """Filters by a set of states (None: all) and by a search text; sorts on the raw values."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._states: frozenset[str] | None = None
        self._search = ""
        self.setSortRole(Role.SORT)
        self.setDynamicSortFilter(True)

    def _paged_model(self) -> InvoiceTableModel | None:
        model = self.sourceModel()
        return model if isinstance(model, InvoiceTableModel) and model.paged else None

    def set_states(self, states: Iterable[InvoiceState] | None) -> None:
        paged = self._paged_model()
        if paged is not None:
            chosen = None if states is None else frozenset(InvoiceState(s) for s in states)
            paged.set_query(paged.query.with_states(chosen))
            return
        self.beginFilterChange()
        self._states = None if states is None else frozenset(InvoiceState(s).value for s in states)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_search(self, text: str) -> None:
        paged = self._paged_model()
        if paged is not None:
            paged.set_query(paged.query.with_search(text))
            return
        self.beginFilterChange()
        self._search = normalise_search(text.strip())
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        paged = self._paged_model()
        if paged is None:
            super().sort(column, order)
            return
        if super().sortColumn() != -1:
            super().sort(-1)  # the rows come sorted from the store
        order_by = SQL_ORDER.get(Column(column)) if 0 <= column < len(Column) else None
        paged.set_query(paged.query.with_order(order_by or "date", order == Qt.SortOrder.DescendingOrder))

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        if isinstance(model, InvoiceTableModel) and model.paged:
            return True
        index = model.index(source_row, 0, source_parent)
        if self._states is not None and model.data(index, Role.STATE) not in self._states:
            return False
        return not (self._search and self._search not in (model.data(index, Role.SEARCH_TEXT) or ""))


class InvoiceTableView(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("invoiceTable")
        self.setAccessibleName(messages.LIST_ACCESSIBLE)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSortingEnabled(True)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultSectionSize(170)

    def fit_columns(self) -> None:
        """Size the short columns to their content; the recipient takes the remaining width."""
        for column in (Column.STATE, Column.NUMBER, Column.DATE, Column.TTC):
            self.resizeColumnToContents(column)
        self.setColumnWidth(Column.RECIPIENT, max(140, min(190, self.sizeHintForColumn(Column.RECIPIENT))))
