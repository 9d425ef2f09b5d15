"""Sending invoices to Chorus Pro, exactly once: check, upload, `soumettre`, and settle a lost answer.

For each invoice: refuse what must not be sent (already deposited, no profile, À recycler), fill the
supplier's Chorus ids, refresh the recipient's parameters, validate again (nothing is sent with a
blocking problem), mark "Envoi en cours", upload the files, then `soumettre` — at most
`SUBMIT_ATTEMPTS` times, each after checking that Chorus does not already hold the invoice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from chorus_desktop.core import texts
from chorus_desktop.core.chorus.client import ChorusClient
from chorus_desktop.core.chorus.clients import ChorusClients
from chorus_desktop.core.chorus.errors import (
    ChorusAnswerLostError,
    ChorusAuthError,
    ChorusFunctionalError,
    ChorusUnavailableError,
)
from chorus_desktop.core.domain.invoice import InvoiceRecord
from chorus_desktop.core.domain.profile import Profile
from chorus_desktop.core.domain.returns import ensure_action
from chorus_desktop.core.errors import ChorusDesktopError, UserFixableError
from chorus_desktop.core.states import CHORUS_STATES, InvoiceState, label
from chorus_desktop.core.store import Store
from chorus_desktop.core.usecases.directory import Directory
from chorus_desktop.core.usecases.editing import InvoiceEditing
from chorus_desktop.core.usecases.lifecycle import InvoiceLifecycle
from chorus_desktop.core.usecases.queries import InvoiceQueries
from chorus_desktop.core.usecases.recovery import NUMBER_ALREADY_USED, DepositOutcome, DepositRecovery

log = logging.getLogger(__name__)

Progress = Callable[[int, int, DepositOutcome], None]
SUBMIT_ATTEMPTS = 3  # soumettre sent at most this many times, each after checking Chorus doesn't have it


class InvoiceDeposit:
    def __init__(self, store: Store, clients: ChorusClients, directory: Directory, lifecycle: InvoiceLifecycle,
                 editing: InvoiceEditing, queries: InvoiceQueries, recovery: DepositRecovery) -> None:
        self._store = store
        self._clients = clients
        self._directory = directory
        self._lifecycle = lifecycle
        self._editing = editing
        self._queries = queries
        self._recovery = recovery

    def deposit(self, ids: Iterable[int], progress: Progress | None = None) -> list[DepositOutcome]:
        """Send the invoices; one failure never stops the batch. Returns one outcome per invoice."""
        id_list = list(ids)
        outcomes: list[DepositOutcome] = []
        broken_profiles: dict[int, str] = {}  # profile id -> why its connection failed (don't retry it)
        for index, invoice_id in enumerate(id_list, start=1):
            try:
                outcome = self._deposit_one(invoice_id, broken_profiles)
            except ChorusDesktopError as error:
                outcome = DepositOutcome(invoice_id, False, self._state(invoice_id), error.message)
            outcomes.append(outcome)
            if progress is not None:
                progress(index, len(id_list), outcome)
        for profile_id in broken_profiles:
            self._clients.reset_connection(profile_id)  # the next attempt reads the (maybe corrected) credentials
        return outcomes

    def _state(self, invoice_id: int) -> InvoiceState:
        try:
            return self._store.invoices.get(invoice_id).state
        except ChorusDesktopError:
            return InvoiceState.BROUILLON

    def _refusal(self, record: InvoiceRecord, broken_profiles: dict[int, str]) -> DepositOutcome | None:
        """Why this invoice must not be sent at all (checked before any call), or None."""
        def refused(message: str, chorus_id: int | None = None) -> DepositOutcome:
            return DepositOutcome(record.id, False, record.state, message, chorus_invoice_id=chorus_id)

        try:
            ensure_action(record.id, record.state, None)  # sent back: recycle, complete or credit-note
        except UserFixableError as error:
            return refused(error.message, record.chorus.invoice_id)
        if record.state in CHORUS_STATES:  # never twice
            return refused(texts.render("deja_deposee", state=label(record.state)), record.chorus.invoice_id)
        if record.profile_id is None:
            return refused(texts.render("profil_manquant"))
        if record.profile_id in broken_profiles:
            return refused(broken_profiles[record.profile_id])
        return None

    def _deposit_one(self, invoice_id: int, broken_profiles: dict[int, str]) -> DepositOutcome:
        record = self._store.invoices.get(invoice_id)
        refusal = self._refusal(record, broken_profiles)
        if refusal is not None:
            return refusal
        assert record.profile_id is not None
        profile = self._store.profiles.get(record.profile_id)
        try:
            client = self._clients.client_for(profile)
            if record.state is InvoiceState.ENVOI_EN_COURS or (
                    record.state is InvoiceState.ERREUR_ENVOI and record.chorus.send_attempted_at is not None):
                # A previous attempt lost its answer: does Chorus already have this invoice?
                adopted = self._recovery.recover_one(record, profile, client)
                if adopted is not None:
                    return adopted
                record = self._store.invoices.get(invoice_id)
            profile = self._directory.ensure_supplier_ids(profile, client)
            self._editing.fill_supplier_ids(record.id, profile)
            siret = record.deposit.codeDestinataire
            if siret:
                recipient = self._directory.refresh_recipient(siret, client, profile=profile)
                if recipient is not None and recipient.chorus_structure_id is None:
                    self._lifecycle.validate(invoice_id)  # shows the problem on the invoice too
                    return DepositOutcome(invoice_id, False, self._state(invoice_id),
                                          texts.render("destinataire_inconnu", siret=siret))
                if recipient is not None:
                    self._directory.service_engagement(recipient, record.deposit.codeServiceExecutant, client)
        except ChorusAuthError as error:
            broken_profiles[profile.id] = error.message
            return DepositOutcome(invoice_id, False, self._state(invoice_id), error.message)
        except ChorusDesktopError as error:
            return DepositOutcome(invoice_id, False, self._state(invoice_id), error.message)

        # Validation against the fresh recipient parameters: nothing is sent with a blocking problem.
        problems = self._lifecycle.validate(invoice_id)
        blocking = [p for p in problems if p.blocking]
        if blocking:
            return DepositOutcome(invoice_id, False, self._state(invoice_id),
                                  texts.render("rien_envoye", reasons=" ".join(p.message for p in blocking)),
                                  problems=blocking)
        try:
            self._lifecycle.mark_sending(invoice_id)
        except ChorusDesktopError as error:
            return DepositOutcome(invoice_id, False, self._state(invoice_id), error.message)
        return self._send(self._store.invoices.get(invoice_id), profile, client, broken_profiles)

    def _upload(self, record: InvoiceRecord, client: ChorusClient) -> tuple[int, list[int]]:
        """Upload the PDF and the supporting documents (ids kept, so a retry does not upload again)."""
        deposit = record.deposit
        main = deposit.pieceJointePrincipale
        main_id = main.chorus_id if main is not None else None
        if main_id is None:
            content = self._queries.record_document_path(record).read_bytes()
            main_id = client.add_file(content, main.designation if main else record.document.original_name)
        others: list[int] = []
        for attachment in deposit.pieceJointeComplementaire:
            if attachment.chorus_id is not None:
                others.append(attachment.chorus_id)
                continue
            others.append(client.add_file(self._queries.attachment_path(attachment).read_bytes(),
                                          attachment.designation, mime_type="application/octet-stream"))
        self._lifecycle.record_attachment_ids(record.id, main_id, others if deposit.pieceJointeComplementaire else None)
        return main_id, others

    def _send(self, record: InvoiceRecord, profile: Profile, client: ChorusClient,
              broken_profiles: dict[int, str]) -> DepositOutcome:
        invoice_id = record.id
        try:
            main_id, others = self._upload(record, client)
            payload = self._queries.payload(invoice_id, main_attachment_id=main_id, attachment_ids=others or None)
        except ChorusDesktopError as error:
            # Nothing reached soumettre: the invoice can safely be sent again.
            if isinstance(error, ChorusAuthError):
                broken_profiles[profile.id] = error.message
            return self._recovery.failed(invoice_id, error.message)
        except OSError:
            return self._recovery.failed(invoice_id, texts.render("pdf_absent"))
        number = str(payload.get("numeroFactureSaisi") or "")
        supplier_id = int((payload.get("fournisseur") or {}).get("idFournisseur") or profile.chorus_supplier_id or 0)
        earlier_attempt = record.chorus.send_attempted_at is not None  # a soumettre may have reached Chorus
        self._recovery.submitting(invoice_id)
        for attempt in range(1, SUBMIT_ATTEMPTS + 1):
            try:
                answer = client.submit_invoice(payload)
            except ChorusFunctionalError as error:
                if error.code_retour == NUMBER_ALREADY_USED and (earlier_attempt or attempt > 1):
                    # Our own number, from an attempt Chorus received but does not show yet: look again.
                    return self._recovery.number_in_use(record, client, supplier_id, number)
                return self._recovery.failed(invoice_id, error.message, refused=True)
            except ChorusAuthError as error:
                broken_profiles[profile.id] = error.message
                return self._recovery.failed(invoice_id, error.message)
            except ChorusAnswerLostError as lost:
                log.warning("answer lost for invoice %d (attempt %d): looking it up in Chorus Pro",
                            invoice_id, attempt)
                try:
                    found = client.find_invoice_by_number(supplier_id, number)
                except ChorusDesktopError:
                    return DepositOutcome(invoice_id, False, InvoiceState.ENVOI_EN_COURS,
                                          texts.render("reponse_perdue_injoignable", lost=lost.message))
                if found is not None:
                    return self._recovery.adopt_if_same(record, found)
                if attempt == SUBMIT_ATTEMPTS:
                    return self._recovery.failed(invoice_id, texts.render("reponse_perdue_absente",
                                                                          lost=lost.message),
                                                 maybe_received=True)
                continue
            except ChorusUnavailableError as error:
                # Refused before being processed (network down, 429 after retries): not in Chorus.
                return self._recovery.failed(invoice_id, error.message)
            return self._recovery.deposited(invoice_id, answer)
        raise AssertionError("unreachable")
