"""Issue 13's screens: the restore offer at launch, the read-only window, the last errors (`--store`).

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/make_screenshots.py --store

The read-only window needs a real read-only disk: a tmpfs mounted and remounted read-only (root only;
skipped otherwise).
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from chorus_desktop.app import create_main_window
from chorus_desktop.core.paths import resolve_paths
from chorus_desktop.gui.restore_dialog import open_or_restore
from chorus_desktop.logging_setup import log_file
from chorus_desktop.wiring import open_context

OUT = Path(__file__).resolve().parent
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "pdfs"


def _settle(ms: int = 300) -> None:
    from PySide6.QtCore import QEventLoop

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def restore_shot() -> None:
    paths = resolve_paths(Path(tempfile.mkdtemp(prefix="chorus-desktop-shots-"))).ensure()
    context = open_context(paths)
    context.profiles.add_profile("Atelier Dupont", "73282932000074")
    context.close()
    open_context(paths).close()  # the automatic copy
    paths.database.write_bytes(b"")
    for extra in paths.database.parent.glob(paths.database.name + "-*"):
        extra.unlink()
    names = {"restoreOffer": "restore-offer.png", "restoreDone": "restore-done.png"}

    def grab_and_answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible() and box.objectName() in names:
            box.grab().save(str(OUT / names.pop(box.objectName())))
            (box.findChild(object, "restoreButton") or box.button(QMessageBox.StandardButton.Ok)).click()

    timer = QTimer()
    timer.timeout.connect(grab_and_answer)
    timer.start(200)
    open_or_restore(paths, lambda: open_context(paths)).close()
    timer.stop()
    print("saved", OUT / "restore-offer.png", OUT / "restore-done.png")


def read_only_shot() -> None:
    point = Path(tempfile.mkdtemp(prefix="chorus-desktop-ro-"))
    try:
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", str(point)], check=True,
                       capture_output=True)
    except (OSError, subprocess.CalledProcessError) as error:
        print("read-only screenshot skipped:", error)
        return
    try:
        paths = resolve_paths(point / "donnees").ensure()
        context = open_context(paths)
        context.importing.import_files([CORPUS / name for name in ("fnfe-facture-fr.pdf", "cas-ok-001.pdf")])
        context.close()
        subprocess.run(["mount", "-o", "remount,ro", str(point)], check=True, capture_output=True)
        window = create_main_window(paths.data_dir, start_background=False, extraction_process=False, sync_timer=False)
        window.resize(1400, 860)
        window.show()
        window.start_background(recover=False, sync_timer=False)
        _settle(800)
        window.table.selectRow(0)
        _settle(1500)
        window.grab().save(str(OUT / "read-only.png"))
        print("saved", OUT / "read-only.png")
        window.close()
    finally:
        subprocess.run(["umount", "-l", str(point)], check=False, capture_output=True)


def last_errors_shot() -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="chorus-desktop-shots-"))
    window = create_main_window(data_dir, start_background=False, extraction_process=False, sync_timer=False)
    log = log_file(window.paths)
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text("2026-12-06 07:00:00,120 INFO chorus_desktop.app: démarrage\n"
                   "2026-12-06 07:02:11,403 WARNING chorus_desktop.gui.controllers.editing: recipient lookup "
                   "failed for 21690123100011: Chorus Pro injoignable\n"
                   "2026-12-06 07:05:42,981 ERROR chorus_desktop.gui.controllers.syncing: sync failed: "
                   "délai dépassé\n", encoding="utf-8")
    window.show_last_errors()
    _settle(800)
    window.last_errors_dialog.grab().save(str(OUT / "last-errors.png"))
    print("saved", OUT / "last-errors.png")
    window.close()


def store_shots() -> None:
    restore_shot()
    read_only_shot()
    last_errors_shot()
