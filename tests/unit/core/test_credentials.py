"""Credentials live in the keyring only; environment variables override them; no keyring = this run only."""

from __future__ import annotations

import keyring
import pytest
from keyring.backends import chainer, fail

from chorus_desktop.core import credentials as creds
from chorus_desktop.core.credentials import (
    ChorusCredentials,
    KeyringUnavailableError,
    MissingCredentialsError,
    load_credentials,
    remember_for_this_run,
    save_credentials,
)

SAMPLE = ChorusCredentials("client-id-1", "client-secret-1", "TECH_1_demo@cpro.fr", "tech-pass-1")


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [*creds.ENV_VARS.values(), creds.TOKEN_URL_ENV, creds.API_URL_ENV]:
        monkeypatch.delenv(name, raising=False)
    creds.forget_run_only_credentials()


def test_saved_per_profile_and_environment() -> None:
    save_credentials("profil-1", "qualification", SAMPLE)
    assert load_credentials("profil-1", "qualification") == SAMPLE
    with pytest.raises(MissingCredentialsError) as caught:
        load_credentials("profil-1", "production")
    assert "chorus-desktop login" in caught.value.message


def test_secrets_never_in_repr() -> None:
    text = repr(SAMPLE) + str(SAMPLE)
    assert "client-secret-1" not in text and "tech-pass-1" not in text


def test_environment_variables_override_for_the_process(monkeypatch: pytest.MonkeyPatch) -> None:
    save_credentials("profil-1", "qualification", SAMPLE)
    monkeypatch.setenv("CHORUS_DESKTOP_TECH_PASSWORD", "from-env")
    loaded = load_credentials("profil-1", "qualification")
    assert loaded.tech_password == "from-env" and loaded.client_secret == "client-secret-1"
    # ...and are never written to the keyring.
    assert keyring.get_password(creds.KEYRING_SERVICE, "profil-1/qualification/tech_password") == "tech-pass-1"


def test_all_environment_variables_work_without_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    keyring.set_keyring(fail.Keyring())
    for name, var in creds.ENV_VARS.items():
        monkeypatch.setenv(var, getattr(SAMPLE, name))
    monkeypatch.setenv("CHORUS_DESKTOP_API_URL", "https://api.example.org/cpro")
    assert load_credentials("any", "production") == SAMPLE
    assert creds.url_overrides() == (None, "https://api.example.org/cpro")


@pytest.mark.parametrize("backend", [fail.Keyring, lambda: chainer.ChainerBackend.__new__(chainer.ChainerBackend)])
def test_no_keyring_is_a_typed_french_error(backend: object, monkeypatch: pytest.MonkeyPatch) -> None:
    instance = backend()  # type: ignore[operator]
    if isinstance(instance, chainer.ChainerBackend):
        monkeypatch.setattr(chainer.ChainerBackend, "backends", [], raising=False)
    keyring.set_keyring(instance)
    assert not creds.keyring_available()
    with pytest.raises(KeyringUnavailableError) as caught:
        save_credentials("profil-1", "qualification", SAMPLE)
    assert "trousseau" in caught.value.message
    with pytest.raises(KeyringUnavailableError):
        load_credentials("profil-1", "qualification")


def test_without_keyring_secrets_kept_for_this_run_only() -> None:
    keyring.set_keyring(fail.Keyring())
    remember_for_this_run("profil-1", "qualification", SAMPLE)
    assert load_credentials("profil-1", "qualification") == SAMPLE
    creds.forget_run_only_credentials()
    with pytest.raises(KeyringUnavailableError):
        load_credentials("profil-1", "qualification")
