"""GUI test helpers: the offscreen platform's harmless warning on showing windows is not a failure."""

from __future__ import annotations

from pathlib import Path

import pytest

GUI_TESTS = Path(__file__).resolve().parent
# The offscreen plugin says this for every shown top-level window; it says nothing about our code.
OFFSCREEN_NOISE = r"This plugin does not support propagateSizeHints\(\)"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if GUI_TESTS in item.path.resolve().parents:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))
