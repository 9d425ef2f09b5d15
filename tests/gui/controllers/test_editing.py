"""Editing one invoice: the form, saving, the profile, supporting documents, the recipient lookup."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QMessageBox

from chorus_desktop.app import create_main_window

from ..window_driver import INVOICE, OTHER_INVOICE, drop


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


def test_an_unreadable_amount_is_refused_with_the_cores_message(qtbot, isolated_data_dir, corpus_dir) -> None:
    window = create_main_window(isolated_data_dir, start_background=False, extraction_process=False)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.form_loaded, timeout=30000):
        window.import_paths([corpus_dir / "pdfs" / "fnfe-facture-fr.pdf"])
    window.form.findChild(QLineEdit, "montantHtTotal").setText("douze euros")
    window.form.save_button.click()
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "errorDialog") is not None, timeout=10000)
    assert "douze euros" in window.findChild(QMessageBox, "errorDialog").text()
    stored = window.bridge.context.queries.get_invoice(window.current_view.invoice_id).deposit.montantHtTotal
    assert stored is not None  # nothing was saved


def test_an_invoice_imported_before_any_profile_gets_one_from_the_form(qtbot, isolated_data_dir, corpus_dir) -> None:
    from PySide6.QtWidgets import QComboBox

    window = create_main_window(isolated_data_dir, start_background=False, extraction_process=False)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.form_loaded, timeout=30000):
        window.import_paths([corpus_dir / "pdfs" / "fnfe-facture-fr.pdf"])
    assert window.current_view.profile_id is None
    profile = window.bridge.context.profiles.add_profile("Menuiserie Martin", "73282932000074")
    with qtbot.waitSignal(window.form_loaded, timeout=10000):
        window.load_invoice(window.current_view.invoice_id)
    combo = window.form.findChild(QComboBox, "profile")
    index = combo.findData(profile.id)
    assert index > 0 and combo.itemData(0) is None  # "choisir le profil" first while none is set
    with qtbot.waitSignal(window.draft_saved, timeout=10000):
        combo.activated.emit(index)  # what a user's pick in the list does
    assert window.bridge.context.queries.get_invoice(window.current_view.invoice_id).profile_id == profile.id
    assert combo.currentData() == profile.id
