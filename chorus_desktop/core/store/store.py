"""`Store`: one SQLite database plus its documents folder, opened, migrated and swept of crash leftovers."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from chorus_desktop.core.paths import AppPaths
from chorus_desktop.core.store.connection import Database, connect
from chorus_desktop.core.store.documents import DocumentRepository
from chorus_desktop.core.store.history import HistoryRepository
from chorus_desktop.core.store.invoices import InvoiceRepository
from chorus_desktop.core.store.learning import LearningRepository
from chorus_desktop.core.store.migrations import migrate, schema_version
from chorus_desktop.core.store.profiles import ProfileRepository
from chorus_desktop.core.store.recipients import RecipientRepository


class Store:
    """Repositories over one database. Open with `Store.open(paths)`; close with `close()` or `with`."""

    def __init__(self, db: Database, documents_dir: Path) -> None:
        self.db = db
        self.profiles = ProfileRepository(db)
        self.recipients = RecipientRepository(db)
        self.invoices = InvoiceRepository(db)
        self.history = HistoryRepository(db)
        self.documents = DocumentRepository(db, documents_dir)
        self.learning = LearningRepository(db)

    @classmethod
    def open(cls, paths: AppPaths) -> Store:
        """Create or open the store in `paths.data_dir`, migrate it, and clean what a crash left behind."""
        paths.ensure()
        return cls.open_file(paths.database, paths.documents_dir)

    @classmethod
    def open_file(cls, database: Path, documents_dir: Path) -> Store:
        db = Database(connect(database), database)
        migrate(db.conn)
        store = cls(db, documents_dir)
        store.documents.sweep_orphans()
        return store

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

    def integrity_ok(self) -> bool:
        with self.db.reading() as conn:
            return bool(conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
