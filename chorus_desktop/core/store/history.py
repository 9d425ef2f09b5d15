"""The state history of each invoice: every change, when, from where (local action or Chorus), why."""

from __future__ import annotations

import datetime as dt

from chorus_desktop.core.domain.invoice import StateChange, StateSource
from chorus_desktop.core.states import InvoiceState
from chorus_desktop.core.store.codec import from_text, now_utc, to_text
from chorus_desktop.core.store.connection import Database


class HistoryRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, invoice_id: int, state: InvoiceState, source: StateSource, comment: str | None = None,
            chorus_code: str | None = None, at: dt.datetime | None = None) -> None:
        """Append one history line; call inside the unit of work that changes the invoice's state."""
        with self._db.transaction() as conn:
            conn.execute(
                "INSERT INTO state_history (invoice_id, state, chorus_code, at, source, comment) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (invoice_id, state.value, chorus_code, to_text(at or now_utc()), source, comment),
            )

    def list(self, invoice_id: int) -> list[StateChange]:
        with self._db.reading() as conn:
            rows = conn.execute(
                "SELECT state, chorus_code, at, source, comment FROM state_history WHERE invoice_id = ? ORDER BY id",
                (invoice_id,),
            ).fetchall()
        changes = []
        for row in rows:
            at = from_text(row["at"])
            assert at is not None
            changes.append(StateChange(state=InvoiceState(row["state"]), at=at, source=row["source"],
                                       comment=row["comment"], chorus_code=row["chorus_code"]))
        return changes
