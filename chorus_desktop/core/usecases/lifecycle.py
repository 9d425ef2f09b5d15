"""Every state move of an invoice, each with its history line, in one unit of work.

Moves are checked by `core.states.ensure_transition`; the history line keeps its source ("local" or
"chorus") and an optional comment (e.g. a rejection reason). Validation decides Brouillon <-> Prête;
the deposit and sync use cases call the Chorus moves below.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from chorus_desktop.core import texts
from chorus_desktop.core.domain.deposit import Deposit
from chorus_desktop.core.domain.invoice import InvoiceRecord, StateSource
from chorus_desktop.core.errors import UserFixableError
from chorus_desktop.core.model import Problem
from chorus_desktop.core.states import InvoiceState, ensure_transition
from chorus_desktop.core.store import Store
from chorus_desktop.core.store.codec import now_utc
from chorus_desktop.core.usecases.checking import DepositChecker
from chorus_desktop.core.usecases.learning import Learning
from chorus_desktop.core.validation import is_ready


def _not_ready_line(problems: Sequence[Problem], action: str | None = None) -> str:
    """The history line of an invoice that is not (or no longer) « Prête », after `action` if given."""
    blocking = sum(p.blocking for p in problems)
    if action is None:
        return (texts.render("historique_bloquants", blocking=blocking) if blocking
                else texts.render("historique_destinataire_a_verifier"))
    return (texts.render("historique_modifiee_bloquants", action=action, blocking=blocking) if blocking
            else texts.render("historique_modifiee_destinataire", action=action))


class InvoiceLifecycle:
    """`learning`, when given, learns the layout and routing of each invoice validated or deposited."""

    def __init__(self, store: Store, checker: DepositChecker, learning: Learning | None = None) -> None:
        self._store = store
        self._checker = checker
        self._learning = learning

    def _move(self, invoice_id: int, current: InvoiceState, target: InvoiceState, source: StateSource,
              comment: str | None, chorus_code: str | None = None, at: dt.datetime | None = None) -> None:
        """Change the state and write its history line; call inside a unit of work."""
        ensure_transition(current, target)
        self._store.invoices.set_state(invoice_id, target, chorus_code=chorus_code, at=at)
        self._store.history.add(invoice_id, target, source, comment, chorus_code=chorus_code, at=at)

    def _remember_routing(self, invoice_id: int, deposit: Deposit) -> None:
        if deposit.codeDestinataire:
            self._store.recipients.remember_routing(deposit.codeDestinataire, deposit.codeServiceExecutant,
                                                    deposit.numeroBonCommande)
        if self._learning is not None:
            self._learning.learn(invoice_id)

    # ------------------------------------------------------------------ local moves

    def validate(self, invoice_id: int) -> list[Problem]:
        """Check the deposit again, store the problems and return them.

        A "Brouillon" (or "Erreur d'envoi") invoice becomes "Prête" when nothing blocks and its recipient
        was checked with Chorus Pro (`is_ready`); a "Prête" one that no longer is goes back to "Brouillon".
        Other states keep their state.
        A successful validation remembers the recipient's code service and numéro d'engagement.
        """
        record = self._store.invoices.get(invoice_id)
        problems = self._checker.problems_for(record, record.deposit)
        blocking = sum(p.blocking for p in problems)
        with self._store.unit_of_work():
            self._store.invoices.save_problems(invoice_id, problems)
            if is_ready(problems) and record.state in (InvoiceState.BROUILLON, InvoiceState.ERREUR_ENVOI):
                self._move(invoice_id, record.state, InvoiceState.PRETE, "local", texts.render("historique_validee"))
            elif not is_ready(problems) and record.state is InvoiceState.PRETE:
                self._move(invoice_id, record.state, InvoiceState.BROUILLON, "local", _not_ready_line(problems))
        if not blocking:
            self._remember_routing(invoice_id, record.deposit)
        return problems

    def save_and_validate(self, record: InvoiceRecord, deposit: Deposit, comment: str | None) -> InvoiceRecord:
        """Store an edited deposit with its new problems. A "Prête" invoice that no longer is (a blocking
        problem, a recipient not checked yet) goes back to "Brouillon"; an "Erreur d'envoi" one to
        "Brouillon" or "Prête"."""
        problems = self._checker.problems_for(record, deposit)
        ready = is_ready(problems)
        recipient = self._store.recipients.get(deposit.codeDestinataire) if deposit.codeDestinataire else None
        action = comment or texts.render("historique_modifiee")
        with self._store.unit_of_work():
            self._store.invoices.save_deposit(record.id, deposit, problems,
                                              recipient_name=recipient.name if recipient else None)
            if record.state is InvoiceState.PRETE and not ready:
                self._move(record.id, record.state, InvoiceState.BROUILLON, "local",
                           _not_ready_line(problems, action))
            elif record.state is InvoiceState.ERREUR_ENVOI:
                target = InvoiceState.PRETE if ready else InvoiceState.BROUILLON
                self._move(record.id, record.state, target, "local", action)
        return self._store.invoices.get(record.id)

    # ------------------------------------------------------------------ sending

    def mark_sending(self, invoice_id: int, comment: str | None = None) -> InvoiceRecord:
        """Re-validate, then move to "Envoi en cours" before any request leaves (from Prête, Erreur
        d'envoi or À recycler). Raises `UserFixableError` when a blocking problem remains, and
        `InvalidTransitionError` from any other state (e.g. already deposited: never send twice)."""
        record = self._store.invoices.get(invoice_id)
        problems = self._checker.problems_for(record, record.deposit)
        blocking = [p for p in problems if p.blocking]
        self._store.invoices.save_problems(invoice_id, problems)
        if blocking:
            raise UserFixableError(code="facture_invalide",
                                   params={"invoice_id": invoice_id, "reason": blocking[0].message})
        with self._store.unit_of_work():
            current = self._store.invoices.state_of(invoice_id)
            self._move(invoice_id, current, InvoiceState.ENVOI_EN_COURS, "local",
                       comment or texts.render("historique_envoi"))
        return self._store.invoices.get(invoice_id)

    def record_attachment_ids(self, invoice_id: int, main_id: int | None,
                              complementary_ids: Sequence[int] | None = None) -> InvoiceRecord:
        """Keep the `pieceJointeId`s Chorus returned for the uploaded files (so a retry reuses them)."""
        record = self._store.invoices.get(invoice_id)
        deposit = record.deposit
        if main_id is not None and deposit.pieceJointePrincipale is not None:
            deposit.pieceJointePrincipale = dataclasses.replace(deposit.pieceJointePrincipale, chorus_id=main_id)
        if complementary_ids is not None:
            deposit.pieceJointeComplementaire = [
                dataclasses.replace(attachment, chorus_id=chorus_id)
                for attachment, chorus_id in zip(deposit.pieceJointeComplementaire, complementary_ids, strict=True)
            ]
        self._store.invoices.save_deposit(invoice_id, deposit, record.problems)
        return self._store.invoices.get(invoice_id)

    def record_deposit(self, invoice_id: int, *, chorus_invoice_id: int, status_code: str | None,
                       certificate_fingerprint: str | None = None, deposited_at: dt.datetime | None = None,
                       comment: str | None = None) -> InvoiceRecord:
        """Chorus accepted the invoice (`soumettre` answer): keep `identifiantFactureCPP`, the deposit
        certificate fingerprint (`empreinteCertificatDepot`) and date, and move "Envoi en cours" to the
        returned status (`statutFacture`, DEPOSEE when absent), all in one unit of work. Remembers the
        routing data for the recipient."""
        code = (status_code or InvoiceState.DEPOSEE.value).strip().upper()
        target = InvoiceState.from_chorus(code)
        with self._store.unit_of_work():
            current = self._store.invoices.state_of(invoice_id)
            if current in (InvoiceState.ERREUR_ENVOI, InvoiceState.PRETE):  # found after an unresolved attempt
                self._move(invoice_id, current, InvoiceState.ENVOI_EN_COURS, "local",
                           texts.render("historique_verification"))
                current = InvoiceState.ENVOI_EN_COURS
            self._store.invoices.set_send_attempted(invoice_id, None)
            self._store.invoices.set_chorus_ids(invoice_id, chorus_invoice_id=chorus_invoice_id,
                                                certificate_fingerprint=certificate_fingerprint,
                                                deposited_at=deposited_at or now_utc())
            if current is not target:
                self._move(invoice_id, current, target, "chorus",
                           comment or texts.render("historique_deposee", chorus_id=chorus_invoice_id),
                           chorus_code=code)
            self._store.invoices.set_checked(invoice_id)
        self._remember_routing(invoice_id, self._store.invoices.get(invoice_id).deposit)
        return self._store.invoices.get(invoice_id)

    def mark_submit_attempt(self, invoice_id: int, at: dt.datetime | None = None) -> None:
        """`soumettre` is about to leave: until its outcome is known, Chorus Pro may hold the invoice."""
        self._store.invoices.set_send_attempted(invoice_id, at or now_utc())

    def forget_submit_attempt(self, invoice_id: int) -> None:
        """The last `soumettre` surely did not reach Chorus Pro (or was settled): stop looking for it."""
        self._store.invoices.set_send_attempted(invoice_id, None)

    def record_send_failure(self, invoice_id: int, message: str, *, refused: bool = False,
                            maybe_received: bool = False) -> InvoiceRecord:
        """The sending failed: "Envoi en cours" -> "Erreur d'envoi", with the French message as comment.
        A refusal by Chorus is also shown on the invoice (a warning) until the user edits it (the next
        validation). `maybe_received`: Chorus Pro may hold the invoice all the same (the mark of the
        attempt is kept, so sync and the next deposit look it up again); otherwise it is cleared."""
        with self._store.unit_of_work():
            current = self._store.invoices.state_of(invoice_id)
            self._move(invoice_id, current, InvoiceState.ERREUR_ENVOI, "local", message)
            if not maybe_received:
                self._store.invoices.set_send_attempted(invoice_id, None)
            if refused:
                record = self._store.invoices.get(invoice_id)
                problem = Problem(code="chorus_refus", message=message, blocking=False)
                self._store.invoices.save_problems(invoice_id, [*record.problems, problem])
        return self._store.invoices.get(invoice_id)

    def return_to_ready(self, invoice_id: int, comment: str) -> InvoiceRecord:
        """"Envoi en cours" -> "Prête" when Chorus does not show the invoice (crash recovery). The mark of an
        earlier `soumettre` stays: a later 20108 on this number is then known to be ours."""
        with self._store.unit_of_work():
            current = self._store.invoices.state_of(invoice_id)
            self._move(invoice_id, current, InvoiceState.PRETE, "local", comment)
        return self._store.invoices.get(invoice_id)

    # ------------------------------------------------------------------ sent back (recycler, completer, traiterRejet)

    def record_recycled(self, invoice_id: int, deposit: Deposit, problems: list[Problem], status_code: str | None,
                        comment: str, recipient_name: str | None = None) -> InvoiceRecord:
        """Chorus accepted `recycler`: keep the new routing and move "À recycler" to the returned status
        (DEPOSEE when absent), in one unit of work; remember the routing for the recipient."""
        code = (status_code or InvoiceState.DEPOSEE.value).strip().upper()
        with self._store.unit_of_work():
            self._store.invoices.save_deposit(invoice_id, deposit, problems, recipient_name=recipient_name)
            current = self._store.invoices.state_of(invoice_id)
            target = InvoiceState.from_chorus(code)
            if current is target:
                self._store.history.add(invoice_id, target, "chorus", comment, chorus_code=code)
            else:
                self._move(invoice_id, current, target, "chorus", comment, chorus_code=code)
        self._remember_routing(invoice_id, deposit)
        return self._store.invoices.get(invoice_id)

    def record_completed(self, invoice_id: int, deposit: Deposit, comment: str,
                         at: dt.datetime | None = None) -> InvoiceRecord:
        """Chorus accepted `completer`: keep the added files on the deposit, "Suspendue" -> "Complétée"."""
        with self._store.unit_of_work():
            record = self._store.invoices.get(invoice_id)
            self._store.invoices.save_deposit(invoice_id, deposit, record.problems)
            self._move(invoice_id, record.state, InvoiceState.COMPLETEE, "chorus", comment,
                       chorus_code=InvoiceState.COMPLETEE.value, at=at)
        return self._store.invoices.get(invoice_id)

    def record_rejection_handled(self, invoice_id: int, at: dt.datetime, comment: str) -> InvoiceRecord:
        """Chorus accepted `traiterRejet`: the state stays "Rejetée"; the handling date and a history line."""
        with self._store.unit_of_work():
            self._store.invoices.set_rejection_handled(invoice_id, at)
            self._store.history.add(invoice_id, InvoiceState.REJETEE, "local", comment, at=at)
        return self._store.invoices.get(invoice_id)

    # ------------------------------------------------------------------ following

    def apply_chorus_status(self, invoice_id: int, status_code: str, *, at: dt.datetime | None = None,
                            comment: str | None = None) -> bool:
        """Apply a status read from Chorus Pro (sync). Returns True when the state changed.

        Unknown codes are stored as "Autre statut Chorus Pro" with the raw code kept. The same status
        again only updates the last-checked time. A move the rules refuse (e.g. out of a final state)
        raises `InvalidTransitionError`. `comment` is e.g. the rejection reason
        (`histoStatutCommentaire`); `at` the status date from Chorus.
        """
        code = status_code.strip().upper()
        target = InvoiceState.from_chorus(code)
        with self._store.unit_of_work():
            current = self._store.invoices.state_of(invoice_id)
            stored_code = self._store.invoices.status_code_of(invoice_id)
            self._store.invoices.set_checked(invoice_id)
            if current is target and stored_code == code:
                return False
            if current is target:  # two unknown codes in a row: keep the new raw code and a history line
                self._store.invoices.set_state(invoice_id, target, chorus_code=code, at=at)
                self._store.history.add(invoice_id, target, "chorus", comment, chorus_code=code, at=at)
                return True
            self._move(invoice_id, current, target, "chorus", comment, chorus_code=code, at=at)
        return True

    def mark_checked(self, invoice_id: int, at: dt.datetime | None = None) -> None:
        """Record that Chorus was asked about this invoice (without a status change)."""
        self._store.invoices.set_checked(invoice_id, at)
