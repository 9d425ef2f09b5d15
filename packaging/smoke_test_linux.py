#!/usr/bin/env python3
"""Build the Linux package on this machine and run the frozen application, as a user would.

    .venv/bin/pip install -e '.[package]'
    .venv/bin/python packaging/smoke_test_linux.py [--from-git HEAD] [--skip-build] [--pdf FICHIER.pdf]

Steps (any failure stops with exit status 1):
1. `packaging/build.py`: PyInstaller one-folder build + the .tar.gz users download (into build/smoke/);
   with `--from-git REF`, from a clean export of that commit rather than the working tree, so that
   files someone has not committed yet cannot make the test pass or fail.
2. the archive is unpacked into a temporary folder (what users get, not the build folder itself);
3. frozen `chorus-desktop --version` prints the version of the sources;
4. frozen `chorus-desktop --self-check` ends with `OK` and exit status 0;
5. frozen `chorus-desktop extract --json` on a corpus PDF returns the invoice number and total TTC
   printed on it (from the corpus' truth.tsv);
6. frozen `chorus-desktop <corpus PDF>` (what "Ouvrir avec" runs) starts the desktop application
   offscreen and imports the PDF (seen through the frozen `list --json`), without a Python traceback.
The frozen runs get a throw-away data folder and no PYTHONPATH: they see only what the package ships.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import time
from decimal import Decimal
from pathlib import Path

PACKAGING = Path(__file__).resolve().parent
ROOT = PACKAGING.parent
DEFAULT_OUTPUT = ROOT / "build" / "smoke"
DEFAULT_PDF = ROOT.parent / "shared" / "corpus" / "pdfs" / "fnfe-facture-fr.pdf"


class SmokeFailure(Exception):
    pass


def step(message: str) -> None:
    print(f"\n== {message}", flush=True)


def source_version(root: Path) -> str:
    text = (root / "chorus_desktop" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.MULTILINE)
    if found is None:
        raise SmokeFailure("__version__ introuvable dans les sources")
    return found.group(1)


def export_commit(ref: str, target: Path) -> Path:
    """Copy the files of one commit (no .git, no untracked files) into `target`."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", ref], check=True, capture_output=True
    ).stdout
    target.mkdir(parents=True)
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", ref], check=True, capture_output=True, text=True
    ).stdout.strip()
    print(f"Sources : commit {commit} exporté dans {target}")
    return target


def build(source_root: Path, output: Path) -> Path:
    dist, work = output / "dist", output / "work"
    shutil.rmtree(dist, ignore_errors=True)
    started = time.monotonic()
    subprocess.run(
        [
            sys.executable,
            str(source_root / "packaging" / "build.py"),
            "--dist",
            str(dist),
            "--work",
            str(work),
        ],
        check=True,
        cwd=source_root,
    )
    print(f"Construction : {time.monotonic() - started:.0f} s")
    archives = sorted(dist.glob("chorus-desktop-*-linux-*.tar.gz"))
    if not archives:
        raise SmokeFailure(f"aucune archive .tar.gz dans {dist}")
    return archives[-1]


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink())


def frozen_env(data_dir: Path) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("PYTHON", "QT_", "CHORUS_DESKTOP_")) and name not in {"VIRTUAL_ENV"}
    }
    env["CHORUS_DESKTOP_DATA_DIR"] = str(data_dir)
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"  # never the real keyring of this machine
    return env


def run_frozen(executable: Path, args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    print("+ chorus-desktop", " ".join(args), flush=True)
    result = subprocess.run(
        [str(executable), *args], check=False, capture_output=True, text=True, env=env, timeout=300
    )
    print(result.stdout.rstrip()[-4000:])
    if result.stderr.strip():
        print("[stderr]", result.stderr.rstrip()[-4000:])
    return result


def truth_for(pdf: Path) -> dict[str, str] | None:
    truth_file = pdf.parent.parent / "truth.tsv"
    if not truth_file.exists():
        return None
    with truth_file.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row["id"] == pdf.stem:
                return row
    return None


def check_version(executable: Path, env: dict[str, str], version: str) -> None:
    result = run_frozen(executable, ["--version"], env)
    if result.returncode != 0 or version not in result.stdout:
        raise SmokeFailure(f"--version : code {result.returncode}, attendu « {version} » dans la sortie")


def check_self_check(executable: Path, env: dict[str, str]) -> None:
    result = run_frozen(executable, ["--self-check"], env)
    lines = result.stdout.strip().splitlines()
    if result.returncode != 0 or not lines or lines[-1] != "OK":
        raise SmokeFailure(f"--self-check : code {result.returncode}, dernière ligne {lines[-1:]}")


def check_extract(executable: Path, env: dict[str, str], pdf: Path) -> None:
    result = run_frozen(executable, ["extract", "--json", str(pdf)], env)
    if result.returncode != 0:
        raise SmokeFailure(f"extract : code {result.returncode}")
    try:
        data = json.loads(result.stdout.strip().splitlines()[0])
    except (ValueError, IndexError) as error:
        raise SmokeFailure(f"extract --json : sortie qui n'est pas du JSON ({error})") from error
    truth = truth_for(pdf)
    if truth is None:
        if not data.get("readable") or not data.get("invoice_number"):
            raise SmokeFailure("extract : aucun numéro de facture lu")
        return
    if data.get("invoice_number") != truth["invoice_number"]:
        raise SmokeFailure(
            f"extract : numéro {data.get('invoice_number')!r}, attendu {truth['invoice_number']!r}"
        )
    if truth["total_ttc"] and Decimal(str(data.get("total_ttc"))) != Decimal(truth["total_ttc"]):
        raise SmokeFailure(f"extract : total TTC {data.get('total_ttc')}, attendu {truth['total_ttc']}")


def imported_numbers(executable: Path, env: dict[str, str]) -> list[str]:
    """Invoice numbers in the store, through the frozen `chorus-desktop list --json`."""
    result = subprocess.run(
        [str(executable), "list", "--json"], check=False, capture_output=True, text=True, env=env, timeout=120
    )
    if result.returncode != 0:
        return []
    try:
        return [str(row.get("numeroFactureSaisi")) for row in json.loads(result.stdout)]
    except (ValueError, AttributeError):
        return []


def check_gui_opens_pdf(
    executable: Path, env: dict[str, str], pdf: Path, log_dir: Path, limit_seconds: float = 90.0
) -> None:
    """`chorus-desktop facture.pdf` (what "Ouvrir avec" runs) starts the window and imports the PDF."""
    print(f"+ chorus-desktop {pdf.name}   (fenêtre, QT_QPA_PLATFORM=offscreen)", flush=True)
    expected = (truth_for(pdf) or {}).get("invoice_number")
    log_file = log_dir / "gui.log"
    with log_file.open("w", encoding="utf-8") as log:
        # Own process group: the application starts a worker process, which must stop with it.
        process = subprocess.Popen(
            [str(executable), str(pdf)],
            env={**env, "QT_QPA_PLATFORM": "offscreen"},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + limit_seconds
            numbers: list[str] = []
            while process.poll() is None and time.monotonic() < deadline:
                numbers = imported_numbers(executable, env)
                if numbers and (expected is None or expected in numbers):
                    break
                time.sleep(0.5)
            exit_code = process.poll()
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
    output = log_file.read_text(encoding="utf-8", errors="replace")
    if exit_code is not None:
        print(output.rstrip()[-4000:])
        raise SmokeFailure(f"l'application s'est arrêtée d'elle-même au démarrage (code {exit_code})")
    if "Traceback" in output:
        print(output.rstrip()[-4000:])
        raise SmokeFailure("l'application a écrit une erreur Python")
    if not numbers or (expected is not None and expected not in numbers):
        raise SmokeFailure(
            f"la facture ouverte n'a pas été importée en {limit_seconds:.0f} s (lu : {numbers})"
        )
    print(f"fenêtre ouverte, facture {numbers[0]} importée, application arrêtée")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--from-git", metavar="REF", help="construire ce commit (ex. HEAD) et non le dossier de travail"
    )
    parser.add_argument(
        "--output", type=Path, default=DEFAULT_OUTPUT, help="dossier de sortie (dist/ et work/)"
    )
    parser.add_argument(
        "--skip-build", action="store_true", help="tester l'archive déjà construite dans --output"
    )
    parser.add_argument("--pdf", type=Path, default=DEFAULT_PDF, help="facture du corpus pour `extract`")
    args = parser.parse_args(argv)
    if not sys.platform.startswith("linux"):
        print("Ce test construit le paquet Linux : lancez-le sous Linux.", file=sys.stderr)
        return 2
    output = args.output.resolve()
    with tempfile.TemporaryDirectory(prefix="chorus-desktop-smoke-") as temporary:
        temp = Path(temporary)
        try:
            source_root = export_commit(args.from_git, temp / "source") if args.from_git else ROOT
            version = source_version(source_root)
            if args.skip_build:
                archive = max((output / "dist").glob("chorus-desktop-*-linux-*.tar.gz"))
            else:
                step("Construction du paquet Linux")
                archive = build(source_root, output)
            step(f"Décompression de {archive.name}")
            with tarfile.open(archive) as tar:
                tar.extractall(temp / "installed", filter="tar")
            folder = temp / "installed" / "chorus-desktop"
            executable = folder / "chorus-desktop"
            print(
                f"Dossier : {folder_size(folder) / 1e6:.0f} Mo ; archive : {archive.stat().st_size / 1e6:.0f} Mo"
            )
            env = frozen_env(temp / "data")
            step("chorus-desktop --version")
            check_version(executable, env, version)
            step("chorus-desktop --self-check")
            check_self_check(executable, env)
            step(f"chorus-desktop extract --json {args.pdf.name}")
            check_extract(executable, env, args.pdf)
            step(f"chorus-desktop {args.pdf.name} (application de bureau, « Ouvrir avec »)")
            check_gui_opens_pdf(executable, env, args.pdf, temp)
        except (SmokeFailure, subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
            print(f"\nÉCHEC du test du paquet : {error}", file=sys.stderr)
            return 1
    print("\nTest du paquet Linux réussi.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
