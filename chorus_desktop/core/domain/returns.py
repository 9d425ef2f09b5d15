"""What to do with an invoice Chorus Pro sent back (API-NOTES 7 and 10.2): one action per state, and the
local refusal of any other action, before any call, naming the right one."""

from __future__ import annotations

from enum import Enum

from chorus_desktop.core.errors import UserFixableError
from chorus_desktop.core.states import InvoiceState, label
from chorus_desktop.core.texts import render


class ReturnAction(str, Enum):
    RECYCLE = "recycle"  # factures/v1/recycler: new routing, same number
    COMPLETE = "complete"  # transverses/v1/ajouter/fichier + factures/v1/completer
    CREDIT_NOTE = "credit-note"  # factures/v1/traiterRejet, then an avoir and a new invoice
    CLAIM_INTEREST = "claim-interest"  # late payment: interest and the 40 € indemnity


ACTION_FOR_STATE: dict[InvoiceState, ReturnAction] = {
    InvoiceState.A_RECYCLER: ReturnAction.RECYCLE,
    InvoiceState.SUSPENDUE: ReturnAction.COMPLETE,
    InvoiceState.A_COMPLETER: ReturnAction.COMPLETE,
    InvoiceState.REJETEE: ReturnAction.CREDIT_NOTE,
}
SENT_BACK_STATES: frozenset[InvoiceState] = frozenset(ACTION_FOR_STATE)
MEANING_TEXT: dict[ReturnAction, str] = {
    ReturnAction.RECYCLE: "sens_a_recycler", ReturnAction.COMPLETE: "sens_suspendue",
    ReturnAction.CREDIT_NOTE: "sens_rejetee", ReturnAction.CLAIM_INTEREST: "sens_en_retard",
}
ACTION_TEXT: dict[ReturnAction, str] = {
    ReturnAction.RECYCLE: "action_recycler", ReturnAction.COMPLETE: "action_completer",
    ReturnAction.CREDIT_NOTE: "action_avoir", ReturnAction.CLAIM_INTEREST: "action_reclamer",
}
_WRONG_ACTION_TEXT = {
    ReturnAction.RECYCLE: "action_inadaptee_recycler", ReturnAction.COMPLETE: "action_inadaptee_completer",
    ReturnAction.CREDIT_NOTE: "action_inadaptee_avoir",
}
_EXPECTED_STATE = {
    ReturnAction.RECYCLE: (InvoiceState.A_RECYCLER, "verbe_recyclee"),
    ReturnAction.COMPLETE: (InvoiceState.SUSPENDUE, "verbe_completee"),
    ReturnAction.CREDIT_NOTE: (InvoiceState.REJETEE, "verbe_rejet"),
}


def ensure_action(invoice_id: int, state: InvoiceState, wanted: ReturnAction | None) -> None:
    """Refuse `wanted` (None = any other action, e.g. a deposit) unless it is the one the state calls
    for: a sent-back invoice names its own action; another state says which state the action needs."""
    fitting = ACTION_FOR_STATE.get(state)
    if fitting is not None and fitting is not wanted:
        raise UserFixableError(code="action_inadaptee", text_id=_WRONG_ACTION_TEXT[fitting],
                               params={"invoice_id": invoice_id, "state": label(state),
                                       "action": fitting.value})
    if fitting is None and wanted is not None:
        expected, verb = _EXPECTED_STATE[wanted]
        raise UserFixableError(code="action_inadaptee", text_id="action_sans_objet",
                               params={"invoice_id": invoice_id, "state": label(state),
                                       "expected": label(expected), "verb": render(verb)})
