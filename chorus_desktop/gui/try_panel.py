"""The demo's « Essayez » panel: the recipients the simulator knows, with what each requires on a deposit,
so the user can try the directory search, the routing rules and a send without guessing a SIRET."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from chorus_desktop.gui import messages
from chorus_desktop.gui.buyer_search import requirements_text
from chorus_desktop.gui.views import BuyerView


def recipient_line(buyer: BuyerView) -> str:
    return messages.TRY_RECIPIENT.format(name=buyer.name, siret=buyer.siret, needs=requirements_text(buyer))


class TryPanel(QFrame):
    def __init__(self, buyers: Sequence[BuyerView], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tryPanel")
        self.setAccessibleName(messages.TRY_TITLE)
        self.setStyleSheet("#tryPanel { background: #eef4ff; border: 1px solid #9db7e0; border-radius: 4px; }")
        title = QLabel(f"<b>{messages.TRY_TITLE}</b> — {messages.TRY_TEXT}", self)
        title.setWordWrap(True)
        close = QToolButton(self)
        close.setText("×")
        close.setAccessibleName(messages.TRY_CLOSE)
        close.setToolTip(messages.TRY_CLOSE)
        close.clicked.connect(self.hide)
        head = QHBoxLayout()
        head.addWidget(title, 1)
        head.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.lines = [recipient_line(buyer) for buyer in buyers]
        self.recipients = QLabel("\n".join(f"• {line}" for line in self.lines), self)
        self.recipients.setObjectName("tryRecipients")
        self.recipients.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addLayout(head)
        layout.addWidget(self.recipients)
