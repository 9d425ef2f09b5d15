"""Where Chorus Pro lives: qualification, production, a custom URL pair, or the local simulator.

The simulator is its own kind ("simulateur"), built only from a running `Simulator` and only on the
loopback interface, so a profile can never point at it by mistake and a real environment can never be
mistaken for it. Plain http is accepted for loopback addresses only; everything else must be https.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit

from chorus_desktop.core.errors import UserFixableError


class EnvironmentKind(StrEnum):
    QUALIFICATION = "qualification"
    PRODUCTION = "production"
    CUSTOM = "custom"
    SIMULATOR = "simulateur"


# The kinds a user may choose for a supplier profile.
SELECTABLE_KINDS = (EnvironmentKind.QUALIFICATION, EnvironmentKind.PRODUCTION, EnvironmentKind.CUSTOM)

KNOWN_URLS = {
    EnvironmentKind.QUALIFICATION: (
        "https://sandbox-oauth.piste.gouv.fr/api/oauth/token",
        "https://sandbox-api.piste.gouv.fr/cpro/",
    ),
    EnvironmentKind.PRODUCTION: (
        "https://oauth.piste.gouv.fr/api/oauth/token",
        "https://api.piste.gouv.fr/cpro/",
    ),
}

LABELS = {
    EnvironmentKind.QUALIFICATION: "Qualification (bac à sable PISTE)",
    EnvironmentKind.PRODUCTION: "Production",
    EnvironmentKind.CUSTOM: "Adresses personnalisées",
    EnvironmentKind.SIMULATOR: "Simulateur Chorus Pro (aucune facture n'est réellement envoyée)",
}


class InvalidEnvironmentError(UserFixableError):
    pass


def is_loopback_url(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_url(url: str) -> str:
    """An absolute http(s) URL; http only towards this computer (the simulator)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidEnvironmentError(code="adresse_invalide", params={"url": url})
    if parts.scheme == "http" and not is_loopback_url(url):
        raise InvalidEnvironmentError(code="adresse_non_chiffree", params={"url": url})
    return url


@dataclass(frozen=True)
class ChorusEnvironment:
    kind: EnvironmentKind
    token_url: str
    api_url: str  # always ends with "/" (…/cpro/)

    @property
    def label(self) -> str:
        return LABELS[self.kind]

    @property
    def is_simulator(self) -> bool:
        return self.kind is EnvironmentKind.SIMULATOR

    @property
    def key(self) -> str:
        """Keyring key part: credentials are stored per profile and per environment kind."""
        return self.kind.value

    @staticmethod
    def named(kind: str | EnvironmentKind, token_url: str | None = None,
              api_url: str | None = None) -> ChorusEnvironment:
        """The environment a profile chose; "simulateur" is refused here on purpose."""
        try:
            chosen = EnvironmentKind(kind)
        except ValueError:
            raise InvalidEnvironmentError(code="environnement_inconnu", params={"kind": kind}) from None
        if chosen is EnvironmentKind.SIMULATOR:
            raise InvalidEnvironmentError(code="simulateur_interdit")
        if chosen is EnvironmentKind.CUSTOM:
            if not token_url or not api_url:
                raise InvalidEnvironmentError(code="environnement_incomplet")
            return ChorusEnvironment(chosen, check_url(token_url), _with_slash(check_url(api_url)))
        token, api = KNOWN_URLS[chosen]
        return ChorusEnvironment(chosen, token, api)

    @staticmethod
    def simulator(token_url: str, api_url: str) -> ChorusEnvironment:
        if not (is_loopback_url(token_url) and is_loopback_url(api_url)):
            raise InvalidEnvironmentError(code="simulateur_local")
        return ChorusEnvironment(EnvironmentKind.SIMULATOR, token_url, _with_slash(api_url))

    def with_url_overrides(self, token_url: str | None, api_url: str | None) -> ChorusEnvironment:
        """CHORUS_DESKTOP_TOKEN_URL / _API_URL override this process's URLs (headless use)."""
        if not token_url and not api_url:
            return self
        # Overridden addresses are no longer the named environment: say so in every label.
        return ChorusEnvironment(
            EnvironmentKind.CUSTOM if self.kind is not EnvironmentKind.SIMULATOR else self.kind,
            check_url(token_url) if token_url else self.token_url,
            _with_slash(check_url(api_url)) if api_url else self.api_url,
        )


def _with_slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"
