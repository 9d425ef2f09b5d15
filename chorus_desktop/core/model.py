"""Shared value types: extracted invoice fields and problems.

Money is `decimal.Decimal`, dates are `datetime.date`; both become strings only at the JSON edge.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

Confidence = Literal["high", "low"]
Source = Literal["xml", "text"]

# The extraction output, with the JSON names every consumer (CLI, store, GUI, score.py) relies on.
FIELD_NAMES: tuple[str, ...] = (
    "invoice_number",
    "date",
    "document_type",
    "original_invoice_number",
    "total_ht",
    "total_tva",
    "total_ttc",
    "amount_due",
    "currency",
    "vat_breakdown",
    "vat_rates",
    "vat_regime",
    "supplier_name",
    "supplier_siret",
    "supplier_vat",
    "buyer",
    "buyer_siret",
    "service_code",
    "po_number",
    "contract_number",
    "iban",
    "payment_means",
    "already_paid",
)
AMOUNT_FIELDS = frozenset({"total_ht", "total_tva", "total_ttc", "amount_due"})
# One printed word of the pages read, upright text only: (page 1-based, x0, top, x1, bottom, text).
PrintedWord = tuple[int, float, float, float, float, str]


@dataclass(frozen=True)
class BoundingBox:
    """A rectangle on a page, in PDF points with the origin at the top-left (pdfplumber's convention)."""

    x0: float
    top: float
    x1: float
    bottom: float

    def union(self, other: BoundingBox) -> BoundingBox:
        return BoundingBox(min(self.x0, other.x0), min(self.top, other.top), max(self.x1, other.x1),
                           max(self.bottom, other.bottom))

    def to_json(self) -> list[float]:
        return [round(self.x0, 2), round(self.top, 2), round(self.x1, 2), round(self.bottom, 2)]


@dataclass(frozen=True)
class VatLine:
    rate: Decimal
    base: Decimal
    amount: Decimal

    def to_json(self) -> dict[str, str]:
        return {"rate": format_rate(self.rate), "base": format_amount(self.base), "amount": format_amount(self.amount)}


@dataclass
class FieldValue:
    """One extracted value with how sure we are and where it was read."""

    value: Any
    confidence: Confidence
    source: Source
    page: int | None = None  # 1-based page number, for page-text values
    bbox: BoundingBox | None = None


@dataclass(frozen=True)
class Problem:
    """Something the user should know about, tied to a field when there is one.

    `blocking` problems prevent sending to Chorus Pro; the others are warnings.
    """

    code: str
    message: str
    field: str | None = None
    blocking: bool = False

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.field is not None:
            data["field"] = self.field
        data["blocking"] = self.blocking
        return data


@dataclass
class ExtractionResult:
    """What the extraction engine read from one PDF."""

    file: Path
    fields: dict[str, FieldValue] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    readable: bool = True  # False when the file could not be read at all (CLI exit status 1)
    page_count: int = 0
    has_embedded_xml: bool = False
    # The upright words of the pages read, kept so that a validated invoice can teach its layout
    # (not part of `to_json`: stored apart by the import).
    words: list[PrintedWord] = field(default_factory=list)
    fingerprint: list[str] = field(default_factory=list)  # the layout's labels and their places
    # Set when a learned layout was read: {"memory_id", "taught_invoice_id", "taught_invoice_number", "fields"}.
    layout_memory: dict[str, Any] | None = None

    def value(self, name: str) -> Any:
        found = self.fields.get(name)
        return None if found is None else found.value

    def to_json(self) -> dict[str, Any]:
        # A name with undecodable bytes (surrogates) would break SQLite, JSON and UTF-8 output: U+FFFD instead.
        data: dict[str, Any] = {"file": str(self.file).encode("utf-8", "surrogateescape").decode("utf-8", "replace")}
        for name in FIELD_NAMES:
            data[name] = json_value(self.value(name))
        data["problems"] = [p.to_json() for p in self.problems]
        data["confidence"] = {name: fv.confidence for name, fv in self.fields.items()}
        data["sources"] = {
            name: {
                "source": fv.source,
                **({"page": fv.page} if fv.page is not None else {}),
                **({"bbox": fv.bbox.to_json()} if fv.bbox is not None else {}),
            }
            for name, fv in self.fields.items()
        }
        data["readable"] = self.readable
        data["page_count"] = self.page_count
        if self.layout_memory is not None:
            data["layout_memory"] = self.layout_memory
        return data


def format_amount(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01")))


def format_rate(value: Decimal) -> str:
    """20 -> "20", 5.50 -> "5.5" (how rates are written on invoices and in score.py)."""
    text = format(value.normalize(), "f")
    return text


def json_value(value: Any) -> Any:
    """Convert a field value to its JSON form (amounts as strings with two decimals, dates ISO)."""
    if isinstance(value, Decimal):
        return format_amount(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, VatLine):
        return value.to_json()
    if isinstance(value, (list, tuple)):
        return [format_rate(v) if isinstance(v, Decimal) else json_value(v) for v in value]
    return value
