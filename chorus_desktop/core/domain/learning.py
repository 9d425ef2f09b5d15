"""What the app learns from a validated invoice: a supplier layout (where each field is printed) and a
customer's routing (the SIRET destinataire, code service... the user chose for a printed buyer).

Both are scoped by supplier profile: nothing learned for one company is used for another.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

# Fields a layout memory learns: the ones the accountant types when the reader misses them.
LEARNED_FIELDS: tuple[str, ...] = ("invoice_number", "date", "total_ht", "total_tva", "total_ttc")
# The deposit field (API name) holding each learned field.
DEPOSIT_FIELD_OF = {
    "invoice_number": "numeroFactureSaisi",
    "date": "dateFacture",
    "total_ht": "montantHtTotal",
    "total_tva": "montantTVA",
    "total_ttc": "montantTtcTotal",
}
# The routing data a routing memory keeps (API names).
ROUTING_FIELDS: tuple[str, ...] = ("codeDestinataire", "codeServiceExecutant", "numeroBonCommande",
                                   "codeCadreFacturation")


@dataclass(frozen=True)
class LearnedField:
    """Where one field was printed on the taught invoice.

    `anchor` is the folded text of the label next to the value (left on its line, else just above),
    `anchor_box` where that label was; `box` is the value's box; `shape` the printed format (digits
    collapsed to `9`, e.g. `FA-9-9`, `99/99/9`; the decimal separator for amounts)."""

    page: int
    box: tuple[float, float, float, float]
    shape: str
    words: int = 1
    anchor: str = ""
    anchor_box: tuple[float, float, float, float] | None = None

    def to_json(self) -> dict[str, Any]:
        return {"page": self.page, "box": list(self.box), "shape": self.shape, "words": self.words,
                "anchor": self.anchor, "anchor_box": list(self.anchor_box) if self.anchor_box else None}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LearnedField:
        anchor_box = data.get("anchor_box")
        box = data["box"]
        return cls(page=int(data["page"]), box=(box[0], box[1], box[2], box[3]), shape=str(data["shape"]),
                   words=int(data.get("words") or 1), anchor=str(data.get("anchor") or ""),
                   anchor_box=(anchor_box[0], anchor_box[1], anchor_box[2], anchor_box[3]) if anchor_box else None)


@dataclass
class LayoutMemory:
    """A supplier layout learned from one validated invoice (`taught_invoice_id`).

    `paid_cadre` is the cadre the user kept for the last validated invoice of this layout that looked paid
    (`domain.paid`): cadre A2 « déjà payée », or A1... when it was to be paid after all; the next invoice of
    the layout that looks paid is prepared with it (`paid_taught_invoice_*` say which invoice taught it)."""

    id: int
    profile_id: int | None
    supplier_key: str  # the supplier SIRET (else VAT number) printed on the invoice, "" when none
    fingerprint: list[str]
    fields: dict[str, LearnedField]
    taught_invoice_id: int | None
    taught_invoice_number: str | None
    supplier_name: str | None = None
    uses: int = 0
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    paid_cadre: str | None = None
    paid_taught_invoice_id: int | None = None
    paid_taught_invoice_number: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "profile_id": self.profile_id, "supplier_key": self.supplier_key,
            "supplier_name": self.supplier_name, "fields": sorted(self.fields),
            "taught_invoice_id": self.taught_invoice_id, "taught_invoice_number": self.taught_invoice_number,
            "uses": self.uses, "paid_cadre": self.paid_cadre, "paid_taught_invoice_id": self.paid_taught_invoice_id,
            "paid_taught_invoice_number": self.paid_taught_invoice_number,
            "created_at": self.created_at.isoformat() if self.created_at else None,
            "updated_at": self.updated_at.isoformat() if self.updated_at else None,
        }


@dataclass
class RoutingMemory:
    """The routing the user chose for a buyer printed on the invoice (`buyer_key`), in one profile.

    `printed` keeps what the taught invoice printed for the routing fields (a later invoice printing
    something else there is believed over the memory). `engagement_recurs` says the numéro d'engagement
    recurs: set when it is first taught, cleared when a later invoice of the buyer is validated with
    another one (then the buyer's engagements are per order and none is suggested)."""

    id: int
    profile_id: int | None
    buyer_key: str
    buyer_label: str
    routing: dict[str, str] = field(default_factory=dict)
    printed: dict[str, str] = field(default_factory=dict)
    engagement_recurs: bool = False
    taught_invoice_id: int | None = None
    taught_invoice_number: str | None = None
    updated_at: dt.datetime | None = None

    def applied_routing(self) -> dict[str, str]:
        """The routing fields a next invoice of this buyer takes."""
        return {name: value for name, value in self.routing.items()
                if value and (name != "numeroBonCommande" or self.engagement_recurs)}

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "profile_id": self.profile_id, "buyer_key": self.buyer_key,
                "buyer_label": self.buyer_label, "routing": self.routing, "engagement_recurs": self.engagement_recurs,
                "taught_invoice_id": self.taught_invoice_id, "taught_invoice_number": self.taught_invoice_number,
                "updated_at": self.updated_at.isoformat() if self.updated_at else None}
