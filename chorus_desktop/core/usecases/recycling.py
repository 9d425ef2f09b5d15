"""Recycling an invoice « À recycler »: new routing (destinataire, code service, numéro d'engagement), same
number, checked against the directory, then exactly one `factures/v1/recycler` (API-NOTES 7.2)."""

from __future__ import annotations

from typing import Any

from chorus_desktop.core import texts
from chorus_desktop.core.chorus.clients import ChorusClients
from chorus_desktop.core.domain.deposit_input import apply_changes
from chorus_desktop.core.domain.invoice import InvoiceRecord
from chorus_desktop.core.domain.returns import ReturnAction, ensure_action
from chorus_desktop.core.errors import UserFixableError
from chorus_desktop.core.model import Problem
from chorus_desktop.core.states import RECYCLABLE_FIELDS
from chorus_desktop.core.store import Store
from chorus_desktop.core.usecases.checking import DepositChecker
from chorus_desktop.core.usecases.directory import Directory
from chorus_desktop.core.usecases.lifecycle import InvoiceLifecycle


class InvoiceRecycling:
    def __init__(self, store: Store, clients: ChorusClients, directory: Directory, lifecycle: InvoiceLifecycle,
                 checker: DepositChecker) -> None:
        self._store = store
        self._clients = clients
        self._directory = directory
        self._lifecycle = lifecycle
        self._checker = checker

    def routing_changes(self, recipient_siret: str | None = None, service_code: str | None = None,
                        engagement: str | None = None) -> dict[str, Any]:
        """Only the routing may change: the given options as deposit fields (None = keep)."""
        given = {"codeDestinataire": recipient_siret, "codeServiceExecutant": service_code,
                 "numeroBonCommande": engagement}
        return {name: value for name, value in given.items() if value is not None}

    def preview(self, invoice_id: int, changes: dict[str, Any]) -> InvoiceRecord:
        """The invoice as it would be recycled (no call): refuses any other state or field."""
        record = self._store.invoices.get(invoice_id)
        ensure_action(record.id, record.state, ReturnAction.RECYCLE)
        if set(changes) - RECYCLABLE_FIELDS:
            raise UserFixableError(code="modification_interdite", text_id="recyclage_routage_seul")
        record.deposit = apply_changes(record.deposit, changes)
        return record

    def recycle(self, invoice_id: int, changes: dict[str, Any], comment: str | None = None) -> InvoiceRecord:
        """Check the new routing with the recipient's fresh parameters, then one `recycler` call; the new
        routing and the history line are recorded once Chorus accepted it. Nothing is sent on a problem."""
        record = self.preview(invoice_id, changes)
        deposit = record.deposit
        if record.chorus.invoice_id is None or record.profile_id is None:
            raise UserFixableError(code="retour_sans_depot", params={"invoice_id": invoice_id})
        siret = (deposit.codeDestinataire or "").strip()
        if not siret:
            raise UserFixableError(code="recyclage_impossible", text_id="recyclage_sans_destinataire")
        profile = self._store.profiles.get(record.profile_id)
        client = self._clients.client_for(profile)
        recipient = self._directory.refresh_recipient(siret, client, profile=profile)
        if recipient is not None and recipient.chorus_structure_id is None:
            raise UserFixableError(code="destinataire_inconnu", params={"siret": siret})
        if recipient is not None:
            self._directory.service_engagement(recipient, deposit.codeServiceExecutant, client)
        problems = self._checker.problems_for(record, deposit)
        blocking = [p for p in problems if p.blocking and p.field in RECYCLABLE_FIELDS]
        if blocking:
            raise UserFixableError(code="recyclage_impossible",
                                   params={"reasons": " ".join(p.message for p in blocking)})
        answer = client.recycle_invoice(record.chorus.invoice_id, siret, deposit.codeServiceExecutant,
                                        deposit.numeroBonCommande, comment)
        history = texts.render("historique_recyclee", siret=siret, service=deposit.codeServiceExecutant or "-",
                               engagement=deposit.numeroBonCommande or "-")
        fresh = self._store.recipients.get(siret)
        return self._lifecycle.record_recycled(invoice_id, deposit, _kept(problems), answer.get("statutFacture"),
                                               history, recipient_name=fresh.name if fresh else None)


def _kept(problems: list[Problem]) -> list[Problem]:
    """The problems stored with the recycled deposit (the Chorus refusal warnings of the first deposit go)."""
    return [p for p in problems if p.code != "chorus_refus"]
