"""An invoice or avoir the app writes itself: parties, lines, computed totals, payment terms, annex.

Amounts are `Decimal`. Totals are computed, never typed: each line's total HT is rounded to the cent, the
VAT is computed once per rate on the sum of that rate's bases (CGI art. 242 nonies A: per rate, the total
HT and the tax), and the TTC is their sum. `to_json`/`from_json` give the input data stored beside the PDF.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

CENT = Decimal("0.01")
Kind = Literal["FACTURE", "AVOIR"]
TYPE_CODES: dict[str, str] = {"FACTURE": "380", "AVOIR": "381"}
# The VAT rates France applies (metropolitan, Corsica, overseas departments), in percent; 0 needs a reason.
FRENCH_VAT_RATES = frozenset(Decimal(r) for r in ("20", "13", "10", "8.5", "5.5", "2.1", "1.75", "1.05", "0.9", "0"))
FRANCHISE_REASON = "TVA non applicable, art. 293 B du CGI"
DEFAULT_SERIES: dict[str, str] = {"FACTURE": "FA", "AVOIR": "AV"}


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Party:
    """Seller or buyer as printed: name, address lines, SIRET, VAT number and the seller's legal details."""

    name: str
    address: tuple[str, ...] = ()
    siret: str | None = None
    vat_number: str | None = None
    legal_form: str | None = None
    capital: str | None = None
    rcs: str | None = None
    iban: str | None = None
    bic: str | None = None
    logo: str | None = None  # path of the seller's logo (PNG or JPEG), printed when the file is there

    @property
    def siren(self) -> str | None:
        return self.siret[:9] if self.siret and len(self.siret) >= 9 else None

    @property
    def postcode_city(self) -> tuple[str | None, str | None]:
        """The postcode and city of the last address line ("75001 Paris"), when it has that shape."""
        for line in reversed(self.address):
            found = re.match(r"\s*(\d{5})\s+(.+)", line)
            if found:
                return found.group(1), found.group(2).strip()
        return None, None

    @property
    def street_lines(self) -> tuple[str, ...]:
        postcode, _city = self.postcode_city
        return tuple(line for line in self.address if not (postcode and line.strip().startswith(postcode)))


@dataclass(frozen=True)
class Buyer(Party):
    """The customer with its Chorus Pro routing; `public` buyers get the public late-payment wording."""

    code_service: str | None = None
    engagement: str | None = None
    public: bool = True


@dataclass(frozen=True)
class Line:
    description: str
    quantity: Decimal
    unit_price: Decimal  # HT, up to 4 decimals
    unit: str = "unité"
    vat_rate: Decimal = Decimal(20)
    exemption: str | None = None  # the legal reason when the rate is 0
    discount: Decimal = Decimal(0)  # HT amount taken off this line

    @property
    def total_ht(self) -> Decimal:
        return money(self.quantity * self.unit_price - self.discount)


@dataclass(frozen=True)
class VatTotal:
    rate: Decimal
    base: Decimal
    amount: Decimal
    exemption: str | None = None


@dataclass(frozen=True)
class Annex:
    """An unpriced table printed after the lines (e.g. the monthly counts of a défraiement invoice)."""

    title: str
    rows: tuple[tuple[str, ...], ...]
    header: tuple[str, ...] = ()


@dataclass(frozen=True)
class Origin:
    """What an avoir cancels: the original invoice's number and date, and why."""

    number: str
    date: dt.date
    reason: str


@dataclass(frozen=True)
class InvoiceDocument:
    """The document model. `number` is None until the store assigns it (gap-free, per series)."""

    kind: Kind
    series: str
    issue_date: dt.date
    seller: Party
    buyer: Buyer
    lines: tuple[Line, ...]
    payment_terms_days: int = 30
    note: str | None = None
    annex: Annex | None = None
    origin: Origin | None = None
    number: str | None = None
    currency: str = "EUR"
    template: str | None = None  # "defraiement" when built by that template

    @property
    def type_code(self) -> str:
        return TYPE_CODES[self.kind]

    @property
    def due_date(self) -> dt.date:
        return self.issue_date + dt.timedelta(days=self.payment_terms_days)

    @property
    def vat_totals(self) -> list[VatTotal]:
        """Per rate (highest first): the sum of the lines' totals HT, and the tax rounded once."""
        bases: dict[tuple[Decimal, str | None], Decimal] = {}
        for line in self.lines:
            key = (line.vat_rate, line.exemption if line.vat_rate == 0 else None)
            bases[key] = bases.get(key, Decimal(0)) + line.total_ht
        return [VatTotal(rate, base, money(base * rate / 100), reason)
                for (rate, reason), base in sorted(bases.items(), key=lambda item: -item[0][0])]

    @property
    def total_ht(self) -> Decimal:
        return sum((line.total_ht for line in self.lines), Decimal("0.00"))

    @property
    def total_tva(self) -> Decimal:
        return sum((vat.amount for vat in self.vat_totals), Decimal("0.00"))

    @property
    def total_ttc(self) -> Decimal:
        return self.total_ht + self.total_tva

    @property
    def exemptions(self) -> list[str]:
        return sorted({line.exemption for line in self.lines if line.vat_rate == 0 and line.exemption})

    def numbered(self, number: str) -> InvoiceDocument:
        return replace(self, number=number)

    def to_json(self) -> dict[str, Any]:
        def party(p: Party) -> dict[str, Any]:
            data = {k: v for k, v in vars(p).items() if v not in (None, ())}
            data["address"] = list(p.address)
            return data

        return {
            "kind": self.kind, "series": self.series, "number": self.number,
            "issue_date": self.issue_date.isoformat(), "currency": self.currency,
            "seller": party(self.seller), "buyer": party(self.buyer),
            "lines": [{"description": ln.description, "quantity": str(ln.quantity), "unit": ln.unit,
                       "unit_price": str(ln.unit_price), "vat_rate": str(ln.vat_rate),
                       "exemption": ln.exemption, "discount": str(ln.discount)} for ln in self.lines],
            "payment_terms_days": self.payment_terms_days, "note": self.note,
            "annex": None if self.annex is None else {"title": self.annex.title, "header": list(self.annex.header),
                                                      "rows": [list(row) for row in self.annex.rows]},
            "origin": None if self.origin is None else {"number": self.origin.number,
                                                        "date": self.origin.date.isoformat(),
                                                        "reason": self.origin.reason},
            "template": self.template,
            "totals": {"total_ht": str(self.total_ht), "total_tva": str(self.total_tva),
                       "total_ttc": str(self.total_ttc)},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> InvoiceDocument:
        """The model back from `to_json` (the computed totals there are ignored, they are recomputed)."""
        def party_values(raw: dict[str, Any]) -> dict[str, Any]:
            values = dict(raw)
            values["address"] = tuple(values.get("address") or ())
            return values

        annex = data.get("annex")
        origin = data.get("origin")
        return cls(
            kind=data["kind"], series=data["series"], number=data.get("number"),
            issue_date=dt.date.fromisoformat(data["issue_date"]), currency=data.get("currency") or "EUR",
            seller=Party(**party_values(data["seller"])), buyer=Buyer(**party_values(data["buyer"])),
            lines=tuple(Line(description=ln["description"], quantity=Decimal(ln["quantity"]), unit=ln["unit"],
                             unit_price=Decimal(ln["unit_price"]), vat_rate=Decimal(ln["vat_rate"]),
                             exemption=ln.get("exemption"), discount=Decimal(ln.get("discount") or "0"))
                        for ln in data["lines"]),
            payment_terms_days=int(data.get("payment_terms_days", 30)), note=data.get("note"),
            annex=None if not annex else Annex(annex["title"], tuple(tuple(r) for r in annex["rows"]),
                                               tuple(annex.get("header") or ())),
            origin=None if not origin else Origin(origin["number"], dt.date.fromisoformat(origin["date"]),
                                                  origin["reason"]),
            template=data.get("template"),
        )
