#!/usr/bin/env python3
"""Build Chorus Desktop for the current OS: PyInstaller one-folder build, then what users download.

    .venv/bin/pip install -e '.[package]'
    .venv/bin/python packaging/build.py [--dist DIR] [--work DIR]

Before making the archive or installer, the frozen `chorus-desktop --self-check` must print OK.

- Linux: dist/chorus-desktop/ (with the .desktop file, icons and install.sh) and
  dist/chorus-desktop-<version>-linux-<arch>.tar.gz.
- Windows: dist/chorus-desktop/, then dist/ChorusDesktop-<version>-installation.exe with Inno Setup
  (`iscc` on PATH or in its default folder); executables and installer signed when a certificate is given.
- macOS: "dist/Chorus Desktop.app", then dist/ChorusDesktop-<version>.dmg; signed and notarized by
  packaging/macos/sign_and_notarize.sh when CHORUS_MACOS_SIGN_IDENTITY is set.

Signing material comes from the environment only (never from the repository):
  Windows: CHORUS_WINDOWS_SIGN_CERT (.pfx path) + CHORUS_WINDOWS_SIGN_PASSWORD, or
           CHORUS_WINDOWS_SIGN_THUMBPRINT (certificate in the Windows store / a token);
           CHORUS_WINDOWS_TIMESTAMP_URL (optional, default below).
  macOS:   CHORUS_MACOS_SIGN_IDENTITY, and CHORUS_MACOS_NOTARY_PROFILE or CHORUS_MACOS_NOTARY_APPLE_ID +
           CHORUS_MACOS_NOTARY_TEAM_ID + CHORUS_MACOS_NOTARY_PASSWORD (see sign_and_notarize.sh).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

PACKAGING = Path(__file__).resolve().parent
ROOT = PACKAGING.parent
SPEC = PACKAGING / "chorus-desktop.spec"
ICONS = ROOT / "resources" / "icons"
DEFAULT_TIMESTAMP_URL = "http://timestamp.digicert.com"


def app_version() -> str:
    """Read __version__ without importing the package (the build may run from another checkout)."""
    source = (ROOT / "chorus_desktop" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__\s*=\s*"([^"]+)"', source, re.MULTILINE)
    if found is None:
        raise SystemExit("__version__ introuvable dans chorus_desktop/__init__.py")
    return found.group(1)


def run(command: list[str], **kwargs: object) -> None:
    print("+", " ".join(command), flush=True)
    subprocess.run(command, check=True, **kwargs)  # type: ignore[call-overload]


def pyinstaller(dist: Path, work: Path) -> Path:
    run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
            str(SPEC),
        ],
        cwd=ROOT,
    )
    return dist / "chorus-desktop"


def self_check(folder: Path) -> None:
    """Run the frozen `chorus-desktop --self-check`: a build that cannot pass it is not shipped."""
    executable = folder / ("chorus-desktop.exe" if sys.platform == "win32" else "chorus-desktop")
    env = {name: value for name, value in os.environ.items() if not name.startswith(("PYTHON", "QT_"))}
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"  # never the maintainer's keyring
    print(f"+ {executable.name} --self-check", flush=True)
    result = subprocess.run(
        [str(executable), "--self-check"],
        check=False,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
    )
    print(result.stdout, end="", flush=True)
    if result.returncode != 0 or result.stdout.strip().splitlines()[-1:] != ["OK"]:
        print(result.stderr, file=sys.stderr)
        raise SystemExit("La vérification de l'application construite a échoué : paquet non produit.")


# --- Linux ------------------------------------------------------------------------------------------


def finish_linux(folder: Path, dist: Path, version: str) -> Path:
    """Add the desktop integration files and make the archive users download."""
    applications = folder / "share" / "applications"
    icons = folder / "share" / "icons"
    applications.mkdir(parents=True, exist_ok=True)
    icons.mkdir(parents=True, exist_ok=True)
    shutil.copy2(PACKAGING / "linux" / "chorus-desktop.desktop", applications)
    for icon in sorted(ICONS.glob("chorus-desktop-*.png")):
        shutil.copy2(icon, icons)
    shutil.copy2(ICONS / "chorus-desktop.svg", icons)
    shutil.copy2(PACKAGING / "linux" / "install.sh", folder / "install.sh")
    archive = dist / f"chorus-desktop-{version}-linux-{platform.machine()}.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(folder, arcname="chorus-desktop")
    return archive


# --- Windows ----------------------------------------------------------------------------------------


def windows_sign(files: list[Path]) -> None:
    certificate = os.environ.get("CHORUS_WINDOWS_SIGN_CERT")
    thumbprint = os.environ.get("CHORUS_WINDOWS_SIGN_THUMBPRINT")
    if not certificate and not thumbprint:
        print("Pas de certificat (CHORUS_WINDOWS_SIGN_CERT / _THUMBPRINT) : fichiers non signés.", flush=True)
        return
    command = [
        "signtool",
        "sign",
        "/fd",
        "SHA256",
        "/td",
        "SHA256",
        "/tr",
        os.environ.get("CHORUS_WINDOWS_TIMESTAMP_URL", DEFAULT_TIMESTAMP_URL),
    ]
    if certificate:
        command += ["/f", certificate]
        password = os.environ.get("CHORUS_WINDOWS_SIGN_PASSWORD")
        if password:
            command += ["/p", password]
    else:
        command += ["/sha1", str(thumbprint)]
    # Not through run(): the command line may hold the certificate password.
    print(f"+ signtool sign ... {' '.join(file.name for file in files)}", flush=True)
    subprocess.run([*command, *map(str, files)], check=True)


def find_iscc() -> str:
    found = shutil.which("iscc")
    if found:
        return found
    # Default folders of an all-users and of a per-user Inno Setup 6 installation.
    candidates = [
        Path(os.environ[name]) / "Inno Setup 6" / "ISCC.exe"
        for name in ("ProgramFiles(x86)", "ProgramFiles")
        if name in os.environ
    ]
    if "LOCALAPPDATA" in os.environ:
        candidates.append(Path(os.environ["LOCALAPPDATA"]) / "Programs" / "Inno Setup 6" / "ISCC.exe")
    for candidate in candidates:
        if candidate.exists():
            return str(candidate)
    raise SystemExit(
        "Inno Setup 6 (iscc) est introuvable : installez-le depuis https://jrsoftware.org/isinfo.php"
    )


def finish_windows(folder: Path, dist: Path, version: str) -> Path:
    windows_sign([folder / "chorus-desktop.exe", folder / "ChorusDesktop.exe"])
    run(
        [
            find_iscc(),
            f"/DAppVersion={version}",
            f"/DDistDir={folder}",
            f"/DOutputDir={dist}",
            str(PACKAGING / "windows" / "chorus-desktop.iss"),
        ]
    )
    installer = dist / f"ChorusDesktop-{version}-installation.exe"
    windows_sign([installer])
    return installer


# --- macOS ------------------------------------------------------------------------------------------


def finish_macos(dist: Path, version: str) -> Path:
    app = dist / "Chorus Desktop.app"
    dmg = dist / f"ChorusDesktop-{version}.dmg"
    if os.environ.get("CHORUS_MACOS_SIGN_IDENTITY"):
        run(["sh", str(PACKAGING / "macos" / "sign_and_notarize.sh"), str(app), str(dmg)])
    else:
        print(
            "Pas d'identité (CHORUS_MACOS_SIGN_IDENTITY) : application non signée ni notarisée.", flush=True
        )
        dmg.unlink(missing_ok=True)
        run(
            [
                "hdiutil",
                "create",
                "-volname",
                "Chorus Desktop",
                "-srcfolder",
                str(app),
                "-ov",
                "-format",
                "UDZO",
                str(dmg),
            ]
        )
    return dmg


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Construire Chorus Desktop pour ce système.")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="dossier des paquets produits")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="dossier de travail de PyInstaller")
    parser.add_argument(
        "--no-installer",
        action="store_true",
        help="s'arrêter après le dossier PyInstaller (pas d'archive ni d'installateur)",
    )
    parser.add_argument(
        "--no-self-check", action="store_true", help="ne pas lancer --self-check sur l'application construite"
    )
    args = parser.parse_args(argv)
    dist, work = args.dist.resolve(), args.work.resolve()
    version = app_version()
    folder = pyinstaller(dist, work)
    print(f"Dossier de l'application : {folder}", flush=True)
    if not args.no_self_check:
        self_check(folder)
    if args.no_installer:
        return 0
    if sys.platform.startswith("linux"):
        result = finish_linux(folder, dist, version)
    elif sys.platform == "win32":
        result = finish_windows(folder, dist, version)
    elif sys.platform == "darwin":
        result = finish_macos(dist, version)
    else:
        raise SystemExit(f"Système non pris en charge : {sys.platform}")
    print(f"Paquet : {result}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
