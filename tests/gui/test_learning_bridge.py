"""What the bridge tells the form and the dialog about learning (issue 12), from a real store and real PDFs."""

from __future__ import annotations

from chorus_desktop.gui.bridge import Bridge
from chorus_desktop.gui.learning_bridge import LearningBridge

from .learning_driver import ROUTE, import_under_profile, pacano_copies, teach


def test_the_view_says_which_layout_and_routing_were_used_and_which_fields_still_hold_them(
        bridge: Bridge, corpus_dir, tmp_path) -> None:
    context = bridge.context
    first, second = pacano_copies(corpus_dir, tmp_path / "inbox")
    taught = teach(context, first, "2023-6013")
    next_id = import_under_profile(context, second)
    view, _ = bridge.deposit_view(next_id)
    assert view.learned_from == "2023-6013"
    assert "numeroFactureSaisi" in view.learned_fields and view.values["numeroFactureSaisi"] == "2023-6026"
    assert view.remembered_routing == ROUTE and view.remembered_from == "2023-6013"

    # A field the user corrected is no longer « read with the memory ».
    view, _ = bridge.save_deposit(next_id, {"numeroFactureSaisi": "2023-6026-B"})
    assert "numeroFactureSaisi" not in view.learned_fields and view.learned_from == "2023-6013"

    # The taught invoice itself was read without memory.
    taught_view, _ = bridge.deposit_view(taught)
    assert taught_view.learned_from is None and taught_view.learned_fields == []
    assert taught_view.remembered_routing == {}

    lists = LearningBridge(context).learned()
    [layout] = lists.layouts
    assert layout.taught_number == "2023-6013" and layout.uses == 1
    [routing] = lists.routings
    assert "SE-APPRIS" in routing.routing
    assert LearningBridge(context).forget_routing(routing.memory_id).routings == []
