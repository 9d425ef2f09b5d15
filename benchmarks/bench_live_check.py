"""How fast the form's problems follow the typing, and what « Prête » now costs (issue 14).

    .venv/bin/python benchmarks/bench_live_check.py [--invoices 100000] [--repeat 50]

A throw-away store holds N invoices (as `bench_store.py` fills it) plus one real corpus invoice read by the
real engine. Reports medians of:
- `InvoiceEditing.preview_problems` with the whole form's values as the form sends them (every keystroke
  pause runs one; the GUI waits 350 ms of no typing first, so the answer must come well under that);
- `InvoiceLifecycle.validate` (what opening an invoice runs), for comparison;
- `RecipientCheck.check` on a recipient checked less than a week ago (no Chorus call: the store answers),
  which the form runs when it shows an invoice.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "support"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_store import fill, median_ms
from storekit import SUPPLIER_SIRET

from chorus_desktop.core.paths import resolve_paths
from chorus_desktop.core.store import Store
from chorus_desktop.core.usecases.importing import in_thread_extractor
from chorus_desktop.wiring import build_context

PDF = ROOT.parent / "shared" / "corpus" / "pdfs" / "fnfe-facture-fr.pdf"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--invoices", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-live-") as folder:
        paths = resolve_paths(folder)
        store = Store.open(paths)
        context = build_context(store, extractor=in_thread_extractor)
        profile = context.profiles.add_profile("ACME", SUPPLIER_SIRET, chorus_supplier_id=26123,
                                               chorus_bank_account_id=4411)
        fill(store, args.invoices, profile.id)
        [outcome] = context.importing.import_files([PDF], profile_id=profile.id)
        invoice_id = outcome.invoice_id
        assert invoice_id is not None, outcome.message
        siret = "11000201100044"
        context.directory.save_recipient_parameters(siret, chorus_structure_id=7001, active=True)
        record = context.queries.get_invoice(invoice_id)
        form = {name: getattr(record.deposit, name) for name in (
            "codeCadreFacturation", "typeFacture", "typeTva", "modePaiement", "deviseFacture", "numeroFactureSaisi",
            "numeroBonCommande", "numeroMarche", "dateFacture", "commentaire")}
        form.update({"codeDestinataire": siret, "codeServiceExecutant": "",
                     **{name: str(getattr(record.deposit, name) or "").replace(".", ",") for name in (
                         "montantHtTotal", "montantTVA", "montantTtcTotal", "montantAPayer")}})
        typed = dict(form, montantHtTotal="douze")  # an unreadable value: its own problem, the rest checked
        results = {
            f"preview_problems, whole form ({args.invoices:,} invoices in the store)":
                median_ms(lambda: context.editing.preview_problems(invoice_id, form), args.repeat),
            "preview_problems, one unreadable amount":
                median_ms(lambda: context.editing.preview_problems(invoice_id, typed), args.repeat),
            "lifecycle.validate (opening the invoice)":
                median_ms(lambda: context.lifecycle.validate(invoice_id), args.repeat),
            "recipient_check.check, recipient checked this week (no Chorus call)":
                median_ms(lambda: context.recipient_check.check(invoice_id), args.repeat),
        }
        for name, value in results.items():
            print(f"{value:8.2f} ms  {name}")
        context.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
