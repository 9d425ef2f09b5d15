"""The simulator's supplier actions on an invoice sent back (API-NOTES 7): `recycler` (A_RECYCLER only:
new routing, same number), `completer` (SUSPENDUE only: more files → COMPLETEE) and `traiterRejet`
(REJETEE only, once: rejetTraite). Mixed into `SimulatorBackend`, whose state they use.

Error codes: `completer`'s are those of the AIFE annex (20000 GDP_MSG_11.008 unknown invoice, 20001
GDP_MSG_11.005 no rights, 20002 GDP_MSG_11.033 not suspended); `recycler`'s lie in the annex's range
20004–20014 whose texts are not public, so the simulator words them itself.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from typing import Any

from chorus_desktop.sandbox.data import SimInvoice, SimStatusChange, SimStructure
from chorus_desktop.sandbox.protocol import OK, _error, _fmt_dt

# What a recipient may send an invoice back as, for `send_back` (tests and the demo).
SEND_BACK_STATUSES = ("A_RECYCLER", "SUSPENDUE", "REJETEE")
MAX_COMMENT = 2000


class ReturnEndpoints:
    """`recycler`, `completer`, `traiterRejet`; `self` is the `SimulatorBackend`."""

    invoices: dict[int, SimInvoice]
    attachments: dict[int, tuple[str, int]]
    supplier_ids: set[int]
    now: Callable[[], dt.datetime]
    _history_ids: Iterator[int]
    lock: threading.RLock
    structure_by_siret: Callable[[str], SimStructure | None]  # from InvoiceEndpoints

    def _supplier_invoice(self, value: Any, unknown_code: int, rights_code: int) -> SimInvoice:
        try:
            invoice = self.invoices.get(int(value))
        except (TypeError, ValueError):
            invoice = None
        if invoice is None:
            raise _error(unknown_code, "GDP_MSG_11.008")
        if invoice.supplier_id not in self.supplier_ids:
            raise _error(rights_code, "GDP_MSG_11.005")
        return invoice

    def _append(self, invoice: SimInvoice, status: str, comment: str = "") -> dt.datetime:
        when = self.now()
        invoice.history.append(SimStatusChange(next(self._history_ids), status, when, comment))
        return when

    # ------------------------------------------------------------------ helper for tests and the demo

    def send_back(self, invoice_id: int, status: str, comment: str) -> SimInvoice:
        """The recipient sends the invoice back (À recycler, Suspendue, Rejetée) with its comment. An
        invoice still « Déposée » is first made available (MISE_A_DISPOSITION), as in real life."""
        if status not in SEND_BACK_STATUSES:
            raise ValueError(status)
        with self.lock:
            invoice = self.invoices[invoice_id]
            if invoice.status in ("DEPOSEE", "EN_COURS_ACHEMINEMENT"):
                self._append(invoice, "MISE_A_DISPOSITION")
            self._append(invoice, status, comment)
            return invoice

    # ------------------------------------------------------------------ endpoints

    def recycler(self, body: dict[str, Any]) -> dict[str, Any]:
        invoice = self._supplier_invoice(body.get("identifiantFactureCPP"), 20004, 20005)
        if invoice.status != "A_RECYCLER":
            raise _error(20006, "La facture n'est pas au statut « À recycler ».")
        routing = body.get("destinataire") or {}
        recipient = self.structure_by_siret(str(routing.get("codeDestinataire") or "").strip())
        if recipient is None or not recipient.public or not recipient.active:
            raise _error(20007, "Le destinataire n'est pas référencé dans Chorus Pro ou est inactif.")
        service_code = str(routing.get("codeServiceExecutant") or "").strip()
        reference = body.get("reference") or {}
        ej = str(reference.get("numeroBonCommande") if "numeroBonCommande" in reference
                 else invoice.po_number).strip()
        service = recipient.service_by_code(service_code) if service_code else None
        if service_code == "FACTURES_PUBLIQUES" or (service_code and (service is None or not service.active)):
            raise _error(20008, f"Le service exécutant « {service_code} » n'existe pas ou est inactif pour ce "
                                "destinataire.")
        if recipient.service_required and not service_code:
            raise _error(20009, "Le code service exécutant est obligatoire pour ce destinataire.")
        if (recipient.ej_required or (service is not None and service.ej_required)) and not ej:
            raise _error(20010, "Le numéro d'engagement juridique est obligatoire pour ce destinataire.")
        if recipient.ej_or_service and not ej and not service_code:
            raise _error(20011, "Ce destinataire exige le code service exécutant ou le numéro d'engagement.")
        if len(ej) > 50:
            raise _error(20012, "Le numéro d'engagement dépasse 50 caractères.")
        if len(str(body.get("commentaire") or "")) > MAX_COMMENT:
            raise _error(20013, "Le commentaire dépasse 2000 caractères.")
        invoice.recipient, invoice.service_code, invoice.po_number = recipient, service_code, ej
        # Routed again to the (new) recipient: the number and the deposit date stay.
        self._append(invoice, "DEPOSEE", str(body.get("commentaire") or ""))
        return {**OK, "identifiantFactureCPP": invoice.id, "numeroFacture": invoice.number,
                "statutFacture": invoice.status, "dateDepot": invoice.deposited_at.date().isoformat()}

    def completer(self, body: dict[str, Any]) -> dict[str, Any]:
        invoice = self._supplier_invoice(body.get("identifiantFactureCPP"), 20000, 20001)
        if invoice.status != "SUSPENDUE":
            raise _error(20002, "GDP_MSG_11.033")
        added = []
        for item in body.get("pieceJointeComplementaire") or []:
            attachment_id = item.get("pieceJointeComplementaireId") if isinstance(item, dict) else None
            if attachment_id not in self.attachments:
                raise _error(20003, "La pièce jointe complémentaire est inconnue (ajoutez-la d'abord avec "
                                    "transverses/v1/ajouter/fichier).")
            added.append(int(attachment_id))
        comment = str(body.get("commentaire") or "")
        if not added and not comment:
            raise _error(20003, "Ajoutez au moins une pièce jointe ou un commentaire.")
        if len(comment) > MAX_COMMENT:
            raise _error(20004, "Le commentaire dépasse 2000 caractères.")
        invoice.attachments.extend(added)
        when = self._append(invoice, "COMPLETEE", comment)
        return {**OK, "identifiantFactureCPP": invoice.id, "numeroFacture": invoice.number,
                "dateTraitement": _fmt_dt(when)}

    def traiter_rejet(self, body: dict[str, Any]) -> dict[str, Any]:
        wanted = [item.get("idDemandePaiement") if isinstance(item, dict) else None
                  for item in body.get("listeDemandePaiement") or []]
        if not wanted:
            raise _error(20001, "La liste des demandes de paiement est vide.")
        invoices = [self._supplier_invoice(value, 20000, 20001) for value in wanted]
        for invoice in invoices:
            if invoice.status != "REJETEE":
                raise _error(20002, f"La facture {invoice.number} n'est pas au statut « Rejetée ».")
            if invoice.rejection_handled:
                raise _error(20003, f"Le rejet de la facture {invoice.number} a déjà été traité.")
        for invoice in invoices:
            invoice.rejection_handled = True
        return dict(OK)
