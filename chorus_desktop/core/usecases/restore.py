"""Restoring the database from one of its automatic copies (or a given file), and what it tells.

Used when the store cannot be opened (a 0-byte, truncated or unreadable database: `Store.open` refuses
it rather than starting an empty store) or when the user wants an earlier state back. The file replaced
is kept in backups/ (`avant-restauration-…`), never deleted. After the restoration the store is opened
(and migrated if the copy is older) and checked: PDFs in documents/ that no invoice claims (imported
after the copy was made: import them again) and invoices whose PDF is missing are reported.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from chorus_desktop.core.errors import ChorusDesktopError, EnvironmentFailure
from chorus_desktop.core.paths import AppPaths
from chorus_desktop.core.store import Store
from chorus_desktop.core.store.backups import BackupInfo, check_copy, list_backups, restore_copy


@dataclass
class RestoreReport:
    source: Path
    kept_aside: Path | None  # where the replaced database was kept
    invoices: int
    integrity_ok: bool
    unclaimed_documents: list[Path] = field(default_factory=list)  # in documents/, no invoice in the base
    invoices_without_pdf: list[int] = field(default_factory=list)


class StoreRestore:
    """Works on the data folder's paths: the store may not open before the restoration."""

    def __init__(self, paths: AppPaths, open_store: Callable[[AppPaths], Store] = Store.open) -> None:
        self._paths = paths
        self._open_store = open_store

    def backups(self) -> list[BackupInfo]:
        """The automatic copies, newest first."""
        return list_backups(self._paths.database)

    def choose(self, source: Path | None = None) -> Path:
        """The copy a restoration would use: `source` if given (checked), else the newest intact copy."""
        if source is not None:
            check_copy(source)
            return source
        for backup in self.backups():
            try:
                check_copy(backup.path)
            except ChorusDesktopError:
                continue
            return backup.path
        raise EnvironmentFailure(code="aucune_sauvegarde", params={"folder": self._paths.database.parent / "backups"})

    def restore(self, source: Path | None = None) -> RestoreReport:
        chosen = self.choose(source)
        kept = restore_copy(chosen, self._paths.database)
        with self._open_store(self._paths) as store:
            return RestoreReport(
                source=chosen, kept_aside=kept, invoices=store.invoices.count(), integrity_ok=store.integrity_ok(),
                unclaimed_documents=store.documents.unclaimed_files(),
                invoices_without_pdf=store.documents.invoices_without_file())

    def check_documents(self) -> RestoreReport:
        """The same report on the current store, without restoring anything."""
        with self._open_store(self._paths) as store:
            return RestoreReport(
                source=self._paths.database, kept_aside=None, invoices=store.invoices.count(),
                integrity_ok=store.integrity_ok(), unclaimed_documents=store.documents.unclaimed_files(),
                invoices_without_pdf=store.documents.invoices_without_file())
