"""Exactly once, after a lost answer: does Chorus Pro already hold the invoice? Adopt it, or make it
sendable again only when Chorus surely does not have it.

An invoice is marked "Envoi en cours" (committed) before `soumettre`. When the answer is lost, we look the
invoice up by its number (`rechercher/fournisseur`) and adopt it if Chorus has it. `recover_pending()`
does the same at start-up for invoices a crash left in "Envoi en cours".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from chorus_desktop.core import texts
from chorus_desktop.core.chorus.client import ChorusClient
from chorus_desktop.core.chorus.clients import ChorusClients
from chorus_desktop.core.chorus.times import aware, chorus_time
from chorus_desktop.core.domain.invoice import InvoiceRecord
from chorus_desktop.core.domain.profile import Profile
from chorus_desktop.core.errors import ChorusDesktopError
from chorus_desktop.core.model import Problem
from chorus_desktop.core.states import InvoiceState
from chorus_desktop.core.store import Store
from chorus_desktop.core.store.codec import now_utc
from chorus_desktop.core.usecases.lifecycle import InvoiceLifecycle


@dataclass
class DepositOutcome:
    invoice_id: int
    ok: bool
    state: InvoiceState
    message: str
    chorus_invoice_id: int | None = None
    adopted: bool = False  # found already in Chorus Pro after a lost answer
    problems: list[Problem] = field(default_factory=list)


class DepositRecovery:
    def __init__(self, store: Store, clients: ChorusClients, lifecycle: InvoiceLifecycle,
                 now: Callable[[], dt.datetime] = now_utc) -> None:
        self._store = store
        self._clients = clients
        self._lifecycle = lifecycle
        self._now = now

    def failed(self, invoice_id: int, message: str, *, refused: bool = False) -> DepositOutcome:
        """Nothing is deposited: "Erreur d'envoi" with the reason (a refusal also shows on the invoice)."""
        record = self._lifecycle.record_send_failure(invoice_id, message, refused=refused)
        return DepositOutcome(invoice_id, False, record.state, message)

    def deposited(self, invoice_id: int, answer: dict[str, Any]) -> DepositOutcome:
        """Chorus accepted the invoice (`soumettre` answer)."""
        chorus_id = int(answer["identifiantFactureCPP"])
        record = self._lifecycle.record_deposit(
            invoice_id, chorus_invoice_id=chorus_id, status_code=answer.get("statutFacture"),
            certificate_fingerprint=answer.get("empreinteCertificatDepot"),
            deposited_at=aware(chorus_time(answer.get("dateDepot")) or self._now()))
        return DepositOutcome(invoice_id, True, record.state, texts.render("deposee", chorus_id=chorus_id),
                              chorus_invoice_id=chorus_id)

    def adopt_if_same(self, record: InvoiceRecord, found: dict[str, Any]) -> DepositOutcome:
        """Adopt the invoice Chorus has under our number, unless it is visibly another one (other recipient
        or amount: e.g. deposited earlier from the portal), which the user must sort out."""
        deposit = record.deposit
        recipient = str(found.get("codeDestinataire") or "")
        other_recipient = bool(recipient and deposit.codeDestinataire and recipient != deposit.codeDestinataire)
        total = found.get("montantTTC")
        other_amount = (total is not None and deposit.montantTtcTotal is not None
                        and abs(Decimal(str(total)) - deposit.montantTtcTotal) >= Decimal("0.01"))
        if other_recipient or other_amount:
            return self.failed(record.id, texts.render("homonyme_chorus", number=deposit.numeroFactureSaisi,
                                                       chorus_id=found.get("identifiantFactureCPP")),
                               refused=True)
        return self._adopt(record.id, found)

    def _adopt(self, invoice_id: int, found: dict[str, Any]) -> DepositOutcome:
        chorus_id = int(found["identifiantFactureCPP"])
        record = self._lifecycle.record_deposit(
            invoice_id, chorus_invoice_id=chorus_id, status_code=found.get("statut"),
            deposited_at=aware(chorus_time(found.get("dateDepot")) or self._now()),
            comment=texts.render("historique_retrouvee", chorus_id=chorus_id))
        return DepositOutcome(invoice_id, True, record.state, texts.render("adoptee", chorus_id=chorus_id),
                              chorus_invoice_id=chorus_id, adopted=True)

    def recover_one(self, record: InvoiceRecord, profile: Profile, client: ChorusClient) -> DepositOutcome | None:
        """For an invoice left in "Envoi en cours": adopt it if Chorus has it, else make it sendable again."""
        number = record.deposit.numeroFactureSaisi or ""
        supplier_id = record.deposit.idFournisseur or profile.chorus_supplier_id
        found = client.find_invoice_by_number(int(supplier_id), number) if supplier_id and number else None
        if found is not None:
            return self.adopt_if_same(record, found)
        self._lifecycle.return_to_ready(record.id, texts.render("historique_envoi_interrompu"))
        return None

    def recover_pending(self) -> list[DepositOutcome]:
        """At start-up: settle every invoice a crash or a lost answer left in "Envoi en cours"."""
        outcomes = []
        for invoice_id in self._store.invoices.ids_in_state(InvoiceState.ENVOI_EN_COURS):
            record = self._store.invoices.get(invoice_id)
            if record.profile_id is None:
                continue
            profile = self._store.profiles.get(record.profile_id)
            try:
                adopted = self.recover_one(record, profile, self._clients.client_for(profile))
            except ChorusDesktopError as error:
                outcomes.append(DepositOutcome(invoice_id, False, InvoiceState.ENVOI_EN_COURS,
                                               texts.render("verification_impossible", reason=error.message)))
                continue
            outcomes.append(adopted or DepositOutcome(invoice_id, True, InvoiceState.PRETE,
                                                      texts.render("de_nouveau_prete")))
        return outcomes
