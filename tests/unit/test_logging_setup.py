"""The log file a user can send: where it is, what it says, and that no secret reaches it."""

from __future__ import annotations

import logging
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from chorus_desktop import __version__
from chorus_desktop.core.chorus.redaction import register_secret
from chorus_desktop.core.paths import resolve_paths
from chorus_desktop.logging_setup import last_errors, log_file, setup_logging


@pytest.fixture
def clean_root() -> Iterator[None]:
    root = logging.getLogger()
    before = list(root.handlers)
    yield
    for handler in root.handlers:
        if handler not in before:
            root.removeHandler(handler)
            handler.close()


def test_log_dir_option_prints_the_folder_under_an_overridden_data_dir(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "chorus_desktop", "--data-dir", str(tmp_path / "d"), "--log-dir"],
                          capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == str((tmp_path / "d" / "logs").resolve())


def test_the_log_has_version_os_and_errors_but_no_secret(tmp_path: Path, clean_root: None) -> None:
    paths = resolve_paths(tmp_path / "d")
    path = setup_logging(paths, front="test")
    assert path == log_file(paths) and path.parent == paths.log_dir
    secret, token, password = "S3cr3t-client-XYZ", "eyJhbGciOiJSUzI1NiJ9.tok.en", "Mot2Passe!Technique"
    register_secret(secret)
    log = logging.getLogger("chorus_desktop.test")
    log.warning("client_secret=%s sent", secret)
    log.error("headers: {'Authorization': 'Bearer %s'}", token)
    log.error("form: grant_type=client_credentials&password=%s&x=1", password)
    try:
        raise RuntimeError(f"refused with {secret} and Bearer {token}")
    except RuntimeError:
        log.exception("call failed")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = path.read_text(encoding="utf-8")
    assert __version__ in text and "Python" in text and " on " in text
    assert "call failed" in text and "Traceback" in text and "RuntimeError" in text
    for value in (secret, token, password):
        assert value not in text
    assert any("call failed" in line for line in last_errors(paths))


def test_a_cli_command_writes_its_session_to_the_log(tmp_path: Path) -> None:
    data_dir = tmp_path / "d"
    subprocess.run([sys.executable, "-m", "chorus_desktop", "--data-dir", str(data_dir), "list"],
                   capture_output=True, text=True, timeout=60, check=True)
    text = (data_dir / "logs" / "chorus-desktop.log").read_text(encoding="utf-8")
    assert f"Chorus Desktop {__version__} (cli list)" in text
