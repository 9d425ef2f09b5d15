"""Application edges: French Qt dialogs, unexpected errors, macOS file-open events, history, batch send."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QLineEdit, QMessageBox

from chorus_desktop.app import ChorusApplication, create_main_window, load_french_translations
from chorus_desktop.core.errors import UserFixableError
from chorus_desktop.sandbox import Simulator, start_simulator
from chorus_desktop.sandbox.data import RECIPIENT_PLAIN
from chorus_desktop.core.states import InvoiceState
from chorus_desktop.gui.errors import install_excepthook
from chorus_desktop.gui.history_view import HistoryDialog
from chorus_desktop.gui.send_dialog import BatchSendDialog


@pytest.fixture
def simulator() -> Iterator[Simulator]:
    sim = start_simulator()
    yield sim
    sim.stop()


def test_qt_dialogs_speak_french(qapp) -> None:
    translators = load_french_translations(qapp)
    try:
        assert translators, "qtbase_fr.qm introuvable"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuler"
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)


def test_an_unexpected_error_shows_a_dialog_and_the_window_stays_usable(qtbot, isolated_data_dir) -> None:
    window = create_main_window(isolated_data_dir, start_background=False, extraction_process=False)
    qtbot.addWidget(window)
    hook = install_excepthook(window)
    try:
        try:
            raise KeyError("bogue")
        except KeyError:
            sys.excepthook(*sys.exc_info())
        dialog = window.findChild(QMessageBox, "unexpectedErrorDialog")
        assert dialog is not None and dialog.isVisible()
        assert "reste utilisable" in dialog.text()
        assert "KeyError" in dialog.detailedText()
        dialog.close()
        with qtbot.waitSignal(window.list_refreshed):  # the event loop and the window still work
            window.refresh_list()
    finally:
        hook.uninstall()


def test_a_user_error_in_a_task_becomes_its_french_message(qtbot, isolated_data_dir) -> None:
    window = create_main_window(isolated_data_dir, start_background=False, extraction_process=False)
    qtbot.addWidget(window)

    def refuse() -> None:
        raise UserFixableError("Le numéro de facture est obligatoire.")

    with qtbot.waitSignal(window.runner.unhandled_error):
        window.runner.submit(refuse)
    dialog = window.findChild(QMessageBox, "errorDialog")
    assert dialog is not None and dialog.text() == "Le numéro de facture est obligatoire."


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


def test_file_open_event_from_the_finder_is_turned_into_an_import(qapp, corpus_dir) -> None:
    """macOS sends QFileOpenEvent to the application (Finder "Ouvrir avec", Dock icon)."""
    pdf = corpus_dir / "pdfs" / "fnfe-facture-fr.pdf"
    received: list[list[Path]] = []

    class Stand_in:  # the two attributes ChorusApplication.event uses; the test session owns the QApplication
        pending_files: list[Path] = []
        files_opened = type("Signal", (), {"emit": staticmethod(received.append)})()

    handled = ChorusApplication.event(Stand_in(), QFileOpenEvent(QUrl.fromLocalFile(str(pdf))))  # type: ignore[arg-type]
    assert handled is True
    assert received == [[pdf]]


def test_history_shows_states_with_the_recipients_comment(qtbot, isolated_data_dir, simulator, corpus_dir) -> None:
    window = create_main_window(isolated_data_dir, simulator=simulator, start_background=False)
    qtbot.addWidget(window)
    invoices = window.bridge.context
    [outcome] = invoices.importing.import_files([corpus_dir / "pdfs" / "fnfe-facture-fr.pdf"])
    invoice_id = outcome.invoice_id
    record = invoices.queries.get_invoice(invoice_id)
    invoices.editing.update_deposit(invoice_id, {"codeDestinataire": RECIPIENT_PLAIN,
                                         "montantAPayer": record.deposit.montantTtcTotal})
    assert window.bridge.send(invoice_id).ok
    chorus_id = invoices.queries.get_invoice(invoice_id).chorus.invoice_id
    simulator.set_status(chorus_id, "SUSPENDUE", "Merci de joindre le bon de livraison.")
    window.bridge.sync()
    number, changes = window.bridge.history(invoice_id)
    dialog = HistoryDialog(number, changes, window)
    qtbot.addWidget(dialog)
    texts = [[dialog.table.item(r, c).text() for c in range(3)] for r in range(dialog.table.rowCount())]
    assert texts[0][1] == "Suspendue" and texts[0][2] == "Merci de joindre le bon de livraison."
    assert any(row[1] == "Déposée" for row in texts)


def test_batch_send_reports_each_invoice(qtbot, isolated_data_dir, simulator, corpus_dir) -> None:
    window = create_main_window(isolated_data_dir, simulator=simulator, start_background=False)
    qtbot.addWidget(window)
    invoices = window.bridge.context
    outcomes = invoices.importing.import_files([corpus_dir / "pdfs" / "fnfe-facture-fr.pdf",
                                      corpus_dir / "pdfs" / "cas-ok-001.pdf"])
    for outcome in outcomes:
        record = invoices.queries.get_invoice(outcome.invoice_id)
        invoices.editing.update_deposit(outcome.invoice_id, {"codeDestinataire": RECIPIENT_PLAIN, "codeServiceExecutant": "",
                                                     "montantAPayer": record.deposit.montantTtcTotal})
        invoices.lifecycle.validate(outcome.invoice_id)
    ready = {s.id for s in invoices.queries.list_invoices(state=InvoiceState.PRETE)}
    assert ready == {o.invoice_id for o in outcomes}
    recaps = window.bridge.ready_recaps()
    dialog = BatchSendDialog(window.runner, recaps, window.bridge.send, window)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.finished_sending, timeout=30000) as blocker:
        dialog.send_button.click()
    results = blocker.args[0]
    assert [r.ok for r in results] == [True, True]
    assert dialog.progress.value() == 2
    assert all(dialog.table.item(r, 1).text() for r in range(2))
    assert {s.state for s in invoices.queries.list_invoices()} == {InvoiceState.DEPOSEE}
    assert window.findChild(QLineEdit, "numeroFactureSaisi") is not None


def test_demo_window_has_its_banner_its_own_simulator_and_a_profile_ready(qtbot, isolated_data_dir) -> None:
    from PySide6.QtWidgets import QLabel

    window = create_main_window(isolated_data_dir, demo=True, start_background=False, extraction_process=False)
    qtbot.addWidget(window)
    banner = window.findChild(QLabel, "demoBanner")
    assert banner is not None and "aucune facture n'est réellement envoyée" in banner.text()
    simulator = window.simulator
    assert simulator is not None and simulator.base_url.startswith("http://127.0.0.1:")
    [profile] = window.bridge.context.profiles.list_profiles()
    assert window.bridge.check_connection(profile.id)  # the simulator answers
    window.close()
    import httpx

    with pytest.raises(httpx.TransportError):  # closing the window stopped the simulator it started
        httpx.get(simulator.token_url, timeout=2)


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
