"""A public recipient (structure publique) with its Chorus Pro parameters and the routing used last."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass
class RecipientService:
    """A service of a public recipient, as Chorus Pro lists it (`structures/v1/rechercher/services`)."""

    code: str
    name: str = ""
    active: bool = True
    engagement_required: bool | None = None  # service parameter `numeroEngagement`

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "active": self.active,
                "engagement_required": self.engagement_required}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RecipientService:
        return cls(code=str(data["code"]), name=str(data.get("name") or ""), active=bool(data.get("active", True)),
                   engagement_required=data.get("engagement_required"))


@dataclass
class Recipient:
    """A public customer: its Chorus parameters (None = not known yet) and the routing data used last."""

    id: int
    siret: str
    name: str | None = None
    chorus_structure_id: int | None = None
    services: list[RecipientService] = field(default_factory=list)
    service_required: bool | None = None  # codeServiceDoitEtreRenseigne
    engagement_required: bool | None = None  # numeroEJDoitEtreRenseigne
    service_or_engagement: bool | None = None  # gestionNumeroEJOuCodeService
    active: bool | None = None
    last_service_code: str | None = None
    last_engagement: str | None = None
    checked_at: dt.datetime | None = None
    buyer_kind: str | None = None  # payment_clock.BuyerKind value; None = guessed from the name
    payment_delay_days: int | None = None  # a shorter delay set by the contract; None = the legal one

    def service(self, code: str | None) -> RecipientService | None:
        for service in self.services:
            if code is not None and service.code == code:
                return service
        return None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "siret": self.siret, "name": self.name, "chorus_structure_id": self.chorus_structure_id,
            "services": [s.to_json() for s in self.services], "service_required": self.service_required,
            "engagement_required": self.engagement_required, "service_or_engagement": self.service_or_engagement,
            "active": self.active, "last_service_code": self.last_service_code,
            "last_engagement": self.last_engagement,
            "checked_at": self.checked_at.isoformat() if self.checked_at else None,
            "buyer_kind": self.buyer_kind, "payment_delay_days": self.payment_delay_days,
        }
