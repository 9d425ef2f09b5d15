"""Totals that only their positions and their arithmetic identify.

Some text layers lose the labels of the totals (drawn as images, in another font, far from the values)
or print them as column headings far above (`TOTAL HT  TOTAL TVA  TOTAL TTC` then legal text, then
`180,00  36,00  216,00`). What is left to tell the totals apart is what an accountant checks: three
amounts, HT then TVA then TTC, stacked in one column or side by side on one row, where HT + TVA = TTC
and the VAT is the base times a VAT rate. Those are weak candidates (`position_*` roles): a set with
labels always beats them, and a value read this way is never `high`.
"""

from __future__ import annotations

from decimal import Decimal

from chorus_desktop.core.extraction.amounts import Amount
from chorus_desktop.core.extraction.candidates import Candidate, reading_order
from chorus_desktop.core.extraction.layout import Line
from chorus_desktop.core.extraction.sheets import Sheet
from chorus_desktop.core.extraction.total_choice import vat_matches_rate

POSITION_STRENGTH = 1.0
_MAX_LINES_APART = 6
_MAX_ROW_AMOUNTS = 12  # a summary block: HT, TVA and TTC within a few lines of each other


def position_candidates(
    sheet: Sheet,
    line_amounts: list[tuple[Line, list[Amount]]],
    printed_rates: set[Decimal],
    by_role: dict[str, list[Candidate]],
) -> None:
    """Add `position_ht/tva/ttc` candidates for every (HT, TVA, TTC) stack or row found on the sheet."""
    stack: list[tuple[Line, Amount]] = []
    for line, amounts in line_amounts:
        with_decimals = [a for a in amounts if a.decimals and a.value > 0]
        if not with_decimals:
            continue
        # Side by side on one row, left to right (not in a wide table row: the search is cubic).
        for i, ht in enumerate(with_decimals if len(with_decimals) <= _MAX_ROW_AMOUNTS else ()):
            for j in range(i + 1, len(with_decimals)):
                tva = with_decimals[j]
                for ttc in with_decimals[j + 1 :]:
                    if ht.value + tva.value == ttc.value and vat_matches_rate(
                        ht.value, tva.value, printed_rates
                    ):
                        _add(sheet, (ht, tva, ttc), by_role)
        # The rightmost amount of each line, for stacks in a column.
        stack.append((line, with_decimals[-1]))
    for index, (line_a, ht) in enumerate(stack):
        for k in range(index + 1, len(stack)):
            line_b, tva = stack[k]
            if line_b.index - line_a.index > _MAX_LINES_APART:
                break
            if not _same_column(ht, tva) or not vat_matches_rate(ht.value, tva.value, printed_rates):
                continue
            for line_c, ttc in stack[k + 1 :]:
                if line_c.index - line_a.index > _MAX_LINES_APART:
                    break
                if _same_column(tva, ttc) and ht.value + tva.value == ttc.value:
                    _add(sheet, (ht, tva, ttc), by_role)


def _same_column(a: Amount, b: Amount) -> bool:
    """Right-aligned (amount columns) or left-aligned within a few points."""
    return abs(a.x1 - b.x1) <= 6 or abs(a.x0 - b.x0) <= 3


def _add(sheet: Sheet, found: tuple[Amount, Amount, Amount], by_role: dict[str, list[Candidate]]) -> None:
    for role, amount in zip(("position_ht", "position_tva", "position_ttc"), found):
        order = reading_order(amount.words[0], sheet.height)
        by_role[role].append(Candidate(amount.value, POSITION_STRENGTH, amount.words, order, "position"))
