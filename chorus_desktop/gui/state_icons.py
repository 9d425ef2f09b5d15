"""One icon per family of states, always shown next to the state's French label (never colour alone)."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle

from chorus_desktop.core.states import FINAL_STATES, TO_HANDLE, InvoiceState

SP = QStyle.StandardPixmap

_BY_STATE: dict[InvoiceState, QStyle.StandardPixmap] = {
    InvoiceState.BROUILLON: SP.SP_FileDialogDetailedView,
    InvoiceState.PRETE: SP.SP_DialogYesButton,
    InvoiceState.ENVOI_EN_COURS: SP.SP_BrowserReload,
    InvoiceState.MISE_EN_PAIEMENT: SP.SP_DialogApplyButton,
    InvoiceState.REJETEE: SP.SP_MessageBoxCritical,
    InvoiceState.ERREUR_ENVOI: SP.SP_MessageBoxCritical,
}


def state_pixmap_kind(state: InvoiceState) -> QStyle.StandardPixmap:
    if state in _BY_STATE:
        return _BY_STATE[state]
    if state in TO_HANDLE:
        return SP.SP_MessageBoxWarning
    if state in FINAL_STATES:
        return SP.SP_DialogCloseButton
    return SP.SP_ArrowRight  # in Chorus Pro, on its way


@cache
def _icon(kind: QStyle.StandardPixmap) -> QIcon:
    return QApplication.style().standardIcon(kind)


def state_icon(state: InvoiceState) -> QIcon:
    return _icon(state_pixmap_kind(state))


def to_handle_icon() -> QIcon:
    return _icon(SP.SP_MessageBoxWarning)
