"""Helpers for the store tests: a stand-in extractor and unique PDF files made from corpus PDFs."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

from chorus_desktop.core.model import ExtractionResult, FieldValue, VatLine

# Valid check digits (python-stdnum): a public recipient and two supplier SIRETs.
RECIPIENT_SIRET = "11000201100044"  # Ministère (SIRET with valid Luhn key)
SUPPLIER_SIRET = "73282932000074"
OTHER_SUPPLIER_SIRET = "55210055400013"


def invoice_fields(**overrides: Any) -> dict[str, Any]:
    """Field values of a consistent French invoice (100 HT at 20 %)."""
    values: dict[str, Any] = {
        "invoice_number": "F2024-001",
        "date": dt.date(2024, 3, 15),
        "document_type": "invoice",
        "total_ht": Decimal("100.00"),
        "total_tva": Decimal("20.00"),
        "total_ttc": Decimal("120.00"),
        "amount_due": Decimal("120.00"),
        "currency": "EUR",
        "vat_breakdown": [VatLine(Decimal("20"), Decimal("100.00"), Decimal("20.00"))],
        "vat_rates": [Decimal("20")],
        "supplier_siret": SUPPLIER_SIRET,
        "buyer": "Ministère des essais",
        "buyer_siret": RECIPIENT_SIRET,
    }
    values.update(overrides)
    return {k: v for k, v in values.items() if v is not None}


def make_extraction(path: Path, **overrides: Any) -> ExtractionResult:
    fields = {name: FieldValue(value, "high", "text", page=1) for name, value in invoice_fields(**overrides).items()}
    return ExtractionResult(file=path, fields=fields, page_count=1)


class FakeExtractor:
    """Returns prepared field values per file name; by default a valid invoice numbered after the file."""

    def __init__(self) -> None:
        self.by_name: dict[str, dict[str, Any]] = {}
        self.calls: list[Path] = []

    def __call__(self, path: Path) -> ExtractionResult:
        self.calls.append(path)
        overrides = self.by_name.get(path.name, {"invoice_number": path.stem[-20:]})
        return make_extraction(path, **overrides)


def unique_pdfs(corpus_dir: Path, folder: Path, count: int, *, prefix: str = "facture") -> list[Path]:
    """`count` distinct PDF files: a real corpus PDF with a distinct comment appended after %%EOF."""
    source = corpus_dir / "pdfs" / "cas-ok-001.pdf"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        target = folder / f"{prefix}-{index:03d}.pdf"
        shutil.copyfile(source, target)
        with target.open("ab") as handle:
            handle.write(f"\n%chorus-desktop-test {prefix} {index}\n".encode())
        paths.append(target)
    return paths
