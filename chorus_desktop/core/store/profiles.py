"""Supplier profiles: the companies the user deposits invoices for."""

from __future__ import annotations

import sqlite3
from typing import Any

from chorus_desktop.core.domain.profile import PROFILE_FIELDS, Profile
from chorus_desktop.core.errors import NotFoundError, UserFixableError
from chorus_desktop.core.store.codec import dumps, from_text, loads, now_utc, to_text
from chorus_desktop.core.store.connection import Database


def _profile(row: sqlite3.Row) -> Profile:
    return Profile(
        id=row["id"], name=row["name"], siret=row["siret"], vat_number=row["vat_number"], iban=row["iban"],
        chorus_supplier_id=row["chorus_supplier_id"], chorus_service_id=row["chorus_service_id"],
        chorus_bank_account_id=row["chorus_bank_account_id"], default_vat_type=row["default_vat_type"],
        default_payment_mode=row["default_payment_mode"], settings=loads(row["settings_json"]) or {},
        last_sync_at=from_text(row["last_sync_at"]), created_at=from_text(row["created_at"]),
        legal_name=row["legal_name"], address=row["address"], bic=row["bic"], legal_form=row["legal_form"],
        capital=row["capital"], rcs=row["rcs"], logo_path=row["logo_path"], vat_regime=row["vat_regime"],
        number_patterns=loads(row["number_patterns_json"]) or {},
    )


def _json_columns(values: dict[str, Any]) -> dict[str, Any]:
    if "settings" in values:
        values["settings_json"] = dumps(values.pop("settings") or {})
    if "number_patterns" in values:
        values["number_patterns_json"] = dumps(values.pop("number_patterns") or {})
    return values


class ProfileRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, name: str, siret: str, **values: Any) -> Profile:
        unknown = set(values) - set(PROFILE_FIELDS)
        if unknown:
            raise UserFixableError(code="champ_inconnu", text_id="champ_profil_inconnu",
                                   params={"names": ", ".join(sorted(unknown))})
        columns = _json_columns({"name": name, "siret": siret, **values})
        columns["created_at"] = to_text(now_utc())
        names = ", ".join(columns)
        marks = ", ".join("?" for _ in columns)
        with self._db.transaction() as conn:
            if conn.execute("SELECT 1 FROM profiles WHERE name = ?", (name,)).fetchone():
                raise UserFixableError(code="profil_existant", params={"name": name})
            cursor = conn.execute(f"INSERT INTO profiles ({names}) VALUES ({marks})", tuple(columns.values()))
            profile_id = int(cursor.lastrowid or 0)
        return self.get(profile_id)

    def update(self, profile_id: int, **values: Any) -> Profile:
        unknown = set(values) - set(PROFILE_FIELDS)
        if unknown:
            raise UserFixableError(code="champ_inconnu", text_id="champ_profil_inconnu",
                                   params={"names": ", ".join(sorted(unknown))})
        values = _json_columns(dict(values))
        if values:
            assignments = ", ".join(f"{name} = ?" for name in values)
            with self._db.transaction() as conn:
                self.get(profile_id)
                try:
                    conn.execute(f"UPDATE profiles SET {assignments} WHERE id = ?", (*values.values(), profile_id))
                except sqlite3.IntegrityError:
                    raise UserFixableError(code="profil_existant", text_id="profil_homonyme") from None
        return self.get(profile_id)

    def get(self, profile_id: int) -> Profile:
        with self._db.reading() as conn:
            row = conn.execute("SELECT * FROM profiles WHERE id = ?", (profile_id,)).fetchone()
        if row is None:
            raise NotFoundError(code="profil_introuvable", text_id="profil_introuvable_numero", params={"profile_id": profile_id})
        return _profile(row)

    def find(self, key: str | int) -> Profile:
        """A profile by id, name or SIRET (what users type on the command line)."""
        with self._db.reading() as conn:
            row = None
            # Short numbers are ids; 9 or 14 digits are a SIREN/SIRET.
            if isinstance(key, int) or (str(key).isdigit() and len(str(key)) < 9):
                row = conn.execute("SELECT * FROM profiles WHERE id = ?", (int(key),)).fetchone()
            if row is None:
                row = conn.execute("SELECT * FROM profiles WHERE name = ? OR siret = ? ORDER BY id LIMIT 1",
                                   (str(key), str(key).replace(" ", ""))).fetchone()
        if row is None:
            raise NotFoundError(code="profil_introuvable", params={"key": key})
        return _profile(row)

    def list(self) -> list[Profile]:
        with self._db.reading() as conn:
            return [_profile(row) for row in conn.execute("SELECT * FROM profiles ORDER BY name COLLATE NOCASE")]

    def set_last_sync(self, profile_id: int, moment: Any) -> None:
        with self._db.transaction() as conn:
            conn.execute("UPDATE profiles SET last_sync_at = ? WHERE id = ?", (to_text(moment), profile_id))
