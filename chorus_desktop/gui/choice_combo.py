"""Combo boxes of codes shown with French labels: the form reads and writes codes, never labels."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox


def choice_combo(name: str, labels: dict[str, str], editable: bool = False) -> QComboBox:
    """A combo named `name` listing `labels` (code -> French text), the code as item data."""
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setEditable(editable)
    # Long labels ("A12 – Dépôt par un cotraitant...") must not widen the form past its pane.
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(12)
    for code, text in labels.items():
        combo.addItem(text, code)
    return combo


def select_code(combo: QComboBox, value: object) -> None:
    """Select the item whose code is `value`; an editable combo takes an unknown code as a new item."""
    code = "" if value is None else str(value)
    index = combo.findData(code)
    if index < 0 and code and combo.isEditable():
        combo.addItem(code, code)
        index = combo.count() - 1
    combo.setCurrentIndex(max(index, 0) if combo.count() else -1)


def combo_code(combo: QComboBox) -> str:
    """The selected code, or the text typed in an editable combo."""
    index = combo.currentIndex()
    if index >= 0 and combo.currentText() == combo.itemText(index):
        data = combo.itemData(index)
        return "" if data is None else str(data)  # a listed choice: its code, never its label
    return combo.currentText().strip()  # typed by the user in an editable combo
