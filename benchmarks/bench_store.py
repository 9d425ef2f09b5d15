"""Store speed with a large history: open, dashboard, first page of the list, one import.

    .venv/bin/python benchmarks/bench_store.py [--invoices 100000] [--repeat 30]

Fills a throw-away store with N invoices (realistic JSON sizes, 13 states, dates over 5 years), then
reports medians. Targets (issue 3): open, dashboard and first page < 50 ms each; one import
transaction, PDF reading excluded, < 10 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "support"))

from chorus_desktop.core.domain.deposit import Deposit, DepositAttachment, DepositVatLine
from chorus_desktop.core.paths import resolve_paths  # noqa: E402
from chorus_desktop.wiring import AppContext, build_context  # noqa: E402
from chorus_desktop.core.states import InvoiceState  # noqa: E402
from chorus_desktop.core.store import Store  # noqa: E402
from chorus_desktop.core.store.codec import dumps, now_utc, to_text  # noqa: E402
from storekit import SUPPLIER_SIRET, FakeExtractor, invoice_fields  # noqa: E402

STATES = [InvoiceState.MISE_EN_PAIEMENT] * 40 + [InvoiceState.MANDATEE] * 10 + [
    InvoiceState.BROUILLON, InvoiceState.PRETE, InvoiceState.DEPOSEE, InvoiceState.EN_COURS_ACHEMINEMENT,
    InvoiceState.MISE_A_DISPOSITION, InvoiceState.A_RECYCLER, InvoiceState.SUSPENDUE, InvoiceState.REJETEE,
    InvoiceState.SERVICE_FAIT, InvoiceState.COMPTABILISEE, InvoiceState.MISE_A_DISPOSITION_COMPTABLE]


def fill(store: Store, count: int, profile_id: int) -> None:
    rng = random.Random(7)
    extraction = {name: str(value) for name, value in invoice_fields().items()}
    extraction["problems"] = [{"code": "x", "message": "Un message d'une longueur habituelle pour un avertissement."}]
    extraction_json = dumps(extraction)
    now = to_text(now_utc())
    start = dt.date(2020, 1, 1)
    documents, invoices, history = [], [], []
    for index in range(1, count + 1):
        sha = hashlib.sha256(f"bench-{index}".encode()).hexdigest()
        date = start + dt.timedelta(days=rng.randrange(5 * 365))
        ttc = Decimal(rng.randrange(1000, 10_000_000)) / 100
        state = rng.choice(STATES)
        deposit = Deposit(codeDestinataire="11000201100044", codeServiceExecutant="SE01", idFournisseur=26123,
                          numeroFactureSaisi=f"FA-{index:07d}", dateFacture=date, numeroBonCommande="EJ-2024-5",
                          montantHtTotal=ttc, montantTVA=Decimal(0), montantTtcTotal=ttc, montantAPayer=ttc,
                          ligneTva=[DepositVatLine(Decimal(20), ttc, Decimal(0))],
                          pieceJointePrincipale=DepositAttachment(f"facture-{index}.pdf", sha, 120_000))
        documents.append((sha, 120_000, f"facture-{index}.pdf", f"{sha[:2]}/{sha}.pdf", 1, 1, now))
        invoices.append((index, profile_id, sha, state.value, deposit.numeroFactureSaisi, date.isoformat(),
                         "11000201100044", "Ministère des essais", int(ttc * 100), SUPPLIER_SIRET, extraction_json,
                         dumps(deposit.to_json()), "[]", 0, 0, now, now, now))
        history.append((index, InvoiceState.BROUILLON.value, now, "local", "Importée"))
        if state is not InvoiceState.BROUILLON:
            history.append((index, state.value, now, "chorus", None))
    with store.db.transaction() as conn:
        conn.executemany("INSERT INTO documents (sha256, size, original_name, relative_path, is_text_pdf, "
                         "page_count, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", documents)
        conn.executemany(
            "INSERT INTO invoices (id, profile_id, document_sha256, state, invoice_number, invoice_date, "
            "recipient_siret, recipient_name, total_ttc_cents, supplier_siret, extraction_json, deposit_json, "
            "problems_json, blocking_count, warning_count, state_changed_at, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", invoices)
        conn.executemany("INSERT INTO state_history (invoice_id, state, at, source, comment) VALUES (?, ?, ?, ?, ?)",
                         history)
    store.db.conn.execute("PRAGMA optimize")


def median_ms(action: Callable[[], object], repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--invoices", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-store-") as folder:
        paths = resolve_paths(folder)
        store = Store.open(paths)
        profile = build_context(store).profiles.add_profile("ACME", SUPPLIER_SIRET, chorus_supplier_id=26123)
        started = time.perf_counter()
        fill(store, args.invoices, profile.id)
        print(f"filled {args.invoices} invoices in {time.perf_counter() - started:.1f} s; "
              f"database {paths.database.stat().st_size / 1e6:.0f} MB")
        store.close()

        def open_close() -> None:
            Store.open(paths).close()

        results: dict[str, float] = {"open store (open + migrate check + sweep + close)": median_ms(open_close,
                                                                                                   args.repeat)}
        store = Store.open(paths)
        services = build_context(store, extractor=FakeExtractor())
        results["dashboard counts"] = median_ms(services.queries.dashboard, args.repeat)
        results["first page (50) sorted by date"] = median_ms(lambda: services.queries.list_invoices(limit=50), args.repeat)
        results["first page (50) of one state by date"] = median_ms(
            lambda: services.queries.list_invoices(state=InvoiceState.A_RECYCLER, limit=50), args.repeat)
        results["count of the list (for the pager)"] = median_ms(services.queries.count_invoices, args.repeat)
        results["search by number, first page"] = median_ms(
            lambda: services.queries.list_invoices(search="FA-0099", limit=50), args.repeat)
        results["open one invoice (get_invoice)"] = median_ms(lambda: services.queries.get_invoice(54321 % args.invoices + 1),
                                                              args.repeat)

        # One import with the PDF reading replaced by a stand-in: hash + copy + fsync + validation + commit.
        inbox = Path(folder) / "inbox"
        inbox.mkdir()
        pdf_bytes = (ROOT.parent / "shared" / "corpus" / "pdfs" / "cas-ok-001.pdf").read_bytes()
        counter = iter(range(10**9))

        def one_import() -> None:
            path = inbox / f"f{next(counter)}.pdf"
            path.write_bytes(pdf_bytes + f"\n%{path.name}\n".encode())
            started_import = time.perf_counter()
            [outcome] = services.importing.import_files([path], profile_id=profile.id)
            timings.append((time.perf_counter() - started_import) * 1000)
            assert outcome.status == "imported", outcome

        timings: list[float] = []
        for _ in range(args.repeat):
            one_import()
        results["one import, PDF reading excluded (hash, copy, fsync, validate, commit)"] = statistics.median(timings)

        # The database transaction alone (document row, invoice row, history line).
        record = services.queries.get_invoice(1)
        tx_counter = iter(range(10**9))

        def transaction_only() -> None:

            sha = hashlib.sha256(f"tx-{next(tx_counter)}".encode()).hexdigest()
            with store.unit_of_work():
                store.documents.register(sha256=sha, size=1, original_name="x.pdf",
                                         relative_path=f"{sha[:2]}/{sha}.pdf", is_text_pdf=True, page_count=1)
                invoice_id = store.invoices.insert(profile_id=profile.id, document_sha256=sha,
                                                   state=InvoiceState.BROUILLON, deposit=record.deposit,
                                                   extraction=record.extraction, problems=[], supplier_siret=None,
                                                   recipient_name=None)
                store.history.add(invoice_id, InvoiceState.BROUILLON, "local", "Importée")

        results["import transaction alone (3 inserts, commit)"] = median_ms(transaction_only, args.repeat)
        store.close()

        # What a user waits for from the shell: a whole `chorus-desktop dashboard` process.
        command = [sys.executable, "-m", "chorus_desktop", "--data-dir", folder, "dashboard"]
        results["`chorus-desktop dashboard` whole process (Python start-up included)"] = median_ms(
            lambda: subprocess.run(command, check=True, capture_output=True), max(3, args.repeat // 6))

    width = max(len(name) for name in results)
    for name, value in results.items():
        print(f"{name:<{width}}  {value:8.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
