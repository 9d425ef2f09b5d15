"""Number series and the documents the app wrote: counters move only inside the transaction that stores
the document, and neither a counter nor a written document is ever deleted (triggers refuse it)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from typing import Any

from chorus_desktop.core.store.codec import dumps, from_text, loads, now_utc, to_text
from chorus_desktop.core.store.connection import Database


class NumberTaken(Exception):
    """Another process used the number this one prepared: prepare the document again with the next one."""


@dataclass(frozen=True)
class WrittenDocument:
    invoice_id: int
    profile_id: int
    kind: str
    series: str
    number: str
    pdf_sha256: str
    model: dict[str, Any]
    origin_invoice_id: int | None
    created_at: dt.datetime | None


def _written(row: sqlite3.Row) -> WrittenDocument:
    return WrittenDocument(invoice_id=row["invoice_id"], profile_id=row["profile_id"], kind=row["kind"],
                           series=row["series"], number=row["number"], pdf_sha256=row["pdf_sha256"],
                           model=loads(row["model_json"]) or {}, origin_invoice_id=row["origin_invoice_id"],
                           created_at=from_text(row["created_at"]))


class WrittenRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def last_number(self, profile_id: int, series: str, period: str) -> int:
        with self._db.reading() as conn:
            row = conn.execute("SELECT last_number FROM number_counters WHERE profile_id = ? AND series = ? "
                               "AND period = ?", (profile_id, series, period)).fetchone()
        return 0 if row is None else int(row[0])

    def take_number(self, profile_id: int, series: str, period: str, expected_last: int) -> int:
        """Move the counter from `expected_last` to the next number, inside the caller's transaction;
        raises NumberTaken if another process moved it meanwhile."""
        with self._db.transaction() as conn:
            if expected_last == 0:
                cursor = conn.execute("INSERT INTO number_counters (profile_id, series, period, last_number) "
                                      "VALUES (?, ?, ?, 1) ON CONFLICT DO NOTHING", (profile_id, series, period))
            else:
                cursor = conn.execute("UPDATE number_counters SET last_number = last_number + 1 WHERE "
                                      "profile_id = ? AND series = ? AND period = ? AND last_number = ?",
                                      (profile_id, series, period, expected_last))
            if cursor.rowcount != 1:
                raise NumberTaken(series)
        return expected_last + 1

    def counters(self, profile_id: int) -> dict[tuple[str, str], int]:
        with self._db.reading() as conn:
            rows = conn.execute("SELECT series, period, last_number FROM number_counters WHERE profile_id = ?",
                                (profile_id,)).fetchall()
        return {(row["series"], row["period"]): int(row["last_number"]) for row in rows}

    def add(self, *, invoice_id: int, profile_id: int, kind: str, series: str, number: str, pdf_sha256: str,
            model: dict[str, Any], origin_invoice_id: int | None) -> None:
        with self._db.transaction() as conn:
            conn.execute(
                "INSERT INTO written_documents (invoice_id, profile_id, kind, series, number, pdf_sha256, model_json, "
                "origin_invoice_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (invoice_id, profile_id, kind, series, number, pdf_sha256, dumps(model), origin_invoice_id,
                 to_text(now_utc())))

    def get(self, invoice_id: int) -> WrittenDocument | None:
        with self._db.reading() as conn:
            row = conn.execute("SELECT * FROM written_documents WHERE invoice_id = ?", (invoice_id,)).fetchone()
        return None if row is None else _written(row)

    def for_origin(self, origin_invoice_id: int) -> list[WrittenDocument]:
        with self._db.reading() as conn:
            rows = conn.execute("SELECT * FROM written_documents WHERE origin_invoice_id = ? ORDER BY invoice_id",
                                (origin_invoice_id,)).fetchall()
        return [_written(row) for row in rows]

    def numbers(self, profile_id: int, series: str) -> list[str]:
        """The numbers written in a series, in creation order (for audits and tests)."""
        with self._db.reading() as conn:
            rows = conn.execute("SELECT number FROM written_documents WHERE profile_id = ? AND series = ? "
                                "ORDER BY invoice_id", (profile_id, series)).fetchall()
        return [row[0] for row in rows]
