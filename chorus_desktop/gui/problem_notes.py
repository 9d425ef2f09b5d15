"""Problems shown where they apply: which note each validation problem goes to, and the note widget.

`sort_problems` is plain data work (no Qt): it puts each core `Problem` (and each low-confidence read)
under the form field it names, and keeps the rest for the summary above the form. `FieldNote` shows
one note: an icon and the French text, never colour alone.
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass, field

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStyle, QWidget

from chorus_desktop.core.domain.fields import PAYLOAD_FIELD
from chorus_desktop.core.model import Problem
from chorus_desktop.gui import messages


def payload_field_of(problem_field: str | None) -> str | None:
    """Problems may name the payload field or the extraction field; the form wants the payload one."""
    if problem_field is None:
        return None
    if problem_field == "idFournisseur":  # the supplier is chosen with the profile combo
        return "profile"
    return PAYLOAD_FIELD.get(problem_field, problem_field)


@dataclass
class ProblemNotes:
    """The notes of one form: per field (text, blocking), the general ones, and the counts."""

    by_field: dict[str, list[tuple[str, bool]]] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)
    blocking_count: int = 0
    warning_count: int = 0

    def field_note(self, name: str) -> tuple[list[str], bool]:
        """The lines under field `name` and whether one of them blocks sending."""
        entries = self.by_field.get(name, [])
        return [text for text, _ in entries], any(blocking for _, blocking in entries)

    def summary_head(self) -> str:
        if self.blocking_count:
            return messages.PROBLEMS_SUMMARY_BLOCKING.format(count=self.blocking_count)
        if self.warning_count:
            return messages.PROBLEMS_SUMMARY_WARNINGS.format(count=self.warning_count)
        return messages.PROBLEMS_SUMMARY_OK


def sort_problems(problems: Iterable[Problem], low_confidence: Iterable[str], fields: Container[str]) -> ProblemNotes:
    """Each problem under its field when the form has it (else in the general notes); a doubtful read
    gets the low-confidence note only when its field has no problem already."""
    notes = ProblemNotes()
    for problem in problems:
        text = (messages.PROBLEM_BLOCKING_PREFIX if problem.blocking
                else messages.PROBLEM_WARNING_PREFIX).format(message=problem.message)
        notes.blocking_count += problem.blocking
        notes.warning_count += not problem.blocking
        target = payload_field_of(problem.field)
        if target is not None and target in fields:
            notes.by_field.setdefault(target, []).append((text, problem.blocking))
        else:
            notes.general.append(text)
    for name in low_confidence:
        target = payload_field_of(name)
        if target is not None and target in fields and not notes.by_field.get(target):
            notes.by_field.setdefault(target, []).append((messages.LOW_CONFIDENCE, False))
    return notes


class FieldNote(QWidget):
    """Icon + French text under a field: a problem or a low-confidence warning (never colour alone)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.icon = QLabel(self)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 2)
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.text, 1)
        self.setVisible(False)

    def show_note(self, lines: list[str], blocking: bool) -> None:
        if not lines:
            self.text.clear()
            self.setVisible(False)
            return
        kind = QStyle.StandardPixmap.SP_MessageBoxCritical if blocking else QStyle.StandardPixmap.SP_MessageBoxWarning
        self.icon.setPixmap(self.style().standardIcon(kind).pixmap(16, 16))
        self.text.setText("\n".join(lines))
        self.text.setStyleSheet("color: #a4161a;" if blocking else "color: #7a4b00;")
        self.setVisible(True)
        self._fit_text()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_text()

    def _fit_text(self) -> None:
        # The form's layout does not ask a wrapped label's height for its width: several problems under a
        # narrow field were clipped. The label says how tall it must be at its current width.
        width = self.text.width()
        if width <= 0 or not self.text.text():
            return
        bounds = self.text.fontMetrics().boundingRect(QRect(0, 0, width, 100_000), Qt.TextFlag.TextWordWrap,
                                                      self.text.text())
        needed = bounds.height() + 2
        if needed != self.text.minimumHeight():
            self.text.setMinimumHeight(needed)

    def show_all_clear(self, lines: list[str]) -> None:
        """The summary when nothing is wrong: a green tick and the text."""
        self.show_note(lines, False)
        self.icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton).pixmap(16, 16))
        self.text.setStyleSheet("color: #1b5e20;")
