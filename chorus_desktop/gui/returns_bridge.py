"""The « À traiter » desk's door into the core (issue 16): the worklist as plain rows, and the four actions.

Like `bridge.py`, every method is a blocking call run by the task runner (the Chorus lane for the ones that
call Chorus Pro), never touches widgets, and decides no rule: states, checks and calls are the core's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from chorus_desktop.core.states import label
from chorus_desktop.core.usecases.payments import InvoicePayment
from chorus_desktop.gui import messages
from chorus_desktop.wiring import AppContext


@dataclass(frozen=True)
class ReturnRow:
    """One line of the desk."""

    invoice_id: int
    number: str
    state_label: str
    since: str  # dd/mm/yyyy
    comment: str  # the recipient's words ("" when none)
    meaning: str
    action: str  # "recycle", "complete", "credit-note", "claim-interest"
    action_label: str
    recipient: str
    due: str  # « 05/01/2027 », « En retard de 3 jours » or ""


@dataclass(frozen=True)
class RoutingView:
    """The routing of an invoice to recycle, as it is or as it would be sent."""

    invoice_id: int
    number: str
    recipient: str
    service_code: str
    engagement: str


@dataclass(frozen=True)
class ActionDone:
    """What an action did, told to the user; `credit_note_id`/`credit_note_number` for a rejection."""

    invoice_id: int
    message: str
    credit_note_id: int | None = None
    credit_note_number: str = ""


def due_text(payment: InvoicePayment | None) -> str:
    if payment is None or payment.due_date is None:
        return ""
    if payment.days_late > 0:
        return messages.RETURNS_LATE.format(days=payment.days_late, s="s" if payment.days_late > 1 else "")
    approx = "≈ " if payment.clock.start_estimated else ""
    suspended = messages.RETURNS_DUE_SUSPENDED if payment.clock.suspended_on else ""
    return approx + payment.due_date.strftime("%d/%m/%Y") + suspended


class ReturnsBridge:
    def __init__(self, context: AppContext) -> None:
        self.context = context

    def worklist(self) -> list[ReturnRow]:
        items = self.context.returns.worklist()
        payments = self.context.payments.payments_for([item.invoice_id for item in items], with_interest=False)
        rows = []
        for item in items:
            state = (messages.RETURNS_LATE.format(days=item.days_late, s="s" if item.days_late > 1 else "")
                     if item.days_late else label(item.state))
            rows.append(ReturnRow(item.invoice_id, item.number, state, item.since.astimezone().strftime("%d/%m/%Y"),
                                  item.comment or "", item.meaning, item.action.value,
                                  messages.RETURNS_ACTIONS.get(item.action.value, item.action_label),
                                  item.recipient, due_text(payments.get(item.invoice_id))))
        return rows

    def count(self) -> int:
        return self.context.returns.count()

    # -- recycler --------------------------------------------------------------------------------------
    def routing(self, invoice_id: int, recipient: str | None = None, service_code: str | None = None,
                engagement: str | None = None) -> RoutingView:
        """The routing as it would be recycled (no call; refused in another state or for another field)."""
        recycling = self.context.recycling
        record = recycling.preview(invoice_id, recycling.routing_changes(recipient, service_code, engagement))
        d = record.deposit
        return RoutingView(invoice_id, d.numeroFactureSaisi or "", d.codeDestinataire or "",
                           d.codeServiceExecutant or "", d.numeroBonCommande or "")

    def recycle(self, invoice_id: int, recipient: str, service_code: str, engagement: str) -> ActionDone:
        recycling = self.context.recycling
        changes = recycling.routing_changes(recipient.strip(), service_code.strip(), engagement.strip())
        record = recycling.recycle(invoice_id, changes)
        return ActionDone(invoice_id, messages.RETURNS_RECYCLED.format(
            number=record.deposit.numeroFactureSaisi or invoice_id, state=record.state_label))

    # -- compléter -------------------------------------------------------------------------------------
    def check_completion(self, invoice_id: int, paths: Sequence[Path], comment: str) -> None:
        self.context.completion.check(invoice_id, list(paths), comment or None)

    def complete(self, invoice_id: int, paths: Sequence[Path], comment: str) -> ActionDone:
        record = self.context.completion.complete(invoice_id, list(paths), comment or None)
        return ActionDone(invoice_id, messages.RETURNS_COMPLETED.format(
            number=record.deposit.numeroFactureSaisi or invoice_id, state=record.state_label))

    # -- traiter le rejet ------------------------------------------------------------------------------
    def credit_note(self, invoice_id: int) -> ActionDone:
        outcome = self.context.rejections.credit_note(invoice_id)
        if outcome.credit_note_id is None:
            return ActionDone(invoice_id, messages.RETURNS_REJECTION_HANDLED)
        number = self.context.queries.get_invoice(outcome.credit_note_id).deposit.numeroFactureSaisi or ""
        return ActionDone(invoice_id, messages.RETURNS_CREDIT_NOTE.format(number=number),
                          outcome.credit_note_id, number)

    def duplicate(self, rejected_id: int) -> ActionDone:
        written = self.context.writing.duplicate(rejected_id)
        return ActionDone(written.invoice_id, messages.RETURNS_DUPLICATED.format(number=written.number))

    # -- intérêts moratoires ---------------------------------------------------------------------------
    def claim_file_name(self, invoice_id: int) -> str:
        number = self.context.queries.get_invoice(invoice_id).deposit.numeroFactureSaisi or str(invoice_id)
        return messages.RETURNS_CLAIM_FILE.format(number=number.replace("/", "-"))

    def draft_claim(self, invoice_id: int, output: Path) -> ActionDone:
        written = self.context.interest_claims.draft(invoice_id, output)
        return ActionDone(invoice_id, messages.RETURNS_CLAIM_WRITTEN.format(name=written.name))
