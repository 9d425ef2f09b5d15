"""Importing: drop or open files -> import in the background -> list refreshed and first invoice shown."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2
import pytest
from PySide6.QtWidgets import QFileDialog, QLineEdit, QMessageBox

from chorus_desktop.core.errors import UserFixableError
from chorus_desktop.gui import messages
from chorus_desktop.gui.invoice_table import Column, Role

from ..conftest import Desk
from ..window_driver import INVOICE, OTHER_INVOICE, drop, truth


def test_drop_one_pdf_fills_the_form_with_extracted_values_and_problems(window, qtbot, corpus_dir) -> None:
    source = corpus_dir / "pdfs" / INVOICE
    with qtbot.waitSignal(window.form_loaded, timeout=30000):
        report = drop(window, qtbot, [source])
    assert [o.status for o in report.outcomes] == ["imported"]
    assert source.exists()  # copied, never moved
    expected = truth(corpus_dir, "fnfe-facture-fr")
    form = window.form
    assert form.findChild(QLineEdit, "numeroFactureSaisi").text() == expected["invoice_number"]
    assert form.findChild(QLineEdit, "montantTtcTotal").text().replace("\u202f", "") == \
        expected["total_ttc"].replace(".", ",")
    assert window.model.index(0, Column.NUMBER).data() == expected["invoice_number"]
    # Whatever the core found, every problem tied to a form field is shown next to that field.
    view = window.current_view
    assert view is not None and view.problems
    for problem in view.problems:
        if problem.field in form.notes:
            assert problem.message in form.notes[problem.field].text.text()
    blocking = any(p.blocking for p in view.problems)
    assert form.send_button.isEnabled() is (not blocking)
    assert window.preview.objectName() == "pdfPreview"
    qtbot.waitUntil(lambda: window.preview.canvas.rendered is not None, timeout=10000)


def test_drop_several_pdfs_and_the_model_stays_consistent(window, qtbot, corpus_dir, qtmodeltester) -> None:
    report = drop(window, qtbot, [corpus_dir / "pdfs" / INVOICE, corpus_dir / "pdfs" / OTHER_INVOICE])
    assert [o.status for o in report.outcomes] == ["imported", "imported"]
    assert window.model.rowCount() == 2
    assert window.dashboard.counts["all"] == 2
    qtmodeltester.check(window.model)


def test_drop_a_folder_imports_the_pdfs_inside(window, qtbot, corpus_dir, tmp_path) -> None:
    folder = tmp_path / "à déposer"
    (folder / "mars").mkdir(parents=True)
    shutil.copy(corpus_dir / "pdfs" / INVOICE, folder / INVOICE)
    shutil.copy(corpus_dir / "pdfs" / OTHER_INVOICE, folder / "mars" / OTHER_INVOICE)
    (folder / "lisez-moi.txt").write_text("pas une facture", encoding="utf-8")
    report = drop(window, qtbot, [folder])
    assert sorted(Path(o.path).name for o in report.outcomes) == sorted([INVOICE, OTHER_INVOICE])
    assert window.model.rowCount() == 2


def test_drop_a_file_that_is_not_a_pdf_explains_why_and_imports_nothing(window, qtbot, tmp_path) -> None:
    text_file = tmp_path / "devis.txt"
    text_file.write_text("Ceci n'est pas une facture PDF.", encoding="utf-8")
    report = drop(window, qtbot, [text_file])
    assert [o.status for o in report.outcomes] == ["failed"]
    assert window.model.rowCount() == 0
    assert "devis.txt" in window.statusBar().currentMessage()


def test_drop_a_scanned_pdf_imports_it_with_its_problems_shown(window, qtbot, corpus_dir, tmp_path) -> None:
    # A scan: the page as a picture, no text layer.
    document = pypdfium2.PdfDocument(str(corpus_dir / "pdfs" / INVOICE))
    image = document[0].render(scale=1).to_pil().convert("RGB")
    document.close()
    scanned = tmp_path / "facture-scannee.pdf"
    image.save(scanned, "PDF", resolution=72)
    with qtbot.waitSignal(window.form_loaded, timeout=30000):
        report = drop(window, qtbot, [scanned])
    assert [o.status for o in report.outcomes] == ["imported"]
    view = window.current_view
    assert view is not None and any(p.blocking for p in view.problems)
    assert not window.form.send_button.isEnabled()
    assert not window.form.summary.isHidden()


def test_a_batch_import_reports_progress_file_by_file(window, qtbot, corpus_dir) -> None:
    files = [corpus_dir / "pdfs" / name for name in (INVOICE, OTHER_INVOICE, "cas-ok-001.pdf")]
    steps: list[tuple[int, int]] = []
    window.import_progressed.connect(lambda done, total: steps.append((done, total)))
    drop(window, qtbot, files)
    assert steps == [(1, 3), (2, 3), (3, 3)]


# -- the controller on its own ----------------------------------------------------------------------

def test_import_shows_the_first_invoice_selected_and_tells_what_was_not_imported(desk: Desk, qtbot, corpus_dir,
                                                                                  tmp_path) -> None:
    text_file = tmp_path / "devis.txt"
    text_file.write_text("pas une facture", encoding="utf-8")
    steps: list[tuple[int, int]] = []
    desk.importing.import_progressed.connect(lambda done, total: steps.append((done, total)))
    with qtbot.waitSignal(desk.importing.import_finished, timeout=30000) as finished:
        desk.importing.import_paths([corpus_dir / "pdfs" / INVOICE, text_file])
    report = finished.args[0]
    [invoice_id] = report.imported_ids
    assert steps == [(1, 2), (2, 2)]
    assert [s.id for s in desk.bridge.context.queries.list_invoices()] == [invoice_id]
    assert desk.model.rowCount() == 1
    assert desk.editing.current_view is not None and desk.editing.current_view.invoice_id == invoice_id
    assert desk.table.currentIndex().data(Role.INVOICE_ID) == invoice_id
    stored = desk.bridge.context.queries.get_invoice(invoice_id).deposit
    assert desk.form.findChild(QLineEdit, "numeroFactureSaisi").text() == stored.numeroFactureSaisi
    assert desk.importing.last_import_notes == report.messages and len(report.messages) == 1
    assert desk.status_text().startswith(messages.IMPORT_DONE.format(imported=1, count=2))
    assert "devis.txt" in desk.status_text()


def test_an_empty_folder_says_no_pdf_was_found(desk: Desk, qtbot, tmp_path) -> None:
    (tmp_path / "vide").mkdir()
    with qtbot.waitSignal(desk.importing.import_finished, timeout=10000) as finished:
        desk.importing.import_paths([tmp_path / "vide"])
    assert finished.args[0].outcomes == []
    assert desk.importing.last_import_notes == [messages.NO_PDF_FOUND]
    assert messages.NO_PDF_FOUND in desk.status_text()
    assert desk.model.rowCount() == 0 and desk.editing.current_view is None


def test_a_failed_import_shows_the_error_and_still_finishes(desk: Desk, qtbot, monkeypatch, corpus_dir) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise UserFixableError("Le dossier n'est pas lisible.")

    monkeypatch.setattr(desk.bridge, "import_paths", refuse)
    with qtbot.waitSignal(desk.importing.import_finished, timeout=10000) as finished:
        desk.importing.import_paths([corpus_dir / "pdfs" / INVOICE])
    assert finished.args[0].outcomes == [] and finished.args[0].imported_ids == []
    dialog = desk.host.findChild(QMessageBox, "errorDialog")
    assert dialog is not None and dialog.text() == "Le dossier n'est pas lisible."
    assert desk.bridge.context.queries.list_invoices() == []


@pytest.mark.parametrize("chosen", [True, False])
def test_open_folder_imports_the_chosen_folder_and_nothing_when_cancelled(desk: Desk, qtbot, monkeypatch,
                                                                          corpus_dir, tmp_path, chosen: bool) -> None:
    folder = tmp_path / "factures"
    folder.mkdir()
    shutil.copy(corpus_dir / "pdfs" / INVOICE, folder / INVOICE)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_args: str(folder) if chosen else "")
    if chosen:
        with qtbot.waitSignal(desk.importing.import_finished, timeout=30000):
            desk.importing.open_folder()
    else:
        desk.importing.open_folder()
        assert desk.runner.pending_count == 0
    assert len(desk.bridge.context.queries.list_invoices()) == (1 if chosen else 0)


def test_a_second_import_moves_the_selection_to_the_new_invoice(desk: Desk, qtbot, corpus_dir) -> None:
    with qtbot.waitSignal(desk.importing.import_finished, timeout=30000) as first:
        desk.importing.import_paths([corpus_dir / "pdfs" / INVOICE])
    with qtbot.waitSignal(desk.importing.import_finished, timeout=30000) as second:
        desk.importing.import_paths([corpus_dir / "pdfs" / OTHER_INVOICE])
    [old], [new] = first.args[0].imported_ids, second.args[0].imported_ids
    assert old != new and desk.model.rowCount() == 2
    assert desk.table.currentIndex().data(Role.INVOICE_ID) == new
    with qtbot.assertNotEmitted(desk.editing.form_loaded, wait=200):  # and the form stays on it
        pass
    assert desk.editing.current_view is not None and desk.editing.current_view.invoice_id == new
