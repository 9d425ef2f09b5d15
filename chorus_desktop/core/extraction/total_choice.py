"""The choice of the (HT, TVA, TTC) set among every candidate amount of the document.

Candidates come from labels (`totals.py`), from a qualifier printed after the amount (`1 200,00 € HT`)
and from positions alone (`unlabelled_totals.py`). The chosen set is the one that is arithmetically
consistent (HT + TVA = TTC) and best supported: label strength first, then whether the VAT is the base
times a VAT rate (French rates or a rate printed on the page) and whether the three amounts sit together
in one summary block. Label evidence decides between consistent sets; arithmetic and placement only
break ties and never make a value `high` on their own: `high` still needs specific labels for all three
amounts and no other consistent set nearly as well supported (compared on label strength alone, so the
confidence rules are those the reader always had).
"""

from __future__ import annotations

from decimal import Decimal

from chorus_desktop.core.extraction.candidates import Candidate, Fields, set_field

# French VAT rates (mainland, Corsica, DOM) and a few older or neighbouring ones, in percent.
FRENCH_RATES = tuple(
    Decimal(r) for r in ("20", "10", "5.5", "2.1", "8.5", "1.05", "0.9", "13", "19.6", "7", "1.75")
)
# Labels that say which total an amount is (`qualified`: a generic label with `HT`/`TTC` after it).
_SPECIFIC_HT = ("total_ht", "row", "subtotal", "vat_base", "qualified")
_SPECIFIC_TVA = ("total_tva", "row", "vat_rate_row")
_SPECIFIC_TTC = ("total_ttc", "amount_due", "row", "total_generic", "qualified")
_SUM_BONUS = 1.0  # its amounts are the sums of the other consistent sets: a summary over a detail list
_SPECIFIC_BONUS = 0.05  # between equally supported sets, the one whose labels all say what they are
_RATE_BONUS = 0.75  # the VAT is the base times a rate: a sign the three are the invoice's totals
_BLOCK_BONUS = 0.3  # the three sit in one block of one page (a summary, not scattered line amounts)


def vat_matches_rate(ht: Decimal, tva: Decimal, rates: set[Decimal]) -> bool:
    """`tva` is `ht` times one of `rates` (or a French rate), within rounding."""
    if tva == 0 or ht == 0:
        return False
    tolerance = max(Decimal("0.02"), abs(tva) * Decimal("0.002"))
    return any(
        abs(abs(ht) * rate / 100 - abs(tva)) <= tolerance for rate in (*FRENCH_RATES, *rates) if rate > 0
    )


def _one_block(*candidates: Candidate) -> bool:
    words = [c.words[0] for c in candidates if c.words]
    if len(words) < 3 or len({w.page for w in words}) != 1:
        return False
    tops = [w.top for w in words]
    return max(tops) - min(tops) <= 8 * max(w.height for w in words)


def _specific_count(ht: Candidate, tva: Candidate, ttc: Candidate) -> int:
    return (ht.label in _SPECIFIC_HT) + (tva.label in _SPECIFIC_TVA) + (ttc.label in _SPECIFIC_TTC)


def _sum_bonus(
    found: tuple[float, float, Candidate, Candidate, Candidate],
    sets: dict[tuple[Decimal, Decimal, Decimal], tuple[float, float, Candidate, Candidate, Candidate]],
) -> float:
    """The set whose amounts are the sums of every other consistent set's (a summary over a detail list
    of per-order or per-site totals, on the same page or a later one) is the invoice's."""
    ht, ttc = found[2].value, found[4].value
    others = [values for values in sets if values != (ht, found[3].value, ttc) and abs(values[0]) < abs(ht)]
    if len(others) < 2:
        return 0.0
    adds_up = sum(v[0] for v in others) == ht and sum(v[2] for v in others) == ttc
    return _SUM_BONUS if adds_up else 0.0


def choose_totals(fields: Fields, by_role: dict[str, list[Candidate]], printed_rates: set[Decimal]) -> None:
    for role in by_role:
        by_role[role] = by_role[role][-40:]
    ht_options = by_role["total_ht"] + by_role["subtotal"] + by_role["vat_base"] + by_role["total_generic"]
    ht_options += by_role["position_ht"]
    tva_options = by_role["total_tva"] + by_role["position_tva"]
    ttc_options = by_role["total_ttc"] + by_role["amount_due"] + by_role["total_generic"]
    ttc_options += by_role["position_ttc"]
    sets: dict[tuple[Decimal, Decimal, Decimal], tuple[float, float, Candidate, Candidate, Candidate]] = {}
    rivals: list[tuple[float, tuple[Decimal, Decimal, Decimal]]] = []
    ttc_by_value: dict[Decimal, list[Candidate]] = {}
    for ttc in ttc_options:
        ttc_by_value.setdefault(ttc.value, []).append(ttc)
    for ht in ht_options:
        for tva in tva_options:
            if ht.value + tva.value != 0 and abs(tva.value) > abs(ht.value):
                continue
            plausible = vat_matches_rate(ht.value, tva.value, printed_rates)
            for ttc in ttc_by_value.get(ht.value + tva.value, ()):
                if ttc is ht or ttc.value == 0:
                    continue
                if tva.value == 0 and ht.label == "total_generic" and ttc.label == "total_generic":
                    continue
                strength = ht.strength + tva.strength + ttc.strength
                score = (
                    strength
                    + (_RATE_BONUS if plausible else 0.0)
                    + (_BLOCK_BONUS if _one_block(ht, tva, ttc) else 0.0)
                    + _SPECIFIC_BONUS * _specific_count(ht, tva, ttc)
                    + ttc.order / 1e6
                    + float(abs(ttc.value)) / 1e9
                )
                values = (ht.value, tva.value, ttc.value)
                rivals.append((strength, values))
                if values not in sets or score > sets[values][0]:
                    sets[values] = (score, strength, ht, tva, ttc)
    best = max(sets.values(), key=lambda found: found[0] + _sum_bonus(found, sets), default=None)
    if best is not None:
        _score, strength, ht, tva, ttc = best
        competing = {
            values
            for s, values in rivals
            if s >= strength - 0.75 and values != (ht.value, tva.value, ttc.value)
        }
        specific = _specific_count(ht, tva, ttc) == 3
        zero_tax_doubt = tva.value == 0 and not (
            ht.label == "total_ht" and ttc.label in ("total_ttc", "amount_due")
        )
        confident = specific and not competing and not zero_tax_doubt
        set_field(fields, "total_ht", ht.value, confident, ht.words)
        set_field(fields, "total_tva", tva.value, confident, tva.words)
        set_field(fields, "total_ttc", ttc.value, confident, ttc.words)
        return
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


def choose_amount_due(fields: Fields, by_role: dict[str, list[Candidate]]) -> None:
    advances = [c for c in by_role["advance"] if c.value != 0]
    ttc_field = fields.get("total_ttc")
    dues = [c for c in by_role["amount_due"] if c.value != 0 or ttc_field is None]
    if dues:
        due = max(dues, key=lambda c: (c.order, c.strength))
        confident = False
        if ttc_field is not None and ttc_field.confidence == "high":
            paid = sum((abs(c.value) for c in advances), Decimal(0))
            confident = due.value == ttc_field.value - paid or (not advances and due.value == ttc_field.value)
        set_field(fields, "amount_due", due.value, confident, due.words)
