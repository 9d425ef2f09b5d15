"""What the screens show, as plain typed data (no Qt): computed by the bridge on a worker thread,
painted by the widgets on the GUI thread."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from chorus_desktop.core.domain.invoice import InvoiceSummary
from chorus_desktop.core.domain.profile import Profile
from chorus_desktop.core.model import BoundingBox, Problem
from chorus_desktop.core.states import InvoiceState
from chorus_desktop.core.usecases.importing import ImportOutcome
from chorus_desktop.core.usecases.sync import StateNotice

__all__ = [
    "PAGE_SIZE",
    "BuyerView",
    "CheckStepView",
    "DepositView",
    "ImportProgress",
    "ImportReport",
    "ListPage",
    "ListQuery",
    "ListSnapshot",
    "ProfileEntry",
    "ProfileForm",
    "Recap",
    "SendResult",
    "StateNotice",
    "SyncResult",
]


@dataclass
class DepositView:
    """Everything the form shows for one invoice."""

    invoice_id: int
    values: dict[str, Any]  # payload field name -> value (str, Decimal, date, list[VatLine]...)
    problems: list[Problem] = field(default_factory=list)
    low_confidence: set[str] = field(default_factory=set)  # payload field names
    sources: dict[str, tuple[int, BoundingBox]] = field(default_factory=dict)  # payload name -> (page, bbox)
    editable: bool = True
    recipient_name: str | None = None
    services: list[tuple[str, str]] = field(default_factory=list)  # (code, label) of active services
    attachments: list[str] = field(default_factory=list)  # extra attachment file paths
    document_name: str = ""
    profiles: list[tuple[int, str]] = field(default_factory=list)  # (id, name) of the supplier profiles
    profile_id: int | None = None
    state_label: str = ""
    state_comment: str | None = None  # the recipient's last comment (why suspended, rejected...)
    # Issue 12: what was learned. The invoice number that taught the layout read here (None: no memory),
    # the payload fields read with it; the routing remembered for the printed buyer (payload name -> value).
    learned_from: str | None = None
    learned_fields: list[str] = field(default_factory=list)
    remembered_routing: dict[str, str] = field(default_factory=dict)
    remembered_from: str | None = None  # the invoice number that taught the routing
    # Issue 14: the issuer printed on the invoice when no profile is its company ("" otherwise): the form
    # offers to create its profile from what the invoice shows.
    issuer_without_profile: str = ""


@dataclass(frozen=True)
class Recap:
    """What the portal shows before a deposit."""

    invoice_id: int
    number: str
    recipient: str
    total_ht: Decimal | None
    total_tva: Decimal | None
    total_ttc: Decimal | None
    amount_due: Decimal | None
    currency: str = "EUR"


@dataclass(frozen=True)
class SendResult:
    invoice_id: int
    number: str
    ok: bool
    message: str  # French sentence: the Chorus Pro number, or why it failed


@dataclass
class ImportReport:
    outcomes: list[ImportOutcome] = field(default_factory=list)
    imported_ids: list[int] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)  # French, one per file that did not import cleanly


@dataclass(frozen=True)
class ImportProgress:
    done: int
    total: int
    file_name: str


@dataclass
class SyncResult:
    changed: int
    notices: list[StateNotice]
    errors: list[str]  # French, per profile that could not be synchronised


@dataclass
class ListSnapshot:
    summaries: list[InvoiceSummary]  # the first page of `query` (the whole list when `total` is None)
    counts: dict[InvoiceState, int]
    total: int | None = None  # how many invoices `query` matches
    query: ListQuery | None = None  # the query read


@dataclass(frozen=True)
class CheckStepView:
    ok: bool | None  # None: not checked because an earlier step failed
    label: str
    detail: str = ""
    warning: bool = False


@dataclass
class ProfileForm:
    """What the settings dialog sends: secrets empty when the user did not type them (keep the stored)."""

    profile_id: int | None
    name: str
    siret: str
    environment: str
    client_id: str
    tech_login: str
    default_vat_type: str
    default_payment_mode: str
    client_secret: str = ""
    tech_password: str = ""

    def __repr__(self) -> str:  # never show identifiers or secrets, even in a traceback
        return f"ProfileForm(profile_id={self.profile_id!r}, name={self.name!r})"


@dataclass(frozen=True)
class ProfileEntry:
    """A profile as the settings dialog lists it; identifiers read from the keyring, never the secrets."""

    profile: Profile
    environment: str
    client_id: str
    tech_login: str
    has_credentials: bool

    def __repr__(self) -> str:
        return f"ProfileEntry(profile_id={self.profile.id!r}, has_credentials={self.has_credentials!r})"


@dataclass(frozen=True)
class BuyerView:
    """A public buyer found in the Chorus Pro directory, as the search list shows it."""

    siret: str
    name: str
    place: str = ""  # address, postcode and town
    service_required: bool = False
    engagement_required: bool = False
    service_or_engagement: bool = False
    services: list[tuple[str, str]] = field(default_factory=list)  # (code, label) of active services


# -- the invoice list read page by page (sorting and filtering in SQL) --------------------------------
#: Rows read per page (the first page is what the window shows at launch).
PAGE_SIZE = 200


@dataclass(frozen=True)
class ListQuery:
    """What the list shows: which states (None: all), which search text, in which order."""

    states: frozenset[InvoiceState] | None = None
    search: str = ""
    order_by: str = "date"  # InvoiceQueries' order: date, number, amount, state, updated, id
    descending: bool = True

    def with_states(self, states: frozenset[InvoiceState] | None) -> ListQuery:
        return replace(self, states=states)

    def with_search(self, search: str) -> ListQuery:
        return replace(self, search=search.strip())

    def with_order(self, order_by: str, descending: bool) -> ListQuery:
        return replace(self, order_by=order_by, descending=descending)

    def arguments(self) -> dict[str, Any]:
        return {"state": None if self.states is None else sorted(self.states, key=lambda s: s.value),
                "search": self.search or None}


@dataclass
class ListPage:
    """Rows `offset`.. of `query` (core summaries), and how many invoices the query matches in all."""

    query: ListQuery
    offset: int
    summaries: list[Any]
    total: int
