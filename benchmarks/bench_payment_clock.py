"""Payment clocks at scale: the dashboard's late count, the list's first page with « Échéance », the desk.

    .venv/bin/python benchmarks/bench_payment_clock.py [--invoices 100000] [--repeat 10]

Fills a throw-away store like bench_store.py (13 states over 5 years), gives every invoice that reached
Chorus Pro an identifiant and a « Mise à disposition » line, then reports medians.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests" / "support"))

from bench_store import fill, median_ms
from storekit import SUPPLIER_SIRET

from chorus_desktop.core.paths import resolve_paths
from chorus_desktop.core.states import LOCAL_STATES
from chorus_desktop.core.store import Store
from chorus_desktop.wiring import build_context


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--invoices", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-clock-") as folder:
        store = Store.open(resolve_paths(folder))
        context = build_context(store)
        profile = context.profiles.add_profile("ACME", SUPPLIER_SIRET, chorus_supplier_id=26123)
        fill(store, args.invoices, profile.id)
        local = tuple(s.value for s in LOCAL_STATES)
        with store.db.transaction() as conn:
            conn.execute(f"UPDATE invoices SET chorus_invoice_id = id WHERE state NOT IN ({','.join('?' * len(local))})",
                         local)
            conn.execute("INSERT INTO state_history (invoice_id, state, at, source) SELECT id, 'MISE_A_DISPOSITION', "
                         "'2026-01-05T09:00:00+00:00', 'chorus' FROM invoices WHERE chorus_invoice_id IS NOT NULL")
        tracked = len(store.invoices.ids_to_poll())
        results = {
            f"late count over the {tracked} invoices still followed (dashboard)":
                median_ms(context.payments.count_late, args.repeat),
            "first page (50) with payment clocks (list)": median_ms(
                lambda: context.payments.payments_for(r.id for r in context.queries.list_invoices(limit=50)),
                args.repeat),
            "one invoice's clock (show)": median_ms(lambda: context.payments.payment_for(54321 % args.invoices + 1),
                                                    args.repeat),
            "« À traiter » desk (sent back + late)": median_ms(context.returns.worklist, args.repeat),
        }
        started = time.perf_counter()
        late = context.payments.count_late()
        print(f"{args.invoices} invoices, {tracked} followed, {late} late ({time.perf_counter() - started:.2f} s)")
        for name, value in results.items():
            print(f"{value:10.1f} ms  {name}")
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
