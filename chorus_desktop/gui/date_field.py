"""A date field that can be empty: a date that was not read is shown blank, never as today.

`QDateEdit` always holds a date. This one keeps its minimum date as "no date" and shows it as blank
(`specialValueText`), so saving the form keeps the date empty and the core's « Indiquez la date »
blocker stays until the user gives one. Typing a digit in the blank field starts from today's month and
year (the typed day replaces today's); the calendar opens on the current month.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QDateEdit, QDateTimeEdit, QWidget

EMPTY_DATE = QDate(1900, 1, 1)


class OptionalDateEdit(QDateEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("dd/MM/yyyy")
        self.setMinimumDate(EMPTY_DATE)
        self.setSpecialValueText(" ")  # blank: the minimum date stands for "no date"
        self.set_value(None)

    def is_empty(self) -> bool:
        return self.date() == EMPTY_DATE

    def set_value(self, value: dt.date | None) -> None:
        self.setDate(QDate(value.year, value.month, value.day) if value is not None else EMPTY_DATE)

    def value(self) -> dt.date | None:
        if self.is_empty():
            return None
        date: dt.date = self.date().toPython()  # type: ignore[assignment]
        return date

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.is_empty() and event.text().isdigit() and not self.isReadOnly():
            self.setDate(QDate.currentDate())
            self.setCurrentSection(QDateTimeEdit.Section.DaySection)
            self.setSelectedSection(QDateTimeEdit.Section.DaySection)
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        super().mousePressEvent(event)
        calendar = self.calendarWidget()
        if self.is_empty() and calendar is not None:
            today = QDate.currentDate()
            calendar.setCurrentPage(today.year(), today.month())
