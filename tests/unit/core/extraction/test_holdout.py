"""Hold-out test of the page reader on invoice layouts designed apart from the corpus.

The invoices come from `holdout_invoices.py` (52 layouts written in waves, fixed seed, values drawn at
random, truth = what was printed). The targets are aggregate, as they are for the real corpus: core
fields right on 90 % of the invoices or more, and `high` values right 98 % of the time or more (a wrong
`high` is the worst outcome: the accountant trusts it). Per-field figures and misses are printed for
information (`pytest -s`).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from holdout_invoices import holdout_invoices

from chorus_desktop.core.extraction.engine import extract_invoice

CORE_FIELDS = ("invoice_number", "date", "total_ht", "total_tva", "total_ttc")
AMOUNT_FIELDS = {"total_ht", "total_tva", "total_ttc", "amount_due"}
ID_FIELDS = {
    "supplier_siret",
    "supplier_vat",
    "buyer_siret",
    "iban",
    "po_number",
    "service_code",
    "contract_number",
    "invoice_number",
    "original_invoice_number",
}
# Every layout twice, with different values (dates, amounts and numbers change what a reader meets).
COPIES = 2
CORE_TARGET = 0.90
HIGH_PRECISION_TARGET = 0.98


def same(name: str, read: Any, truth: Any) -> bool:
    """Compare like score.py does: amounts by absolute value, identifiers without punctuation or case."""
    if read is None:
        return truth is None
    if name in AMOUNT_FIELDS:
        return isinstance(read, Decimal) and truth is not None and abs(read) == abs(truth)
    if name in ID_FIELDS:

        def norm(value: Any) -> str:
            return re.sub(r"[^0-9A-Z]", "", str(value).upper())

        return norm(read) == norm(truth)
    if name == "buyer":  # as score.py: case, accents and punctuation do not count
        return fold_name(str(read)) == fold_name(str(truth))
    if name == "vat_rates":
        return isinstance(read, list) and sorted(read, reverse=True) == truth
    if name == "date":
        return isinstance(read, dt.date) and read == truth
    return bool(read == truth)


def fold_name(text: str) -> str:
    without_accents = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", without_accents.casefold()).split())


@pytest.fixture(scope="module")
def readings(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    folder: Path = tmp_path_factory.mktemp("holdout")
    out = []
    for invoice in holdout_invoices(copies=COPIES):
        path = folder / f"{invoice.name}.pdf"
        path.write_bytes(invoice.pdf)
        result = extract_invoice(path, use_embedded_xml=False)
        out.append((invoice.name, invoice.truth, result.fields))
    return out


def score(readings: list[tuple[str, dict[str, Any], dict[str, Any]]]) -> dict[str, Any]:
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    high_right = high_total = 0
    misses = []
    for name, truth, fields in readings:
        for field, expected in truth.items():
            found = fields.get(field)
            value = found.value if found is not None else None
            ok = same(field, value, expected)
            if expected is not None:
                total[field] += 1
                right[field] += ok
            if found is not None and found.confidence == "high":
                high_total += 1
                high_right += ok
            if not ok:
                confidence = found.confidence if found is not None else "-"
                misses.append(f"{name}: {field} read {value!r} ({confidence}), printed {expected!r}")
    return {"right": right, "total": total, "high": (high_right, high_total), "misses": misses}


def test_holdout_targets(readings: list[tuple[str, dict[str, Any], dict[str, Any]]]) -> None:
    figures = score(readings)
    right, total = figures["right"], figures["total"]
    print()
    for field in sorted(total):
        print(
            f"  {field:24s} {right[field]:3d}/{total[field]:3d}  {100 * right[field] / total[field]:5.1f} %"
        )
    high_right, high_total = figures["high"]
    core_right = sum(right[f] for f in CORE_FIELDS)
    core_total = sum(total[f] for f in CORE_FIELDS)
    print(f"  core fields {core_right}/{core_total} = {100 * core_right / core_total:.1f} %")
    print(f"  high precision {high_right}/{high_total} = {100 * high_right / max(high_total, 1):.1f} %")
    for miss in figures["misses"]:
        print("  MISS", miss)
    assert len(readings) >= 50
    assert core_right / core_total >= CORE_TARGET, figures["misses"]
    assert high_right / high_total >= HIGH_PRECISION_TARGET, figures["misses"]


def test_generated_truth_is_consistent() -> None:
    """The generator's own arithmetic: HT + TVA = TTC on every invoice (guards the test itself)."""
    for invoice in holdout_invoices():
        truth = invoice.truth
        if "total_ht" in truth and "total_tva" in truth:
            assert truth["total_ht"] + truth["total_tva"] == truth["total_ttc"], invoice.name
        assert invoice.pdf.startswith(b"%PDF")
