"""Reading with a learned layout (pure: the memory is handed in): values found where learned, in the learned
format, are `high` only when the checks agree; a memory the totals contradict never overrides."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from chorus_desktop.core.domain.learning import LEARNED_FIELDS, LayoutMemory
from chorus_desktop.core.extraction import extract_invoice
from chorus_desktop.core.extraction.layout_hints import apply_layout_hints
from chorus_desktop.core.extraction.learned_layout import learn_field, similarity, supplier_key
from chorus_desktop.core.model import ExtractionResult

TAUGHT = {"invoice_number": "2023-6013", "date": "2023-09-20", "total_ht": Decimal("1245.30"),
          "total_tva": Decimal("123.54"), "total_ttc": Decimal("1368.84")}


@pytest.fixture(scope="module")
def pacano(corpus_dir: Path) -> tuple[ExtractionResult, Path]:
    extra = corpus_dir.parent / "corpus-extra" / "pdfs"
    return extract_invoice(extra / "x-pacano-2023-6013.pdf"), extra / "x-pacano-2023-6026.pdf"


def memory_from(taught: ExtractionResult, **moved: str) -> LayoutMemory:
    """The layout learned from `taught` with its printed values; `moved` puts a field where another is."""
    fields = {}
    for name in LEARNED_FIELDS:
        value = TAUGHT[name]
        found = learn_field(taught.words, name, dt.date.fromisoformat(value) if name == "date" else value)
        assert found is not None, name
        fields[name] = found
    for name, other in moved.items():
        fields[name] = fields[other]
    key = supplier_key(taught.value("supplier_siret"), taught.value("supplier_vat"))
    return LayoutMemory(id=7, profile_id=1, supplier_key=key, fingerprint=taught.fingerprint, fields=fields,
                        taught_invoice_id=3, taught_invoice_number="2023-6013")


def test_the_taught_layout_reads_the_next_invoice(pacano: tuple[ExtractionResult, Path]) -> None:
    taught, next_file = pacano
    plain = extract_invoice(next_file)
    assert plain.value("invoice_number") is None and similarity(plain.fingerprint, taught.fingerprint) > 0.9
    result = extract_invoice(next_file, layout_hints=[memory_from(taught)])
    assert result.value("invoice_number") == "2023-6026" and result.fields["invoice_number"].confidence == "high"
    assert result.layout_memory == {"memory_id": 7, "taught_invoice_id": 3, "taught_invoice_number": "2023-6013",
                                    "fields": sorted(LEARNED_FIELDS)}
    assert result.to_json()["layout_memory"]["taught_invoice_number"] == "2023-6013"


def test_a_learned_total_the_totals_contradict_is_not_used(pacano: tuple[ExtractionResult, Path]) -> None:
    taught, next_file = pacano
    wrong = memory_from(taught, total_ttc="total_ht")  # "corrected" onto the HT's place
    result = extract_invoice(next_file)
    assert result.value("total_ttc") == Decimal("228.14")
    apply_layout_hints(result, [wrong])
    assert result.value("total_ttc") == Decimal("228.14")  # the reader's total stands
    assert result.layout_memory is not None and "total_ttc" not in result.layout_memory["fields"]
    assert result.value("invoice_number") == "2023-6026"  # the rest of the memory still helps

    missed = extract_invoice(next_file)
    del missed.fields["total_ttc"]  # the reader missing the total: the memory does not fill it either
    apply_layout_hints(missed, [wrong])
    assert "total_ttc" not in missed.fields
    assert missed.layout_memory is not None and not {"total_ht", "total_ttc"} & set(missed.layout_memory["fields"])


def test_a_memory_of_another_supplier_or_layout_is_not_used(pacano: tuple[ExtractionResult, Path],
                                                            corpus_dir: Path) -> None:
    taught, next_file = pacano
    other_supplier = dataclasses.replace(memory_from(taught), supplier_key="FR00999999999")
    result = extract_invoice(next_file, layout_hints=[other_supplier])
    assert result.layout_memory is None and result.value("invoice_number") is None
    other_layout = extract_invoice(corpus_dir.parent / "corpus-extra" / "pdfs" / "x-iopole-jdz7fej.pdf")
    memory = dataclasses.replace(memory_from(taught), supplier_key=supplier_key(
        other_layout.value("supplier_siret"), other_layout.value("supplier_vat")))
    before = {name: fv.value for name, fv in other_layout.fields.items()}
    assert apply_layout_hints(other_layout, [memory]) is None
    assert {name: fv.value for name, fv in other_layout.fields.items()} == before
