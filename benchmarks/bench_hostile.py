"""Hostile PDFs in one `extract --json`: 3 deflate bombs + 2 real corpus invoices (issue 13).

    .venv/bin/python benchmarks/bench_hostile.py [--inflated 1200000000] [--real chorus-p01 cas-ok-001]

Generates 3 one-page PDFs whose content stream inflates to ~1.2 GB (file ~1.2 MB each), then runs
`python -m chorus_desktop extract --json` on them plus 2 real invoices of ../shared/corpus, once per
file and once as a batch. Each run is wrapped by a small measuring process, so the peak RSS reported is
the largest of the CLI process and every worker process it started (RUSAGE_CHILDREN after they are
waited for). Targets: each file < 5 s and < 500 MB peak RSS, the batch < 20 s, the real invoices read.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "support"))
CORPUS = ROOT.parent / "shared" / "corpus" / "pdfs"

from hostile_pdfs import compressed_blank, deflate_bomb

MEASURE = r"""
import json, resource, subprocess, sys, time
started = time.monotonic()
lines = []
process = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, text=True)
for line in process.stdout:
    lines.append((time.monotonic() - started, json.loads(line)))
process.wait()
peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"wall": time.monotonic() - started, "peak_mb": peak_kb / 1024, "status": process.returncode,
                  "files": [{"at": at, "file": d["file"], "readable": d["readable"],
                             "problems": [p["code"] for p in d["problems"]],
                             "invoice_number": d.get("invoice_number"), "total_ttc": d.get("total_ttc")}
                            for at, d in lines]}))
"""


def measure(files: list[Path]) -> dict[str, object]:
    command = [sys.executable, "-c", MEASURE, sys.executable, "-m", "chorus_desktop", "extract", "--json",
               *map(str, files)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inflated", type=int, default=1_200_000_000, help="bytes each bomb inflates to")
    parser.add_argument("--real", nargs="+", default=["chorus-p01", "cas-ok-001"], help="corpus file ids")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        stream = compressed_blank(args.inflated)
        bombs = [deflate_bomb(Path(folder) / f"bombe-{n}.pdf", stream=stream, salt=str(n)) for n in range(1, 4)]
        real = [CORPUS / f"{name}.pdf" for name in args.real]
        files = [bombs[0], real[0], bombs[1], bombs[2], real[1]]
        print(f"bombs: {bombs[0].stat().st_size / 1e6:.2f} MB each, inflating to {args.inflated / 1e9:.2f} GB")
        print("| file | wall (s) | peak RSS (MB) | readable | problems |")
        print("|---|---|---|---|---|")
        for path in files:
            alone = measure([path])
            [row] = alone["files"]  # type: ignore[index]
            print(f"| {path.name} | {alone['wall']:.2f} | {alone['peak_mb']:.0f} | {row['readable']} | "
                  f"{', '.join(row['problems']) or '-'} |")
        batch = measure(files)
        previous = 0.0
        print(f"\nbatch of {len(files)}: wall {batch['wall']:.2f} s, peak RSS {batch['peak_mb']:.0f} MB "
              f"(CLI and workers), exit status {batch['status']}")
        for row in batch["files"]:  # type: ignore[attr-defined]
            print(f"  {Path(row['file']).name}: +{row['at'] - previous:.2f} s, readable={row['readable']}, "
                  f"numéro={row['invoice_number']}, TTC={row['total_ttc']}, problems={row['problems']}")
            previous = row["at"]
        real_read = all(r["readable"] and r["invoice_number"] for r in batch["files"]  # type: ignore[attr-defined]
                        if not Path(r["file"]).name.startswith("bombe"))
        print(f"real invoices read: {real_read}")
    return 0


if __name__ == "__main__":
    started = time.monotonic()
    code = main()
    print(f"(benchmark ran in {time.monotonic() - started:.0f} s)")
    sys.exit(code)
