"""The deposit form shows what was learned (issue 12): « Modèle appris sur la facture n° … », the fields
read with the learned layout, and « Routage mémorisé » on the routing fields still holding the remembered
value — with real corpus PDFs of one layout, a real store and the real extraction engine."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit

from chorus_desktop.gui import messages

from .learning_driver import ROUTE, import_under_profile, pacano_copies, teach


def show_invoice(window, qtbot, invoice_id: int) -> None:
    with qtbot.waitSignal(window.list_refreshed, timeout=30000):
        window.refresh_list()
    with qtbot.waitSignal(window.form_loaded, timeout=30000):
        window.select_invoice(invoice_id)
    qtbot.waitUntil(lambda: window.current_view is not None and window.current_view.invoice_id == invoice_id)


def test_the_form_shows_the_learned_layout_and_the_remembered_routing(window, qtbot, corpus_dir, tmp_path) -> None:
    context = window.bridge.context
    first, second = pacano_copies(corpus_dir, tmp_path / "inbox")
    teach(context, first, "2023-6013")
    next_id = import_under_profile(context, second)
    show_invoice(window, qtbot, next_id)
    form = window.form

    note = form.learned.note
    assert note.isVisibleTo(form)
    assert note.text() == "Modèle appris sur la facture n° 2023-6013"
    # The number the page reader alone misses, read where it was learned, and marked (words, not colour alone).
    assert form.findChild(QLineEdit, "numeroFactureSaisi").text() == "2023-6026"
    badge = form.learned.learned["numeroFactureSaisi"]
    assert badge.isVisibleTo(form) and badge.text.text() == messages.LEARNED_BADGE
    assert "2023-6013" in badge.toolTip()
    assert set(window.current_view.learned_fields) >= {"numeroFactureSaisi", "montantTtcTotal"}
    for name, learned in form.learned.learned.items():
        assert learned.isVisibleTo(form) == (name in window.current_view.learned_fields), name

    # The routing chosen for the same printed buyer, each field marked while it keeps the remembered value.
    siret = form.findChild(QLineEdit, "codeDestinataire")
    assert siret.text() == ROUTE["codeDestinataire"]
    service = form.findChild(QComboBox, "codeServiceExecutant")
    assert service.currentText().startswith(ROUTE["codeServiceExecutant"])
    for name in ROUTE:
        remembered = form.learned.remembered[name]
        assert remembered.isVisibleTo(form), name
        assert remembered.text.text() == "Routage mémorisé" and "2023-6013" in remembered.toolTip()
    assert not form.learned.remembered["numeroBonCommande"].isVisibleTo(form)  # nothing remembered there

    siret.setText("35600000000048")  # the user sends this one elsewhere: no longer the remembered routing
    assert not form.learned.remembered["codeDestinataire"].isVisibleTo(form)
    assert form.learned.remembered["codeServiceExecutant"].isVisibleTo(form)
    siret.setText(ROUTE["codeDestinataire"])
    assert form.learned.remembered["codeDestinataire"].isVisibleTo(form)


def test_an_invoice_read_without_memory_shows_no_mark(window, qtbot, corpus_dir, tmp_path) -> None:
    context = window.bridge.context
    _, second = pacano_copies(corpus_dir, tmp_path / "inbox")
    show_invoice(window, qtbot, import_under_profile(context, second))
    form = window.form
    assert not form.learned.note.isVisibleTo(form)
    assert not any(b.isVisibleTo(form) for b in (*form.learned.learned.values(), *form.learned.remembered.values()))
    assert window.current_view.learned_from is None and window.current_view.remembered_routing == {}
