"""The ECB rates table for late-payment interest: shipped as data (`chorus_desktop/resources/taux-bce.json`,
with its sources and date), overridden by a copy the user edits in the data folder (`taux-bce.json`)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path
from typing import Any

from chorus_desktop.core.domain.payment_clock import RatePeriod, RateTable

log = logging.getLogger(__name__)

RATES_FILE_NAME = "taux-bce.json"
_HALF_YEAR = re.compile(r"^(\d{4})-S([12])$")


def parse_rate_table(data: Any, origin: str) -> RateTable:
    """The periods of a `taux-bce.json` document; malformed lines are skipped (and logged)."""
    periods = []
    items = data.get("periods") if isinstance(data, dict) else None
    for item in items if isinstance(items, list) else []:
        match = _HALF_YEAR.match(str(item.get("half_year") or "").strip()) if isinstance(item, dict) else None
        try:
            rate = Decimal(str(item.get("ecb_rate")).replace(",", ".")) if match else Decimal("NaN")
        except InvalidOperation:
            rate = Decimal("NaN")
        if match is None or not rate.is_finite():
            log.warning("ligne ignorée dans %s : %r", origin, item)
            continue
        start = dt.date(int(match.group(1)), 1 if match.group(2) == "1" else 7, 1)
        periods.append(RatePeriod(start, rate, str(item.get("source") or "")))
    return RateTable(tuple(sorted(periods, key=lambda p: p.starts_on)), origin)


def shipped_rate_table() -> RateTable:
    text = resources.files("chorus_desktop").joinpath("resources", RATES_FILE_NAME).read_text(encoding="utf-8")
    return parse_rate_table(json.loads(text), RATES_FILE_NAME)


def load_rate_table(override: Path | None = None) -> RateTable:
    """The user's copy when it exists and reads well, else the shipped table."""
    if override is not None and override.is_file():
        try:
            table = parse_rate_table(json.loads(override.read_text(encoding="utf-8")), str(override))
        except (OSError, ValueError) as error:
            log.warning("taux BCE illisibles dans %s (%s) : tableau livré utilisé", override, error)
        else:
            if table.periods:
                return table
    return shipped_rate_table()
