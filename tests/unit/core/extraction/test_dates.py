"""Printed dates: numeric, in words (French, English, German), glued to their label."""

from __future__ import annotations

import datetime as dt

import pytest

from chorus_desktop.core.extraction.dates import find_date, parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("26/05/2020", dt.date(2020, 5, 26)),
        ("26.05.2020", dt.date(2020, 5, 26)),
        ("26-05-2020", dt.date(2020, 5, 26)),
        ("26/05/20", dt.date(2020, 5, 26)),
        ("2020-05-26", dt.date(2020, 5, 26)),
        ("20260815", dt.date(2026, 8, 15)),
        ("26 mai 2020", dt.date(2020, 5, 26)),
        ("1er décembre 2026", dt.date(2026, 12, 1)),
        ("1er Decembre 2026", dt.date(2026, 12, 1)),
        ("2 mars 2022", dt.date(2022, 3, 2)),
        ("15-mars-2024", dt.date(2024, 3, 15)),
        ("23 sept. 2025", dt.date(2025, 9, 23)),
        ("02 Juillet 2015", dt.date(2015, 7, 2)),
        ("3 févr. 2024", dt.date(2024, 2, 3)),
        ("May 26, 2020", dt.date(2020, 5, 26)),
        ("26th May 2020", dt.date(2020, 5, 26)),
        ("5. März 2018", dt.date(2018, 3, 5)),
        ("5 de mayo de 2020", dt.date(2020, 5, 5)),
        ("Date:26/05/2020", dt.date(2020, 5, 26)),
        ("Datedefacturation:01/02/2021", dt.date(2021, 2, 1)),
        ("05/26/2020", dt.date(2020, 5, 26)),  # only readable month-first
    ],
)
def test_dates(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


def test_ambiguous_dates_are_day_first_unless_the_context_is_american() -> None:
    assert parse_date("05/06/2020") == dt.date(2020, 6, 5)
    assert parse_date("05/06/2020", us=True) == dt.date(2020, 5, 6)
    assert parse_date("05/26/2020", us=True) == dt.date(2020, 5, 26)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "31/02/2020",
        "1.234,56",
        "12345678",
        "FR7630004025320001031126006",
        "26/05/1850",
        "13/13/2020",
        "Total 26,00",
    ],
)
def test_not_dates(text: str) -> None:
    assert parse_date(text) is None


def test_find_date_gives_the_span_of_the_first_date() -> None:
    found = find_date("Période : 15/09/2025 - 21/09/2025")
    assert found is not None
    value, start, end = found
    assert value == dt.date(2025, 9, 15)
    assert "Période : 15/09/2025 - 21/09/2025"[start:end] == "15/09/2025"


def test_long_hostile_input_does_not_hang() -> None:
    text = "1" * 5000 + "/" + "2" * 5000 + " mai " * 2000
    assert parse_date(text) is None  # refused by length
    assert find_date(("12 " * 3000) + "mai") is None
