"""Benchmark of the page reader on invoices of unseen issuers (figures, not assertions).

    .venv/bin/python benchmarks/bench_unseen.py [--corpus ../shared/corpus-extra]
        [--split benchmarks/extra_split.json] [--sets tune,measure,all] [--modes page,xml] [--details]

For each set (TUNE, MEASURE-ONLY, all files) and each mode (page only = `--no-embedded-xml`, with the
embedded XML) it prints the core-field accuracy per field and overall (number, date, HT, TVA, TTC; a
missing value counts as wrong; a field whose truth cell is empty is not scored) and the wrong `high`
values over all `high` values (every scored field, not only the core ones).

The split file keeps the files tuned on apart from the files only measured on (one layout never sits in
both halves). `--details` prints, per file, what was read against what is printed: it only ever shows
TUNE files, so that developing never looks at a MEASURE-ONLY file. A corpus without a split file (e.g.
a set of invoices printed from office templates) is measured as one set, `all`, without details.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_extraction import CORE_FIELDS, ROOT, high_precision, load_score, run_corpus

Row = dict[str, str]
Output = dict[str, Any]


def split_sets(rows: list[Row], split_file: Path | None) -> dict[str, list[Row]]:
    if split_file is None or not split_file.exists():
        return {"all": rows}
    split = json.loads(split_file.read_text(encoding="utf-8"))
    ids_of = {half: {i for layout in split[half] for i in split["layouts"][layout]} for half in ("tune", "measure")}
    known = ids_of["tune"] | ids_of["measure"]
    missing = [row["id"] for row in rows if row["id"] not in known]
    if missing:
        raise SystemExit(f"files in no half of {split_file}: {missing}")
    return {
        "tune": [r for r in rows if r["id"] in ids_of["tune"]],
        "measure": [r for r in rows if r["id"] in ids_of["measure"]],
        "all": rows,
    }


def field_figures(score: Any, rows: list[Row], outputs: dict[str, Output]) -> dict[str, tuple[int, int]]:
    figures: dict[str, tuple[int, int]] = {}
    for name in CORE_FIELDS:
        ok = n = 0
        for row in rows:
            truth = score.normalise(name, row[name])
            if truth is None:
                continue
            n += 1
            ok += score.normalise(name, outputs[row["id"]].get(name)) == truth
        figures[name] = (ok, n)
    return figures


def details(score: Any, rows: list[Row], outputs: dict[str, Output]) -> None:
    for row in rows:
        out = outputs[row["id"]]
        wrong = []
        for name in CORE_FIELDS:
            truth = score.normalise(name, row[name])
            if truth is None:
                continue
            got = score.normalise(name, out.get(name))
            if got != truth:
                wrong.append(f"{name}: lu {out.get(name)!r} ({out['confidence'].get(name)}), imprimé {row[name]!r}")
        print(f"  {row['id']}: {'OK' if not wrong else ''}")
        for line in wrong:
            print(f"      {line}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus-extra")
    parser.add_argument("--split", type=Path, default=Path(__file__).resolve().parent / "extra_split.json")
    parser.add_argument("--no-split", action="store_true", help="measure the corpus as one set")
    parser.add_argument("--sets", default="tune,measure,all")
    parser.add_argument("--modes", default="page,xml")
    parser.add_argument("--details", action="store_true", help="per-file errors, TUNE files only")
    args = parser.parse_args(argv)
    for noisy in ("pdfminer", "pypdf", "factur-x"):
        logging.getLogger(noisy).setLevel(logging.ERROR)

    score_dir = args.corpus if (args.corpus / "score.py").exists() else ROOT.parent / "shared" / "corpus"
    score = load_score(score_dir)
    rows = score.load_corpus(str(args.corpus / "truth.tsv"))
    sets = split_sets(rows, None if args.no_split else args.split)
    wanted = [s for s in args.sets.split(",") if s in sets]
    pdfs = [args.corpus / "pdfs" / f"{row['id']}.pdf" for row in rows]
    for mode in args.modes.split(","):
        outputs, _times = run_corpus(pdfs, use_xml=mode == "xml")
        by_id = {Path(o["file"]).stem: o for o in outputs}
        label = "page seule (--no-embedded-xml)" if mode == "page" else "avec XML embarqué"
        for name in wanted:
            chosen = sets[name]
            figures = field_figures(score, chosen, by_id)
            ok = sum(f[0] for f in figures.values())
            n = sum(f[1] for f in figures.values())
            right, high, wrong = high_precision(score, chosen, by_id)
            per_field = ", ".join(
                f"{field} {100 * f[0] / f[1]:.0f} %" if f[1] else f"{field} -" for field, f in figures.items()
            )
            print(
                f"[{name:<7} {len(chosen):>2} fichiers, {label}] champs essentiels {ok}/{n} = "
                f"{100 * ok / max(n, 1):.1f} % ({per_field}); faux « high » {high - right}/{high}"
            )
            if name == "tune" or not {"tune", "measure"} <= set(sets):
                for line in wrong if name == "tune" else ():
                    print(f"      faux mais « high » : {line}")
            if args.details and name == "tune":
                details(score, chosen, by_id)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
