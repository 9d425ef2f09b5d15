"""Completing a « Suspendue » invoice: the documents the buyer asked for, each uploaded with
`transverses/v1/ajouter/fichier` (the deposit's size and type rules), then exactly one
`factures/v1/completer` (API-NOTES 7.1). The state becomes « Complétée » and the payment clock resumes."""

from __future__ import annotations

import dataclasses
import mimetypes
from collections.abc import Sequence
from pathlib import Path

from chorus_desktop.core import texts
from chorus_desktop.core.chorus.client import parse_datetime
from chorus_desktop.core.chorus.clients import ChorusClients
from chorus_desktop.core.chorus.times import PARIS
from chorus_desktop.core.domain.deposit import DepositAttachment
from chorus_desktop.core.domain.invoice import InvoiceRecord
from chorus_desktop.core.domain.returns import ReturnAction, ensure_action
from chorus_desktop.core.errors import UserFixableError
from chorus_desktop.core.store import Store
from chorus_desktop.core.store.documents import sha256_of
from chorus_desktop.core.usecases.lifecycle import InvoiceLifecycle
from chorus_desktop.core.validation import DocumentFacts
from chorus_desktop.core.validation.attachments import attachment_problems


class InvoiceCompletion:
    def __init__(self, store: Store, clients: ChorusClients, lifecycle: InvoiceLifecycle) -> None:
        self._store = store
        self._clients = clients
        self._lifecycle = lifecycle

    def check(self, invoice_id: int, paths: Sequence[Path], comment: str | None = None) -> InvoiceRecord:
        """Refuse before any call: another state, nothing to add, a missing file or one Chorus would refuse."""
        record = self._store.invoices.get(invoice_id)
        ensure_action(record.id, record.state, ReturnAction.COMPLETE)
        if record.chorus.invoice_id is None or record.profile_id is None:
            raise UserFixableError(code="retour_sans_depot", params={"invoice_id": invoice_id})
        if not paths and not (comment or "").strip():
            raise UserFixableError(code="completer_vide")
        added = []
        for path in paths:
            try:
                size = path.stat().st_size
            except FileNotFoundError:
                raise UserFixableError(code="fichier_introuvable", params={"path": path}) from None
            added.append(DepositAttachment(designation=path.name, sha256="", size=size))
        deposit = dataclasses.replace(record.deposit, pieceJointeComplementaire=[
            *record.deposit.pieceJointeComplementaire, *added])
        blocking = [p for p in attachment_problems(deposit, DocumentFacts(record.document.size, None))
                    if p.blocking]
        if blocking:
            raise UserFixableError(code="recyclage_impossible",
                                   params={"reasons": " ".join(p.message for p in blocking)})
        return record

    def complete(self, invoice_id: int, paths: Sequence[Path], comment: str | None = None) -> InvoiceRecord:
        record = self.check(invoice_id, paths, comment)
        assert record.chorus.invoice_id is not None and record.profile_id is not None
        client = self._clients.client_for(self._store.profiles.get(record.profile_id))
        uploaded: list[DepositAttachment] = []
        for path in paths:
            try:
                content = path.read_bytes()
            except OSError:
                raise UserFixableError(code="fichier_illisible", params={"name": path.name}) from None
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            chorus_id = client.add_file(content, path.name, mime_type=mime)
            uploaded.append(self._keep(path, chorus_id))
        answer = client.complete_invoice(record.chorus.invoice_id,
                                         [(a.chorus_id or 0, a.designation) for a in uploaded], comment)
        names = ", ".join(a.designation for a in uploaded) or "-"
        history = (texts.render("historique_completee_commentaire", count=len(uploaded), names=names,
                                comment=comment.strip()) if comment and comment.strip()
                   else texts.render("historique_completee", count=len(uploaded), names=names))
        treated = parse_datetime(answer.get("dateTraitement"))
        deposit = dataclasses.replace(record.deposit, pieceJointeComplementaire=[
            *record.deposit.pieceJointeComplementaire, *uploaded])
        return self._lifecycle.record_completed(invoice_id, deposit, history,
                                                at=treated.replace(tzinfo=PARIS) if treated else None)

    def _keep(self, path: Path, chorus_id: int) -> DepositAttachment:
        """A copy of the sent file in the store, listed on the invoice with its `pieceJointeId`."""
        sha256, size = sha256_of(path), path.stat().st_size
        if self._store.documents.get(sha256) is None:
            relative = self._store.documents.stage(path, sha256)
            self._store.documents.register(sha256=sha256, size=size, original_name=path.name,
                                           relative_path=relative, is_text_pdf=None, page_count=None)
        return DepositAttachment(designation=path.name, sha256=sha256, size=size, chorus_id=chorus_id)
