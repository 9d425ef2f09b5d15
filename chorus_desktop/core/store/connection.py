"""Opening the SQLite file: private to the user, WAL, foreign keys, a busy timeout.

The connection runs in autocommit mode; writes go through `transaction()` (BEGIN IMMEDIATE), so a
crash at any point leaves either the whole change or none of it.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from chorus_desktop.core.errors import EnvironmentFailure

BUSY_TIMEOUT_MS = 5000


def _create_private_file(path: Path) -> None:
    """Create the database file with mode 0600 before SQLite does (SQLite would use the umask)."""
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
    if os.name == "posix":
        path.chmod(0o600)


def _make_side_files_private(path: Path) -> None:
    if os.name != "posix":
        return
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.chmod(0o600)


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) the database at `path` with the project's settings."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _create_private_file(path)
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA foreign_keys = ON")
        # NORMAL is durable across application crashes in WAL mode; only an OS crash may lose the last commit.
        conn.execute("PRAGMA synchronous = NORMAL")
        _make_side_files_private(path)
    except (OSError, sqlite3.Error) as error:
        raise EnvironmentFailure(f"Impossible d'ouvrir la base de données « {path} » : {error}.",
                                 code="base_inaccessible") from error
    return conn


class Database:
    """One connection shared by the threads of the process, with a lock around each use."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self._lock = threading.RLock()
        self._depth = 0

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (BEGIN IMMEDIATE); nested calls join the outer one."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self.conn
                finally:
                    self._depth -= 1
                return
            self.conn.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield self.conn
            except BaseException:
                self._depth = 0
                self.conn.execute("ROLLBACK")
                raise
            self._depth = 0
            self.conn.execute("COMMIT")
            _make_side_files_private(self.path)

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """Serialise reads with writes of other threads on the shared connection."""
        with self._lock:
            yield self.conn

    def close(self) -> None:
        with self._lock:
            self.conn.close()
