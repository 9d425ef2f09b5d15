"""The PDF preview: page rendered in the background, highlight where a value was read."""

from __future__ import annotations

from pathlib import Path

import pytest

from chorus_desktop.core.model import BoundingBox
from chorus_desktop.gui.pdf_preview import PdfPreview
from chorus_desktop.gui.tasks import TaskRunner


def test_preview_renders_the_page_in_the_background_and_places_the_highlight(qtbot, corpus_dir: Path) -> None:
    runner = TaskRunner()
    preview = PdfPreview(runner)
    qtbot.addWidget(preview)
    preview.resize(400, 560)
    with qtbot.waitSignal(preview.page_shown):
        preview.show_document(corpus_dir / "pdfs" / "fnfe-facture-fr.pdf")
    rendered = preview.canvas.rendered
    assert rendered is not None and rendered.page == 1 and not rendered.image.isNull()
    preview.highlight(1, BoundingBox(100, 200, 300, 220))
    rect = preview.canvas.highlight_rect()
    page = preview.canvas.page_rect()
    scale = page.width() / rendered.width_pt
    assert rect is not None
    assert rect.left() == pytest.approx(page.left() + 100 * scale - 3)
    assert rect.top() == pytest.approx(page.top() + 200 * scale - 3)
    runner.shutdown()
