"""Benchmark of learning from one corrected invoice (figures, not assertions).

    .venv/bin/python benchmarks/bench_learning.py [--copies 3] [--templates N] [--details]

Series of invoices of one layout from one supplier: real PDFs of `../shared/corpus-extra` that share a
layout (pacano-hotel x2, latexgen x3, tsaravatsy x2: teach on one, read the others), the ads-facturx series
made here (`benchmarks/made_invoices`, m-ads-1..3) and the same-supplier files of `../shared/corpus`
(fnfe facture + avoir; the ZUGFeRD ones cannot be validated for Chorus Pro: German VAT rates) and invoices generated from
every hold-out template (`tests/support/holdout_invoices.py`) with one supplier and one buyer pinned and
other values drawn: copy 0 teaches, `--copies` next ones go to the same buyer, one more to another buyer,
and one invoice of the next template (another layout of the same supplier) must be left alone.

For each series, in a fresh store, through the use cases (as `import`, `set`, `validate` do):
- before: the next invoices imported without any teaching;
- teaching: the first invoice imported, its core fields corrected to what is printed where the reader
  got them wrong, the routing chosen (SIRET destinataire, code service), validated (Prête);
- after: the next invoices imported into that store.
Figures over the next invoices: core fields right (number, date, HT, TVA, TTC; a missing value counts as
wrong) before and after, fields right before and wrong after, wrong `high` values after, routing right
(the taught routing for the same buyer; none of it for another buyer), and the fields the user still
types per next invoice (wrong core fields, plus the routing fields for the same buyer).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import logging
import re
import sys
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "support"))

import holdout_invoices as holdout
from learning_series import PinnedValues

from chorus_desktop.core.domain.deposit import Deposit
from chorus_desktop.core.store import Store
from chorus_desktop.wiring import AppContext, build_context

CORE = ("invoice_number", "date", "total_ht", "total_tva", "total_ttc")
DEPOSIT_FIELD = {"invoice_number": "numeroFactureSaisi", "date": "dateFacture", "total_ht": "montantHtTotal",
                 "total_tva": "montantTVA", "total_ttc": "montantTtcTotal"}
ROUTE = {"codeDestinataire": "11000201100044", "codeServiceExecutant": "SE-APPRIS"}
EXTRA = ROOT.parent / "shared" / "corpus-extra"
TODAY = dt.date(2026, 12, 31)
# Real same-layout files: (series, teach, next ones to the same buyer, next ones to another buyer).
MADE = ROOT / "benchmarks" / "made_invoices"
CORPUS = ROOT.parent / "shared" / "corpus"
REAL_SERIES = (
    ("pacano-hotel", EXTRA, "x-pacano-2023-6013", ["x-pacano-2023-6026"], []),
    ("latexgen", EXTRA, "x-latexgen-2021-001-293b", ["x-latexgen-2021-001-mr", "x-latexgen-2021-001-2p"], []),
    ("tsaravatsy", EXTRA, "x-tsaravatsy-fa-01669", [], ["x-tsaravatsy-av-00009"]),
    ("ads-facturx", MADE, "m-ads-1", ["m-ads-2", "m-ads-3"], []),
    ("fnfe", CORPUS, "fnfe-facture-fr", ["fnfe-avoir-380"], []),
)


@dataclass
class Case:
    path: Path
    truth: dict[str, Any]
    same_buyer: bool
    other_layout: bool = False


@dataclass
class Figures:
    series: int = 0
    taught: int = 0
    nexts: int = 0
    scored: int = 0
    right_before: int = 0
    right_after: int = 0
    broken: int = 0  # right before, wrong after
    high_after: int = 0
    high_before: int = 0
    wrong_high_after: int = 0
    routing_cases: int = 0
    routing_right: int = 0
    to_type: int = 0
    to_type_before: int = 0
    from_memory: int = 0
    other_layouts: int = 0
    other_layouts_read_with_memory: int = 0
    other_layouts_changed: int = 0
    notes: list[str] = field(default_factory=list)


def _norm(name: str, value: Any) -> Any:
    if value is None or value == "":
        return None
    if name == "invoice_number":
        return re.sub(r"\s", "", str(value)).replace("\u2010", "-").upper()
    if name == "date":
        return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    return abs(Decimal(str(value)))


def _context(folder: Path) -> AppContext:
    store = Store.open_file(folder / "store.sqlite3", folder / "documents")
    context = build_context(store, today=lambda: TODAY)
    context.profiles.add_profile("Fournisseur", "73282932000074", chorus_supplier_id=26123,
                                 chorus_bank_account_id=4411)
    return context


def _import(context: AppContext, path: Path) -> int:
    [outcome] = context.importing.import_files([path], profile_id=context.profiles.list_profiles()[0].id)
    assert outcome.invoice_id is not None, outcome.message
    return outcome.invoice_id


def _routing(case: Case, taught: dict[str, str]) -> dict[str, str]:
    """The routing a next invoice should get: the taught one, but a code service it prints is its own."""
    return {**taught, **({"codeServiceExecutant": case.truth["service_code"]} if case.truth.get("service_code") else {})}


def _teach(context: AppContext, case: Case, figures: Figures) -> dict[str, str] | None:
    """Import, correct, choose the routing, validate; the routing chosen, None when it could not be validated."""
    invoice_id = _import(context, case.path)
    deposit = context.queries.get_invoice(invoice_id).deposit
    route = _routing(case, ROUTE)
    changes: dict[str, Any] = dict(route)
    truth_of = dict(case.truth)
    if truth_of.get("total_ht") in (None, "") and truth_of.get("total_tva") in (None, "") and truth_of.get("total_ttc"):
        truth_of["total_ht"], truth_of["total_tva"] = truth_of["total_ttc"], "0.00"  # no VAT: what the user types
    for name in CORE:
        truth = _norm(name, truth_of.get(name))
        if truth is not None and _norm(name, getattr(deposit, DEPOSIT_FIELD[name])) != truth:
            changes[DEPOSIT_FIELD[name]] = truth.isoformat() if isinstance(truth, dt.date) else str(truth)
    if any(DEPOSIT_FIELD[n] in changes for n in ("total_ht", "total_tva")):
        ht, tva = _norm("total_ht", truth_of.get("total_ht")), _norm("total_tva", truth_of.get("total_tva"))
        if ht is not None and tva is not None:
            rate = (tva * 100 / ht).quantize(Decimal("0.1")) if ht else Decimal(0)
            changes["ligneTva"] = f'[{{"taux": {rate.normalize()}, "base": "{ht}", "tva": "{tva}"}}]'
    if "montantTtcTotal" in changes:
        changes["montantAPayer"] = changes["montantTtcTotal"]
    context.editing.update_deposit(invoice_id, changes)
    if any(p.code == "fournisseur_different" for p in context.lifecycle.validate(invoice_id)):
        context.supplier.confirm_supplier(invoice_id)  # the bench's profile is not the printed issuer's
    problems = context.lifecycle.validate(invoice_id)
    blocking = [p.message for p in problems if p.blocking]
    if blocking:
        figures.notes.append(f"{case.path.name}: not validated ({blocking[0]})")
        return None
    return route


def _score(deposit: Deposit, extraction: dict[str, Any], case: Case) -> dict[str, bool | None]:
    out: dict[str, bool | None] = {}
    for name in CORE:
        truth = _norm(name, case.truth.get(name))
        out[name] = None if truth is None else _norm(name, getattr(deposit, DEPOSIT_FIELD[name])) == truth
    return out


def run_series(name: str, teach: Case, nexts: list[Case], figures: Figures, details: bool) -> None:
    figures.series += 1
    with tempfile.TemporaryDirectory() as before_dir, tempfile.TemporaryDirectory() as after_dir:
        before_ctx, after_ctx = _context(Path(before_dir)), _context(Path(after_dir))
        try:
            before, before_deposits = {}, {}
            for case in nexts:
                record = before_ctx.queries.get_invoice(_import(before_ctx, case.path))
                before[case.path] = _score(record.deposit, record.extraction, case)
                before_deposits[case.path] = record.deposit
                if not case.other_layout:
                    figures.high_before += sum(record.extraction.get("confidence", {}).get(n) == "high"
                                               for n, ok in before[case.path].items() if ok is not None)
            taught = _teach(after_ctx, teach, figures)
            if taught is None:
                return
            figures.taught += 1
            for case in nexts:
                record = after_ctx.queries.get_invoice(_import(after_ctx, case.path))
                after = _score(record.deposit, record.extraction, case)
                if case.other_layout:
                    figures.other_layouts += 1
                    figures.other_layouts_read_with_memory += "layout_memory" in record.extraction
                    figures.other_layouts_changed += after != before[case.path]
                    continue
                figures.nexts += 1
                typed = 0
                for field_name, ok in after.items():
                    if ok is None:
                        continue
                    figures.scored += 1
                    figures.right_before += bool(before[case.path][field_name])
                    figures.right_after += ok
                    typed += not ok
                    if before[case.path][field_name] and not ok:
                        figures.broken += 1
                        figures.notes.append(f"{name}/{case.path.name}: {field_name} right before, wrong after")
                    if record.extraction.get("confidence", {}).get(field_name) == "high":
                        figures.high_after += 1
                        figures.wrong_high_after += not ok
                memory = record.extraction.get("layout_memory") or {}
                figures.from_memory += len(memory.get("fields") or [])
                deposit = record.deposit
                figures.routing_cases += 1
                figures.to_type_before += sum(ok is False for ok in before[case.path].values())
                if case.same_buyer:
                    figures.to_type_before += sum(getattr(before_deposits[case.path], k) != v
                                                  for k, v in _routing(case, taught).items())
                    missing = [k for k, v in _routing(case, taught).items() if getattr(deposit, k) != v]
                    typed += len(missing)
                    figures.routing_right += not missing
                else:
                    figures.routing_right += all(getattr(deposit, k) != v for k, v in taught.items())
                figures.to_type += typed
                if details and (typed or any(ok is False for ok in after.values())):
                    print(f"  {name}/{case.path.name}: after={after} before={before[case.path]} "
                          f"memory={memory.get('fields')} to type={typed}")
        finally:
            before_ctx.close()
            after_ctx.close()


def real_cases() -> list[tuple[str, Case, list[Case]]]:
    series = []
    for name, corpus, teach, same, other in REAL_SERIES:
        with (corpus / "truth.tsv").open(encoding="utf-8") as handle:
            truth = {row["id"]: row for row in csv.DictReader(handle, delimiter="\t")}

        def case(file_id: str, same_buyer: bool, corpus: Path = corpus, truth: dict[str, Any] = truth) -> Case:
            return Case(corpus / "pdfs" / f"{file_id}.pdf", {n: truth[file_id].get(n) for n in CORE}, same_buyer)

        series.append((name, case(teach, True), [case(i, True) for i in same] + [case(i, False) for i in other]))
    return series


def generated_cases(folder: Path, copies: int, limit: int | None) -> list[tuple[str, Case, list[Case]]]:
    series = []
    templates = holdout.TEMPLATES[:limit] if limit else holdout.TEMPLATES
    for index, template in enumerate(templates):
        supplier = holdout.Values(1000 + index).party(holdout.SUPPLIER_NAMES)
        buyers_a: dict[Any, holdout.Party] = {}
        buyers_b: dict[Any, holdout.Party] = {}
        cases = []
        for copy in range(copies + 2):
            same = copy <= copies
            values = PinnedValues(index * 100 + copy, supplier, buyers_a if same else buyers_b,
                                  2000 + index * 10 + (0 if same else 5))
            pdf, truth = template(values)
            path = folder / f"{template.__name__}-{copy}.pdf"
            path.write_bytes(pdf)
            cases.append(Case(path, {n: truth.get(n) for n in (*CORE, "service_code")}, same))
        if any(b.name == a.name and b.street == a.street and b.city == a.city and b.siret == a.siret
               for a in buyers_a.values() for b in buyers_b.values()):
            cases = cases[:-1]  # the other buyer drawn is the same one: leave it out
        # Another layout of the same supplier (the next template), which the memory must leave alone.
        other = templates[(index + 1) % len(templates)]
        pdf, truth = other(PinnedValues(index * 100 + 99, supplier, {}, 9000 + index))
        path = folder / f"{template.__name__}-other-{other.__name__}.pdf"
        path.write_bytes(pdf)
        cases.append(Case(path, {n: truth.get(n) for n in CORE}, False, other_layout=True))
        series.append((template.__name__, cases[0], cases[1:]))
    return series


def report(title: str, figures: Figures) -> None:
    def pct(a: int, b: int) -> str:
        return f"{100 * a / b:.1f} %" if b else "-"

    print(f"== {title}: {figures.series} series, {figures.taught} taught, {figures.nexts} next invoices")
    print(f"  core fields right before learning: {pct(figures.right_before, figures.scored)} "
          f"({figures.right_before}/{figures.scored})")
    print(f"  core fields right after learning:  {pct(figures.right_after, figures.scored)} "
          f"({figures.right_after}/{figures.scored})")
    print(f"  right before and wrong after: {figures.broken}")
    print(f"  wrong high values after: {figures.wrong_high_after}/{figures.high_after} "
          f"(high values without learning: {figures.high_before})")
    print(f"  fields read from the learned layout: {figures.from_memory}")
    print(f"  routing right: {pct(figures.routing_right, figures.routing_cases)} "
          f"({figures.routing_right}/{figures.routing_cases})")
    print(f"  fields to type per next invoice: {figures.to_type / max(figures.nexts, 1):.2f} "
          f"(without learning: {figures.to_type_before / max(figures.nexts, 1):.2f})")
    if figures.other_layouts:
        print(f"  other layouts of the same supplier: {figures.other_layouts} invoices, read with a memory: "
              f"{figures.other_layouts_read_with_memory}, core fields changed: {figures.other_layouts_changed}")
    for note in figures.notes:
        print(f"  note: {note}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=3, help="next invoices to the same buyer per template")
    parser.add_argument("--templates", type=int, default=None, help="only the first N hold-out templates")
    parser.add_argument("--details", action="store_true", help="print each next invoice with a field to type")
    args = parser.parse_args()
    for noisy in ("pdfminer", "pypdf", "factur-x", "chorus_desktop"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    real = Figures()
    for name, teach, nexts in real_cases():
        run_series(name, teach, nexts, real, args.details)
    report("real PDFs of one supplier (corpus-extra, made_invoices, corpus)", real)
    generated = Figures()
    with tempfile.TemporaryDirectory() as folder:
        for name, teach, nexts in generated_cases(Path(folder), args.copies, args.templates):
            run_series(name, teach, nexts, generated, args.details)
    report(f"generated series (hold-out templates, {args.copies} + 1 next invoices each)", generated)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
