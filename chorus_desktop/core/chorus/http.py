"""HTTP for Chorus Pro: TLS from the OS trust store, timeouts on every call, bounded retries.

Retry rules (why): timeouts, 5xx and 429 are transient, so they are retried with exponential backoff
(429 honours Retry-After). A request that changes something in Chorus Pro (`idempotent=False`, e.g.
soumettre) is only retried when we know it never reached the server (connection refused, 429); when the
answer is lost after the request left (read timeout, dropped connection, 5xx) we raise
`ChorusAnswerLostError` so the caller can look the invoice up before trying again (exactly-once).
"""

from __future__ import annotations

import email.utils
import logging
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import truststore

from chorus_desktop.core.chorus.environments import check_url, is_loopback_url
from chorus_desktop.core.chorus.errors import ChorusAnswerLostError, ChorusUnavailableError

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)


@dataclass
class RetryPolicy:
    max_attempts: int = 4
    base_delay: float = 1.0
    max_delay: float = 30.0
    sleep: Callable[[float], None] = field(default=time.sleep)

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Seconds to wait before attempt number `attempt + 1` (attempt starts at 1)."""
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.max_delay)
        return min(self.base_delay * float(2 ** max(attempt - 1, 0)), self.max_delay)


def make_http_client(base_url_for_check: str, timeout: httpx.Timeout | float = DEFAULT_TIMEOUT) -> httpx.Client:
    """An httpx client verifying TLS against the operating system's trust store (office proxies work)."""
    check_url(base_url_for_check)
    if is_loopback_url(base_url_for_check) and base_url_for_check.startswith("http://"):
        # The local simulator: no TLS on 127.0.0.1, and never through a proxy.
        return httpx.Client(timeout=timeout, trust_env=False, follow_redirects=False)
    context = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    return httpx.Client(timeout=timeout, verify=context, follow_redirects=False)


def parse_retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:  # the other form: an HTTP date
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, parsed.timestamp() - time.time())


def send_with_retries(
    send: Callable[[], httpx.Response],
    *,
    what: str,
    policy: RetryPolicy,
    idempotent: bool,
) -> httpx.Response:
    """Call `send()` until it gives a non-transient answer or the attempts run out.

    Returns the response (any status except transient ones); raises ChorusUnavailableError or
    ChorusAnswerLostError.
    """
    attempt = 0
    while True:
        attempt += 1
        last_attempt = attempt >= policy.max_attempts
        retry_after: float | None = None
        try:
            response = send()
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as error:
            # The request never reached the server: always safe to retry.
            if last_attempt:
                raise ChorusUnavailableError(code="reseau", params={"what": what, "reason": _network_reason(error)}
                                             ) from None
            log.warning("Chorus Pro injoignable (%s), tentative %d : %s", what, attempt, type(error).__name__)
        except (httpx.TimeoutException, httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as error:
            if not idempotent:
                raise ChorusAnswerLostError(code="reponse_perdue",
                                            params={"what": what, "reason": _network_reason(error)}) from None
            if last_attempt:
                raise ChorusUnavailableError(code="delai_depasse",
                                             params={"what": what, "reason": _network_reason(error)}) from None
            log.warning("Pas de réponse de Chorus Pro (%s), tentative %d : %s", what, attempt, type(error).__name__)
        else:
            status = response.status_code
            if status == 429:
                retry_after = parse_retry_after(response.headers.get("Retry-After"))
                if last_attempt:
                    raise ChorusUnavailableError(code="trop_de_demandes", params={"what": what})
                log.warning("Chorus Pro demande d'attendre (%s, HTTP 429), tentative %d", what, attempt)
            elif status >= 500:
                if not idempotent:
                    raise ChorusAnswerLostError(code="erreur_serveur", text_id="erreur_serveur_perdue",
                                                params={"status": status, "what": what})
                if last_attempt:
                    raise ChorusUnavailableError(code="erreur_serveur", params={"status": status, "what": what})
                log.warning("Erreur serveur Chorus Pro (%s, HTTP %d), tentative %d", what, status, attempt)
            else:
                return response
        policy.sleep(policy.delay(attempt, retry_after))


def _network_reason(error: Exception) -> str:
    if isinstance(error, httpx.TimeoutException):
        return "délai d'attente dépassé"
    if isinstance(error, httpx.RemoteProtocolError):
        return "connexion interrompue par le serveur"
    if isinstance(error, httpx.ConnectError):
        return "connexion impossible"
    return "erreur réseau"


def json_body(response: httpx.Response) -> dict[str, Any] | None:
    """The JSON object of a response, or None when the body is empty or not JSON."""
    if not response.content:
        return None
    try:
        data = response.json()
    except ValueError:
        return None
    return data if isinstance(data, dict) else None
