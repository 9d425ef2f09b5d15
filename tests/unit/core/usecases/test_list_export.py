"""The list as CSV for a French spreadsheet: BOM, `;`, « 1 234,50 », JJ/MM/AAAA, the rows and columns asked."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

from storekit import FakeExtractor
from usecasekit import import_one

from chorus_desktop.core.usecases.list_export import csv_text, french_amount
from chorus_desktop.wiring import AppContext


def test_french_amounts() -> None:
    assert french_amount(Decimal("1234.5")) == "1\u00a0234,50"
    assert french_amount(Decimal("1234567.891")) == "1\u00a0234\u00a0567,89"
    assert french_amount(Decimal(0)) == "0,00"
    assert french_amount(None) == ""


def test_the_rows_and_columns_asked_in_their_order(services: AppContext, extractor: FakeExtractor,
                                                   pdfs: list[Path], tmp_path: Path) -> None:
    extractor.by_name[pdfs[0].name] = {"invoice_number": "A-1; « spécial »", "date": dt.date(2024, 1, 5),
                                       "total_ttc": Decimal("1234.5")}
    extractor.by_name[pdfs[1].name] = {"invoice_number": "B-2", "date": dt.date(2024, 3, 5),
                                       "total_ttc": Decimal(99)}
    extractor.by_name[pdfs[2].name] = {"invoice_number": "C-3"}
    first, second, _third = (import_one(services, pdf) for pdf in pdfs)
    target = tmp_path / "liste.csv"
    written = services.list_export.write(str(target), [second, first], ["number", "date", "ttc", "file"])
    assert written == 2
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 byte order mark: Excel reads the accents right
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Numéro", "Date", "Montant TTC", "Fichier"]
    assert rows[1] == ["B-2", "05/03/2024", "99,00", pdfs[1].name]
    assert rows[2] == ["A-1; « spécial »", "05/01/2024", "1\u00a0234,50", pdfs[0].name]  # quoted, read back whole
    assert len(rows) == 3


def test_every_column_by_default_and_an_empty_list_is_a_header() -> None:
    text = csv_text([])
    assert text.startswith("\ufeffStatut;Destinataire;Numéro;Date;Montant TTC;Modifiée le;Fichier")
    assert text.count("\r\n") == 1
