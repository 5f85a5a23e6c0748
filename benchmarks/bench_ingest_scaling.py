"""How ingest's time grows with the text, and what crafted texts cost. Writes the table to
docs/benchmarks.md (between the `ingest-scaling` markers).

    python benchmarks/bench_ingest_scaling.py

Ordinary text is the seed articles (../shared/seeds or $TRACKER_TEXTS) joined and repeated to
each size; crafted texts are the backtracking classes of the third hostile probe and the ones
an attacker would try next, 100 KB each. One process, drafted against the shipped record;
best of 3 runs (1 MB: one run). Goals (issue 26): 1 MB of ordinary text under 2 s, any
crafted 100 KB under 1 s, time growing in step with the text.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

CRAFTED = {
    "caption credit, one line": lambda n: "Hamas said the ceasefire held. (" + "a/" * (n // 2),
    "caption credit, 599-character lines": lambda n: ("Hamas said the ceasefire held. (" + "a/" * 283
                                                      + "\n") * (n // 600),
    "digit-comma run, one line": lambda n: "All the hostages were released by Hamas, hostages " + "1," * (n // 2),
    "digit-comma runs, 2,000-character lines": lambda n: ("All 20 hostages were released, hostages " + "1," * 980
                                                          + "\n") * (n // 2000),
    "'N of M' lines": lambda n: "".join(f"{i} of {i + 1} hostages were released.\n" for i in range(n // 36)),
    "a point's keyword repeated": lambda n: "the ceasefire collapsed and " * (n // 28),
    "actor names repeated": lambda n: "Israeli military Hamas Qatar Egypt Board of Peace ISF " * (n // 54),
    "100,000 numbers": lambda n: "The hostages were released: " + " ".join(map(str, range(n // 6))),
    "nested brackets": lambda n: "(" * (n // 2) + "Reuters" + ")" * (n // 2),
    "dates repeated": lambda n: "On March 1, 2026 and 2 March 2026 and 2026-03-03 " * (n // 50),
}
BEFORE = {  # measured by the probe on the code before this change (reliability-probe-3.md)
    "caption credit, one line": "69.7 s", "digit-comma run, one line": "> 300 s",
    "a point's keyword repeated": "5.3 s", "actor names repeated": "> 300 s (2.7 MB)", "100,000 numbers": "8.1 s",
}


def timed(ds, text: str, runs: int = 3) -> float:
    from tracker import ingest
    best = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        ingest.ingest(ds, text, "bench")
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    from docfile import write_section

    from tracker import texts
    from tracker.load import load
    ds = load(REPO)
    folder = texts.texts_dir(REPO)
    if folder is None:
        sys.exit("the seed texts are needed (../shared/seeds or $TRACKER_TEXTS)")
    seed = "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt")))
    rows = ["| ordinary text | time | per 100 KB |", "| ---: | ---: | ---: |"]
    per = {}
    for size in (100_000, 250_000, 500_000, 1_000_000):
        text = (seed * (size // len(seed) + 1))[:size]
        took = timed(ds, text, 1 if size >= 1_000_000 else 3)
        per[size] = took
        rows.append(f"| {size // 1000:,} KB | {took:.2f} s | {took / (size / 100_000):.3f} s |")
        print(rows[-1], flush=True)
    growth = per[1_000_000] / per[100_000]
    crafted = ["| crafted text, 100 KB | time | before (probe) |", "| --- | ---: | ---: |"]
    worst = 0.0
    for name, make in CRAFTED.items():
        took = timed(ds, make(100_000))
        worst = max(worst, took)
        crafted.append(f"| {name} | {took:.3f} s | {BEFORE.get(name, '')} |")
        print(crafted[-1], flush=True)
    body = (f"Measured {time.strftime('%Y-%m-%d')} on 2 cores by `python benchmarks/bench_ingest_scaling.py` "
            "(in one process, against the shipped record).\n\n" + "\n".join(rows) + "\n\n"
            f"1 MB takes {growth:.1f} times what 100 KB takes (10 times the text). "
            f"1 MB of ordinary text: {per[1_000_000]:.2f} s (goal under 2 s: "
            f"{'met' if per[1_000_000] < 2 else 'missed'}).\n\n" + "\n".join(crafted) + "\n\n"
            f"The slowest crafted 100 KB: {worst:.3f} s (goal under 1 s: {'met' if worst < 1 else 'missed'}). "
            "Why: every paragraph is read up to 2,000 characters, so no pattern sees more, and the first 2,000 "
            "paragraphs are read (the 1 MB text has more, so its time is bounded); figures start where "
            "a run of digits and commas starts; a caption credit is tried at the last bracket only; each term is "
            "searched only in paragraphs holding a word that begins as it does, on lower-cased text; a point's "
            "facts come from the first 200 paragraphs naming it. Texts over 2,000,000 characters are refused; "
            "the dashboard drafts at most 100,000.")
    write_section("ingest-scaling", "Ingest on large and crafted texts", body)


if __name__ == "__main__":
    main()
