"""The « À traiter » desk: every invoice Chorus Pro sent back (À recycler, Suspendue, Rejetée whose
rejection is not handled yet), with the recipient's words, what it means and the one action that fits,
oldest first; then the invoices paid late (interest to claim)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from chorus_desktop.core import texts
from chorus_desktop.core.chorus.times import aware
from chorus_desktop.core.domain.returns import ACTION_FOR_STATE, ACTION_TEXT, MEANING_TEXT, ReturnAction
from chorus_desktop.core.states import InvoiceState, label
from chorus_desktop.core.store import Store
from chorus_desktop.core.usecases.payments import PaymentTracking


@dataclass(frozen=True)
class ReturnedInvoice:
    invoice_id: int
    number: str
    state: InvoiceState
    since: dt.datetime  # when Chorus sent it back (or the first late day)
    comment: str | None  # the recipient's words
    action: ReturnAction
    recipient: str
    days_late: int = 0

    @property
    def meaning(self) -> str:
        return texts.render(MEANING_TEXT[self.action], days=self.days_late)

    @property
    def action_label(self) -> str:
        return texts.render(ACTION_TEXT[self.action])

    def to_json(self) -> dict[str, Any]:
        return {"id": self.invoice_id, "number": self.number, "state": self.state.value,
                "state_label": label(self.state), "since": self.since.isoformat(), "comment": self.comment,
                "meaning": self.meaning, "action": self.action.value, "action_label": self.action_label,
                "recipient": self.recipient, "days_late": self.days_late}


class ReturnsDesk:
    def __init__(self, store: Store, payments: PaymentTracking) -> None:
        self._store = store
        self._payments = payments

    def worklist(self, include_late: bool = True) -> list[ReturnedInvoice]:
        """Sent-back invoices oldest first, then (with `include_late`) the unpaid late ones, latest first."""
        items = []
        for state, action in ACTION_FOR_STATE.items():
            for invoice_id in self._store.invoices.ids_in_state(state):
                record = self._store.invoices.get(invoice_id)
                if state is InvoiceState.REJETEE and record.chorus.rejection_handled_at is not None:
                    continue
                history = self._store.history.list(invoice_id)
                back = next((c for c in reversed(history) if c.state is state and c.source == "chorus"), None)
                items.append(ReturnedInvoice(
                    invoice_id, record.deposit.numeroFactureSaisi or "", state,
                    aware(back.at if back else record.state_changed_at), back.comment if back else None, action,
                    record.deposit.codeDestinataire or ""))
        items.sort(key=lambda item: (item.since, item.invoice_id))
        if include_late:
            for payment in self._payments.late_invoices():
                assert payment.due_date is not None
                first_late = dt.datetime.combine(payment.due_date + dt.timedelta(days=1), dt.time(), dt.UTC)
                items.append(ReturnedInvoice(
                    payment.invoice_id, payment.number, payment.state, first_late, None,
                    ReturnAction.CLAIM_INTEREST, payment.recipient_siret, payment.days_late))
        return items

    def count(self) -> int:
        return len(self.worklist())
