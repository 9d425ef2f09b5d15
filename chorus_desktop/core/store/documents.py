"""PDFs and attachments copied into the data folder, addressed by their SHA-256.

A copy goes: pending row committed -> temp file written and fsynced -> atomic rename to
`documents/ab/abcdef....pdf` -> (caller's transaction) document row inserted and pending row deleted.
So after a crash at any step, `sweep_orphans()` finds every file no document row claims (from the
pending rows and the temp folder of dead processes) and deletes it: no half file, no orphan file.
"""

from __future__ import annotations

import builtins
import hashlib
import os
import shutil
import sqlite3
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from chorus_desktop.core.domain.invoice import DocumentInfo
from chorus_desktop.core.errors import ChorusDesktopError
from chorus_desktop.core.store.codec import now_utc, to_text
from chorus_desktop.core.store.connection import Database, storage_error

CHUNK = 1 << 20


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name == "nt":  # pragma: no cover - Windows
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined,unused-ignore]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (killed child not yet reaped by its parent) still answers kill(0) but will never finish.
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            return stat.read().rsplit(")", 1)[-1].split()[0] != "Z"
    except OSError:
        return True


def _document(row: sqlite3.Row) -> DocumentInfo:
    return DocumentInfo(sha256=row["sha256"], size=row["size"], original_name=row["original_name"],
                        relative_path=row["relative_path"],
                        is_text_pdf=None if row["is_text_pdf"] is None else bool(row["is_text_pdf"]),
                        page_count=row["page_count"])


def _copy_synced(source: Path, temp: Path) -> None:
    with source.open("rb") as reader, temp.open("wb") as writer:
        shutil.copyfileobj(reader, writer, CHUNK)
        writer.flush()
        os.fsync(writer.fileno())
    if os.name == "posix":
        temp.chmod(0o600)


class DocumentRepository:
    def __init__(self, db: Database, documents_dir: Path) -> None:
        self._db = db
        self.root = documents_dir
        self.tmp_dir = documents_dir / "tmp"

    def path_of(self, document: DocumentInfo | str) -> Path:
        relative = document.relative_path if isinstance(document, DocumentInfo) else document
        return self.root / relative

    @staticmethod
    def relative_path_for(sha256: str, suffix: str) -> str:
        return f"{sha256[:2]}/{sha256}{suffix.lower() or '.bin'}"

    def is_present(self, document: DocumentInfo) -> bool:
        """Whether the stored copy of the document is in the documents folder."""
        try:
            return self.path_of(document).is_file()
        except OSError:
            return False

    def restore_file(self, source: Path, document: DocumentInfo) -> None:
        """Put back the missing copy of a registered document from the same file (same SHA-256)."""
        target = self.path_of(document)
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.tmp_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        temp = self.tmp_dir / f"{os.getpid()}-{uuid.uuid4().hex}.tmp"
        try:
            _copy_synced(source, temp)
            os.replace(temp, target)
        except OSError as error:
            failure = storage_error(error, self.root)
            if failure is error:
                raise
            raise failure from error
        finally:
            temp.unlink(missing_ok=True)

    def unclaimed_files(self) -> builtins.list[Path]:
        """Files in the documents folder that no document row claims (e.g. after restoring an older
        database): their invoices are not in the store."""
        if not self.root.is_dir():
            return []
        with self._db.reading() as conn:
            claimed = {row[0] for row in conn.execute("SELECT relative_path FROM documents")}
        found = []
        for path in sorted(self.root.glob("??/*")):
            if path.is_file() and path.relative_to(self.root).as_posix() not in claimed:
                found.append(path)
        return found

    def invoices_without_file(self) -> builtins.list[int]:
        """Invoices whose PDF is missing from the documents folder."""
        with self._db.reading() as conn:
            rows = conn.execute("SELECT i.id, d.relative_path FROM invoices i JOIN documents d "
                                "ON d.sha256 = i.document_sha256 ORDER BY i.id").fetchall()
        return [int(row[0]) for row in rows if not self.path_of(row[1]).is_file()]

    def get(self, sha256: str) -> DocumentInfo | None:
        with self._db.reading() as conn:
            row = conn.execute("SELECT * FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
        return None if row is None else _document(row)

    def stage(self, source: Path, sha256: str) -> str:
        """Copy `source` into the documents folder (never moving it); returns its relative path.

        Until `register()` runs in the caller's transaction, the copy is only "pending": a crash
        leaves it for `sweep_orphans()`. Already-stored content is not copied again.
        """
        def copy(writer: BinaryIO) -> None:
            with source.open("rb") as reader:
                shutil.copyfileobj(reader, writer, CHUNK)

        return self._stage(self.relative_path_for(sha256, source.suffix), sha256, copy)

    def stage_bytes(self, data: bytes, sha256: str, suffix: str) -> str:
        """`stage` for content made in memory (a PDF the app wrote)."""
        return self._stage(self.relative_path_for(sha256, suffix), sha256, lambda writer: writer.write(data))

    def _stage(self, relative: str, sha256: str, write: Callable[[BinaryIO], object]) -> str:
        if self.get(sha256) is not None and self.path_of(relative).exists():
            return relative
        with self._db.transaction() as conn:
            conn.execute(
                "INSERT INTO pending_documents (sha256, relative_path, pid, created_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (sha256) DO UPDATE SET pid = excluded.pid, relative_path = excluded.relative_path",
                (sha256, relative, os.getpid(), to_text(now_utc())),
            )
        target = self.path_of(relative)
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.tmp_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        temp = self.tmp_dir / f"{os.getpid()}-{uuid.uuid4().hex}.tmp"
        try:
            with temp.open("wb") as writer:
                write(writer)
                writer.flush()
                os.fsync(writer.fileno())
            if os.name == "posix":
                temp.chmod(0o600)
            os.replace(temp, target)
        except OSError as error:
            failure = storage_error(error, self.root)
            if failure is error:
                raise
            try:  # disk full, read-only: forget the pending copy now
                with self._db.transaction() as conn:
                    conn.execute("DELETE FROM pending_documents WHERE sha256 = ? AND pid = ?", (sha256, os.getpid()))
            except ChorusDesktopError:
                pass  # the next sweep does it
            raise failure from error
        finally:
            temp.unlink(missing_ok=True)
        return relative

    def register(self, *, sha256: str, size: int, original_name: str,
                 relative_path: str, is_text_pdf: bool | None, page_count: int | None) -> None:
        """Claim a staged file: call inside the transaction that creates the record using it."""
        with self._db.transaction() as conn:
            conn.execute(
                "INSERT INTO documents (sha256, size, original_name, relative_path, is_text_pdf, page_count, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING",
                (sha256, size, original_name, relative_path, None if is_text_pdf is None else int(is_text_pdf),
                 page_count, to_text(now_utc())),
            )
            conn.execute("DELETE FROM pending_documents WHERE sha256 = ?", (sha256,))

    def release(self, sha256: str) -> None:
        """Forget a document no record uses any more; call inside the deleting transaction, then
        `delete_released()` after the commit. If the process dies in between, the file is left as a
        pending copy of a dead process, which the next `sweep_orphans()` deletes."""
        with self._db.transaction() as conn:
            row = conn.execute("SELECT relative_path FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
            if row is None:
                return
            conn.execute("DELETE FROM documents WHERE sha256 = ?", (sha256,))
            conn.execute(
                "INSERT INTO pending_documents (sha256, relative_path, pid, created_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (sha256) DO UPDATE SET pid = excluded.pid, relative_path = excluded.relative_path",
                (sha256, row["relative_path"], os.getpid(), to_text(now_utc())),
            )

    def delete_released(self) -> None:
        """Delete the files this process released (see `release`)."""
        with self._db.reading() as conn:
            rows = conn.execute("SELECT sha256, relative_path FROM pending_documents WHERE pid = ?",
                                (os.getpid(),)).fetchall()
        for row in rows:
            with self._db.transaction() as conn:
                if conn.execute("SELECT 1 FROM documents WHERE sha256 = ?", (row["sha256"],)).fetchone():
                    continue  # claimed again meanwhile (re-imported): keep it
                self.path_of(row["relative_path"]).unlink(missing_ok=True)
                conn.execute("DELETE FROM pending_documents WHERE sha256 = ?", (row["sha256"],))

    def sweep_orphans(self) -> list[Path]:
        """Delete files left by imports that died before claiming them; returns the deleted paths."""
        removed: list[Path] = []
        with self._db.reading() as conn:
            pending = conn.execute("SELECT sha256, relative_path, pid FROM pending_documents").fetchall()
        for row in pending:
            if _process_alive(row["pid"]):
                continue
            with self._db.transaction() as conn:
                claimed = conn.execute("SELECT 1 FROM documents WHERE sha256 = ?", (row["sha256"],)).fetchone()
                if not claimed:
                    path = self.path_of(row["relative_path"])
                    if path.exists():
                        path.unlink()
                        removed.append(path)
                conn.execute("DELETE FROM pending_documents WHERE sha256 = ?", (row["sha256"],))
        if self.tmp_dir.is_dir():
            for temp in self.tmp_dir.glob("*.tmp"):
                pid_text = temp.name.split("-", 1)[0]
                if pid_text.isdigit() and _process_alive(int(pid_text)):
                    continue
                temp.unlink(missing_ok=True)
                removed.append(temp)
        return removed
