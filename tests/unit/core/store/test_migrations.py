"""Stores written by older versions open, migrate to the latest schema and keep their data.

tests/data/store/v<N>.sqlite3 is a store frozen at schema version N (see make_fixture.py there).
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from chorus_desktop.core.errors import EnvironmentFailure
from chorus_desktop.core.paths import resolve_paths
from chorus_desktop.wiring import build_context
from chorus_desktop.core.states import InvoiceState
from chorus_desktop.core.store import Store
from chorus_desktop.core.store.migrations import LATEST_VERSION, MIGRATIONS, migrate

FIXTURES = Path(__file__).resolve().parents[3] / "data" / "store"
VERSIONS = sorted(int(p.stem[1:]) for p in FIXTURES.glob("v*.sqlite3"))


def schema(conn: sqlite3.Connection) -> set[tuple[str, str, str]]:
    rows = conn.execute("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").fetchall()
    return {(row[0], row[1], " ".join((row[2] or "").split())) for row in rows}


def install(version: int, data_dir: Path) -> Path:
    data_dir.mkdir(parents=True, exist_ok=True)
    target = data_dir / "chorus-desktop.sqlite3"
    shutil.copyfile(FIXTURES / f"v{version}.sqlite3", target)
    return target


def test_there_is_a_fixture_for_every_released_version_but_the_latest() -> None:
    assert VERSIONS and VERSIONS[0] == 1
    assert set(VERSIONS) >= set(range(1, LATEST_VERSION))
    assert [m.version for m in MIGRATIONS] == list(range(1, LATEST_VERSION + 1))


@pytest.mark.parametrize("version", VERSIONS)
def test_old_store_opens_migrates_and_keeps_its_data(version: int, isolated_data_dir: Path) -> None:
    database = install(version, isolated_data_dir)
    with sqlite3.connect(database) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == version
    with Store.open(resolve_paths(isolated_data_dir)) as store:
        assert store.schema_version == LATEST_VERSION
        assert store.integrity_ok()
        assert store.db.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        services = build_context(store)
        assert [p.name for p in services.profiles.list_profiles()] == ["ACME Conseil"]
        rows = services.queries.list_invoices()
        assert [r.invoice_number for r in rows] == ["F2024-002", "F2024-001"]
        deposited = services.queries.get_invoice(rows[0].id)
        assert deposited.state is InvoiceState.DEPOSEE and deposited.chorus.invoice_id == 9001
        assert [c.source for c in services.queries.history(deposited.id)] == ["local", "chorus"]
        assert services.queries.dashboard()[InvoiceState.BROUILLON] == 1
        recipient = services.directory.get_recipient("11000201100044")
        assert recipient is not None and recipient.last_engagement == "EJ-42"
        migrated = schema(store.db.conn)
    fresh_dir = isolated_data_dir.parent / "fresh"
    with Store.open(resolve_paths(fresh_dir)) as fresh:
        assert migrated == schema(fresh.db.conn)  # a migrated store is exactly a new one


def test_migrating_twice_does_nothing(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "db.sqlite3", isolation_level=None)
    assert migrate(conn) == list(range(1, LATEST_VERSION + 1))
    assert migrate(conn) == []
    conn.close()


def test_a_store_from_a_newer_version_is_refused_in_french(isolated_data_dir: Path) -> None:
    database = install(VERSIONS[0], isolated_data_dir)
    with sqlite3.connect(database) as raw:
        raw.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    with pytest.raises(EnvironmentFailure) as caught:
        Store.open(resolve_paths(isolated_data_dir))
    assert "version plus récente" in caught.value.message


def test_a_failing_migration_leaves_the_previous_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from chorus_desktop.core.store import migrations

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        raise sqlite3.OperationalError("disk I/O error")

    conn = sqlite3.connect(tmp_path / "db.sqlite3", isolation_level=None)
    migrate(conn)
    monkeypatch.setattr(migrations, "MIGRATIONS", (*MIGRATIONS, migrations.Migration(LATEST_VERSION + 1, "x", broken)))
    monkeypatch.setattr(migrations, "LATEST_VERSION", LATEST_VERSION + 1)
    with pytest.raises(sqlite3.OperationalError):
        migrations.migrate(conn)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").fetchone()[0] == 0
    conn.close()


def test_a_v7_learned_layout_keeps_its_places_and_gets_no_paid_choice(isolated_data_dir: Path) -> None:
    from dataclasses import replace

    install(7, isolated_data_dir)
    with Store.open(resolve_paths(isolated_data_dir)) as store:
        [memory] = store.learning.all_layouts()
        assert (memory.supplier_key, memory.taught_invoice_number, sorted(memory.fields)) == (
            "73282932000074", "F2024-002", ["invoice_number"])
        assert (memory.paid_cadre, memory.paid_taught_invoice_id, memory.paid_taught_invoice_number) == (
            None, None, None)
        [routing] = store.learning.routings()
        assert routing.routing == {"codeDestinataire": "11000201100044"}
        # The migrated memory takes the cadre kept for a paid invoice of its layout (schema 8).
        store.learning.save_layout(replace(memory, paid_cadre="A1_FACTURE_FOURNISSEUR", paid_taught_invoice_id=1,
                                           paid_taught_invoice_number="F2024-001"))
        again = store.learning.layout(memory.id)
        assert (again.paid_cadre, again.paid_taught_invoice_id, again.paid_taught_invoice_number) == (
            "A1_FACTURE_FOURNISSEUR", 1, "F2024-001")
        assert again.fields == memory.fields
