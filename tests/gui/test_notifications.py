"""Notifications: the text of a state change, and the periodic sync timer."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from chorus_desktop.core.states import InvoiceState
from chorus_desktop.gui.notifications import Notifier
from chorus_desktop.gui.views import StateNotice


def test_a_notice_says_the_number_the_state_and_the_recipients_word(qtbot) -> None:
    notifier = Notifier(QIcon())
    with qtbot.waitSignal(notifier.notified) as with_comment:
        notifier.notify(StateNotice(7, "F-2024-07", InvoiceState.SUSPENDUE, "Merci de joindre le bon de livraison."))
    text = "La facture F-2024-07 est maintenant « Suspendue » : Merci de joindre le bon de livraison."
    assert with_comment.args == ["Facture F-2024-07", text]
    with qtbot.waitSignal(notifier.notified) as without:
        notifier.notify(StateNotice(8, "F-2024-08", InvoiceState.MISE_EN_PAIEMENT, None))
    assert without.args[1].startswith("La facture F-2024-08 est maintenant « ")
    assert without.args[1].endswith(" ».") and ":" not in without.args[1]
    notifier.stop()


def test_the_timer_asks_for_a_sync_until_stopped(qtbot) -> None:
    notifier = Notifier(QIcon(), sync_interval_ms=20)
    assert not notifier.timer.isActive()
    notifier.start()
    with qtbot.waitSignal(notifier.sync_due, timeout=2000):
        pass
    notifier.stop()
    assert not notifier.timer.isActive()
