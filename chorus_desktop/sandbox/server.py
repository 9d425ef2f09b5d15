"""The simulator's HTTP side: a real server on 127.0.0.1 with PISTE's token endpoint, the two auth
headers, Chorus Pro's paths, a small admin endpoint for the demo, call counting and fault injection.
"""

from __future__ import annotations

import base64
import binascii
import collections
import datetime as dt
import json
import logging
import secrets
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

from chorus_desktop.sandbox.backend import SimulatorBackend
from chorus_desktop.sandbox.protocol import HttpFailure, paris_wall_clock

log = logging.getLogger(__name__)

TOKEN_PATH = "/api/oauth/token"
API_PREFIX = "/cpro/"
ADMIN_PREFIX = "/_simulateur/"
LABEL = "Simulateur Chorus Pro (aucune facture n'est réellement envoyée)"
API_FAMILIES = ("factures", "structures", "transverses", "utilisateurs")
# "lag" (on soumettre): Chorus stores the invoice at once (its number is taken: 20108 for a second one) but
# its search shows it only after `delay` seconds, and the answer comes after `delay` seconds too.
FAULT_KINDS = ("500", "429", "403", "401", "slow", "hold", "drop", "drop_after", "expire_token", "lag")


@dataclass
class Fault:
    kind: str
    path: str | None = None  # API path such as "factures/v1/soumettre"; None = the next API call
    retry_after: float = 0.0
    delay: float = 2.0


class Simulator:
    """A running simulator. Credentials are random dummies generated for this instance."""

    def __init__(self, port: int = 0, *, token_lifetime: int = 3600,
                 now: Callable[[], dt.datetime] = paris_wall_clock) -> None:
        self.backend = SimulatorBackend(now=now)
        self.client_id = "sim-" + secrets.token_hex(8)
        self.client_secret = secrets.token_urlsafe(24)
        self.tech_login = f"TECH_SIM_{secrets.token_hex(4)}@cpro.fr"
        self.tech_password = secrets.token_urlsafe(18)
        self.token_lifetime = token_lifetime
        self.subscribed = set(API_FAMILIES)
        self.tokens: dict[str, float] = {}
        self.calls: collections.Counter[str] = collections.Counter()
        # The last JSON bodies received and answered, per API path (tests check them against the Swagger).
        self.exchanges: collections.deque[tuple[str, dict[str, Any], dict[str, Any]]] = collections.deque(maxlen=200)
        self._faults: list[Fault] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._released = threading.Event()  # lets "hold" faults go on
        self._changed = threading.Condition()  # notified after every request, for wait_for()
        self._server = ThreadingHTTPServer(("127.0.0.1", port), _make_handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="chorus-simulator", daemon=True)
        self._thread.start()

    # ------------------------------------------------------------------ addresses and credentials

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def token_url(self) -> str:
        return self.base_url + TOKEN_PATH

    @property
    def api_url(self) -> str:
        return self.base_url + API_PREFIX

    @property
    def label(self) -> str:
        return LABEL

    @property
    def credentials(self) -> Any:
        from chorus_desktop.core.credentials import ChorusCredentials

        return ChorusCredentials(self.client_id, self.client_secret, self.tech_login, self.tech_password)

    def environment(self) -> Any:
        from chorus_desktop.core.chorus.environments import ChorusEnvironment

        return ChorusEnvironment.simulator(self.token_url, self.api_url)

    def stop(self) -> None:
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> Simulator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------------ control

    def inject(self, kind: str, path: str | None = None, *, retry_after: float = 0.0, delay: float = 2.0,
               times: int = 1) -> None:
        """Make the next call(s) to `path` (or any API path) fail in the given way."""
        if kind not in FAULT_KINDS:
            raise ValueError(kind)
        with self._lock:
            self._faults.extend(Fault(kind, path, retry_after, delay) for _ in range(times))

    def expire_tokens(self) -> None:
        with self._lock:
            for token in self.tokens:
                self.tokens[token] = 0.0

    def release_held(self) -> None:
        """Let requests stopped by a "hold" fault be processed."""
        self._released.set()

    def wait_for(self, condition: Callable[[], bool], timeout: float = 30.0) -> bool:
        """Block until `condition()` is true (re-checked after each request) or the timeout passes."""
        with self._changed:
            return self._changed.wait_for(condition, timeout)

    def _notify(self) -> None:
        with self._changed:
            self._changed.notify_all()

    def reset_counts(self) -> None:
        with self._lock:
            self.calls.clear()

    def total_calls(self) -> int:
        with self._lock:
            return sum(self.calls.values())

    def set_status(self, invoice_id: int, status: str, comment: str = "") -> None:
        self.backend.set_status(invoice_id, status, comment)

    def advance(self, invoice_id: int, comment: str = "") -> None:
        self.backend.advance(invoice_id, comment)

    def send_back(self, invoice_id: int, status: str, comment: str) -> None:
        """The recipient sends the invoice back: A_RECYCLER, SUSPENDUE or REJETEE, with its comment."""
        self.backend.send_back(invoice_id, status, comment)

    def add_recipient(self, siret: str, name: str = "DESTINATAIRE DE DÉMONSTRATION", *,
                      service_codes: tuple[str, ...] = (), service_required: bool = False,
                      ej_required: bool = False) -> None:
        """Make a public recipient known to the simulator (the demo registers the SIRETs of its invoices)."""
        from chorus_desktop.sandbox.data import SimService, SimStructure

        with self.backend.lock:
            if self.backend.structure_by_siret(siret) is not None:
                return
            new_id = max(self.backend.structures) + 1
            services = [SimService(new_id * 100 + i, code, code.title()) for i, code in enumerate(service_codes, 1)]
            self.backend.add_structure(SimStructure(new_id, siret, name, service_required=service_required,
                                                    ej_required=ej_required, services=services))

    def invoice_count(self) -> int:
        return len(self.backend.invoices)

    # ------------------------------------------------------------------ used by the handler

    def _take_fault(self, path: str) -> Fault | None:
        with self._lock:
            for index, fault in enumerate(self._faults):
                if fault.path is None or fault.path == path:
                    return self._faults.pop(index)
        return None

    def _count(self, path: str) -> None:
        with self._lock:
            self.calls[path] += 1
        self._notify()

    def _issue_token(self) -> str:
        token = secrets.token_urlsafe(32)
        with self._lock:
            self.tokens[token] = time.monotonic() + self.token_lifetime
        return token

    def _token_valid(self, token: str) -> bool:
        with self._lock:
            expiry = self.tokens.get(token)
        return expiry is not None and time.monotonic() < expiry

    def _account_valid(self, header: str | None) -> bool:
        if not header:
            return False
        try:
            decoded = base64.b64decode(header, validate=True).decode("utf-8")
        except (binascii.Error, ValueError):
            return False
        return decoded == f"{self.tech_login}:{self.tech_password}"


def _make_handler(sim: Simulator) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go out in two writes: no 40 ms delayed-ACK stall
        server_version = "ChorusProSimulator/1.0"

        def log_message(self, format: str, *args: Any) -> None:
            log.debug("simulateur : " + format, *args)  # the request line only, never headers

        # -------------------------------------------------------------- plumbing

        def _read_body(self) -> bytes:
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else b""

        def _send(self, status: int, payload: dict[str, Any] | None = None,
                  headers: dict[str, str] | None = None) -> None:
            body = b"" if payload is None else json.dumps(payload, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            if payload is not None:
                self.send_header("Content-Type", "application/json;charset=utf-8")
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _drop(self) -> None:
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

        # -------------------------------------------------------------- verbs

        def do_GET(self) -> None:
            if self.path.startswith(ADMIN_PREFIX + "factures"):
                rows = [{"identifiantFactureCPP": i.id, "numeroFacture": i.number, "statut": i.status}
                        for i in sim.backend.invoices.values()]
                self._send(200, {"simulateur": LABEL, "factures": rows})
                return
            if self.path == API_PREFIX + "transverses/v1/health-check":
                sim._count("transverses/v1/health-check")
                if not self._authorized("transverses/v1/health-check"):
                    return
                self._send(200, {"statusCode": "200"})
                return
            self._send(404, {"message": "introuvable"})

        def do_POST(self) -> None:
            raw = self._read_body()
            if self.path == TOKEN_PATH:
                sim._count("token")
                self._token(raw)
            elif self.path.startswith(ADMIN_PREFIX):
                self._admin(raw)
            elif self.path.startswith(API_PREFIX):
                self._api(self.path[len(API_PREFIX):], raw)
            else:
                self._send(404, {"message": "introuvable"})

        def _token(self, raw: bytes) -> None:
            form = {k: v[0] for k, v in parse_qs(raw.decode("utf-8", "replace")).items()}
            if form.get("grant_type") != "client_credentials":
                self._send(400, {"error": "unsupported_grant_type"})
                return
            if form.get("client_id") != sim.client_id or form.get("client_secret") != sim.client_secret:
                self._send(401, {"error": "invalid_client", "error_description": "Client authentication failed"})
                return
            self._send(200, {"access_token": sim._issue_token(), "token_type": "Bearer",
                             "expires_in": sim.token_lifetime, "scope": "openid"})

        def _authorized(self, path: str) -> bool:
            auth = self.headers.get("Authorization") or ""
            if not auth.startswith("Bearer ") or not sim._token_valid(auth[len("Bearer "):]):
                self._send(401, None, {"WWW-Authenticate": 'Bearer error="invalid_token"'})
                return False
            if path.split("/", 1)[0] not in sim.subscribed:
                self._send(403)  # what PISTE does for an API the application is not subscribed to
                return False
            if not sim._account_valid(self.headers.get("cpro-account")):
                self._send(401, None, {"WWW-Authenticate": 'Basic realm="cpro-account"'})
                return False
            return True

        def _api(self, path: str, raw: bytes) -> None:
            sim._count(path)
            fault = sim._take_fault(path)
            if fault is not None and fault.kind == "expire_token":
                sim.expire_tokens()
                fault = None
            if not self._authorized(path):
                return
            if fault is not None:
                if fault.kind == "500":
                    self._send(500, {"message": "Erreur interne du serveur"})
                    return
                if fault.kind == "429":
                    self._send(429, None, {"Retry-After": f"{fault.retry_after:g}"})
                    return
                if fault.kind == "403":
                    self._send(403)
                    return
                if fault.kind == "401":
                    self._send(401)
                    return
                if fault.kind == "drop":
                    self._drop()
                    return
                if fault.kind == "slow":
                    sim._stopping.wait(fault.delay)
                if fault.kind == "hold":
                    while not (sim._released.is_set() or sim._stopping.is_set()):
                        sim._released.wait(0.05)
            content_type = self.headers.get("Content-Type") or ""
            if not content_type.startswith("application/json"):
                self._send(415, {"message": "Format de la requête non supporté"})
                return
            try:
                body = json.loads(raw or b"{}")
                if not isinstance(body, dict):
                    raise ValueError
            except ValueError:
                self._send(400, {"message": "Requête mal formulée"})
                return
            try:
                with sim.backend.lock:  # a "lag" invoice is hidden before any search can see it
                    answer = sim.backend.handle(path, body)
                    if fault is not None and fault.kind == "lag":
                        sim.backend.hide_from_search(answer.get("identifiantFactureCPP"), fault.delay)
                sim.exchanges.append((path, body, answer))
            except HttpFailure as failure:
                self._send(failure.status, {"message": "erreur"})
                return
            finally:
                sim._notify()
            if fault is not None and fault.kind == "lag":
                sim._stopping.wait(fault.delay)
            if fault is not None and fault.kind == "drop_after":
                # Chorus Pro processed the request, but the answer never reaches the client.
                self._drop()
                return
            try:
                self._send(200, answer)
            except OSError:  # the client is gone (killed): Chorus Pro has processed the request anyway
                self.close_connection = True

        def _admin(self, raw: bytes) -> None:
            try:
                body = json.loads(raw or b"{}")
                invoice_id = int(body["identifiantFactureCPP"])
                if self.path == ADMIN_PREFIX + "statut":
                    sim.set_status(invoice_id, str(body["statut"]), str(body.get("commentaire") or ""))
                elif self.path == ADMIN_PREFIX + "avancer":
                    sim.advance(invoice_id, str(body.get("commentaire") or ""))
                elif self.path == ADMIN_PREFIX + "renvoyer":
                    sim.send_back(invoice_id, str(body["statut"]), str(body.get("commentaire") or ""))
                else:
                    self._send(404, {"message": "introuvable"})
                    return
            except (ValueError, KeyError, TypeError):
                self._send(400, {"message": "identifiantFactureCPP inconnu ou requête invalide"})
                return
            invoice = sim.backend.invoices[invoice_id]
            self._send(200, {"identifiantFactureCPP": invoice.id, "statut": invoice.status})

    return Handler


def start_simulator(port: int = 0, **options: Any) -> Simulator:
    """Start a simulator on 127.0.0.1 (port 0 = any free port) in a background thread."""
    return Simulator(port, **options)
