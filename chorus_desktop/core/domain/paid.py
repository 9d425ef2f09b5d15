"""Whether an invoice says it is paid already: Chorus Pro's cadre A2 « facture déjà payée » is for those.

One decision, used by the pre-fill (cadre A2, net à payer 0), by the check (a warning saying what was seen)
and by the learning (the cadre kept for a paid invoice is remembered for its supplier layout).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from chorus_desktop.core.domain.deposit import CADRES, Deposit
from chorus_desktop.core.model import PrintedWord

MAX_MENTION = 80  # characters of the printed mention quoted in a message


@dataclass(frozen=True)
class PaidSign:
    """What says an invoice is paid: a `mention` (« acquittée », « payée par carte / le … », a PAYÉ stamp,
    a Factur-X prepaid amount; `printed` is the line as printed when known), or a `net_zero` (« Net à
    payer : 0,00 » under a positive total TTC, `ttc`)."""

    kind: Literal["mention", "net_zero"]
    printed: str | None = None
    ttc: Decimal | None = None


def _amount(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def looks_paid(extraction: Mapping[str, Any]) -> PaidSign | None:
    """The sign that the invoice is paid already, from what was read (the extraction JSON, with the
    `paid_mention` the import adds); None when nothing says so. A credit note's zero is not a payment."""
    if extraction.get("already_paid") is True:
        printed = str(extraction.get("paid_mention") or "").strip()
        return PaidSign("mention", printed=printed or None)
    if extraction.get("document_type") == "credit_note":
        return None
    due, ttc = _amount(extraction.get("amount_due")), _amount(extraction.get("total_ttc"))
    if due is not None and due == 0 and ttc is not None and ttc > 0:
        return PaidSign("net_zero", ttc=ttc)
    return None


def printed_mention(words: Sequence[PrintedWord], source: Mapping[str, Any] | None) -> str | None:
    """The words printed where the « payée » mention was read (its page and box in the extraction's
    `sources`), in reading order; None when the mention has no place on the page (Factur-X, a stamp)."""
    source = source or {}
    page, box = source.get("page"), source.get("bbox")
    if page is None or not box or len(box) != 4:
        return None
    slack = 1.0
    inside = [w for w in words if w[0] == page and w[1] >= box[0] - slack and w[3] <= box[2] + slack
              and w[2] >= box[1] - slack and w[4] <= box[3] + slack]
    text = " ".join(w[5] for w in sorted(inside, key=lambda w: (round(w[2]), w[1]))).strip().rstrip(" .;,")
    if not text:
        return None
    return text if len(text) <= MAX_MENTION else text[: MAX_MENTION - 1].rstrip() + "…"


def net_follows_cadre(before: Deposit, after: Deposit) -> Deposit:
    """The net à payer when the user switches the cadre without touching it: cadre A2 « déjà payée » has
    a net à payer of 0; leaving A2 for a cadre to be paid puts the total TTC back (a zero net would read as
    an acompte paid in full). A net à payer changed along with the cadre is the user's and stays."""
    paid = CADRES["A2"]
    if (before.codeCadreFacturation == after.codeCadreFacturation
            or before.montantAPayer != after.montantAPayer or after.typeFacture == "AVOIR"):
        return after
    if after.codeCadreFacturation == paid:
        return dataclasses.replace(after, montantAPayer=Decimal("0.00"))
    if before.codeCadreFacturation == paid and not after.montantAPayer and after.montantTtcTotal:
        return dataclasses.replace(after, montantAPayer=after.montantTtcTotal)
    return after
