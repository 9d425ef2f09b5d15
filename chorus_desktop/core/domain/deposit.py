"""The deposit: what the portal's "Déposer facture" form holds, with the Chorus Pro API's own names.

Attribute names are the API's (`codeDestinataire`, `numeroBonCommande`, `montantTtcTotal`...), so the
CLI's `set FIELD=VALUE`, validation problems (`Problem.field`) and the payload all speak one language.
`to_json` writes the deposit as the store keeps it; `deposit_codec` reads it back. Parsing the user's input is in
`deposit_input`, pre-filling from an extraction in `prefill`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from chorus_desktop.core.model import format_rate

CADRES: dict[str, str] = {
    "A1": "A1_FACTURE_FOURNISSEUR",
    "A2": "A2_FACTURE_FOURNISSEUR_DEJA_PAYEE",
    "A9": "A9_FACTURE_SOUSTRAITANT",
    "A12": "A12_FACTURE_COTRAITANT",
}
CADRES_WITH_VALIDATOR = frozenset({CADRES["A9"], CADRES["A12"]})
CADRE_LABELS: dict[str, str] = {
    CADRES["A1"]: "Dépôt par un fournisseur d'une facture",
    CADRES["A2"]: "Dépôt par un fournisseur d'une facture déjà payée",
    CADRES["A9"]: "Dépôt par un sous-traitant d'une facture",
    CADRES["A12"]: "Dépôt par un cotraitant d'une facture",
}
TYPES_FACTURE = ("FACTURE", "AVOIR")


def cadre_short(code: str) -> str:
    """"A1", "A2", "A9" or "A12": a cadre code's prefix, as the portal names it."""
    return code.split("_", 1)[0]


TYPES_TVA = ("TVA_SUR_DEBIT", "TVA_SUR_ENCAISSEMENT", "EXONERATION", "SANS_TVA")
MODES_PAIEMENT = ("CHEQUE", "PRELEVEMENT", "VIREMENT", "ESPECE", "AUTRE", "REPORT")

CENT = Decimal("0.01")


@dataclass
class DepositVatLine:
    """One line of the VAT recap (`ligneTva`): rate in percent, base HT and VAT amount for that rate."""

    ligneTvaTauxManuel: Decimal
    ligneTvaMontantBaseHtParTaux: Decimal
    ligneTvaMontantTvaParTaux: Decimal

    def to_json(self) -> dict[str, str]:
        return {
            "ligneTvaTauxManuel": format_rate(self.ligneTvaTauxManuel),
            "ligneTvaMontantBaseHtParTaux": str(self.ligneTvaMontantBaseHtParTaux),
            "ligneTvaMontantTvaParTaux": str(self.ligneTvaMontantTvaParTaux),
        }


@dataclass
class DepositAttachment:
    """A file sent with the deposit: the invoice PDF (principale) or a supporting document.

    `sha256` addresses the copy kept in the store's documents folder; `chorus_id` is the
    `pieceJointeId` Chorus Pro returned when the file was uploaded (set by the Chorus part at send time).
    """

    designation: str
    sha256: str
    size: int
    type: str = ""  # pieceJointeComplementaireType (list `recuperer/typespj`), unused for the main PDF
    chorus_id: int | None = None

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass
class Deposit:
    # Cadre de facturation (+ valideur for A9/A12).
    codeCadreFacturation: str = CADRES["A1"]
    codeStructureValideur: str | None = None
    codeServiceValideur: str | None = None
    # Destinataire.
    codeDestinataire: str | None = None
    codeServiceExecutant: str | None = None
    # Fournisseur: Chorus Pro ids of the supplier's structure, service and bank account.
    idFournisseur: int | None = None
    idServiceFournisseur: int | None = None
    codeCoordonneesBancairesFournisseur: int | None = None
    # Références.
    numeroFactureSaisi: str | None = None
    dateFacture: dt.date | None = None
    deviseFacture: str = "EUR"
    typeFacture: str = "FACTURE"
    numeroFactureOrigine: str | None = None
    typeTva: str = "TVA_SUR_DEBIT"
    motifExonerationTva: str | None = None
    numeroBonCommande: str | None = None  # numéro d'engagement (EJ)
    numeroMarche: str | None = None
    modePaiement: str | None = "VIREMENT"
    # Montants.
    montantHtTotal: Decimal | None = None
    montantTVA: Decimal | None = None
    montantTtcTotal: Decimal | None = None
    montantRemiseGlobaleTTC: Decimal | None = None
    motifRemiseGlobaleTTC: str | None = None
    montantAPayer: Decimal | None = None
    ligneTva: list[DepositVatLine] = field(default_factory=list)
    # Pièces jointes, commentaire.
    pieceJointePrincipale: DepositAttachment | None = None
    pieceJointeComplementaire: list[DepositAttachment] = field(default_factory=list)
    commentaire: str | None = None

    @property
    def cadre_short(self) -> str:
        """"A1", "A2", "A9" or "A12" (the code's prefix)."""
        return cadre_short(self.codeCadreFacturation)

    def to_json(self) -> dict[str, Any]:
        """JSON form for the store and `show --json` (amounts as strings, date ISO)."""
        data: dict[str, Any] = {}
        for spec in dataclasses.fields(self):
            value = getattr(self, spec.name)
            if isinstance(value, Decimal):
                value = str(value)
            elif isinstance(value, dt.date):
                value = value.isoformat()
            elif isinstance(value, (DepositAttachment, DepositVatLine)):
                value = value.to_json()
            elif isinstance(value, list):
                value = [item.to_json() for item in value]
            data[spec.name] = value
        return data


STRUCTURED_FIELDS = frozenset({"ligneTva", "pieceJointePrincipale", "pieceJointeComplementaire"})

# The type of every field the user may set, used to parse text input (CLI, GUI line edits).
FIELD_TYPES: dict[str, str] = {
    spec.name: ("decimal" if "Decimal" in str(spec.type) else
                "date" if "date" in str(spec.type) else
                "int" if str(spec.type).startswith("int") else "str")
    for spec in dataclasses.fields(Deposit)
    if spec.name not in STRUCTURED_FIELDS
}
FIELD_TYPES["ligneTva"] = "vat_lines"
