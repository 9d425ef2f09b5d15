"""`HT` / `TTC` printed after an amount (`1 200,00 € HT`, `45 € (TTC)`) or between a generic label and
its amount (`Somme totale à payer HT : 45 €`): the qualifier says which total the amount is, whatever
the label before it says (`à payer` is the amount due, `à payer HT` is the net total)."""

from __future__ import annotations

from collections.abc import Sequence

from chorus_desktop.core.extraction.amounts import Amount
from chorus_desktop.core.extraction.candidates import Candidate, reading_order
from chorus_desktop.core.extraction.currency import CURRENCY_WORDS
from chorus_desktop.core.extraction.layout import Line, Word
from chorus_desktop.core.extraction.sheets import Sheet

_HT_WORDS = frozenset({"ht", "h.t", "h.t.", "htva", "h.t.v.a", "h.t.v.a.", "hors-taxes"})
_TTC_WORDS = frozenset({"ttc", "t.t.c", "t.t.c.", "tvac", "t.v.a.c"})
# Roles a qualifier may override: labels that do not say which total they are.
GENERIC_ROLES = ("total_generic", "amount_due")
SUFFIX_STRENGTH = 2.0


def qualifier_of(words: Sequence[Word]) -> str | None:
    """`total_ht` or `total_ttc` when the first of `words` (after currency marks) is such a qualifier."""
    for word in words[:3]:
        token = word.folded.strip("():;,*")
        if token in CURRENCY_WORDS or token in ("", "€", "eur", "euros"):
            continue
        if token in _HT_WORDS or token.endswith(("€ht", "€h.t.")):
            return "total_ht"
        if token in _TTC_WORDS or token.endswith("€ttc"):
            return "total_ttc"
        return None
    return None


def qualifier_between(words: Sequence[Word], amount: Amount) -> str | None:
    """A qualifier printed between the label and its amount (`à payer HT : 45 €`)."""
    before = [w for w in words if w.x1 <= amount.x0 + 0.5]
    found = None
    for word in before:
        token = word.folded.strip("():;,*")
        if token in _HT_WORDS:
            found = "total_ht"
        elif token in _TTC_WORDS:
            found = "total_ttc"
    return found


def qualifier_after(line: Line, amount: Amount) -> str | None:
    """The qualifier right after the amount on its line (`1 200,00 € HT`)."""
    last = amount.words[-1]
    glued = last.folded.replace(" ", "")
    if glued.endswith(("€ht", "eurht")):
        return "total_ht"
    if glued.endswith(("€ttc", "eurttc")):
        return "total_ttc"
    following = [w for w in line.words if w.x0 >= last.x1 - 0.5 and w is not last]
    if following and following[0].x0 - last.x1 > 3 * max(last.height, 6.0):
        return None  # far away: another cell
    return qualifier_of(following)


def suffixed_candidates(
    sheet: Sheet, line: Line, amounts: list[Amount], by_role: dict[str, list[Candidate]]
) -> None:
    """Amounts of a line without a total label that carry their own qualifier (`soit 1 440,00 € TTC`)."""
    for amount in amounts:
        if not amount.decimals or amount.value == 0:
            continue
        role = qualifier_after(line, amount)
        if role is not None:
            order = reading_order(amount.words[0], sheet.height)
            by_role[role].append(Candidate(amount.value, SUFFIX_STRENGTH, amount.words, order, "suffix"))
