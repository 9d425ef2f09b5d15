"""Preview of a PDF page, rendered with pypdfium2 in the background, with a highlight rectangle.

The highlight comes from an extraction `BoundingBox`: PDF points with the origin at the top-left of the
page (pdfplumber's convention), so it maps to the rendered image by a single scale factor.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import pypdfium2
from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from chorus_desktop.core.model import BoundingBox
from chorus_desktop.gui import messages
from chorus_desktop.gui.tasks import Lane, TaskRunner

# PDFium is not thread-safe: every call into it from the GUI's threads goes through this lock.
PDFIUM_LOCK = threading.Lock()
RENDER_SCALE = 2.0  # 144 dpi: sharp enough when the preview is enlarged, fast on one page


@dataclass(frozen=True)
class RenderedPage:
    path: Path
    page: int  # 1-based
    page_count: int
    width_pt: float
    height_pt: float
    image: QImage


def render_page(path: Path, page: int, scale: float = RENDER_SCALE) -> RenderedPage:
    """Render one page (1-based) to a QImage. Runs on a worker thread (QImage is thread-safe)."""
    with PDFIUM_LOCK:
        document = pypdfium2.PdfDocument(str(path))
        try:
            count = len(document)
            index = min(max(page, 1), count) - 1
            pdf_page = document[index]
            width_pt, height_pt = pdf_page.get_size()
            bitmap = pdf_page.render(scale=scale, rev_byteorder=True)
            image_format = QImage.Format.Format_RGBA8888 if bitmap.n_channels == 4 else QImage.Format.Format_RGB888
            # copy(): the QImage must own its pixels once the PDFium bitmap is freed.
            image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, image_format).copy()
            pdf_page.close()
        finally:
            document.close()
    return RenderedPage(path, index + 1, count, width_pt, height_pt, image)


class PageCanvas(QWidget):
    """Paints the page scaled to fit, and the highlight rectangle on top."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rendered: RenderedPage | None = None
        self.highlight: BoundingBox | None = None
        self.placeholder = messages.PREVIEW_EMPTY
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(200, 260)

    def sizeHint(self) -> QSize:
        return QSize(420, 560)

    def page_rect(self) -> QRectF:
        """Where the page is drawn in widget coordinates (aspect ratio kept, centred)."""
        if self.rendered is None:
            return QRectF()
        ratio = self.rendered.width_pt / self.rendered.height_pt
        width, height = float(self.width() - 8), float(self.height() - 8)
        if width / max(height, 1) > ratio:
            width = height * ratio
        else:
            height = width / ratio
        return QRectF((self.width() - width) / 2, (self.height() - height) / 2, width, height)

    def highlight_rect(self) -> QRectF | None:
        if self.rendered is None or self.highlight is None:
            return None
        page = self.page_rect()
        scale = page.width() / self.rendered.width_pt
        box = self.highlight
        return QRectF(page.left() + box.x0 * scale, page.top() + box.top * scale,
                      (box.x1 - box.x0) * scale, (box.bottom - box.top) * scale).adjusted(-3, -3, 3, 3)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.fillRect(self.rect(), self.palette().window())
        if self.rendered is None:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.placeholder)
            return
        target = self.page_rect()
        painter.fillRect(target, Qt.GlobalColor.white)
        painter.drawImage(target, self.rendered.image)
        rect = self.highlight_rect()
        if rect is not None:
            # A thick outline plus a light fill: visible on any page, and not colour alone (it is a frame).
            painter.setPen(QPen(QColor("#d9480f"), 3))
            painter.setBrush(QColor(255, 196, 0, 70))
            painter.drawRoundedRect(rect, 3, 3)
        painter.end()


class PdfPreview(QWidget):
    """The preview pane: page canvas plus previous/next page buttons."""

    page_shown = Signal(int)  # 1-based page number, once rendered

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdfPreview")
        self.setAccessibleName(messages.PREVIEW_EMPTY)
        self._runner = runner
        self._path: Path | None = None
        self._wanted_page = 1
        self._generation = 0  # ignore renders that finish after the user moved on
        self.canvas = PageCanvas(self)
        self._previous = QToolButton(self)
        self._previous.setArrowType(Qt.ArrowType.LeftArrow)
        self._previous.setAccessibleName(messages.PREVIEW_PREVIOUS)
        self._previous.setToolTip(messages.PREVIEW_PREVIOUS)
        self._previous.clicked.connect(lambda: self.show_page(self.current_page - 1))
        self._next = QToolButton(self)
        self._next.setArrowType(Qt.ArrowType.RightArrow)
        self._next.setAccessibleName(messages.PREVIEW_NEXT)
        self._next.setToolTip(messages.PREVIEW_NEXT)
        self._next.clicked.connect(lambda: self.show_page(self.current_page + 1))
        self._page_label = QLabel("", self)
        bar = QHBoxLayout()
        bar.addStretch(1)
        bar.addWidget(self._previous)
        bar.addWidget(self._page_label)
        bar.addWidget(self._next)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas, 1)
        layout.addLayout(bar)
        self._update_navigation()

    @property
    def current_page(self) -> int:
        return self.canvas.rendered.page if self.canvas.rendered is not None else self._wanted_page

    @property
    def page_count(self) -> int:
        return self.canvas.rendered.page_count if self.canvas.rendered is not None else 0

    def show_document(self, path: Path | None, page: int = 1) -> None:
        self._path = path
        self.canvas.rendered = None
        self.canvas.highlight = None
        self.canvas.placeholder = messages.PREVIEW_LOADING if path else messages.PREVIEW_EMPTY
        self.canvas.update()
        if path is not None:
            self.show_page(page)
        else:
            self._generation += 1
            self._update_navigation()

    def show_page(self, page: int) -> None:
        if self._path is None:
            return
        if self.canvas.rendered is not None and self.canvas.rendered.page == page:
            self.page_shown.emit(page)
            return
        self._wanted_page = page
        self._generation += 1
        generation, path = self._generation, self._path
        self._runner.submit(lambda: render_page(path, page), lane=Lane.WORK, name="render_page",
                            on_result=lambda rendered: self._on_rendered(generation, rendered),
                            on_error=lambda error: self._on_failed(generation))

    def highlight(self, page: int | None, bbox: BoundingBox | None) -> None:
        """Outline `bbox` on `page` (turning to that page if needed); None clears the highlight."""
        self.canvas.highlight = bbox
        if bbox is not None and page is not None and page != self.current_page:
            self.show_page(page)
        self.canvas.update()

    def _on_rendered(self, generation: int, rendered: RenderedPage) -> None:
        if generation != self._generation:
            return
        self.canvas.rendered = rendered
        self.canvas.update()
        self._update_navigation()
        self.page_shown.emit(rendered.page)

    def _on_failed(self, generation: int) -> None:
        if generation != self._generation:
            return
        self.canvas.rendered = None
        self.canvas.placeholder = messages.PREVIEW_FAILED
        self.canvas.update()
        self._update_navigation()

    def _update_navigation(self) -> None:
        count = self.page_count
        self._previous.setEnabled(count > 1 and self.current_page > 1)
        self._next.setEnabled(count > 1 and self.current_page < count)
        self._page_label.setText(messages.PREVIEW_PAGE.format(page=self.current_page, count=count) if count else "")
