"""The demo's « Essayez » panel: each recipient with its SIRET and what it requires."""

from __future__ import annotations

from chorus_desktop.gui.try_panel import TryPanel
from chorus_desktop.gui.views import BuyerView


def test_the_panel_lists_each_recipient_with_its_siret_and_requirements(qtbot) -> None:
    panel = TryPanel([BuyerView("99986401000106", "COMMUNE DE DÉMOVILLE"),
                      BuyerView("20000002400014", "CENTRE HOSPITALIER", engagement_required=True)])
    qtbot.addWidget(panel)
    text = panel.recipients.text()
    assert "COMMUNE DE DÉMOVILLE — SIRET 99986401000106 — Exige : ni code service" in text
    assert "CENTRE HOSPITALIER — SIRET 20000002400014 — Exige : numéro d'engagement obligatoire" in text
