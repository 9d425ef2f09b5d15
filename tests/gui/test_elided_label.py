"""The eliding label: a long name is cut to the width given, the full name in the tooltip."""

from __future__ import annotations

from chorus_desktop.gui.elided_label import ElidedLabel


def test_a_long_text_is_elided_to_the_width_with_the_full_text_in_the_tooltip(qtbot) -> None:
    name = "facture-" + "tres-long-nom-de-fichier-" * 12 + "fin.pdf"
    label = ElidedLabel(name)
    qtbot.addWidget(label)
    assert label.minimumSizeHint().width() < 100
    label.resize(200, 20)
    label.show()
    qtbot.waitExposed(label)
    shown = label.shown_text()
    assert "…" in shown and shown.endswith(".pdf") and shown.startswith("fact")
    assert label.fontMetrics().horizontalAdvance(shown) <= label.contentsRect().width()
    assert label.toolTip() == name
    label.resize(4000, 20)
    assert label.shown_text() == name
