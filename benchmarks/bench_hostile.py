"""Time and peak memory of reading each hostile input (tests/hostile plus the generated
deep-nesting and 30 MB files). Prints a table and writes it to docs/benchmarks.md
(between the `hostile` markers).

    python benchmarks/bench_hostile.py
"""
from __future__ import annotations

import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "benchmarks"))


def main() -> None:
    from docfile import write_section
    from test_hostile import cases  # the same inputs the tests use

    from tracker.yamlsafe import read_yaml

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, (path, _, _) in sorted(cases(Path(tmp)).items()):
            tracemalloc.start()
            t = time.perf_counter()
            result = read_yaml(path, name)
            elapsed = time.perf_counter() - t
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            first = str(result.problems[0]) if result.problems else "(reads as YAML; the model checks report it)"
            rows.append((name, path.stat().st_size, elapsed, peak / 1e6, first))
    lines = ["| input | size | time | peak Python memory | first problem |",
             "| --- | ---: | ---: | ---: | --- |"]
    for name, size, elapsed, peak, first in rows:
        lines.append(f"| {name} | {size:,} B | {elapsed * 1000:.0f} ms | {peak:.1f} MB | `{first[:90]}` |")
    table = "\n".join(lines)
    print(table)
    write_section("hostile", "Hostile inputs", table)

if __name__ == "__main__":
    main()
