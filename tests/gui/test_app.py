"""The application (app.py): French Qt dialogs, macOS file-open events, the demo window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QFileOpenEvent

from chorus_desktop.app import ChorusApplication, create_main_window, load_french_translations


def test_qt_dialogs_speak_french(qapp) -> None:
    translators = load_french_translations(qapp)
    try:
        assert translators, "qtbase_fr.qm introuvable"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuler"
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)


def test_file_open_event_from_the_finder_is_turned_into_an_import(qapp, corpus_dir) -> None:
    """macOS sends QFileOpenEvent to the application (Finder "Ouvrir avec", Dock icon)."""
    pdf = corpus_dir / "pdfs" / "fnfe-facture-fr.pdf"
    received: list[list[Path]] = []

    class Stand_in:  # the two attributes ChorusApplication.event uses; the test session owns the QApplication
        pending_files: list[Path] = []  # noqa: RUF012
        files_opened = type("Signal", (), {"emit": staticmethod(received.append)})()

    handled = ChorusApplication.event(Stand_in(), QFileOpenEvent(QUrl.fromLocalFile(str(pdf))))  # type: ignore[arg-type]
    assert handled is True
    assert received == [[pdf]]


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


@pytest.mark.qt_log_ignore("This plugin does not support (raise|propagateSizeHints)")
def test_the_demo_opens_on_an_invoice_that_sends_and_lists_the_simulators_recipients(qtbot, isolated_data_dir) -> None:
    from chorus_desktop.app import prepare_demo
    from chorus_desktop.gui.send_dialog import SendConfirmDialog
    from chorus_desktop.sandbox.data import RECIPIENT_EJ_REQUIRED, RECIPIENT_INACTIVE, RECIPIENT_PLAIN

    window = create_main_window(isolated_data_dir, demo=True, start_background=False, extraction_process=False)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.list_refreshed, timeout=10000):
        window.start_background(recover=False, sync_timer=False)
    with qtbot.waitSignal(window.form_loaded, timeout=60000):
        prepare_demo(window)  # as `--demo` does: the sample invoice imported and shown
    panel = window.try_panel
    assert panel is not None and panel.isVisible()
    listed = panel.recipients.text()
    assert RECIPIENT_PLAIN in listed and "COMMUNE DE DÉMOVILLE" in listed
    assert f"{RECIPIENT_EJ_REQUIRED} — Exige : numéro d'engagement obligatoire" in listed
    assert RECIPIENT_INACTIVE not in listed
    view = window.current_view
    assert [p.message for p in view.problems if p.blocking] == []
    assert window.form.send_button.isEnabled()
    window.form.send_button.click()  # as it is, nothing changed
    qtbot.waitUntil(lambda: isinstance(window.send_confirm_dialog, SendConfirmDialog)
                    and window.send_confirm_dialog.isVisible(), timeout=10000)
    with qtbot.waitSignal(window.invoice_sent, timeout=30000) as sent:
        window.send_confirm_dialog.confirm_button.click()
    assert sent.args[0].ok, sent.args[0].message
    window.close()
