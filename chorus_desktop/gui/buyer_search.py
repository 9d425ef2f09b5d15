"""Search-as-you-type in the SIRET destinataire field: the Chorus Pro directory's public buyers in a list.

The field's completer shows the buyers found for what the user typed. Typing restarts a short timer
(`DEBOUNCE_MS`); when it fires, `search_requested(text)` asks the controller for a search in the
background; `show_results(text, buyers)` fills the list, unless the user typed on meanwhile (a stale answer
is dropped). Choosing a line puts the buyer's SIRET in the field and announces `buyer_chosen(BuyerView)`.
No search runs here: this is presentation only.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit

from chorus_desktop.gui import messages
from chorus_desktop.gui.views import BuyerView

DEBOUNCE_MS = 300
MIN_CHARS = 2
BUYER_ROLE = Qt.ItemDataRole.UserRole + 1


def requirements_text(buyer: BuyerView) -> str:
    """What the buyer requires on a deposit, in the portal's words."""
    if buyer.service_required and buyer.engagement_required:
        needs = f"{messages.BUYER_NEEDS_SERVICE}, {messages.BUYER_NEEDS_ENGAGEMENT}"
    elif buyer.service_required:
        needs = messages.BUYER_NEEDS_SERVICE
    elif buyer.engagement_required:
        needs = messages.BUYER_NEEDS_ENGAGEMENT
    elif buyer.service_or_engagement:
        needs = messages.BUYER_NEEDS_ONE
    else:
        needs = messages.BUYER_NEEDS_NOTHING
    return messages.BUYER_REQUIREMENTS.format(needs=needs)


def buyer_line(buyer: BuyerView) -> str:
    if buyer.place:
        return messages.BUYER_ITEM_PLACE.format(name=buyer.name, siret=buyer.siret, place=buyer.place)
    return messages.BUYER_ITEM.format(name=buyer.name, siret=buyer.siret)


class BuyerSearch(QObject):
    search_requested = Signal(str)  # the text to look up (debounced)
    buyer_chosen = Signal(object)  # BuyerView

    def __init__(self, edit: QLineEdit, debounce_ms: int = DEBOUNCE_MS) -> None:
        super().__init__(edit)
        self.edit = edit
        self.model = QStandardItemModel(self)
        self.completer = QCompleter(self.model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCompletionRole(Qt.ItemDataRole.EditRole)
        self.completer.setMaxVisibleItems(8)
        self.completer.setWidget(edit)  # not setCompleter: the list follows the search, not a prefix
        self.completer.activated[QModelIndex].connect(self._on_activated)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(debounce_ms)
        self.timer.timeout.connect(self._fire)
        self.enabled = True
        edit.textEdited.connect(self._on_edited)  # the user's typing only, not a loaded value

    def _on_edited(self, text: str) -> None:
        if not self.enabled:
            return
        self.completer.popup().hide()
        if len(text.strip()) >= MIN_CHARS and not self._is_siret(text):
            self.timer.start()
        else:
            self.timer.stop()

    @staticmethod
    def _is_siret(text: str) -> bool:
        digits = text.replace(" ", "")
        return len(digits) == 14 and digits.isdigit()

    def _fire(self) -> None:
        self.search_requested.emit(self.edit.text().strip())

    def show_results(self, text: str, buyers: Sequence[BuyerView]) -> bool:
        """Fill the list with `buyers` found for `text`; False (nothing shown) if the field moved on."""
        if text != self.edit.text().strip() or not self.edit.isEnabled() or self.edit.isReadOnly():
            return False
        self.model.clear()
        for buyer in buyers:
            item = QStandardItem(buyer_line(buyer))
            item.setData(buyer.siret, Qt.ItemDataRole.EditRole)
            item.setData(buyer_line(buyer), Qt.ItemDataRole.DisplayRole)
            item.setData(buyer, BUYER_ROLE)
            item.setToolTip(f"{buyer_line(buyer)}\n{requirements_text(buyer)}")
            self.model.appendRow(item)
        if buyers:
            self.completer.complete()
        else:
            self.edit.setToolTip(messages.BUYER_SEARCH_NONE.format(text=text))
        return True

    def choose(self, row: int) -> None:
        """Choose the buyer at `row` of the list, as a click on it does."""
        self._on_activated(self.completer.completionModel().index(row, 0))

    def _on_activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        buyer = index.data(BUYER_ROLE)
        if not isinstance(buyer, BuyerView):
            return
        self.timer.stop()
        self.completer.popup().hide()
        self.edit.setText(buyer.siret)
        self.edit.setToolTip(messages.BUYER_SEARCH_TIP)
        self.buyer_chosen.emit(buyer)
