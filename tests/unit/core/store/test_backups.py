"""Rotating copies of the database (SQLite online backup API) and their restoration."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from chorus_desktop.core.errors import EnvironmentFailure
from chorus_desktop.core.paths import resolve_paths
from chorus_desktop.core.store import Store
from chorus_desktop.core.store.backups import GENERATIONS, list_backups, make_backup, restore_copy
from chorus_desktop.wiring import open_restore


def test_copies_rotate_and_each_is_intact(isolated_data_dir: Path) -> None:
    with Store.open(resolve_paths()) as store:
        store.profiles.add("ACME", "73282932000074")
        start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
        for hour in range(GENERATIONS + 3):
            with store.db.reading() as conn:
                assert make_backup(conn, store.db.path, now=start + dt.timedelta(hours=hour)) is not None
        backups = list_backups(store.db.path)
    assert len(backups) == GENERATIONS
    assert backups[0].made_at == start + dt.timedelta(hours=GENERATIONS + 2)
    for backup in backups:
        conn = sqlite3.connect(backup.path)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT name FROM profiles").fetchall() == [("ACME",)]
        conn.close()


def test_a_store_is_backed_up_before_a_migration(isolated_data_dir: Path) -> None:
    from chorus_desktop.core.store.migrations import LATEST_VERSION

    database = resolve_paths().database
    database.parent.mkdir(parents=True)
    fixture = Path(__file__).resolve().parents[3] / "data" / "store" / "v1.sqlite3"
    database.write_bytes(fixture.read_bytes())
    Store.open(resolve_paths()).close()
    names = [b.path.name for b in list_backups(database)]
    assert any(f"-v1-avant-migration-v{LATEST_VERSION}" in name for name in names), names


def test_restore_refuses_a_damaged_copy_and_keeps_the_replaced_file(isolated_data_dir: Path, tmp_path: Path) -> None:
    paths = resolve_paths()
    with Store.open(paths) as store:
        store.profiles.add("ACME", "73282932000074")
        copy = store.backup_now()
    assert copy is not None
    damaged = tmp_path / "abimee.sqlite3"
    damaged.write_bytes(copy.read_bytes()[:1000])
    with pytest.raises(EnvironmentFailure) as caught:
        open_restore(paths).choose(damaged)
    assert "ne peut pas être utilisée" in caught.value.message
    kept = restore_copy(copy, paths.database)
    assert kept is not None and kept.name.startswith("avant-restauration-")
    with Store.open(paths) as store:
        assert [p.name for p in store.profiles.list()] == ["ACME"]
