"""The letter claiming late-payment interest and the 40 € indemnity from a public buyer (« Réclamer les
intérêts moratoires »): its content from the invoice's facts, in the wording of `core/texts.py`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from chorus_desktop.core.domain.payment_clock import LateInterest, PaymentClock
from chorus_desktop.core.texts import render


@dataclass(frozen=True)
class Letter:
    sender: tuple[str, ...]
    recipient: tuple[str, ...]
    place_date: str
    subject: str
    paragraphs: tuple[str, ...]
    computation: tuple[str, ...]
    closing: tuple[str, ...]


@dataclass(frozen=True)
class ClaimFacts:
    supplier_name: str
    supplier_siret: str
    iban: str | None
    recipient_name: str
    recipient_siret: str
    service_code: str | None
    number: str
    invoice_date: dt.date | None
    chorus_id: int
    clock: PaymentClock
    interest: LateInterest
    today: dt.date


def money(value: Decimal) -> str:
    """1234.5 → « 1 234,50 euros » (plain spaces: the letter's core font has no narrow space nor €)."""
    return f"{value:,.2f}".replace(",", " ").replace(".", ",") + " euros"


def _day(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "-"


def compose_claim_letter(facts: ClaimFacts) -> Letter:
    clock, interest = facts.clock, facts.interest
    assert interest.rate is not None and interest.interest is not None and interest.rate_period is not None
    rate = f"{interest.rate:.2f}".replace(".", ",")
    total = money(interest.interest + interest.indemnity)
    facts_text = render("lettre_faits", number=facts.number, invoice_date=_day(facts.invoice_date),
                        amount=money(interest.amount_due), chorus_id=facts.chorus_id, start=_day(clock.started_on),
                        estimated=render("lettre_estimation") if clock.start_estimated else "",
                        delay=clock.delay_days, due=_day(clock.due_date))
    if clock.suspensions:
        facts_text += render("lettre_suspension", suspended=_day(clock.suspended_on) if clock.suspended_on
                             else "-")
    lateness = (render("lettre_paye", paid=_day(clock.paid_on), days=interest.days_late) if clock.paid_on
                else render("lettre_impaye", today=_day(facts.today), days=interest.days_late))
    law = render("lettre_droit", ecb_rate=f"{interest.rate_period.ecb_rate:.2f}".replace(".", ","),
                 half_year=_day(interest.rate_period.starts_on), rate=rate)
    paragraphs = [facts_text, lateness, law]
    if interest.rate_estimated:
        paragraphs.append(render("lettre_taux_estime"))
    paragraphs.append(render("lettre_demande" if clock.paid_on else "lettre_demande_impaye", total=total,
                             iban=facts.iban or render("lettre_compte_habituel")))
    recipient = [facts.recipient_name, render("lettre_siret", siret=facts.recipient_siret)]
    if facts.service_code:
        recipient.append(render("lettre_service", service=facts.service_code))
    return Letter(
        sender=(facts.supplier_name, render("lettre_siret", siret=facts.supplier_siret)),
        recipient=tuple(recipient),
        place_date=render("lettre_lieu_date", today=_day(facts.today)),
        subject=render("lettre_objet", number=facts.number),
        paragraphs=(render("lettre_madame"), *paragraphs),
        computation=(
            render("lettre_calcul", amount=money(interest.amount_due), rate=rate, days=interest.days_late,
                   interest=money(interest.interest)),
            render("lettre_indemnite", indemnity=money(interest.indemnity)),
            render("lettre_total", total=total)),
        closing=(render("lettre_salutations"), facts.supplier_name),
    )
