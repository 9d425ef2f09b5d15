"""The payment clock of an invoice deposited on Chorus Pro: pure rules (INVOICING-RULES §3).

- Délai global de paiement: 30 days for the State, its établissements publics and the collectivités
  territoriales (CCP R2192-10), 50 for the établissements publics de santé, 60 for the entreprises
  publiques (R2192-11); a contract may set a shorter one.
- It runs from the day the invoice was made available to the buyer (MISE_A_DISPOSITION, R2192-12); while
  the history does not show that day, from the deposit day (an estimate).
- A suspension (SUSPENDUE) interrupts it; once the invoice is completed (COMPLETEE, or any later status) a
  new delay opens: 30 days, or the balance left if that is longer (R2192-27 to -29). Allowed once: a
  second suspension is counted so it can be flagged.
- A rejection (REJETEE) cancels the invoice: no deadline; its replacement starts its own clock.
- À recycler: the right buyer never received it, so the clock starts again when it is made available
  after the recycling (our reading; the texts say nothing of recycling).
- Late-payment interest runs from the day after the deadline at the ECB main refinancing rate on the first
  day of that half-year + 8 points (R2192-31): amount × rate × days / 365; plus a 40 € indemnity
  (D2192-35).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum

from chorus_desktop.core.states import CHORUS_STATES, InvoiceState


class BuyerKind(str, Enum):
    ETAT_COLLECTIVITE = "etat_collectivite"
    SANTE = "sante"
    ENTREPRISE_PUBLIQUE = "entreprise_publique"


LEGAL_DELAY_DAYS: dict[BuyerKind, int] = {
    BuyerKind.ETAT_COLLECTIVITE: 30, BuyerKind.SANTE: 50, BuyerKind.ENTREPRISE_PUBLIQUE: 60,
}
RESTART_MIN_DAYS = 30
INDEMNITY = Decimal("40.00")
INTEREST_MARGIN_POINTS = Decimal(8)
_CENT = Decimal("0.01")
# Words in a structure's name that make it a public hospital (établissement public de santé).
_HEALTH_WORDS = ("HOSPITALIER", "HOPITAL", "HÔPITAL", "HOPITAUX", "HÔPITAUX", "CHU ", "CHRU", "EPSM",
                 "ASSISTANCE PUBLIQUE", "GHT ", "ETABLISSEMENT PUBLIC DE SANTE", "ÉTABLISSEMENT PUBLIC DE SANTÉ")
_SUSPENDED = frozenset({InvoiceState.SUSPENDUE, InvoiceState.A_COMPLETER})


def guess_buyer_kind(name: str | None) -> BuyerKind:
    """A public hospital by its name; otherwise the State / local authority delay (the most common)."""
    text = f" {(name or '').upper()} "
    return BuyerKind.SANTE if any(word in text for word in _HEALTH_WORDS) else BuyerKind.ETAT_COLLECTIVITE


def payment_delay(kind: BuyerKind, contract_days: int | None = None) -> int:
    """The delay that applies: the legal one, or a shorter one set by the contract."""
    legal = LEGAL_DELAY_DAYS[kind]
    return min(legal, contract_days) if contract_days and contract_days > 0 else legal


class ClockStatus(str, Enum):
    NOT_STARTED = "not_started"  # not deposited yet, or sent back for recycling
    RUNNING = "running"
    SUSPENDED = "suspended"
    PAID = "paid"
    CANCELLED = "cancelled"  # rejected


@dataclass(frozen=True)
class ClockFacts:
    """What a deposited invoice's clock needs from the store, read without the whole record."""

    invoice_id: int
    number: str | None
    state: InvoiceState
    recipient_siret: str | None
    amount_due: Decimal | None  # montantAPayer, else the TTC total


@dataclass(frozen=True)
class ClockEvent:
    """A status the invoice reached, on that (French) day."""

    state: InvoiceState
    on: dt.date


@dataclass(frozen=True)
class PaymentClock:
    status: ClockStatus
    delay_days: int
    started_on: dt.date | None = None
    start_estimated: bool = False  # from the deposit day: the made-available day is not known yet
    due_date: dt.date | None = None
    suspended_on: dt.date | None = None
    balance_days: int | None = None  # days left when suspended
    suspensions: int = 0
    paid_on: dt.date | None = None

    def days_late(self, today: dt.date) -> int:
        """Days past the deadline: today while unpaid, the payment day once paid; 0 when suspended."""
        if self.due_date is None or self.status in (ClockStatus.SUSPENDED, ClockStatus.CANCELLED,
                                                    ClockStatus.NOT_STARTED):
            return 0
        end = self.paid_on if self.status is ClockStatus.PAID and self.paid_on else today
        return max(0, (end - self.due_date).days)


def compute_clock(events: Sequence[ClockEvent], delay_days: int) -> PaymentClock:
    """The clock after the invoice's statuses (oldest first)."""
    status, started, estimated, due = ClockStatus.NOT_STARTED, None, False, None
    suspended_on, balance, suspensions, paid_on = None, None, 0, None
    for event in sorted(events, key=lambda e: e.on):
        state, day = event.state, event.on
        if state not in CHORUS_STATES:
            continue
        if state is InvoiceState.REJETEE:
            status, due = ClockStatus.CANCELLED, None
        elif state is InvoiceState.A_RECYCLER:
            status, started, estimated, due, suspended_on, balance = ClockStatus.NOT_STARTED, None, False, None, None, None
        elif status in (ClockStatus.CANCELLED, ClockStatus.PAID):
            continue
        elif state is InvoiceState.MISE_EN_PAIEMENT:
            status, paid_on = ClockStatus.PAID, day
            if started is None:
                started, estimated, due = day, True, day + dt.timedelta(days=delay_days)
        elif state in _SUSPENDED:
            if status is ClockStatus.NOT_STARTED:
                started, estimated, due = day, True, day + dt.timedelta(days=delay_days)
                status = ClockStatus.RUNNING
            if status is ClockStatus.RUNNING and due is not None:
                status, suspended_on, balance = ClockStatus.SUSPENDED, day, (due - day).days
                suspensions += 1
        elif status is ClockStatus.SUSPENDED:
            # Completed (or moved on): a new delay of 30 days, or the balance if longer.
            due = day + dt.timedelta(days=max(RESTART_MIN_DAYS, balance or 0))
            status, suspended_on, estimated = ClockStatus.RUNNING, None, False
        elif state is InvoiceState.MISE_A_DISPOSITION and (status is ClockStatus.NOT_STARTED or estimated):
            started, estimated, due = day, False, day + dt.timedelta(days=delay_days)
            status = ClockStatus.RUNNING
        elif status is ClockStatus.NOT_STARTED:
            # Deposited (or a later status without the made-available day in the history): an estimate.
            started, estimated, due = day, True, day + dt.timedelta(days=delay_days)
            status = ClockStatus.RUNNING
    return PaymentClock(status=status, delay_days=delay_days, started_on=started, start_estimated=estimated,
                        due_date=due, suspended_on=suspended_on, balance_days=balance, suspensions=suspensions,
                        paid_on=paid_on)


# ------------------------------------------------------------------ late-payment interest


@dataclass(frozen=True)
class RatePeriod:
    """The ECB main refinancing rate on the first day of a half-year, with where it comes from."""

    starts_on: dt.date  # 1 January or 1 July
    ecb_rate: Decimal  # percent
    source: str = ""

    @property
    def half_year(self) -> str:
        return f"{self.starts_on.year}-S{1 if self.starts_on.month < 7 else 2}"


def half_year_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 1 if day.month < 7 else 7, 1)


@dataclass(frozen=True)
class RateTable:
    periods: tuple[RatePeriod, ...]
    origin: str = ""  # which file the table came from

    def period_for(self, day: dt.date) -> tuple[RatePeriod | None, bool]:
        """The rate of the half-year of `day`; when the table lacks it, the latest earlier one and True
        (an estimate)."""
        start = half_year_start(day)
        exact = next((p for p in self.periods if p.starts_on == start), None)
        if exact is not None:
            return exact, False
        earlier = [p for p in self.periods if p.starts_on < start]
        return (max(earlier, key=lambda p: p.starts_on), True) if earlier else (None, True)


@dataclass(frozen=True)
class LateInterest:
    days_late: int
    amount_due: Decimal  # the sum the interest is computed on
    rate: Decimal | None  # percent a year (ECB + 8); None when the table has no rate
    rate_period: RatePeriod | None
    rate_estimated: bool
    interest: Decimal | None
    indemnity: Decimal = INDEMNITY

    @property
    def total(self) -> Decimal | None:
        return None if self.interest is None else self.interest + self.indemnity


def late_interest(amount_due: Decimal, due_date: dt.date, until: dt.date, table: RateTable) -> LateInterest | None:
    """Interest and indemnity owed for paying `amount_due` on `until` instead of `due_date` (None if on time)."""
    days = (until - due_date).days
    if days <= 0:
        return None
    period, estimated = table.period_for(due_date + dt.timedelta(days=1))
    if period is None:
        return LateInterest(days, amount_due, None, None, True, None)
    rate = period.ecb_rate + INTEREST_MARGIN_POINTS
    interest = (amount_due * rate / Decimal(100) * Decimal(days) / Decimal(365)).quantize(_CENT, ROUND_HALF_UP)
    return LateInterest(days, amount_due, rate, period, estimated, interest)
