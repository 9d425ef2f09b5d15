"""Exactly once, after a lost answer: does Chorus Pro already hold the invoice? Adopt it, or make it
sendable again only when Chorus surely does not have it.

An invoice is marked "Envoi en cours" (committed) before `soumettre`, and the attempt itself is marked
(`send_attempted_at`) until its outcome is certain. When the answer is lost, we look the invoice up by its
number (`rechercher/fournisseur`) and adopt it if Chorus has it. Chorus Pro may store an invoice before
its search shows it: after an interrupted `soumettre`, an empty search or a 20108 refusal of our own
number (« numéro déjà utilisé ») means « look again » — a few searches with a growing delay — and, if
Chorus still shows nothing, the invoice stays marked, so `recover_pending()` (start-up, sync, next
deposit) looks again later: it is adopted, never renumbered nor sent twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Sequence
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

log = logging.getLogger(__name__)

# Seconds between the searches for an invoice whose soumettre may have reached Chorus: ~15 s in all.
LOOK_AGAIN_DELAYS: tuple[float, ...] = (0.5, 1.0, 2.0, 4.0, 8.0)
# An attempt Chorus Pro still does not show after this long was not received: stop looking for it.
RECHECK_WINDOW = dt.timedelta(days=2)
NUMBER_ALREADY_USED = 20108  # codeRetour of soumettre: « numéro de facture déjà utilisé »


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
                 now: Callable[[], dt.datetime] = now_utc, sleep: Callable[[float], None] = time.sleep,
                 delays: Sequence[float] = LOOK_AGAIN_DELAYS) -> None:
        self._store = store
        self._clients = clients
        self._lifecycle = lifecycle
        self._now = now
        self._sleep = sleep
        self._delays = tuple(delays)

    def failed(self, invoice_id: int, message: str, *, refused: bool = False,
               maybe_received: bool = False) -> DepositOutcome:
        """Nothing is deposited: "Erreur d'envoi" with the reason (a refusal also shows on the invoice).
        `maybe_received`: Chorus Pro may hold it all the same; it will be looked up again."""
        record = self._lifecycle.record_send_failure(invoice_id, message, refused=refused,
                                                     maybe_received=maybe_received)
        return DepositOutcome(invoice_id, False, record.state, message)

    def submitting(self, invoice_id: int) -> None:
        """`soumettre` is about to leave for this invoice."""
        self._lifecycle.mark_submit_attempt(invoice_id, self._now())

    def look_again(self, client: ChorusClient, supplier_id: int, number: str) -> dict[str, Any] | None:
        """Search Chorus Pro for our number, again after growing delays while it shows nothing (Chorus may
        store an invoice before its search shows it). Raises what the client raises."""
        found = client.find_invoice_by_number(supplier_id, number)
        for delay in self._delays:
            if found is not None:
                break
            self._sleep(delay)
            found = client.find_invoice_by_number(supplier_id, number)
        return found

    def number_in_use(self, record: InvoiceRecord, client: ChorusClient, supplier_id: int,
                      number: str) -> DepositOutcome:
        """soumettre refused our own number as already used (20108): after an earlier attempt, Chorus most
        likely holds this very invoice. Look again and adopt it; never conclude « renumber »."""
        try:
            found = self.look_again(client, supplier_id, number) if supplier_id and number else None
        except ChorusDesktopError as error:
            log.warning("20108 for invoice %d, then search failed: %s", record.id, error.code)
            found = None
        if found is not None:
            return self.adopt_if_same(record, found)
        return self.failed(record.id, texts.render("numero_utilise_non_visible", number=number),
                           maybe_received=True)

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
        """For an invoice left in "Envoi en cours" (or in "Erreur d'envoi" after an attempt Chorus may have
        received): adopt it if Chorus has it, else make it sendable again. When `soumettre` did leave,
        an empty search is repeated a few times before concluding."""
        number = record.deposit.numeroFactureSaisi or ""
        supplier_id = int(record.deposit.idFournisseur or profile.chorus_supplier_id or 0)
        found = None
        if supplier_id and number:
            if record.chorus.send_attempted_at is not None:
                found = self.look_again(client, supplier_id, number)
            else:
                found = client.find_invoice_by_number(supplier_id, number)
        if found is not None:
            return self.adopt_if_same(record, found)
        if record.state is InvoiceState.ENVOI_EN_COURS:
            self._lifecycle.return_to_ready(record.id, texts.render("historique_envoi_interrompu"))
        return None

    def recheck_attempts(self) -> list[DepositOutcome]:
        """In the background (sync, start-up): invoices in "Erreur d'envoi" (or "Prête" again) whose last
        soumettre may have reached Chorus Pro are looked up once more; found, they are adopted. An attempt
        still unseen after `RECHECK_WINDOW` is forgotten, so an invoice never received is not searched
        forever."""
        outcomes = []
        for invoice_id in self._store.invoices.ids_send_attempted((InvoiceState.ERREUR_ENVOI, InvoiceState.PRETE)):
            record = self._store.invoices.get(invoice_id)
            if record.profile_id is None:
                continue
            profile = self._store.profiles.get(record.profile_id)
            number = record.deposit.numeroFactureSaisi or ""
            supplier_id = int(record.deposit.idFournisseur or profile.chorus_supplier_id or 0)
            try:
                client = self._clients.client_for(profile)
                found = client.find_invoice_by_number(supplier_id, number) if supplier_id and number else None
            except ChorusDesktopError as error:
                outcomes.append(DepositOutcome(invoice_id, False, record.state,
                                               texts.render("verification_impossible", reason=error.message)))
                continue
            if found is not None:
                outcomes.append(self.adopt_if_same(record, found))
                continue
            attempted = record.chorus.send_attempted_at
            if attempted is None or self._now() - aware(attempted) > RECHECK_WINDOW:
                self._lifecycle.forget_submit_attempt(invoice_id)
        return outcomes

    def recover_pending(self) -> list[DepositOutcome]:
        """At start-up and before sync: settle every invoice a crash or a lost answer left in "Envoi en
        cours", then look again for those whose last attempt Chorus may hold (`recheck_attempts`)."""
        outcomes = self._recover_sending()
        outcomes.extend(self.recheck_attempts())
        return outcomes

    def _recover_sending(self) -> list[DepositOutcome]:
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
