"""Chorus Pro credentials: in the operating system's keyring only, never in a file.

Four secrets per supplier profile and environment: the PISTE application's client id and secret, and the
Chorus Pro technical account's login and password. Environment variables override them for one process
(headless use) and are never written anywhere. When no keyring backend is usable we raise
`KeyringUnavailableError`; the caller then asks the user for the secrets and keeps them for this run
only (`remember_for_this_run`) — there is deliberately no plain-text fallback.
"""

from __future__ import annotations

import os
import shlex
from dataclasses import dataclass, replace

import keyring
import keyring.errors
from keyring.backends import chainer, fail

from chorus_desktop.core.chorus.redaction import install_log_redaction, register_secret
from chorus_desktop.core.errors import EnvironmentFailure, UserFixableError

KEYRING_SERVICE = "chorus-desktop"
FIELDS = ("client_id", "client_secret", "tech_login", "tech_password")
ENV_VARS = {
    "client_id": "CHORUS_DESKTOP_CLIENT_ID",
    "client_secret": "CHORUS_DESKTOP_CLIENT_SECRET",
    "tech_login": "CHORUS_DESKTOP_TECH_LOGIN",
    "tech_password": "CHORUS_DESKTOP_TECH_PASSWORD",
}
TOKEN_URL_ENV = "CHORUS_DESKTOP_TOKEN_URL"
API_URL_ENV = "CHORUS_DESKTOP_API_URL"

FIELD_LABELS = {
    "client_id": "l'identifiant client (client_id) de l'application PISTE",
    "client_secret": "le secret client (client_secret) de l'application PISTE",
    "tech_login": "le login du compte technique Chorus Pro",
    "tech_password": "le mot de passe du compte technique Chorus Pro",
}


class KeyringUnavailableError(EnvironmentFailure):
    """No usable keyring backend: secrets can only be kept in memory for this run."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(
            message or
            "Aucun trousseau de mots de passe n'est disponible sur ce système : les identifiants Chorus Pro "
            "ne peuvent pas être enregistrés. Saisissez-les pour cette session uniquement (ils ne seront "
            "écrits nulle part), ou installez un trousseau (Secret Service / KWallet sous Linux).",
            code="trousseau_indisponible",
        )

    @classmethod
    def for_login(cls) -> KeyringUnavailableError:
        return cls(
            "Aucun trousseau de mots de passe n'est disponible sur ce système : rien n'a été enregistré (les "
            "identifiants ne sont jamais écrits dans un fichier). Chaque commande les demandera pour sa durée "
            "seulement, ou définissez pour le processus les variables CHORUS_DESKTOP_CLIENT_ID, "
            "CHORUS_DESKTOP_CLIENT_SECRET, CHORUS_DESKTOP_TECH_LOGIN et CHORUS_DESKTOP_TECH_PASSWORD. Pour les "
            "enregistrer, installez un trousseau (Secret Service / KWallet sous Linux)."
        )


class MissingCredentialsError(UserFixableError):
    def __init__(self, profile: str, environment: str, missing: list[str]) -> None:
        labels = ", ".join(FIELD_LABELS[name] for name in missing)
        super().__init__(
            f"Identifiants Chorus Pro incomplets pour le profil « {profile} » ({environment}) : il manque "
            f"{labels}. Lancez « chorus-desktop login --profile {shlex.quote(profile)} » pour les enregistrer.",
            code="identifiants_manquants",
        )
        self.missing = missing


@dataclass(frozen=True)
class ChorusCredentials:
    client_id: str
    client_secret: str
    tech_login: str
    tech_password: str

    def __repr__(self) -> str:  # never print secrets, even in a traceback's locals
        return f"ChorusCredentials(client_id={self.client_id!r}, tech_login={self.tech_login!r}, secrets=***)"

    __str__ = __repr__

    def secrets(self) -> tuple[str, ...]:
        """Values that must never appear in logs or files (the login too: half of cpro-account)."""
        return tuple(v for v in (self.client_secret, self.tech_password, self.tech_login, self.client_id) if v)


# Secrets typed in for this run only when there is no keyring; keyed by (profile, environment).
_RUN_ONLY: dict[tuple[str, str], ChorusCredentials] = {}


def keyring_available() -> bool:
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring):
        return False
    if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
        return False
    return True


def _account(profile: str, environment: str, field: str) -> str:
    return f"{profile}/{environment}/{field}"


def save_credentials(profile: str, environment: str, credentials: ChorusCredentials) -> None:
    """Store the four values in the keyring (raises KeyringUnavailableError when there is none)."""
    if not keyring_available():
        raise KeyringUnavailableError()
    try:
        for name in FIELDS:
            keyring.set_password(KEYRING_SERVICE, _account(profile, environment, name), getattr(credentials, name))
    except keyring.errors.KeyringError as error:
        raise EnvironmentFailure(
            "Le trousseau du système a refusé d'enregistrer les identifiants Chorus Pro "
            f"({type(error).__name__}). Déverrouillez le trousseau puis réessayez.",
            code="trousseau_erreur",
        ) from None


def delete_credentials(profile: str, environment: str) -> None:
    _RUN_ONLY.pop((profile, environment), None)
    if not keyring_available():
        return
    for name in FIELDS:
        try:
            keyring.delete_password(KEYRING_SERVICE, _account(profile, environment, name))
        except keyring.errors.PasswordDeleteError:
            pass


def remember_for_this_run(profile: str, environment: str, credentials: ChorusCredentials) -> None:
    """Keep secrets in this process's memory only (used when the keyring is unavailable)."""
    _RUN_ONLY[(profile, environment)] = _registered(credentials)


def forget_run_only_credentials() -> None:
    _RUN_ONLY.clear()


def _stored_values(profile: str, environment: str) -> dict[str, str]:
    run_only = _RUN_ONLY.get((profile, environment))
    if run_only is not None:
        return {name: getattr(run_only, name) for name in FIELDS}
    if not keyring_available():
        return {}
    values: dict[str, str] = {}
    try:
        for name in FIELDS:
            value = keyring.get_password(KEYRING_SERVICE, _account(profile, environment, name))
            if value:
                values[name] = value
    except keyring.errors.KeyringError:
        raise EnvironmentFailure(
            "Le trousseau du système n'a pas pu être lu (verrouillé ?). Déverrouillez-le puis réessayez.",
            code="trousseau_erreur",
        ) from None
    return values


def env_overrides() -> dict[str, str]:
    return {name: os.environ[var] for name, var in ENV_VARS.items() if os.environ.get(var)}


def has_credentials(profile: str, environment: str) -> bool:
    try:
        values = {**_stored_values(profile, environment), **env_overrides()}
    except EnvironmentFailure:
        values = env_overrides()
    return all(values.get(name) for name in FIELDS)


def load_credentials(profile: str, environment: str, profile_name: str | None = None) -> ChorusCredentials:
    """The credentials to use now: environment variables first, then this run's memory, then the keyring.
    `profile` is the keyring key; `profile_name` the name the user knows (for the messages).

    Raises KeyringUnavailableError when nothing is set in the environment or memory and there is no
    keyring, MissingCredentialsError when some value is missing.
    """
    install_log_redaction()
    overrides = env_overrides()
    if len(overrides) == len(FIELDS):
        return _registered(ChorusCredentials(**overrides))
    if (profile, environment) not in _RUN_ONLY and not keyring_available():
        raise KeyringUnavailableError()
    values = {**_stored_values(profile, environment), **overrides}
    missing = [name for name in FIELDS if not values.get(name)]
    if missing:
        raise MissingCredentialsError(profile_name or profile, environment, missing)
    return _registered(ChorusCredentials(**{name: values[name] for name in FIELDS}))


def _registered(credentials: ChorusCredentials) -> ChorusCredentials:
    """From now on, these values are blanked out of every log line."""
    for secret in credentials.secrets():
        register_secret(secret)
    return credentials


def with_overrides(credentials: ChorusCredentials) -> ChorusCredentials:
    """Apply the environment variables on top of given credentials."""
    return replace(credentials, **env_overrides())


def url_overrides() -> tuple[str | None, str | None]:
    """(token URL, API base URL) from the environment, for this process only."""
    return os.environ.get(TOKEN_URL_ENV) or None, os.environ.get(API_URL_ENV) or None
