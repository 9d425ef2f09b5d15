"""Opening the SQLite file: private to the user, WAL, foreign keys, a busy timeout.

The connection runs in autocommit mode; writes go through `transaction()` (BEGIN IMMEDIATE), so a
crash at any point leaves either the whole change or none of it.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from chorus_desktop.core.errors import (
    ChorusDesktopError,
    DiskFullError,
    EnvironmentFailure,
    ReadOnlyStoreError,
)

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


_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}


def storage_error(error: OSError, where: Path) -> OSError | ChorusDesktopError:
    """The store's French error for a full or read-only disk; other errors are returned as they are."""
    if error.errno in _DISK_FULL:
        return DiskFullError(code="disque_plein", params={"path": where})
    if error.errno in _READ_ONLY:
        return ReadOnlyStoreError(code="lecture_seule", params={"path": where})
    return error


def sqlite_failure(error: sqlite3.Error, where: Path) -> ChorusDesktopError | None:
    """The French error for SQLite's "disk full", "read-only" and "damaged file" failures, else None."""
    text = str(error).lower()
    if "disk is full" in text or "disk i/o error" in text and _disk_full(where):
        return DiskFullError(code="disque_plein", params={"path": where.parent})
    if "readonly" in text or "read-only" in text:
        return ReadOnlyStoreError(code="lecture_seule", params={"path": where.parent})
    if isinstance(error, sqlite3.DatabaseError) and ("malformed" in text or "not a database" in text):
        return EnvironmentFailure(code="base_abimee", params={"path": where, "reason": str(error)})
    return None


def _disk_full(where: Path) -> bool:
    try:
        stats = os.statvfs(where.parent)
    except (OSError, AttributeError):
        return False
    return stats.f_bavail * stats.f_frsize < 64 * 1024


def connect_read_only(path: Path) -> sqlite3.Connection:
    """Open an existing database without writing anything (a read-only folder or disk). SQLite's WAL needs
    a writable -shm file; when it cannot be made, the file is read as immutable."""
    last: sqlite3.Error | None = None
    for options in ("mode=ro", "mode=ro&immutable=1"):
        try:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?{options}", uri=True, isolation_level=None,
                                   check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
            conn.row_factory = sqlite3.Row
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.Error as error:
            last = error
    raise EnvironmentFailure(code="base_abimee", params={"path": path, "reason": str(last)})


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
        known = (storage_error(error, path.parent) if isinstance(error, OSError)
                 else sqlite_failure(error, path))
        if isinstance(known, ChorusDesktopError):
            raise known from error
        raise EnvironmentFailure(f"Impossible d'ouvrir la base de données « {path} » : {error}.",
                                 code="base_inaccessible") from error
    return conn


class Database:
    """One connection shared by the threads of the process, with a lock around each use."""

    def __init__(self, conn: sqlite3.Connection, path: Path, *, read_only: bool = False) -> None:
        self.conn = conn
        self.path = path
        self.read_only = read_only  # opened from a read-only folder or disk: every write is refused
        self._lock = threading.RLock()
        self._depth = 0

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (BEGIN IMMEDIATE); nested calls join the outer one. A full disk or a
        read-only folder become French errors (`DiskFullError`, `ReadOnlyStoreError`), all rolled back."""
        if self.read_only:
            raise ReadOnlyStoreError(code="lecture_seule", params={"path": self.path.parent})
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self.conn
                finally:
                    self._depth -= 1
                return
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as error:
                raise sqlite_failure(error, self.path) or error from error
            self._depth = 1
            try:
                yield self.conn
            except BaseException as error:
                self._depth = 0
                self._rollback()
                known = sqlite_failure(error, self.path) if isinstance(error, sqlite3.Error) else None
                if known is not None:
                    raise known from error
                raise
            self._depth = 0
            try:
                self.conn.execute("COMMIT")
            except sqlite3.Error as error:
                self._rollback()
                raise sqlite_failure(error, self.path) or error from error
            _make_side_files_private(self.path)

    def _rollback(self) -> None:
        try:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass  # SQLite already rolled back (e.g. after a full disk)

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """Serialise reads with writes of other threads on the shared connection."""
        with self._lock:
            yield self.conn

    def close(self) -> None:
        with self._lock:
            self.conn.close()
