"""The first-run assistant end to end on the simulator: the demo path, and the connect path (the company from a
dropped invoice, the PISTE application, the technical account with a wrong then a right password)."""

from __future__ import annotations

import keyring
import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QWizard

from chorus_desktop.app import SAMPLE_INVOICE, create_main_window, offer_demo
from chorus_desktop.core.credentials import API_URL_ENV, TOKEN_URL_ENV
from chorus_desktop.gui.first_run import ACCOUNT, COMPANY, PISTE, FirstRunAssistant
from chorus_desktop.sandbox.data import SUPPLIER_SIRET

OFFSCREEN = "This plugin does not support (raise|propagateSizeHints|grabbing)"


@pytest.mark.qt_log_ignore(OFFSCREEN)
def test_the_assistant_comes_at_first_launch_until_dismissed_and_stays_at_hand_in_the_help_menu(
        qtbot, isolated_data_dir) -> None:
    window = create_main_window(isolated_data_dir, start_background=False, extraction_process=False)
    qtbot.addWidget(window)
    window.offer_first_run()
    qtbot.waitUntil(lambda: window.first_run is not None and window.first_run.isVisible(), timeout=10000)
    window.first_run.reject()  # « Plus tard »
    assert window.settings.value("first_run/done", False, type=bool)
    window.first_run = None
    with qtbot.waitSignal(window.runner.busy_changed, timeout=10000, check_params_cb=lambda n: n == 0):
        window.offer_first_run()  # remembered: nothing is even asked
        window.refresh_list()
    assert window.first_run is None
    window.findChild(QAction, "firstRunAction").trigger()  # « Aide › Assistant de démarrage »
    assert window.first_run is not None and window.first_run.isVisible()
    window.first_run.reject()
    window.close()


@pytest.mark.qt_log_ignore(OFFSCREEN)
def test_demo_path_opens_the_demo_in_its_own_window(window, qtbot) -> None:
    opened = offer_demo(window, extraction_process=False, sync_timer=False)
    assistant = window.open_first_run()
    assert isinstance(assistant, FirstRunAssistant)
    qtbot.waitExposed(assistant)
    assistant.welcome.demo.click()
    assert assistant.button(QWizard.WizardButton.FinishButton).isVisible()
    assistant.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: len(opened) == 1, timeout=30000)
    demo = opened[0]
    try:
        assert demo.findChild(QLabel, "demoBanner") is not None
        assert demo.paths.data_dir != window.paths.data_dir  # the user's store is untouched
        qtbot.waitUntil(lambda: demo.model.rowCount() == 1, timeout=30000)  # the sample invoice
        assert window.settings.value("first_run/done", False, type=bool)
        assert window.model.rowCount() == 0
    finally:
        demo.close()


@pytest.mark.qt_log_ignore(OFFSCREEN)
def test_connect_path_profile_from_a_dropped_invoice_then_piste_then_a_wrong_then_right_password(
        qtbot, isolated_data_dir, simulator, monkeypatch) -> None:
    # A real connection as the user makes it: the credentials typed go to the keyring, the client reads them
    # there; only the addresses point to the simulator.
    monkeypatch.setenv(TOKEN_URL_ENV, simulator.token_url)
    monkeypatch.setenv(API_URL_ENV, simulator.api_url)
    window = create_main_window(isolated_data_dir, start_background=False, extraction_process=False)
    qtbot.addWidget(window)
    assert window.bridge.is_first_run()
    assistant = window.open_first_run()
    qtbot.waitExposed(assistant)
    assistant.welcome.connect.click()
    assistant.next()
    assert assistant.currentId() == COMPANY
    assert not assistant.button(QWizard.WizardButton.NextButton).isEnabled()
    with qtbot.waitSignal(assistant.profile_created, timeout=30000) as created:
        assistant.company.drop_zone.files_dropped.emit([SAMPLE_INVOICE])
    profile = created.args[0]
    assert profile.siret == SUPPLIER_SIRET == assistant.company.siret_text()
    assert assistant.company.isComplete()
    assistant.next()
    assert assistant.currentId() == PISTE
    piste = assistant.piste
    assert any("https://piste.gouv.fr" in label.text() and label.openExternalLinks()
               for label in piste.findChildren(QLabel))
    piste.client_id.setText(simulator.client_id)
    piste.client_secret.setText(simulator.client_secret)
    for tick in piste.ticks[:4]:
        tick.setChecked(True)
    assert not piste.isComplete()  # the CGU are not ticked yet
    piste.ticks[4].setChecked(True)
    assert piste.isComplete()
    assistant.next()
    assert assistant.currentId() == ACCOUNT
    account = assistant.account
    account.tech_login.setText(simulator.tech_login)
    account.tech_password.setText("pas-le-bon-mot-de-passe")
    with qtbot.waitSignal(assistant.checked, timeout=30000) as checked:
        account.test_button.click()
    assert checked.args == [False]
    assert any(account.steps.item(i).text().startswith("Échec") for i in range(account.steps.count()))
    assert not assistant.button(QWizard.WizardButton.FinishButton).isEnabled()
    account.tech_password.setText(simulator.tech_password)
    with qtbot.waitSignal(assistant.checked, timeout=30000) as checked:
        account.test_button.click()
    assert checked.args == [True], [account.steps.item(i).text() for i in range(account.steps.count())]
    assert account.steps.count() == 7
    assert "expire le" in account.result.text()
    assert keyring.get_password("chorus-desktop", f"profil-{profile.id}/qualification/tech_password") == \
        simulator.tech_password
    assistant.button(QWizard.WizardButton.FinishButton).click()
    assert window.settings.value("first_run/done", False, type=bool)
    [only] = window.bridge.list_profiles()
    assert only.id == profile.id and only.siret == SUPPLIER_SIRET
    window.close()
