"""The warning on an invoice that looks paid already: what was seen, which cadre it is deposited in, where
that cadre comes from (cadre A2 by default, or the choice remembered for the supplier layout), and how to
choose otherwise. Never blocking: the user knows whether the invoice was paid."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from chorus_desktop.core import texts
from chorus_desktop.core.domain.deposit import CADRE_LABELS, CADRES, Deposit, cadre_short
from chorus_desktop.core.domain.paid import PaidSign, looks_paid
from chorus_desktop.core.model import Problem
from chorus_desktop.core.validation.common import euros

CADRE_FIELD = "codeCadreFacturation"


def _seen(sign: PaidSign) -> str:
    if sign.kind == "net_zero" and sign.ttc is not None:
        return texts.render("paiement_vu_net_zero", ttc=euros(sign.ttc))
    if sign.printed:
        return texts.render("paiement_vu_mention", mention=sign.printed)
    return texts.render("paiement_vu_generique")


def paid_problems(deposit: Deposit, extraction: Mapping[str, Any]) -> list[Problem]:
    """A warning on the cadre while the invoice looks paid (`domain.paid.looks_paid`); none otherwise."""
    sign = looks_paid(extraction)
    if sign is None:
        return []
    cadre = deposit.codeCadreFacturation
    memory = extraction.get("paid_memory")
    remembered = ""
    if isinstance(memory, dict) and memory.get("cadre") == cadre:
        remembered = texts.render("paiement_choix_memorise", invoice_number=memory.get("taught_invoice_number") or "?")
    params = {"seen": _seen(sign), "cadre": cadre_short(cadre), "label": CADRE_LABELS.get(cadre, cadre),
              "remembered": remembered}
    if cadre == CADRES["A2"]:
        return [Problem(code="facture_semble_payee", field=CADRE_FIELD, blocking=False,
                        message=texts.render("facture_semble_payee", params))]
    return [Problem(code="facture_payee_deposee_a_payer", field=CADRE_FIELD, blocking=False,
                    message=texts.render("facture_payee_deposee_a_payer", params))]
