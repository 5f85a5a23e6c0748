"""Versioned releases (`python -m tracker release VERSION --out DIR`): the files a check relies
on, a data package that Frictionless validates (and that fails when the data break it), panels
a researcher loads in two lines, the real Datasette serving the canned queries, and a release
that is never rewritten and the same bytes for the same data."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import time
import urllib.request
import zipfile
from datetime import date

import pytest

from browser import free_port
from helpers import FIXTURE, REPO, TODAY, copy_record, run_cli
from tracker.load import load
from tracker.release import changelog_section
from tracker.release.fields import TABLES
from tracker.status import status_as_of

AS_OF = date(2025, 12, 31)
CHANGES = "# Changelog\n\n## [1.0.0] - 2026-01-01\n\nThe fixture's first release.\n\n## [0.9.0]\n\nOlder.\n"


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """A release of the fixture record, by the command line as a user runs it."""
    tmp = tmp_path_factory.mktemp("rel")
    (tmp / "CHANGELOG.md").write_text(CHANGES, encoding="utf-8")
    env = {"TRACKER_TODAY": TODAY.isoformat(), "TRACKER_TEXTS": str(tmp / "absent")}
    out = tmp / "releases" / "1.0.0"
    started = time.perf_counter()
    result = run_cli(FIXTURE, "release", "1.0.0", "--out", str(out), "--as-of", AS_OF.isoformat(),
                     "--changelog", str(tmp / "CHANGELOG.md"), env=env)
    assert result.returncode == 0, result.stderr
    assert time.perf_counter() - started < 120
    return out, result, env, tmp


def test_the_release_holds_every_file_a_check_relies_on(made):
    out, result, _, _ = made
    for rel in ("datapackage.json", "codebook.md", "codebook.html", "panel/point-day.csv", "panel/point-month.csv",
                "panel/actor-milestone-month.csv", "tracker.sqlite", "SHA256SUMS", "README.md", "metadata.json",
                "gaza-plan-tracker-1.0.0.zip", "LICENSE-DATA.md"):
        assert (out / rel).is_file(), rel
    zip_sha = hashlib.sha256((out / "gaza-plan-tracker-1.0.0.zip").read_bytes()).hexdigest()
    assert result.stdout == f"{zip_sha}  gaza-plan-tracker-1.0.0.zip\n"
    listed = dict(line.split("  ")[::-1] for line in (out / "SHA256SUMS").read_text().splitlines())
    assert "tracker.sqlite" in listed and "panel/point-day.csv" in listed
    for rel, digest in listed.items():  # every checksum holds
        assert hashlib.sha256((out / rel).read_bytes()).hexdigest() == digest, rel
    with zipfile.ZipFile(out / "gaza-plan-tracker-1.0.0.zip") as z:
        names = set(z.namelist())
        assert names == {f"gaza-plan-tracker-1.0.0/{rel}" for rel in [*listed, "SHA256SUMS"]}
        assert z.read("gaza-plan-tracker-1.0.0/panel/point-day.csv") == (out / "panel/point-day.csv").read_bytes()
    import sqlite3
    with sqlite3.connect(out / "tracker.sqlite") as db:
        tables = {r[0] for r in db.execute("select name from sqlite_master where type = 'table'")}
        assert set(TABLES) <= tables and db.execute("select count(*) from updates").fetchone()[0] == 43


def test_the_readme_cites_this_version_and_says_what_changed(made):
    out, *_ = made
    readme = (out / "README.md").read_text()
    assert "release 1.0.0" in readme and "(version 1.0.0; data as of 2025-12-31, data version " in readme
    assert "The fixture's first release." in readme and "Older." not in readme
    assert "CC-BY-4.0" in readme and "MIT" in readme
    assert changelog_section(CHANGES, "0.9.0") == "Older." and changelog_section(CHANGES, "2.0.0") is None


def test_frictionless_validates_the_package_and_catches_what_breaks_it(made, tmp_path):
    import shutil

    from frictionless import validate
    out, *_ = made
    report = validate(out / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    descriptor = json.loads((out / "datapackage.json").read_text())
    assert descriptor["$schema"].endswith("/2.0/datapackage.json") and descriptor["version"] == "1.0.0"
    level = next(f for r in descriptor["resources"] if r["name"] == "point-day"
                 for f in r["schema"]["fields"] if f["name"] == "level")
    assert level["categoriesOrdered"] is True
    assert [c["value"] for c in level["categories"]] == ["not_initiated", "minimal", "intermediate", "full"]
    assert all(f.get("description") for r in descriptor["resources"] for f in r["schema"]["fields"])
    broken = tmp_path / "broken"
    shutil.copytree(out, broken)
    day = broken / "panel" / "point-day.csv"
    day.write_text(day.read_text().replace(",minimal,", ",halfway,", 1))  # a level off the scale
    ev = broken / "data" / "evidence.csv"
    lines = ev.read_text().splitlines()
    lines[1] = "nowhere/u1" + lines[1][lines[1].index(","):]  # evidence of an update that does not exist
    ev.write_text("\n".join(lines) + "\n")
    bad = validate(broken / "datapackage.json")
    errors = {e[0] for e in bad.flatten(["type"])}
    assert not bad.valid and {"constraint-error", "foreign-key"} <= errors, errors


def test_the_panel_loads_in_two_lines_and_says_what_the_status_says(made):
    import pandas as pd
    out, *_ = made
    panel = pd.read_csv(out / "panel" / "point-day.csv", parse_dates=["day"])
    assert list(panel.columns[:2]) == ["point", "day"]
    ds = load(FIXTURE, today=TODAY, texts_folder=FIXTURE / "absent", cache=None)
    assert len(panel) == 20 * ((AS_OF - ds.plan.released).days + 1)
    for day in (date(2025, 10, 10), date(2025, 12, 19), AS_OF):
        on = panel[panel["day"] == pd.Timestamp(day)].set_index("point")
        for st in status_as_of(ds, day):
            row = on.loc[st.id]
            assert row["progress"] == st.progress and row["active_blockers"] == len(st.blockers)
            if st.level != "unclear":
                assert row["level"] == st.level
    month = pd.read_csv(out / "panel" / "point-month.csv")
    assert list(month.columns[:2]) == ["point", "month"] and month["month"].str.fullmatch(r"\d{4}-\d{2}").all()
    assert set(month["month"]) == {"2025-09", "2025-10", "2025-11", "2025-12"}


def test_the_codebook_names_every_column_and_value(made):
    out, *_ = made
    text = (out / "codebook.md").read_text()
    for name, info in TABLES.items():
        assert f"(`{name}`)" in text
        for c in info.columns:
            assert f"| `{c.name}` |" in text, (name, c.name)
            for t in c.terms:
                assert f"`{t.id}` ({t.label})" in text
    page = (out / "codebook.html").read_text()
    assert "<table>" in page and "<h2>Panel: point × day (<code>point_day</code>)</h2>" in page
    assert "<script" not in page


def test_the_real_datasette_serves_the_canned_queries(made):
    out, *_ = made
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "datasette", "serve", str(out / "tracker.sqlite"), "-m",
                             str(out / "metadata.json"), "-p", str(port), "-h", "127.0.0.1"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}/tracker"

    def get(path: str):
        with urllib.request.urlopen(base + path, timeout=10) as r:
            return json.load(r)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                get(".json")
                break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline, proc.stdout.read()
                time.sleep(0.3)
        ds = load(FIXTURE, today=TODAY, texts_folder=FIXTURE / "absent", cache=None)
        day = date(2025, 12, 19)
        active = get(f"/blockers_active_on.json?day={day}&_shape=array")
        expected = sorted((st.id, b.blocker.id) for st in status_as_of(ds, day) for b in st.blockers)
        assert sorted((r["point"], r["blocker"]) for r in active) == expected and expected
        owed = get("/who_owes_what.json?month=2025-12&_shape=array")
        assert owed and all(r["state"] != "met" for r in owed)
        assert {(r["actor"], r["milestone"]) for r in owed} >= {("hamas", "deceased-returned")}
        points = get("/points_on_a_day.json?day=2025-12-31&_shape=array")
        assert [r["point"] for r in points] == list(range(1, 21))
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/-/metadata.json", timeout=10) as r:
            meta = json.load(r)
        assert meta["title"].endswith("release 1.0.0") and meta["license"] == "CC BY 4.0"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_a_release_is_never_rewritten_and_the_same_data_give_the_same_bytes(made, tmp_path):
    out, result, env, tmp = made
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    again = run_cli(FIXTURE, "release", "1.0.0", "--out", str(out), "--as-of", AS_OF.isoformat(),
                    "--changelog", str(tmp / "CHANGELOG.md"), env=env)
    assert again.returncode == 1 and "a release is never rewritten" in again.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    twin = run_cli(FIXTURE, "release", "1.0.0", "--out", str(tmp_path / "twin"), "--as-of", AS_OF.isoformat(),
                   "--changelog", str(tmp / "CHANGELOG.md"), env=env)
    assert twin.returncode == 0 and twin.stdout == result.stdout  # the ZIP's checksum: same bytes
    for args, message in ((["2.0"], "is not a version"), (["2.0.0"], "has no section `## [2.0.0]`")):
        bad = run_cli(FIXTURE, "release", *args, "--out", str(tmp_path / "x"), "--changelog",
                      str(tmp / "CHANGELOG.md"), env=env)
        assert bad.returncode in (1, 2) and message in bad.stderr and not (tmp_path / "x").exists()
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]  # no work folder left


def test_data_with_problems_are_not_released(tmp_path, made):
    from helpers import copy_record
    _, _, env, tmp = made
    root = copy_record(tmp_path / "record")
    status = root / "status" / "miami-summit-2025-12-19.yaml"
    status.write_text(status.read_text().replace("level: unclear", "level: uncertain", 1))
    bad = run_cli(root, "release", "1.0.0", "--out", str(tmp_path / "r"), "--changelog", str(tmp / "CHANGELOG.md"),
                  env=env)
    assert bad.returncode == 1 and "a release holds only valid data" in bad.stderr and not (tmp_path / "r").exists()


def test_the_repository_release_files_agree(tmp_path):
    """CITATION.cff, .zenodo.json and CHANGELOG.md name the same latest version, the same licences
    and the same title; CITATION.cff has every key CFF 1.2.0 requires."""
    import yaml
    cff = yaml.safe_load((REPO / "CITATION.cff").read_text())
    zen = json.loads((REPO / ".zenodo.json").read_text())
    log = (REPO / "CHANGELOG.md").read_text()
    version = cff["version"]
    assert {"cff-version", "message", "title", "authors"} <= set(cff) and cff["cff-version"] == "1.2.0"
    assert all("name" in a or "family-names" in a for a in cff["authors"])
    assert changelog_section(log, version), f"CHANGELOG.md has no section for {version}"
    assert zen["version"] == version and zen["title"] == cff["title"]
    assert cff["license"] == "MIT" and cff["preferred-citation"]["license"] == "CC-BY-4.0"
    assert zen["license"] == "cc-by-4.0" and str(cff["date-released"]) == log.split(f"## [{version}] - ")[1][:10]
    assert (REPO / "LICENSE").read_text().startswith("MIT License")


def test_the_site_keeps_every_release_and_says_which_it_shows(made, tmp_path):
    """publish --releases puts each release under releases/VERSION/ and lists it on the Data page;
    the site says whether its data are that release or a candidate; a later publish keeps the
    releases it already holds; a release is never rewritten."""
    import shutil
    out, _, env, tmp = made
    given = tmp_path / "releases"
    given.mkdir()
    shutil.copytree(out, given / "1.0.0")
    site = tmp_path / "site"
    first = run_cli(FIXTURE, "publish", "--out", str(site), "--as-of", AS_OF.isoformat(), "--releases", str(given),
                    env=env)
    assert first.returncode in (0, 1) and (site / "index.html").exists(), first.stderr
    assert (site / "releases/1.0.0/gaza-plan-tracker-1.0.0.zip").read_bytes() == \
        (out / "gaza-plan-tracker-1.0.0.zip").read_bytes()
    data = (site / "data/index.html").read_text()
    assert "Release 1.0.0 (shown on this site)" in data and "The fixture's first release." in data
    assert "Cite as: “Gaza plan tracker, release 1.0.0" in data or "release 1.0.0, status as of" in data
    assert "release 1.0.0." in (site / "index.html").read_text()  # every page's stamp names it
    changed = copy_record(tmp_path / "record")
    status = changed / "status" / "miami-summit-2025-12-19.yaml"
    status.write_text(status.read_text().replace("note: The first phase, with the ceasefire, took effect on 10 October.",
                                                 "note: The first phase took effect on 10 October.", 1))
    again = run_cli(changed, "publish", "--out", str(site), "--as-of", AS_OF.isoformat(), env=env)  # no --releases
    assert again.returncode in (0, 1), again.stderr
    assert (site / "releases/1.0.0/SHA256SUMS").exists()  # kept
    data = (site / "data/index.html").read_text()
    assert "a candidate, not a release; the latest release is 1.0.0" in data
    assert "(shown on this site)" not in data
    other = tmp_path / "other"
    shutil.copytree(given, other)
    (other / "1.0.0" / "SHA256SUMS").write_text("0" * 64 + "  x\n")
    refused = run_cli(changed, "publish", "--out", str(site), "--as-of", AS_OF.isoformat(), "--releases", str(other),
                      env=env)
    assert refused.returncode == 1 and "a release is never rewritten" in refused.stderr
    assert (site / "releases/1.0.0/SHA256SUMS").read_bytes() == (out / "SHA256SUMS").read_bytes()


def test_without_as_of_the_data_stand_at_the_latest_report_and_a_rebuild_later_is_the_same(made, tmp_path):
    _, _, env, tmp = made
    shas = []
    for today in ("2026-01-01", "2026-03-15"):
        out = tmp_path / today
        done = run_cli(FIXTURE, "release", "1.0.0", "--out", str(out), "--changelog", str(tmp / "CHANGELOG.md"),
                       "--url", "https://example.org/releases/1.0.0", env={**env, "TRACKER_TODAY": today})
        assert done.returncode == 0, done.stderr
        assert "(data as of 2025-12-19)" in done.stderr  # the fixture's latest report
        shas.append(done.stdout)
        readme = (out / "README.md").read_text()
        assert "data as of 2025-12-19, data version " in readme and "https://example.org/releases/1.0.0" in readme
        assert "url = {https://example.org/releases/1.0.0}" in readme
        assert json.loads((out / "datapackage.json").read_text())["homepage"] == "https://example.org/releases/1.0.0"
    assert shas[0] == shas[1]
