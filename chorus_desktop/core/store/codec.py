"""Conversions between Python values and SQLite columns (UTC ISO timestamps, cents, JSON)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def to_text(moment: dt.datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat()


def from_text(text: str | None) -> dt.datetime | None:
    return None if text is None else dt.datetime.fromisoformat(text)


def date_from_text(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


def to_cents(amount: Decimal | None) -> int | None:
    return None if amount is None else int((amount * 100).to_integral_value())


def from_cents(cents: int | None) -> Decimal | None:
    return None if cents is None else (Decimal(cents) / 100).quantize(Decimal("0.01"))


def to_bool_int(value: bool | None) -> int | None:
    return None if value is None else int(bool(value))


def from_bool_int(value: int | None) -> bool | None:
    return None if value is None else bool(value)


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)
