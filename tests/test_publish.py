"""`python -m tracker publish`: the static site's files, feeds, API, tables and command line,
checked on the frozen fixture record (today fixed). The tests of what one published site holds
(those taking `site`) run on both fixture plans, the record and the invented harbour accord.
Serving it for real is test_site_browser."""
from __future__ import annotations

import csv
import json
import re
import sqlite3
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

from helpers import FIXTURE, PLANS, TODAY, FixturePlan, copy_record, run_cli
from tracker import figures
from tracker.load import load
from tracker.snapshot import browser_path

ATOM = "{http://www.w3.org/2005/Atom}"
REPORT_DAYS = ["2025-10-06", "2025-10-10", "2025-10-22", "2025-10-23", "2025-12-19"]


def publish(root: Path, out: Path, *args: str, env: dict[str, str]):
    return run_cli(root, "publish", "--out", str(out), *args, env=env)


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict[str, str]:
    return {"TRACKER_TODAY": TODAY.isoformat(),
            "TRACKER_TEXTS": str(tmp_path_factory.mktemp("texts") / "absent")}


@pytest.fixture(scope="module", params=sorted(PLANS))
def plan(request) -> FixturePlan:
    return PLANS[request.param]


@pytest.fixture(scope="module")
def plan_env(plan, tmp_path_factory) -> dict[str, str]:
    return plan.env(tmp_path_factory.mktemp("texts") / "absent")


@pytest.fixture(scope="module")
def site(tmp_path_factory, plan, plan_env) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    result = publish(plan.root, out, env=plan_env)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def ds(plan, plan_env):
    with pytest.MonkeyPatch.context() as mp:
        for k, v in plan_env.items():
            mp.setenv(k, v)
        return load(plan.root, today=plan.today)


def report_days(ds) -> list[str]:
    return sorted({s.published.isoformat() for s in ds.sources.values()})


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as mp:
        yield mp


class Page(HTMLParser):
    """What the tests read of a page: ids, links, meta tags, the as-of options, visible text."""

    def __init__(self, text: str):
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.meta: dict[str, str] = {}
        self.options: list[str] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag == "meta" and (a.get("property") or a.get("name")):
            self.meta[a.get("property") or a.get("name")] = a.get("content", "")
        if tag == "option":
            self.options.append(a["value"])
        if tag == "script" and a.get("src"):
            self.scripts.append(a["src"])

    def handle_data(self, data):
        self.text.append(data)


def page(site: Path, rel: str) -> Page:
    return Page((site / rel).read_text(encoding="utf-8"))


# -- the files of the contract --------------------------------------------------------------

def test_publish_writes_every_file_of_the_contract(site, ds, plan):
    index = page(site, "index.html")
    assert "as-of" in index.ids
    assert set(report_days(ds)) <= set(index.options), "the as-of control offers every report date"
    assert plan.today.isoformat() in index.options
    assert plan.title in "".join(index.text)
    for pid in ds.points:
        assert (site / f"points/{pid}/index.html").is_file()
        assert (site / f"points/{pid}/feed.xml").is_file()
    for aid in ds.actors:
        assert (site / f"actors/{aid}/index.html").is_file()
    for section in ("blockers", "actors", "timeline", "sources", "methodology", "data"):
        assert (site / section / "index.html").is_file(), section
    for day in report_days(ds) + ["latest"]:
        assert (site / f"api/status/{day}.json").is_file()
        if day != "latest":
            assert (site / f"states/{day}.html").is_file()
    for name in ("points.json", "sources.json", "updates.jsonl", "status/index.json"):
        assert (site / "api" / name).is_file()
    for name in ("status", "status-index", "points", "sources", "update"):
        assert (site / f"api/schema/{name}.schema.json").is_file()
    for name in ("points", "actors", "sources", "updates", "blockers", "milestones", "reviews"):
        assert (site / f"data/{name}.csv").is_file()
    assert (site / "data/tracker.sqlite").is_file()
    for chart in figures.CATALOGUE:
        assert (site / f"embed/{chart}/index.html").is_file()
    assert (site / "feed.xml").is_file()
    assert (site / "404.html").is_file()


def test_a_plans_site_names_nothing_of_the_other_plan(site, plan):
    """Each plan's site is its own: no page, feed or table of it names the other fixture plan."""
    rx = re.compile(r"\b(" + "|".join(plan.other_words) + r")", re.I)
    found = {p.relative_to(site).as_posix(): sorted(set(rx.findall(p.read_text(encoding="utf-8"))))
             for ext in ("html", "xml", "json", "csv") for p in site.rglob(f"*.{ext}")}
    assert not {k: v for k, v in found.items() if v}


def test_one_copy_of_plotly_from_the_site_and_no_other_host(site):
    copies = [p for p in site.rglob("*.js") if p.stat().st_size > 1_000_000]
    assert [p.relative_to(site).as_posix() for p in copies] == ["assets/plotly.min.js"]
    for html in site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        parsed = Page(text)
        for src in parsed.scripts:
            assert not src.startswith(("http:", "https:", "//")), f"{html}: script from another host {src}"
        assert "cdn.plot.ly" not in text and "fonts.googleapis" not in text


def test_link_preview_tags_and_image(site):
    meta = page(site, "index.html").meta
    for key in ("og:title", "og:description", "og:image", "twitter:card", "twitter:image"):
        assert meta.get(key), key
    assert meta["twitter:card"] == "summary_large_image"
    if browser_path() is None:
        pytest.skip("no Chromium here to draw the preview image")
    image = site / meta["og:image"]
    assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_every_internal_link_of_every_page_resolves(site):
    missing = []
    for html in site.rglob("*.html"):
        if html.parent.name == "states":
            base = site  # fragments are shown inside index.html
        else:
            base = html.parent
        parsed = Page(html.read_text(encoding="utf-8"))
        for href in parsed.links:
            if href.startswith(("http:", "https:", "mailto:")):
                continue
            path, _, anchor = href.partition("#")
            path = path.split("?")[0]  # ?as_of= is read by the page's script
            if path.startswith("/"):  # the 404 page links from the site's root, wherever it is shown
                target = site / path.lstrip("/")
            else:
                target = (base / path).resolve() if path else html.resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                missing.append(f"{html.relative_to(site)} -> {href}")
            elif anchor and target.suffix == ".html" and not (anchor in Page(target.read_text(encoding='utf-8')).ids
                                                              or _is_day(anchor)):
                missing.append(f"{html.relative_to(site)} -> {href} (no such anchor)")
    assert not missing, missing[:10]


def _is_day(text: str) -> bool:
    try:
        date.fromisoformat(text)
        return True
    except ValueError:
        return False


# -- the API ---------------------------------------------------------------------------------

def test_status_files_are_what_the_status_command_prints(site, ds, plan, plan_env):
    days = report_days(ds)
    for day in days:
        cli = run_cli(plan.root, "status", "--format", "json", "--as-of", day, env=plan_env)
        assert cli.returncode == 0, cli.stderr
        assert json.loads((site / f"api/status/{day}.json").read_text()) == json.loads(cli.stdout)
    latest = run_cli(plan.root, "status", "--format", "json", env=plan_env)
    assert json.loads((site / "api/status/latest.json").read_text()) == json.loads(latest.stdout)
    index = json.loads((site / "api/status/index.json").read_text())
    assert set(days) <= set(index["days"]) and index["report_days"] == days
    assert all((site / f"api/status/{d}.json").is_file() for d in index["days"])


def _validator(site: Path, name: str):
    schema = json.loads((site / f"api/schema/{name}.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_every_json_file_validates_against_its_schema(site):
    checks = {"status": sorted((site / "api/status").glob("2*.json")) + [site / "api/status/latest.json"],
              "status-index": [site / "api/status/index.json"],
              "points": [site / "api/points.json"], "sources": [site / "api/sources.json"]}
    for name, files in checks.items():
        validator = _validator(site, name)
        for f in files:
            errors = list(validator.iter_errors(json.loads(f.read_text())))
            assert not errors, f"{f.name}: {errors[0].message}"
    validator = _validator(site, "update")
    lines = (site / "api/updates.jsonl").read_text().splitlines()
    assert lines
    for line in lines:
        errors = list(validator.iter_errors(json.loads(line)))
        assert not errors, errors[0].message


def test_the_schemas_can_fail(site):
    """A schema that accepts anything checks nothing: a wrong level and an unknown key are refused."""
    validator = _validator(site, "status")
    doc = json.loads((site / "api/status/latest.json").read_text())
    doc["points"][0]["level"] = "mostly"
    doc["surprise"] = 1
    messages = " ".join(e.message for e in validator.iter_errors(doc))
    assert "mostly" in messages and "surprise" in messages


def test_updates_jsonl_carries_every_update_with_its_reviews(site, ds):
    lines = [json.loads(x) for x in (site / "api/updates.jsonl").read_text().splitlines()]
    assert sorted(x["ref"] for x in lines) == sorted(e.ref for e in ds.entries)
    reviewed = [x for x in lines if x["reviews"]]
    assert reviewed and all("Reviewed in" in r or "Finding in" in r for x in reviewed for r in x["reviews"])


# -- data tables -----------------------------------------------------------------------------

def test_sqlite_opens_and_its_counts_match_the_data(site, ds, plan):
    con = sqlite3.connect(site / "data/tracker.sqlite")
    try:
        count = {t: con.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]
                 for (t,) in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert count["points"] == len(ds.points)
        assert count["actors"] == len(ds.actors)
        assert count["sources"] == len(ds.sources)
        assert count["updates"] == len(ds.entries)
        assert count["evidence"] == sum(len(e.update.evidence) for e in ds.entries)
        assert count["milestones"] == sum(len(p.milestones) for p in ds.points.values())
        assert count["reviews"] == len(ds.reviews)
        assert count["blockers"] == sum(len(e.update.blockers) * len(e.update.points) for e in ds.entries)
        # a join a reader would write: the updates of a point with their evidence
        rows = con.execute("SELECT u.ref, e.phrase FROM updates u JOIN update_points p ON p.update_ref = u.ref "
                           "JOIN evidence e ON e.update_ref = u.ref WHERE p.point = ?", (plan.point,)).fetchall()
        assert rows and all(phrase for _, phrase in rows)
    finally:
        con.close()
    for table, n in count.items():  # the CSV files hold the same rows
        with open(site / f"data/{table}.csv", encoding="utf-8", newline="") as f:
            assert sum(1 for _ in csv.reader(f)) - 1 == n, table


# -- feeds -----------------------------------------------------------------------------------

def _entries(feed: Path) -> list[dict[str, str]]:
    root = ET.parse(feed).getroot()
    assert root.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{tag}").text
    out = []
    for e in root.findall(f"{ATOM}entry"):
        out.append({"id": e.find(f"{ATOM}id").text, "title": e.find(f"{ATOM}title").text,
                    "updated": e.find(f"{ATOM}updated").text, "published": e.find(f"{ATOM}published").text,
                    "link": e.find(f"{ATOM}link").get("href"), "summary": e.find(f"{ATOM}summary").text})
    return out


def test_feeds_are_atom_with_stable_ids_and_links_to_the_point(site, ds, plan):
    entries = _entries(site / "feed.xml")
    assert entries, "the fixture record has changes"
    assert len({e["id"] for e in entries}) == len(entries)
    root = ET.parse(site / "feed.xml").getroot()
    assert root.find(f"{ATOM}link[@rel='alternate']").get("href") == "./"
    for e in entries:
        assert ".." not in e["summary"], e["summary"]
        assert e["updated"].endswith("T00:00:00Z") and e["updated"] >= e["published"]
        path, _, anchor = e["link"].partition("#")
        assert anchor in page(site, path + "index.html").ids, e["link"]
    per_point, again = [], []
    for pid in ds.points:
        mine = _entries(site / f"points/{pid}/feed.xml")
        assert all(x["title"].startswith(f"Point {pid},") for x in mine)
        per_point += [x["id"] for x in mine if "reported again" not in x["title"]]
        for x in mine:
            if "reported again" in x["title"]:  # a report that changed nothing, in its point's feed only
                again.append(x)
                assert x["link"].partition("#")[2] in page(site, f"points/{pid}/index.html").ids, x["link"]
    assert sorted(per_point) == sorted(e["id"] for e in entries)
    assert again and not {x["id"] for x in again} & {e["id"] for e in entries}
    # a point's entries name its changes of level, and of momentum
    pid, changes = plan.change
    titles = [e["title"] for e in entries if e["title"].startswith(f"Point {pid},")]
    assert all(any(c in t for t in titles) for c in changes), titles
    assert any("momentum now" in e["title"] for e in entries)


LATER_SOURCE = """\
  - id: later-report-2025-12-28
    label: Later report
    outlet: A later outlet
    headline: A later report on the hostages
    kind: newspaper
    published: 2025-12-28
    date_basis: Dated in the text.
    file: later-report.txt
    summary: A later report, added by a test.
"""
LATER_STATUS = """\
source: later-report-2025-12-28
updates:
  - id: u1
    points: [4]
    date: 2025-12-27
    level: intermediate
    momentum: stalled
    note: A later report, added by a test, says the return of the remains has stalled.
    evidence:
      - {paragraph: 1, phrase: the return has stalled}
"""


@pytest.fixture(scope="module")
def record_site(tmp_path_factory, env) -> Path:
    """The fixture record's site alone (for tests that add to the record)."""
    out = tmp_path_factory.mktemp("record-site") / "site"
    assert publish(FIXTURE, out, env=env).returncode == 0
    return out


def test_adding_a_report_keeps_every_feed_id_and_adds_an_entry(record_site, tmp_path, env):
    site = record_site
    root = copy_record(tmp_path / "record")
    with open(root / "seeds/sources.yaml", "a", encoding="utf-8") as f:
        f.write(LATER_SOURCE)
    (root / "status/later-report-2025-12-28.yaml").write_text(LATER_STATUS, encoding="utf-8")
    out = tmp_path / "site"
    result = publish(root, out, env=env)
    assert result.returncode == 0, result.stderr
    before = {e["id"]: e for e in _entries(site / "feed.xml")}
    after = {e["id"]: e for e in _entries(out / "feed.xml")}
    assert set(before) <= set(after)
    assert all(after[k]["link"] == before[k]["link"] for k in before)
    new = [after[k] for k in set(after) - set(before)]
    assert [e["title"].split(":")[0] for e in new] == ["Point 4, All hostages back within 72 hours"]
    assert new[0]["published"].startswith("2025-12-27") and new[0]["updated"].startswith("2025-12-28")
    assert "2025-12-28" in page(out, "index.html").options


# -- pages -----------------------------------------------------------------------------------

def test_point_page_shows_history_milestones_blockers_evidence_and_reviews(site, ds, plan):
    text = "".join(page(site, f"points/{plan.point}/index.html").text)
    assert "Milestones per party" in text and "History, newest first" in text
    for e in ds.entries:
        if plan.point in e.update.points:
            assert e.ref in text
            for ev in e.update.evidence:
                assert ev.phrase in text
    assert "Reviewed in" in text or "Not reviewed yet" in text
    assert "Follow this point (Atom feed)" in text


def test_levels_are_named_and_shaped_not_only_coloured(site, plan):
    state = (site / f"states/{plan.today.isoformat()}.html").read_text(encoding="utf-8")
    for label, mark in (("Not initiated", "○"), ("Intermediate", "◑")):
        assert f'{mark}</span> {label}' in state


def test_every_chart_has_a_text_alternative_and_a_data_table(site):
    for chart in figures.CATALOGUE:
        text = (site / f"embed/{chart}/index.html").read_text(encoding="utf-8")
        assert f'aria-describedby="alt-{chart}"' in text and f'<span id="alt-{chart}">' in text, chart
        assert "<table class=\"data\">" in text, chart
        assert "<td>" in text or chart in ("blockers-by-actor", "blockers-by-category"), chart


def test_data_text_is_escaped_everywhere(tmp_path, env):
    root = copy_record(tmp_path / "record")
    points = root / "plan/points.yaml"
    points.write_text(points.read_text(encoding="utf-8").replace(
        "title: A Gaza free of terror", "title: 'A Gaza <script>alert(1)</script> & free'"), encoding="utf-8")
    out = tmp_path / "site"
    result = publish(root, out, env=env)
    assert result.returncode == 0, result.stderr
    for f in [*out.rglob("*.html"), *out.rglob("*.xml")]:
        assert "<script>alert(1)" not in f.read_text(encoding="utf-8"), f
    assert "A Gaza &lt;script&gt;alert(1)&lt;/script&gt; &amp; free" in (out / "points/1/index.html").read_text()
    ET.parse(out / "feed.xml")


def test_the_same_data_gives_the_same_bytes(site, tmp_path, plan, plan_env):
    again = tmp_path / "again"
    assert publish(plan.root, again, env=plan_env).returncode == 0
    mine = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    theirs = sorted(p.relative_to(again).as_posix() for p in again.rglob("*") if p.is_file())
    assert mine == theirs
    differ = [rel for rel in mine if (site / rel).read_bytes() != (again / rel).read_bytes()]
    assert not differ, differ[:5]


def test_base_url_makes_feed_and_preview_links_absolute(tmp_path, env):
    out = tmp_path / "site"
    result = publish(FIXTURE, out, "--base-url", "https://example.org/tracker", env=env)
    assert result.returncode == 0, result.stderr
    entries = _entries(out / "feed.xml")
    assert all(e["link"].startswith("https://example.org/tracker/points/") for e in entries)
    meta = page(out, "index.html").meta
    assert meta["og:url"] == "https://example.org/tracker/"
    assert meta["og:image"] == "https://example.org/tracker/assets/overview.png" or browser_path() is None
    assert 'href="/tracker/' in (out / "404.html").read_text()


def test_gzip_writes_a_compressed_twin_of_each_text_file(tmp_path, env):
    import gzip
    out = tmp_path / "site"
    assert publish(FIXTURE, out, "--gzip", env=env).returncode == 0
    twins = list(out.rglob("*.gz"))
    assert out / "index.html.gz" in twins and out / "assets/plotly.min.js.gz" in twins
    for gz in twins:
        assert gzip.decompress(gz.read_bytes()) == gz.with_suffix("").read_bytes()
    assert not (out / "assets/icon.png.gz").exists() and not (out / "data/tracker.sqlite.gz").exists()


# -- the command -----------------------------------------------------------------------------

def test_publish_replaces_its_own_site_and_nothing_else(tmp_path, env):
    out = tmp_path / "site"
    assert publish(FIXTURE, out, env=env).returncode == 0
    # a page an earlier publish wrote (listed in its marker) and this one does not: removed
    (out / "stale.html").write_text("left over")
    with open(out / ".tracker-site", "a", encoding="utf-8") as f:
        f.write("- stale.html\n")
    assert publish(FIXTURE, out, env=env).returncode == 0
    assert not (out / "stale.html").exists() and (out / "index.html").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site")], "no work folder is left"

    # a file someone put into the site: publish refuses rather than delete it
    (out / "CNAME").write_text("tracker.example.org")
    result = publish(FIXTURE, out, env=env)
    assert result.returncode == 1 and "CNAME" in result.stderr and (out / "CNAME").exists()
    (out / "CNAME").unlink()
    # nor an empty folder someone made in it (publish writes no empty folder of its own)
    (out / "points" / "my-notes").mkdir()
    result = publish(FIXTURE, out, env=env)
    assert result.returncode == 1 and "points/my-notes" in result.stderr and (out / "points" / "my-notes").is_dir()
    (out / "points" / "my-notes").rmdir()
    assert publish(FIXTURE, out, env=env).returncode == 0

    # a marker planted in someone's folder does not make it a site
    planted = tmp_path / "planted"
    planted.mkdir()
    (planted / "data.txt").write_text("mine")
    (planted / ".tracker-site").write_text("")
    result = publish(FIXTURE, planted, env=env)
    assert result.returncode == 1 and "data.txt" in result.stderr and (planted / "data.txt").read_text() == "mine"

    link = tmp_path / "link"
    link.symlink_to(out)
    result = publish(FIXTURE, link, env=env)
    assert result.returncode == 1 and "symbolic link" in result.stderr and link.is_symlink()

    for here in (".", ".."):  # the tests run the command from the repository folder
        result = publish(FIXTURE, Path(here), env=env)
        assert result.returncode == 1 and "the folder you are in" in result.stderr

    other = tmp_path / "documents"
    other.mkdir()
    (other / "thesis.txt").write_text("mine")
    result = publish(FIXTURE, other, env=env)
    assert result.returncode == 1 and "not empty" in result.stderr
    assert [p.name for p in other.iterdir()] == ["thesis.txt"]

    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    result = publish(FIXTURE, a_file, env=env)
    assert result.returncode == 1 and "is a file" in result.stderr and a_file.read_text() == "x"


@pytest.mark.parametrize("args, code, message", [
    (["--as-of", "2020-01-01"], 2, "outside the record"),
    (["--as-of", "2026-13-01"], 2, "--as-of"),
    (["--base-url", "ftp://example.org/"], 2, "not a site address"),
    (["--base-url", "example.org"], 2, "not a site address"),
    (["--base-url", "https://example.org/a b/"], 2, "not a site address"),
    (["--base-url", "https://example.org:99999/"], 2, "not a site address"),
    (["--base-url", "https://example.org/\"onload=x"], 2, "not a site address"),
    (["--base-url", "https://me:secret@example.org/"], 2, "user name or password"),
    (["--base-url", "https://@example.org/"], 2, "user name or password"),
    (["--base-url", "https://example.org/path%"], 2, "not a site address"),
    (["--base-url", "https://ex%00ample.org/"], 2, "not a site address"),
    (["--base-url", "https://example.org:/"], 2, "not a site address"),
    (["--base-url", "https://example.org/" + "a" * 5000], 2, "not a site address"),
    (["--base-url", "https://[::1]x/"], 2, "not a site address"),
    (["--base-url", "https://[zz]/"], 2, "not a site address"),
    (["--base-url", "https://example.org:0/"], 2, "not a site address"),
])
def test_publish_refuses_bad_options(tmp_path, env, args, code, message):
    result = publish(FIXTURE, tmp_path / "site", *args, env=env)
    assert result.returncode == code and message in result.stderr
    assert not (tmp_path / "site").exists()


def test_a_killed_publish_leaves_the_previous_site_and_no_work_folder(tmp_path, env):
    import os
    import signal
    import subprocess
    import sys
    import time

    from helpers import REPO
    out = tmp_path / "site"
    assert publish(FIXTURE, out, env=env).returncode == 0
    before = (out / "index.html").read_bytes()
    proc = subprocess.Popen([sys.executable, "-m", "tracker", "publish", "--root", str(FIXTURE), "--out", str(out)],
                            cwd=REPO, env={**os.environ, **env}, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".site.*")) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    if proc.returncode == 0:
        pytest.skip("publish finished before it could be stopped")
    assert proc.returncode == 130 and "interrupted" in err and "Traceback" not in err
    assert (out / "index.html").read_bytes() == before
    assert not list(tmp_path.glob(".site.*"))


def test_csv_cells_a_spreadsheet_would_run_are_defused(tmp_path, env):
    root = copy_record(tmp_path / "record")
    status = root / "status/miami-summit-2025-12-19.yaml"
    status.write_text(status.read_text(encoding="utf-8").replace(
        "note: The first phase, with the ceasefire, took effect on 10 October.",
        "note: '=HYPERLINK(\"http://example.org\") says the first phase took effect on 10 October.'"),
        encoding="utf-8")
    out = tmp_path / "site"
    assert publish(root, out, env=env).returncode == 0
    with open(out / "data/updates.csv", encoding="utf-8", newline="") as f:
        notes = [row["note"] for row in csv.DictReader(f)]
    assert "'=HYPERLINK(\"http://example.org\") says the first phase took effect on 10 October." in notes
    assert not any(n.startswith("=") for n in notes)
    con = sqlite3.connect(out / "data/tracker.sqlite")  # the database keeps the text as written
    assert con.execute("SELECT COUNT(*) FROM updates WHERE note LIKE '=HYPERLINK%'").fetchone()[0] == 1
    con.close()


def test_publish_refuses_data_with_problems_unless_asked(tmp_path, env):
    root = copy_record(tmp_path / "record")
    status = root / "status/miami-summit-2025-12-19.yaml"
    status.write_text(status.read_text(encoding="utf-8").replace("level: intermediate", "level: mostly", 1),
                      encoding="utf-8")
    result = publish(root, tmp_path / "site", env=env)
    assert result.returncode == 1 and "miami-summit-2025-12-19.yaml" in result.stderr
    assert "--allow-problems" in result.stderr and not (tmp_path / "site").exists()
    result = publish(root, tmp_path / "site", "--allow-problems", env=env)
    assert (tmp_path / "site/index.html").exists() and "warning" in result.stderr


def test_an_update_id_written_twice_is_left_out_and_the_site_still_published(tmp_path, env):
    """Two updates of one file sharing an id: the second is reported and left out, so the site's
    tables (one row per update address) are still written with --allow-problems."""
    import re
    import sqlite3
    root = copy_record(tmp_path / "record")
    status = root / "status/politico-recap-2025-10-10.yaml"
    text = status.read_text(encoding="utf-8")
    status.write_text(re.sub(r"(?m)^  - id: u2$", "  - id: u1", text, count=1), encoding="utf-8")
    result = publish(root, tmp_path / "site", "--allow-problems", env=env)
    assert "Traceback" not in result.stderr and (tmp_path / "site/index.html").exists(), result.stderr
    with sqlite3.connect(tmp_path / "site/data/tracker.sqlite") as db:
        refs = [r[0] for r in db.execute("select ref from updates where ref like 'politico-recap-2025-10-10/%'")]
    assert refs.count("politico-recap-2025-10-10/u1") == 1 and "politico-recap-2025-10-10/u2" not in refs


def test_the_site_says_how_old_each_blocker_is(tmp_path, env):
    site = tmp_path / "site"  # published on 1 March 2026: the fixture's autumn blockers are past 90 days
    assert publish(FIXTURE, site, env={**env, "TRACKER_TODAY": "2026-03-01"}).returncode == 0
    overview = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r"Blockers: \d+ active, \d+ confirmed in the last 90 days", overview)
    page = (site / "blockers/index.html").read_text(encoding="utf-8")
    assert "Last reported" in page and "unconfirmed since" in page
    assert 'class="stale"' in page


def test_a_late_addition_is_dated_in_feeds_by_when_it_was_added(tmp_path, env):
    root = copy_record(tmp_path / "record")
    added = run_cli(root, "new-update", "--source", "jpost-rubio-2025-10-22", "--point", "19", "--date", "2025-10-22",
                    "--level", "minimal", "--note", "A first word on the political horizon.", "--paragraph", "2",
                    "--phrase", "political horizon", env=env)
    assert added.returncode == 0, added.stdout + added.stderr
    assert f"recorded: {TODAY.isoformat()}" in (root / "status/jpost-rubio-2025-10-22.yaml").read_text(encoding="utf-8")
    out = tmp_path / "site"
    assert publish(root, out, env=env).returncode == 0
    (entry,) = [e for e in _entries(out / "points/19/feed.xml") if "2025-10-22" in e["id"]]
    assert entry["published"].startswith("2025-10-22") and entry["updated"].startswith(TODAY.isoformat())
    feed = ET.parse(out / "points/19/feed.xml").getroot()
    assert feed.find(f"{ATOM}updated").text.startswith(TODAY.isoformat())  # the feed moves with it
