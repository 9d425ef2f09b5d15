"""The settings dialog over the real core: profiles, credentials in the keyring only, connection test."""

from __future__ import annotations

import keyring

from chorus_desktop.gui.settings_dialog import SettingsDialog


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
