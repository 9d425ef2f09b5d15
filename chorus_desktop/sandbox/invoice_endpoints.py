"""The simulator's invoice endpoints: files, `deposer/pdf`, `soumettre` with the deposit's business rules,
the supplier's search and the status history. Mixed into `SimulatorBackend`, whose state they use."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import threading
import time
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from chorus_desktop.sandbox.data import (
    SUPPLIER_ID,
    SimInvoice,
    SimStatusChange,
    SimStructure,
)
from chorus_desktop.sandbox.protocol import (
    MAX_FILE_BYTES,
    NO_RESULT,
    OK,
    SUBMIT_FRAMES,
    SUBMIT_MODES,
    FunctionalError,
    HttpFailure,
    _error,
    _fmt_dt,
    _money,
    _page,
    _paging,
    _parse_period,
)


class InvoiceEndpoints:
    """Endpoints of the Factures API; `self` is the `SimulatorBackend`."""

    invoices: dict[int, SimInvoice]
    attachments: dict[int, tuple[str, int]]
    supplier_ids: set[int]
    structures: dict[int, SimStructure]
    now: Callable[[], dt.datetime]
    _ids: Iterator[int]
    _history_ids: Iterator[int]
    lock: threading.RLock

    def structure_by_siret(self, siret: str) -> SimStructure | None:
        return next((s for s in self.structures.values() if s.siret == siret), None)

    def invoice_by_number(self, number: str, supplier_id: int = SUPPLIER_ID) -> SimInvoice | None:
        with self.lock:
            return next((i for i in self.invoices.values() if i.number == number and i.supplier_id == supplier_id),
                        None)

    def _store_file(self, encoded: Any, name: str, size_error: FunctionalError) -> int:
        try:
            content = base64.b64decode(str(encoded or ""), validate=True)
        except (binascii.Error, ValueError):
            raise _error(20005, "Le fichier n'est pas encodé en base 64.") from None
        if not content:
            raise _error(20005, "Le fichier est vide.")
        if len(content) > MAX_FILE_BYTES:
            raise size_error
        attachment_id = next(self._ids)
        self.attachments[attachment_id] = (name, len(content))
        return attachment_id

    def ajouter_fichier(self, body: dict[str, Any]) -> dict[str, Any]:
        name = str(body.get("pieceJointeNom") or "")
        if not name or "." not in name or len(name) > 50:
            raise _error(20006, "Le nom de la pièce jointe doit avoir une extension et 50 caractères au plus.")
        attachment_id = self._store_file(body.get("pieceJointeFichier"), name,
                                         _error(20003, "La pièce jointe dépasse 10 Mo."))
        return {**OK, "pieceJointeId": attachment_id}

    def deposer_pdf(self, body: dict[str, Any]) -> dict[str, Any]:
        name = str(body.get("nomFichier") or "facture.pdf")
        if body.get("formatDepot") not in ("PDF_NON_SIGNE", "PDF_SIGNE_PADES", "PDF_SIGNE_XADES"):
            raise _error(20007, "Le format de dépôt est invalide.")
        if len(str(body.get("fichierFacture") or "")) > MAX_FILE_BYTES * 4 // 3 + 4:
            raise HttpFailure(413)
        attachment_id = self._store_file(body.get("fichierFacture"), name, HttpFailure(413))  # type: ignore[arg-type]
        # The simulator does no OCR: the interpreted fields come back empty.
        return {**OK, "pieceJointeId": attachment_id, "numeroFacture": "", "dateFacture": None,
                "codeDestinataire": "", "codeServiceExecutant": "", "codeFournisseur": "",
                "codeDeviseFacture": "EUR", "typeFacture": "FACTURE", "typeTva": "TVA_SUR_DEBIT",
                "numeroBonCommande": "", "montantTtcAvantRemiseGlobalTTC": 0, "montantAPayer": 0,
                "montantHtTotal": 0, "montantTVA": 0}

    def soumettre(self, body: dict[str, Any]) -> dict[str, Any]:
        mode = body.get("modeDepot")
        if mode not in SUBMIT_MODES:
            raise _error(20010, "Le mode de dépôt est absent ou invalide.")
        number = str(body.get("numeroFactureSaisi") or "").strip()
        if not number:
            raise _error(20011, "Le numéro de facture est obligatoire.")
        date_text = str(body.get("dateFacture") or "")
        try:
            invoice_date = dt.date.fromisoformat(date_text)
        except ValueError:
            if "T" in date_text:
                raise HttpFailure(500) from None  # what the real Chorus Pro does with a time part
            raise _error(20012, "La date de facture est absente ou invalide.") from None
        supplier = body.get("fournisseur") or {}
        if supplier.get("idFournisseur") not in self.supplier_ids:
            raise _error(20013, "Le fournisseur n'est pas une structure rattachée au compte technique.")
        frame = (body.get("cadreDeFacturation") or {}).get("codeCadreFacturation")
        if frame not in SUBMIT_FRAMES:
            raise _error(20014, "Le cadre de facturation est absent ou invalide.")
        recipient_data = body.get("destinataire") or {}
        recipient = self.structure_by_siret(str(recipient_data.get("codeDestinataire") or ""))
        if recipient is None or not recipient.public or not recipient.active:
            raise _error(20101, "Le destinataire n'est pas référencé dans Chorus Pro ou est inactif.")
        service_code = str(recipient_data.get("codeServiceExecutant") or "").strip()
        references = body.get("references") or {}
        ej = str(references.get("numeroBonCommande") or "").strip()
        service = None
        if service_code:
            if service_code == "FACTURES_PUBLIQUES":
                raise _error(20102, "Le service « FACTURES_PUBLIQUES » est réservé aux factures entre entités "
                                    "publiques : indiquez le code du service exécutant.")
            service = recipient.service_by_code(service_code)
            if service is None or not service.active:
                raise _error(20103, f"Le service exécutant « {service_code} » n'existe pas ou est inactif pour "
                                    "ce destinataire.")
        if recipient.service_required and not service_code:
            raise _error(20104, "Le code service exécutant est obligatoire pour ce destinataire.")
        if (recipient.ej_required or (service is not None and service.ej_required)) and not ej:
            raise _error(20105, "Le numéro d'engagement juridique est obligatoire pour ce destinataire.")
        if recipient.ej_or_service and not ej and not service_code:
            raise _error(20106, "Ce destinataire exige le code service exécutant ou le numéro d'engagement.")
        if len(ej) > 50:
            raise _error(20107, "Le numéro d'engagement dépasse 50 caractères.")
        if self.invoice_by_number(number, supplier["idFournisseur"]) is not None:
            raise _error(20108, f"Le numéro de facture « {number} » a déjà été utilisé par ce fournisseur.")
        totals = body.get("montantTotal") or {}
        ht = _money(totals.get("montantHtTotal"), "HT")
        tva = _money(totals.get("montantTVA"), "de TVA")
        ttc = _money(totals.get("montantTtcTotal"), "TTC")
        due = _money(totals.get("montantAPayer"), "à payer")
        discount = _money(totals.get("montantRemiseGlobaleTTC") or 0, "de remise")
        if min(ht, tva, ttc, due) < 0:
            raise _error(20303, "Les montants ne peuvent pas être négatifs.")
        if ht + tva != ttc:
            raise _error(20304, "La synthèse d'en-tête n'est pas correcte : HT + TVA ≠ TTC.")
        expected_due = Decimal(0) if frame == "A2_FACTURE_FOURNISSEUR_DEJA_PAYEE" else ttc - discount
        if due != expected_due and not (frame == "A1_FACTURE_FOURNISSEUR" and Decimal(0) <= due <= ttc):
            raise _error(20305, "Le montant à payer n'est pas cohérent avec le total TTC.")
        vat_lines = body.get("ligneTva") or []
        if vat_lines:
            base_sum = sum((_money(v.get("ligneTvaMontantBaseHtParTaux"), "de base") for v in vat_lines), Decimal(0))
            vat_sum = sum((_money(v.get("ligneTvaMontantTvaParTaux"), "de TVA") for v in vat_lines), Decimal(0))
            if base_sum != ht or vat_sum != tva:
                raise _error(20306, "Le récapitulatif de TVA ne correspond pas aux totaux.")
        main = body.get("pieceJointePrincipale")
        if isinstance(main, dict):
            main = [main]
        if mode != "SAISIE_API":
            ids = [p.get("pieceJointePrincipaleId") for p in (main or []) if isinstance(p, dict)]
            if len(ids) != 1 or ids[0] not in self.attachments:
                raise _error(20109, "La pièce jointe principale est absente ou inconnue.")
        elif not body.get("lignePoste"):
            raise _error(20110, "Au moins une ligne de poste est obligatoire en saisie API.")
        when = self.now()
        invoice = SimInvoice(
            id=next(self._ids), number=number, supplier_id=supplier["idFournisseur"], recipient=recipient,
            service_code=service_code, invoice_date=invoice_date.isoformat(),
            invoice_type=str(references.get("typeFacture") or "FACTURE"), deposit_mode=str(mode),
            total_ht=ht, total_tva=tva, total_ttc=ttc, amount_due=due, po_number=ej,
            currency=str(references.get("deviseFacture") or "EUR"), deposited_at=when,
            fingerprint=hashlib.sha256(f"cpp-{number}-{when.isoformat()}".encode()).hexdigest(),
            history=[SimStatusChange(next(self._history_ids), "DEPOSEE", when)],
        )
        self.invoices[invoice.id] = invoice
        return {**OK, "identifiantFactureCPP": invoice.id, "numeroFacture": number, "statutFacture": "DEPOSEE",
                "dateDepot": when.date().isoformat(), "identifiantStructure": recipient.siret,
                "empreinteCertificatDepot": invoice.fingerprint}

    def rechercher_fournisseur(self, body: dict[str, Any]) -> dict[str, Any]:
        supplier = body.get("idFournisseur")
        if supplier is not None and supplier not in self.supplier_ids:
            raise _error(20013, "Le fournisseur n'est pas une structure rattachée au compte technique.")
        number = body.get("numeroFacture")
        statuses = set(body.get("statutCourant") or [])
        changed_from = _parse_period(body.get("periodeDateHeureEtatCourantDu"))
        changed_to = _parse_period(body.get("periodeDateHeureEtatCourantAu"))
        deposit_from = _parse_period(body.get("periodeDateDepotDu"))
        found = []
        clock = time.monotonic()
        for inv in self.invoices.values():
            if inv.searchable_from > clock:  # stored, not yet indexed for the search (slow Chorus Pro)
                continue
            if inv.supplier_id not in self.supplier_ids or (supplier is not None and inv.supplier_id != supplier):
                continue
            if number and inv.number != number:
                continue
            if statuses and inv.status not in statuses:
                continue
            # The API compares at the minute (dates come back as "YYYY-MM-DD HH:MM").
            at = inv.status_at.replace(second=0, microsecond=0)
            if changed_from is not None and at < changed_from:
                continue
            if changed_to is not None and at > changed_to:
                continue
            if deposit_from is not None and inv.deposited_at.replace(second=0, microsecond=0) < deposit_from:
                continue
            found.append(inv)
        found.sort(key=lambda i: (i.deposited_at, i.id), reverse=True)
        if not found:
            return {**NO_RESULT, "listeFactures": []}
        size, page = _paging(body.get("rechercheFactureParFournisseur"))
        chosen, info = _page(found, size, page)
        return {**OK, "parametresRetour": info, "listeFactures": [{
            "identifiantFactureCPP": i.id, "numeroFacture": i.number, "typeFacture": i.invoice_type,
            "statut": i.status, "dateHeureEtatCourant": _fmt_dt(i.status_at),
            "commentaireEtatCourant": i.status_comment, "dateFacture": i.invoice_date,
            "dateDepot": i.deposited_at.date().isoformat(), "montantHT": float(i.total_ht),
            "montantTTC": float(i.total_ttc), "montantAPayer": float(i.amount_due), "devise": i.currency,
            "codeDestinataire": i.recipient.siret, "designationDestinataire": i.recipient.name,
            "idDestinataire": i.recipient.id, "codeServiceExecutant": i.service_code,
            "numeroBonCommande": i.po_number, "modeDepot": i.deposit_mode, "rejetTraite": i.rejection_handled,
        } for i in chosen]}

    def consulter_historique(self, body: dict[str, Any]) -> dict[str, Any]:
        invoice = self.invoices.get(body.get("idFacture"))  # type: ignore[arg-type]
        if invoice is None or invoice.supplier_id not in self.supplier_ids:
            raise _error(20001, "GDP_MSG_11.008")
        rows = sorted(invoice.history, key=lambda h: (h.at, h.id), reverse=True)
        return {**OK, "idFacture": invoice.id, "numeroFacture": invoice.number, "modeDepot": invoice.deposit_mode,
                "statutCourantCode": invoice.status,
                "historiquesDesStatuts": {
                    "histoStatut": [{"histoStatutId": h.id, "histoStatutCode": h.code,
                                     "histoStatutDatePassage": _fmt_dt(h.at),
                                     "histoStatutCommentaire": h.comment} for h in rows],
                    "pageCouranteHistoStatut": 1, "pagesHistoStatut": 1,
                    "nbResultatsParPageHistoStatut": len(rows), "totalHistoStatut": len(rows)}}
