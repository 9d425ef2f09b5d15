"""The totals: the HT/TVA/TTC triple that satisfies HT + TVA = TTC among the amounts found next to (or
under) total labels, and the amount due. The VAT breakdown is then read from the same lines
(`vat_breakdown.py`)."""

from __future__ import annotations

import re
from decimal import Decimal

from chorus_desktop.core.extraction.amounts import Amount, amounts_in, followed_by_currency, rates_in
from chorus_desktop.core.extraction.candidates import Candidate, Fields, reading_order
from chorus_desktop.core.extraction.identifiers import identifier_words
from chorus_desktop.core.extraction.label_values import words_after
from chorus_desktop.core.extraction.labels import LEGAL_RE, LabelHit, compact
from chorus_desktop.core.extraction.layout import Line, Word, horizontal_overlap, lines_below
from chorus_desktop.core.extraction.numbers import normalise_rate
from chorus_desktop.core.extraction.qualifiers import (
    GENERIC_ROLES,
    qualifier_after,
    qualifier_between,
    suffixed_candidates,
)
from chorus_desktop.core.extraction.sheets import Sheet
from chorus_desktop.core.extraction.total_choice import choose_amount_due, choose_totals
from chorus_desktop.core.extraction.unlabelled_totals import position_candidates
from chorus_desktop.core.extraction.vat_breakdown import BreakdownRow, choose_breakdown, vat_rows_of

# Rates recognised without a `%` sign in a breakdown row (French rates, mainland, Corsica and DOM).
_BARE_RATES = frozenset(Decimal(r) for r in ("20", "10", "5.5", "2.1", "8.5", "13"))
_MONTH_WORDS = frozenset(
    {
        "janvier",
        "fevrier",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "aout",
        "septembre",
        "octobre",
        "novembre",
        "decembre",
    }
)
TOTAL_ROLES = (
    "total_ht",
    "subtotal",
    "vat_base",
    "total_tva",
    "total_ttc",
    "amount_due",
    "total_generic",
    "advance",
)
# Roles of candidates found without a label (`unlabelled_totals.py`).
_POSITION_ROLES = ("position_ht", "position_tva", "position_ttc")
_ROLE_STRENGTH = {
    "total_ht": 3.0,
    "subtotal": 1.5,
    "vat_base": 2.5,
    "total_tva": 3.0,
    "total_ttc": 3.0,
    "amount_due": 2.5,
    "total_generic": 2.0,
    "advance": 0.0,
}


def read_totals(sheets: list[Sheet], fields: Fields) -> None:
    by_role: dict[str, list[Candidate]] = {role: [] for role in (*TOTAL_ROLES, *_POSITION_ROLES)}
    vat_rows: list[tuple[Decimal, Candidate]] = []  # (rate, tva amount) printed on TVA lines
    row_candidates: list[BreakdownRow] = []
    printed_rates: set[Decimal] = set()  # every `x %` printed on a line with amounts
    for sheet in sheets:
        line_amounts: list[tuple[Line, list[Amount]]] = []
        for line, line_hits in zip(sheet.lines, sheet.hits):
            compact_text = line.compact
            if LEGAL_RE.search(line.folded) or "exemple" in compact_text or "ex:" in compact_text:
                continue  # share capital, penalties, examples: never totals
            amounts = amounts_in(line.words)
            identifiers = identifier_words(line, line_hits)
            if identifiers:  # `SIRET : 123 456 789 00012`, `FR 12 345 678 901`: not amounts
                amounts = [a for a in amounts if not any(id(w) in identifiers for w in a.words)]
            if not amounts:
                continue
            line_amounts.append((line, amounts))
            rates = rates_in(line.words)
            printed_rates.update(rate for rate, _word in rates)
            row_rates = rates
            if any(h.category == "total_tva" for h in line_hits):
                # `Umsatzsteuer (S)  275,00  7  19,25`: a rate column without `%` on a VAT row; the
                # arithmetic check in `vat_rows_of` decides whether it really is the rate.
                row_rates = rates + [
                    (normalise_rate(a.value), a.words[0])
                    for a in amounts
                    if not a.decimals and 0 < a.value < 30
                ]
            elif len([a for a in amounts if a.decimals]) >= 2:
                # A VAT recap table row `1  5,5  543,00  29,87` under a `Taux` heading: a bare
                # number that is a French VAT rate; `vat_rows_of` keeps it only if base x rate = tax.
                row_rates = rates + [
                    (normalise_rate(a.value), a.words[0])
                    for a in amounts
                    if not a.decimals and a.value in _BARE_RATES
                ]
            vat_rows_of(line, amounts, row_rates, sheet, row_candidates)
            labelled = False
            for hit in line_hits:
                if hit.category not in TOTAL_ROLES:
                    continue
                labelled = True
                _total_candidates(sheet, hit, line_hits, amounts, rates, by_role, vat_rows)
            if not labelled:
                suffixed_candidates(sheet, line, amounts, by_role)
        # Labels whose value sits below them (a totals table with a header row).
        for line, line_hits in zip(sheet.lines, sheet.hits):
            for hit in line_hits:
                if hit.category in TOTAL_ROLES and not any(
                    a.x0 >= hit.x1 - 1 for a in amounts_in(words_after(hit, line_hits))
                ):
                    column = _column_total(sheet, hit)
                    if column:
                        by_role[hit.category].append(
                            Candidate(
                                column[0].value,
                                _ROLE_STRENGTH[hit.category] - 0.25,
                                column[0].words,
                                reading_order(column[0].words[0], sheet.height),
                                hit.category,
                            )
                        )
        position_candidates(sheet, line_amounts, printed_rates, by_role)
    if len({rate for rate, _ in vat_rows}) > 1:
        total = sum((c.value for _, c in vat_rows), Decimal(0))
        words = [w for _, c in vat_rows for w in c.words]
        by_role["total_tva"].append(
            Candidate(total, 2.0, words, max(c.order for _, c in vat_rows), "vat_rows")
        )
    choose_totals(fields, by_role, printed_rates)
    choose_amount_due(fields, by_role)
    choose_breakdown(sheets, fields, row_candidates, vat_rows, printed_rates)


def _total_candidates(
    sheet: Sheet,
    hit: LabelHit,
    line_hits: list[LabelHit],
    amounts: list[Amount],
    rates: list[tuple[Decimal, Word]],
    by_role: dict[str, list[Candidate]],
    vat_rows: list[tuple[Decimal, Candidate]],
) -> None:
    region = words_after(hit, line_hits)
    region_ids = {id(w) for w in region}
    mine = [a for a in amounts if id(a.words[-1]) in region_ids]
    if not mine:
        return
    strength = _ROLE_STRENGTH[hit.category]
    order = reading_order(mine[0].words[0], sheet.height)
    # `Total facture 24.99 5.00 29.99`: a totals row with HT, TVA and TTC side by side.
    if hit.category in ("total_generic", "total_ttc", "total_ht") and len(mine) >= 3:
        for a, b, c in zip(mine, mine[1:], mine[2:]):
            if a.value + b.value == c.value and c.value != 0:
                by_role["total_ht"].append(Candidate(a.value, 3.0, a.words, order, "row"))
                by_role["total_tva"].append(Candidate(b.value, 3.0, b.words, order, "row"))
                by_role["total_ttc"].append(Candidate(c.value, 3.0, c.words, order, "row"))
                return
    if hit.category == "total_generic" and len(mine) >= 2:
        # `Total  1 000,00  1 200,00` under `Montant HT | Montant TTC` headings: each amount takes the
        # role of the heading of its column.
        for amount in mine:
            role = _column_heading(sheet, hit.line, amount)
            if role is not None and amount.decimals:
                by_role[role].append(Candidate(amount.value, 2.5, amount.words, order, "column"))
    with_decimals = [a for a in mine if a.decimals]
    # A whole number is an amount only with its currency (`TOTAL HT 4485 €`), never `05 Juillet`.
    with_currency = [a for a in mine if not a.decimals and followed_by_currency(a, hit.line)]
    if not with_decimals and not with_currency:
        whole = _whole_amount(mine, hit.line)
        if whole is not None:
            # `TOTAL Ar: 118.400`, `Total 1 250`: a whole amount without currency; weaker, and never
            # `high` (its label is "whole"), the arithmetic with the other totals decides.
            role = _qualified_role(hit, region, whole)
            by_role[role].append(
                Candidate(whole.value, _ROLE_STRENGTH[role] - 1.0, whole.words, order, "whole")
            )
        return
    chosen = (with_decimals or with_currency)[0]
    role = _qualified_role(hit, region, chosen)
    if role != hit.category:
        by_role[role].append(Candidate(chosen.value, _ROLE_STRENGTH[role], chosen.words, order, "qualified"))
        if not (hit.category == "amount_due" and role == "total_ttc"):
            return  # `Somme à payer 29,99 € TTC` is the amount due and the TTC total both
    if hit.category == "total_tva" and len(with_decimals) >= 2 and rates:
        # `TVA 20 %  100,00  20,00`: a breakdown row; its tax is the amount that is base x rate.
        for rate, _word in rates:
            pair = next(
                (
                    (b, t)
                    for b in with_decimals
                    for t in with_decimals
                    if b is not t and abs(abs(b.value) * rate / 100 - abs(t.value)) <= Decimal("0.011")
                ),
                None,
            )
            if pair is not None:
                chosen = pair[1]
                break
    label = hit.category
    line_rates = {rate for rate, word in rates if word.x0 >= hit.x0 - 1}
    if hit.category == "total_tva" and line_rates and "total" not in compact(hit.words)[0]:
        # `TVA 20 % : 40,00` is the VAT of one rate; `Total TVA` is the invoice's VAT: a little weaker,
        # so that the printed total wins when both are there (specific all the same: a single-rate
        # invoice prints only this line).
        strength -= 0.5
        label = "vat_rate_row"
    by_role[hit.category].append(Candidate(chosen.value, strength, chosen.words, order, label))
    if hit.category == "total_tva" and len(line_rates) == 1:
        vat_rows.append(
            (next(iter(line_rates)), Candidate(chosen.value, strength, chosen.words, order, "vat_row"))
        )


def _qualified_role(hit: LabelHit, region: list[Word], amount: Amount) -> str:
    """The role a generic label's amount takes from a qualifier (`à payer HT : 45 €`, `Total 1 200 € TTC`)."""
    if hit.category not in GENERIC_ROLES:
        return hit.category
    return qualifier_between(region, amount) or qualifier_after(hit.line, amount) or hit.category


def _whole_amount(amounts: list[Amount], line: Line) -> Amount | None:
    """The only amount after a total label when it is a whole number that is no date, count or rate."""
    if len(amounts) != 1:
        return None
    amount = amounts[0]
    following = [w for w in line.words if w.x0 >= amount.x1 - 0.5 and w not in amount.words]
    if following and following[0].folded.strip(".,") in _MONTH_WORDS:
        return None
    if abs(amount.value) < 10 or "%" in amount.words[-1].text:
        return None
    return amount


def _column_heading(sheet: Sheet, line: Line, amount: Amount) -> str | None:
    """`total_ht`/`total_tva`/`total_ttc` when the heading above the amount's column says so."""
    for above in reversed(sheet.lines[max(0, line.index - 12) : line.index]):
        if line.top - above.bottom > 250:
            break
        heading = [w for w in above.words if horizontal_overlap(w.x0, w.x1, amount.x0 - 4, amount.x1 + 4)]
        if not heading or amounts_in(heading):
            continue
        text = " ".join(w.folded for w in heading)
        if re.search(r"\bttc\b|toutes taxes|incl", text):
            return "total_ttc"
        if re.search(r"\bh\.?t\.?\b|hors tax|excl|\bnet\b", text):
            return "total_ht"
        if re.search(r"\btva\b|\btaxes?\b|\bvat\b", text):
            return "total_tva"
        return None
    return None


def _column_total(sheet: Sheet, hit: LabelHit) -> list[Amount]:
    """The amount printed under a totals header (`TOTAL HT` above `100,00`), but not the first row of a
    column of line items (`Montant TTC` above every line's amount)."""
    for line in lines_below(sheet.lines, hit.line):
        identifiers = identifier_words(line, sheet.hits[line.index])
        column = [
            a
            for a in amounts_in(line.words)
            if a.decimals
            and horizontal_overlap(a.x0, a.x1, hit.x0 - 8, hit.x1 + 8)
            and not any(id(w) in identifiers for w in a.words)
        ]
        if not column:
            if any(horizontal_overlap(w.x0, w.x1, hit.x0, hit.x1) for w in line.words):
                return []  # text under the label: not a totals header
            continue
        for after in lines_below(sheet.lines, line):
            if not any(horizontal_overlap(w.x0, w.x1, hit.x0 - 8, hit.x1 + 8) for w in after.words):
                continue
            labelled = any(h.category in TOTAL_ROLES for h in sheet.hits[after.index])
            if not labelled and any(
                horizontal_overlap(a.x0, a.x1, hit.x0 - 8, hit.x1 + 8) for a in amounts_in(after.words)
            ):
                return []  # the next row also has an amount here: a column of line items
            break
        return column
    return []
