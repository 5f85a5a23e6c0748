"""How good the drafts of `ingest` are, article by article, against the reviewed dataset:
points found (precision, recall), the level and momentum of the points it finds right, and the
actors (precision, recall). Each article is drafted against the record as it stood before it
(its own updates left out). Prints a table and writes it to docs/benchmarks.md (between the
`ingest` markers). Needs the article texts (../shared/seeds or $TRACKER_TEXTS).

    python benchmarks/bench_ingest.py [--until YYYY-MM-DD] [--since YYYY-MM-DD]

The seed articles and reports up to 31 January 2026 are what the cues were tuned on; reports
from February 2026 on are held back (--since 2026-02-01) and nothing is tuned on them.
"""
from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))


def main() -> None:
    from docfile import write_section

    from tracker import ingest
    from tracker.load import load

    parser = argparse.ArgumentParser()
    parser.add_argument("--since", type=date.fromisoformat, default=date(2000, 1, 1))
    parser.add_argument("--until", type=date.fromisoformat, default=date(2026, 1, 31))
    args = parser.parse_args()
    ds = load(REPO)
    rows = [r for r in ingest.evaluate(ds) if args.since <= ds.sources[r[0].source].published <= args.until]
    if not rows:
        sys.exit("no article in that period has its text here (set TRACKER_TEXTS)")
    lines = ["| article | points P | points R | level right | momentum right | actors P | actors R |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    tot = dict(tp=0, fp=0, fn=0, atp=0, afp=0, afn=0, lv=0, mo=0, n=0)
    for p, a, draft in rows:
        mine = [e for e in ds.entries if e.source == p.source]
        lv = mo = n = 0
        for d in draft.points:
            theirs = [e.update for e in mine if d.point in e.update.points]
            if theirs:
                n += 1
                lv += d.level in {u.level for u in theirs}
                mo += d.momentum in {u.momentum for u in theirs}
        tot["tp"] += len(p.expected & p.found)
        tot["fp"] += len(p.found - p.expected)
        tot["fn"] += len(p.expected - p.found)
        tot["atp"] += len(a.expected & a.found)
        tot["afp"] += len(a.found - a.expected)
        tot["afn"] += len(a.expected - a.found)
        tot["lv"] += lv
        tot["mo"] += mo
        tot["n"] += n
        lines.append(f"| {p.source} | {p.precision:.2f} | {p.recall:.2f} | {lv}/{n} | {mo}/{n} | "
                     f"{a.precision:.2f} | {a.recall:.2f} |")
    t = tot
    lines.append(f"| **all {len(rows)}** | **{t['tp'] / max(1, t['tp'] + t['fp']):.2f}** | "
                 f"**{t['tp'] / max(1, t['tp'] + t['fn']):.2f}** | **{t['lv'] / max(1, t['n']):.2f}** | "
                 f"**{t['mo'] / max(1, t['n']):.2f}** | **{t['atp'] / max(1, t['atp'] + t['afp']):.2f}** | "
                 f"**{t['atp'] / max(1, t['atp'] + t['afn']):.2f}** |")
    table = (f"Articles published {args.since} to {args.until}, drafted against the record without their own "
             "updates; level and momentum are right when they match an update of that article on the point.\n\n"
             + "\n".join(lines))
    print(table)
    held_back = args.since >= date(2026, 2, 1)
    write_section("ingest-held-back" if held_back else "ingest",
                  "Ingest on the held-back reports (February 2026 on)" if held_back else "Ingest", table)


if __name__ == "__main__":
    main()
