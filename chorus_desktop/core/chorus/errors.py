"""Typed Chorus Pro failures, each with a code and its parameters; `core/texts.py` says what to do in French.

The messages never contain a secret, a token or a request body (only the API path and the HTTP status).
"""

from __future__ import annotations

from chorus_desktop.core.errors import EnvironmentFailure, UserFixableError


class ChorusUnavailableError(EnvironmentFailure):
    """Network failure, timeout, 5xx or 429 after all retries: try again later."""


class ChorusAnswerLostError(ChorusUnavailableError):
    """The request was sent but no answer came back: Chorus Pro may have processed it."""


class ChorusAuthError(UserFixableError):
    """401/403: credentials, subscription or technical account problem."""

    def __init__(self, *, code: str, status: int, path: str = "") -> None:
        params: dict[str, object] = {"status": status, "path": path}
        if code == "acces_refuse":
            params["api"] = _api_name(path)
        super().__init__(code=code, params=params)
        self.status = status


class ChorusFunctionalError(UserFixableError):
    """HTTP 200/400 with a non-zero codeRetour: Chorus Pro refused the request for a business reason."""

    def __init__(self, service: str, code_retour: int, libelle: str) -> None:
        super().__init__(code="chorus_refus", params={"service": service, "reason": explain_libelle(libelle),
                                                      "code_retour": code_retour})
        self.service = service
        self.code_retour = code_retour
        self.libelle = libelle


class ChorusProtocolError(EnvironmentFailure):
    """An answer we cannot read (not JSON, unexpected shape)."""


def _api_name(path: str) -> str:
    api = path.split("/", 1)[0] or "Factures"
    return {"factures": "Factures", "structures": "Structures", "utilisateurs": "Utilisateurs",
            "transverses": "Transverses"}.get(api, api)


# The message codes Chorus Pro returns most often, explained in the portal's own words.
KNOWN_LIBELLES = {
    "TRA_MSG_00.015": "aucun résultat",
    "GDP_MSG_11.008": "la facture n'existe pas",
    "GDP_MSG_11.005": "le compte technique n'a pas les droits nécessaires",
    "GDP_MSG_11.033": "la facture n'est pas au statut « Suspendue »",
}


def explain_libelle(libelle: str) -> str:
    text = libelle.strip() or "motif non précisé"
    known = KNOWN_LIBELLES.get(text)
    return f"{known} ({text})" if known else text
