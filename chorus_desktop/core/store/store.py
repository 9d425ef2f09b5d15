"""`Store`: one SQLite database plus its documents folder, opened, migrated and swept of crash leftovers."""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from chorus_desktop.core.errors import ChorusDesktopError, EnvironmentFailure, ReadOnlyStoreError
from chorus_desktop.core.paths import AppPaths
from chorus_desktop.core.store.backups import backup_due, list_backups, make_backup
from chorus_desktop.core.store.codec import now_utc
from chorus_desktop.core.store.connection import Database, connect, connect_read_only, sqlite_failure
from chorus_desktop.core.store.documents import DocumentRepository
from chorus_desktop.core.store.history import HistoryRepository
from chorus_desktop.core.store.invoices import InvoiceRepository
from chorus_desktop.core.store.learning import LearningRepository
from chorus_desktop.core.store.migrations import LATEST_VERSION, migrate, schema_version
from chorus_desktop.core.store.profiles import ProfileRepository
from chorus_desktop.core.store.recipients import RecipientRepository
from chorus_desktop.core.store.written import WrittenRepository

log = logging.getLogger(__name__)


def _writable(database: Path) -> bool:
    """Whether the store can be written (the folder, and the file when it exists). os.access sees a
    read-only mount even for root; a folder merely chmod-ed read-only does not stop root."""
    folder = database.parent
    if not os.access(folder, os.W_OK):
        return not database.exists()  # nothing to read: let the creation fail with its own message
    return not database.exists() or os.access(database, os.W_OK)


def _refuse_lost_database(database: Path, documents_dir: Path) -> None:
    """A database file of 0 bytes, or missing, next to stored documents or backups was lost (disk, sync
    tool, another program): opening it would silently start an empty store. Refuse, and point to `restore`."""
    try:
        missing = not database.exists()
        if not missing and (not database.is_file() or database.stat().st_size > 0):
            return
        documents = sum(1 for p in documents_dir.glob("??/*") if p.is_file()) if documents_dir.is_dir() else 0
    except OSError:
        return
    backups = len(list_backups(database))
    if documents or backups:
        raise EnvironmentFailure(code="base_absente" if missing else "base_vide",
                                 params={"path": database, "documents": documents, "backups": backups})


class Store:
    """Repositories over one database. Open with `Store.open(paths)`; close with `close()` or `with`."""

    def __init__(self, db: Database, documents_dir: Path) -> None:
        self.db = db
        self.profiles = ProfileRepository(db)
        self.recipients = RecipientRepository(db)
        self.invoices = InvoiceRepository(db)
        self.history = HistoryRepository(db)
        self.documents = DocumentRepository(db, documents_dir)
        self.written = WrittenRepository(db)
        self.learning = LearningRepository(db)

    @classmethod
    def open(cls, paths: AppPaths) -> Store:
        """Create or open the store in `paths.data_dir`, migrate it, and clean what a crash left behind.
        A read-only data folder opens the existing store for reading only."""
        try:
            paths.ensure()
        except OSError as error:
            if not paths.database.is_file():
                raise EnvironmentFailure(code="dossier_inaccessible",
                                         params={"path": paths.data_dir, "reason": error.strerror}) from error
        return cls.open_file(paths.database, paths.documents_dir)

    @classmethod
    def open_file(cls, database: Path, documents_dir: Path) -> Store:
        """Open the database file: never replaces a lost or damaged database by an empty one (see
        `_refuse_lost_database`); backs it up (rotating copies, before a migration too)."""
        _refuse_lost_database(database, documents_dir)
        if not _writable(database):
            return cls._open_read_only(database, documents_dir)
        db = Database(connect(database), database)
        try:
            with db.reading() as conn:
                version = schema_version(conn)
                if 0 < version < LATEST_VERSION:
                    make_backup(conn, database, reason=f"avant-migration-v{LATEST_VERSION}")
            migrate(db.conn)
            with db.reading() as conn:  # walks the whole table: a truncated file fails here, not later
                invoices = int(conn.execute("SELECT count(*) FROM invoices").fetchone()[0])
                profiles = int(conn.execute("SELECT count(*) FROM profiles").fetchone()[0])
        except sqlite3.Error as error:
            db.close()
            raise sqlite_failure(error, database) or EnvironmentFailure(
                code="base_abimee", params={"path": database, "reason": str(error)}) from error
        except BaseException:
            db.close()
            raise
        store = cls(db, documents_dir)
        try:
            store.documents.sweep_orphans()
            with db.reading() as conn:
                if (invoices or profiles) and backup_due(database, now_utc()):  # an empty store: nothing to keep
                    make_backup(conn, database)
        except (OSError, sqlite3.Error, ChorusDesktopError) as error:  # a full disk must not stop reading
            log.warning("store housekeeping skipped: %s", error)
        return store

    @classmethod
    def _open_read_only(cls, database: Path, documents_dir: Path) -> Store:
        conn = connect_read_only(database)
        if schema_version(conn) != LATEST_VERSION:
            conn.close()
            raise ReadOnlyStoreError(code="lecture_seule_ancienne", params={"path": database.parent})
        return cls(Database(conn, database, read_only=True), documents_dir)

    @property
    def read_only(self) -> bool:
        return self.db.read_only

    @contextmanager
    def unit_of_work(self) -> Iterator[None]:
        """Everything the repositories write inside this block is committed together, or not at all."""
        with self.db.transaction():
            yield

    @property
    def schema_version(self) -> int:
        with self.db.reading() as conn:
            return schema_version(conn)

    @property
    def engine_version(self) -> str:
        """The database engine and its version, for diagnostics (e.g. "SQLite 3.45.1")."""
        return f"SQLite {sqlite3.sqlite_version}"

    def backup_now(self, reason: str = "manuelle") -> Path | None:
        """A copy of the database in backups/ now (rotating); None when it could not be made."""
        with self.db.reading() as conn:
            return make_backup(conn, self.db.path, reason=reason)

    def integrity_ok(self) -> bool:
        with self.db.reading() as conn:
            return bool(conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
