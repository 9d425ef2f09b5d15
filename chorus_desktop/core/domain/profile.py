"""A supplier profile: the company an invoice is deposited for, with its Chorus Pro ids and defaults."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

# Where a new profile deposits until the user chooses: the PISTE qualification platform, never production.
DEFAULT_ENVIRONMENT = "qualification"


@dataclass
class Profile:
    """A supplier company the user deposits for (an accountant has several).

    `chorus_*` are the supplier's Chorus Pro ids (API-NOTES 3): `idFournisseur`, `idServiceFournisseur`,
    `codeCoordonneesBancairesFournisseur`. `settings` is free JSON for the Chorus part (environment,
    technical login...) and never holds a secret.
    """

    id: int
    name: str
    siret: str
    vat_number: str | None = None
    iban: str | None = None
    chorus_supplier_id: int | None = None
    chorus_service_id: int | None = None
    chorus_bank_account_id: int | None = None
    default_vat_type: str = "TVA_SUR_DEBIT"
    default_payment_mode: str = "VIREMENT"
    settings: dict[str, Any] = field(default_factory=dict)
    last_sync_at: dt.datetime | None = None
    created_at: dt.datetime | None = None

    @property
    def environment(self) -> str:
        """The Chorus Pro environment the profile deposits on (settings), qualification by default."""
        return str((self.settings or {}).get("environment") or DEFAULT_ENVIRONMENT)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "name": self.name, "siret": self.siret, "vat_number": self.vat_number,
            "iban": self.iban, "chorus_supplier_id": self.chorus_supplier_id,
            "chorus_service_id": self.chorus_service_id, "chorus_bank_account_id": self.chorus_bank_account_id,
            "default_vat_type": self.default_vat_type, "default_payment_mode": self.default_payment_mode,
            "settings": self.settings,
            "last_sync_at": self.last_sync_at.isoformat() if self.last_sync_at else None,
        }


# Profile columns the user may change with `update_profile` / `profile set`.
PROFILE_FIELDS: tuple[str, ...] = (
    "name", "siret", "vat_number", "iban", "chorus_supplier_id", "chorus_service_id", "chorus_bank_account_id",
    "default_vat_type", "default_payment_mode", "settings",
)
