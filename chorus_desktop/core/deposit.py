"""The deposit: what the portal's "Déposer facture" form holds, with the Chorus Pro API's own names.

Attribute names are the API's (`codeDestinataire`, `numeroBonCommande`, `montantTtcTotal`...), so the
CLI's `set FIELD=VALUE`, validation problems (`Problem.field`) and the payload all speak one language.
`prefill_deposit` fills a deposit from the extraction, the supplier profile and the remembered recipient;
`apply_changes` applies the user's corrections with French error messages.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from chorus_desktop.core.errors import UserFixableError
from chorus_desktop.core.model import ExtractionResult, VatLine, format_rate

if TYPE_CHECKING:
    from chorus_desktop.core.store.records import Profile, Recipient

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

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "DepositVatLine":
        return cls(
            parse_decimal(data["ligneTvaTauxManuel"], "ligneTva"),
            parse_decimal(data["ligneTvaMontantBaseHtParTaux"], "ligneTva"),
            parse_decimal(data["ligneTvaMontantTvaParTaux"], "ligneTva"),
        )


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

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "DepositAttachment":
        return cls(
            designation=str(data["designation"]),
            sha256=str(data["sha256"]),
            size=int(data["size"]),
            type=str(data.get("type") or ""),
            chorus_id=None if data.get("chorus_id") is None else int(data["chorus_id"]),
        )


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
        return self.codeCadreFacturation.split("_", 1)[0]

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

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Deposit":
        deposit = cls()
        simple = {k: v for k, v in data.items() if k not in _STRUCTURED_FIELDS and k in FIELD_TYPES}
        deposit = apply_changes(deposit, simple)
        deposit.ligneTva = [DepositVatLine.from_json(item) for item in data.get("ligneTva") or []]
        main = data.get("pieceJointePrincipale")
        deposit.pieceJointePrincipale = DepositAttachment.from_json(main) if main else None
        deposit.pieceJointeComplementaire = [
            DepositAttachment.from_json(item) for item in data.get("pieceJointeComplementaire") or []
        ]
        return deposit


_STRUCTURED_FIELDS = frozenset({"ligneTva", "pieceJointePrincipale", "pieceJointeComplementaire"})

# The type of every field the user may set, used to parse text input (CLI, GUI line edits).
FIELD_TYPES: dict[str, str] = {
    spec.name: ("decimal" if "Decimal" in str(spec.type) else
                "date" if "date" in str(spec.type) else
                "int" if str(spec.type).startswith("int") else "str")
    for spec in dataclasses.fields(Deposit)
    if spec.name not in _STRUCTURED_FIELDS
}
FIELD_TYPES["ligneTva"] = "vat_lines"
# Fields whose value is a code from a closed list, normalised to upper case.
_CODE_FIELDS: dict[str, tuple[str, ...]] = {
    "typeFacture": TYPES_FACTURE,
    "typeTva": TYPES_TVA,
    "modePaiement": MODES_PAIEMENT,
    "codeCadreFacturation": tuple(CADRES.values()),
}
# Identifiers typed by users with spaces ("130 005 481 00010").
_NO_SPACE_FIELDS = frozenset({"codeDestinataire", "codeStructureValideur"})


def parse_decimal(value: Any, field_name: str) -> Decimal:
    """Parse "1 234,56", "1234.56", 1234.56 into a Decimal; French error otherwise."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    text = str(value).strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("€", "")
    if "," in text and "." in text:
        text = text.replace(".", "").replace(",", ".") if text.rfind(",") > text.rfind(".") else text.replace(",", "")
    text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise UserFixableError(f"Montant illisible pour {field_name} : « {value} ».", code="valeur_invalide") from None
    if not number.is_finite():
        raise UserFixableError(f"Montant illisible pour {field_name} : « {value} ».", code="valeur_invalide")
    return number


def parse_date(value: Any, field_name: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise UserFixableError(
        f"Date illisible pour {field_name} : « {value} » (attendu AAAA-MM-JJ ou JJ/MM/AAAA).", code="valeur_invalide"
    )


def _parse_vat_lines(value: Any) -> list[DepositVatLine]:
    """VAT lines from JSON text or a list: [{"taux": 20, "base": "100.00", "tva": "20.00"}, ...] or API names."""
    items = json.loads(value) if isinstance(value, str) else value
    if not isinstance(items, list):
        raise UserFixableError("ligneTva attend une liste de lignes (taux, base, tva).", code="valeur_invalide")
    lines = []
    for item in items:
        if isinstance(item, DepositVatLine):
            lines.append(item)
            continue
        try:
            rate = item.get("ligneTvaTauxManuel", item.get("taux"))
            base = item.get("ligneTvaMontantBaseHtParTaux", item.get("base"))
            amount = item.get("ligneTvaMontantTvaParTaux", item.get("tva"))
        except AttributeError:
            raise UserFixableError("ligneTva : chaque ligne doit donner taux, base et tva.",
                                   code="valeur_invalide") from None
        if rate is None or base is None or amount is None:
            raise UserFixableError("ligneTva : chaque ligne doit donner taux, base et tva.", code="valeur_invalide")
        lines.append(DepositVatLine(Decimal(format_rate(parse_decimal(rate, "ligneTva"))), parse_decimal(base, "ligneTva"),
                                    parse_decimal(amount, "ligneTva")))
    return lines


def parse_field_value(name: str, value: Any) -> Any:
    """Convert a user value (often text) to the field's type; empty text clears an optional field."""
    kind = FIELD_TYPES.get(name)
    if kind is None:
        raise UserFixableError(f"Champ inconnu : « {name} ».", code="champ_inconnu")
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return None
    if kind == "decimal":
        return parse_decimal(value, name)
    if kind == "date":
        return parse_date(value, name)
    if kind == "int":
        try:
            return int(str(value).strip())
        except ValueError:
            raise UserFixableError(f"{name} attend un nombre entier : « {value} ».", code="valeur_invalide") from None
    if kind == "vat_lines":
        return _parse_vat_lines(value)
    text = str(value).strip()
    if name in _NO_SPACE_FIELDS:
        text = re.sub(r"\s+", "", text)
    if name == "codeCadreFacturation":
        text = CADRES.get(text.upper(), text.upper())
    elif name in _CODE_FIELDS:
        text = text.upper()
    if name in _CODE_FIELDS and text not in _CODE_FIELDS[name]:
        allowed = ", ".join(_CODE_FIELDS[name])
        raise UserFixableError(f"Valeur non admise pour {name} : « {value} » (valeurs : {allowed}).",
                               code="valeur_invalide")
    return text


def apply_changes(deposit: Deposit, changes: dict[str, Any]) -> Deposit:
    """A copy of `deposit` with `changes` (field name -> value, text accepted) applied."""
    updated = dataclasses.replace(deposit)
    for name, raw in changes.items():
        value = parse_field_value(name, raw)
        if value is None and name in ("codeCadreFacturation", "typeFacture", "typeTva", "deviseFacture"):
            raise UserFixableError(f"{name} ne peut pas être vide.", code="valeur_invalide")
        if value is None and name == "ligneTva":
            value = []
        setattr(updated, name, value)
    return updated


def _vat_type(regime: Any, default: str) -> str:
    text = str(regime or "").lower()
    if "encaissement" in text:
        return "TVA_SUR_ENCAISSEMENT"
    if "exon" in text or "exempt" in text or "293" in text:
        return "EXONERATION"
    if "debit" in text or "débit" in text:
        return "TVA_SUR_DEBIT"
    return default


def _payment_mode(means: Any, default: str | None) -> str | None:
    text = str(means or "").lower()
    for needle, mode in (("virement", "VIREMENT"), ("transfer", "VIREMENT"), ("30", "VIREMENT"),
                         ("58", "VIREMENT"), ("prélèvement", "PRELEVEMENT"), ("prelevement", "PRELEVEMENT"),
                         ("49", "PRELEVEMENT"), ("chèque", "CHEQUE"), ("cheque", "CHEQUE"), ("20", "CHEQUE"),
                         ("espèce", "ESPECE"), ("espece", "ESPECE")):
        if needle in text:
            return mode
    return default


def prefill_deposit(extraction: ExtractionResult, profile: "Profile | None",
                    recipient: "Recipient | None") -> Deposit:
    """A deposit filled from what was read on the PDF and what the app already knows.

    The invoice's own data wins; the recipient's remembered routing data (last code service, last
    numéro d'engagement) fills the gaps, so the second invoice to the same customer needs no typing.
    Defaults for type de TVA and mode de règlement come from the supplier profile.
    """
    value = extraction.value
    deposit = Deposit()
    if profile is not None:
        deposit.idFournisseur = profile.chorus_supplier_id
        deposit.idServiceFournisseur = profile.chorus_service_id
        deposit.codeCoordonneesBancairesFournisseur = profile.chorus_bank_account_id
        deposit.typeTva = profile.default_vat_type
        deposit.modePaiement = profile.default_payment_mode

    deposit.numeroFactureSaisi = value("invoice_number")
    deposit.dateFacture = value("date")
    deposit.deviseFacture = (value("currency") or "EUR").upper()
    if value("document_type") == "credit_note":
        deposit.typeFacture = "AVOIR"
        deposit.numeroFactureOrigine = value("original_invoice_number")
        deposit.modePaiement = None  # an avoir carries no payment mode
    else:
        deposit.modePaiement = _payment_mode(value("payment_means"), deposit.modePaiement)
    deposit.typeTva = _vat_type(value("vat_regime"), deposit.typeTva)

    deposit.codeDestinataire = value("buyer_siret") or (recipient.siret if recipient else None)
    deposit.codeServiceExecutant = value("service_code") or (recipient.last_service_code if recipient else None)
    deposit.numeroBonCommande = value("po_number") or (recipient.last_engagement if recipient else None)
    deposit.numeroMarche = value("contract_number")

    deposit.montantHtTotal = value("total_ht")
    deposit.montantTVA = value("total_tva")
    deposit.montantTtcTotal = value("total_ttc")
    breakdown: list[VatLine] = value("vat_breakdown") or []
    deposit.ligneTva = [DepositVatLine(Decimal(format_rate(line.rate)), line.base, line.amount) for line in breakdown]
    if deposit.typeFacture == "AVOIR":
        # Credit notes often print negative totals; Chorus Pro takes an avoir's amounts as positive numbers.
        for name in ("montantHtTotal", "montantTVA", "montantTtcTotal"):
            amount = getattr(deposit, name)
            if amount is not None:
                setattr(deposit, name, abs(amount))
        for line in deposit.ligneTva:
            line.ligneTvaMontantBaseHtParTaux = abs(line.ligneTvaMontantBaseHtParTaux)
            line.ligneTvaMontantTvaParTaux = abs(line.ligneTvaMontantTvaParTaux)
    if value("already_paid"):
        deposit.codeCadreFacturation = CADRES["A2"]
        deposit.montantAPayer = Decimal("0.00")
    else:
        due = value("amount_due")
        deposit.montantAPayer = deposit.montantTtcTotal if due is None else (
            abs(due) if deposit.typeFacture == "AVOIR" else due)
    return deposit
