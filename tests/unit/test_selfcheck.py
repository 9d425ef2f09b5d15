"""`chorus-desktop --self-check` from the sources: OK on a working installation, French failures otherwise.

The checks run in subprocesses (as users run them), so Qt is never loaded into the test process.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from chorus_desktop import selfcheck

RESOURCES = Path(selfcheck.__file__).resolve().parent / "resources"
STATUS_PREFIXES = ("[OK]", "[ATTENTION]", "[ÉCHEC]", "[IGNORÉ]")


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "chorus_desktop", *args],
        check=False,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )


def run_with_sample(sample: Path) -> subprocess.CompletedProcess[str]:
    """run_self_check(sample=...) in a fresh interpreter: how a damaged installation would behave."""
    script = (
        "import sys; from pathlib import Path; from chorus_desktop.selfcheck import run_self_check; "
        f"sys.exit(run_self_check(sample=Path({str(sample)!r})))"
    )
    return subprocess.run(
        [sys.executable, "-c", script],
        check=False,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def status_lines(output: str) -> dict[str, str]:
    """{check label: its status line} from the self-check's output."""
    lines = {}
    for line in output.splitlines():
        if line.startswith(STATUS_PREFIXES):
            label = line.split("]", 1)[1].strip().split(" : ", 1)[0]
            lines[label] = line
    return lines


def test_self_check_from_source_prints_one_line_per_check_and_ok() -> None:
    result = run_cli("--self-check")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[-1] == "OK"
    statuses = status_lines(result.stdout)
    assert list(statuses) == [label for label, _ in selfcheck.CHECKS]
    assert all(line.startswith(("[OK]", "[ATTENTION]")) for line in statuses.values())
    # The sample's own values came out of the extraction, both from its XML and from its page.
    expected = json.loads((RESOURCES / "sample-invoice.json").read_text(encoding="utf-8"))
    assert expected["invoice_number"] in statuses["Extraction Factur-X"]
    assert expected["invoice_number"] in statuses["Extraction page"]
    assert "depuis les sources" in lines[0]


def test_missing_sample_fails_with_a_french_message(tmp_path: Path) -> None:
    result = run_with_sample(tmp_path / "absent" / "sample-invoice.pdf")
    assert result.returncode == 1
    statuses = status_lines(result.stdout)
    assert statuses["Facture exemple"].startswith("[ÉCHEC]")
    assert "la facture exemple est introuvable" in statuses["Facture exemple"]
    assert statuses["Extraction page"].startswith("[IGNORÉ]")
    # Checks that do not need the sample still ran.
    assert statuses["Stockage"].startswith("[OK]")
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("ÉCHEC : ") and "Facture exemple" in last
    assert "Traceback" not in result.stdout + result.stderr


def test_a_damaged_sample_makes_the_reading_checks_fail(tmp_path: Path) -> None:
    sample = tmp_path / "sample-invoice.pdf"
    sample.write_bytes(b"%PDF-1.7\nceci n'est plus une facture\n")
    shutil.copy(RESOURCES / "sample-invoice.json", tmp_path / "sample-invoice.json")
    result = run_with_sample(sample)
    assert result.returncode == 1
    statuses = status_lines(result.stdout)
    for label in ("PDF", "Factur-X", "Extraction Factur-X", "Extraction page"):
        assert statuses[label].startswith("[ÉCHEC]"), statuses[label]
    assert "n'a pas pu être lue" in statuses["Extraction page"]
    assert statuses["Qt"].startswith("[OK]")


def test_extraction_is_compared_with_the_expected_values(tmp_path: Path) -> None:
    shutil.copy(RESOURCES / "sample-invoice.pdf", tmp_path / "sample-invoice.pdf")
    expected = json.loads((RESOURCES / "sample-invoice.json").read_text(encoding="utf-8"))
    expected["total_ttc"] = "9999.99"
    (tmp_path / "sample-invoice.json").write_text(json.dumps(expected), encoding="utf-8")
    result = run_with_sample(tmp_path / "sample-invoice.pdf")
    assert result.returncode == 1
    statuses = status_lines(result.stdout)
    assert statuses["Extraction page"].startswith("[ÉCHEC]")
    assert "attendu : 9999.99" in statuses["Extraction page"]
    assert statuses["PDF"].startswith("[OK]")


def test_no_usable_keyring_is_a_warning_not_a_failure() -> None:
    env = dict(os.environ, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    result = run_cli("--self-check", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    trousseau = status_lines(result.stdout)["Trousseau"]
    assert trousseau.startswith("[ATTENTION]")
    assert "identifiants Chorus Pro" in trousseau
    assert result.stdout.strip().splitlines()[-1] == "OK"


def test_offscreen_is_set_for_the_qt_check_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    with selfcheck.offscreen_qt():
        assert os.environ["QT_QPA_PLATFORM"] == "offscreen"
    assert os.environ["QT_QPA_PLATFORM"] == "xcb"
    monkeypatch.delenv("QT_QPA_PLATFORM")
    with selfcheck.offscreen_qt():
        assert os.environ["QT_QPA_PLATFORM"] == "offscreen"
    assert "QT_QPA_PLATFORM" not in os.environ


def test_resources_are_found_inside_a_frozen_bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert (selfcheck.resources_dir() / selfcheck.SAMPLE_NAME).is_file()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert selfcheck.resources_dir() == tmp_path / "chorus_desktop" / "resources"
