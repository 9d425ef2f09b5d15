"""Where the application keeps its files.

One root decides everything: the platform's user folders (platformdirs) by default, or a single
folder given by `--data-dir` / `CHORUS_DESKTOP_DATA_DIR` (tests, the demo, portable use), in which
case nothing is written anywhere else.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from chorus_desktop import APP_ID, ORGANIZATION

DATA_DIR_ENV = "CHORUS_DESKTOP_DATA_DIR"


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path
    config_dir: Path
    cache_dir: Path
    log_dir: Path

    @property
    def database(self) -> Path:
        return self.data_dir / "chorus-desktop.sqlite3"

    @property
    def documents_dir(self) -> Path:
        """PDFs copied into the store, addressed by their SHA-256."""
        return self.data_dir / "documents"

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    def ensure(self) -> AppPaths:
        for folder in (self.data_dir, self.config_dir, self.cache_dir, self.log_dir, self.documents_dir):
            folder.mkdir(parents=True, exist_ok=True)
            if os.name == "posix":
                # Invoices and their history are private to the user.
                folder.chmod(0o700)
        return self


def resolve_paths(data_dir: str | os.PathLike[str] | None = None) -> AppPaths:
    """Return the application's folders; `data_dir` (or the environment variable) overrides all of them."""
    chosen = data_dir if data_dir is not None else os.environ.get(DATA_DIR_ENV) or None
    if chosen is not None:
        root = Path(chosen).expanduser().resolve()
        return AppPaths(data_dir=root, config_dir=root / "config", cache_dir=root / "cache", log_dir=root / "logs")
    return AppPaths(
        data_dir=Path(platformdirs.user_data_dir(APP_ID, ORGANIZATION)),
        config_dir=Path(platformdirs.user_config_dir(APP_ID, ORGANIZATION)),
        cache_dir=Path(platformdirs.user_cache_dir(APP_ID, ORGANIZATION)),
        log_dir=Path(platformdirs.user_log_dir(APP_ID, ORGANIZATION)),
    )
