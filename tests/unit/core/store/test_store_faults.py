"""A store that survives its disk, scripted with the real CLI (subprocesses) on real file systems.

Read-only folder and full disk use a real tmpfs mounted for the test (`mount -t tmpfs -o size=…`, then
`remount,ro`): the tests run as root here, where `chmod` does not stop writes, so only a real read-only
mount shows what a read-only disk does. Without the right to mount (not root), those tests are skipped.
Each test ends with `PRAGMA integrity_check` = ok and every invoice still there.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from storekit import unique_pdfs


class Cli:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir

    def __call__(self, *args: str, expect: int | None = 0) -> subprocess.CompletedProcess[str]:
        done = subprocess.run([sys.executable, "-m", "chorus_desktop", "--data-dir", str(self.data_dir), *args],
                              capture_output=True, text=True, timeout=180, check=False)
        assert expect is None or done.returncode == expect, (args, done.returncode, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr + done.stdout, done.stderr
        return done

    def rows(self) -> list[dict[str, Any]]:
        return json.loads(self("list", "--json").stdout)  # type: ignore[no-any-return]


def integrity(database: Path) -> str:
    conn = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def _mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True, capture_output=True, timeout=30)


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A small real tmpfs (4 MB), unmounted at the end."""
    point = tmp_path / "disque"
    point.mkdir()
    try:
        _mount("-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", str(point))
    except (OSError, subprocess.CalledProcessError) as error:
        pytest.skip(f"mount impossible ici ({error}) : pas de vrai disque plein ou en lecture seule")
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], check=False, capture_output=True, timeout=30)


def padded_pdfs(corpus_dir: Path, folder: Path, count: int, pad: int) -> list[Path]:
    """Distinct real invoices, each made `pad` bytes bigger by a comment before a second %%EOF."""
    paths = unique_pdfs(corpus_dir, folder, count, prefix="lourde")
    for path in paths:
        with path.open("ab") as handle:
            handle.write(b"%" + secrets.token_hex(pad // 2).encode() + b"\n%%EOF\n")
    return paths


def test_read_only_folder_reads_and_refuses_writes_in_french(tmpfs: Path, corpus_dir: Path, tmp_path: Path) -> None:
    cli = Cli(tmpfs / "donnees")
    pdfs = unique_pdfs(corpus_dir, tmp_path / "inbox", 3)
    cli("import", str(pdfs[0]), str(pdfs[1]))
    _mount("-o", "remount,ro", str(tmpfs))
    try:
        assert sorted(row["id"] for row in cli.rows()) == [1, 2]
        assert "Facture n° 1" in cli("show", "1").stdout
        cli("dashboard")
        refused = cli("import", str(pdfs[2]), expect=1)
        assert "lecture seule" in refused.stdout + refused.stderr
        edit = cli("set", "1", "numeroFactureSaisi=AUTRE", expect=1)
        assert edit.stderr.startswith("Erreur : ") and "lecture seule" in edit.stderr
    finally:
        _mount("-o", "remount,rw", str(tmpfs))
    assert integrity(cli.data_dir / "chorus-desktop.sqlite3") == "ok"
    assert len(cli.rows()) == 2


def test_zero_byte_database_is_never_replaced_and_is_restored(corpus_dir: Path, tmp_path: Path) -> None:
    cli = Cli(tmp_path / "donnees")
    pdfs = unique_pdfs(corpus_dir, tmp_path / "inbox", 2)
    cli("import", *map(str, pdfs))
    assert len(cli.rows()) == 2  # this start made the first backup (the store was empty before)
    assert "chorus-desktop-" in cli("restore", "--list").stdout
    database = cli.data_dir / "chorus-desktop.sqlite3"
    for side in ("-wal", "-shm"):
        Path(str(database) + side).unlink(missing_ok=True)
    database.write_bytes(b"")  # the disk, a sync tool or another program emptied it
    refused = cli("list", expect=1)
    assert "0 octet" in refused.stderr and "chorus-desktop restore" in refused.stderr
    assert database.stat().st_size == 0  # not replaced by an empty store
    restored = cli("restore", "--yes")
    assert "2 facture(s)" in restored.stdout and "intégrité : correct" in restored.stdout
    assert integrity(database) == "ok"
    assert sorted(row["id"] for row in cli.rows()) == [1, 2]
    assert any(p.name.startswith("avant-restauration-") for p in (cli.data_dir / "backups").iterdir())


def test_a_vanished_database_is_not_recreated_empty(corpus_dir: Path, tmp_path: Path) -> None:
    cli = Cli(tmp_path / "donnees")
    cli("import", *map(str, unique_pdfs(corpus_dir, tmp_path / "inbox", 2)))
    cli("list")  # makes a backup
    database = cli.data_dir / "chorus-desktop.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(str(database) + suffix).unlink(missing_ok=True)
    refused = cli("dashboard", expect=1)
    assert "a disparu" in refused.stderr and not database.exists()
    cli("restore", "--yes")
    assert integrity(database) == "ok" and len(cli.rows()) == 2


def test_truncated_database_is_reported_not_replaced(corpus_dir: Path, tmp_path: Path) -> None:
    cli = Cli(tmp_path / "donnees")
    pdfs = unique_pdfs(corpus_dir, tmp_path / "inbox", 40)
    cli("import", *map(str, pdfs))
    cli("list")  # makes a backup
    database = cli.data_dir / "chorus-desktop.sqlite3"
    size = database.stat().st_size
    with database.open("r+b") as handle:
        handle.truncate(size // 3)
    refused = cli("list", expect=1)
    assert "abîmée" in refused.stderr and "chorus-desktop restore" in refused.stderr
    assert database.stat().st_size == size // 3
    cli("restore", "--yes")
    assert integrity(database) == "ok" and len(cli.rows()) == 40


def test_deleted_documents_folder_blocks_then_reimport_puts_the_files_back(corpus_dir: Path,
                                                                           tmp_path: Path) -> None:
    cli = Cli(tmp_path / "donnees")
    pdfs = unique_pdfs(corpus_dir, tmp_path / "inbox", 2)
    cli("import", *map(str, pdfs))
    shutil.rmtree(cli.data_dir / "documents")
    checked = cli("check-documents", expect=1)
    assert "2 facture(s) sans leur PDF" in checked.stdout
    problems = json.loads(cli("validate", "1", "--json", expect=1).stdout)["problems"]
    assert any(p["code"] == "pdf_absent_dossier" and p["blocking"] for p in problems)
    again = cli("import", *map(str, pdfs))
    assert again.stdout.count("remis en place") == 2
    problems = json.loads(cli("validate", "1", "--json", expect=None).stdout)["problems"]
    assert not any(p["code"] == "pdf_absent_dossier" for p in problems)
    cli("check-documents")
    assert integrity(cli.data_dir / "chorus-desktop.sqlite3") == "ok" and len(cli.rows()) == 2


def test_disk_full_stops_the_batch_cleanly_and_everything_works_after(tmpfs: Path, corpus_dir: Path,
                                                                      tmp_path: Path) -> None:
    cli = Cli(tmpfs / "donnees")
    pdfs = padded_pdfs(corpus_dir, tmp_path / "inbox", 8, 700_000)
    batch = cli("import", "--json", *map(str, pdfs), expect=1)
    outcomes = json.loads(batch.stdout)
    statuses = [o["status"] for o in outcomes]
    assert "imported" in statuses and statuses.count("failed") == 1, statuses
    failed = statuses.index("failed")
    assert "Espace disque insuffisant" in outcomes[failed]["message"]
    assert statuses[:failed] == ["imported"] * failed and set(statuses[failed + 1:]) <= {"skipped"}
    assert all("espace disque insuffisant" in o["message"] for o in outcomes[failed + 1:])
    # The disk is still full: every reading command works.
    assert len(cli.rows()) == failed
    cli("show", "1")
    cli("dashboard")
    assert integrity(cli.data_dir / "chorus-desktop.sqlite3") == "ok"
    # Some space again: the same batch imports the rest, nothing was lost or half-written.
    _mount("-o", "remount,size=64m", str(tmpfs))
    rerun = json.loads(cli("import", "--json", *map(str, pdfs)).stdout)
    assert [o["status"] for o in rerun] == ["duplicate"] * failed + ["imported"] * (8 - failed)
    assert integrity(cli.data_dir / "chorus-desktop.sqlite3") == "ok" and len(cli.rows()) == 8
    assert not list((cli.data_dir / "documents" / "tmp").glob("*.tmp"))


def test_any_file_name_the_os_gives_is_imported(corpus_dir: Path, tmp_path: Path) -> None:
    cli = Cli(tmp_path / "donnees")
    inbox = tmp_path / "noms"
    source = unique_pdfs(corpus_dir, tmp_path / "src", 5)
    deep = inbox.joinpath(*(["d" * 100] * 20))
    deep.mkdir(parents=True)
    names = [
        os.fsencode(inbox) + b"/facture-\xff\xfe-latin1-\xe9t\xe9.pdf",  # not UTF-8 (old USB key)
        os.fsencode(inbox) + b"/avec\ttabulation.pdf",
        os.fsencode(inbox) + b"/avec\nretour\x1b[31m.pdf",
        os.fsencode(inbox) + b"/" + b"n" * 251 + b".pdf",  # 255 bytes
        os.fsencode(deep) + b"/profonde.pdf",
    ]
    for pdf, name in zip(source, names, strict=True):
        with open(name, "wb") as handle:
            handle.write(pdf.read_bytes())
    text = cli("import", str(inbox))
    lines = text.stdout.strip().splitlines()
    assert len(lines) == 5 and all(len(line.split("\t")) == 3 for line in lines), lines
    assert "\\xff" in text.stdout and "\x1b" not in text.stdout
    assert "Bilan : 5 importée(s)" in text.stderr
    rows = cli.rows()
    assert len(rows) == 5 and any("\ufffd" in row["file_name"] for row in rows)
    listing = cli("list").stdout.splitlines()
    assert len(listing) == 6 and all(len(line.split("\t")) == 8 for line in listing)  # with « Échéance »
    assert integrity(cli.data_dir / "chorus-desktop.sqlite3") == "ok"


def test_a_broken_file_in_the_middle_never_stops_the_batch(corpus_dir: Path, tmp_path: Path) -> None:
    cli = Cli(tmp_path / "donnees")
    pdfs = unique_pdfs(corpus_dir, tmp_path / "inbox", 2)
    broken = tmp_path / "inbox" / "facture-000b.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ngarbage")
    unreadable = tmp_path / "inbox" / "facture-000c.pdf"
    unreadable.write_bytes(pdfs[0].read_bytes() + b"x")
    unreadable.chmod(0)
    outcomes = json.loads(cli("import", "--json", str(tmp_path / "inbox"), expect=1).stdout)
    statuses = {Path(o["file"]).name: o["status"] for o in outcomes}
    assert statuses["facture-000.pdf"] == statuses["facture-001.pdf"] == "imported"
    assert statuses["facture-000b.pdf"] == "failed"
