"""State icons: every state has one, and the families share theirs."""

from __future__ import annotations

from PySide6.QtWidgets import QStyle

from chorus_desktop.core.states import FINAL_STATES, TO_HANDLE, InvoiceState
from chorus_desktop.gui.state_icons import state_icon, state_pixmap_kind, to_handle_icon


def test_every_state_has_an_icon(qapp) -> None:
    for state in InvoiceState:
        assert not state_icon(state).isNull(), state
    assert not to_handle_icon().isNull()


def test_states_to_handle_warn_and_rejections_stand_out(qapp) -> None:
    assert state_pixmap_kind(InvoiceState.REJETEE) == QStyle.StandardPixmap.SP_MessageBoxCritical
    assert state_pixmap_kind(InvoiceState.ERREUR_ENVOI) == QStyle.StandardPixmap.SP_MessageBoxCritical
    others_to_handle = set(TO_HANDLE) - {InvoiceState.REJETEE, InvoiceState.ERREUR_ENVOI}
    assert {state_pixmap_kind(s) for s in others_to_handle} <= {QStyle.StandardPixmap.SP_MessageBoxWarning}
    assert state_pixmap_kind(InvoiceState.BROUILLON) != state_pixmap_kind(InvoiceState.PRETE)
    finals = set(FINAL_STATES) - set(TO_HANDLE) - {InvoiceState.MISE_EN_PAIEMENT}
    assert {state_pixmap_kind(s) for s in finals} <= {QStyle.StandardPixmap.SP_DialogCloseButton}
