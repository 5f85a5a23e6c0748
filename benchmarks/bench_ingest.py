"""How well `ingest` finds, in each seed article, the points and actors the shipped dataset
records for it. Prints a table and writes it to docs/benchmarks.md (between the `ingest`
markers). Needs the article texts (../shared/seeds or $TRACKER_TEXTS).

    python benchmarks/bench_ingest.py
"""
from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))


def main() -> None:
    from docfile import write_section

    from tracker import ingest
    from tracker.load import load

    ds = load(REPO)
    rows = ingest.evaluate(ds)
    if not rows:
        sys.exit("article texts not found: set TRACKER_TEXTS")
    lines = ["| article | points P | points R | missed | extra | actors P | actors R |",
             "| --- | ---: | ---: | --- | --- | ---: | ---: |"]
    tp = fp = fn = atp = afp = afn = 0
    for p, a, _ in rows:
        tp += len(p.expected & p.found)
        fp += len(p.found - p.expected)
        fn += len(p.expected - p.found)
        atp += len(a.expected & a.found)
        afp += len(a.found - a.expected)
        afn += len(a.expected - a.found)
        lines.append(f"| {p.source} | {p.precision:.2f} | {p.recall:.2f} | {sorted(p.expected - p.found) or '—'} | "
                     f"{sorted(p.found - p.expected) or '—'} | {a.precision:.2f} | {a.recall:.2f} |")
    lines.append(f"| **all five** | **{tp / (tp + fp):.2f}** | **{tp / (tp + fn):.2f}** | | | "
                 f"**{atp / (atp + afp):.2f}** | **{atp / (atp + afn):.2f}** |")
    table = "\n".join(lines)
    print(table)
    write_section("ingest", "Ingest", table)

if __name__ == "__main__":
    main()
