"""A profile's access to Chorus Pro: which identifiers the keyring holds, and saving what the user typed.

Secrets only ever go to the keyring. A value the user left empty keeps the one already stored; the four
values are saved together, so a half-typed form never leaves a mixed set behind.
"""

from __future__ import annotations

from dataclasses import dataclass

from chorus_desktop.core import credentials as keyring_store
from chorus_desktop.core.chorus.clients import ChorusClients, credentials_key
from chorus_desktop.core.credentials import ChorusCredentials, MissingCredentialsError
from chorus_desktop.core.domain.profile import Profile
from chorus_desktop.core.errors import ChorusDesktopError

CREDENTIAL_FIELDS = ("client_id", "client_secret", "tech_login", "tech_password")


@dataclass(frozen=True)
class AccessSummary:
    """What may be shown of a profile's access: the identifiers, never the secrets."""

    environment: str
    client_id: str
    tech_login: str
    has_credentials: bool


class ChorusAccess:
    def __init__(self, clients: ChorusClients) -> None:
        self._clients = clients

    def stored(self, profile: Profile, environment: str) -> ChorusCredentials | None:
        try:
            return keyring_store.load_credentials(credentials_key(profile), environment)
        except ChorusDesktopError:  # none yet, incomplete, or no keyring: nothing to show
            return None

    def summary(self, profile: Profile) -> AccessSummary:
        stored = self.stored(profile, profile.environment)
        return AccessSummary(profile.environment, stored.client_id if stored else "",
                             stored.tech_login if stored else "", stored is not None)

    def save_typed(self, profile: Profile, environment: str, typed: dict[str, str]) -> None:
        """Save the typed values over the stored ones (empty = keep); nothing when nothing changed."""
        stored = self.stored(profile, environment)
        merged = {name: typed.get(name) or (getattr(stored, name) if stored else "") for name in CREDENTIAL_FIELDS}
        if stored is not None and all(getattr(stored, name) == value for name, value in merged.items()):
            return
        if any(typed.get(name) for name in CREDENTIAL_FIELDS):
            missing = [name for name, value in merged.items() if not value]
            if missing:
                raise MissingCredentialsError(profile.name, environment, missing)
            keyring_store.save_credentials(credentials_key(profile), environment, ChorusCredentials(**merged))
            self._clients.reset_connection(profile.id)
