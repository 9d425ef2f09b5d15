"""Benchmark of the invoice writer (figures, not assertions).

    .venv/bin/python benchmarks/bench_writer.py [--repeat 30]

Prints the median and worst time of:
- `write_invoice_pdf` alone (the page with fpdf2, the Factur-X XML checked against the XSD, embedded by factur-x);
- a whole creation through the use case, as `new-invoice` does it: the spec checked, the number taken, the
  PDF written, staged and committed with the invoice in a real SQLite store (target: < 300 ms, one page);
- the same for the défraiement template;
- the first creation of a process (imports and font loading included), and one `chorus-desktop new-invoice`
  subprocess end to end (Python start-up included), for information.
"""

from __future__ import annotations

import argparse
import copy
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "support"))

TARGET_MS = 300.0


def timed(action: Callable[[], Any], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return times


def line(name: str, times: list[float]) -> str:
    return f"{name:<48} median {statistics.median(times):7.1f} ms   worst {max(times):7.1f} ms   (n={len(times)})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    from writingkit import DEFRAIEMENT, SELLER_IBAN, SELLER_SIRET, SELLER_VAT, document, spec

    with tempfile.TemporaryDirectory() as folder:
        from chorus_desktop.core.paths import resolve_paths
        from chorus_desktop.core.store import Store
        from chorus_desktop.wiring import build_context

        store = Store.open(resolve_paths(Path(folder) / "data"))
        context = build_context(store)
        profile = context.profiles.add_profile("ACME", SELLER_SIRET, vat_number=SELLER_VAT, iban=SELLER_IBAN,
                                               legal_form="SARL", capital="10 000", rcs="Lyon B 732 829 320",
                                               address="12 rue des Lilas\n69003 Lyon", bic="AGRIFRPP")
        start = time.perf_counter()
        first = context.writing.new_invoice(spec(), profile_id=profile.id)
        cold = (time.perf_counter() - start) * 1000
        from pypdf import PdfReader

        pages = len(PdfReader(first.pdf_path).pages)

        from chorus_desktop.core.writing import write_invoice_pdf

        doc = document()
        pdf_only = timed(lambda: write_invoice_pdf(doc), args.repeat)
        creation = timed(lambda: context.writing.new_invoice(spec(), profile_id=profile.id), args.repeat)
        defraiement = timed(lambda: context.writing.new_invoice(copy.deepcopy(DEFRAIEMENT), profile_id=profile.id),
                            args.repeat)
        size = first.pdf_path.stat().st_size
        numbers = store.written.numbers(profile.id, "FA")
        store.close()

        spec_path = Path(folder) / "spec.json"
        spec_path.write_text(json.dumps(spec()), encoding="utf-8")
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "chorus_desktop", "--data-dir", str(Path(folder) / "data"),
                               "new-invoice", str(spec_path), "--json"], capture_output=True, text=True, check=False)
        cli_ms = (time.perf_counter() - start) * 1000
        assert done.returncode == 0, done.stderr

    print(line("write_invoice_pdf (page + Factur-X)", pdf_only))
    print(line("new invoice through the use case (one page)", creation))
    print(line("défraiement through the use case", defraiement))
    print(f"{'first creation of the process':<48} {cold:7.1f} ms")
    print(f"{'chorus-desktop new-invoice subprocess':<48} {cli_ms:7.1f} ms")
    print(f"pages: {pages}, PDF size: {size} bytes, FA numbers: {numbers[0]} .. {numbers[-1]} ({len(numbers)})")
    verdict = "OK" if statistics.median(creation) < TARGET_MS else "TOO SLOW"
    print(f"target: one-page creation < {TARGET_MS:.0f} ms (median): {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
