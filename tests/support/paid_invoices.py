"""One supplier layout printed paid or to be paid (a shop's receipt-like invoice): the paid ones say
« Facture acquittée le … par carte bancaire » and « Net à payer : 0,00 € », the others ask for a transfer.
Same labels in the same places either way, so both are the same layout for the learning."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import holdout_invoices as holdout
from holdout_invoices import Amounts, Doc, block, items_table, label_rows, long_date, money, rate_text
from learning_series import write_series


def _shop_invoice(v: holdout.Values, paid: bool) -> tuple[bytes, dict[str, Any]]:
    s, b, day = v.party(holdout.SUPPLIER_NAMES), v.party(holdout.PRIVATE_BUYERS), v.date()
    number = f"FC-{v.number(1000, 9999)}"
    a = Amounts(v.lines(3, ("20",)))
    d = Doc()
    block(d, 40, 50, [s.name, s.street, s.city, f"SIRET : {s.siret}", f"TVA : {s.vat}"])
    d.t(340, 50, f"FACTURE N° {number}", 14, "B")
    d.t(340, 68, f"Date : {long_date(day)}", 9)
    block(d, 340, 110, ["Client", b.name, b.street, b.city])
    y = items_table(d, 220, a.lines, "fr")
    rows = [("Total HT", money(a.ht, "fr", " €"))]
    rows += [(f"TVA {rate_text(rate)} %", money(vat, "fr", " €")) for rate, _, vat in a.breakdown]
    rows += [("Total TTC", money(a.ttc, "fr", " €")),
             ("Net à payer", money(a.ttc * 0 if paid else a.ttc, "fr", " €"))]
    y = label_rows(d, 370, 555, y + 10, rows)
    if paid:
        d.t(40, y + 20, f"Facture acquittée le {day:%d/%m/%Y} par carte bancaire.", 9)
    else:
        d.t(40, y + 20, "Règlement par virement à 30 jours.", 9)
    truth = {"invoice_number": number, "date": day.isoformat(), "total_ttc": str(a.ttc), "paid": paid}
    return d.output(), truth


def shop_paid(v: holdout.Values) -> tuple[bytes, dict[str, Any]]:
    return _shop_invoice(v, paid=True)


def shop_to_pay(v: holdout.Values) -> tuple[bytes, dict[str, Any]]:
    return _shop_invoice(v, paid=False)


def write_shop_series(folder: Path, paid: int, to_pay: int, *, seed: int = 7) -> tuple[list[Path], list[Path]]:
    """`paid` paid invoices and `to_pay` unpaid ones, one supplier and one buyer, one layout."""
    supplier = holdout.Values(1000 + seed).party(holdout.SUPPLIER_NAMES)
    paid_files = write_series(shop_paid, folder, paid, seed=seed, supplier=supplier)
    unpaid_files = write_series(shop_to_pay, folder, to_pay, seed=seed + 50, supplier=supplier)
    return [p for p, _ in paid_files], [p for p, _ in unpaid_files]
