"""Handling a « Rejetée » invoice: `factures/v1/traiterRejet` exactly once (API-NOTES 7.3), then the avoir
that cancels it in the supplier's books, written by an injected credit-note writer (issue 15) when the
app has one. The seam is `CreditNoteWriter`; without it the rejection is still acknowledged."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from chorus_desktop.core import texts
from chorus_desktop.core.chorus.clients import ChorusClients
from chorus_desktop.core.domain.invoice import InvoiceRecord
from chorus_desktop.core.domain.returns import ReturnAction, ensure_action
from chorus_desktop.core.errors import UserFixableError
from chorus_desktop.core.store import Store
from chorus_desktop.core.store.codec import now_utc
from chorus_desktop.core.usecases.lifecycle import InvoiceLifecycle


class CreditNoteWriter(Protocol):
    """Writes and books locally the avoir cancelling a rejected invoice (full amount, its own number in
    the avoir series, `numeroFactureOrigine` = the rejected number); returns the avoir's local id."""

    def write_credit_note(self, rejected_invoice_id: int, reason: str | None) -> int: ...


@dataclass(frozen=True)
class CreditNoteOutcome:
    invoice_id: int
    acknowledged_now: bool  # traiterRejet was called by this run (False: it had been done before)
    credit_note_id: int | None  # the avoir's local id, None when no writer is available
    writer_available: bool

    def to_json(self) -> dict[str, object]:
        return {"id": self.invoice_id, "rejection_handled": True, "acknowledged_now": self.acknowledged_now,
                "credit_note_id": self.credit_note_id, "credit_note_writer_available": self.writer_available}


class RejectionHandling:
    def __init__(self, store: Store, clients: ChorusClients, lifecycle: InvoiceLifecycle,
                 credit_notes: CreditNoteWriter | None = None,
                 now: Callable[[], dt.datetime] = now_utc) -> None:
        self._store = store
        self._clients = clients
        self._lifecycle = lifecycle
        self._credit_notes = credit_notes
        self._now = now

    @property
    def writer_available(self) -> bool:
        return self._credit_notes is not None

    def _rejected(self, invoice_id: int) -> InvoiceRecord:
        record = self._store.invoices.get(invoice_id)
        ensure_action(record.id, record.state, ReturnAction.CREDIT_NOTE)
        if record.chorus.invoice_id is None or record.profile_id is None:
            raise UserFixableError(code="retour_sans_depot", params={"invoice_id": invoice_id})
        return record

    def acknowledge_rejection(self, invoice_id: int) -> InvoiceRecord:
        """`traiterRejet` once on a Rejetée invoice; a second time is refused before any call."""
        record = self._rejected(invoice_id)
        handled = record.chorus.rejection_handled_at
        if handled is not None:
            raise UserFixableError(code="rejet_deja_traite", params={
                "invoice_id": invoice_id, "when": handled.astimezone().strftime("%d/%m/%Y")})
        assert record.chorus.invoice_id is not None and record.profile_id is not None
        client = self._clients.client_for(self._store.profiles.get(record.profile_id))
        client.handle_rejections([record.chorus.invoice_id])
        return self._lifecycle.record_rejection_handled(invoice_id, self._now(),
                                                        texts.render("historique_rejet_traite"))

    def credit_note(self, invoice_id: int) -> CreditNoteOutcome:
        """Acknowledge the rejection (unless done before), then have the avoir written, if a writer exists."""
        record = self._rejected(invoice_id)
        acknowledged_now = record.chorus.rejection_handled_at is None
        if acknowledged_now:
            record = self.acknowledge_rejection(invoice_id)
        if self._credit_notes is None:
            return CreditNoteOutcome(invoice_id, acknowledged_now, None, False)
        reason = next((c.comment for c in reversed(self._store.history.list(invoice_id))
                       if c.source == "chorus" and c.comment), None)
        return CreditNoteOutcome(invoice_id, acknowledged_now,
                                 self._credit_notes.write_credit_note(invoice_id, reason), True)
