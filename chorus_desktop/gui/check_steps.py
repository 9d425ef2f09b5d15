"""The connection check's steps in a list, each with its icon and French sentence (settings, assistant)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QStyle

from chorus_desktop.gui import messages
from chorus_desktop.gui.views import CheckStepView


def step_text(step: CheckStepView) -> tuple[QStyle.StandardPixmap, str]:
    if step.ok is None:
        return QStyle.StandardPixmap.SP_DialogCancelButton, messages.SETTINGS_STEP_SKIPPED.format(step=step.label)
    if step.ok and not step.warning:
        return QStyle.StandardPixmap.SP_DialogApplyButton, messages.SETTINGS_STEP_OK.format(
            step=step.label, detail=step.detail)
    if step.ok:
        return QStyle.StandardPixmap.SP_MessageBoxWarning, messages.SETTINGS_STEP_WARNING.format(
            step=step.label, detail=step.detail)
    return QStyle.StandardPixmap.SP_MessageBoxCritical, messages.SETTINGS_STEP_FAILED.format(
        step=step.label, detail=step.detail)


def show_steps(target: QListWidget, steps: Sequence[CheckStepView]) -> None:
    target.clear()
    for step in steps:
        icon, text = step_text(step)
        item = QListWidgetItem(target.style().standardIcon(icon), text)
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        target.addItem(item)
