#!/usr/bin/env python3
"""One-command setup for Chorus Desktop, with nothing but Python 3.11+ installed.

    python3 dev.py start [ARGS...]   install into .venv and start the application (ARGS go to chorus-desktop)
    python3 dev.py test [PYTEST ARGS...]   install with the test tools and run the whole test suite

On Debian/Ubuntu, the system libraries Qt needs are installed with apt-get when they are missing
(as root, or through sudo). Standard library only: this runs before anything else is installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
DEBIAN_PACKAGES = ROOT / "packaging" / "linux" / "debian-packages.txt"


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_python_version() -> None:
    if sys.version_info < (3, 11):
        sys.exit("Chorus Desktop demande Python 3.11 ou plus récent.")


def ensure_debian_packages() -> None:
    """Install the Debian packages Qt needs on Linux, when apt is there and some are missing."""
    if not sys.platform.startswith("linux") or shutil.which("dpkg-query") is None or not DEBIAN_PACKAGES.exists():
        return
    wanted = [line.split("#")[0].strip() for line in DEBIAN_PACKAGES.read_text().splitlines()]
    wanted = [name for name in wanted if name]
    missing = [name for name in wanted if subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", name], capture_output=True, text=True
    ).stdout.strip() != "install ok installed"]
    if not missing:
        return
    prefix: list[str] = [] if os.geteuid() == 0 else (["sudo"] if shutil.which("sudo") else [])
    if os.geteuid() != 0 and not prefix:
        print(f"Paquets système manquants (à installer) : {' '.join(missing)}", file=sys.stderr)
        return
    print(f"Installation des paquets système pour Qt : {' '.join(missing)}", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(prefix + ["apt-get", "update", "-q"], check=True, env=env)
    subprocess.run(prefix + ["apt-get", "install", "-y", "-q", "--no-install-recommends", *missing],
                   check=True, env=env)


def ensure_venv(extras: str) -> Path:
    if not venv_python().exists():
        print("Création de l'environnement .venv", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    python = venv_python()
    target = f"{ROOT}[{extras}]" if extras else str(ROOT)
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", "-e", target], check=True)
    return python


def main(argv: list[str]) -> int:
    ensure_python_version()
    if not argv or argv[0] not in {"start", "test"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    ensure_debian_packages()
    if command == "start":
        python = ensure_venv("")
        return subprocess.run([str(python), "-m", "chorus_desktop", *rest]).returncode
    python = ensure_venv("test")
    # Two worker processes by default: the suite is sized for a 2-core machine.
    parallel = [] if any(arg.startswith("-n") or arg == "-p" for arg in rest) else ["-n", "2"]
    return subprocess.run([str(python), "-m", "pytest", *parallel, *rest], cwd=ROOT).returncode


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
