"""The reader's side under load, on this machine and localhost only: the overview of the static
site served by nginx (deploy/site.nginx.conf) against the Streamlit app, at 20, 200 and 1,000
concurrent clients; and the time `publish` takes against `snapshot` on the shipped record.

* Static site (published with --gzip, so nginx sends the precompressed file): wrk (Debian's
  package) holds N connections open for a fixed time, each asking for the overview
  (index.html, gzip accepted) again and again: requests per second, p50/p95 latency, errors
  (socket errors and non-2xx answers). wrk runs on the same 2 cores as the server.
* Streamlit, two ways: wrk on its page shell (what its server sends before the script runs;
  no figure is in it), and N sessions that open the overview over Streamlit's websocket as a
  browser does (benchmarks/load_test.py), each step capped at 120 s, so at 1,000 sessions the
  run is bounded and the sessions that do not finish are counted as errors.

Writes the tables to docs/benchmarks.md (between the `publish` markers).

    python benchmarks/bench_publish.py [--clients 20,200,1000] [--seconds 10] [--skip-streamlit]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %.3f %.3f %.3f %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout, e.status))
end
"""


def wrk(url: str, clients: int, seconds: int) -> dict:
    exe = shutil.which("wrk")
    if exe is None:
        sys.exit("wrk is missing: sudo apt-get install wrk")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(LUA)
    threads = min(clients, os.cpu_count() or 2)
    out = subprocess.run([exe, f"-t{threads}", f"-c{clients}", f"-d{seconds}s", "--timeout", "10s",
                          "-H", "Accept-Encoding: gzip", "-s", f.name, url],
                         capture_output=True, text=True, timeout=seconds + 60)
    os.unlink(f.name)
    found = re.search(r"RESULT (\d+) (\d+) ([\d.]+) ([\d.]+) ([\d.]+) (\d+) (\d+)", out.stdout)
    if not found:
        raise RuntimeError(f"wrk said: {out.stdout[-500:]} {out.stderr[-500:]}")
    n, dur, p50, p95, p99, sock, status = found.groups()
    return {"rps": int(n) / (int(dur) / 1e6), "p50": float(p50), "p95": float(p95), "p99": float(p99),
            "errors": int(sock) + int(status), "requests": int(n)}


def timed(args: list[str], runs: int = 3) -> float:
    """Median wall time of a command of the tracker, in seconds."""
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "tracker", *args, "--out", str(Path(tmp) / "out")],
                                  cwd=REPO, capture_output=True, text=True)
            times.append(time.perf_counter() - t)
            if done.returncode != 0:
                raise RuntimeError(done.stderr[-800:])
    return statistics.median(times)


def main() -> None:
    from docfile import write_section
    from load_test import pct, run_ws

    from browser import static_site, streamlit_server

    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", default="20,200,1000")
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--skip-streamlit", action="store_true")
    args = ap.parse_args()
    counts = [int(x) for x in args.clients.split(",")]

    publish_s = timed(["publish"])
    snapshot_s = timed(["snapshot"])
    print(f"publish {publish_s:.1f} s, snapshot {snapshot_s:.1f} s", flush=True)

    rows = ["| server | what is asked | clients | requests/s | p50 | p95 | p99 | errors |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        subprocess.run([sys.executable, "-m", "tracker", "publish", "--gzip", "--out", str(site)], cwd=REPO,
                       check=True, capture_output=True)
        os.chmod(tmp, 0o755)
        with static_site(site, Path(tmp) / "nginx") as url:
            wrk(url + "/", 10, 2)  # warm the open-file cache
            for n in counts:
                r = wrk(url + "/", n, args.seconds)
                rows.append(f"| nginx, static site | overview (index.html) | {n:,} | {r['rps']:,.0f} | "
                            f"{r['p50']:.1f} ms | {r['p95']:.1f} ms | {r['p99']:.1f} ms | {r['errors']} |")
                print(rows[-1], flush=True)
    if not args.skip_streamlit:
        with streamlit_server() as url:
            asyncio.run(run_ws(url, 1))  # warm: modules imported, data cached
            for n in counts:
                r = wrk(url + "/", n, args.seconds)
                rows.append(f"| Streamlit | page shell only (no figure) | {n:,} | {r['rps']:,.0f} | "
                            f"{r['p50']:.1f} ms | {r['p95']:.1f} ms | {r['p99']:.1f} ms | {r['errors']} |")
                print(rows[-1], flush=True)
            for n in counts:
                t = time.perf_counter()
                res = asyncio.run(run_ws(url, n))
                wall = time.perf_counter() - t
                o = res["open"]
                def ms(q: int, o=o) -> str:
                    return f"{pct(o, q) * 1000:,.0f} ms" if o else "—"
                why = ""
                if res["errors"]:
                    kinds = Counter(e.split(": ", 1)[1].split(":")[0] for e in res["errors"])
                    why = " (" + ", ".join(f"{k} {v}" for k, v in kinds.most_common(2)) + ")"
                rows.append(f"| Streamlit | overview over its websocket, {n:,} sessions at once | {n:,} | "
                            f"{len(o) / wall:,.1f} | {ms(50)} | {ms(95)} | {ms(99)} | {len(res['errors'])}{why} |")
                print(rows[-1], flush=True)
    body = "\n".join([
        f"Measured on this machine ({os.cpu_count()} cores), localhost only, {args.seconds} s per row for wrk. "
        f"`publish` of the shipped record: **{publish_s:.1f} s**; `snapshot` (PNG, SVG and HTML of every chart): "
        f"**{snapshot_s:.1f} s** (medians of 3).", "", *rows])
    write_section("publish", "The published site under load, against the Streamlit app", body)
    print(body)


if __name__ == "__main__":
    main()
