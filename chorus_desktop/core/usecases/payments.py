"""The payment clock of deposited invoices: the deadline from the recipient's kind (or its contract), the
history's made-available / suspended / completed / rejected days, days late, and the interest and
indemnity owed (rules in `core/domain/payment_clock.py`, ECB rates as editable data)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from chorus_desktop.core.chorus.times import PARIS, aware
from chorus_desktop.core.domain.invoice import StateChange
from chorus_desktop.core.domain.payment_clock import (
    LEGAL_DELAY_DAYS,
    BuyerKind,
    ClockEvent,
    ClockFacts,
    ClockStatus,
    LateInterest,
    PaymentClock,
    RateTable,
    compute_clock,
    guess_buyer_kind,
    late_interest,
    payment_delay,
)
from chorus_desktop.core.domain.recipient import Recipient
from chorus_desktop.core.errors import UserFixableError
from chorus_desktop.core.states import InvoiceState
from chorus_desktop.core.store import Store


@dataclass(frozen=True)
class InvoicePayment:
    """Where an invoice stands against its payment deadline."""

    invoice_id: int
    clock: PaymentClock
    buyer_kind: BuyerKind
    buyer_kind_guessed: bool
    contract_delay_days: int | None
    days_late: int
    interest: LateInterest | None
    number: str = ""
    recipient_siret: str = ""
    state: InvoiceState = InvoiceState.DEPOSEE

    @property
    def due_date(self) -> dt.date | None:
        return self.clock.due_date

    def to_json(self) -> dict[str, Any]:
        interest = self.interest
        return {
            "payment_due_date": self.clock.due_date.isoformat() if self.clock.due_date else None,
            "days_late": self.days_late,
            "payment_clock": {
                "status": self.clock.status.value, "delay_days": self.clock.delay_days,
                "buyer_kind": self.buyer_kind.value, "buyer_kind_guessed": self.buyer_kind_guessed,
                "contract_delay_days": self.contract_delay_days,
                "started_on": self.clock.started_on.isoformat() if self.clock.started_on else None,
                "start_estimated": self.clock.start_estimated,
                "suspended_on": self.clock.suspended_on.isoformat() if self.clock.suspended_on else None,
                "suspensions": self.clock.suspensions,
                "paid_on": self.clock.paid_on.isoformat() if self.clock.paid_on else None,
            },
            "late_interest": None if interest is None else {
                "amount_due": str(interest.amount_due), "days_late": interest.days_late,
                "rate": None if interest.rate is None else str(interest.rate),
                "ecb_half_year": interest.rate_period.half_year if interest.rate_period else None,
                "ecb_rate": str(interest.rate_period.ecb_rate) if interest.rate_period else None,
                "rate_source": interest.rate_period.source if interest.rate_period else None,
                "rate_estimated": interest.rate_estimated,
                "interest": None if interest.interest is None else str(interest.interest),
                "indemnity": str(interest.indemnity),
                "total": None if interest.total is None else str(interest.total),
            },
        }


def _events(history: Iterable[StateChange]) -> list[ClockEvent]:
    return [ClockEvent(change.state, aware(change.at).astimezone(PARIS).date()) for change in history]


class PaymentTracking:
    def __init__(self, store: Store, rates: RateTable, today: Callable[[], dt.date] = dt.date.today) -> None:
        self._store = store
        self._rates = rates
        self._today = today

    @property
    def rates(self) -> RateTable:
        return self._rates

    # ------------------------------------------------------------------ the recipient's terms

    def set_recipient_terms(self, siret: str, buyer_kind: str | None, contract_delay_days: int | None) -> Recipient:
        """The kind of public buyer (None = guessed from its name) and a shorter delay its contract sets."""
        kind = None
        if buyer_kind:
            try:
                kind = BuyerKind(buyer_kind.strip().lower())
            except ValueError:
                raise UserFixableError(code="nature_inconnue", params={"value": buyer_kind}) from None
        known = self._store.recipients.get(siret)
        legal = LEGAL_DELAY_DAYS[kind or guess_buyer_kind(known.name if known else None)]
        if contract_delay_days is not None and not 0 < contract_delay_days <= legal:
            raise UserFixableError(code="delai_invalide", params={"legal": legal})
        with self._store.unit_of_work():
            return self._store.recipients.set_payment_terms(siret, kind.value if kind else None, contract_delay_days)

    # ------------------------------------------------------------------ clocks

    def payment_for(self, invoice_id: int) -> InvoicePayment | None:
        """None for an invoice never deposited."""
        return self.payments_for([invoice_id]).get(invoice_id)

    def payments_for(self, invoice_ids: Iterable[int], *, with_interest: bool = True) -> dict[int, InvoicePayment]:
        """The clocks of deposited invoices among `invoice_ids` (two light reads for all); the interest owed
        too unless `with_interest` is False (counting)."""
        facts = self._store.invoices.clock_facts(invoice_ids)
        histories = self._store.history.list_many((f.invoice_id for f in facts), chorus_only=True)
        recipients: dict[str, Recipient | None] = {}
        result = {}
        for fact in facts:
            siret = fact.recipient_siret or ""
            if siret not in recipients:
                recipients[siret] = self._store.recipients.get(siret) if siret else None
            result[fact.invoice_id] = self._payment(fact, histories.get(fact.invoice_id, []), recipients[siret],
                                                    with_interest)
        return result

    def _payment(self, fact: ClockFacts, history: list[StateChange], recipient: Recipient | None,
                 with_interest: bool) -> InvoicePayment:
        kind = None
        if recipient is not None and recipient.buyer_kind:
            try:
                kind = BuyerKind(recipient.buyer_kind)
            except ValueError:
                kind = None
        guessed = kind is None
        kind = kind or guess_buyer_kind(recipient.name if recipient else None)
        contract = recipient.payment_delay_days if recipient else None
        clock = compute_clock(_events(history), payment_delay(kind, contract))
        today = self._today()
        days_late = clock.days_late(today)
        interest = None
        if with_interest and days_late > 0 and clock.due_date is not None:
            end = clock.paid_on if clock.status is ClockStatus.PAID and clock.paid_on else today
            interest = late_interest(fact.amount_due or Decimal(0), clock.due_date, end, self._rates)
        return InvoicePayment(fact.invoice_id, clock, kind, guessed, contract, days_late, interest,
                              number=fact.number or "", recipient_siret=fact.recipient_siret or "", state=fact.state)

    def late_invoices(self, profile_id: int | None = None) -> list[InvoicePayment]:
        """Deposited invoices still unpaid after their deadline, the latest first (interest not computed)."""
        payments = self.payments_for(self._store.invoices.ids_to_poll(profile_id), with_interest=False)
        late = [p for p in payments.values() if p.days_late > 0 and p.clock.status is ClockStatus.RUNNING]
        return sorted(late, key=lambda p: -p.days_late)

    def count_late(self) -> int:
        return len(self.late_invoices())

    def newly_late(self, invoice_ids: Iterable[int], since: dt.date | None) -> list[InvoicePayment]:
        """Unpaid invoices whose first late day came after `since` (None: all late ones): notified once."""
        today = self._today()
        found = []
        for payment in self.payments_for(invoice_ids, with_interest=False).values():
            if payment.days_late <= 0 or payment.due_date is None or payment.clock.status is not ClockStatus.RUNNING:
                continue
            first_late_day = payment.due_date + dt.timedelta(days=1)
            if since is None or since < first_late_day <= today:
                found.append(payment)
        return found

