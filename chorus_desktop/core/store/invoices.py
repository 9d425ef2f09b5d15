"""Invoices: extracted values, the deposit as edited, validation results, Chorus ids, current state.

Low-level reads and writes only; the rules (which state may follow which, what to re-validate) are in
`core/services.py` and `core/states.py`. Write methods taking `conn` run inside the caller's transaction.
"""

from __future__ import annotations

import builtins
import datetime as dt
import sqlite3
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from chorus_desktop.core.domain.deposit import Deposit
from chorus_desktop.core.domain.deposit_codec import deposit_from_json
from chorus_desktop.core.domain.invoice import ChorusIds, InvoiceRecord, InvoiceSummary
from chorus_desktop.core.domain.payment_clock import ClockFacts
from chorus_desktop.core.errors import AlreadyStoredError, NotFoundError
from chorus_desktop.core.model import Problem
from chorus_desktop.core.states import FINAL_STATES, LOCAL_STATES, InvoiceState
from chorus_desktop.core.store.codec import (
    date_from_text,
    dumps,
    from_cents,
    from_text,
    loads,
    now_utc,
    to_cents,
    to_text,
)
from chorus_desktop.core.store.connection import Database
from chorus_desktop.core.store.documents import _document

_CHUNK = 500  # ids per IN (...) list, well under SQLite's variable limit
ORDER_COLUMNS = {"date": "invoice_date", "number": "invoice_number", "amount": "total_ttc_cents",
                 "state": "state", "updated": "updated_at", "id": "id",
                 "recipient": "recipient_name"}
_SUMMARY_COLUMNS = (
    "i.id, i.profile_id, i.state, i.invoice_number, i.invoice_date, i.recipient_siret, i.recipient_name, "
    "i.total_ttc_cents, d.original_name, i.blocking_count, i.warning_count, i.chorus_invoice_id, i.updated_at"
)


def _problems_json(problems: list[Problem]) -> str:
    return dumps([p.to_json() for p in problems])


def _problems(text: str) -> list[Problem]:
    return [Problem(code=item["code"], message=item["message"], field=item.get("field"),
                    blocking=bool(item.get("blocking"))) for item in loads(text) or []]


def _deposit_columns(deposit: Deposit) -> dict[str, Any]:
    return {
        "invoice_number": deposit.numeroFactureSaisi,
        "invoice_date": deposit.dateFacture.isoformat() if deposit.dateFacture else None,
        "recipient_siret": deposit.codeDestinataire,
        "total_ttc_cents": to_cents(deposit.montantTtcTotal),
        "deposit_json": dumps(deposit.to_json()),
    }


def _summary(row: sqlite3.Row) -> InvoiceSummary:
    updated = from_text(row["updated_at"])
    assert updated is not None
    return InvoiceSummary(
        id=row["id"], profile_id=row["profile_id"], state=InvoiceState(row["state"]),
        invoice_number=row["invoice_number"], invoice_date=date_from_text(row["invoice_date"]),
        recipient_siret=row["recipient_siret"], recipient_name=row["recipient_name"],
        total_ttc=from_cents(row["total_ttc_cents"]), file_name=row["original_name"],
        blocking_count=row["blocking_count"], warning_count=row["warning_count"],
        chorus_invoice_id=row["chorus_invoice_id"], updated_at=updated,
    )


def _amount_filter(search: str) -> int | None:
    text = search.strip().replace("€", "").replace(" ", "").replace("\u00a0", "").replace(",", ".")
    if not text or not any(ch.isdigit() for ch in text) or text.count(".") > 1:
        return None
    try:
        return to_cents(Decimal(text))
    except InvalidOperation:
        return None


class InvoiceRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    # --- writes: each is its own transaction, or joins the caller's `Store.unit_of_work()` ---

    def insert(self, *, profile_id: int | None, document_sha256: str,
               state: InvoiceState, deposit: Deposit, extraction: dict[str, Any], problems: list[Problem],
               supplier_siret: str | None, recipient_name: str | None) -> int:
        with self._db.transaction() as conn:
            now = to_text(now_utc())
            columns = {
                "profile_id": profile_id, "document_sha256": document_sha256, "state": state.value,
                **_deposit_columns(deposit), "recipient_name": recipient_name, "supplier_siret": supplier_siret,
                "extraction_json": dumps(extraction), "problems_json": _problems_json(problems),
                "blocking_count": sum(p.blocking for p in problems),
                "warning_count": sum(not p.blocking for p in problems),
                "state_changed_at": now, "created_at": now, "updated_at": now,
            }
            try:
                cursor = conn.execute(
                    f"INSERT INTO invoices ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",
                    tuple(columns.values()),
                )
            except sqlite3.IntegrityError as error:
                if "UNIQUE" not in str(error):
                    raise
                raise AlreadyStoredError(document_sha256) from error  # stored by another process meanwhile
            return int(cursor.lastrowid or 0)

    def save_deposit(self, invoice_id: int, deposit: Deposit, problems: list[Problem],
                     recipient_name: str | None = None) -> None:
        with self._db.transaction() as conn:
            columns = {**_deposit_columns(deposit), "problems_json": _problems_json(problems),
                       "blocking_count": sum(p.blocking for p in problems),
                       "warning_count": sum(not p.blocking for p in problems), "updated_at": to_text(now_utc())}
            if recipient_name is not None:
                columns["recipient_name"] = recipient_name
            conn.execute(f"UPDATE invoices SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?",
                         (*columns.values(), invoice_id))

    def save_problems(self, invoice_id: int, problems: list[Problem]) -> None:
        with self._db.transaction() as conn:
            conn.execute(
                "UPDATE invoices SET problems_json = ?, blocking_count = ?, warning_count = ? WHERE id = ?",
                (_problems_json(problems), sum(p.blocking for p in problems), sum(not p.blocking for p in problems),
                 invoice_id),
            )

    def set_state(self, invoice_id: int, state: InvoiceState,
                  chorus_code: str | None = None, at: dt.datetime | None = None) -> None:
        with self._db.transaction() as conn:
            moment = to_text(at or now_utc())
            if chorus_code is None:
                conn.execute("UPDATE invoices SET state = ?, state_changed_at = ?, updated_at = ? WHERE id = ?",
                             (state.value, moment, to_text(now_utc()), invoice_id))
            else:
                conn.execute(
                    "UPDATE invoices SET state = ?, chorus_status_code = ?, state_changed_at = ?, updated_at = ? "
                    "WHERE id = ?", (state.value, chorus_code, moment, to_text(now_utc()), invoice_id))

    def set_chorus_ids(self, invoice_id: int, *, chorus_invoice_id: int,
                       certificate_fingerprint: str | None, deposited_at: dt.datetime | None) -> None:
        with self._db.transaction() as conn:
            conn.execute(
                "UPDATE invoices SET chorus_invoice_id = ?, chorus_certificate = ?, chorus_deposited_at = ?, "
                "updated_at = ? WHERE id = ?",
                (chorus_invoice_id, certificate_fingerprint, to_text(deposited_at), to_text(now_utc()), invoice_id),
            )

    def set_checked(self, invoice_id: int, at: dt.datetime | None = None) -> None:
        with self._db.transaction() as conn:
            conn.execute("UPDATE invoices SET chorus_checked_at = ? WHERE id = ?", (to_text(at or now_utc()), invoice_id))

    def set_supplier_confirmed(self, invoice_id: int, printed_supplier: str | None) -> None:
        with self._db.transaction() as conn:
            conn.execute("UPDATE invoices SET supplier_confirmed = ? WHERE id = ?", (printed_supplier, invoice_id))

    def set_rejection_handled(self, invoice_id: int, at: dt.datetime) -> None:
        with self._db.transaction() as conn:
            conn.execute("UPDATE invoices SET rejection_handled_at = ?, updated_at = ? WHERE id = ?",
                         (to_text(at), to_text(now_utc()), invoice_id))

    def set_send_attempted(self, invoice_id: int, at: dt.datetime | None) -> None:
        """Mark (or clear, with None) a `soumettre` whose outcome is not known yet."""
        with self._db.transaction() as conn:
            conn.execute("UPDATE invoices SET send_attempted_at = ? WHERE id = ?",
                         (None if at is None else to_text(at), invoice_id))

    def ids_send_attempted(self, states: Iterable[InvoiceState]) -> builtins.list[int]:
        """Invoices in one of `states` whose last `soumettre` may have reached Chorus Pro."""
        values = [s.value for s in states]
        with self._db.reading() as conn:
            return [int(row[0]) for row in conn.execute(
                f"SELECT id FROM invoices WHERE state IN ({', '.join('?' for _ in values)}) "
                "AND send_attempted_at IS NOT NULL ORDER BY id", values)]

    def set_profile(self, invoice_id: int, profile_id: int) -> None:
        with self._db.transaction() as conn:
            conn.execute("UPDATE invoices SET profile_id = ? WHERE id = ?", (profile_id, invoice_id))

    def set_recipient_name(self, siret: str, name: str) -> None:
        """The name Chorus Pro gives a recipient, on every invoice addressed to it."""
        with self._db.transaction() as conn:
            conn.execute("UPDATE invoices SET recipient_name = ? WHERE recipient_siret = ?", (name, siret))

    def delete(self, invoice_id: int) -> None:
        """Remove the invoice row (its history goes with it: ON DELETE CASCADE)."""
        with self._db.transaction() as conn:
            conn.execute("DELETE FROM invoices WHERE id = ?", (invoice_id,))

    def document_in_use(self, sha256: str) -> bool:
        """Whether an invoice still uses this stored file, as its PDF or as an attachment."""
        with self._db.reading() as conn:
            return conn.execute("SELECT 1 FROM invoices WHERE document_sha256 = ? OR deposit_json LIKE ? LIMIT 1",
                                (sha256, f"%{sha256}%")).fetchone() is not None

    def status_code_of(self, invoice_id: int) -> str | None:
        """The raw Chorus Pro status code last stored for the invoice."""
        with self._db.reading() as conn:
            row = conn.execute("SELECT chorus_status_code FROM invoices WHERE id = ?", (invoice_id,)).fetchone()
        return None if row is None else row["chorus_status_code"]

    # --- reads ---

    def get(self, invoice_id: int) -> InvoiceRecord:
        with self._db.reading() as conn:
            row = conn.execute(
                "SELECT i.*, d.sha256, d.size, d.original_name, d.relative_path, d.is_text_pdf, d.page_count "
                "FROM invoices i JOIN documents d ON d.sha256 = i.document_sha256 WHERE i.id = ?",
                (invoice_id,),
            ).fetchone()
        if row is None:
            raise NotFoundError(code="facture_introuvable", params={"invoice_id": invoice_id})
        state_changed, created, updated = (from_text(row[c]) for c in ("state_changed_at", "created_at", "updated_at"))
        assert state_changed and created and updated
        return InvoiceRecord(
            id=row["id"], profile_id=row["profile_id"], state=InvoiceState(row["state"]),
            deposit=deposit_from_json(loads(row["deposit_json"])), extraction=loads(row["extraction_json"]),
            problems=_problems(row["problems_json"]), document=_document(row),
            chorus=ChorusIds(invoice_id=row["chorus_invoice_id"], certificate_fingerprint=row["chorus_certificate"],
                             deposited_at=from_text(row["chorus_deposited_at"]),
                             status_code=row["chorus_status_code"], last_checked_at=from_text(row["chorus_checked_at"]),
                             rejection_handled_at=from_text(row["rejection_handled_at"]),
                             send_attempted_at=from_text(row["send_attempted_at"])),
            state_changed_at=state_changed, created_at=created, updated_at=updated,
            supplier_confirmed=row["supplier_confirmed"],
        )

    def state_of(self, invoice_id: int) -> InvoiceState:
        with self._db.reading() as conn:
            row = conn.execute("SELECT state FROM invoices WHERE id = ?", (invoice_id,)).fetchone()
            if row is None:
                raise NotFoundError(code="facture_introuvable", params={"invoice_id": invoice_id})
            return InvoiceState(row["state"])

    def id_for_document(self, sha256: str) -> int | None:
        with self._db.reading() as conn:
            row = conn.execute("SELECT id FROM invoices WHERE document_sha256 = ?", (sha256,)).fetchone()
        return None if row is None else int(row["id"])

    def id_for_chorus_id(self, chorus_invoice_id: int) -> int | None:
        with self._db.reading() as conn:
            row = conn.execute("SELECT id FROM invoices WHERE chorus_invoice_id = ?", (chorus_invoice_id,)).fetchone()
        return None if row is None else int(row["id"])

    def number_used(self, profile_id: int | None, number: str, exclude_id: int | None = None) -> bool:
        """Whether another invoice of this supplier profile already carries this number."""
        with self._db.reading() as conn:
            row = conn.execute(
                "SELECT 1 FROM invoices WHERE profile_id IS ? AND invoice_number = ? AND id IS NOT ? LIMIT 1",
                (profile_id, number, exclude_id),
            ).fetchone()
        return row is not None

    def list(self, *, state: InvoiceState | Iterable[InvoiceState] | None = None, search: str | None = None,
             profile_id: int | None = None, order_by: str = "date", descending: bool = True,
             limit: int | None = None, offset: int = 0) -> builtins.list[InvoiceSummary]:
        where, params = self._filters(state, search, profile_id)
        column = ORDER_COLUMNS.get(order_by)
        if column is None:
            raise ValueError(f"unknown order_by {order_by!r}")
        direction = "DESC" if descending else "ASC"
        sql = (f"SELECT {_SUMMARY_COLUMNS} FROM invoices i JOIN documents d ON d.sha256 = i.document_sha256"
               f"{where} ORDER BY i.{column} {direction}, i.id {direction} LIMIT ? OFFSET ?")
        with self._db.reading() as conn:
            rows = conn.execute(sql, (*params, -1 if limit is None else limit, offset)).fetchall()
        return [_summary(row) for row in rows]

    def count(self, *, state: InvoiceState | Iterable[InvoiceState] | None = None, search: str | None = None,
              profile_id: int | None = None) -> int:
        where, params = self._filters(state, search, profile_id)
        with self._db.reading() as conn:
            join = " JOIN documents d ON d.sha256 = i.document_sha256" if search and search.strip() else ""
            return int(conn.execute(f"SELECT count(*) FROM invoices i{join}{where}", params).fetchone()[0])

    @staticmethod
    def _filters(state: InvoiceState | Iterable[InvoiceState] | None, search: str | None,
                 profile_id: int | None) -> tuple[str, tuple[Any, ...]]:
        clauses: builtins.list[str] = []
        params: builtins.list[Any] = []
        if state is not None:
            states = [state] if isinstance(state, InvoiceState) else list(state)
            clauses.append(f"i.state IN ({', '.join('?' for _ in states)})")
            params.extend(s.value for s in states)
        if profile_id is not None:
            clauses.append("i.profile_id = ?")
            params.append(profile_id)
        if search and search.strip():
            text = search.strip()
            pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            alternatives = ["i.invoice_number LIKE ? ESCAPE '\\'", "i.recipient_siret LIKE ? ESCAPE '\\'",
                            "i.recipient_name LIKE ? ESCAPE '\\'", "d.original_name LIKE ? ESCAPE '\\'"]
            params.extend([pattern, pattern.replace(" ", ""), pattern, pattern])
            cents = _amount_filter(text)
            if cents is not None:
                alternatives.append("i.total_ttc_cents = ?")
                params.append(cents)
            clauses.append("(" + " OR ".join(alternatives) + ")")
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), tuple(params)

    def counts_by_state(self) -> dict[InvoiceState, int]:
        with self._db.reading() as conn:
            rows = conn.execute("SELECT state, count FROM state_counts WHERE count > 0").fetchall()
        return {InvoiceState(row["state"]): int(row["count"]) for row in rows}

    def ids_to_poll(self, profile_id: int | None = None) -> builtins.list[int]:
        """Invoices known to Chorus and not in a final state (what sync should ask Chorus about)."""
        excluded = [s.value for s in (LOCAL_STATES | FINAL_STATES)]
        sql = (f"SELECT id FROM invoices WHERE chorus_invoice_id IS NOT NULL AND state NOT IN "
               f"({', '.join('?' for _ in excluded)})")
        params: builtins.list[Any] = list(excluded)
        if profile_id is not None:
            sql += " AND profile_id = ?"
            params.append(profile_id)
        with self._db.reading() as conn:
            return [int(row[0]) for row in conn.execute(sql + " ORDER BY id", params)]

    def clock_facts(self, invoice_ids: Iterable[int]) -> builtins.list[ClockFacts]:
        """For the payment clocks: the invoices among `invoice_ids` known to Chorus, in one light read."""
        wanted = sorted(set(invoice_ids))
        local = [s.value for s in LOCAL_STATES]
        facts = []
        with self._db.reading() as conn:
            for start in range(0, len(wanted), _CHUNK):
                chunk = wanted[start:start + _CHUNK]
                rows = conn.execute(
                    "SELECT id, invoice_number, state, recipient_siret, total_ttc_cents, "
                    "json_extract(deposit_json, '$.montantAPayer') AS amount_due FROM invoices "
                    f"WHERE id IN ({', '.join('?' for _ in chunk)}) AND chorus_invoice_id IS NOT NULL "
                    f"AND state NOT IN ({', '.join('?' for _ in local)}) ORDER BY id", (*chunk, *local),
                ).fetchall()
                for row in rows:
                    try:
                        amount = Decimal(str(row["amount_due"])) if row["amount_due"] is not None else None
                    except InvalidOperation:
                        amount = None
                    facts.append(ClockFacts(int(row["id"]), row["invoice_number"], InvoiceState(row["state"]),
                                            row["recipient_siret"],
                                            amount if amount is not None else from_cents(row["total_ttc_cents"])))
        return facts

    def ids_in_state(self, state: InvoiceState) -> builtins.list[int]:
        with self._db.reading() as conn:
            return [int(row[0]) for row in conn.execute("SELECT id FROM invoices WHERE state = ? ORDER BY id",
                                                        (state.value,))]
