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


MISSED = """The goals were a warm start at most 0.2 of the bare parse and one changed file at most 5% of
a cold run. Both are missed: the cache removes the parsing and checking of each file (the
cold run's largest cost), but every start still unpickles every update (about 1.8 s at
100,000) and reruns the checks across files (duplicate updates, `resolves` against the
blockers active at each date, consistency warnings), which grow with the log. Caching those
cross-file results too, keyed on every file's key, is the next step."""


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
    rows = ["| updates | bare parse | cold process | warm process | warm / bare | one file changed | changed / cold |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for size in (int(x) for x in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            root = synth.write(Path(tmp) / "data", size)
            floor = min(bare(root) for _ in range(3))
            colds = []
            for i in range(3):
                colds.append(run(root, Path(tmp) / f"cold-{i}"))
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
            cold = min(colds)
            rows.append(f"| {size:,} | {floor:.2f} s | {cold:.2f} s | {warm:.2f} s | {warm / floor:.2f} | "
                        f"{min(changed):.2f} s | {min(changed) / cold:.2f} |")
            print(rows[-1], flush=True)
    table = ("Each figure is a whole `python -m tracker validate` process on generated data (best of 3), "
             "with the disk cache of checked files (`tracker/diskcache.py`); the bare parse is CSafeLoader "
             "over the same files in one process.\n\n" + "\n".join(rows) + "\n\n" + MISSED)
    write_section("warm", "Warm starts of the command line", table)


if __name__ == "__main__":
    main()
