"""Reading invoices: one invoice, the list, the dashboard counts, the history, the payload, stored files."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from chorus_desktop.core.domain.deposit import DepositAttachment
from chorus_desktop.core.domain.invoice import InvoiceRecord, InvoiceSummary, StateChange
from chorus_desktop.core.errors import NotFoundError
from chorus_desktop.core.payload import build_payload
from chorus_desktop.core.states import InvoiceState
from chorus_desktop.core.store import Store

# The states the dashboard always shows, in the portal's order, even at zero.
DASHBOARD_STATES: tuple[InvoiceState, ...] = (
    InvoiceState.BROUILLON, InvoiceState.PRETE, InvoiceState.ENVOI_EN_COURS, InvoiceState.ERREUR_ENVOI,
    InvoiceState.DEPOSEE, InvoiceState.EN_COURS_ACHEMINEMENT, InvoiceState.MISE_A_DISPOSITION,
    InvoiceState.A_RECYCLER, InvoiceState.SUSPENDUE, InvoiceState.COMPLETEE, InvoiceState.REJETEE,
    InvoiceState.SERVICE_FAIT, InvoiceState.MANDATEE, InvoiceState.MISE_A_DISPOSITION_COMPTABLE,
    InvoiceState.COMPTABILISEE, InvoiceState.MISE_EN_PAIEMENT,
)


class InvoiceQueries:
    def __init__(self, store: Store) -> None:
        self._store = store

    def get_invoice(self, invoice_id: int) -> InvoiceRecord:
        return self._store.invoices.get(invoice_id)

    def list_invoices(self, state: InvoiceState | Iterable[InvoiceState] | None = None, search: str | None = None,
                      order_by: str = "date", descending: bool = True, limit: int | None = None, offset: int = 0,
                      profile_id: int | None = None) -> list[InvoiceSummary]:
        """Invoices, newest first by default. `search` matches the number, the recipient (SIRET or name)
        or the TTC amount ("1234,50"). `order_by`: date, number, amount, state, updated, id."""
        return self._store.invoices.list(state=state, search=search, profile_id=profile_id, order_by=order_by,
                                         descending=descending, limit=limit, offset=offset)

    def count_invoices(self, state: InvoiceState | Iterable[InvoiceState] | None = None, search: str | None = None,
                       profile_id: int | None = None) -> int:
        return self._store.invoices.count(state=state, search=search, profile_id=profile_id)

    def dashboard(self) -> dict[InvoiceState, int]:
        """Count per state, like the portal's "Tableau de bord": the usual states (zeros included) in the
        portal's order, then any other state that has invoices."""
        counts = self._store.invoices.counts_by_state()
        result = {state: counts.get(state, 0) for state in DASHBOARD_STATES}
        for state, count in counts.items():
            result.setdefault(state, count)
        return result

    def history(self, invoice_id: int) -> list[StateChange]:
        self._store.invoices.get(invoice_id)
        return self._store.history.list(invoice_id)

    def payload(self, invoice_id: int, *, main_attachment_id: int | None = None,
                attachment_ids: list[int] | None = None) -> dict[str, Any]:
        """The JSON body `factures/v1/soumettre` would receive for this invoice (no secrets)."""
        record = self._store.invoices.get(invoice_id)
        return build_payload(record.deposit, main_attachment_id=main_attachment_id, attachment_ids=attachment_ids)

    def document_path(self, invoice_id: int) -> Path:
        """The stored copy of the invoice PDF."""
        return self._store.documents.path_of(self._store.invoices.get(invoice_id).document)

    def record_document_path(self, record: InvoiceRecord) -> Path:
        """The stored copy of the PDF of an invoice already read."""
        return self._store.documents.path_of(record.document)

    def attachment_path(self, attachment: DepositAttachment) -> Path:
        document = self._store.documents.get(attachment.sha256)
        if document is None:
            raise NotFoundError(code="piece_jointe_introuvable", params={"name": attachment.designation})
        return self._store.documents.path_of(document)

    def invoices_to_poll(self, profile_id: int | None = None) -> list[InvoiceRecord]:
        """Invoices deposited on Chorus and not in a final state: what `sync` should ask about."""
        return [self._store.invoices.get(i) for i in self._store.invoices.ids_to_poll(profile_id)]

    def invoices_in_state(self, state: InvoiceState) -> list[InvoiceRecord]:
        """E.g. `invoices_in_state(ENVOI_EN_COURS)` at start, to recover interrupted sendings."""
        return [self._store.invoices.get(i) for i in self._store.invoices.ids_in_state(state)]

    def find_by_chorus_id(self, chorus_invoice_id: int) -> InvoiceRecord | None:
        found = self._store.invoices.id_for_chorus_id(chorus_invoice_id)
        return None if found is None else self._store.invoices.get(found)
