"""Finding a public buyer in Chorus Pro's directory by name, SIRET, town or postcode, with what a deposit
to it requires (code service, engagement) and its active services.

One search call, then for each structure found (at most `limit`) its parameters and services, which are
kept in the store like any recipient's (so the form and the validation know them) and remembered for the
session (search-as-you-type asks the same text again).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Any

from chorus_desktop.core.chorus.clients import ChorusClients
from chorus_desktop.core.domain.profile import Profile
from chorus_desktop.core.domain.recipient import RecipientService
from chorus_desktop.core.errors import UserFixableError
from chorus_desktop.core.store import Store
from chorus_desktop.core.usecases.directory import Directory

SEARCH_LIMIT = 10


@dataclass(frozen=True)
class StructureFound:
    siret: str
    name: str
    active: bool
    address: str = ""
    postcode: str = ""
    town: str = ""
    service_required: bool = False
    engagement_required: bool = False
    service_or_engagement: bool = False
    services: list[RecipientService] = field(default_factory=list)  # active ones

    def to_json(self) -> dict[str, Any]:
        return {"siret": self.siret, "name": self.name, "active": self.active, "address": self.address,
                "postcode": self.postcode, "town": self.town, "service_required": self.service_required,
                "engagement_required": self.engagement_required,
                "service_or_engagement": self.service_or_engagement,
                "services": [s.to_json() for s in self.services]}


def search_criteria(text: str) -> list[dict[str, Any]]:
    """What to ask Chorus Pro for `text`, in order: a SIRET, a postcode, else a name then a town."""
    cleaned = " ".join(text.split())
    digits = cleaned.replace(" ", "")
    public = {"typeStructure": "PUBLIQUE"}
    if re.fullmatch(r"\d{14}", digits):
        return [{**public, "identifiantStructure": digits, "typeIdentifiantStructure": "SIRET"}]
    if re.fullmatch(r"\d{5}", digits):
        return [{**public, "adresseCodePostal": digits}]
    return [{**public, "raisonSocialeStructure": cleaned}, {**public, "adresseVille": cleaned}]


class DirectorySearch:
    def __init__(self, store: Store, clients: ChorusClients, directory: Directory) -> None:
        self._store = store
        self._clients = clients
        self._directory = directory
        self._cache: dict[tuple[int, str], list[StructureFound]] = {}
        self._lock = threading.Lock()

    def search(self, text: str, profile_id: int | None = None, *, limit: int = SEARCH_LIMIT) -> list[StructureFound]:
        """Public structures matching `text` (nothing found: an empty list). `profile_id`: whose Chorus Pro
        access to use (the only profile when there is one)."""
        if len(text.strip()) < 2:
            return []
        profile = self._profile(profile_id)
        key = (profile.id, " ".join(text.upper().split()))
        with self._lock:
            if key in self._cache:
                return self._cache[key]
        client = self._clients.client_for(profile)
        listed: list[dict[str, Any]] = []
        for criteria in search_criteria(text):
            listed = client.search_structures(criteria, page_size=limit)
            if listed:
                break
        found = [self._details(structure, client) for structure in listed[:limit]]
        with self._lock:
            self._cache[key] = found
        return found

    def _profile(self, profile_id: int | None) -> Profile:
        if profile_id is not None:
            return self._store.profiles.get(profile_id)
        profiles = self._store.profiles.list()
        if not profiles:
            raise UserFixableError(code="profil_requis_annuaire")
        return profiles[0]

    def _details(self, structure: dict[str, Any], client: Any) -> StructureFound:
        structure_id = int(structure["idStructureCPP"])
        siret = str(structure.get("identifiantStructure") or "")
        active = structure.get("statut") == "ACTIVE"
        details = client.get_structure(structure_id)
        params = details.get("parametres") or {}
        address = details.get("adressePostaleDuSiege") or {}
        listed = client.search_services(structure_id) if active else []
        services = [RecipientService(code=str(s.get("codeService")), name=str(s.get("libelleService") or ""),
                                     active=bool(s.get("estActif", True))) for s in listed]
        flags = {"service_required": bool(params.get("codeServiceDoitEtreRenseigne")),
                 "engagement_required": bool(params.get("numeroEJDoitEtreRenseigne")),
                 "service_or_engagement": bool(params.get("gestionNumeroEJOuCodeService"))}
        name = str(structure.get("designationStructure") or "")
        self._directory.save_recipient_parameters(
            siret, name=name, chorus_structure_id=structure_id, services=services, active=active,
            service_required=flags["service_required"], engagement_required=flags["engagement_required"],
            service_or_engagement=flags["service_or_engagement"])
        return StructureFound(
            siret=siret, name=name, active=active, address=str(address.get("adresse") or ""),
            postcode=str(address.get("codePostal") or ""), town=str(address.get("ville") or ""),
            services=[s for s in services if s.active and s.code != "FACTURES_PUBLIQUES"], **flags)
