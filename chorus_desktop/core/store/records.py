"""Plain records the store reads and writes (no SQL here): profiles, recipients, invoices, history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from chorus_desktop.core.deposit import Deposit
from chorus_desktop.core.model import Problem
from chorus_desktop.core.states import InvoiceState, label

StateSource = Literal["local", "chorus"]


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
    def from_json(cls, data: dict[str, Any]) -> "RecipientService":
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
        }


@dataclass(frozen=True)
class StateChange:
    """One line of an invoice's history. `chorus_code` is the raw Chorus status code when from Chorus."""

    state: InvoiceState
    at: dt.datetime
    source: StateSource
    comment: str | None = None
    chorus_code: str | None = None

    @property
    def label(self) -> str:
        if self.state is InvoiceState.AUTRE_STATUT_CHORUS and self.chorus_code:
            return self.chorus_code
        return label(self.state)

    def to_json(self) -> dict[str, Any]:
        return {"state": self.state.value, "label": self.label, "at": self.at.isoformat(), "source": self.source,
                "comment": self.comment, "chorus_code": self.chorus_code}


@dataclass(frozen=True)
class DocumentInfo:
    """A PDF (or attachment) copied into the store, addressed by its SHA-256."""

    sha256: str
    size: int
    original_name: str
    relative_path: str
    is_text_pdf: bool | None
    page_count: int | None


@dataclass
class ChorusIds:
    """What Chorus Pro returned at deposit time (`soumettre`)."""

    invoice_id: int | None = None  # identifiantFactureCPP
    certificate_fingerprint: str | None = None  # empreinteCertificatDepot
    deposited_at: dt.datetime | None = None  # dateDepot
    status_code: str | None = None  # last raw Chorus status code
    last_checked_at: dt.datetime | None = None


@dataclass
class InvoiceRecord:
    """Everything the store knows about one invoice."""

    id: int
    profile_id: int | None
    state: InvoiceState
    deposit: Deposit
    extraction: dict[str, Any]
    problems: list[Problem]
    document: DocumentInfo
    chorus: ChorusIds
    state_changed_at: dt.datetime
    created_at: dt.datetime
    updated_at: dt.datetime

    @property
    def state_label(self) -> str:
        if self.state is InvoiceState.AUTRE_STATUT_CHORUS and self.chorus.status_code:
            return self.chorus.status_code
        return label(self.state)

    @property
    def blocking_problems(self) -> list[Problem]:
        return [p for p in self.problems if p.blocking]


@dataclass(frozen=True)
class InvoiceSummary:
    """One row of the invoice list."""

    id: int
    profile_id: int | None
    state: InvoiceState
    invoice_number: str | None
    invoice_date: dt.date | None
    recipient_siret: str | None
    recipient_name: str | None
    total_ttc: Decimal | None
    file_name: str
    blocking_count: int
    warning_count: int
    chorus_invoice_id: int | None
    updated_at: dt.datetime

    @property
    def state_label(self) -> str:
        return label(self.state)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "profile_id": self.profile_id, "state": self.state.value, "state_label": self.state_label,
            "numeroFactureSaisi": self.invoice_number,
            "dateFacture": self.invoice_date.isoformat() if self.invoice_date else None,
            "codeDestinataire": self.recipient_siret, "recipient_name": self.recipient_name,
            "montantTtcTotal": None if self.total_ttc is None else str(self.total_ttc),
            "file_name": self.file_name, "blocking_count": self.blocking_count,
            "warning_count": self.warning_count, "chorus_invoice_id": self.chorus_invoice_id,
            "updated_at": self.updated_at.isoformat(),
        }
