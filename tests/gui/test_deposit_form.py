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


def test_a_date_not_read_stays_blank_and_is_handed_back_empty(qtbot) -> None:
    form = DepositForm()
    qtbot.addWidget(form)
    form.load(DepositView(invoice_id=3, values={"numeroFactureSaisi": "F-3", "dateFacture": None}))
    assert form.inputs["dateFacture"].text().strip() == ""
    changes = form.changes()
    assert changes["dateFacture"] is None
    assert all(changes[name] == "" for name in ("montantHtTotal", "montantTVA", "montantTtcTotal", "montantAPayer"))


def test_a_very_long_file_name_never_widens_the_form_and_amounts_stay_readable(qtbot) -> None:
    from PySide6.QtWidgets import QScrollArea

    long_name = "Facture_" + "tres_long_nom_de_document_scanne_" * 10 + "2024.pdf"
    form = DepositForm()
    qtbot.addWidget(form)
    form.resize(420, 800)
    form.show()
    qtbot.waitExposed(form)
    form.load(DepositView(invoice_id=4, values={"montantTtcTotal": Decimal("31415.92"),
                                                 "montantHtTotal": Decimal("26179.93")},
                          document_name=long_name))
    QApplication.processEvents()
    scroll = form.findChild(QScrollArea)
    body = scroll.widget()
    assert body.width() <= scroll.viewport().width()
    assert form.attachments.main_attachment.toolTip().endswith(long_name)
    for name in ("montantTtcTotal", "montantHtTotal"):
        edit = form.findChild(QLineEdit, name)
        right = edit.mapTo(body, edit.rect().topRight()).x()
        assert right <= scroll.viewport().width()
        assert edit.fontMetrics().horizontalAdvance(edit.text()) < edit.width()
