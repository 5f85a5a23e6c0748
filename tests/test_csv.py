"""Every CSV the tracker writes defuses text a spreadsheet would run as a formula.

A point title (or note, or blocker) starting with '=' must come out with a leading
apostrophe in status --format csv, the snapshot's status.csv, the dashboard's download and
the published site's data/*.csv; the JSON and the database keep the text as written.
"""
import csv
import io
import json

import pytest

from helpers import TODAY, copy_record, run_cli
from tracker import csvfile, export
from tracker.load import load
from tracker.status import status_as_of

TITLE = '=HYPERLINK("http://example.org","click")'


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    root = copy_record(tmp_path_factory.mktemp("csv") / "record")
    points = root / "plan/points.yaml"
    points.write_text(points.read_text(encoding="utf-8").replace(
        "title: A Gaza free of terror", f"title: '{TITLE}'", 1), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    return {"TRACKER_TODAY": TODAY.isoformat(), "TRACKER_TEXTS": str(tmp_path_factory.mktemp("t") / "absent")}


def titles(text: str) -> list[str]:
    return [row["title"] for row in csv.DictReader(io.StringIO(text))]


def defused(text: str) -> None:
    cells = titles(text)
    assert "'" + TITLE in cells
    assert not any(c.startswith("=") for c in cells)


@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"), ("+31 6", "'+31 6"), ("-2 points", "'-2 points"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("plain", "plain"), ("a=b", "a=b"), (-5, -5), (2.5, 2.5), (None, ""),
])
def test_a_cell_is_defused_only_when_a_spreadsheet_would_run_it(value, expected):
    assert csvfile.cell(value) == expected


def test_status_command_csv(root, env):
    result = run_cli(root, "status", "--format", "csv", env=env)
    assert result.returncode == 0, result.stderr
    defused(result.stdout)
    as_json = run_cli(root, "status", "--format", "json", env=env)
    assert TITLE in [p["title"] for p in json.loads(as_json.stdout)["points"]]  # JSON keeps the text


def test_snapshot_status_csv(root, env, tmp_path):
    out = tmp_path / "snap"
    result = run_cli(root, "snapshot", "--out", str(out), "--formats", "html", env=env)
    assert result.returncode == 0, result.stderr
    defused((out / "status.csv").read_text(encoding="utf-8"))


def test_dashboard_download(root):
    # the sidebar's "Status as CSV" button serves export.to_csv of the view's document
    ds = load(root, texts_folder=root / "absent", today=TODAY, cache=None)
    doc = export.status_document(ds, status_as_of(ds, TODAY), TODAY)
    defused(export.to_csv(doc))


def test_site_points_csv(root, env, tmp_path):
    out = tmp_path / "site"
    result = run_cli(root, "publish", "--out", str(out), env=env)
    assert result.returncode == 0, result.stderr
    defused((out / "data/points.csv").read_text(encoding="utf-8"))
