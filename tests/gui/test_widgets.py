"""Widgets on their own: task runner, drop zone, invoice list model, dashboard, preview, deposit form."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit

from chorus_desktop.core.model import BoundingBox, Problem
from chorus_desktop.core.states import InvoiceState
from chorus_desktop.core.domain.invoice import InvoiceSummary
from chorus_desktop.gui.dashboard import TO_HANDLE_KEY, Dashboard
from chorus_desktop.gui.deposit_form import DepositForm
from chorus_desktop.gui.views import DepositView
from chorus_desktop.gui.drop_zone import DropZone
from chorus_desktop.gui.invoice_table import Column, InvoiceFilterProxy, InvoiceTableModel
from chorus_desktop.gui.pdf_preview import PdfPreview
from chorus_desktop.gui.tasks import Lane, TaskRunner


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


# -- task runner -------------------------------------------------------------------------------------

def test_task_results_come_back_on_the_gui_thread(qtbot) -> None:
    runner = TaskRunner()
    gui_thread = threading.get_ident()
    seen: dict[str, int] = {}

    def work() -> int:
        seen["worker"] = threading.get_ident()
        return 42

    results: list[int] = []

    def on_result(value: int) -> None:
        seen["callback"] = threading.get_ident()
        results.append(value)

    for lane in (Lane.DATABASE, Lane.CHORUS, Lane.WORK):
        runner.submit(work, lane=lane, on_result=on_result)
    qtbot.waitUntil(lambda: len(results) == 3)
    assert results == [42, 42, 42]
    assert seen["worker"] != gui_thread
    assert seen["callback"] == gui_thread
    runner.shutdown()


def test_task_errors_reach_the_error_callback_or_the_unhandled_signal(qtbot) -> None:
    runner = TaskRunner()
    errors: list[BaseException] = []

    def boom() -> None:
        raise ValueError("boom")

    runner.submit(boom, on_error=errors.append)
    qtbot.waitUntil(lambda: len(errors) == 1)
    assert isinstance(errors[0], ValueError)
    with qtbot.waitSignal(runner.unhandled_error) as blocker:
        runner.submit(boom)
    assert isinstance(blocker.args[0], ValueError)
    runner.shutdown()


def test_the_database_lane_runs_tasks_in_order_on_one_thread(qtbot) -> None:
    runner = TaskRunner()
    order: list[int] = []
    threads: set[int] = set()

    def task(n: int) -> int:
        threads.add(threading.get_ident())
        order.append(n)
        return n

    done: list[int] = []
    for n in range(20):
        runner.submit(lambda n=n: task(n), on_result=done.append)
    qtbot.waitUntil(lambda: len(done) == 20)
    assert order == list(range(20))
    assert done == list(range(20))
    assert len(threads) == 1
    runner.shutdown()


# -- drop zone ---------------------------------------------------------------------------------------

def drag_enter_event(mime: QMimeData, actions: Qt.DropAction) -> QDragEnterEvent:
    """Qt 6.12 takes a QPointF (and deprecates QPoint); earlier versions take only a QPoint."""
    try:
        return QDragEnterEvent(QPointF(5, 5), actions, mime, Qt.MouseButton.LeftButton,
                               Qt.KeyboardModifier.NoModifier)
    except TypeError:
        return QDragEnterEvent(QPoint(5, 5), actions, mime, Qt.MouseButton.LeftButton,
                               Qt.KeyboardModifier.NoModifier)


def _mime(paths: list[Path]) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def test_drop_zone_accepts_files_as_a_copy_and_emits_their_paths(qtbot, corpus_dir: Path) -> None:
    zone = DropZone()
    qtbot.addWidget(zone)
    pdfs = [corpus_dir / "pdfs" / "fnfe-facture-fr.pdf", corpus_dir / "pdfs" / "oca-gandi.pdf"]
    mime = _mime(pdfs)
    enter = drag_enter_event(mime, Qt.DropAction.MoveAction | Qt.DropAction.CopyAction)
    zone.dragEnterEvent(enter)
    assert enter.isAccepted()
    assert enter.dropAction() == Qt.DropAction.CopyAction
    drop = QDropEvent(QPointF(5, 5), Qt.DropAction.MoveAction | Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(zone.files_dropped) as blocker:
        zone.dropEvent(drop)
    assert drop.dropAction() == Qt.DropAction.CopyAction  # never a move: the user keeps the file
    assert blocker.args[0] == pdfs
    assert all(p.exists() for p in pdfs)


def test_drop_zone_ignores_drags_without_local_files(qtbot) -> None:
    zone = DropZone()
    qtbot.addWidget(zone)
    mime = QMimeData()
    mime.setText("pas un fichier")
    enter = drag_enter_event(mime, Qt.DropAction.CopyAction)
    zone.dragEnterEvent(enter)
    assert not enter.isAccepted()


# -- invoice list ------------------------------------------------------------------------------------

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


# -- dashboard ---------------------------------------------------------------------------------------

def test_dashboard_counts_to_handle_first_and_tiles_filter(qtbot) -> None:
    board = Dashboard()
    qtbot.addWidget(board)
    board.set_counts({InvoiceState.REJETEE: 2, InvoiceState.A_RECYCLER: 1, InvoiceState.DEPOSEE: 4,
                      InvoiceState.COMPTABILISEE: 1})
    assert list(board.counts)[0] == TO_HANDLE_KEY
    assert board.counts[TO_HANDLE_KEY] == 3
    assert board.counts["all"] == 8
    assert board.counts["COMPTABILISEE"] == 1  # a state outside the usual tiles still gets one
    assert "3" in board.tile(TO_HANDLE_KEY).text()
    with qtbot.waitSignal(board.filter_selected) as blocker:
        board.tile(TO_HANDLE_KEY).click()
    assert InvoiceState.REJETEE in blocker.args[0] and InvoiceState.DEPOSEE not in blocker.args[0]
    with qtbot.waitSignal(board.filter_selected) as blocker:
        board.tile("all").click()
    assert blocker.args[0] is None


# -- preview -----------------------------------------------------------------------------------------

def test_preview_renders_the_page_in_the_background_and_places_the_highlight(qtbot, corpus_dir: Path) -> None:
    runner = TaskRunner()
    preview = PdfPreview(runner)
    qtbot.addWidget(preview)
    preview.resize(400, 560)
    with qtbot.waitSignal(preview.page_shown):
        preview.show_document(corpus_dir / "pdfs" / "fnfe-facture-fr.pdf")
    rendered = preview.canvas.rendered
    assert rendered is not None and rendered.page == 1 and not rendered.image.isNull()
    preview.highlight(1, BoundingBox(100, 200, 300, 220))
    rect = preview.canvas.highlight_rect()
    page = preview.canvas.page_rect()
    scale = page.width() / rendered.width_pt
    assert rect is not None
    assert rect.left() == pytest.approx(page.left() + 100 * scale - 3)
    assert rect.top() == pytest.approx(page.top() + 200 * scale - 3)
    runner.shutdown()


# -- deposit form ------------------------------------------------------------------------------------

def test_form_marks_problems_next_to_their_field_and_blocking_disables_sending(qtbot) -> None:
    form = DepositForm()
    qtbot.addWidget(form)
    view = DepositView(
        invoice_id=7,
        values={"numeroFactureSaisi": "F-7", "montantTtcTotal": Decimal("120.00"), "typeFacture": "FACTURE",
                "codeCadreFacturation": "A1_FACTURE_FOURNISSEUR", "dateFacture": dt.date(2024, 5, 2)},
        problems=[Problem("siret", "Le SIRET du destinataire est obligatoire.", "codeDestinataire", True)],
        low_confidence={"numeroFactureSaisi"},
    )
    form.load(view)
    number = form.findChild(QLineEdit, "numeroFactureSaisi")
    assert number.text() == "F-7"
    assert form.findChild(QLineEdit, "montantTtcTotal").text() == "120,00"
    assert form.findChild(QComboBox, "codeCadreFacturation").currentData() == "A1_FACTURE_FOURNISSEUR"
    assert not form.notes["codeDestinataire"].isHidden()
    assert "SIRET du destinataire est obligatoire" in form.notes["codeDestinataire"].text.text()
    assert "peu de certitude" in form.notes["numeroFactureSaisi"].text.text()
    assert not form.send_button.isEnabled()
    form.show_problems([])
    assert form.send_button.isEnabled()
    changes = form.changes()
    assert changes["montantTtcTotal"] == "120,00"  # as shown; the core parses it
    assert changes["dateFacture"] == dt.date(2024, 5, 2)


def test_selecting_a_field_announces_it(qtbot) -> None:
    form = DepositForm()
    qtbot.addWidget(form)
    form.load(DepositView(invoice_id=1, values={}))
    form.show()
    qtbot.waitExposed(form)
    with qtbot.waitSignal(form.field_focused) as blocker:
        form.inputs["montantHtTotal"].setFocus()
        QApplication.processEvents()
    assert blocker.args == ["montantHtTotal"]


def test_inline_runner_calls_back_synchronously(qapp) -> None:
    runner = TaskRunner(inline=True)
    results: list[int] = []
    errors: list[BaseException] = []
    runner.submit(lambda: 6 * 7, on_result=results.append)
    runner.submit(lambda: 1 / 0, on_error=errors.append)
    assert results == [42]
    assert isinstance(errors[0], ZeroDivisionError)
    assert runner.pending_count == 0
