"""The whole window over the real core: real SQLite in the test's data folder, real corpus PDFs, the
local Chorus Pro simulator over loopback HTTP, the in-memory keyring."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import keyring
import pypdfium2
import pytest
from corpus import truth_of
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QLineEdit

from chorus_desktop.app import create_main_window
from chorus_desktop.sandbox import Simulator, start_simulator
from chorus_desktop.sandbox.data import RECIPIENT_PLAIN
from chorus_desktop.core.states import InvoiceState
from chorus_desktop.gui.dashboard import TO_HANDLE_KEY
from chorus_desktop.gui.invoice_table import Column, Role
from chorus_desktop.gui.main_window import MainWindow
from chorus_desktop.gui.send_dialog import SendConfirmDialog
from chorus_desktop.gui.settings_dialog import SettingsDialog

INVOICE = "fnfe-facture-fr.pdf"
OTHER_INVOICE = "oca-gandi.pdf"


def truth(corpus_dir: Path, file_id: str) -> dict[str, str]:
    return truth_of(corpus_dir, file_id)


@pytest.fixture
def simulator() -> Iterator[Simulator]:
    sim = start_simulator()
    yield sim
    sim.stop()


@pytest.fixture
def window(qtbot, isolated_data_dir: Path, simulator: Simulator) -> MainWindow:
    main = create_main_window(isolated_data_dir, simulator=simulator, sync_timer=False, start_background=False)
    qtbot.addWidget(main)
    with qtbot.waitSignal(main.list_refreshed):
        main.start_background(recover=False, sync_timer=False)
    return main


def drop(window: MainWindow, qtbot, paths: list[Path]) -> object:
    """Drop files on the drop zone as the file manager would; return the import report."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction | Qt.DropAction.MoveAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.import_finished, timeout=30000) as blocker:
        window.drop_zone.dropEvent(event)
    assert event.dropAction() == Qt.DropAction.CopyAction
    qtbot.waitUntil(lambda: window.model.rowCount() >= len(blocker.args[0].imported_ids), timeout=10000)
    return blocker.args[0]


def row_states(window: MainWindow) -> dict[int, str]:
    model = window.model
    return {model.index(r, 0).data(Role.INVOICE_ID): model.index(r, 0).data(Role.STATE)
            for r in range(model.rowCount())}


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


def test_the_window_carries_the_contract_object_names(window) -> None:
    for name in ("dropZone", "invoiceTable", "stateDashboard", "depositForm", "pdfPreview", "sendButton",
                 "saveDraftButton", "codeCadreFacturation", "codeDestinataire", "codeServiceExecutant",
                 "numeroBonCommande", "numeroMarche", "numeroFactureSaisi", "dateFacture", "typeFacture",
                 "typeTva", "modePaiement", "montantHtTotal", "montantTVA", "montantTtcTotal", "montantAPayer"):
        assert window.findChild(object, name) is not None, name


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


def fix_routing_and_send(window: MainWindow, qtbot) -> int:
    """Correct the recipient in the form (a simulator structure), then send with confirmation."""
    form = window.form
    form.findChild(QLineEdit, "codeDestinataire").setText(RECIPIENT_PLAIN)
    ttc = form.findChild(QLineEdit, "montantTtcTotal").text()
    form.findChild(QLineEdit, "montantAPayer").setText(ttc)
    with qtbot.waitSignal(window.draft_saved, timeout=10000):
        form.save_button.click()
    blocking = [p.message for p in window.current_view.problems if p.blocking]
    assert blocking == []
    invoice_id = window.current_view.invoice_id
    form.send_button.click()
    qtbot.waitUntil(lambda: window.send_confirm_dialog is not None and window.send_confirm_dialog.isVisible(),
                    timeout=10000)
    dialog = window.send_confirm_dialog
    assert isinstance(dialog, SendConfirmDialog)
    with qtbot.waitSignal(window.invoice_sent, timeout=30000) as blocker:
        dialog.confirm_button.click()
    assert blocker.args[0].ok, blocker.args[0].message
    return invoice_id


def test_sending_to_the_simulator_moves_the_invoice_to_deposee(window, qtbot, corpus_dir, simulator) -> None:
    with qtbot.waitSignal(window.form_loaded, timeout=30000):
        drop(window, qtbot, [corpus_dir / "pdfs" / INVOICE])
    invoice_id = fix_routing_and_send(window, qtbot)
    qtbot.waitUntil(lambda: row_states(window).get(invoice_id) == InvoiceState.DEPOSEE.value, timeout=10000)
    assert simulator.invoice_count() == 1
    qtbot.waitUntil(lambda: window.current_view is not None and not window.current_view.editable, timeout=10000)
    assert not window.form.send_button.isEnabled()


def test_a_state_change_in_chorus_reaches_the_list_the_dashboard_and_a_notification(
        window, qtbot, corpus_dir, simulator) -> None:
    with qtbot.waitSignal(window.form_loaded, timeout=30000):
        drop(window, qtbot, [corpus_dir / "pdfs" / INVOICE])
    invoice_id = fix_routing_and_send(window, qtbot)
    chorus_id = window.bridge.context.queries.get_invoice(invoice_id).chorus.invoice_id
    simulator.set_status(chorus_id, "REJETEE", "Le numéro d'engagement est inconnu.")
    with qtbot.waitSignal(window.notifier.notified, timeout=30000) as notified:
        window.sync_now()
    assert "Rejetée" in notified.args[1] and "engagement est inconnu" in notified.args[1]
    qtbot.waitUntil(lambda: row_states(window).get(invoice_id) == InvoiceState.REJETEE.value, timeout=10000)
    qtbot.waitUntil(lambda: window.dashboard.counts[TO_HANDLE_KEY] == 1, timeout=10000)
    assert window.dashboard.counts[InvoiceState.REJETEE.value] == 1
    window.dashboard.tile(TO_HANDLE_KEY).click()
    assert window.proxy.rowCount() == 1


def test_settings_store_credentials_in_the_keyring_and_test_the_connection(window, qtbot, isolated_data_dir) -> None:
    window.open_settings()
    dialog = window.settings_dialog
    assert isinstance(dialog, SettingsDialog)
    qtbot.waitUntil(lambda: dialog.profile_list.count() == 1, timeout=10000)  # the simulator's profile
    # The simulator's profile: "Tester la connexion" explains each step.
    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.steps.count() > 0, timeout=30000)
    assert all(dialog.steps.item(i).text().startswith(("Réussi", "Attention")) for i in range(dialog.steps.count()))

    dialog.new_profile_button.click()
    dialog.name.setText("Menuiserie Martin")
    dialog.siret.setText("732 829 320 00074")
    dialog.client_id.setText("mon-application-piste")
    dialog.client_secret.setText("secret-de-test-123")
    dialog.tech_login.setText("TECH_martin@cpro.fr")
    dialog.tech_password.setText("mot-de-passe-technique")
    with qtbot.waitSignal(dialog.profile_saved, timeout=10000) as saved:
        dialog.save_button.click()
    profile = saved.args[0]
    account = f"profil-{profile.id}/qualification"
    assert keyring.get_password("chorus-desktop", f"{account}/client_secret") == "secret-de-test-123"
    assert keyring.get_password("chorus-desktop", f"{account}/tech_password") == "mot-de-passe-technique"
    assert dialog.client_secret.text() == "" and dialog.tech_password.text() == ""
    # Shown again from the keyring (identifiers only), the secrets stay hidden and are kept when not retyped.
    qtbot.waitUntil(lambda: dialog.client_secret.placeholderText() != "", timeout=10000)
    assert dialog.client_id.text() == "mon-application-piste"
    dialog.client_id.setText("nouvelle-application")
    with qtbot.waitSignal(dialog.profile_saved, timeout=10000):
        dialog.save_button.click()
    assert keyring.get_password("chorus-desktop", f"{account}/client_id") == "nouvelle-application"
    assert keyring.get_password("chorus-desktop", f"{account}/client_secret") == "secret-de-test-123"
    window.close()  # the store is closed and flushed before looking at the files
    for stored in isolated_data_dir.rglob("*"):
        if stored.is_file():
            content = stored.read_bytes()
            for secret in (b"secret-de-test-123", b"mot-de-passe-technique", b"TECH_martin", b"application-piste"):
                assert secret not in content, stored


def test_window_layout_is_remembered(qtbot, isolated_data_dir, simulator) -> None:
    first = create_main_window(isolated_data_dir, simulator=simulator, start_background=False)
    qtbot.addWidget(first)
    first.resize(760, 540)
    first.splitter.setSizes([300, 350, 350])
    sizes = first.splitter.sizes()
    first.close()
    second = create_main_window(isolated_data_dir, simulator=simulator, start_background=False)
    qtbot.addWidget(second)
    assert (second.size().width(), second.size().height()) == (760, 540)
    assert second.splitter.sizes() == sizes
    assert (isolated_data_dir / "config" / "gui.ini").exists()


def test_typing_a_recipient_siret_fetches_its_name_and_active_services(window, qtbot, corpus_dir, simulator) -> None:
    from PySide6.QtWidgets import QComboBox

    from chorus_desktop.sandbox.data import RECIPIENT_SERVICE_REQUIRED

    with qtbot.waitSignal(window.form_loaded, timeout=30000):
        drop(window, qtbot, [corpus_dir / "pdfs" / INVOICE])
    siret_edit = window.form.findChild(QLineEdit, "codeDestinataire")
    siret_edit.setText(RECIPIENT_SERVICE_REQUIRED)
    with qtbot.waitSignal(window.recipient_found, timeout=30000,
                          check_params_cb=lambda siret, _name: siret == RECIPIENT_SERVICE_REQUIRED) as found:
        siret_edit.editingFinished.emit()
    structure = simulator.backend.structure_by_siret(RECIPIENT_SERVICE_REQUIRED)
    assert found.args[1] == structure.name
    assert window.form.recipient_label.text() == structure.name
    combo = window.form.findChild(QComboBox, "codeServiceExecutant")
    offered = {combo.itemData(i) for i in range(combo.count())} - {""}
    assert offered == {s.code for s in structure.services if s.active}


def test_supporting_documents_are_added_and_removed_through_the_core(window, qtbot, corpus_dir, tmp_path) -> None:
    with qtbot.waitSignal(window.form_loaded, timeout=30000):
        drop(window, qtbot, [corpus_dir / "pdfs" / INVOICE])
    delivery_note = tmp_path / "bon-de-livraison.pdf"
    delivery_note.write_bytes((corpus_dir / "pdfs" / OTHER_INVOICE).read_bytes())
    with qtbot.waitSignal(window.form_loaded, timeout=10000):
        window.form.attachment_added.emit(delivery_note)  # what the file chooser does
    assert [window.form.attachment_list.item(i).text() for i in range(window.form.attachment_list.count())] == [
        "bon-de-livraison.pdf"]
    record = window.bridge.context.queries.get_invoice(window.current_view.invoice_id)
    assert [a.designation for a in record.deposit.pieceJointeComplementaire] == ["bon-de-livraison.pdf"]
    window.form.attachment_list.setCurrentRow(0)
    with qtbot.waitSignal(window.form_loaded, timeout=10000):
        window.form.attachment_removed.emit(0)
    assert window.form.attachment_list.count() == 0


def test_a_batch_import_reports_progress_file_by_file(window, qtbot, corpus_dir) -> None:
    files = [corpus_dir / "pdfs" / name for name in (INVOICE, OTHER_INVOICE, "cas-ok-001.pdf")]
    steps: list[tuple[int, int]] = []
    window.import_progressed.connect(lambda done, total: steps.append((done, total)))
    drop(window, qtbot, files)
    assert steps == [(1, 3), (2, 3), (3, 3)]
