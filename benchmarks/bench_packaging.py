#!/usr/bin/env python3
"""Size of the Linux one-folder build and its start time to `--self-check` OK.

    .venv/bin/python packaging/smoke_test_linux.py          # builds build/smoke/dist/chorus-desktop
    .venv/bin/python benchmarks/bench_packaging.py [--runs 9] [--folder build/smoke/dist/chorus-desktop]

Start time = wall time from launching the frozen executable to its exit, `--self-check` having printed
OK (every library loaded, Qt started offscreen, the sample invoice extracted twice). The first run is
reported apart (files not yet in the page cache), then the median of the next runs. The frozen
executable gets a throw-away data folder and no Python variables, as in the smoke test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FOLDER = ROOT / "build" / "smoke" / "dist" / "chorus-desktop"


def folder_size(folder: Path) -> tuple[int, int]:
    files = [path for path in folder.rglob("*") if path.is_file() and not path.is_symlink()]
    return sum(path.stat().st_size for path in files), len(files)


def clean_env(data_dir: Path) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("PYTHON", "QT_", "CHORUS_DESKTOP_")) and name != "VIRTUAL_ENV"
    }
    env["CHORUS_DESKTOP_DATA_DIR"] = str(data_dir)
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
    return env


def timed_run(executable: Path, args: list[str], env: dict[str, str], must_end_with: str | None) -> float:
    started = time.perf_counter()
    result = subprocess.run(
        [str(executable), *args], check=False, capture_output=True, text=True, env=env, timeout=300
    )
    elapsed = time.perf_counter() - started
    lines = result.stdout.strip().splitlines()
    if result.returncode != 0 or (must_end_with is not None and lines[-1:] != [must_end_with]):
        raise SystemExit(
            f"{' '.join(args)} a échoué (code {result.returncode}) :\n{result.stdout}{result.stderr}"
        )
    return elapsed


def measure(
    executable: Path, args: list[str], env: dict[str, str], runs: int, must_end_with: str | None = None
) -> tuple[float, float, list[float]]:
    first = timed_run(executable, args, env, must_end_with)
    times = [timed_run(executable, args, env, must_end_with) for _ in range(runs)]
    return first, statistics.median(times), times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=DEFAULT_FOLDER, help="dossier one-folder construit")
    parser.add_argument("--runs", type=int, default=9, help="nombre de lancements mesurés (après le premier)")
    args = parser.parse_args(argv)
    executable = args.folder / "chorus-desktop"
    if not executable.exists():
        print(f"{executable} introuvable : lancez d'abord packaging/smoke_test_linux.py", file=sys.stderr)
        return 2
    size, count = folder_size(args.folder)
    archives = sorted(args.folder.parent.glob("chorus-desktop-*-linux-*.tar.gz"))
    with tempfile.TemporaryDirectory(prefix="chorus-desktop-bench-") as temporary:
        env = clean_env(Path(temporary))
        version_first, version_median, _ = measure(executable, ["--version"], env, args.runs)
        check_first, check_median, check_times = measure(executable, ["--self-check"], env, args.runs, "OK")
        # The same from the sources (this virtual environment), for comparison.
        source_env = {**env, "PATH": os.environ.get("PATH", "")}
        _, source_median, _ = measure(
            Path(sys.executable), ["-m", "chorus_desktop", "--self-check"], source_env, args.runs, "OK"
        )
    print(f"One-folder build: {size / 1e6:.0f} MB in {count} files ({args.folder})")
    if archives:
        print(f"Archive: {archives[-1].stat().st_size / 1e6:.0f} MB ({archives[-1].name})")
    print(f"--version: first run {version_first:.2f} s, median {version_median:.2f} s over {args.runs} runs")
    print(
        f"--self-check to OK: first run {check_first:.2f} s, median {check_median:.2f} s over {args.runs} runs "
        f"(min {min(check_times):.2f} s, max {max(check_times):.2f} s)"
    )
    print(f"--self-check from the sources (python -m chorus_desktop): median {source_median:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
