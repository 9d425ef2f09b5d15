"""The totals: the HT/TVA/TTC triple that satisfies HT + TVA = TTC among the amounts found next to (or
under) total labels, and the amount due. The VAT breakdown is then read from the same lines
(`vat_breakdown.py`)."""

from __future__ import annotations

import re
from decimal import Decimal

from chorus_desktop.core.extraction.amounts import Amount, amounts_in, followed_by_currency, rates_in
from chorus_desktop.core.extraction.candidates import Candidate, Fields, reading_order, set_field
from chorus_desktop.core.extraction.identifiers import identifier_words
from chorus_desktop.core.extraction.label_values import words_after
from chorus_desktop.core.extraction.labels import LEGAL_RE, LabelHit
from chorus_desktop.core.extraction.layout import Line, Word, horizontal_overlap, lines_below
from chorus_desktop.core.extraction.numbers import normalise_rate
from chorus_desktop.core.extraction.sheets import Sheet
from chorus_desktop.core.extraction.vat_breakdown import BreakdownRow, choose_breakdown, vat_rows_of

# Rates recognised without a `%` sign in a breakdown row (French rates, mainland, Corsica and DOM).
_BARE_RATES = frozenset(Decimal(r) for r in ("20", "10", "5.5", "2.1", "8.5", "13"))
TOTAL_ROLES = ("total_ht", "subtotal", "total_tva", "total_ttc", "amount_due", "total_generic", "advance")
_ROLE_STRENGTH = {
    "total_ht": 3.0,
    "subtotal": 1.5,
    "total_tva": 3.0,
    "total_ttc": 3.0,
    "amount_due": 2.5,
    "total_generic": 2.0,
    "advance": 0.0,
}


def read_totals(sheets: list[Sheet], fields: Fields) -> None:
    by_role: dict[str, list[Candidate]] = {role: [] for role in TOTAL_ROLES}
    vat_rows: list[tuple[Decimal, Candidate]] = []  # (rate, tva amount) printed on TVA lines
    row_candidates: list[BreakdownRow] = []
    printed_rates: set[Decimal] = set()  # every `x %` printed on a line with amounts
    for sheet in sheets:
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
            for hit in line_hits:
                if hit.category not in TOTAL_ROLES:
                    continue
                _total_candidates(sheet, hit, line_hits, amounts, rates, by_role, vat_rows)
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
    if len({rate for rate, _ in vat_rows}) > 1:
        total = sum((c.value for _, c in vat_rows), Decimal(0))
        words = [w for _, c in vat_rows for w in c.words]
        by_role["total_tva"].append(
            Candidate(total, 2.0, words, max(c.order for _, c in vat_rows), "vat_rows")
        )
    _choose_totals(fields, by_role)
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
        return
    chosen = (with_decimals or with_currency)[0]
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
    by_role[hit.category].append(Candidate(chosen.value, strength, chosen.words, order, hit.category))
    if hit.category == "total_tva":
        line_rates = {rate for rate, word in rates if word.x0 >= hit.x0 - 1}
        if len(line_rates) == 1:
            vat_rows.append(
                (next(iter(line_rates)), Candidate(chosen.value, strength, chosen.words, order, "vat_row"))
            )


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


def _choose_totals(fields: Fields, by_role: dict[str, list[Candidate]]) -> None:
    for role in by_role:
        by_role[role] = by_role[role][-40:]
    ht_options = by_role["total_ht"] + by_role["subtotal"] + by_role["total_generic"]
    ttc_options = by_role["total_ttc"] + by_role["amount_due"] + by_role["total_generic"]
    best: tuple[float, Candidate, Candidate, Candidate] | None = None
    rivals: list[tuple[float, tuple[Decimal, Decimal, Decimal]]] = []
    ttc_by_value: dict[Decimal, list[Candidate]] = {}
    for ttc in ttc_options:
        ttc_by_value.setdefault(ttc.value, []).append(ttc)
    for ht in ht_options:
        for tva in by_role["total_tva"]:
            if ht.value + tva.value != 0 and abs(tva.value) > abs(ht.value):
                continue
            for ttc in ttc_by_value.get(ht.value + tva.value, ()):
                if ttc is ht or ttc.value == 0:
                    continue
                if tva.value == 0 and ht.label == "total_generic" and ttc.label == "total_generic":
                    continue
                score = (
                    ht.strength + tva.strength + ttc.strength + ttc.order / 1e6 + float(abs(ttc.value)) / 1e9
                )
                rivals.append((score, (ht.value, tva.value, ttc.value)))
                if best is None or score > best[0]:
                    best = (score, ht, tva, ttc)
    advances = [c for c in by_role["advance"] if c.value != 0]
    if best is not None:
        score, ht, tva, ttc = best
        competing = {
            values for s, values in rivals if s >= score - 0.75 and values != (ht.value, tva.value, ttc.value)
        }
        specific = (
            ht.label in ("total_ht", "row", "subtotal")
            and tva.label in ("total_tva", "row")
            and ttc.label in ("total_ttc", "amount_due", "row", "total_generic")
        )
        zero_tax_doubt = tva.value == 0 and not (
            ht.label == "total_ht" and ttc.label in ("total_ttc", "amount_due")
        )
        confident = specific and not competing and not zero_tax_doubt
        set_field(fields, "total_ht", ht.value, confident, ht.words)
        set_field(fields, "total_tva", tva.value, confident, tva.words)
        set_field(fields, "total_ttc", ttc.value, confident, ttc.words)
    else:
        for name, options in (
            ("total_ht", by_role["total_ht"] or by_role["subtotal"]),
            ("total_tva", by_role["total_tva"]),
            ("total_ttc", by_role["total_ttc"] or by_role["amount_due"] or by_role["total_generic"]),
        ):
            if options:
                chosen = max(options, key=lambda c: (c.value != 0, c.strength, c.order))
                set_field(fields, name, chosen.value, False, chosen.words)
        ht_field, ttc_read = fields.get("total_ht"), fields.get("total_ttc")
        if (
            "total_tva" not in fields
            and ht_field is not None
            and ttc_read is not None
            and ht_field.value == ttc_read.value
            and by_role["total_ht"]
        ):
            # `Total HT 500,00` then `Total à payer 500,00` and no VAT line (franchise en base,
            # autoliquidation): the VAT is nil. Never sure: the reader saw no VAT amount printed.
            words = next(c.words for c in by_role["total_ht"] if c.value == ht_field.value)
            set_field(fields, "total_tva", Decimal(0), False, words)
    ttc_field = fields.get("total_ttc")
    dues = [c for c in by_role["amount_due"] if c.value != 0 or ttc_field is None]
    if dues:
        due = max(dues, key=lambda c: (c.order, c.strength))
        confident = False
        if ttc_field is not None and ttc_field.confidence == "high":
            paid = sum((abs(c.value) for c in advances), Decimal(0))
            confident = due.value == ttc_field.value - paid or (not advances and due.value == ttc_field.value)
        set_field(fields, "amount_due", due.value, confident, due.words)
