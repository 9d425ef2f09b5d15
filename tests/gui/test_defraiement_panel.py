"""The défraiement template's panel: the months follow the period, the spec has counts but no total."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate

from chorus_desktop.gui.defraiement_panel import DefraiementPanel


def test_defaults_to_last_year_at_the_default_unit_price(qtbot) -> None:
    panel = DefraiementPanel(today=dt.date(2026, 3, 10))
    qtbot.addWidget(panel)
    spec = panel.spec_part()
    assert spec == {"template": "defraiement", "period": {"start": "2025-01-01", "end": "2025-12-31"},
                    "counts": [0] * 12, "unit_price": "0,025"}
    assert "total" not in spec and "lines" not in spec  # nothing to type that could disagree with the counts


def test_month_labels_follow_the_period_and_the_count_is_summed(qtbot) -> None:
    panel = DefraiementPanel(today=dt.date(2026, 3, 10))
    qtbot.addWidget(panel)
    panel.start.setDate(QDate(2025, 7, 1))
    assert panel.month_labels[0].text() == "juillet 2025"
    assert panel.month_labels[6].text() == "janvier 2026"
    with qtbot.waitSignal(panel.changed):
        panel.set_counts([10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 36])
    assert panel.total_count() == 696
    assert "696" in panel.total.text() and "0,025" in panel.total.text()
    assert panel.spec_part()["counts"][-1] == 36
