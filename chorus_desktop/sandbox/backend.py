"""The simulator's behaviour: each Chorus Pro endpoint as a method taking the JSON body and returning the
JSON answer, with the deposit's business rules. HTTP, headers and faults are in `server.py`.

Functional errors follow the real envelope: HTTP 200, non-zero `codeRetour`, a `libelle`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import threading
import time
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from chorus_desktop.sandbox.data import (
    SUPPLIER_ID,
    SimInvoice,
    SimStatusChange,
    SimStructure,
    seed_structures,
)
from chorus_desktop.sandbox.invoice_endpoints import InvoiceEndpoints
from chorus_desktop.sandbox.protocol import (
    NEXT_STATUS,
    NO_RESULT,
    OK,
    FunctionalError,
    HttpFailure,
    _error,
    _page,
    _paging,
    as_paris_wall,
    paris_wall_clock,
)
from chorus_desktop.sandbox.return_endpoints import ReturnEndpoints


def _folded(value: Any) -> str:
    text = unicodedata.normalize("NFKD", str(value or "")).encode("ascii", "ignore").decode()
    return " ".join(text.upper().split())


class SimulatorBackend(InvoiceEndpoints, ReturnEndpoints):
    def __init__(self, *, now: Callable[[], dt.datetime] = paris_wall_clock) -> None:
        self.now = lambda: as_paris_wall(now())  # every time held is aware, on Chorus's clock
        self.lock = threading.RLock()
        today = now().date()
        self.structures: dict[int, SimStructure] = {s.id: s for s in seed_structures(today + dt.timedelta(days=400))}
        self.supplier_ids = {SUPPLIER_ID}  # structures the technical account is attached to
        self.invoices: dict[int, SimInvoice] = {}
        self.attachments: dict[int, tuple[str, int]] = {}
        self._ids = itertools.count(5_000_001)
        self._history_ids = itertools.count(1)

    # ------------------------------------------------------------------ helpers for tests and the demo

    def add_structure(self, structure: SimStructure) -> SimStructure:
        with self.lock:
            self.structures[structure.id] = structure
            return structure

    def set_status(self, invoice_id: int, status: str, comment: str = "",
                   at: dt.datetime | None = None) -> SimInvoice:
        with self.lock:
            invoice = self.invoices[invoice_id]
            invoice.history.append(SimStatusChange(next(self._history_ids), status,
                                                   as_paris_wall(at) if at else self.now(), comment))
            return invoice

    def advance(self, invoice_id: int, comment: str = "") -> SimInvoice:
        with self.lock:
            invoice = self.invoices[invoice_id]
            following = NEXT_STATUS.get(invoice.status)
            if following is None:
                return invoice
            return self.set_status(invoice_id, following, comment)

    def hide_from_search(self, invoice_id: Any, seconds: float) -> None:
        """Keep a stored invoice out of `rechercher/fournisseur` for `seconds` (a slow Chorus Pro)."""
        with self.lock:
            invoice = self.invoices.get(invoice_id) if isinstance(invoice_id, int) else None
            if invoice is not None:
                invoice.searchable_from = time.monotonic() + seconds

    def seed_invoice(self, number: str, recipient_siret: str, *, status: str = "DEPOSEE",
                     at: dt.datetime | None = None, total_ht: Decimal = Decimal("100.00"),
                     total_tva: Decimal = Decimal("20.00")) -> SimInvoice:
        """Put an invoice in Chorus Pro directly (as if deposited earlier), for tests and the demo."""
        with self.lock:
            recipient = self.structure_by_siret(recipient_siret)
            if recipient is None:
                raise KeyError(recipient_siret)
            when = as_paris_wall(at) if at else self.now()
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
        # Name and town match as the portal's search does: case and accents ignored, part of the text.
        name = _folded(criteria.get("raisonSocialeStructure") or criteria.get("libelleStructure"))
        town = _folded(criteria.get("adresseVille"))
        postcode = str(criteria.get("adresseCodePostal") or "").strip()
        wanted_type = criteria.get("typeStructure")
        found = [s for s in self.structures.values()
                 if (not identifier or s.siret == identifier)
                 and (not name or name in _folded(s.name)) and (not town or town in _folded(s.town))
                 and (not postcode or s.postcode == postcode)
                 and (wanted_type is None or (wanted_type == "PUBLIQUE") == s.public)
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
        }, "adressePostaleDuSiege": {
            "adresse": s.address, "codePostal": s.postcode, "ville": s.town, "pays": "FR",
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
    "factures/v1/recycler": SimulatorBackend.recycler,
    "factures/v1/completer": SimulatorBackend.completer,
    "factures/v1/traiterRejet": SimulatorBackend.traiter_rejet,
}
