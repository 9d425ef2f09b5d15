"""One Chorus Pro client per supplier profile, kept between calls so its token is reused.

`ChorusClients` is built once by `wiring.py` and shared by the deposit, sync, directory and connection
check use cases; the GUI may sync on a timer while a deposit runs, hence the lock.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from chorus_desktop.core.chorus.client import ChorusClient
from chorus_desktop.core.chorus.environments import ChorusEnvironment
from chorus_desktop.core.credentials import load_credentials, url_overrides
from chorus_desktop.core.domain.profile import Profile

ClientFactory = Callable[[Profile], ChorusClient]


def credentials_key(profile: Profile) -> str:
    """Keyring key of a profile (its id: names can be renamed)."""
    return f"profil-{profile.id}"


def default_client_factory(profile: Profile) -> ChorusClient:
    """The client for a profile: its environment (settings) and its keyring credentials."""
    settings = profile.settings or {}
    environment = ChorusEnvironment.named(profile.environment, settings.get("token_url"), settings.get("api_url"))
    credentials = load_credentials(credentials_key(profile), environment.key, profile.name)
    return ChorusClient(environment.with_url_overrides(*url_overrides()), credentials)


def fixed_client_factory(environment: ChorusEnvironment, credentials: Any, **options: Any) -> ClientFactory:
    """Every profile talks to the same place (the demo's simulator, tests)."""
    return lambda profile: ChorusClient(environment, credentials, **options)


class ChorusClients:
    def __init__(self, factory: ClientFactory = default_client_factory) -> None:
        self._factory = factory
        self._clients: dict[int, ChorusClient] = {}
        self._lock = threading.Lock()

    def client_for(self, profile: Profile) -> ChorusClient:
        """The client of a profile, kept between calls so its token is reused."""
        with self._lock:
            client = self._clients.get(profile.id)
            if client is None:
                client = self._clients[profile.id] = self._factory(profile)
            return client

    def reset_connection(self, profile_id: int | None = None) -> None:
        """Forget the cached client(s): call after the credentials or the environment changed."""
        with self._lock:
            keys = [profile_id] if profile_id is not None else list(self._clients)
            dropped = [self._clients.pop(key) for key in keys if key in self._clients]
        for client in dropped:
            client.close()

    def close(self) -> None:
        self.reset_connection()
