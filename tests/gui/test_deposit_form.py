"""The deposit form on its own: values, problems next to their fields, the edits handed back."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit

from chorus_desktop.core.model import Problem
from chorus_desktop.gui.deposit_form import DepositForm
from chorus_desktop.gui.views import DepositView


def test_form_marks_problems_next_to_their_field_and_blocking_disables_sending(qtbot) -> None:
    form = DepositForm()
    qtbot.addWidget(form)
    view = DepositView(
        invoice_id=7,
        values={"numeroFactureSaisi": "F-7", "montantTtcTotal": Decimal("120.00"), "typeFacture": "FACTURE",
                "codeCadreFacturation": "A1_FACTURE_FOURNISSEUR", "dateFacture": dt.date(2024, 5, 2)},
        problems=[Problem("siret", "Le SIRET du destinataire est obligatoire.", "codeDestinataire", True)],
        low_confidence={"numeroFactureSaisi"},
    )
    form.load(view)
    number = form.findChild(QLineEdit, "numeroFactureSaisi")
    assert number.text() == "F-7"
    assert form.findChild(QLineEdit, "montantTtcTotal").text() == "120,00"
    assert form.findChild(QComboBox, "codeCadreFacturation").currentData() == "A1_FACTURE_FOURNISSEUR"
    assert not form.notes["codeDestinataire"].isHidden()
    assert "SIRET du destinataire est obligatoire" in form.notes["codeDestinataire"].text.text()
    assert "peu de certitude" in form.notes["numeroFactureSaisi"].text.text()
    assert not form.send_button.isEnabled()
    form.show_problems([])
    assert form.send_button.isEnabled()
    changes = form.changes()
    assert changes["montantTtcTotal"] == "120,00"  # as shown; the core parses it
    assert changes["dateFacture"] == dt.date(2024, 5, 2)


def test_selecting_a_field_announces_it(qtbot) -> None:
    form = DepositForm()
    qtbot.addWidget(form)
    form.load(DepositView(invoice_id=1, values={}))
    form.show()
    qtbot.waitExposed(form)
    with qtbot.waitSignal(form.field_focused) as blocker:
        form.inputs["montantHtTotal"].setFocus()
        QApplication.processEvents()
    assert blocker.args == ["montantHtTotal"]
