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
    # The seller's identity printed on the invoices the app writes (CGI art. 242 nonies A, C. com. L441-9).
    legal_name: str | None = None  # raison sociale, when it differs from the profile's name
    address: str | None = None  # lines separated by newlines, the last one "75001 Paris"
    bic: str | None = None
    legal_form: str | None = None  # SARL, SAS, EI...
    capital: str | None = None  # share capital in euros, as printed ("10 000")
    rcs: str | None = None  # "Lyon B 123 456 789" or an RM number
    logo_path: str | None = None
    vat_regime: str | None = None  # None/"REEL", or "FRANCHISE" (art. 293 B du CGI: no VAT charged)
    number_patterns: dict[str, str] = field(default_factory=dict)  # series -> pattern, e.g. {"FA": "FA-{annee}-{numero:04d}"}

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
            **{name: getattr(self, name) for name in WRITING_FIELDS},
        }


# The seller's identity and numbering, for the invoices the app writes.
WRITING_FIELDS: tuple[str, ...] = (
    "legal_name", "address", "bic", "legal_form", "capital", "rcs", "logo_path", "vat_regime", "number_patterns",
)
VAT_REGIMES: tuple[str, ...] = ("REEL", "FRANCHISE")

# Profile columns the user may change with `update_profile` / `profile set`.
PROFILE_FIELDS: tuple[str, ...] = (
    "name", "siret", "vat_number", "iban", "chorus_supplier_id", "chorus_service_id", "chorus_bank_account_id",
    "default_vat_type", "default_payment_mode", "settings", *WRITING_FIELDS,
)
