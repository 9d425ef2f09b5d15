"""The simulator's behaviour: each Chorus Pro endpoint as a method taking the JSON body and returning the
JSON answer, with the deposit's business rules. HTTP, headers and faults are in `server.py`.

Functional errors follow the real envelope: HTTP 200, non-zero `codeRetour`, a `libelle`.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import itertools
import math
import threading
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from chorus_desktop.sandbox.data import (
    SUPPLIER_ID,
    SimInvoice,
    SimStatusChange,
    SimStructure,
    seed_structures,
)

OK = {"codeRetour": 0, "libelle": "TRA_MSG_00.000"}
NO_RESULT = {"codeRetour": 20000, "libelle": "TRA_MSG_00.015"}
DEFAULT_PAGE_SIZE = 10
MAX_PAGE_SIZE = 10000
SUBMIT_MODES = ("SAISIE_API", "DEPOT_PDF_API", "DEPOT_PDF_SIGNE_API")
SUBMIT_FRAMES = ("A1_FACTURE_FOURNISSEUR", "A2_FACTURE_FOURNISSEUR_DEJA_PAYEE", "A9_FACTURE_SOUSTRAITANT",
                 "A12_FACTURE_COTRAITANT")
MAX_FILE_BYTES = 10 * 1024 * 1024
# The usual life of an invoice, used by `advance()`.
NEXT_STATUS = {
    "DEPOSEE": "MISE_A_DISPOSITION",
    "MISE_A_DISPOSITION": "PRISE_EN_COMPTE_DESTINATAIRE",
    "PRISE_EN_COMPTE_DESTINATAIRE": "SERVICE_FAIT",
    "SERVICE_FAIT": "MANDATEE",
    "MANDATEE": "MISE_EN_PAIEMENT",
    "COMPLETEE": "MISE_A_DISPOSITION",
}


class FunctionalError(Exception):
    def __init__(self, code: int, libelle: str) -> None:
        super().__init__(libelle)
        self.code = code
        self.libelle = libelle


class HttpFailure(Exception):
    """An answer that is not a JSON envelope (e.g. the 500 Chorus gives for a date with a time)."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def _error(code: int, libelle: str) -> FunctionalError:
    return FunctionalError(code, libelle)


def _fmt_dt(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M")


def _parse_period(value: Any) -> dt.datetime | None:
    if not value:
        return None
    text = str(value).replace("T", " ")
    for size, fmt in ((19, "%Y-%m-%d %H:%M:%S"), (16, "%Y-%m-%d %H:%M"), (10, "%Y-%m-%d")):
        try:
            return dt.datetime.strptime(text[:size], fmt)
        except ValueError:
            continue
    raise HttpFailure(400)


def _money(value: Any, name: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise _error(20305, f"Le montant {name} est invalide.") from None
    if not amount.is_finite():
        raise _error(20305, f"Le montant {name} est invalide.")
    return amount


def _paging(params: dict[str, Any] | None) -> tuple[int, int]:
    params = params or {}
    size = int(params.get("nbResultatsParPage") or DEFAULT_PAGE_SIZE)
    page = int(params.get("pageResultatDemandee") or 1)
    return max(1, min(size, MAX_PAGE_SIZE)), max(1, page)


def _page(items: list[Any], size: int, page: int) -> tuple[list[Any], dict[str, int]]:
    pages = max(1, math.ceil(len(items) / size))
    chosen = items[(page - 1) * size: page * size]
    return chosen, {"pageCourante": page, "pages": pages, "nbResultatsParPage": size, "total": len(items)}


class SimulatorBackend:
    def __init__(self, *, now: Callable[[], dt.datetime] = dt.datetime.now) -> None:
        self.now = now
        self.lock = threading.RLock()
        today = now().date()
        self.structures: dict[int, SimStructure] = {s.id: s for s in seed_structures(today + dt.timedelta(days=400))}
        self.supplier_ids = {SUPPLIER_ID}  # structures the technical account is attached to
        self.invoices: dict[int, SimInvoice] = {}
        self.attachments: dict[int, tuple[str, int]] = {}
        self._ids = itertools.count(5_000_001)
        self._history_ids = itertools.count(1)

    # ------------------------------------------------------------------ helpers for tests and the demo

    def structure_by_siret(self, siret: str) -> SimStructure | None:
        return next((s for s in self.structures.values() if s.siret == siret), None)

    def add_structure(self, structure: SimStructure) -> SimStructure:
        with self.lock:
            self.structures[structure.id] = structure
            return structure

    def set_status(self, invoice_id: int, status: str, comment: str = "",
                   at: dt.datetime | None = None) -> SimInvoice:
        with self.lock:
            invoice = self.invoices[invoice_id]
            invoice.history.append(SimStatusChange(next(self._history_ids), status, at or self.now(), comment))
            return invoice

    def advance(self, invoice_id: int, comment: str = "") -> SimInvoice:
        with self.lock:
            invoice = self.invoices[invoice_id]
            following = NEXT_STATUS.get(invoice.status)
            if following is None:
                return invoice
            return self.set_status(invoice_id, following, comment)

    def invoice_by_number(self, number: str, supplier_id: int = SUPPLIER_ID) -> SimInvoice | None:
        with self.lock:
            return next((i for i in self.invoices.values() if i.number == number and i.supplier_id == supplier_id),
                        None)

    def seed_invoice(self, number: str, recipient_siret: str, *, status: str = "DEPOSEE",
                     at: dt.datetime | None = None, total_ht: Decimal = Decimal("100.00"),
                     total_tva: Decimal = Decimal("20.00")) -> SimInvoice:
        """Put an invoice in Chorus Pro directly (as if deposited earlier), for tests and the demo."""
        with self.lock:
            recipient = self.structure_by_siret(recipient_siret)
            if recipient is None:
                raise KeyError(recipient_siret)
            when = at or self.now()
            invoice = SimInvoice(
                id=next(self._ids), number=number, supplier_id=SUPPLIER_ID, recipient=recipient, service_code="",
                invoice_date=when.date().isoformat(), invoice_type="FACTURE", deposit_mode="DEPOT_PDF_API",
                total_ht=total_ht, total_tva=total_tva, total_ttc=total_ht + total_tva,
                amount_due=total_ht + total_tva, po_number="", currency="EUR", deposited_at=when,
                fingerprint=hashlib.sha256(f"{number}-{when}".encode()).hexdigest(),
                history=[SimStatusChange(next(self._history_ids), "DEPOSEE", when)],
            )
            if status != "DEPOSEE":
                invoice.history.append(SimStatusChange(next(self._history_ids), status, when))
            self.invoices[invoice.id] = invoice
            return invoice

    # ------------------------------------------------------------------ endpoints

    def handle(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        handler = ROUTES.get(path)
        if handler is None:
            raise HttpFailure(404)
        with self.lock:
            try:
                return handler(self, body)
            except FunctionalError as error:
                return {"codeRetour": error.code, "libelle": error.libelle}

    def rechercher_structure(self, body: dict[str, Any]) -> dict[str, Any]:
        criteria = body.get("structure") or {}
        identifier = str(criteria.get("identifiantStructure") or "").strip()
        wanted_status = criteria.get("statutStructure")
        found = [s for s in self.structures.values()
                 if (not identifier or s.siret == identifier)
                 and (s.public or s.id in self.supplier_ids or body.get("restreindreStructuresPrivees") is False)
                 and (wanted_status is None or (wanted_status == "ACTIF") == s.active)]
        if not identifier and not criteria:
            raise _error(20001, "Au moins un critère de recherche de structure doit être renseigné.")
        if not found:
            return {**NO_RESULT, "listeStructures": []}
        size, page = _paging(body.get("parametres"))
        chosen, info = _page(found, size, page)
        return {**OK, "parametresRetour": info, "listeStructures": [{
            "idStructureCPP": s.id, "identifiantStructure": s.siret, "typeIdentifiantStructure": "SIRET",
            "designationStructure": s.name, "statut": "ACTIVE" if s.active else "INACTIVE",
        } for s in chosen]}

    def _structure(self, value: Any) -> SimStructure:
        try:
            structure = self.structures.get(int(value))
        except (TypeError, ValueError):
            structure = None
        if structure is None:
            raise _error(20002, "La structure demandée n'existe pas.")
        return structure

    def consulter_structure(self, body: dict[str, Any]) -> dict[str, Any]:
        s = self._structure(body.get("idStructureCPP"))
        expiry = s.password_expiry.isoformat() if s.password_expiry and s.id in self.supplier_ids else None
        return {**OK, "informationGenerales": {
            "idStructureCPP": s.id, "identifiantStructure": s.siret, "typeIdentifiantStructure": "SIRET",
            "raisonSocialeStructure": s.name, "libelleStructure": s.name,
            "structurePriveePublique": "PUBLIQUE" if s.public else "PRIVEE",
            "dateExpirationMotPasseCompteTech": expiry,
        }, "parametres": {
            "codeServiceDoitEtreRenseigne": s.service_required,
            "numeroEJDoitEtreRenseigne": s.ej_required,
            "gestionNumeroEJOuCodeService": s.ej_or_service,
            "statutMiseEnPaiementNestPasRemonte": s.payment_not_reported,
        }}

    def rechercher_services(self, body: dict[str, Any]) -> dict[str, Any]:
        s = self._structure(body.get("idStructure"))
        size, page = _paging(body.get("parametresRechercherServicesStructure"))
        chosen, info = _page(s.services, size, page)
        if not s.services:
            return {**NO_RESULT, "listeServices": []}
        return {**OK, "parametresRetour": info, "listeServices": [{
            "idService": v.id, "codeService": v.code, "libelleService": v.label, "estActif": v.active,
            "statutService": "ACTIF" if v.active else "INACTIF",
        } for v in chosen]}

    def consulter_service(self, body: dict[str, Any]) -> dict[str, Any]:
        s = self._structure(body.get("idStructure"))
        service = next((v for v in s.services if v.id == body.get("idService")), None)
        if service is None:
            raise _error(20003, "Le service demandé n'existe pas pour cette structure.")
        return {**OK, "informationsGenerales": {"codeService": service.code, "nomService": service.label},
                "parametres": {"numeroEngagement": service.ej_required, "miseEnPaiement": service.payment_reported}}

    def rattachements(self, body: dict[str, Any]) -> dict[str, Any]:
        rows = []
        for sid in sorted(self.supplier_ids):
            s = self.structures[sid]
            rows.append({
                "idStructure": s.id, "identifiantStructure": s.siret, "typeIdentifiantStructure": "SIRET",
                "designationStructure": s.name, "roleUtilisateur": "FOURNISSEUR", "statutUtilisateur": "ACTIF",
                "statutRattachementStructure": "ACTIF",
                "listeServicesRattache": [{"idService": v.id, "codeService": v.code, "libelleService": v.label,
                                           "estActif": v.active} for v in s.services],
            })
        size, page = _paging(body.get("parametresRecherche"))
        chosen, info = _page(rows, size, page)
        return {**OK, "parametresRetour": info, "listeStructureRattachement": chosen}

    def structures_actives(self, body: dict[str, Any]) -> dict[str, Any]:
        return {**OK, "listeStructures": [
            {"idStructureCPP": s.id, "identifiant": s.siret, "designationStructure": s.name}
            for s in (self.structures[i] for i in sorted(self.supplier_ids))]}

    def coordonnees_bancaires(self, body: dict[str, Any]) -> dict[str, Any]:
        s = self._structure(body.get("idStructure"))
        if s.id not in self.supplier_ids:
            raise _error(20004, "Le compte technique n'est pas rattaché à cette structure.")
        return {**OK, "listeCoordonneeBancaire": [
            {"idCoordonneeBancaire": i, "nomCoordonneeBancaire": name} for i, name in s.bank_accounts]}

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
        for inv in self.invoices.values():
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
            "numeroBonCommande": i.po_number, "modeDepot": i.deposit_mode,
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


ROUTES: dict[str, Callable[[SimulatorBackend, dict[str, Any]], dict[str, Any]]] = {
    "structures/v1/rechercher": SimulatorBackend.rechercher_structure,
    "structures/v1/consulter": SimulatorBackend.consulter_structure,
    "structures/v1/rechercher/services": SimulatorBackend.rechercher_services,
    "structures/v1/consulter/service": SimulatorBackend.consulter_service,
    "utilisateurs/v1/monCompte/recuperer/rattachements": SimulatorBackend.rattachements,
    "transverses/v1/recuperer/structures/actives/fournisseur": SimulatorBackend.structures_actives,
    "transverses/v1/recuperer/coordbanc/valides": SimulatorBackend.coordonnees_bancaires,
    "transverses/v1/ajouter/fichier": SimulatorBackend.ajouter_fichier,
    "factures/v1/deposer/pdf": SimulatorBackend.deposer_pdf,
    "factures/v1/soumettre": SimulatorBackend.soumettre,
    "factures/v1/rechercher/fournisseur": SimulatorBackend.rechercher_fournisseur,
    "factures/v1/consulter/historique": SimulatorBackend.consulter_historique,
}
