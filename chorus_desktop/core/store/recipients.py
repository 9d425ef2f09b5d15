"""Public recipients: their Chorus Pro parameters and the routing data used last for them."""

from __future__ import annotations

import builtins
import datetime as dt
import sqlite3

from chorus_desktop.core.domain.recipient import Recipient, RecipientService
from chorus_desktop.core.store.codec import (
    dumps,
    from_bool_int,
    from_text,
    loads,
    now_utc,
    to_bool_int,
    to_text,
)
from chorus_desktop.core.store.connection import Database

_UNSET = object()


def _recipient(row: sqlite3.Row) -> Recipient:
    return Recipient(
        id=row["id"], siret=row["siret"], name=row["name"], chorus_structure_id=row["chorus_structure_id"],
        services=[RecipientService.from_json(item) for item in loads(row["services_json"]) or []],
        service_required=from_bool_int(row["service_required"]),
        engagement_required=from_bool_int(row["engagement_required"]),
        service_or_engagement=from_bool_int(row["service_or_engagement"]), active=from_bool_int(row["active"]),
        last_service_code=row["last_service_code"], last_engagement=row["last_engagement"],
        checked_at=from_text(row["checked_at"]), buyer_kind=row["buyer_kind"],
        payment_delay_days=row["payment_delay_days"],
    )


class RecipientRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, siret: str) -> Recipient | None:
        with self._db.reading() as conn:
            row = conn.execute("SELECT * FROM recipients WHERE siret = ?", (siret,)).fetchone()
        return None if row is None else _recipient(row)

    def list(self) -> builtins.list[Recipient]:
        with self._db.reading() as conn:
            return [_recipient(row) for row in conn.execute("SELECT * FROM recipients ORDER BY name, siret")]

    def _ensure(self, conn: sqlite3.Connection, siret: str) -> None:
        conn.execute("INSERT INTO recipients (siret, updated_at) VALUES (?, ?) ON CONFLICT (siret) DO NOTHING",
                     (siret, to_text(now_utc())))

    def remember_routing(self, siret: str, service_code: str | None, engagement: str | None,
                         name: str | None = None) -> None:
        """Remember the code service / numéro d'engagement last used for this recipient (blank ones are kept)."""
        with self._db.transaction() as conn:
            self._ensure(conn, siret)
            conn.execute(
                "UPDATE recipients SET last_service_code = COALESCE(?, last_service_code), "
                "last_engagement = COALESCE(?, last_engagement), name = COALESCE(name, ?), updated_at = ? "
                "WHERE siret = ?",
                (service_code or None, engagement or None, name, to_text(now_utc()), siret),
            )

    def set_payment_terms(self, siret: str, buyer_kind: str | None, payment_delay_days: int | None) -> Recipient:
        """The kind of public buyer (its legal payment delay) and a shorter contractual delay (None = none)."""
        with self._db.transaction() as conn:
            self._ensure(conn, siret)
            conn.execute("UPDATE recipients SET buyer_kind = ?, payment_delay_days = ?, updated_at = ? WHERE siret = ?",
                         (buyer_kind, payment_delay_days, to_text(now_utc()), siret))
        found = self.get(siret)
        assert found is not None
        return found

    def save_chorus_parameters(
        self, siret: str, *, name: str | None = None, chorus_structure_id: int | None = None,
        services: builtins.list[RecipientService] | None = None, service_required: bool | None = None,
        engagement_required: bool | None = None, service_or_engagement: bool | None = None,
        active: bool | None = None, checked_at: dt.datetime | None = None,
    ) -> Recipient:
        """Record what Chorus Pro says about the recipient (`structures/v1/consulter` + services).

        Replaces the stored parameters with the given ones (None = unknown) and sets `checked_at`
        (now by default). The remembered routing data is left untouched.
        """
        with self._db.transaction() as conn:
            self._ensure(conn, siret)
            conn.execute(
                "UPDATE recipients SET name = COALESCE(?, name), chorus_structure_id = ?, services_json = ?, "
                "service_required = ?, engagement_required = ?, service_or_engagement = ?, active = ?, "
                "checked_at = ?, updated_at = ? WHERE siret = ?",
                (name, chorus_structure_id, dumps([s.to_json() for s in services or []]),
                 to_bool_int(service_required), to_bool_int(engagement_required),
                 to_bool_int(service_or_engagement), to_bool_int(active), to_text(checked_at or now_utc()),
                 to_text(now_utc()), siret),
            )
        found = self.get(siret)
        assert found is not None
        return found
