"""Where each validation problem is shown, and the note widget under a field."""

from __future__ import annotations

from chorus_desktop.core.model import Problem
from chorus_desktop.gui.problem_notes import FieldNote, payload_field_of, sort_problems

FIELDS = {"codeDestinataire", "numeroFactureSaisi", "montantTtcTotal"}


def test_problems_named_by_extraction_field_land_on_the_payload_field() -> None:
    assert payload_field_of("invoice_number") == "numeroFactureSaisi"
    assert payload_field_of("codeDestinataire") == "codeDestinataire"
    assert payload_field_of(None) is None


def test_problems_go_under_their_field_and_the_rest_to_the_summary() -> None:
    notes = sort_problems([
        Problem("siret", "Le SIRET est obligatoire.", "codeDestinataire", True),
        Problem("total", "Le total semble faux.", "total_ttc", False),
        Problem("global", "Facture en double ?", None, False),
    ], low_confidence=(), fields=FIELDS)
    assert notes.field_note("codeDestinataire") == (["Bloquant : Le SIRET est obligatoire."], True)
    assert notes.field_note("montantTtcTotal") == (["À vérifier : Le total semble faux."], False)
    assert notes.field_note("numeroFactureSaisi") == ([], False)
    assert notes.general == ["À vérifier : Facture en double ?"]
    assert (notes.blocking_count, notes.warning_count) == (1, 2)
    assert notes.summary_head() == "1 problème(s) bloquant(s) empêchent l'envoi."


def test_a_doubtful_read_is_flagged_only_where_no_problem_is_shown() -> None:
    notes = sort_problems([Problem("total", "Le total semble faux.", "montantTtcTotal", False)],
                          low_confidence={"montantTtcTotal", "invoice_number", "not_in_the_form"}, fields=FIELDS)
    assert notes.field_note("montantTtcTotal")[0] == ["À vérifier : Le total semble faux."]
    assert notes.field_note("numeroFactureSaisi") == (["Valeur lue avec peu de certitude : vérifiez-la."], False)
    assert "not_in_the_form" not in notes.by_field
    assert notes.summary_head() == "1 point(s) à vérifier avant l'envoi."
    assert sort_problems([], (), FIELDS).summary_head() == "Prête à être envoyée."


def test_field_note_shows_text_and_hides_when_empty(qtbot) -> None:
    note = FieldNote()
    qtbot.addWidget(note)
    note.show_note(["Bloquant : a", "À vérifier : b"], True)
    assert not note.isHidden()
    assert note.text.text() == "Bloquant : a\nÀ vérifier : b"
    assert not note.icon.pixmap().isNull()
    note.show_note([], False)
    assert note.isHidden() and note.text.text() == ""
    note.show_all_clear(["Prête à être envoyée."])
    assert not note.isHidden() and "1b5e20" in note.text.styleSheet()
