"""The form's problems follow the typing (not saved), and « Prête » waits for the recipient's check."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QLineEdit

from chorus_desktop.core.states import InvoiceState
from chorus_desktop.gui.live_check import PAUSE_MS
from chorus_desktop.sandbox.data import RECIPIENT_PLAIN

from .window_driver import (
    INVOICE,
    as_the_demo_supplier,
    choose_profile_and_confirm_supplier,
    drop,
    row_states,
)


def note_of(window, field: str) -> str:
    note = window.form.notes[field]
    return note.text.text() if not note.isHidden() else ""


def test_problems_follow_the_typing_without_saving(window, qtbot, corpus_dir) -> None:
    with qtbot.waitSignal(window.form_loaded, timeout=30000):
        drop(window, qtbot, [corpus_dir / "pdfs" / INVOICE])
    choose_profile_and_confirm_supplier(window, qtbot)
    invoice_id = window.current_view.invoice_id
    stored = window.bridge.context.queries.get_invoice(invoice_id).deposit
    live = window.editing.live_check

    siret = window.form.findChild(QLineEdit, "codeDestinataire")
    siret.setFocus()
    siret.selectAll()
    with qtbot.waitSignal(live.checked, timeout=10000):
        qtbot.keyClick(siret, Qt.Key.Key_Delete)  # the user empties the field: its blocker comes at once
    assert "Indiquez le SIRET du destinataire" in note_of(window, "codeDestinataire")
    assert not window.form.send_button.isEnabled()
    with qtbot.waitSignal(live.checked, timeout=10000):
        qtbot.keyClicks(siret, RECIPIENT_PLAIN)  # ...and it goes once a SIRET is typed
    assert "Indiquez le SIRET" not in note_of(window, "codeDestinataire")

    amount = window.form.findChild(QLineEdit, "montantHtTotal")
    amount.selectAll()
    with qtbot.waitSignal(live.checked, timeout=10000):
        qtbot.keyClicks(amount, "douze euros")
    assert "douze euros" in note_of(window, "montantHtTotal")  # the core's own words on what it cannot read
    assert not window.form.send_button.isEnabled()

    # Nothing was saved: the store still has the values read from the PDF.
    again = window.bridge.context.queries.get_invoice(invoice_id).deposit
    assert (again.codeDestinataire, again.montantHtTotal) == (stored.codeDestinataire, stored.montantHtTotal)


def test_an_answer_for_older_values_is_not_shown(window, qtbot, corpus_dir) -> None:
    with qtbot.waitSignal(window.form_loaded, timeout=30000):
        drop(window, qtbot, [corpus_dir / "pdfs" / INVOICE])
    live = window.editing.live_check
    siret = window.form.findChild(QLineEdit, "codeDestinataire")
    siret.selectAll()
    with qtbot.waitSignal(live.checked, timeout=10000):
        qtbot.keyClick(siret, Qt.Key.Key_Delete)
    assert "Indiquez le SIRET" in note_of(window, "codeDestinataire")
    live.check_now()  # another check of the empty field is on its way...
    qtbot.keyClicks(siret, RECIPIENT_PLAIN)  # ...when the user types on
    with qtbot.waitSignal(live.checked, timeout=10000):
        pass  # the check of the typed SIRET reaches the form, whatever the order of the answers
    qtbot.wait(2 * PAUSE_MS)  # room for a late answer about the empty field: it must not come back
    assert "Indiquez le SIRET" not in note_of(window, "codeDestinataire")


def test_an_invoice_is_pret_once_its_recipient_was_checked_with_chorus_pro(window, qtbot, corpus_dir,
                                                                           simulator) -> None:
    context = window.bridge.context
    [outcome] = context.importing.import_files([corpus_dir / "pdfs" / INVOICE])
    invoice_id = outcome.invoice_id
    as_the_demo_supplier(context, invoice_id)
    ttc = context.queries.get_invoice(invoice_id).deposit.montantTtcTotal
    context.editing.update_deposit(invoice_id, {"codeDestinataire": RECIPIENT_PLAIN, "codeServiceExecutant": "",
                                                "montantAPayer": ttc})
    problems = context.lifecycle.validate(invoice_id)
    assert not [p for p in problems if p.blocking]
    assert context.queries.get_invoice(invoice_id).state is InvoiceState.BROUILLON  # not checked yet
    assert "pas encore été vérifiés" in next(p.message for p in problems if p.field == "codeDestinataire")
    lookups = simulator.calls["structures/v1/rechercher"]

    window.editing.refresh_list()
    qtbot.waitUntil(lambda: invoice_id in row_states(window), timeout=10000)
    with qtbot.waitSignal(window.recipient_found, timeout=30000):
        window.editing.select_invoice(invoice_id)  # the form asks Chorus Pro about the recipient it shows
    assert simulator.calls["structures/v1/rechercher"] == lookups + 1
    qtbot.waitUntil(lambda: row_states(window).get(invoice_id) == InvoiceState.PRETE.value, timeout=10000)
    qtbot.waitUntil(lambda: "pas encore été vérifiés" not in note_of(window, "codeDestinataire"), timeout=10000)
    assert window.form.recipient_label.text() == simulator.backend.structure_by_siret(RECIPIENT_PLAIN).name


def test_a_dropped_invoice_that_nothing_blocks_becomes_pret_by_itself(window, qtbot, simulator) -> None:
    from chorus_desktop.app import SAMPLE_INVOICE  # printed by the simulator's supplier for one of its buyers

    lookups = simulator.calls["structures/v1/rechercher"]
    [invoice_id] = drop(window, qtbot, [SAMPLE_INVOICE]).imported_ids
    qtbot.waitUntil(lambda: row_states(window).get(invoice_id) == InvoiceState.PRETE.value, timeout=30000)
    assert simulator.calls["structures/v1/rechercher"] > lookups  # checked with Chorus Pro, not assumed


def test_several_problems_under_a_narrow_field_are_read_in_full(window, qtbot, corpus_dir) -> None:
    window.resize(1500, 940)
    window.show()
    with qtbot.waitSignal(window.form_loaded, timeout=30000):
        drop(window, qtbot, [corpus_dir / "pdfs" / INVOICE])
    window.form.recipient_label.setText("NOM DU DESTINATAIRE PRÉCÉDENT")
    siret = window.form.findChild(QLineEdit, "codeDestinataire")
    siret.selectAll()
    with qtbot.waitSignal(window.editing.live_check.checked, timeout=10000):
        qtbot.keyClicks(siret, "99986")  # too short: a long blocker, maybe more
    assert window.form.recipient_label.text() == ""  # the name shown belonged to the SIRET before the edit
    note = window.form.notes["codeDestinataire"]
    assert note.isVisible()
    note.show_note([note.text.text(), "Une ligne de plus, longue, pour déborder. " * 6], True)
    metrics = note.text.fontMetrics()

    def wrapped_height() -> int:  # what the text needs at the label's width, wrapped
        return metrics.boundingRect(QRect(0, 0, note.text.width(), 100_000), Qt.TextFlag.TextWordWrap,
                                    note.text.text()).height()

    qtbot.wait(100)
    assert wrapped_height() > 3 * metrics.height()
    qtbot.waitUntil(lambda: note.text.height() >= wrapped_height(), timeout=3000)
    # ...and a short note after a long one takes its own height again (no tall blank box).
    note.show_note(["Bloquant : court."], True)
    qtbot.waitUntil(lambda: note.text.height() < 3 * metrics.height(), timeout=3000)
