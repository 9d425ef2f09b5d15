"""Code combos: the form reads and writes codes, never the French labels."""

from __future__ import annotations

from chorus_desktop.gui.choice_combo import choice_combo, combo_code, select_code


def test_codes_in_labels_out(qtbot) -> None:
    combo = choice_combo("typeTva", {"TVA_SUR_DEBIT": "Sur les débits", "TVA_SUR_ENCAISSEMENT": "Sur les encaissements"})
    qtbot.addWidget(combo)
    assert combo.objectName() == "typeTva"
    select_code(combo, "TVA_SUR_ENCAISSEMENT")
    assert combo.currentText() == "Sur les encaissements"
    assert combo_code(combo) == "TVA_SUR_ENCAISSEMENT"
    select_code(combo, "INCONNU")  # not editable: an unknown code falls back to the first choice
    assert combo.count() == 2 and combo_code(combo) == "TVA_SUR_DEBIT"


def test_an_editable_combo_keeps_unknown_and_typed_codes(qtbot) -> None:
    combo = choice_combo("codeServiceExecutant", {"": "Aucun"}, editable=True)
    qtbot.addWidget(combo)
    select_code(combo, "SERVICE-42")
    assert combo.count() == 2 and combo_code(combo) == "SERVICE-42"
    combo.setEditText("  TAPE-AU-CLAVIER ")
    assert combo_code(combo) == "TAPE-AU-CLAVIER"
    select_code(combo, None)
    assert combo_code(combo) == ""
