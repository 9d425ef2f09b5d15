"""Editing one invoice: the form, saving, the profile, supporting documents, the recipient lookup."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QMessageBox

from chorus_desktop.app import create_main_window
from chorus_desktop.gui import messages
from chorus_desktop.gui.bridge import FORM_FIELDS
from chorus_desktop.gui.invoice_table import Column
from chorus_desktop.sandbox.data import RECIPIENT_SERVICE_REQUIRED, SUPPLIER_SIRET

from ..conftest import Desk
from ..window_driver import INVOICE, OTHER_INVOICE, choose_profile_and_confirm_supplier, drop


def test_typing_a_recipient_siret_fetches_its_name_and_active_services(window, qtbot, corpus_dir, simulator) -> None:
    from PySide6.QtWidgets import QComboBox

    from chorus_desktop.sandbox.data import RECIPIENT_SERVICE_REQUIRED

    with qtbot.waitSignal(window.form_loaded, timeout=30000):
        drop(window, qtbot, [corpus_dir / "pdfs" / INVOICE])
    choose_profile_and_confirm_supplier(window, qtbot)  # Chorus Pro is asked with the profile's access
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


# -- the controller on its own ----------------------------------------------------------------------

def shown(desk: Desk, qtbot, corpus_dir, name: str = INVOICE) -> int:
    """Import `name` through the core, refresh the list and select the invoice: its form is shown."""
    [outcome] = desk.bridge.context.importing.import_files([corpus_dir / "pdfs" / name])
    with qtbot.waitSignal(desk.editing.list_refreshed, timeout=10000):
        desk.editing.refresh_list()
    with qtbot.waitSignal(desk.editing.form_loaded, timeout=10000) as loaded:
        desk.editing.select_invoice(outcome.invoice_id)
    assert loaded.args == [outcome.invoice_id]
    return outcome.invoice_id


def test_selecting_an_invoice_shows_its_form_and_its_document(desk: Desk, qtbot, corpus_dir) -> None:
    invoice_id = shown(desk, qtbot, corpus_dir)
    stored = desk.bridge.context.queries.get_invoice(invoice_id).deposit
    assert desk.editing.current_view is not None and desk.editing.current_view.invoice_id == invoice_id
    assert desk.editing.current_invoice_id() == invoice_id
    assert desk.form.findChild(QLineEdit, "numeroFactureSaisi").text() == stored.numeroFactureSaisi
    qtbot.waitUntil(lambda: desk.preview.canvas.rendered is not None, timeout=10000)
    with qtbot.assertNotEmitted(desk.editing.form_loaded, wait=100):
        desk.editing.select_invoice(invoice_id + 1000)  # not in the list: nothing happens


def test_saving_writes_the_store_and_refreshes_the_list(desk: Desk, qtbot, corpus_dir) -> None:
    invoice_id = shown(desk, qtbot, corpus_dir)
    desk.form.findChild(QLineEdit, "numeroFactureSaisi").setText("F-2024-NOUVEAU")
    with qtbot.waitSignal(desk.editing.list_refreshed, timeout=10000), \
            qtbot.waitSignal(desk.editing.draft_saved, timeout=10000) as saved:
        desk.editing.save_draft(desk.form.changes())
    assert saved.args == [invoice_id]
    assert desk.bridge.context.queries.get_invoice(invoice_id).deposit.numeroFactureSaisi == "F-2024-NOUVEAU"
    assert desk.model.index(0, Column.NUMBER).data() == "F-2024-NOUVEAU"
    assert desk.status_text() == messages.DRAFT_SAVED


def test_the_preview_outlines_where_a_field_was_read(desk: Desk, qtbot, corpus_dir) -> None:
    shown(desk, qtbot, corpus_dir)
    view = desk.editing.current_view
    assert view is not None and view.sources
    name, (_page, box) = next(iter(view.sources.items()))
    desk.editing.highlight_field(name)
    assert desk.preview.canvas.highlight == box
    desk.editing.highlight_field(next(n for n in FORM_FIELDS if n not in view.sources))
    assert desk.preview.canvas.highlight is None


def test_the_recipient_is_looked_up_at_chorus_pro(desk: Desk, qtbot, corpus_dir, simulator) -> None:
    invoice_id = shown(desk, qtbot, corpus_dir)
    [demo] = [p for p in desk.bridge.list_profiles() if p.siret == SUPPLIER_SIRET]
    desk.bridge.context.editing.assign_profile(invoice_id, demo.id)
    with qtbot.waitSignal(desk.editing.recipient_found, timeout=30000,
                          check_params_cb=lambda siret, _name: siret == RECIPIENT_SERVICE_REQUIRED) as found:
        desk.editing.lookup_recipient(RECIPIENT_SERVICE_REQUIRED)
    structure = simulator.backend.structure_by_siret(RECIPIENT_SERVICE_REQUIRED)
    assert found.args[1] == structure.name == desk.form.recipient_label.text()
    combo = desk.form.findChild(QComboBox, "codeServiceExecutant")
    assert {combo.itemData(i) for i in range(combo.count())} - {""} == {s.code for s in structure.services if s.active}


def test_a_failed_recipient_lookup_is_quiet(desk: Desk, qtbot, corpus_dir, monkeypatch) -> None:
    shown(desk, qtbot, corpus_dir)

    def offline(*_args: object) -> None:
        raise OSError("réseau coupé")

    monkeypatch.setattr(desk.bridge, "lookup_recipient", offline)
    with qtbot.waitSignal(desk.editing.recipient_found, timeout=10000,
                          check_params_cb=lambda siret, _name: siret == RECIPIENT_SERVICE_REQUIRED) as found:
        desk.editing.lookup_recipient(RECIPIENT_SERVICE_REQUIRED)
    assert found.args == [RECIPIENT_SERVICE_REQUIRED, ""]
    assert desk.form.recipient_label.text() == ""
    assert desk.host.findChild(QMessageBox) is None  # no dialog for a lookup


def test_choosing_a_profile_and_documents_go_through_the_core(desk: Desk, qtbot, corpus_dir, tmp_path) -> None:
    invoice_id = shown(desk, qtbot, corpus_dir)
    other = desk.bridge.context.profiles.add_profile("Menuiserie Martin", "73282932000074")
    with qtbot.waitSignal(desk.editing.draft_saved, timeout=10000):
        desk.editing.assign_profile(other.id)
    assert desk.bridge.context.queries.get_invoice(invoice_id).profile_id == other.id
    note = tmp_path / "pv.pdf"
    note.write_bytes((corpus_dir / "pdfs" / OTHER_INVOICE).read_bytes())
    with qtbot.waitSignal(desk.editing.form_loaded, timeout=10000):
        desk.editing.add_attachment(note)
    assert desk.form.attachment_list.count() == 1
    assert [a.designation for a in desk.bridge.context.queries.get_invoice(invoice_id).deposit
            .pieceJointeComplementaire] == ["pv.pdf"]
    with qtbot.waitSignal(desk.editing.form_loaded, timeout=10000):
        desk.editing.remove_attachment(0)
    assert desk.bridge.context.queries.get_invoice(invoice_id).deposit.pieceJointeComplementaire == []


def test_without_an_invoice_shown_edits_do_nothing(desk: Desk, corpus_dir, tmp_path) -> None:
    [outcome] = desk.bridge.context.importing.import_files([corpus_dir / "pdfs" / INVOICE])
    before = desk.bridge.context.queries.get_invoice(outcome.invoice_id)
    desk.editing.save_draft({"numeroFactureSaisi": "JAMAIS"})
    desk.editing.assign_profile(before.profile_id or 1)
    desk.editing.add_attachment(tmp_path / "x.pdf")
    desk.editing.remove_attachment(0)
    desk.editing.lookup_recipient(RECIPIENT_SERVICE_REQUIRED)
    assert desk.runner.pending_count == 0
    after = desk.bridge.context.queries.get_invoice(outcome.invoice_id)
    assert after.deposit.numeroFactureSaisi == before.deposit.numeroFactureSaisi


def test_the_supplier_mismatch_shows_under_the_supplier_field_with_its_button(window, qtbot, corpus_dir) -> None:
    with qtbot.waitSignal(window.form_loaded, timeout=30000):
        drop(window, qtbot, [corpus_dir / "pdfs" / INVOICE])
    form = window.form
    assert window.current_view.profile_id is None  # printed by « Au bon moulin »: not the demo's supplier
    combo = form.findChild(QComboBox, "profile")
    with qtbot.waitSignal(window.draft_saved, timeout=10000):
        combo.activated.emit(combo.count() - 1)
    note = form.notes["profile"]
    assert note.isVisibleTo(form) and "émise par Au bon moulin" in note.text.text()
    assert form.confirm_supplier_button.isVisibleTo(form)
    with qtbot.waitSignal(window.draft_saved, timeout=10000):
        form.confirm_supplier_button.click()
    assert not form.confirm_supplier_button.isVisibleTo(form)
    assert "émise par" not in form.notes["profile"].text.text()
    history = window.bridge.context.queries.history(window.current_view.invoice_id)
    assert any("Fournisseur confirmé" in (change.comment or "") for change in history)


def test_an_invoice_whose_date_was_not_read_keeps_a_blank_date_and_its_blocker_once_saved(window, qtbot,
                                                                                           tmp_path) -> None:
    from extraction_pdfs import text_pdf, write

    pdf = write(tmp_path / "sans-date.pdf", text_pdf([[
        (50, 60, "Atelier Durand SARL"), (50, 80, "SIRET 123 456 789 00012"),
        (50, 140, "FACTURE N° FD-2024-0117"), (50, 200, "Prestation de maintenance"),
        (350, 300, "Total HT 100,00 EUR"), (350, 315, "TVA 20 % 20,00 EUR"), (350, 330, "Total TTC 120,00 EUR"),
    ]]))
    with qtbot.waitSignal(window.form_loaded, timeout=30000):
        drop(window, qtbot, [pdf])
    date_edit = window.form.inputs["dateFacture"]

    def date_blocked() -> bool:
        return any(p.code == "date_manquante" and p.blocking for p in window.current_view.problems)

    assert window.current_view.values["dateFacture"] is None
    assert date_edit.text().strip() == "" and date_blocked()
    invoice_id = window.current_view.invoice_id
    with qtbot.waitSignal(window.draft_saved, timeout=10000):
        window.form.save_button.click()
    assert window.current_view.values["dateFacture"] is None and date_blocked()
    assert window.bridge.context.queries.get_invoice(invoice_id).deposit.dateFacture is None
    with qtbot.waitSignal(window.form_loaded, timeout=10000):
        window.load_invoice(invoice_id)  # reopened
    assert date_edit.text().strip() == "" and date_blocked()
    assert not window.form.notes["dateFacture"].isHidden()
    assert not window.form.send_button.isEnabled()


def test_a_siret_unknown_to_chorus_pro_says_introuvable(window, qtbot, corpus_dir, simulator) -> None:
    from chorus_desktop.sandbox.data import UNKNOWN_SIRET

    with qtbot.waitSignal(window.form_loaded, timeout=30000):
        drop(window, qtbot, [corpus_dir / "pdfs" / INVOICE])
    choose_profile_and_confirm_supplier(window, qtbot)  # Chorus Pro is asked with the profile's access
    siret_edit = window.form.findChild(QLineEdit, "codeDestinataire")
    siret_edit.setText(UNKNOWN_SIRET)
    with qtbot.waitSignal(window.recipient_found, timeout=30000,
                          check_params_cb=lambda siret, _name: siret == UNKNOWN_SIRET):
        siret_edit.editingFinished.emit()
    with qtbot.waitSignal(window.draft_saved, timeout=10000):
        window.form.save_button.click()
    note = window.form.notes["codeDestinataire"].text.text()
    assert "introuvable dans Chorus Pro" in note and "inactif" not in note


def test_an_invoice_of_a_company_without_profile_offers_to_create_it(window, qtbot, corpus_dir) -> None:
    from chorus_desktop.app import SAMPLE_INVOICE

    with qtbot.waitSignal(window.form_loaded, timeout=30000):
        drop(window, qtbot, [SAMPLE_INVOICE])  # printed by the demo's own supplier: nothing to offer
    assert not window.form.issuer_profile_button.isVisibleTo(window.form)

    with qtbot.waitSignal(window.form_loaded, timeout=30000):
        drop(window, qtbot, [corpus_dir / "pdfs" / OTHER_INVOICE])
    context = window.bridge.context
    printed = context.supplier.printed_supplier(window.current_view.invoice_id)
    assert len(printed["siret"] or "") == 14 and window.current_view.profile_id is None  # never another's
    button = window.form.issuer_profile_button
    assert button.isVisibleTo(window.form) and printed["siret"] in button.toolTip()
    with qtbot.waitSignal(window.draft_saved, timeout=10000):
        button.click()
    record = context.queries.get_invoice(window.current_view.invoice_id)
    profile = context.profiles.get_profile(record.profile_id)
    assert (profile.siret, profile.name) == (printed["siret"], printed["name"])
    assert "fournisseur_different" not in {p.code for p in record.problems}
    combo = window.form.findChild(QComboBox, "profile")
    assert combo.currentData() == profile.id
    assert not button.isVisibleTo(window.form)
    assert profile.name in window.statusBar().currentMessage()
