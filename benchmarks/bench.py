"""Speed and memory of the tracker on generated data. Prints a table and writes it to
docs/benchmarks.md (between the `bench` markers).

    python benchmarks/bench.py                       # 1k, 10k and 100k updates
    python benchmarks/bench.py --sizes 1000,10000    # quicker

Each size is measured in a fresh process, so peak memory is that size's alone.
Timings are the best of a few runs (noise on a shared machine only adds time).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def best(fn, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def measure_load(root: Path) -> dict:
    import yaml

    from tracker import load as load_mod
    from tracker.status import status_as_of

    files = sorted(root.rglob("*.yaml"))
    size_mb = sum(f.stat().st_size for f in files) / 1e6

    def bare():
        for f in files:
            with open(f, "rb") as fh:
                yaml.load(fh, Loader=yaml.CSafeLoader)

    def cold():
        load_mod._STATUS_CACHE.clear()
        return load_mod.load(root)

    floor = best(bare)
    cold_t = best(cold)
    ds = load_mod.load(root)
    assert not ds.problems, ds.problems[:3]
    warm_t = best(lambda: load_mod.load(root))
    target = sorted((root / "status").glob("*.yaml"))[len(files) // 2 % max(1, len(files) - 4)]
    original = target.read_text()

    def one_changed():
        target.write_text(original.replace("level: full", "level: minimal", 1)
                          if "level: full" in target.read_text() else original)
        load_mod.load(root)

    changed_t = best(one_changed)
    target.write_text(original)
    last = ds.date_range()[1]
    as_of_t = best(lambda: status_as_of(ds, last))
    return {"files": len(files), "mb": round(size_mb, 1), "bare": floor, "cold": cold_t,
            "warm": warm_t, "changed": changed_t, "status_as_of": as_of_t,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def measure_pages(root: Path | None) -> dict:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    if root:
        os.environ["TRACKER_ROOT"] = str(root)

    def page_time(setup) -> float:
        at = setup()
        at.run()  # first run loads the data into the cache
        assert not at.exception, [e.value for e in at.exception]
        return best(lambda: at.run(), runs=5)

    def dashboard(page=None):
        def make():
            at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=300)
            if page:
                at.switch_page(page)
            return at
        return make

    six = "\n".join(["import streamlit as st", "import plotly.graph_objects as go"] +
                    [f"st.plotly_chart(go.Figure(go.Bar(x=[1, 2, 3], y=[{i}, 2, 3])), key='c{i}')"
                     for i in range(6)])
    out = {
        "empty": page_time(lambda: AppTest.from_string("import streamlit as st\nst.write('hi')")),
        "six_charts": page_time(lambda: AppTest.from_string(six)),
        "overview": page_time(dashboard()),
        "point": page_time(dashboard("views/point.py")),
        "timeline": page_time(dashboard("views/timeline.py")),
        "blockers": page_time(dashboard("views/blockers.py")),
    }
    st.cache_resource.clear()
    return out


def child(kind: str, root: str) -> None:
    r = Path(root) if root != "-" else None
    result = measure_load(r) if kind == "load" else measure_pages(r)
    print(json.dumps(result))


def run_child(kind: str, root: Path | None) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", kind, str(root) if root else "-"],
                         capture_output=True, text=True, cwd=REPO, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--pages-at", type=int, default=10000)
    ap.add_argument("--out", type=Path, default=REPO / "docs" / "benchmarks.md")
    ap.add_argument("--child", nargs=2)
    args = ap.parse_args()
    if args.child:
        return child(*args.child)
    from tracker import synth
    sizes = [int(s) for s in args.sizes.split(",")]
    rows, pages = [], {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            root = synth.write(Path(tmp) / f"r{n}", n)
            r = run_child("load", root)
            rows.append((n, r))
            print(f"{n:>7} updates: bare {r['bare']:.2f}s cold {r['cold']:.2f}s warm {r['warm']:.3f}s "
                  f"changed {r['changed']:.3f}s as-of {r['status_as_of']:.3f}s peak {r['peak_mb']:.0f} MB",
                  flush=True)
            if n == args.pages_at:
                pages["synthetic"] = run_child("pages", root)
        pages["shipped"] = run_child("pages", None)
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores, Python {platform.python_version()}, "
        "by `python benchmarks/bench.py` (best of 3 runs; each size in its own process).",
        "",
        "| updates | files | MB | bare CSafeLoader parse | cold load + validate | ratio | warm load (nothing changed)"
        " | one file changed | status as of | peak memory |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for n, r in rows:
        lines.append(f"| {n:,} | {r['files']:,} | {r['mb']} | {r['bare']:.2f} s | {r['cold']:.2f} s | "
                     f"{r['cold'] / r['bare']:.2f}x | {r['warm']:.3f} s ({r['warm'] / r['bare']:.2f} of bare) | "
                     f"{r['changed']:.3f} s ({100 * r['changed'] / r['cold']:.1f}% of cold) | "
                     f"{r['status_as_of'] * 1000:.0f} ms | {r['peak_mb']:.0f} MB |")
    lines += ["", "AppTest page run time (data already cached, best of 5):", "",
              "| page | shipped data | " + (f"{args.pages_at:,} updates |" if "synthetic" in pages else ""),
              "| --- | ---: | " + ("---: |" if "synthetic" in pages else "")]
    for key, label in [("empty", "empty page (st.write)"), ("six_charts", "bare page, six plotly charts"),
                       ("overview", "Overview"), ("point", "Point"), ("timeline", "Timeline"),
                       ("blockers", "Blockers")]:
        cells = f"| {label} | {pages['shipped'][key]:.3f} s |"
        if "synthetic" in pages:
            cells += f" {pages['synthetic'][key]:.3f} s |"
        lines.append(cells)
    table = "\n".join(lines)
    print(table)
    sys.path.insert(0, str(REPO / "benchmarks"))
    from docfile import write_section
    write_section("bench", "Loading and pages", table)

if __name__ == "__main__":
    main()
