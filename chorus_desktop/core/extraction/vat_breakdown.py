"""The VAT breakdown: the set of (rate, base, amount) rows whose sums give the totals read, or a single
rate that the totals confirm."""

from __future__ import annotations

from decimal import Decimal
from itertools import combinations

from chorus_desktop.core.extraction.amounts import Amount, rates_in
from chorus_desktop.core.extraction.candidates import Candidate, Fields, reading_order, set_field
from chorus_desktop.core.extraction.label_values import words_after
from chorus_desktop.core.extraction.layout import Line, Word
from chorus_desktop.core.extraction.sheets import Sheet, all_hits
from chorus_desktop.core.model import VatLine

BreakdownRow = tuple[VatLine, list[Word], float]  # a row, the words it was read from, its reading order


def vat_rows_of(
    line: Line,
    amounts: list[Amount],
    rates: list[tuple[Decimal, Word]],
    sheet: Sheet,
    out: list[BreakdownRow],
) -> None:
    """Rows `rate, base, amount` where base x rate = amount (a VAT breakdown table row)."""
    if not rates:
        return
    decimal_amounts = [a for a in amounts if a.decimals]
    for rate, rate_word in rates:
        for base in decimal_amounts:
            for tax in decimal_amounts:
                if base is tax or abs(base.value) < abs(tax.value) or base.value == 0:
                    continue
                if (base.value < 0) != (tax.value < 0) and tax.value != 0:
                    continue
                expected = abs(base.value) * rate / 100
                if abs(expected - abs(tax.value)) <= Decimal("0.011"):
                    if rate == 0 and tax.value != 0:
                        continue
                    out.append(
                        (
                            VatLine(rate, base.value, tax.value),
                            [rate_word, *base.words, *tax.words],
                            reading_order(line.words[0], sheet.height),
                        )
                    )


def choose_breakdown(
    sheets: list[Sheet],
    fields: Fields,
    rows: list[BreakdownRow],
    vat_rows: list[tuple[Decimal, Candidate]],
    printed_rates: set[Decimal],
) -> None:
    """Set `vat_breakdown` and `vat_rates` from the candidate rows, the rates printed on the TVA total
    lines (`vat_rows`) or on any line with amounts (`printed_rates`), checked against the totals."""
    ht_field, tva_field = fields.get("total_ht"), fields.get("total_tva")
    unique: dict[tuple[Decimal, Decimal, Decimal], BreakdownRow] = {}
    for row in rows:
        unique.setdefault((row[0].rate, row[0].base, row[0].amount), row)
    candidates = list(unique.values())[-14:]
    chosen: list[BreakdownRow] | None = None
    if ht_field is not None and tva_field is not None and candidates:
        # The fewest rows that give the totals: a breakdown table, not line items that happen to add up.
        for size in range(1, min(len(candidates), 6) + 1):
            for subset in combinations(candidates, size):
                if (
                    sum((r[0].base for r in subset), Decimal(0)) == ht_field.value
                    and sum((r[0].amount for r in subset), Decimal(0)) == tva_field.value
                ):
                    chosen = list(subset)
                    break
            if chosen:
                break
    confident_totals = ht_field is not None and ht_field.confidence == "high"
    if chosen:
        lines = sorted(_one_row_per_rate([r[0] for r in chosen]), key=lambda v: -v.rate)
        words = [w for r in chosen for w in r[1]]
        set_field(fields, "vat_breakdown", lines, confident_totals, words)
        set_field(fields, "vat_rates", sorted({v.rate for v in lines}, reverse=True), confident_totals, words)
        return
    rates = {rate for rate, _ in vat_rows}
    if not rates:
        rates = _rates_on_vat_lines(sheets)
    if not rates and ht_field is not None and tva_field is not None:
        # The rate only in the lines' VAT column (`20%`): keep the one printed rate that the totals
        # confirm, if exactly one does.
        rates = {
            rate
            for rate in printed_rates
            if rate > 0 and abs(abs(ht_field.value) * rate / 100 - abs(tva_field.value)) <= Decimal("0.011")
        }
    if len(rates) == 1 and ht_field is not None and tva_field is not None:
        rate = next(iter(rates))
        expected = abs(ht_field.value) * rate / 100
        if abs(expected - abs(tva_field.value)) <= max(
            Decimal("0.02"), abs(tva_field.value) * Decimal("0.002")
        ):
            line = VatLine(rate, ht_field.value, tva_field.value)
            words = [w for _, c in vat_rows for w in c.words]
            set_field(fields, "vat_breakdown", [line], confident_totals, words)
            set_field(fields, "vat_rates", [rate], confident_totals, words)
            return
    if rates:
        set_field(fields, "vat_rates", sorted(rates, reverse=True), False, [])


def _rates_on_vat_lines(sheets: list[Sheet]) -> set[Decimal]:
    rates: set[Decimal] = set()
    for _sheet, hit, line_hits in all_hits(sheets, "total_tva"):
        rates.update(rate for rate, _word in rates_in(words_after(hit, line_hits)))
    return rates


def _one_row_per_rate(rows: list[VatLine]) -> list[VatLine]:
    """Merge rows of the same non-zero rate (line items read as rows). A standard rate has one row in a
    VAT breakdown; 0 % may have several (one per exemption reason), so those stay apart."""
    merged: dict[Decimal, VatLine] = {}
    kept: list[VatLine] = []
    for row in rows:
        if row.rate == 0:
            kept.append(row)
            continue
        previous = merged.get(row.rate)
        merged[row.rate] = (
            row
            if previous is None
            else VatLine(row.rate, previous.base + row.base, previous.amount + row.amount)
        )
    return kept + list(merged.values())
