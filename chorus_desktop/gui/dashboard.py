"""Counts per state, like the portal's "Tableau de bord"; each tile filters the list when clicked.

"À traiter" (the states in `core.states.TO_HANDLE`) comes first, then the usual life of an invoice,
then any other state that has invoices, then "Toutes".
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QToolButton, QWidget

from chorus_desktop.core.states import TO_HANDLE, InvoiceState, label
from chorus_desktop.gui import messages
from chorus_desktop.gui.state_icons import state_icon, to_handle_icon

# Tiles always shown (even at zero), in the order an invoice lives them.
MAIN_STATES: tuple[InvoiceState, ...] = (
    InvoiceState.BROUILLON,
    InvoiceState.PRETE,
    InvoiceState.DEPOSEE,
    InvoiceState.MISE_A_DISPOSITION,
    InvoiceState.A_RECYCLER,
    InvoiceState.SUSPENDUE,
    InvoiceState.REJETEE,
    InvoiceState.MISE_EN_PAIEMENT,
)
TO_HANDLE_KEY = "to_handle"
ALL_KEY = "all"


class Dashboard(QWidget):
    #: frozenset[InvoiceState] to show only those states, or None for all invoices.
    filter_selected = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stateDashboard")
        self.setAccessibleName(messages.DASHBOARD_TITLE)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self._tiles: dict[str, QToolButton] = {}
        self._filters: dict[str, frozenset[InvoiceState] | None] = {}
        self.counts: dict[str, int] = {}
        self._selected = ALL_KEY
        self.set_counts({})

    def tile(self, key: str) -> QToolButton:
        """The tile for a state value, TO_HANDLE_KEY or ALL_KEY (for tests and keyboard users)."""
        return self._tiles[key]

    def set_counts(self, counts: Mapping[InvoiceState, int]) -> None:
        by_state = {InvoiceState(state): int(count) for state, count in counts.items()}
        entries: list[tuple[str, str, frozenset[InvoiceState] | None, int]] = [
            (TO_HANDLE_KEY, messages.DASHBOARD_TO_HANDLE, TO_HANDLE, sum(by_state.get(s, 0) for s in TO_HANDLE)),
        ]
        extra = [s for s, n in by_state.items() if n and s not in MAIN_STATES]
        for state in (*MAIN_STATES, *sorted(extra, key=label)):
            entries.append((state.value, label(state), frozenset({state}), by_state.get(state, 0)))
        entries.append((ALL_KEY, messages.DASHBOARD_ALL, None, sum(by_state.values())))
        self._rebuild(entries)

    def _rebuild(self, entries: list[tuple[str, str, frozenset[InvoiceState] | None, int]]) -> None:
        wanted = [key for key, *_ in entries]
        for key in list(self._tiles):
            if key not in wanted:
                button = self._tiles.pop(key)
                self._group.removeButton(button)
                button.deleteLater()
        for position, (key, text, states, count) in enumerate(entries):
            button = self._tiles[key] if key in self._tiles else self._make_tile(key)
            self._layout.insertWidget(position, button)
            self._filters[key] = states
            self.counts[key] = count
            button.setText(messages.DASHBOARD_BUTTON_TEXT.format(label=text, count=count))
            button.setAccessibleName(messages.DASHBOARD_BUTTON_ACCESSIBLE.format(label=text, count=count))
            button.setToolTip(button.accessibleName())
            if key == TO_HANDLE_KEY:
                # Bold when something waits for the user: weight and icon, not colour alone.
                font = button.font()
                font.setBold(count > 0)
                button.setFont(font)
        if self._selected not in self._tiles:
            self._selected = ALL_KEY
        self._tiles[self._selected].setChecked(True)

    def _make_tile(self, key: str) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(f"tile_{key}")
        button.setCheckable(True)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setIconSize(QSize(18, 18))
        button.setMinimumWidth(86)
        if key == TO_HANDLE_KEY:
            button.setIcon(to_handle_icon())
        elif key != ALL_KEY:
            button.setIcon(state_icon(InvoiceState(key)))
        button.clicked.connect(lambda _checked=False, k=key: self.select(k))
        self._group.addButton(button)
        self._tiles[key] = button
        return button

    def select(self, key: str) -> None:
        self._selected = key
        self._tiles[key].setChecked(True)
        self.filter_selected.emit(self._filters[key])

    def selected_label(self) -> str:
        return self._tiles[self._selected].text().split("\n")[0]
