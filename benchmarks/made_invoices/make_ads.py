"""Invoices printed by ads-facturx's default template (a real French Factur-X generator), 3 variants."""
import sys
from copy import deepcopy
from ads_facturx import DevisData, export_pdf
from ads_facturx.Samples.sample_devis import sample_fr

def line(i, desc, qty, price, rate):
    return {"type_line": "product", "line_id": i, "product_description": desc, "product_type": "LB",
            "quantity": qty, "unit_price": price, "unit_code": "U", "unit_code_xml": "C62",
            "tva_code": rate, "tva_type": "S", "line_amount": round(qty * price, 2)}

variants = {
    "m-ads-1": dict(name="113504092026", date="20250115", lines=None, prepaid=0.0),
    "m-ads-2": dict(name="FA-2025-0042", date="20250303",
                    lines=[("Repas traiteur", 10, 35.0, 10), ("Location de salle", 1, 125.5, 20)], prepaid=0.0),
    "m-ads-3": dict(name="2025117", date="20251120",
                    lines=[("Ouvrages reliés", 12, 102.88, 5.5)], prepaid=300.0),
}
for ident, v in variants.items():
    data = deepcopy(sample_fr)
    inv = data["invoice"]
    inv["name"] = v["name"]; inv["date"] = v["date"]
    if v["lines"]:
        lines = [line(i + 1, *l) for i, l in enumerate(v["lines"])]
        data["invoice_lines"] = lines
        by_rate = {}
        for l in lines:
            by_rate.setdefault(l["tva_code"], 0.0)
            by_rate[l["tva_code"]] += l["line_amount"]
        summary = []
        for rate, base in by_rate.items():
            vat = round(base * rate / 100 + 1e-9, 2)
            summary.append({"rate": rate, "base_amount": round(base, 2), "vat_amount": vat, "vat_code": "S",
                            "ttc_amount": round(base + vat, 2)})
        data["invoice_summary"] = summary
        ht = round(sum(s["base_amount"] for s in summary), 2)
        tva = round(sum(s["vat_amount"] for s in summary), 2)
        inv.update(line_total_amount=ht, tax_basis_total_amount=ht, tax_total_amount=tva,
                   grand_total_amount=round(ht + tva, 2), prepaid_amount=v["prepaid"],
                   due_payable_amount=round(ht + tva - v["prepaid"], 2))
    print(ident, inv["name"], inv["date"], inv["line_total_amount"], inv["tax_total_amount"], inv["grand_total_amount"])
    export_pdf("Facture", f"pdfs/{ident}.pdf", data=DevisData(**data))
