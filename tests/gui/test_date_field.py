"""The date field that can be blank: no date read is no date shown, and typing gives one."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt

from chorus_desktop.gui.date_field import OptionalDateEdit


def test_a_blank_date_shows_nothing_and_gives_none(qtbot) -> None:
    edit = OptionalDateEdit()
    qtbot.addWidget(edit)
    assert edit.value() is None
    assert edit.text().strip() == ""
    edit.set_value(dt.date(2019, 3, 5))
    assert edit.value() == dt.date(2019, 3, 5)
    assert edit.text() == "05/03/2019"
    edit.set_value(None)
    assert edit.value() is None and edit.text().strip() == ""


def test_typing_a_day_in_a_blank_date_starts_from_this_month(qtbot) -> None:
    edit = OptionalDateEdit()
    qtbot.addWidget(edit)
    edit.show()
    qtbot.waitExposed(edit)
    edit.setFocus()
    qtbot.keyClicks(edit, "07")
    today = QDate.currentDate()
    assert edit.value() == dt.date(today.year(), today.month(), 7)


def test_a_read_only_blank_date_stays_blank(qtbot) -> None:
    edit = OptionalDateEdit()
    qtbot.addWidget(edit)
    edit.setReadOnly(True)
    qtbot.keyClick(edit, Qt.Key.Key_5)
    assert edit.value() is None
