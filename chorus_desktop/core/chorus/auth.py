"""PISTE OAuth2 client-credentials token, cached and renewed before it expires."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from chorus_desktop.core.chorus.errors import ChorusAuthError, ChorusProtocolError
from chorus_desktop.core.chorus.http import RetryPolicy, json_body, send_with_retries
from chorus_desktop.core.chorus.redaction import register_secret

log = logging.getLogger(__name__)

# Renew this long before the announced expiry (PISTE tokens live 3600 s; OCA uses 240 s, partiduo 60 s).
RENEW_MARGIN_SECONDS = 120.0


@dataclass
class _Token:
    value: str
    expires_at: float  # monotonic clock


class TokenProvider:
    def __init__(self, http: httpx.Client, token_url: str, client_id: str, client_secret: str, *,
                 retry: RetryPolicy, clock: Callable[[], float] = time.monotonic) -> None:
        self._http = http
        self._token_url = token_url
        self._client_id = client_id
        self._client_secret = client_secret
        self._retry = retry
        self._clock = clock
        self._token: _Token | None = None
        self._lock = threading.Lock()
        self.fetch_count = 0
        register_secret(client_secret)

    def token(self) -> str:
        with self._lock:
            if self._token is None or self._clock() >= self._token.expires_at - RENEW_MARGIN_SECONDS:
                self._token = self._fetch()
            return self._token.value

    def invalidate(self) -> None:
        with self._lock:
            self._token = None

    def _fetch(self) -> _Token:
        form = {
            "grant_type": "client_credentials",
            "client_id": self._client_id,
            "client_secret": self._client_secret,
            "scope": "openid",
        }
        response = send_with_retries(
            lambda: self._http.post(self._token_url, data=form, headers={"Accept": "application/json"}),
            what="jeton PISTE", policy=self._retry, idempotent=True,
        )
        self.fetch_count += 1
        if response.status_code in (400, 401, 403):
            log.warning("Jeton PISTE refusé : HTTP %d", response.status_code)
            raise ChorusAuthError(code="piste_refus", status=response.status_code)
        data = json_body(response)
        if response.status_code != 200 or not data or not isinstance(data.get("access_token"), str):
            raise ChorusProtocolError(code="piste_reponse", params={"status": response.status_code})
        value = data["access_token"]
        register_secret(value)
        try:
            lifetime = float(data.get("expires_in", 3600))
        except (TypeError, ValueError):
            lifetime = 3600.0
        log.info("Nouveau jeton PISTE, valable %d s", int(lifetime))
        return _Token(value, self._clock() + lifetime)
