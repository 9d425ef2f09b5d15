"""The state history of each invoice: every change, when, from where (local action or Chorus), why."""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Iterable

from chorus_desktop.core.domain.invoice import StateChange, StateSource
from chorus_desktop.core.states import InvoiceState
from chorus_desktop.core.store.codec import from_text, now_utc, to_text
from chorus_desktop.core.store.connection import Database

_CHUNK = 500  # ids per IN (...) list, well under SQLite's variable limit


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
        return self.list_many([invoice_id]).get(invoice_id, [])

    def list_many(self, invoice_ids: Iterable[int], *, chorus_only: bool = False
                  ) -> dict[int, builtins.list[StateChange]]:
        """The history of several invoices in one read (the payment clocks: `chorus_only`), oldest first."""
        wanted = sorted(set(invoice_ids))
        changes: dict[int, builtins.list[StateChange]] = {}
        source = " AND source = 'chorus'" if chorus_only else ""
        with self._db.reading() as conn:
            for start in range(0, len(wanted), _CHUNK):
                chunk = wanted[start:start + _CHUNK]
                rows = conn.execute(
                    "SELECT invoice_id, state, chorus_code, at, source, comment FROM state_history "
                    f"WHERE invoice_id IN ({', '.join('?' for _ in chunk)}){source} ORDER BY invoice_id, id", chunk,
                ).fetchall()
                for row in rows:
                    at = from_text(row["at"])
                    assert at is not None
                    changes.setdefault(int(row["invoice_id"]), []).append(StateChange(
                        state=InvoiceState(row["state"]), at=at, source=row["source"], comment=row["comment"],
                        chorus_code=row["chorus_code"]))
        return changes
