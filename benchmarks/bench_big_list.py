"""The window with 100,000 invoices: first rows after launch, event-loop gaps while scrolling, searching, refreshing.

    .venv/bin/python benchmarks/bench_big_list.py [--invoices 100000] [--scroll-seconds 20]

Fills a store like bench_store.py, then opens the real main window on it (offscreen, in process) and measures:
- launch to first rows shown (window built, first page read on a worker and shown; target < 1.5 s);
- the longest gap of a 10 ms QTimer while scrolling towards the end (End pressed again and again; pages are
  read on a worker as the view asks for them);
- searching (typing a number: the query runs in SQL on a worker) and refreshing the list (what a
  synchronisation ends with): time to the new rows and longest event-loop gap (target < 200 ms).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "memory_keyring.MemoryKeyring")
sys.path.insert(0, str(ROOT / "tests" / "support"))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

from bench_store import fill
from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QApplication
from storekit import SUPPLIER_SIRET

from chorus_desktop.core.paths import resolve_paths
from chorus_desktop.core.store import Store
from chorus_desktop.wiring import build_context


class GapMeter:
    """A 10 ms timer; the longest interval between two ticks is the longest time the event loop was busy."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.longest = 0.0
        self._last = 0

    def start(self) -> None:
        self.longest, self._last = 0.0, 0
        self.clock.start()
        self.timer.start()

    def _tick(self) -> None:
        now = self.clock.elapsed()
        self.longest = max(self.longest, float(now - self._last))
        self._last = now

    def stop(self) -> float:
        self._tick()
        self.timer.stop()
        return self.longest


def spin_until(app: QApplication, condition, timeout_s: float) -> bool:
    end = time.perf_counter() + timeout_s
    while not condition():
        if time.perf_counter() > end:
            return False
        app.processEvents()
        time.sleep(0.001)
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--invoices", type=int, default=100_000)
    parser.add_argument("--scroll-seconds", type=float, default=20.0)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    from chorus_desktop.app import create_main_window

    with tempfile.TemporaryDirectory(prefix="bench-big-list-") as folder:
        paths = resolve_paths(folder).ensure()
        store = Store.open(paths)
        profile = build_context(store).profiles.add_profile("ACME", SUPPLIER_SIRET, chorus_supplier_id=26123)
        fill(store, args.invoices, profile.id)
        store.close()

        started = time.perf_counter()
        window = create_main_window(folder, start_background=False, extraction_process=False)
        window.show()
        window.refresh_list()
        spin_until(app, lambda: window.proxy.rowCount() > 0, 30)
        first_rows = time.perf_counter() - started
        model, meter = window.model, GapMeter()
        print(f"launch to first rows shown: {first_rows * 1000:.0f} ms ({model.rowCount()} rows of {model.total})")

        meter.start()
        scroll_end = time.perf_counter() + args.scroll_seconds
        while model.rowCount() < model.total and time.perf_counter() < scroll_end:
            window.table.scrollToBottom()
            app.processEvents()
            time.sleep(0.001)
        print(f"scrolling for {time.perf_counter() - (scroll_end - args.scroll_seconds):.1f} s: "
              f"{model.rowCount()} rows of {model.total} read; longest event-loop gap {meter.stop():.0f} ms")

        meter.start()
        started = time.perf_counter()
        window.search.setText("FA-0099999")
        spin_until(app, lambda: model.rowCount() == 1 and model.query.search == "FA-0099999", 30)
        print(f"search by number: {(time.perf_counter() - started) * 1000:.0f} ms to the result; "
              f"longest event-loop gap {meter.stop():.0f} ms")
        window.search.setText("")
        spin_until(app, lambda: model.query.search == "" and model.rowCount() > 1, 30)

        refreshed: list[bool] = []
        window.editing.list_refreshed.connect(lambda: refreshed.append(True))
        meter.start()
        started = time.perf_counter()
        window.refresh_list()  # what a synchronisation ends with
        spin_until(app, lambda: bool(refreshed), 30)
        print(f"list refresh after a synchronisation: {(time.perf_counter() - started) * 1000:.0f} ms; "
              f"longest event-loop gap {meter.stop():.0f} ms")
        window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
