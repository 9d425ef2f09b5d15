"""The state dashboard: counts, "to handle" first, tiles that filter the list."""

from __future__ import annotations

from chorus_desktop.core.states import InvoiceState
from chorus_desktop.gui.dashboard import TO_HANDLE_KEY, Dashboard


def test_dashboard_counts_to_handle_first_and_tiles_filter(qtbot) -> None:
    board = Dashboard()
    qtbot.addWidget(board)
    board.set_counts({InvoiceState.REJETEE: 2, InvoiceState.A_RECYCLER: 1, InvoiceState.DEPOSEE: 4,
                      InvoiceState.COMPTABILISEE: 1})
    assert list(board.counts)[0] == TO_HANDLE_KEY  # noqa: RUF015 - the first tile, as the user sees it
    assert board.counts[TO_HANDLE_KEY] == 3
    assert board.counts["all"] == 8
    assert board.counts["COMPTABILISEE"] == 1  # a state outside the usual tiles still gets one
    assert "3" in board.tile(TO_HANDLE_KEY).text()
    with qtbot.waitSignal(board.filter_selected) as blocker:
        board.tile(TO_HANDLE_KEY).click()
    assert InvoiceState.REJETEE in blocker.args[0] and InvoiceState.DEPOSEE not in blocker.args[0]
    with qtbot.waitSignal(board.filter_selected) as blocker:
        board.tile("all").click()
    assert blocker.args[0] is None
