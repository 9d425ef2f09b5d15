"""The invoice list: model, state text and icon, filter and search proxy."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import Qt

from chorus_desktop.core.domain.invoice import InvoiceSummary
from chorus_desktop.core.states import InvoiceState
from chorus_desktop.gui.invoice_table import Column, InvoiceFilterProxy, InvoiceTableModel


def summary(invoice_id: int, state: InvoiceState, number: str, ttc: str, recipient: str = "Mairie de Lyon",
            day: int = 1) -> InvoiceSummary:
    return InvoiceSummary(
        id=invoice_id, profile_id=1, state=state, invoice_number=number, invoice_date=dt.date(2024, 3, day),
        recipient_siret="21690123100011", recipient_name=recipient, total_ttc=Decimal(ttc), file_name=f"{number}.pdf",
        blocking_count=0, warning_count=0, chorus_invoice_id=None,
        updated_at=dt.datetime(2024, 3, day, 10, 0, tzinfo=dt.UTC),
    )


SUMMARIES = [
    summary(1, InvoiceState.BROUILLON, "F-001", "120.00", day=1),
    summary(2, InvoiceState.DEPOSEE, "F-002", "1234.50", "Région Bretagne", day=2),
    summary(3, InvoiceState.REJETEE, "F-003", "99.99", day=3),
    summary(4, InvoiceState.A_RECYCLER, "AV-004", "15.00", "Université de Nantes", day=4),
]


def test_invoice_model_passes_the_model_tester(qtmodeltester) -> None:
    model = InvoiceTableModel()
    model.set_summaries(SUMMARIES)
    qtmodeltester.check(model)
    proxy = InvoiceFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)


def test_invoice_model_shows_state_as_text_and_icon(qapp) -> None:
    model = InvoiceTableModel()
    model.set_summaries(SUMMARIES)
    index = model.index(2, Column.STATE)
    assert model.data(index) == "Rejetée"
    assert not model.data(index, Qt.ItemDataRole.DecorationRole).isNull()
    assert model.data(model.index(1, Column.TTC)) == "1\u202f234,50 €"
    assert model.data(model.index(1, Column.DATE)) == "02/03/2024"


def test_proxy_filters_by_state_and_searches_number_recipient_and_amount(qapp) -> None:
    model = InvoiceTableModel()
    model.set_summaries(SUMMARIES)
    proxy = InvoiceFilterProxy()
    proxy.setSourceModel(model)

    def numbers() -> list[str]:
        return sorted(proxy.index(r, Column.NUMBER).data() for r in range(proxy.rowCount()))

    proxy.set_states({InvoiceState.REJETEE, InvoiceState.A_RECYCLER})
    assert numbers() == ["AV-004", "F-003"]
    proxy.set_states(None)
    proxy.set_search("bretagne")
    assert numbers() == ["F-002"]
    proxy.set_search("1 234,50")
    assert numbers() == ["F-002"]
    proxy.set_search("av-")
    assert numbers() == ["AV-004"]
    proxy.set_search("")
    proxy.sort(Column.TTC, Qt.SortOrder.AscendingOrder)
    assert [proxy.index(r, Column.NUMBER).data() for r in range(proxy.rowCount())] == [
        "AV-004", "F-003", "F-001", "F-002"]


def test_the_file_column_names_each_file_and_a_row_with_nothing_read_shows_its_file_name(qapp) -> None:
    blank = InvoiceSummary(
        id=9, profile_id=None, state=InvoiceState.BROUILLON, invoice_number=None, invoice_date=None,
        recipient_siret=None, recipient_name=None, total_ttc=None, file_name="scan-0042.pdf", blocking_count=3,
        warning_count=0, chorus_invoice_id=None, updated_at=dt.datetime(2024, 3, 9, 10, 0, tzinfo=dt.UTC))
    model = InvoiceTableModel()
    model.set_summaries([*SUMMARIES, blank])
    assert model.headerData(Column.FILE, Qt.Orientation.Horizontal) == "Fichier"
    assert model.data(model.index(0, Column.FILE)) == "F-001.pdf"
    assert model.data(model.index(0, Column.NUMBER)) == "F-001"  # a number read is shown as read
    assert model.data(model.index(4, Column.FILE)) == "scan-0042.pdf"
    assert model.data(model.index(4, Column.NUMBER)) == "scan-0042.pdf"
    assert model.data(model.index(4, Column.NUMBER), Qt.ItemDataRole.FontRole).italic()
    proxy = InvoiceFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_search("scan-0042")
    assert proxy.rowCount() == 1


def test_a_paged_model_asks_for_the_next_page_and_the_proxy_turns_filters_and_sort_into_a_query(qtbot) -> None:
    from chorus_desktop.gui.invoice_table import InvoiceRow

    model = InvoiceTableModel()
    model.enable_paging()
    proxy = InvoiceFilterProxy()
    proxy.setSourceModel(model)
    rows = [InvoiceRow.from_summary(s) for s in SUMMARIES]
    model.set_page(model.query, rows[:2], total=4)
    assert proxy.rowCount() == 2 and model.canFetchMore()
    with qtbot.waitSignal(model.page_requested) as asked:
        model.fetchMore()
    assert asked.args == [model.query, 2] and not model.canFetchMore()  # one page at a time
    model.append_page(model.query, 2, rows[2:], total=4)
    assert proxy.rowCount() == 4 and not model.canFetchMore()
    with qtbot.waitSignal(model.query_changed) as changed:
        proxy.set_search(" bretagne ")
    assert changed.args[0].search == "bretagne" and proxy.rowCount() == 4  # filtered by the store, not here
    with qtbot.waitSignal(model.query_changed) as changed:
        proxy.sort(Column.TTC, Qt.SortOrder.AscendingOrder)
    assert (changed.args[0].order_by, changed.args[0].descending) == ("amount", False)
    model.append_page(model.query.with_search("x"), 4, rows[:1], total=9)  # a page of another query: dropped
    assert model.rowCount() == 4
