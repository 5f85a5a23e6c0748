"""Snapshots: stamped images, the offline report, the data, and the same bytes as the app.

On both fixture plans (``--root``; helpers.PLANS), with today fixed, as of each one's latest report."""
import json
import os
import re
import struct
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser

import pytest

from browser import chromium_or_skip
from helpers import PLANS, REPO, copy_record
from tracker import dates, figures, snapshot
from tracker.dates import TODAY_ENV
from tracker.load import load
from tracker.scene import Scene
from tracker.texts import TEXTS_ENV


@pytest.fixture(scope="module", params=sorted(PLANS))
def plan(request):
    return PLANS[request.param]


@pytest.fixture(scope="module")
def root(tmp_path_factory, plan):
    """A copy of the fixture plan for the command's --root."""
    return copy_record(tmp_path_factory.mktemp("snap-root") / plan.name, plan.root)


@pytest.fixture(scope="module")
def as_of(plan) -> str:  # the snapshot's date: the latest report's
    return plan.report_day.isoformat()


@pytest.fixture(scope="module")
def ds(root, plan):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(TEXTS_ENV, str(root / "no-texts"))
        return load(root, today=plan.today)


def cli(root, plan, *args):
    """The CLI on that copy, today fixed, no texts."""
    env = {**os.environ, TODAY_ENV: plan.today.isoformat(), TEXTS_ENV: str(root / "no-texts")}
    return subprocess.run([sys.executable, "-m", "tracker", *args, "--root", str(root)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=300)


def run_snapshot(root, plan, out, *extra):
    return cli(root, plan, "snapshot", "--as-of", plan.report_day.isoformat(), "--out", str(out), *extra)


@pytest.fixture(scope="module")
def snap(tmp_path_factory, root, plan):
    chromium_or_skip()
    out = tmp_path_factory.mktemp("snap")
    result = run_snapshot(root, plan, out)
    assert result.returncode == 0, result.stderr
    return out


class Links(HTMLParser):
    """What a page would fetch from another host when opened: scripts, styles, images, frames (a
    link a reader may follow, such as a cited report's address, fetches nothing)."""

    def __init__(self):
        super().__init__()
        self.remote = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if tag != "a" and name in ("src", "href") and value and re.match(r"(https?:)?//", value):
                self.remote.append((tag, value))


def test_every_chart_in_every_format_plus_report_and_data(snap, as_of):
    names = {p.name for p in snap.iterdir()}
    for chart in figures.CATALOGUE:
        for fmt in snapshot.FORMATS:
            assert f"{chart}_{as_of}.{fmt}" in names
    assert {"status.json", "status.csv", f"report_{as_of}.html"} <= names


def test_png_is_a_real_image_of_the_expected_size(snap, as_of):
    data = (snap / f"status-board_{as_of}.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert width == snapshot.WIDTH * snapshot.PNG_SCALE and height > 600
    assert len(data) > 50_000


def test_svg_parses_and_is_stamped(snap, as_of, plan):
    for chart in figures.CATALOGUE:
        root = ET.parse(snap / f"{chart}_{as_of}.svg").getroot()
        text = " ".join(t for t in root.itertext())
        assert f"As of {dates.short(plan.report_day)}" in text, chart
        assert "Sources:" in text and "data" in text


def test_html_files_need_no_network(snap, as_of, plan, ds):
    for path in snap.glob("*.html"):
        parser = Links()
        parser.feed(path.read_text(encoding="utf-8"))
        assert parser.remote == [], (path.name, parser.remote[:3])
    report = (snap / f"report_{as_of}.html").read_text(encoding="utf-8")
    probe = Links()
    probe.feed('<script src="https://cdn.example/x.js"></script><a href="https://example.org/report">r</a>')
    assert probe.remote == [("script", "https://cdn.example/x.js")]  # the check can fail
    assert report.count("<tr class=\"point\">") == len(ds.points)  # one row a point
    latest = max((s for s in ds.sources.values() if s.published <= plan.report_day), key=lambda s: s.published)
    assert latest.label in report and f"As of {dates.short(plan.report_day)}" in report


def test_data_files(snap, as_of, ds):
    doc = json.loads((snap / "status.json").read_text())
    assert doc["as_of"] == as_of and len(doc["points"]) == len(ds.points)
    assert len((snap / "status.csv").read_text().splitlines()) == len(ds.points) + 1


def test_same_data_and_date_give_the_same_files(snap, root, plan, tmp_path):
    again = run_snapshot(root, plan, tmp_path)
    assert again.returncode == 0, again.stderr
    differ = [p.name for p in snap.iterdir() if p.read_bytes() != (tmp_path / p.name).read_bytes()]
    assert differ == []


def test_app_export_gives_the_command_bytes(snap, ds, as_of):
    """The app's buttons call chart_file on the view's Scene: the bytes equal the command's files."""
    scene = Scene(ds, date.fromisoformat(as_of))
    for chart in ("status-board", "timeline"):
        for fmt in snapshot.FORMATS:
            assert snapshot.chart_file(scene, chart, fmt) == (snap / f"{chart}_{as_of}.{fmt}").read_bytes()


def test_exporter_is_safe_from_many_threads(fixture_ds):
    chromium_or_skip()
    scene = Scene(fixture_ds, PLANS["record"].report_day)
    fig = figures.phase_progress(scene)
    exporter = snapshot.Exporter()
    results, errors = [], []

    def work(i):
        try:
            results.append(exporter.figure_bytes(fig, "svg" if i % 2 else "png", "phase-progress"))
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == [] and len(results) == 6
    assert len(set(results)) == 2  # one PNG and one SVG, each rendered identically


def test_without_a_browser_html_and_data_still_work(tmp_path, fixture_ds, monkeypatch):
    as_of = PLANS["record"].report_day.isoformat()
    monkeypatch.setattr(snapshot, "browser_path", lambda: None)
    scene = Scene(fixture_ds, date.fromisoformat(as_of))
    result = snapshot.write_snapshot(scene, tmp_path, exporter=snapshot.Exporter())
    assert result.skipped and "apt-get install chromium" in result.skipped[0]
    names = {p.name for p in tmp_path.iterdir()}
    assert f"timeline_{as_of}.html" in names and "status.json" in names
    assert not any(n.endswith((".png", ".svg")) for n in names)
    with pytest.raises(snapshot.ExportUnavailable, match="apt-get install chromium"):
        snapshot.Exporter().figure_bytes(figures.timeline(scene), "png", "timeline")


def test_command_says_what_it_skipped(root, plan, tmp_path):
    result = cli(root, plan, "snapshot", "--out", str(tmp_path), "--formats", "html,pdf")
    assert result.returncode == 2 and "unknown format(s) pdf" in result.stderr


def test_a_render_kaleido_fails_once_is_tried_again(monkeypatch):
    import plotly.graph_objects as go

    from tracker import snapshot
    kaleido_error = type("JavascriptError", (Exception,), {"__module__": "kaleido._kaleido_tab._errors"})
    calls = []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise kaleido_error("kaleido_scopes is not defined")  # seen once on a cold, loaded machine
        return b"png bytes"

    monkeypatch.setattr(snapshot, "_SERVER_STARTED", True)
    monkeypatch.setattr(snapshot.pio, "to_image", flaky)
    monkeypatch.setattr(snapshot.time, "sleep", lambda s: None)
    assert snapshot.Exporter()._image(go.Figure(), "png", "x") == b"png bytes" and len(calls) == 2

    def broken(*args, **kwargs):
        raise ValueError("not kaleido's")
    monkeypatch.setattr(snapshot.pio, "to_image", broken)
    with pytest.raises(ValueError):
        snapshot.Exporter()._image(go.Figure(), "png", "x")
