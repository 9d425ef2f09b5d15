"""Rotating copies of the database, made with SQLite's online backup API, and their restoration.

A copy is made when the store is opened (at most every `BACKUP_INTERVAL`, so a command line used in a
script does not copy a large store each time) and always before a migration; the last `GENERATIONS`
copies are kept in `<data folder>/backups/`. A copy is written to a temporary file, checked
(`PRAGMA quick_check`; the full `integrity_check` runs before a restoration) and renamed: a copy that
exists is whole. Cost: ~2 s once every 12 h for a 100,000-invoice (276 MB) store, ~1 ms otherwise.
Failing to make one (disk full, read-only folder) never stops the store from opening.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from chorus_desktop.core.errors import EnvironmentFailure
from chorus_desktop.core.store.migrations import LATEST_VERSION

log = logging.getLogger(__name__)

GENERATIONS = 5
BACKUP_INTERVAL = dt.timedelta(hours=12)
PREFIX = "chorus-desktop-"
SUFFIX = ".sqlite3"


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    made_at: dt.datetime
    size: int


def backups_dir(database: Path) -> Path:
    return database.parent / "backups"


def list_backups(database: Path) -> list[BackupInfo]:
    """The automatic copies, newest first."""
    folder = backups_dir(database)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob(f"{PREFIX}*{SUFFIX}"):
        stamp = path.name[len(PREFIX):-len(SUFFIX)].split("-v")[0]
        try:
            made_at = dt.datetime.strptime(stamp, "%Y%m%d-%H%M%S-%f").replace(tzinfo=dt.UTC)
            size = path.stat().st_size
        except (ValueError, OSError):
            continue
        found.append(BackupInfo(path, made_at, size))
    return sorted(found, key=lambda b: b.made_at, reverse=True)


def backup_due(database: Path, now: dt.datetime) -> bool:
    newest = next(iter(list_backups(database)), None)
    return newest is None or now - newest.made_at >= BACKUP_INTERVAL


def make_backup(conn: sqlite3.Connection, database: Path, *, reason: str = "auto",
                now: dt.datetime | None = None) -> Path | None:
    """Copy the open database `conn` next to it (rotating); None when no copy could be made."""
    moment = now or dt.datetime.now(dt.UTC)
    folder = backups_dir(database)
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    target = folder / f"{PREFIX}{moment:%Y%m%d-%H%M%S-%f}-v{version}-{reason}{SUFFIX}"
    temp = target.with_name(target.name + ".tmp")
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        copy = sqlite3.connect(temp)
        try:
            conn.backup(copy)
            if copy.execute("PRAGMA quick_check").fetchone()[0] != "ok":  # integrity_check at restore
                raise sqlite3.DatabaseError("copy not intact")
        finally:
            copy.close()
        if os.name == "posix":
            temp.chmod(0o600)
        os.replace(temp, target)
    except (OSError, sqlite3.Error) as error:
        log.warning("no backup of the database (%s): %s", reason, error)
        temp.unlink(missing_ok=True)
        return None
    for old in list_backups(database)[GENERATIONS:]:
        old.path.unlink(missing_ok=True)
    return target


def check_copy(path: Path) -> int:
    """Open a database copy read-only and check it; returns its schema version. Raises EnvironmentFailure."""
    if not path.is_file() or path.stat().st_size == 0:
        raise EnvironmentFailure(code="sauvegarde_invalide", params={"path": path, "reason": "fichier vide"})
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            result = conn.execute("PRAGMA integrity_check").fetchone()[0]
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            conn.execute("SELECT count(*) FROM invoices").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as error:
        raise EnvironmentFailure(code="sauvegarde_invalide", params={"path": path, "reason": str(error)}) from None
    if result != "ok":
        raise EnvironmentFailure(code="sauvegarde_invalide", params={"path": path, "reason": result})
    if version > LATEST_VERSION:
        raise EnvironmentFailure(code="schema_trop_recent_sauvegarde", params={"path": path})
    return version


def restore_copy(source: Path, database: Path, now: dt.datetime | None = None) -> Path | None:
    """Put the checked copy `source` in place of `database`; the file replaced (if any, even damaged) is
    kept in backups/ as `avant-restauration-…`. Returns where it was kept."""
    check_copy(source)
    moment = now or dt.datetime.now(dt.UTC)
    folder = backups_dir(database)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    kept: Path | None = None
    if database.exists():
        kept = folder / f"avant-restauration-{moment:%Y%m%d-%H%M%S}{SUFFIX}"
        os.replace(database, kept)
    for side in ("-wal", "-shm"):  # they belong to the replaced file
        side_file = database.with_name(database.name + side)
        if side_file.exists():
            if kept is not None:
                os.replace(side_file, kept.with_name(kept.name + side))
            else:
                side_file.unlink()
    temp = database.with_name(database.name + ".restore.tmp")
    source_conn = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        target = sqlite3.connect(temp)
        try:
            source_conn.backup(target)
        finally:
            target.close()
    finally:
        source_conn.close()
    if os.name == "posix":
        temp.chmod(0o600)
    os.replace(temp, database)
    return kept
