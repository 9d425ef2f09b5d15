"""« Modèles appris » (issue 12): the supplier layouts and buyer routings the app learned, per supplier
profile, each with an « Oublier » button. Listing and forgetting run on the task runner's database lane."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chorus_desktop.gui import messages
from chorus_desktop.gui.errors import user_message
from chorus_desktop.gui.learning_bridge import LearnedLists, LearningBridge
from chorus_desktop.gui.tasks import Lane, TaskRunner


class LearningDialog(QDialog):
    refreshed = Signal(object)  # LearnedLists, after each listing or forgetting

    def __init__(self, runner: TaskRunner, bridge: LearningBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("learningDialog")
        self.setWindowTitle(messages.LEARNED_TITLE)
        self.resize(1000, 560)
        self._runner = runner
        self._bridge = bridge
        self.lists = LearnedLists()
        intro = QLabel(messages.LEARNED_INTRO, self)
        intro.setWordWrap(True)
        self.layouts = self._table("learnedLayouts", messages.LEARNED_LAYOUT_HEADERS)
        self.routings = self._table("learnedRoutings", messages.LEARNED_ROUTING_HEADERS)
        self.layouts_empty = QLabel(messages.LEARNED_NONE_LAYOUT, self)
        self.routings_empty = QLabel(messages.LEARNED_NONE_ROUTING, self)
        self.status = QLabel(self)
        self.status.setObjectName("learnedStatus")
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(messages.CLOSE)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        for title, table, empty in ((messages.LEARNED_LAYOUTS, self.layouts, self.layouts_empty),
                                    (messages.LEARNED_ROUTINGS, self.routings, self.routings_empty)):
            box = QGroupBox(title, self)
            column = QVBoxLayout(box)
            column.addWidget(empty)
            column.addWidget(table)
            layout.addWidget(box, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.reload()

    def _table(self, name: str, headers: Sequence[str]) -> QTableWidget:
        table = QTableWidget(0, len(headers), self)
        table.setObjectName(name)
        table.setHorizontalHeaderLabels(list(headers))
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().setVisible(False)
        table.setWordWrap(True)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)  # the fields / the routing: long text
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        return table

    # -- tasks ---------------------------------------------------------------------------------------
    def reload(self) -> None:
        self._runner.submit(self._bridge.learned, lane=Lane.DATABASE, name="learned",
                            on_result=self._show, on_error=self._failed)

    def forget_layout(self, memory_id: int) -> None:
        self._runner.submit(lambda: self._bridge.forget_layout(memory_id), lane=Lane.DATABASE, name="forget_layout",
                            on_result=lambda lists: self._show(lists, messages.FORGOTTEN_LAYOUT),
                            on_error=self._failed)

    def forget_routing(self, memory_id: int) -> None:
        self._runner.submit(lambda: self._bridge.forget_routing(memory_id), lane=Lane.DATABASE,
                            name="forget_routing",
                            on_result=lambda lists: self._show(lists, messages.FORGOTTEN_ROUTING),
                            on_error=self._failed)

    def _failed(self, error: BaseException) -> None:
        self.status.setText(user_message(error))

    # -- showing -------------------------------------------------------------------------------------
    def _show(self, lists: LearnedLists, status: str = "") -> None:
        self.lists = lists
        self.status.setText(status)
        self._fill(self.layouts, self.layouts_empty, [
            ((m.profile, m.supplier, m.taught_number, m.fields, messages.LEARNED_USES.format(count=m.uses)),
             m.memory_id, messages.FORGET_LAYOUT_TIP.format(number=m.taught_number)) for m in lists.layouts],
            self.forget_layout)
        self._fill(self.routings, self.routings_empty, [
            ((m.profile, m.buyer, m.taught_number, m.routing), m.memory_id,
             messages.FORGET_ROUTING_TIP.format(buyer=m.buyer)) for m in lists.routings], self.forget_routing)
        self.refreshed.emit(lists)

    def _fill(self, table: QTableWidget, empty: QLabel, rows: list[tuple[tuple[str, ...], int, str]],
              forget: Callable[[int], None]) -> None:
        table.setRowCount(len(rows))
        for row, (cells, memory_id, tip) in enumerate(rows):
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                table.setItem(row, column, item)
            button = QPushButton(messages.FORGET)
            button.setObjectName(f"forget_{memory_id}")
            button.setToolTip(tip)
            button.setAccessibleName(tip)
            button.clicked.connect(lambda _checked=False, i=memory_id: forget(i))
            table.setCellWidget(row, len(cells), button)
        table.resizeRowsToContents()
        table.setVisible(bool(rows))
        empty.setVisible(not rows)
