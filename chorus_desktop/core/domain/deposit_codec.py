"""Reading a stored deposit back from its JSON (`Deposit.to_json` writes it): every value parsed and checked
again, as if typed, so a hand-edited or old row cannot smuggle a wrong type in."""

from __future__ import annotations

from typing import Any

from chorus_desktop.core.domain.deposit import (
    FIELD_TYPES,
    STRUCTURED_FIELDS,
    Deposit,
    DepositAttachment,
    DepositVatLine,
)
from chorus_desktop.core.domain.deposit_input import apply_changes, parse_decimal


def vat_line_from_json(data: dict[str, Any]) -> DepositVatLine:
    return DepositVatLine(
        parse_decimal(data["ligneTvaTauxManuel"], "ligneTva"),
        parse_decimal(data["ligneTvaMontantBaseHtParTaux"], "ligneTva"),
        parse_decimal(data["ligneTvaMontantTvaParTaux"], "ligneTva"),
    )


def attachment_from_json(data: dict[str, Any]) -> DepositAttachment:
    return DepositAttachment(
        designation=str(data["designation"]),
        sha256=str(data["sha256"]),
        size=int(data["size"]),
        type=str(data.get("type") or ""),
        chorus_id=None if data.get("chorus_id") is None else int(data["chorus_id"]),
    )


def deposit_from_json(data: dict[str, Any]) -> Deposit:
    deposit = Deposit()
    simple = {k: v for k, v in data.items() if k not in STRUCTURED_FIELDS and k in FIELD_TYPES}
    deposit = apply_changes(deposit, simple)
    deposit.ligneTva = [vat_line_from_json(item) for item in data.get("ligneTva") or []]
    main = data.get("pieceJointePrincipale")
    deposit.pieceJointePrincipale = attachment_from_json(main) if main else None
    deposit.pieceJointeComplementaire = [
        attachment_from_json(item) for item in data.get("pieceJointeComplementaire") or []
    ]
    return deposit
