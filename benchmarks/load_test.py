"""Many viewers at once, on localhost only. Each of N concurrent sessions opens the
Overview and then changes the as-of date. Two kinds of client:

* websocket (default): N clients speak Streamlit's own protocol (protobuf over
  /_stcore/stream) like the browser does, without rendering: this measures the server.
* browser: one headless Chromium with N pages, typing the date like a person: this
  measures the whole experience, and on a 2-core machine is bound by the N renderers.

Reports p50/p95 response times, errors and the server's peak memory, and writes them to
docs/benchmarks.md (between the `load` markers). Bounded: one round per session, each step
capped at 120 s.

    python benchmarks/load_test.py --sessions 20 [--mode websocket|browser|both]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

CHART = "[data-testid='stPlotlyChart'] .main-svg >> visible=true"


def rss_mb(pid: int) -> float:
    total = 0.0
    for p in [pid, *children(pid)]:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
        except OSError:
            pass
    return total


def children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


async def session(browser, url: str, i: int, results: dict) -> None:
    ctx = await browser.new_context(viewport={"width": 1200, "height": 900})
    page = await ctx.new_page()
    try:
        t = time.perf_counter()
        await page.goto(url + "/", timeout=120_000)
        await page.wait_for_selector(CHART, timeout=120_000)
        results["open"].append(time.perf_counter() - t)
        t = time.perf_counter()  # type the date into the sidebar's date field, as a person would
        await page.get_by_role("spinbutton", name="month, As of").click(timeout=120_000)
        await page.keyboard.type("10")
        await page.get_by_role("spinbutton", name="day, As of").click(timeout=120_000)
        await page.keyboard.type("23")
        await page.locator("h1").first.click()  # leaving the field commits the date
        await page.locator("[data-testid='stMetricValue'] >> text=23 Oct 2025").wait_for(timeout=120_000)
        results["as_of"].append(time.perf_counter() - t)
    except Exception as exc:  # noqa: BLE001 - every failure is counted and reported
        results["errors"].append(f"session {i}: {type(exc).__name__}: {str(exc)[:120]}")
    finally:
        await ctx.close()


async def run(url: str, n: int) -> dict:
    from playwright.async_api import async_playwright

    from browser import CHROMIUM_ARGS, chromium_or_skip
    results: dict = {"open": [], "as_of": [], "errors": []}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium_or_skip(), args=CHROMIUM_ARGS)
        await asyncio.gather(*(session(browser, url, i, results) for i in range(n)))
        await browser.close()
    return results


async def ws_session(url: str, i: int, results: dict) -> None:
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    async def rerun(ws, query: str, expect: bytes) -> float:
        msg = BackMsg()
        msg.rerun_script.query_string = query
        msg.rerun_script.page_script_hash = ""
        t = time.perf_counter()
        await ws.send(msg.SerializeToString())
        seen = False
        while True:
            raw = await asyncio.wait_for(ws.recv(), 120)
            seen = seen or expect in raw
            fm = ForwardMsg()
            fm.ParseFromString(raw)
            if fm.WhichOneof("type") == "script_finished":
                if not seen:
                    raise RuntimeError(f"the page never showed {expect!r}")
                return time.perf_counter() - t

    try:
        async with websockets.connect(url.replace("http", "ws") + "/_stcore/stream", subprotocols=["streamlit"],
                                      origin=url, max_size=None, open_timeout=120) as ws:
            results["open"].append(await rerun(ws, "", b"Latest report"))
            results["as_of"].append(await rerun(ws, "as_of=2025-10-23", b"23 October 2025"))
    except Exception as exc:  # noqa: BLE001 - every failure is counted and reported
        results["errors"].append(f"session {i}: {type(exc).__name__}: {str(exc)[:120]}")


async def run_ws(url: str, n: int) -> dict:
    results: dict = {"open": [], "as_of": [], "errors": []}
    await asyncio.gather(*(ws_session(url, i, results) for i in range(n)))
    return results


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def measure(mode: str, n: int) -> tuple[dict, float, float, float]:
    from browser import streamlit_server
    with streamlit_server() as url:
        pid = next(int(p) for p in children(os.getpid()))
        asyncio.run(run_ws(url, 1))  # warm: modules imported and the data cached, as on a live server
        idle = rss_mb(pid)
        peak = [idle]
        stop = threading.Event()

        def sample():
            while not stop.is_set():
                peak.append(rss_mb(pid))
                time.sleep(0.2)
        threading.Thread(target=sample, daemon=True).start()
        t = time.perf_counter()
        results = asyncio.run(run_ws(url, n) if mode == "websocket" else run(url, n))
        wall = time.perf_counter() - t
        stop.set()
    return results, wall, idle, max(peak)


def measure_cluster(processes: int, n: int, url: str | None = None) -> tuple[dict, float, float]:
    """Websocket sessions against `processes` dashboard processes behind nginx
    (scripts/run-cluster.sh), or against a server already running at `url`."""
    import signal
    import subprocess

    from browser import free_port, wait_healthy
    if url:
        t = time.perf_counter()
        results = asyncio.run(run_ws(url, n))
        return results, time.perf_counter() - t, float("nan")
    port = free_port()
    proc = subprocess.Popen(["bash", str(REPO / "scripts" / "run-cluster.sh"), str(processes), str(port)], cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc, 120)
        asyncio.run(run_ws(url, 2 * processes))  # warm every process
        peak = [rss_mb(proc.pid)]
        stop = threading.Event()

        def sample():
            while not stop.is_set():
                peak.append(rss_mb(proc.pid))
                time.sleep(0.2)
        threading.Thread(target=sample, daemon=True).start()
        t = time.perf_counter()
        results = asyncio.run(run_ws(url, n))
        wall = time.perf_counter() - t
        stop.set()
        return results, wall, max(peak)
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        proc.wait(60)


def compare(sessions: list[int], url: str | None) -> None:
    """One process against two behind nginx, at each session count: the `cluster` table."""
    rows = ["| processes | sessions | open p50 | open p95 | date p50 | date p95 | errors | memory peak |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for n in sessions:
        for processes in ((1, 2) if not url else (0,)):
            results, _, peak = measure_cluster(processes, n, url)
            o, a = results["open"], results["as_of"]
            rows.append(f"| {processes or url} | {n} | {pct(o, 50):.2f} s | {pct(o, 95):.2f} s | {pct(a, 50):.2f} s | "
                        f"{pct(a, 95):.2f} s | {len(results['errors'])} | {peak:.0f} MB |")
            print(rows[-1], flush=True)
    from docfile import write_section
    write_section("cluster", "One process against two behind nginx",
                  "Websocket clients speaking Streamlit's protocol, all opening the Overview at once and then "
                  "changing the as-of date; processes started by scripts/run-cluster.sh (nginx, sticky "
                  "sessions) on this 2-core machine, warm. Memory is all processes' and nginx's.\n\n"
                  + "\n".join(rows))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--mode", choices=["websocket", "browser", "both"], default="both")
    ap.add_argument("--compare", default=None, metavar="N,N",
                    help="session counts: compare one process with two behind nginx (e.g. 20,50)")
    ap.add_argument("--url", default=None, help="with --compare: measure a server already running here instead")
    args = ap.parse_args()
    if args.compare:
        compare([int(x) for x in args.compare.split(",")], args.url)
        return
    modes = ["websocket", "browser"] if args.mode == "both" else [args.mode]
    rows: list[str] = []
    for mode in modes:
        results, wall, idle, peak = measure(mode, args.sessions)
        client = ("websocket clients speaking Streamlit's protocol" if mode == "websocket"
                  else "pages of one headless Chromium")
        rows += [f"**{mode}**: {args.sessions} concurrent {client}, against one local server (already warm); "
                 f"wall time {wall:.1f} s; server memory {idle:.0f} MB before, {peak:.0f} MB peak.", "",
                 "| step | done | p50 | p95 | max |", "| --- | ---: | ---: | ---: | ---: |"]
        for key, label in (("open", "open the Overview"), ("as_of", "change the as-of date")):
            v = results[key]
            rows.append(f"| {label} | {len(v)}/{args.sessions} | {pct(v, 50):.2f} s | {pct(v, 95):.2f} s | "
                        f"{max(v) if v else float('nan'):.2f} s |")
        rows += ["", f"Errors: {len(results['errors'])}" + "".join(f"\n- {e}" for e in results["errors"][:5]), ""]
    table = "\n".join(rows)
    print(table)
    from docfile import write_section
    write_section("load", "Many viewers", table)

if __name__ == "__main__":
    main()
