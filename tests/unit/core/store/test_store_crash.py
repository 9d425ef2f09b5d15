"""A crash (kill -9) at any point of an import leaves the store consistent, and a re-run completes it.

One test kills a real `chorus-desktop import` in the middle of a batch; the others kill a process at
exact points (during the copy, between copy and commit, inside the transaction) to cover each window.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from chorus_desktop.core.paths import resolve_paths
from chorus_desktop.wiring import build_context
from chorus_desktop.core.store import Store
from chorus_desktop.core.store.documents import sha256_of
from storekit import unique_pdfs

pytestmark = pytest.mark.skipif(os.name != "posix", reason="kill -9 is POSIX")


def assert_consistent(data_dir: Path) -> Store:
    """Open the store (which sweeps crash leftovers) and check nothing is half done."""
    store = Store.open(resolve_paths(data_dir))
    conn = store.db.conn
    assert store.integrity_ok()
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("SELECT count(*) FROM pending_documents").fetchone()[0] == 0
    # Every invoice has its document row, its file with the right content, and its import history line.
    rows = conn.execute("SELECT i.id, d.sha256, d.relative_path FROM invoices i "
                        "JOIN documents d ON d.sha256 = i.document_sha256").fetchall()
    assert len(rows) == conn.execute("SELECT count(*) FROM invoices").fetchone()[0]
    for row in rows:
        path = store.documents.path_of(row["relative_path"])
        assert sha256_of(path) == row["sha256"]
        assert conn.execute("SELECT count(*) FROM state_history WHERE invoice_id = ?", (row["id"],)).fetchone()[0] == 1
    # No file that no row claims, no temp file.
    claimed = {store.documents.path_of(r["relative_path"]) for r in conn.execute("SELECT relative_path FROM documents")}
    on_disk = {p for p in store.documents.root.rglob("*") if p.is_file()}
    assert on_disk == claimed
    counted = dict(conn.execute("SELECT state, count(*) FROM invoices GROUP BY state").fetchall())
    assert {s.value: n for s, n in store.invoices.counts_by_state().items()} == counted
    return store


def test_kill_9_in_the_middle_of_a_batch_import(corpus_dir: Path, tmp_path: Path) -> None:
    files = unique_pdfs(corpus_dir, tmp_path / "lot", 30)
    data_dir = tmp_path / "donnees"
    command = [sys.executable, "-m", "chorus_desktop", "--data-dir", str(data_dir), "import", str(tmp_path / "lot")]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True) as process:
        assert process.stdout is not None
        done_lines = [process.stdout.readline() for _ in range(3)]  # three files committed: we are mid-batch
        assert all(line.strip() for line in done_lines), done_lines
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL

    store = assert_consistent(data_dir)
    before = {s.id: s.file_name for s in build_context(store).queries.list_invoices()}
    store.close()
    assert 3 <= len(before) < len(files)

    rerun = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    lines = rerun.stdout.strip().splitlines()
    skipped = [line for line in lines if "Déjà importée" in line]
    assert len(skipped) == len(before)
    assert len(lines) == len(files)
    store = assert_consistent(data_dir)
    after = {s.file_name for s in build_context(store).queries.list_invoices()}
    store.close()
    assert after == {f.name for f in files}


CRASH_SCRIPT = """
import os, signal, shutil, sys
from pathlib import Path
from chorus_desktop.core.paths import resolve_paths
from chorus_desktop.core.store import Store
from chorus_desktop.wiring import AppContext, build_context
from chorus_desktop.core.store import documents, invoices
sys.path.insert(0, {tests_unit!r})
from storekit import FakeExtractor

def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

point = {point!r}
if point == "during_copy":
    def half_copy(reader, writer, length=0):
        writer.write(reader.read(100))
        writer.flush()
        die()
    shutil.copyfileobj = half_copy
elif point == "after_copy":
    documents.DocumentRepository.register = die
elif point == "in_transaction":
    original = invoices.InvoiceRepository.insert
    def insert_then_die(self, **kwargs):
        original(self, **kwargs)
        die()
    invoices.InvoiceRepository.insert = insert_then_die

store = Store.open(resolve_paths({data_dir!r}))
build_context(store, extractor=FakeExtractor()).importing.import_files([{pdf!r}])
"""


@pytest.mark.parametrize("point", ["during_copy", "after_copy", "in_transaction"])
def test_kill_9_at_each_step_of_one_import(point: str, corpus_dir: Path, tmp_path: Path) -> None:
    [pdf] = unique_pdfs(corpus_dir, tmp_path / "lot", 1)
    data_dir = tmp_path / "donnees"
    script = CRASH_SCRIPT.format(tests_unit=str(Path(__file__).resolve().parents[3] / "support"), point=point, data_dir=str(data_dir),
                                 pdf=str(pdf))
    crashed = subprocess.run([sys.executable, "-c", textwrap.dedent(script)], capture_output=True, text=True,
                             timeout=60)
    assert crashed.returncode == -signal.SIGKILL, crashed.stderr
    left_behind = [p for p in (data_dir / "documents").rglob("*") if p.is_file()]
    assert left_behind  # the crash did leave a file: a temp file or an unclaimed copy

    store = assert_consistent(data_dir)
    assert store.invoices.count() == 0
    outcome = build_context(store, extractor=lambda path: __import__("storekit").make_extraction(path)) \
        .importing.import_files([pdf])
    assert [o.status for o in outcome] == ["imported"]
    store.close()
    assert_consistent(data_dir).close()


DELETE_SCRIPT = """
import os, signal, sys
from chorus_desktop.core.paths import resolve_paths
from chorus_desktop.core.store import Store
from chorus_desktop.core.store import documents
from chorus_desktop.wiring import AppContext, build_context
sys.path.insert(0, {tests_unit!r})
from storekit import FakeExtractor

store = Store.open(resolve_paths({data_dir!r}))
services = build_context(store, extractor=FakeExtractor())
[outcome] = services.importing.import_files([{pdf!r}])
documents.DocumentRepository.delete_released = lambda self: os.kill(os.getpid(), signal.SIGKILL)
services.editing.delete_invoice(outcome.invoice_id)
"""


def test_kill_9_between_deleting_a_draft_and_its_file(corpus_dir: Path, tmp_path: Path) -> None:
    [pdf] = unique_pdfs(corpus_dir, tmp_path / "lot", 1)
    data_dir = tmp_path / "donnees"
    script = DELETE_SCRIPT.format(tests_unit=str(Path(__file__).resolve().parents[3] / "support"), data_dir=str(data_dir), pdf=str(pdf))
    crashed = subprocess.run([sys.executable, "-c", textwrap.dedent(script)], capture_output=True, text=True,
                             timeout=60)
    assert crashed.returncode == -signal.SIGKILL, crashed.stderr
    assert [p for p in (data_dir / "documents").rglob("*.pdf")]  # the record is gone, its file not yet
    store = assert_consistent(data_dir)
    assert store.invoices.count() == 0
    store.close()
