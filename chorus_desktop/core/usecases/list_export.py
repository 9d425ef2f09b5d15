"""Exporting the invoice list as a CSV file that a French spreadsheet opens as is.

UTF-8 with a byte order mark (Excel then reads the accents right), `;` between fields, amounts as
« 1 234,50 » (no-break space between thousands, decimal comma), dates as JJ/MM/AAAA, times in local time.
The GUI exports the rows and columns it shows (its filter, its order); `chorus-desktop list --csv` the rows
its options select, with every column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Sequence
from decimal import Decimal

from chorus_desktop.core import texts
from chorus_desktop.core.domain.invoice import InvoiceSummary
from chorus_desktop.core.usecases.queries import InvoiceQueries

BOM = "\ufeff"
THOUSANDS = "\u00a0"  # no-break space: the thousands separator of French spreadsheets

#: Column key -> (header text id, value of a row). In the list's order.
COLUMNS: dict[str, tuple[str, Callable[[InvoiceSummary], str]]] = {}


def french_amount(value: Decimal | None) -> str:
    """1234.5 -> "1 234,50" (empty for no amount)."""
    if value is None:
        return ""
    return f"{value:,.2f}".replace(",", THOUSANDS).replace(".", ",")


def french_date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def french_datetime(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    return (value.astimezone() if value.tzinfo is not None else value).strftime("%d/%m/%Y %H:%M")


COLUMNS.update({
    "state": ("export_colonne_statut", lambda s: s.state_label),
    "recipient": ("export_colonne_destinataire", lambda s: s.recipient_name or s.recipient_siret or ""),
    "number": ("export_colonne_numero", lambda s: s.invoice_number or ""),
    "date": ("export_colonne_date", lambda s: french_date(s.invoice_date)),
    "ttc": ("export_colonne_ttc", lambda s: french_amount(s.total_ttc)),
    "changed": ("export_colonne_modifiee", lambda s: french_datetime(s.updated_at)),
    "file": ("export_colonne_fichier", lambda s: s.file_name),
    "recipient_siret": ("export_colonne_siret", lambda s: s.recipient_siret or ""),
    "id": ("export_colonne_id", lambda s: str(s.id)),
})


def csv_text(rows: Sequence[InvoiceSummary], columns: Sequence[str] | None = None) -> str:
    """The CSV text (byte order mark included) of `rows` with `columns` (keys of COLUMNS; all by default)."""
    keys = list(columns) if columns is not None else list(COLUMNS)
    unknown = [key for key in keys if key not in COLUMNS]
    if unknown:
        raise ValueError(f"unknown export columns: {unknown}")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([texts.render(COLUMNS[key][0]) for key in keys])
    for row in rows:
        writer.writerow([COLUMNS[key][1](row) for key in keys])
    return BOM + out.getvalue()


class ListExport:
    def __init__(self, queries: InvoiceQueries) -> None:
        self._queries = queries

    def _rows(self, invoice_ids: Sequence[int]) -> list[InvoiceSummary]:
        by_id = {summary.id: summary for summary in self._queries.list_invoices()}
        return [by_id[i] for i in invoice_ids if i in by_id]

    def csv_for(self, invoice_ids: Sequence[int], columns: Sequence[str] | None = None) -> str:
        """The CSV of these invoices, in this order (those that no longer exist are left out)."""
        return csv_text(self._rows(invoice_ids), columns)

    def write(self, path: str, invoice_ids: Sequence[int], columns: Sequence[str] | None = None) -> int:
        """Write the CSV of these invoices to `path`; returns the number of rows written."""
        rows = self._rows(invoice_ids)
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(csv_text(rows, columns))
        return len(rows)
