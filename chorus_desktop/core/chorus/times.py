"""Chorus Pro's clock: it writes French local times without an offset; we store aware UTC times."""

from __future__ import annotations

import datetime as dt
from typing import Any

from chorus_desktop.core.chorus.client import parse_datetime


def aware(moment: dt.datetime) -> dt.datetime:
    """A naive time from our own store is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def chorus_time(value: Any) -> dt.datetime | None:
    """Chorus Pro writes French local times without an offset ("YYYY-MM-DD HH:MM")."""
    moment = parse_datetime(value)
    if moment is None:
        return None
    return moment.replace(tzinfo=PARIS)


def _paris() -> dt.tzinfo:
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("Europe/Paris")
    except Exception:  # no time zone database (some Windows installs): treat as UTC+1
        return dt.timezone(dt.timedelta(hours=1))


PARIS = _paris()
