"""The user's corrections to a deposit (`set FIELD=VALUE`, the form): text parsed to each field's type."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from chorus_desktop.core.domain.deposit import (
    CADRES,
    FIELD_TYPES,
    MODES_PAIEMENT,
    TYPES_FACTURE,
    TYPES_TVA,
    Deposit,
    DepositVatLine,
)
from chorus_desktop.core.errors import UserFixableError
from chorus_desktop.core.model import format_rate

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
        raise UserFixableError(code="valeur_invalide", text_id="montant_illisible", params={"name": field_name, "value": value}) from None
    if not number.is_finite():
        raise UserFixableError(code="valeur_invalide", text_id="montant_illisible", params={"name": field_name, "value": value})
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
    raise UserFixableError(code="valeur_invalide", text_id="date_illisible", params={"name": field_name, "value": value})


def _parse_vat_lines(value: Any) -> list[DepositVatLine]:
    """VAT lines from JSON text or a list: [{"taux": 20, "base": "100.00", "tva": "20.00"}, ...] or API names."""
    items = json.loads(value) if isinstance(value, str) else value
    if not isinstance(items, list):
        raise UserFixableError(code="valeur_invalide", text_id="lignes_tva_liste")
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
            raise UserFixableError(code="valeur_invalide", text_id="ligne_tva_incomplete") from None
        if rate is None or base is None or amount is None:
            raise UserFixableError(code="valeur_invalide", text_id="ligne_tva_incomplete")
        lines.append(DepositVatLine(Decimal(format_rate(parse_decimal(rate, "ligneTva"))), parse_decimal(base, "ligneTva"),
                                    parse_decimal(amount, "ligneTva")))
    return lines


def parse_field_value(name: str, value: Any) -> Any:
    """Convert a user value (often text) to the field's type; empty text clears an optional field."""
    kind = FIELD_TYPES.get(name)
    if kind is None:
        raise UserFixableError(code="champ_inconnu", params={"name": name})
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
            raise UserFixableError(code="valeur_invalide", text_id="entier_illisible", params={"name": name, "value": value}) from None
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
        raise UserFixableError(code="valeur_invalide", text_id="code_non_admis",
                               params={"name": name, "value": value, "allowed": allowed})
    return text


def apply_changes(deposit: Deposit, changes: dict[str, Any]) -> Deposit:
    """A copy of `deposit` with `changes` (field name -> value, text accepted) applied."""
    updated = dataclasses.replace(deposit)
    for name, raw in changes.items():
        value = parse_field_value(name, raw)
        if value is None and name in ("codeCadreFacturation", "typeFacture", "typeTva", "deviseFacture"):
            raise UserFixableError(code="valeur_invalide", text_id="champ_obligatoire", params={"name": name})
        if value is None and name == "ligneTva":
            value = []
        setattr(updated, name, value)
    return updated


