"""« Exporter la liste... »: what the list shows (filter, order, columns shown) in a CSV for a French spreadsheet."""

from __future__ import annotations

import csv
import io

from chorus_desktop.gui.invoice_table import Column

from ..window_driver import INVOICE, OTHER_INVOICE, drop


def test_export_writes_the_rows_and_columns_shown(window, qtbot, corpus_dir, tmp_path) -> None:
    drop(window, qtbot, [corpus_dir / "pdfs" / INVOICE, corpus_dir / "pdfs" / OTHER_INVOICE])
    qtbot.waitUntil(lambda: window.proxy.rowCount() == 2, timeout=10000)
    window.search.setText("gandi")  # the current filter: one invoice left
    qtbot.waitUntil(lambda: window.proxy.rowCount() == 1, timeout=10000)  # read again from the store
    window.table.setColumnHidden(Column.CHANGED, True)  # a column the user hid is not exported
    target = tmp_path / "export.csv"
    with qtbot.waitSignal(window.exporting.list_exported, timeout=10000) as exported:
        window.exporting.export_to(target)
    assert exported.args == [str(target), 1]
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Statut", "Destinataire", "Numéro", "Date", "Montant TTC", "Fichier"]
    assert len(rows) == 2 and rows[1][5] == OTHER_INVOICE
    shown = window.proxy.index(0, Column.TTC).data()
    assert rows[1][4] == shown.replace("\u202f", "\u00a0").removesuffix(" €")  # 1 234,50 as shown
    assert rows[1][3] == window.proxy.index(0, Column.DATE).data()  # JJ/MM/AAAA
    assert "« export.csv »" in window.statusBar().currentMessage()
