"""Test isolation: Qt offscreen, no real user folders, no real keyring.

This runs before any test module imports Qt or keyring, so the environment set here is what every
test (and every `chorus-desktop` subprocess a test starts) sees.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = ROOT.parent / "shared" / "corpus"
TESTS_DATA = Path(__file__).resolve().parent / "data"

# Qt draws nothing on a screen during tests.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
# The whole test session lives in a throw-away home: platformdirs, settings and caches can never reach
# the real user's folders, even for code that forgets to take the --data-dir override.
_SESSION_HOME = Path(tempfile.mkdtemp(prefix="chorus-desktop-tests-"))
for _name in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "APPDATA",
              "LOCALAPPDATA"):
    os.environ[_name] = str(_SESSION_HOME / _name.lower())
# keyring: an in-memory backend, never the OS keyring (also for subprocesses, through the env var).
# Test helpers (fixtures kits, corpora, generators, the memory keyring) live in tests/support.
SUPPORT = Path(__file__).resolve().parent / "support"
sys.path.insert(0, str(SUPPORT))
os.environ["PYTHON_KEYRING_BACKEND"] = "memory_keyring.MemoryKeyring"
os.environ["PYTHONPATH"] = os.pathsep.join([str(SUPPORT), *filter(None, [os.environ.get("PYTHONPATH")])])
os.environ.pop("CHORUS_DESKTOP_DATA_DIR", None)


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data folder through CHORUS_DESKTOP_DATA_DIR and a fresh keyring."""
    data_dir = tmp_path / "data"
    monkeypatch.setenv("CHORUS_DESKTOP_DATA_DIR", str(data_dir))
    import keyring

    from memory_keyring import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())
    return data_dir


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not (CORPUS_DIR / "pdfs").is_dir():
        pytest.fail(f"le corpus partagé est introuvable : {CORPUS_DIR}")
    return CORPUS_DIR
