"""The simulator's world: structures, services, bank accounts and invoices, with sandbox seed data.

The seed mirrors the qualification "matelas de données": a supplier, and public recipients without
parameters, with a mandatory service, with a mandatory commitment (EJ), with "service or EJ", an
inactive one, and one that never reports payment. All SIRETs pass the Luhn check and are made up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class SimService:
    id: int
    code: str
    label: str
    active: bool = True
    ej_required: bool = False
    payment_reported: bool = True


@dataclass
class SimStructure:
    id: int
    siret: str
    name: str
    public: bool = True
    active: bool = True
    service_required: bool = False
    ej_required: bool = False
    ej_or_service: bool = False
    payment_not_reported: bool = False
    services: list[SimService] = field(default_factory=list)
    bank_accounts: list[tuple[int, str]] = field(default_factory=list)
    password_expiry: dt.date | None = None
    address: str = ""
    postcode: str = ""
    town: str = ""

    def service_by_code(self, code: str) -> SimService | None:
        return next((s for s in self.services if s.code == code), None)


@dataclass
class SimStatusChange:
    id: int
    code: str
    at: dt.datetime
    comment: str = ""


@dataclass
class SimInvoice:
    id: int
    number: str
    supplier_id: int
    recipient: SimStructure
    service_code: str
    invoice_date: str
    invoice_type: str
    deposit_mode: str
    total_ht: Decimal
    total_tva: Decimal
    total_ttc: Decimal
    amount_due: Decimal
    po_number: str
    currency: str
    deposited_at: dt.datetime
    fingerprint: str
    history: list[SimStatusChange] = field(default_factory=list)
    attachments: list[int] = field(default_factory=list)  # pieceJointeId of files added by `completer`
    rejection_handled: bool = False  # rejetTraite, set by `traiterRejet`
    # time.monotonic() from which `rechercher/fournisseur` shows it (a slow Chorus stores before it indexes)
    searchable_from: float = 0.0

    @property
    def status(self) -> str:
        return self.history[-1].code

    @property
    def status_at(self) -> dt.datetime:
        return self.history[-1].at

    @property
    def status_comment(self) -> str:
        return self.history[-1].comment


SUPPLIER_ID = 25000001
SUPPLIER_SIRET = "12345678200010"
SUPPLIER_BANK_ACCOUNT_ID = 7001

# Recipients (public structures). Names follow the qualification data set's roles.
RECIPIENT_PLAIN = "99986401000106"  # Destinataire sans paramètre
RECIPIENT_SERVICE_REQUIRED = "20000001600010"  # Destinataire avec service obligatoire
RECIPIENT_EJ_REQUIRED = "20000002400014"  # Destinataire avec engagement obligatoire
RECIPIENT_EJ_OR_SERVICE = "20000003200017"  # service ou engagement
RECIPIENT_INACTIVE = "20000004000010"
RECIPIENT_NO_PAYMENT_REPORT = "20000005700014"  # ne remonte pas la mise en paiement
UNKNOWN_SIRET = "21750001600019"  # valid SIRET, not in the simulator


def seed_structures(password_expiry: dt.date) -> list[SimStructure]:
    return [
        SimStructure(
            id=SUPPLIER_ID, siret=SUPPLIER_SIRET, name="FOURNISSEUR DÉMO SARL", public=False, address="3 rue des Artisans", postcode="69003",
            town="LYON",
            services=[SimService(25000101, "SERVICE_FOURNISSEUR", "Service facturation")],
            bank_accounts=[(SUPPLIER_BANK_ACCOUNT_ID, "Compte courant FR76 (démo)")],
            password_expiry=password_expiry,
        ),
        SimStructure(
            id=26000001, siret=RECIPIENT_PLAIN, name="COMMUNE DE DÉMOVILLE", address="1 place de la Mairie",
            postcode="45000", town="DÉMOVILLE",
            services=[SimService(26000101, "FACTURES_PUBLIQUES", "Service des factures publiques"),
                      SimService(26000102, "ACCUEIL", "Accueil et état civil")],
        ),
        SimStructure(
            id=26000002, siret=RECIPIENT_SERVICE_REQUIRED, name="MINISTÈRE DE LA DÉMONSTRATION",
            address="110 rue de Grenelle", postcode="75007", town="PARIS",
            service_required=True,
            services=[SimService(26000201, "SE-COMPTA", "Service comptabilité"),
                      SimService(26000202, "SE-ACHATS", "Service achats", ej_required=True),
                      SimService(26000203, "SE-ANCIEN", "Ancien service", active=False),
                      SimService(26000204, "FACTURES_PUBLIQUES", "Service des factures publiques")],
        ),
        SimStructure(
            id=26000003, siret=RECIPIENT_EJ_REQUIRED, name="CENTRE HOSPITALIER DE DÉMOVILLE",
            address="14 avenue de l'Hôpital", postcode="45100", town="DÉMOVILLE",
            ej_required=True,
            services=[SimService(26000301, "PHARMACIE", "Pharmacie centrale")],
        ),
        SimStructure(
            id=26000004, siret=RECIPIENT_EJ_OR_SERVICE, name="DÉPARTEMENT DE DÉMONSTRATION",
            address="15 boulevard de la Préfecture", postcode="45000", town="DÉMOVILLE",
            ej_or_service=True,
            services=[SimService(26000401, "VOIRIE", "Direction de la voirie")],
        ),
        SimStructure(id=26000005, siret=RECIPIENT_INACTIVE, name="ANCIEN SYNDICAT INTERCOMMUNAL", active=False),
        SimStructure(
            id=26000006, siret=RECIPIENT_NO_PAYMENT_REPORT, name="UNIVERSITÉ DE DÉMOVILLE",
            address="2 rue des Sciences", postcode="45067", town="DÉMOVILLE",
            payment_not_reported=True,
            services=[SimService(26000601, "LABO", "Laboratoire", payment_reported=False)],
        ),
    ]
