"""Driving the main window as a user would: drop files, fix an invoice's routing and send it, read the list."""

from __future__ import annotations

from pathlib import Path

from corpus import truth_of
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QComboBox, QLineEdit

from chorus_desktop.gui.invoice_table import Role
from chorus_desktop.gui.main_window import MainWindow
from chorus_desktop.gui.send_dialog import SendConfirmDialog
from chorus_desktop.sandbox.data import RECIPIENT_PLAIN
from chorus_desktop.wiring import AppContext

INVOICE = "fnfe-facture-fr.pdf"
OTHER_INVOICE = "oca-gandi.pdf"


def truth(corpus_dir: Path, file_id: str) -> dict[str, str]:
    return truth_of(corpus_dir, file_id)


def drop(window: MainWindow, qtbot, paths: list[Path]) -> object:
    """Drop files on the drop zone as the file manager would; return the import report."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction | Qt.DropAction.MoveAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.import_finished, timeout=30000) as blocker:
        window.drop_zone.dropEvent(event)
    assert event.dropAction() == Qt.DropAction.CopyAction
    qtbot.waitUntil(lambda: window.model.rowCount() >= len(blocker.args[0].imported_ids), timeout=10000)
    return blocker.args[0]


def row_states(window: MainWindow) -> dict[int, str]:
    model = window.model
    return {model.index(r, 0).data(Role.INVOICE_ID): model.index(r, 0).data(Role.STATE)
            for r in range(model.rowCount())}


def as_the_demo_supplier(context: AppContext, invoice_id: int) -> None:
    """What the user does for a corpus invoice printed by another company than the demo's supplier: give it
    the demo profile, then confirm the printed issuer (the supplier guard, issue 14)."""
    [profile] = context.profiles.list_profiles()
    if context.queries.get_invoice(invoice_id).profile_id is None:
        context.editing.assign_profile(invoice_id, profile.id)
    context.supplier.confirm_supplier(invoice_id)


def choose_profile_and_confirm_supplier(window: MainWindow, qtbot) -> None:
    """The same in the form: pick the profile in its list, then « Confirmer le fournisseur »."""
    form = window.form
    combo = form.findChild(QComboBox, "profile")
    if window.current_view.profile_id is None:
        with qtbot.waitSignal(window.draft_saved, timeout=10000):
            combo.activated.emit(combo.count() - 1)
    assert form.confirm_supplier_button.isVisible() or form.confirm_supplier_button.isVisibleTo(form)
    with qtbot.waitSignal(window.draft_saved, timeout=10000):
        form.confirm_supplier_button.click()
    assert not form.confirm_supplier_button.isVisibleTo(form)


def fix_routing_and_send(window: MainWindow, qtbot) -> int:
    """Correct the recipient in the form (a simulator structure), then send with confirmation."""
    choose_profile_and_confirm_supplier(window, qtbot)
    form = window.form
    form.findChild(QLineEdit, "codeDestinataire").setText(RECIPIENT_PLAIN)
    ttc = form.findChild(QLineEdit, "montantTtcTotal").text()
    form.findChild(QLineEdit, "montantAPayer").setText(ttc)
    with qtbot.waitSignal(window.draft_saved, timeout=10000):
        form.save_button.click()
    blocking = [p.message for p in window.current_view.problems if p.blocking]
    assert blocking == []
    invoice_id = window.current_view.invoice_id
    form.send_button.click()
    qtbot.waitUntil(lambda: window.send_confirm_dialog is not None and window.send_confirm_dialog.isVisible(),
                    timeout=10000)
    dialog = window.send_confirm_dialog
    assert isinstance(dialog, SendConfirmDialog)
    with qtbot.waitSignal(window.invoice_sent, timeout=30000) as blocker:
        dialog.confirm_button.click()
    assert blocker.args[0].ok, blocker.args[0].message
    return invoice_id
