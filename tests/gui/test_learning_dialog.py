"""« Modèles appris » (issue 12): the learned layouts and routings listed per profile, and forgotten with
their « Oublier » buttons (through the task runner, into the real store)."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from chorus_desktop.gui import messages

from .learning_driver import ROUTE, import_under_profile, pacano_copies, teach


def open_dialog(window, qtbot):
    """« Fichier > Modèles appris... », then wait for its lists (read on the database lane)."""
    action = window.findChild(type(window.open_action), "learnedAction")
    assert action is not None and action.text() == messages.ACTION_LEARNED
    action.trigger()
    qtbot.waitUntil(lambda: getattr(window, "learning_dialog", None) is not None
                    and window.learning_dialog.isVisible() and bool(window.learning_dialog.lists.layouts), timeout=10000)
    return window.learning_dialog


def test_the_learned_layout_and_routing_are_listed_and_forgotten(window, qtbot, corpus_dir, tmp_path) -> None:
    context = window.bridge.context
    first, second = pacano_copies(corpus_dir, tmp_path / "inbox")
    teach(context, first, "2023-6013")
    dialog = open_dialog(window, qtbot)

    [layout] = dialog.lists.layouts
    [routing] = dialog.lists.routings
    assert dialog.layouts.rowCount() == 1 and dialog.routings.rowCount() == 1
    assert dialog.layouts.item(0, 0).text() == context.profiles.list_profiles()[0].name
    assert dialog.layouts.item(0, 2).text() == "2023-6013"
    assert messages.FIELD_NUMERO in dialog.layouts.item(0, 3).text()
    assert ROUTE["codeDestinataire"] in dialog.routings.item(0, 3).text()
    assert ROUTE["codeServiceExecutant"] in dialog.routings.item(0, 3).text()
    assert not dialog.layouts_empty.isVisibleTo(dialog)

    forget = dialog.layouts.cellWidget(0, 5)
    assert isinstance(forget, QPushButton) and forget.text() == messages.FORGET
    with qtbot.waitSignal(dialog.refreshed, timeout=10000):
        forget.click()
    assert context.learning.layouts() == [] and dialog.layouts.rowCount() == 0
    assert dialog.layouts_empty.isVisibleTo(dialog) and dialog.status.text() == messages.FORGOTTEN_LAYOUT
    assert len(context.learning.routings()) == 1  # the routing is another memory: still there

    with qtbot.waitSignal(dialog.refreshed, timeout=10000):
        dialog.routings.cellWidget(0, 4).click()
    assert context.learning.routings() == [] and dialog.routings.rowCount() == 0
    assert dialog.status.text() == messages.FORGOTTEN_ROUTING

    # Forgotten: the next invoice of that layout and buyer is read without them.
    record = context.queries.get_invoice(import_under_profile(context, second))
    assert "layout_memory" not in record.extraction and "routing_memory" not in record.extraction
    assert record.deposit.numeroFactureSaisi is None
    assert layout.memory_id and routing.memory_id
