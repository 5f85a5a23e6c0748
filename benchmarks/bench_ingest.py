"""How good the drafts of `ingest` are, article by article, against the reviewed dataset:
points found (precision, recall), the level and momentum of the points it finds right,
indicator values found, the actors (precision, recall) and the share of drafted evidence phrases
the reviewer kept (see `tracker.ingest.measure`). Each article is drafted against the record as it stood before it
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
    lines = ["| article | points P | points R | R with also mentioned | level right | momentum right | date right | "
             "indicators found | actors P | actors R | evidence kept | resolves kept | blockers kept |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    t = ingest.Measure()
    for p, a, draft in rows:
        m = ingest.measure(ds, p, a, draft)
        t += m
        lines.append(f"| {m.source} | {m.precision:.2f} | {m.recall:.2f} | {m.seen:.2f} | {m.level}/{m.rated} | "
                     f"{m.momentum}/{m.rated} | {m.dated}/{m.rated} | {m.ind_found}/{m.ind_total} | "
                     f"{m.share(m.actors_tp, m.actors_tp + m.actors_fp):.2f} | "
                     f"{m.share(m.actors_tp, m.actors_tp + m.actors_fn):.2f} | {m.ev_kept}/{m.ev_total} | "
                     f"{m.resolves_kept}/{m.resolves_total} | {m.blockers_kept}/{m.blockers_total} |")
    indicators = (f"**{t.share(t.ind_found, t.ind_total):.2f}** ({t.ind_found}/{t.ind_total})" if t.ind_total
                  else "none to find")
    lines.append(f"| **all {len(rows)}** | **{t.precision:.2f}** | **{t.recall:.2f}** | **{t.seen:.2f}** | "
                 f"**{t.share(t.level, t.rated):.2f}** | **{t.share(t.momentum, t.rated):.2f}** | "
                 f"**{t.share(t.dated, t.rated):.2f}** | {indicators} | "
                 f"**{t.share(t.actors_tp, t.actors_tp + t.actors_fp):.2f}** | "
                 f"**{t.share(t.actors_tp, t.actors_tp + t.actors_fn):.2f}** | "
                 f"**{t.share(t.ev_kept, t.ev_total):.2f}** ({t.ev_kept}/{t.ev_total}) | "
                 f"**{t.resolves_kept}/{t.resolves_total}** | **{t.blockers_kept}/{t.blockers_total}** |")
    table = (f"Articles published {args.since} to {args.until}, drafted against the record without their own "
             "updates; R with also mentioned counts the points the draft does not draft but lists as also "
             "mentioned (named in the text too little to draft); level and momentum are right when they match "
             "an update of that article on the point; date right when the draft's date (the event's, where "
             "the sentence dates it, else the report's) is one of those updates' dates; "
             "indicators found are the reviewer's indicator values the draft proposes (same indicator, same "
             "value); evidence kept is the share of drafted phrases the reviewer kept (an evidence phrase of "
             "the article in the same paragraph sharing three words with it); resolves kept counts the active "
             "blockers the draft proposes over that the reviewer's updates resolve; blockers kept counts drafted "
             "blockers whose category one of the reviewer's blockers on that point has.\n\n"
             + "\n".join(lines))
    print(table)
    held_back = args.since >= date(2026, 2, 1)
    write_section("ingest-held-back" if held_back else "ingest",
                  "Ingest on the held-back reports (February 2026 on)" if held_back else "Ingest", table)


if __name__ == "__main__":
    main()
