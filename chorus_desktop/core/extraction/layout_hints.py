"""Reading an invoice with a learned layout first, without ever letting the memory overrule the checks.

`apply_layout_hints(result, memories)` takes the extraction of one invoice and the layouts learned for
its supplier profile (the caller looks them up: the engine stays pure). When one of them is this
invoice's supplier and layout (`learned_layout.choose_memory`), each learned field is read where it
was learned, in its learned format:
- the totals replace the reader's only as a set that adds up (HT + TVA = TTC): then they are `high`
  (two independent readings agree: the place the user confirmed, and the arithmetic); totals that do
  not add up are left out, whatever the memory says;
- the number and the date are `high` when found where learned in the learned format (and, for the
  date, plausible); a value the page reader was sure of (`high`) and that differs is kept;
- `result.layout_memory` says which fields came from the memory and which invoice taught it.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from chorus_desktop.core.domain.learning import LayoutMemory
from chorus_desktop.core.extraction.checks import check_date, check_totals
from chorus_desktop.core.extraction.learned_layout import AMOUNTS, choose_memory, read_learned
from chorus_desktop.core.model import ExtractionResult, FieldValue, VatLine


def apply_layout_hints(result: ExtractionResult, memories: Sequence[LayoutMemory]) -> LayoutMemory | None:
    """Read `result`'s invoice with its learned layout, if one of `memories` is it; returns that memory."""
    if not result.readable:
        return None
    # A memory without places (kept only for the cadre chosen for paid invoices) has nothing to read.
    memory = choose_memory(result, [m for m in memories if m.fields])
    if memory is None:
        return None
    found: dict[str, FieldValue] = {}
    for name, learned in memory.fields.items():
        value = read_learned(result.words, name, learned)
        if value is not None:
            found[name] = value
    used = _accept_totals(result, found) + _accept_header(result, found)
    if used:
        result.problems = [p for p in result.problems
                           if not (p.field in used and p.code.startswith("controle_"))]
    result.layout_memory = {
        "memory_id": memory.id,
        "taught_invoice_id": memory.taught_invoice_id,
        "taught_invoice_number": memory.taught_invoice_number,
        "fields": sorted(used),
    }
    return memory


def _accept_totals(result: ExtractionResult, found: dict[str, FieldValue]) -> list[str]:
    names = [name for name in AMOUNTS if name in found]
    if not names:
        return []
    fields = result.fields
    trial = {name: copy.copy(fields[name]) for name in AMOUNTS if name in fields}
    trial.update({name: copy.copy(found[name]) for name in names})
    if "total_ht" not in trial or "total_ttc" not in trial or check_totals(trial):
        return []  # the memory's totals do not add up here: the reader's stand
    if any(fields[n].confidence == "high" and fields[n].value != trial[n].value for n in AMOUNTS if n in fields):
        return []  # the page reader is sure of another set: believe it
    old_ttc = fields.get("total_ttc")
    for name, value in trial.items():
        fields[name] = replace(value, confidence="high")
    due = fields.get("amount_due")
    new_ttc = fields["total_ttc"]
    if due is not None and old_ttc is not None and due.value == old_ttc.value and due.value != new_ttc.value:
        fields["amount_due"] = replace(new_ttc)  # the due amount was read as the (wrong) total
    tva = fields["total_tva"].value if "total_tva" in fields else Decimal(0)
    _fit_breakdown(result, fields["total_ht"].value, tva)
    return names


def _fit_breakdown(result: ExtractionResult, ht: Decimal, tva: Decimal) -> None:
    """Keep the VAT lines in step with the totals: one rate gets one line, lines that no longer add up go."""
    breakdown = result.fields.get("vat_breakdown")
    lines: list[VatLine] = list(breakdown.value) if breakdown is not None and breakdown.value else []
    if lines and sum(line.base for line in lines) == ht and sum(line.amount for line in lines) == tva:
        return
    rates = result.fields.get("vat_rates")
    rate_list = list(rates.value) if rates is not None and rates.value else [line.rate for line in lines]
    if len(set(rate_list)) == 1 and (ht * rate_list[0] / 100).quantize(Decimal("0.01")) == tva:
        result.fields["vat_breakdown"] = FieldValue([VatLine(rate_list[0], ht, tva)], "low", "text")
    elif breakdown is not None:
        del result.fields["vat_breakdown"]
        result.fields.pop("vat_rates", None)


def _accept_header(result: ExtractionResult, found: dict[str, FieldValue]) -> list[str]:
    used = []
    for name in ("invoice_number", "date"):
        value = found.get(name)
        if value is None:
            continue
        current = result.fields.get(name)
        if current is not None and current.confidence == "high" and current.value != value.value:
            continue
        trial = {name: copy.copy(value)}
        if name == "date" and check_date(trial):
            continue
        result.fields[name] = replace(value, confidence="high")
        used.append(name)
    return used
