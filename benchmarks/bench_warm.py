"""Warm starts of the command line: `validate` in a new process with the disk cache of
checked files, against a bare YAML parse of the same files. Writes the table to
docs/benchmarks.md (between the `warm` markers).

    python benchmarks/bench_warm.py [--sizes 10000,100000]

Rows, per size, each a whole `python -m tracker validate` process (best of 3, seconds):
cold (an empty cache), warm (nothing changed), and one file of 1,000 changed.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))


GOALS = {"cold": 1.3, "warm": 0.2, "changed": 0.3}  # each a ratio to the bare parse (issue 23)


def run(root: Path, cache: Path) -> float:
    env = {**os.environ, "TRACKER_CACHE": str(cache), "TRACKER_TEXTS": str(root / "no-texts")}
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "tracker", "validate", "--root", str(root)], cwd=REPO, env=env,
                         capture_output=True, text=True)
    elapsed = time.perf_counter() - t
    assert out.returncode == 0, out.stdout[-500:] + out.stderr[-500:]
    return elapsed


def bare(root: Path) -> float:
    import yaml
    files = sorted(root.rglob("*.yaml"))
    t = time.perf_counter()
    for f in files:
        with open(f, "rb") as fh:
            yaml.load(fh, Loader=yaml.CSafeLoader)
    return time.perf_counter() - t


def main() -> None:
    from docfile import write_section

    from tracker import synth
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000")
    args = parser.parse_args()
    rows = ["| updates | bare parse | cold process | cold / bare | warm process | warm / bare "
            "| one file changed | changed / bare |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    verdicts = []
    for size in (int(x) for x in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            root = synth.write(Path(tmp) / "data", size)
            floor = min(bare(root) for _ in range(3))
            cold = min(run(root, Path(tmp) / f"cold-{i}") for i in range(3))
            cache = Path(tmp) / "cache"
            run(root, cache)
            warm = min(run(root, cache) for _ in range(3))
            files = sorted((root / "status").glob("*.yaml"))
            target = files[len(files) // 2]
            original = target.read_text()
            changed = []
            for i in range(3):
                target.write_text(original + f"# edit {i}\n")
                changed.append(run(root, cache))
            ratios = {"cold": cold / floor, "warm": warm / floor, "changed": min(changed) / floor}
            rows.append(f"| {size:,} | {floor:.2f} s | {cold:.2f} s | {ratios['cold']:.2f} | {warm:.2f} s | "
                        f"{ratios['warm']:.2f} | {min(changed):.2f} s | {ratios['changed']:.2f} |")
            print(rows[-1], flush=True)
            verdicts += [f"{size:,} updates, {name}: {ratio:.2f} against a goal of {GOALS[name]} "
                         f"({'met' if ratio <= GOALS[name] else 'missed'})" for name, ratio in ratios.items()]
    table = ("Each figure is a whole `python -m tracker validate` process on generated data (best of 3): cold "
             "with an empty cache folder, warm with nothing changed (the whole record's verdict comes from "
             "the cache, `tracker/verdict.py`), and one of the status files changed (it alone is read and "
             "checked; the other files come from the per-file cache, `tracker/diskcache.py`, and the checks "
             "across files run again). The bare parse is CSafeLoader over the same files in one process, "
             "measured in the same run.\n\n" + "\n".join(rows) + "\n\nGoals: " + "; ".join(verdicts) + ".")
    write_section("warm", "Warm starts of the command line", table)


if __name__ == "__main__":
    main()
