"""The shared corpus (../shared/corpus): its truth table and its own scoring rules, for every test.

Tests compare extracted values with `score.normalise`, the same normalisation the corpus' score.py
applies, so a test and the benchmark can never disagree about what "correct" means.
"""

from __future__ import annotations

import csv
import functools
import importlib.util
from pathlib import Path
from types import ModuleType

CORE_FIELDS = ("invoice_number", "date", "total_ht", "total_tva", "total_ttc")
SCORED_FIELDS = CORE_FIELDS + (
    "currency",
    "supplier_siret",
    "supplier_vat",
    "buyer",
    "po_number",
    "iban",
    "vat_rates",
    "vat_breakdown",
)


@functools.cache
def load_score(corpus_dir: Path) -> ModuleType:
    """The corpus' score.py, imported from its file (it is not a package)."""
    spec = importlib.util.spec_from_file_location("corpus_score", corpus_dir / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def truth_rows(corpus_dir: Path) -> list[dict[str, str]]:
    with open(corpus_dir / "truth.tsv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def truth_of(corpus_dir: Path, file_id: str) -> dict[str, str]:
    """The truth row of one corpus file, by its id (the file name without `.pdf`)."""
    for row in truth_rows(corpus_dir):
        if row["id"] == file_id:
            return row
    raise KeyError(file_id)
