"""Editing an invoice before it is sent: its deposit fields, its profile, its attachments, or deleting it."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from chorus_desktop.core import texts
from chorus_desktop.core.domain.deposit import DepositAttachment
from chorus_desktop.core.domain.deposit_input import apply_changes
from chorus_desktop.core.domain.invoice import InvoiceRecord
from chorus_desktop.core.domain.paid import net_follows_cadre
from chorus_desktop.core.domain.profile import Profile
from chorus_desktop.core.domain.returns import SENT_BACK_STATES, ensure_action
from chorus_desktop.core.errors import NotFoundError, UserFixableError
from chorus_desktop.core.model import Problem
from chorus_desktop.core.states import EDITABLE_STATES, RECYCLABLE_FIELDS, InvoiceState
from chorus_desktop.core.store import Store
from chorus_desktop.core.store.documents import sha256_of
from chorus_desktop.core.usecases.checking import DepositChecker
from chorus_desktop.core.usecases.lifecycle import InvoiceLifecycle


def _ensure_editable(record: InvoiceRecord) -> None:
    if record.state in SENT_BACK_STATES:
        ensure_action(record.id, record.state, None)  # names recycle, complete or credit-note
    if record.state not in EDITABLE_STATES:
        raise UserFixableError(code="modification_interdite", params={"state": record.state_label})


class InvoiceEditing:
    def __init__(self, store: Store, lifecycle: InvoiceLifecycle, checker: DepositChecker) -> None:
        self._store = store
        self._lifecycle = lifecycle
        self._checker = checker

    def preview_problems(self, invoice_id: int, changes: dict[str, Any]) -> list[Problem]:
        """The problems the invoice would have with `changes` (as typed, not saved yet): the form shows
        them while the user types. A value that cannot be read is itself a blocking problem on its field,
        and the stored value stands in for it in the other checks. Nothing is written."""
        record = self._store.invoices.get(invoice_id)
        deposit = record.deposit
        unreadable: list[Problem] = []
        for name, value in changes.items():
            try:
                deposit = apply_changes(deposit, {name: value})
            except UserFixableError as error:
                unreadable.append(Problem(code=error.code, message=error.message, field=name, blocking=True))
        return unreadable + self._checker.problems_for(record, net_follows_cadre(record.deposit, deposit))

    def update_deposit(self, invoice_id: int, changes: dict[str, Any]) -> InvoiceRecord:
        """Apply field changes (API names, text accepted) and re-validate.

        Allowed while nothing is sent (Brouillon, Prête, Erreur d'envoi); in "À recycler" only the
        routing data (destinataire, code service, numéro d'engagement). A "Prête" invoice whose
        change brings a blocking problem goes back to "Brouillon"; an "Erreur d'envoi" one goes to
        "Brouillon" or "Prête" according to the new validation.
        """
        record = self._store.invoices.get(invoice_id)
        if record.state is InvoiceState.A_RECYCLER:
            if set(changes) - RECYCLABLE_FIELDS:
                raise UserFixableError(code="modification_interdite", text_id="recyclage_routage_seul")
        else:
            _ensure_editable(record)
        deposit = net_follows_cadre(record.deposit, apply_changes(record.deposit, changes))
        return self._lifecycle.save_and_validate(record, deposit, comment=texts.render("historique_modifiee"))

    def fill_supplier_ids(self, invoice_id: int, profile: Profile) -> None:
        """Give the invoice the profile's Chorus ids it lacks (idFournisseur, service, bank account for a
        transfer), once the profile's connection found them."""
        deposit = self._store.invoices.get(invoice_id).deposit
        changes: dict[str, Any] = {}
        if deposit.idFournisseur is None and profile.chorus_supplier_id is not None:
            changes["idFournisseur"] = profile.chorus_supplier_id
        if deposit.idServiceFournisseur is None and profile.chorus_service_id is not None:
            changes["idServiceFournisseur"] = profile.chorus_service_id
        if (deposit.codeCoordonneesBancairesFournisseur is None and profile.chorus_bank_account_id is not None
                and deposit.modePaiement == "VIREMENT"):
            changes["codeCoordonneesBancairesFournisseur"] = profile.chorus_bank_account_id
        if changes:
            self.update_deposit(invoice_id, changes)

    def assign_profile(self, invoice_id: int, profile_id: int) -> InvoiceRecord:
        """Attach the invoice to a supplier profile and take its Chorus ids and defaults."""
        record = self._store.invoices.get(invoice_id)
        _ensure_editable(record)
        profile = self._store.profiles.get(profile_id)
        self._store.invoices.set_profile(invoice_id, profile.id)
        deposit = dataclasses.replace(
            record.deposit, idFournisseur=profile.chorus_supplier_id, idServiceFournisseur=profile.chorus_service_id,
            codeCoordonneesBancairesFournisseur=profile.chorus_bank_account_id)
        return self._lifecycle.save_and_validate(self._store.invoices.get(invoice_id), deposit,
                                                 comment=texts.render("historique_profil_change"))

    def delete_invoice(self, invoice_id: int) -> None:
        """Remove an invoice that was never sent (Brouillon, Prête, Erreur d'envoi), its history and
        the stored files no other invoice uses. A sent invoice is never deleted: Chorus Pro keeps it."""
        record = self._store.invoices.get(invoice_id)
        if record.state not in EDITABLE_STATES:
            raise UserFixableError(code="suppression_interdite", params={"state": record.state_label})
        written = self._store.written.get(invoice_id)
        if written is not None:  # a number the app assigned is never deleted: an avoir cancels it
            raise UserFixableError(code="facture_ecrite_supprimee",
                                   params={"invoice_id": invoice_id, "number": written.number})
        hashes = {record.document.sha256, *(a.sha256 for a in record.deposit.pieceJointeComplementaire)}
        with self._store.unit_of_work():
            self._store.invoices.delete(invoice_id)
            for sha256 in hashes:
                # Attachments are shared by content: keep a file another invoice still lists.
                if not self._store.invoices.document_in_use(sha256):
                    self._store.documents.release(sha256)
        self._store.documents.delete_released()

    def add_attachment(self, invoice_id: int, path: str | Path, attachment_type: str = "") -> InvoiceRecord:
        """Add a pièce complémentaire (copied into the store)."""
        source = Path(path)
        record = self._store.invoices.get(invoice_id)
        _ensure_editable(record)
        try:
            sha256, size = sha256_of(source), source.stat().st_size
        except FileNotFoundError:
            raise UserFixableError(code="fichier_introuvable", params={"path": source}) from None
        except OSError:
            raise UserFixableError(code="fichier_illisible", params={"name": source.name}) from None
        relative = self._store.documents.stage(source, sha256)
        self._store.documents.register(sha256=sha256, size=size, original_name=source.name,
                                       relative_path=relative, is_text_pdf=None, page_count=None)
        deposit = dataclasses.replace(record.deposit, pieceJointeComplementaire=[
            *record.deposit.pieceJointeComplementaire,
            DepositAttachment(designation=source.name, sha256=sha256, size=size, type=attachment_type)])
        return self._lifecycle.save_and_validate(record, deposit, comment=None)

    def remove_attachment(self, invoice_id: int, index: int) -> InvoiceRecord:
        record = self._store.invoices.get(invoice_id)
        _ensure_editable(record)
        attachments = list(record.deposit.pieceJointeComplementaire)
        if not 0 <= index < len(attachments):
            raise NotFoundError(code="piece_jointe_absente", params={"number": index + 1})
        del attachments[index]
        deposit = dataclasses.replace(record.deposit, pieceJointeComplementaire=attachments)
        return self._lifecycle.save_and_validate(record, deposit, comment=None)
