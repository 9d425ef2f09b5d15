#!/usr/bin/env python3
"""Generate the application icons from their SVG source.

    .venv/bin/python scripts/make_icons.py

Reads `resources/icons/chorus-desktop.svg` and writes, next to it:
- `chorus-desktop-<N>.png` for every size in PNG_SIZES (Linux desktops, the running app),
- `chorus-desktop.ico` (Windows: executable, installer, Start menu),
- `chorus-desktop.icns` (macOS `.app` bundle),
and copies the 256 px PNG into `chorus_desktop/resources/` so the installed package can load it.

The SVG is rendered by Qt (QtSvg ships with PySide6-Essentials), so no Cairo/Inkscape is needed;
Pillow (already pulled in by pdfplumber) assembles the multi-size .ico and .icns containers.
The generated files are committed: building a package never needs to run this script.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS_DIR = ROOT / "resources" / "icons"
SOURCE = ICONS_DIR / "chorus-desktop.svg"
APP_RESOURCES = ROOT / "chorus_desktop" / "resources"
BASENAME = "chorus-desktop"

PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # 256 is the largest size Windows reads from an .ico
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)  # the sizes Pillow stores in an .icns
APP_ICON_SIZE = 256


def render_pngs(source: Path, sizes: tuple[int, ...]) -> dict[int, bytes]:
    """Render the SVG once per size (sharper small icons than downscaling one big bitmap)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])  # QPainter on text/fonts needs one
    renderer = QSvgRenderer(str(source))
    if not renderer.isValid():
        raise SystemExit(f"SVG illisible : {source}")
    rendered: dict[int, bytes] = {}
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        rendered[size] = bytes(data.data())
    return rendered


def write_ico(pngs: dict[int, bytes], target: Path) -> None:
    from PIL import Image

    images = [Image.open(io.BytesIO(pngs[size])).convert("RGBA") for size in ICO_SIZES]
    largest = images[-1]
    # Pillow stores every requested size, using the closest provided bitmap for each.
    largest.save(target, format="ICO", sizes=[(s, s) for s in ICO_SIZES], append_images=images[:-1])


def write_icns(pngs: dict[int, bytes], target: Path) -> None:
    from PIL import Image

    images = [Image.open(io.BytesIO(pngs[size])).convert("RGBA") for size in ICNS_SIZES]
    largest = images[-1]
    largest.save(target, format="ICNS", append_images=images[:-1])


def main() -> int:
    pngs = render_pngs(SOURCE, tuple(sorted(set(PNG_SIZES) | set(ICO_SIZES) | set(ICNS_SIZES))))
    for size in PNG_SIZES:
        (ICONS_DIR / f"{BASENAME}-{size}.png").write_bytes(pngs[size])
    write_ico(pngs, ICONS_DIR / f"{BASENAME}.ico")
    write_icns(pngs, ICONS_DIR / f"{BASENAME}.icns")
    APP_RESOURCES.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ICONS_DIR / f"{BASENAME}-{APP_ICON_SIZE}.png", APP_RESOURCES / f"{BASENAME}.png")
    print(f"Icônes générées dans {ICONS_DIR.relative_to(ROOT)} et {APP_RESOURCES.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
