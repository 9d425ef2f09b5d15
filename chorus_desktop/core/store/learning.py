"""What the app learned: the printed words kept per invoice, supplier layouts and customer routings.

Memories are scoped by supplier profile (`profile_key`: the profile id, 0 for invoices without profile):
nothing learned for one company is read back for another.
"""

from __future__ import annotations

import builtins
import sqlite3
from typing import Any

from chorus_desktop.core.domain.learning import LayoutMemory, LearnedField, RoutingMemory
from chorus_desktop.core.errors import NotFoundError
from chorus_desktop.core.model import PrintedWord
from chorus_desktop.core.store.codec import dumps, from_text, loads, now_utc, to_text
from chorus_desktop.core.store.connection import Database


def _key(profile_id: int | None) -> int:
    return profile_id or 0


def _layout(row: sqlite3.Row) -> LayoutMemory:
    return LayoutMemory(
        id=row["id"], profile_id=row["profile_key"] or None, supplier_key=row["supplier_key"],
        fingerprint=list(loads(row["fingerprint_json"]) or []),
        fields={name: LearnedField.from_json(data) for name, data in (loads(row["fields_json"]) or {}).items()},
        taught_invoice_id=row["taught_invoice_id"], taught_invoice_number=row["taught_invoice_number"],
        supplier_name=row["supplier_name"], uses=row["uses"], created_at=from_text(row["created_at"]),
        updated_at=from_text(row["updated_at"]), paid_cadre=row["paid_cadre"],
        paid_taught_invoice_id=row["paid_taught_invoice_id"],
        paid_taught_invoice_number=row["paid_taught_invoice_number"])


def _routing(row: sqlite3.Row) -> RoutingMemory:
    return RoutingMemory(
        id=row["id"], profile_id=row["profile_key"] or None, buyer_key=row["buyer_key"],
        buyer_label=row["buyer_label"], routing=dict(loads(row["routing_json"]) or {}),
        printed=dict(loads(row["printed_json"]) or {}), engagement_recurs=bool(row["engagement_recurs"]),
        taught_invoice_id=row["taught_invoice_id"], taught_invoice_number=row["taught_invoice_number"],
        updated_at=from_text(row["updated_at"]))


class LearningRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    # ------------------------------------------------------------------ what an invoice printed

    def save_printed(self, invoice_id: int, fingerprint: builtins.list[str], words: builtins.list[PrintedWord]) -> None:
        with self._db.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO invoice_layouts (invoice_id, fingerprint_json, words_json) "
                         "VALUES (?, ?, ?)", (invoice_id, dumps(fingerprint), dumps([list(w) for w in words])))

    def printed(self, invoice_id: int) -> tuple[builtins.list[str], builtins.list[PrintedWord]] | None:
        with self._db.reading() as conn:
            row = conn.execute("SELECT * FROM invoice_layouts WHERE invoice_id = ?", (invoice_id,)).fetchone()
        if row is None:
            return None
        words = [(int(w[0]), float(w[1]), float(w[2]), float(w[3]), float(w[4]), str(w[5]))
                 for w in loads(row["words_json"]) or []]
        return list(loads(row["fingerprint_json"]) or []), words

    # ------------------------------------------------------------------ layouts

    def layouts(self, profile_id: int | None) -> builtins.list[LayoutMemory]:
        with self._db.reading() as conn:
            rows = conn.execute("SELECT * FROM layout_memories WHERE profile_key = ? ORDER BY id",
                                (_key(profile_id),)).fetchall()
        return [_layout(row) for row in rows]

    def all_layouts(self) -> builtins.list[LayoutMemory]:
        with self._db.reading() as conn:
            return [_layout(row) for row in conn.execute("SELECT * FROM layout_memories ORDER BY id")]

    def layout(self, memory_id: int) -> LayoutMemory:
        with self._db.reading() as conn:
            row = conn.execute("SELECT * FROM layout_memories WHERE id = ?", (memory_id,)).fetchone()
        if row is None:
            raise NotFoundError(code="modele_introuvable", params={"memory_id": memory_id})
        return _layout(row)

    def save_layout(self, memory: LayoutMemory) -> int:
        """Insert (id 0) or replace a layout memory; returns its id."""
        now = to_text(now_utc())
        values: dict[str, Any] = {
            "profile_key": _key(memory.profile_id), "supplier_key": memory.supplier_key,
            "supplier_name": memory.supplier_name, "fingerprint_json": dumps(memory.fingerprint),
            "fields_json": dumps({name: f.to_json() for name, f in memory.fields.items()}),
            "taught_invoice_id": memory.taught_invoice_id, "taught_invoice_number": memory.taught_invoice_number,
            "paid_cadre": memory.paid_cadre, "paid_taught_invoice_id": memory.paid_taught_invoice_id,
            "paid_taught_invoice_number": memory.paid_taught_invoice_number,
            "updated_at": now,
        }
        with self._db.transaction() as conn:
            if memory.id:
                assignments = ", ".join(f"{name} = :{name}" for name in values)
                conn.execute(f"UPDATE layout_memories SET {assignments} WHERE id = :id", {**values, "id": memory.id})
                return memory.id
            columns = ", ".join([*values, "created_at"])
            placeholders = ", ".join(f":{name}" for name in [*values, "created_at"])
            cursor = conn.execute(f"INSERT INTO layout_memories ({columns}) VALUES ({placeholders})",
                                  {**values, "created_at": now})
            return int(cursor.lastrowid or 0)

    def count_use(self, memory_id: int) -> None:
        with self._db.transaction() as conn:
            conn.execute("UPDATE layout_memories SET uses = uses + 1 WHERE id = ?", (memory_id,))

    def forget_layout(self, memory_id: int) -> None:
        with self._db.transaction() as conn:
            deleted = conn.execute("DELETE FROM layout_memories WHERE id = ?", (memory_id,)).rowcount
        if not deleted:
            raise NotFoundError(code="modele_introuvable", params={"memory_id": memory_id})

    # ------------------------------------------------------------------ routings

    def routing(self, profile_id: int | None, buyer_key: str) -> RoutingMemory | None:
        with self._db.reading() as conn:
            row = conn.execute("SELECT * FROM routing_memories WHERE profile_key = ? AND buyer_key = ?",
                               (_key(profile_id), buyer_key)).fetchone()
        return None if row is None else _routing(row)

    def routings(self, profile_id: int | None = None) -> builtins.list[RoutingMemory]:
        with self._db.reading() as conn:
            if profile_id is None:
                rows = conn.execute("SELECT * FROM routing_memories ORDER BY id").fetchall()
            else:
                rows = conn.execute("SELECT * FROM routing_memories WHERE profile_key = ? ORDER BY id",
                                    (profile_id,)).fetchall()
        return [_routing(row) for row in rows]

    def save_routing(self, memory: RoutingMemory) -> None:
        """Insert or replace the routing remembered for (profile, buyer)."""
        with self._db.transaction() as conn:
            conn.execute(
                "INSERT INTO routing_memories (profile_key, buyer_key, buyer_label, routing_json, printed_json, "
                "engagement_recurs, taught_invoice_id, taught_invoice_number, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (profile_key, buyer_key) DO UPDATE SET "
                "buyer_label = excluded.buyer_label, routing_json = excluded.routing_json, "
                "printed_json = excluded.printed_json, engagement_recurs = excluded.engagement_recurs, "
                "taught_invoice_id = excluded.taught_invoice_id, "
                "taught_invoice_number = excluded.taught_invoice_number, updated_at = excluded.updated_at",
                (_key(memory.profile_id), memory.buyer_key, memory.buyer_label, dumps(memory.routing),
                 dumps(memory.printed), int(memory.engagement_recurs), memory.taught_invoice_id,
                 memory.taught_invoice_number, to_text(now_utc())))

    def forget_routing(self, memory_id: int) -> None:
        with self._db.transaction() as conn:
            deleted = conn.execute("DELETE FROM routing_memories WHERE id = ?", (memory_id,)).rowcount
        if not deleted:
            raise NotFoundError(code="routage_introuvable", params={"memory_id": memory_id})
