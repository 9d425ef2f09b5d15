"""An invoice as the store knows it: its record, its row in the list, its history lines, its document."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from chorus_desktop.core.domain.deposit import Deposit
from chorus_desktop.core.model import Problem
from chorus_desktop.core.states import InvoiceState, label

StateSource = Literal["local", "chorus"]


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
    rejection_handled_at: dt.datetime | None = None  # factures/v1/traiterRejet done
    send_attempted_at: dt.datetime | None = None  # soumettre left, outcome unknown (see DepositRecovery)


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
    supplier_confirmed: str | None = None  # the printed supplier id the user confirmed as the profile's

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
