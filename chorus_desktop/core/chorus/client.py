"""The Chorus Pro API client: one method per endpoint we use, all `POST` + JSON under `…/cpro/`.

Every call carries `Authorization: Bearer <PISTE token>` and `cpro-account: base64(login:password)`.
HTTP errors become typed errors with French explanations; a non-zero `codeRetour` becomes
`ChorusFunctionalError` (except "no result", which is an empty list).
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
from collections.abc import Callable, Iterator
from typing import Any

import httpx

from chorus_desktop.core.chorus.auth import TokenProvider
from chorus_desktop.core.chorus.environments import ChorusEnvironment
from chorus_desktop.core.chorus.errors import (
    ChorusAuthError,
    ChorusFunctionalError,
    ChorusProtocolError,
)
from chorus_desktop.core.chorus.http import (
    DEFAULT_TIMEOUT,
    RetryPolicy,
    json_body,
    make_http_client,
    send_with_retries,
)
from chorus_desktop.core.chorus.redaction import install_log_redaction, register_secret
from chorus_desktop.core.credentials import ChorusCredentials
from chorus_desktop.core.errors import UserFixableError

log = logging.getLogger(__name__)

JSON_CONTENT_TYPE = "application/json;charset=utf-8"
# codeRetour/libelle pairs meaning "nothing found" rather than an error (Pastell CPPWrapper).
NO_RESULT_LIBELLES = frozenset({"TRA_MSG_00.015", "GFT_MSG_01.075"})
DEFAULT_PAGE_SIZE = 100
MAX_PAGES = 1000  # a safety net against a server that never reports its last page


def cpro_account_header(login: str, password: str) -> str:
    return base64.b64encode(f"{login}:{password}".encode()).decode("ascii")


class ChorusClient:
    def __init__(
        self,
        environment: ChorusEnvironment,
        credentials: ChorusCredentials,
        *,
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        install_log_redaction()
        for secret in credentials.secrets():
            register_secret(secret)
        self.environment = environment
        self._retry = retry or RetryPolicy()
        self._http = make_http_client(environment.api_url, timeout)
        self._token_http = (self._http if _same_origin(environment.api_url, environment.token_url)
                            else make_http_client(environment.token_url, timeout))
        extra = {"clock": clock} if clock is not None else {}
        self.tokens = TokenProvider(self._token_http, environment.token_url, credentials.client_id,
                                    credentials.client_secret, retry=self._retry, **extra)
        self._cpro_account = cpro_account_header(credentials.tech_login, credentials.tech_password)
        register_secret(self._cpro_account)

    def close(self) -> None:
        self._http.close()
        if self._token_http is not self._http:
            self._token_http.close()

    def __enter__(self) -> ChorusClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ transport

    def post(self, path: str, body: dict[str, Any], *, idempotent: bool = True) -> dict[str, Any]:
        """POST `body` to `…/cpro/<path>` and return the JSON answer (codeRetour 0 or "no result")."""
        url = self.environment.api_url + path
        renewed = False
        while True:
            token = self.tokens.token()
            headers = {
                "Authorization": f"Bearer {token}",
                "cpro-account": self._cpro_account,
                "Content-Type": JSON_CONTENT_TYPE,
                "Accept": "application/json",
            }
            response = send_with_retries(
                lambda: self._http.post(url, json=body, headers=headers),
                what=path, policy=self._retry, idempotent=idempotent,
            )
            if response.status_code == 401 and not renewed:
                # The token may have expired early or been revoked: renew it once.
                log.info("HTTP 401 sur %s : renouvellement du jeton", path)
                self.tokens.invalidate()
                renewed = True
                continue
            return self._read(path, response)

    def _read(self, path: str, response: httpx.Response) -> dict[str, Any]:
        status = response.status_code
        data = json_body(response)
        if status == 401:
            # PISTE puts the useful details in the headers (OCA PR #425); they hold no secret.
            log.warning("HTTP 401 sur %s ; en-têtes : %s", path,
                        {k: v for k, v in response.headers.items() if k.lower().startswith(("www-", "x-"))})
            raise ChorusAuthError(code="compte_technique_refuse", status=401, path=path)
        if status == 403:
            log.warning("HTTP 403 sur %s (corps %s)", path, "vide" if not response.content else "non vide")
            raise ChorusAuthError(code="acces_refuse", status=403, path=path)
        if status == 413:
            raise UserFixableError(code="fichier_trop_gros")
        if status == 404:
            raise ChorusProtocolError(code="api_introuvable", params={"path": path})
        if data is not None and "codeRetour" in data and status in (200, 400):
            return self._check_code(path, data)
        if status == 400:
            raise ChorusProtocolError(code="requete_invalide", params={"path": path})
        if status != 200 or data is None:
            raise ChorusProtocolError(code="reponse_inattendue", params={"status": status, "path": path})
        return data

    @staticmethod
    def _check_code(path: str, data: dict[str, Any]) -> dict[str, Any]:
        try:
            code = int(data.get("codeRetour", 0))
        except (TypeError, ValueError):
            code = -1
        libelle = str(data.get("libelle") or "")
        if code == 0 or libelle in NO_RESULT_LIBELLES:
            return data
        raise ChorusFunctionalError(path, code, libelle)

    # ------------------------------------------------------------------ structures

    def search_structure(self, siret: str) -> list[dict[str, Any]]:
        """structures/v1/rechercher by SIRET → listeStructures[] (statut ACTIVE/INACTIVE)."""
        data = self.post("structures/v1/rechercher", {
            "structure": {"identifiantStructure": siret, "typeIdentifiantStructure": "SIRET"},
            "parametres": {"nbResultatsParPage": 10, "pageResultatDemandee": 1},
        })
        return list(data.get("listeStructures") or [])

    def search_structures(self, criteria: dict[str, Any], page_size: int = 10) -> list[dict[str, Any]]:
        """structures/v1/rechercher with any criteria of `RechercherStructureParam.structure` (name, postcode,
        town...), first page only → listeStructures[]; "no result" is an empty list."""
        data = self.post("structures/v1/rechercher", {
            "structure": criteria, "parametres": {"nbResultatsParPage": page_size, "pageResultatDemandee": 1},
        })
        return list(data.get("listeStructures") or [])

    def get_structure(self, id_structure: int) -> dict[str, Any]:
        """structures/v1/consulter → informationGenerales, parametres (required fields)."""
        return self.post("structures/v1/consulter", {"idStructureCPP": id_structure, "codeLangue": "fr"})

    def search_services(self, id_structure: int) -> list[dict[str, Any]]:
        """structures/v1/rechercher/services, all pages → listeServices[]."""
        services: list[dict[str, Any]] = []
        page = 1
        while page <= MAX_PAGES:
            data = self.post("structures/v1/rechercher/services", {
                "idStructure": id_structure,
                "parametresRechercherServicesStructure": {"nbResultatsParPage": 1000,
                                                          "pageResultatDemandee": page},
            })
            services.extend(data.get("listeServices") or [])
            if page >= _pages(data):
                return services
            page += 1
        return services

    def get_service(self, id_structure: int, id_service: int) -> dict[str, Any]:
        """structures/v1/consulter/service → parametres.numeroEngagement (EJ required for this service)."""
        return self.post("structures/v1/consulter/service",
                         {"idStructure": id_structure, "idService": id_service, "codeLangue": "fr"})

    # ------------------------------------------------------------------ supplier identity

    def my_attachments(self) -> list[dict[str, Any]]:
        """utilisateurs/v1/monCompte/recuperer/rattachements → listeStructureRattachement[]."""
        data = self.post("utilisateurs/v1/monCompte/recuperer/rattachements",
                         {"parametresRecherche": {"nbResultatsParPage": 100, "pageResultatDemandee": 1}})
        return list(data.get("listeStructureRattachement") or [])

    def active_supplier_structures(self) -> list[dict[str, Any]]:
        """transverses/v1/recuperer/structures/actives/fournisseur → listeStructures[]."""
        data = self.post("transverses/v1/recuperer/structures/actives/fournisseur", {})
        return list(data.get("listeStructures") or [])

    def bank_accounts(self, id_structure: int) -> list[dict[str, Any]]:
        """transverses/v1/recuperer/coordbanc/valides → listeCoordonneeBancaire[]."""
        data = self.post("transverses/v1/recuperer/coordbanc/valides", {"idStructure": id_structure})
        return list(data.get("listeCoordonneeBancaire") or [])

    def technical_password_expiry(self, id_structure: int) -> dt.date | None:
        """informationGenerales.dateExpirationMotPasseCompteTech of the supplier structure."""
        info = self.get_structure(id_structure).get("informationGenerales") or {}
        return parse_date(info.get("dateExpirationMotPasseCompteTech"))

    # ------------------------------------------------------------------ deposit

    def upload_pdf(self, content: bytes, filename: str) -> int:
        """factures/v1/deposer/pdf (starts Chorus's OCR) → pieceJointeId."""
        data = self.post("factures/v1/deposer/pdf", {
            "fichierFacture": base64.b64encode(content).decode("ascii"),
            "nomFichier": filename,
            "formatDepot": "PDF_NON_SIGNE",
        })
        return _int_field(data, "pieceJointeId", "factures/v1/deposer/pdf")

    def add_file(self, content: bytes, filename: str, mime_type: str = "application/pdf") -> int:
        """transverses/v1/ajouter/fichier (no OCR, no draft invoice) → pieceJointeId."""
        name = attachment_name(filename)
        data = self.post("transverses/v1/ajouter/fichier", {
            "pieceJointeFichier": base64.b64encode(content).decode("ascii"),
            "pieceJointeNom": name,
            "pieceJointeTypeMime": mime_type,
            "pieceJointeExtension": name.rsplit(".", 1)[-1].upper(),
        })
        return _int_field(data, "pieceJointeId", "transverses/v1/ajouter/fichier")

    def submit_invoice(self, payload: dict[str, Any]) -> dict[str, Any]:
        """factures/v1/soumettre. Not retried once sent: a lost answer raises ChorusAnswerLostError."""
        return self.post("factures/v1/soumettre", payload, idempotent=False)

    # ------------------------------------------------------------------ tracking

    def search_supplier_invoices(self, criteria: dict[str, Any], *, page: int = 1,
                                 page_size: int | None = DEFAULT_PAGE_SIZE) -> dict[str, Any]:
        """One page of factures/v1/rechercher/fournisseur (listeFactures[], parametresRetour)."""
        paging: dict[str, Any] = {"pageResultatDemandee": page, "triColonne": "DateDepot", "triSens": "Descendant"}
        if page_size is not None:
            paging["nbResultatsParPage"] = page_size
        return self.post("factures/v1/rechercher/fournisseur", {**criteria, "rechercheFactureParFournisseur": paging})

    def iter_supplier_invoices(self, criteria: dict[str, Any], *,
                               page_size: int | None = DEFAULT_PAGE_SIZE) -> Iterator[dict[str, Any]]:
        """Every matching invoice, page after page (the API answers 10 per page unless asked otherwise)."""
        page = 1
        while page <= MAX_PAGES:
            data = self.search_supplier_invoices(criteria, page=page, page_size=page_size)
            yield from data.get("listeFactures") or []
            if page >= _pages(data):
                return
            page += 1

    def find_invoice_by_number(self, id_supplier: int, number: str) -> dict[str, Any] | None:
        """The supplier's invoice with this number in Chorus Pro, if any (exactly-once recovery)."""
        for found in self.iter_supplier_invoices({"idFournisseur": id_supplier, "numeroFacture": number}):
            if str(found.get("numeroFacture", "")).strip() == number.strip():
                return found
        return None

    def invoice_history(self, id_invoice: int) -> dict[str, Any]:
        """factures/v1/consulter/historique → statutCourantCode, historiquesDesStatuts.histoStatut[]."""
        return self.post("factures/v1/consulter/historique", {
            "idFacture": id_invoice,
            "nbResultatsMaximum": 100,
            "paramRechercheHistoStatuts": {"pageResultatDemandeeListeHistoStatut": 1,
                                           "nbResultatsParPageListeHistoStatut": 100},
        })

    # ------------------------------------------------------------------ after deposit (API-NOTES 7)

    def recycle_invoice(self, id_invoice: int, recipient_siret: str, service_code: str | None,
                        engagement: str | None, comment: str | None = None) -> dict[str, Any]:
        """factures/v1/recycler (recyclerFacture), on A_RECYCLER only: the new routing, same number.
        → identifiantFactureCPP, numeroFacture, statutFacture, dateDepot. Not retried once sent."""
        body: dict[str, Any] = {
            "identifiantFactureCPP": id_invoice,
            "destinataire": {"codeDestinataire": recipient_siret, "codeServiceExecutant": service_code or ""},
            "reference": {"numeroBonCommande": engagement or ""},
        }
        if comment:
            body["commentaire"] = comment
        return self.post("factures/v1/recycler", body, idempotent=False)

    def complete_invoice(self, id_invoice: int, attachments: list[tuple[int, str]],
                         comment: str | None = None) -> dict[str, Any]:
        """factures/v1/completer (completerFacture), on SUSPENDUE only: files already added with
        `add_file` as (pieceJointeId, designation). → identifiantFactureCPP, numeroFacture, dateTraitement."""
        body: dict[str, Any] = {
            "identifiantFactureCPP": id_invoice,
            "pieceJointeComplementaire": [
                {"pieceJointeComplementaireId": attachment_id, "pieceJointeComplementaireDesignation": name}
                for attachment_id, name in attachments],
        }
        if comment:
            body["commentaire"] = comment
        return self.post("factures/v1/completer", body, idempotent=False)

    def handle_rejections(self, id_invoices: list[int]) -> dict[str, Any]:
        """factures/v1/traiterRejet (traiterFacturesRejetees): mark REJETEE invoices as handled (rejetTraite)."""
        return self.post("factures/v1/traiterRejet",
                         {"listeDemandePaiement": [{"idDemandePaiement": i} for i in id_invoices]},
                         idempotent=False)

    def health_check(self) -> bool:
        token = self.tokens.token()
        response = send_with_retries(
            lambda: self._http.get(self.environment.api_url + "transverses/v1/health-check",
                                   headers={"Authorization": f"Bearer {token}", "cpro-account": self._cpro_account}),
            what="transverses/v1/health-check", policy=self._retry, idempotent=True)
        if response.status_code == 200:
            return True
        self._read("transverses/v1/health-check", response)
        return False


def _pages(data: dict[str, Any]) -> int:
    info = data.get("parametresRetour") or {}
    try:
        return max(1, int(info.get("pages") or 1))
    except (TypeError, ValueError):
        return 1


def _int_field(data: dict[str, Any], name: str, path: str) -> int:
    try:
        return int(data[name])
    except (KeyError, TypeError, ValueError):
        raise ChorusProtocolError(code="reponse_inattendue", text_id="reponse_incomplete",
                                  params={"name": name, "path": path}) from None


def attachment_name(filename: str) -> str:
    """Chorus limits attachment names to 50 characters, extension included."""
    stem, dot, ext = filename.rpartition(".")
    if not dot:
        stem, ext = filename, "pdf"
    ext = ext[:10] or "pdf"
    return f"{stem[: 50 - len(ext) - 1]}.{ext}"


def parse_date(value: Any) -> dt.date | None:
    """Chorus dates come as "YYYY-MM-DD", "YYYY-MM-DD HH:MM" or ISO with an offset: read them leniently."""
    if not value or not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def parse_datetime(value: Any) -> dt.datetime | None:
    if not value or not isinstance(value, str):
        return None
    text = value.strip().replace("T", " ")
    for size, fmt in ((19, "%Y-%m-%d %H:%M:%S"), (16, "%Y-%m-%d %H:%M"), (10, "%Y-%m-%d")):
        try:
            return dt.datetime.strptime(text[:size], fmt)
        except ValueError:
            continue
    return None


def _same_origin(a: str, b: str) -> bool:
    return httpx.URL(a).host == httpx.URL(b).host and httpx.URL(a).scheme == httpx.URL(b).scheme
