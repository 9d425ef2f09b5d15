"""Finding a public buyer by typing in the SIRET destinataire field: the directory of the simulator."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QComboBox, QLineEdit

from chorus_desktop.sandbox.data import RECIPIENT_SERVICE_REQUIRED

from ..window_driver import INVOICE, choose_profile_and_confirm_supplier, drop


# The offscreen platform cannot raise the list's popup nor grab the keyboard for it; nothing about our code.
@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing|propagateSizeHints)")
def test_typing_a_name_lists_buyers_and_choosing_one_fills_siret_requirements_and_services(
        window, qtbot, corpus_dir, simulator) -> None:
    with qtbot.waitSignal(window.form_loaded, timeout=30000):
        drop(window, qtbot, [corpus_dir / "pdfs" / INVOICE])
    choose_profile_and_confirm_supplier(window, qtbot)
    window.show()
    qtbot.waitExposed(window)
    edit = window.form.findChild(QLineEdit, "codeDestinataire")
    edit.clear()
    edit.setFocus()
    with qtbot.waitSignal(window.buyers_found, timeout=30000) as found:
        qtbot.keyClicks(edit, "demonstration")  # as typed: lower case, no accents
    text, buyers = found.args
    assert text == "demonstration"
    names = {b.name for b in buyers}
    assert "MINISTÈRE DE LA DÉMONSTRATION" in names
    assert all("DÉMONSTRATION" in n for n in names)
    search = window.form.buyer_search
    assert search.completer.popup().isVisible()
    shown = [search.completer.completionModel().index(r, 0).data() for r in range(search.completer.completionModel().rowCount())]
    assert any("MINISTÈRE DE LA DÉMONSTRATION" in line and RECIPIENT_SERVICE_REQUIRED in line for line in shown)

    row = next(r for r, line in enumerate(shown) if RECIPIENT_SERVICE_REQUIRED in line)
    with qtbot.waitSignal(window.recipient_found, timeout=30000):
        search.choose(row)
    assert edit.text() == RECIPIENT_SERVICE_REQUIRED
    label = window.form.recipient_label.text()
    assert "MINISTÈRE DE LA DÉMONSTRATION" in label and "code service obligatoire" in label
    structure = simulator.backend.structure_by_siret(RECIPIENT_SERVICE_REQUIRED)
    combo = window.form.findChild(QComboBox, "codeServiceExecutant")
    offered = {combo.itemData(i) for i in range(combo.count())} - {""}
    assert offered == {s.code for s in structure.services if s.active}
    qtbot.waitUntil(lambda: window.runner.pending_count == 0, timeout=30000)


def test_a_search_answer_for_a_text_the_user_has_typed_past_is_not_shown(window, qtbot, corpus_dir) -> None:
    with qtbot.waitSignal(window.form_loaded, timeout=30000):
        drop(window, qtbot, [corpus_dir / "pdfs" / INVOICE])
    edit = window.form.findChild(QLineEdit, "codeDestinataire")
    edit.setText("démoville")
    from chorus_desktop.gui.views import BuyerView

    assert not window.form.buyer_search.show_results("démo", [BuyerView("1" * 14, "X")])
    assert window.form.buyer_search.model.rowCount() == 0


def test_nothing_found_is_said_not_an_error(window, qtbot, corpus_dir) -> None:
    with qtbot.waitSignal(window.form_loaded, timeout=30000):
        drop(window, qtbot, [corpus_dir / "pdfs" / INVOICE])
    choose_profile_and_confirm_supplier(window, qtbot)
    edit = window.form.findChild(QLineEdit, "codeDestinataire")
    edit.setText("zzzz introuvable")
    with qtbot.waitSignal(window.buyers_found, timeout=30000) as found:
        edit.textEdited.emit(edit.text())
    assert found.args[1] == []
    assert "Aucune structure publique" in window.statusBar().currentMessage()
