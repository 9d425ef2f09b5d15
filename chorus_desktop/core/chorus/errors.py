"""Typed Chorus Pro failures, each with a French sentence that says what to do.

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

    def __init__(self, message: str, *, code: str, status: int) -> None:
        super().__init__(message, code=code)
        self.status = status


class ChorusFunctionalError(UserFixableError):
    """HTTP 200/400 with a non-zero codeRetour: Chorus Pro refused the request for a business reason."""

    def __init__(self, service: str, code_retour: int, libelle: str) -> None:
        super().__init__(
            f"Chorus Pro a refusé la demande ({service}) : {explain_libelle(libelle)} "
            f"(code retour {code_retour}).",
            code="chorus_refus",
        )
        self.service = service
        self.code_retour = code_retour
        self.libelle = libelle


class ChorusProtocolError(EnvironmentFailure):
    """An answer we cannot read (not JSON, unexpected shape)."""


def token_rejected_message(status: int) -> str:
    return (
        f"PISTE a refusé la demande de jeton (HTTP {status}) : l'identifiant client (client_id) ou le "
        "secret (client_secret) de l'application PISTE est incorrect, ou ne correspond pas à cet "
        "environnement (la qualification et la production sont deux applications PISTE distinctes). "
        "Vérifiez-les sur piste.gouv.fr puis relancez « chorus-desktop login »."
    )


def unauthorized_message(path: str) -> str:
    return (
        f"Chorus Pro a refusé l'authentification (HTTP 401 sur {path}) : le mot de passe du compte technique "
        "a peut-être expiré (il expire tous les 424 jours et seul le gestionnaire principal de la structure "
        "peut le renouveler sur le portail Chorus Pro), ou le login du compte technique est incorrect. "
        "Mettez à jour les identifiants avec « chorus-desktop login »."
    )


def forbidden_message(path: str) -> str:
    api = path.split("/", 1)[0] or "Factures"
    api_name = {"factures": "Factures", "structures": "Structures", "utilisateurs": "Utilisateurs",
                "transverses": "Transverses"}.get(api, api)
    return (
        f"Accès refusé par PISTE (HTTP 403 sur {path}) : l'application PISTE n'est pas abonnée à l'API "
        f"{api_name}, ou ses CGU n'ont pas été acceptées pour cet environnement (onglet « Consentement CGU "
        "API » sur piste.gouv.fr), ou le compte technique n'est pas rattaché à la structure du fournisseur. "
        "L'application PISTE doit être abonnée aux API Factures, Structures, Utilisateurs et Transverses."
    )


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
