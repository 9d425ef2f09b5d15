"""Importing: drop or open files -> import in the background -> list refreshed and first invoice shown."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2
from PySide6.QtWidgets import QLineEdit

from chorus_desktop.gui.invoice_table import Column

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
