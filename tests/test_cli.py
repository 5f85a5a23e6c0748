"""The command-line contract: exit codes, line format and the JSON/CSV shapes.

Every command runs on a copy of the fixture record (``--root``) with today fixed, except the
check that the shipped data (and the same grown by a report) validates, against the real date.
"""
import csv
import io
import json
import os
import subprocess
import sys

import pytest

from helpers import REPO, TODAY
from tracker.dates import TODAY_ENV


def run(*args, cwd=REPO, env=None):
    return subprocess.run([sys.executable, "-m", "tracker", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def root(fixture_app_env):
    """A copy of the fixture record, today fixed at TODAY, no texts."""
    return str(fixture_app_env)


def test_validate_passes_on_the_shipped_data(record):
    """The shipped data (the default root) and the same grown by one report validate today."""
    env = {k: v for k, v in os.environ.items() if k != TODAY_ENV}  # the real date
    args = [] if record.root == REPO else ["--root", str(record.root), "--texts", str(record.texts_dir)]
    out = run("validate", *args, env=env)
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout == ""
    assert "valid: 20 points" in out.stderr


def test_validate_lists_problems_and_exits_1(make_root, fixture_env):
    root = make_root({"bad.yaml": "source: explainer-2025-10-06\nupdates:\n  - id: t1\n    points: [4]\n    level: high\n"})
    out = run("validate", "--root", str(root))
    assert out.returncode == 1
    lines = out.stdout.splitlines()
    assert lines and all(line.startswith("status/bad.yaml:") for line in lines)
    assert any(":5:12: updates[0].level: 'high' is not one of" in line for line in lines)
    assert any("missing field 'date'" in line for line in lines)


def test_status_json_contract(root):
    out = run("status", "--root", root, "--as-of", "2025-12-19", "--format", "json")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["as_of"] == "2025-12-19"
    assert [p["id"] for p in doc["points"]] == list(range(1, 21))
    for p in doc["points"]:
        assert isinstance(p["id"], int) and p["phase"] in (1, 2)
        assert {"title", "level", "momentum", "progress", "responsible", "blockers", "depends_on",
                "last_update", "sources"} <= set(p)
        assert 0 <= p["progress"] <= 100 and p["responsible"]
        for b in p["blockers"]:
            assert {"text", "category", "actors"} <= set(b)


def test_status_csv_and_table(root):
    out = run("status", "--root", root, "--as-of", "2025-10-23", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert len(rows) == 20 and rows[2]["level"] == "intermediate"
    table = run("status", "--root", root, "--as-of", "2025-10-23").stdout
    assert "War ends and front lines freeze" in table and "As of 2025-10-23" in table


def test_status_is_as_of_today_by_default(root):
    doc = json.loads(run("status", "--root", root, "--format", "json").stdout)
    assert doc["as_of"] == TODAY.isoformat()  # today, even with no report since 19 December
    assert doc["points"][3]["level"] == "intermediate"
    assert doc["points"][3]["last_update"] == "2025-12-19"


@pytest.mark.parametrize("value, message", [
    ("2025-02-30", "2025-02-30 is not a real date"),
    ("20251010", "expected a date written YYYY-MM-DD"),
    ("2025-W41-5", "expected a date written YYYY-MM-DD"),
])
def test_bad_as_of_is_a_usage_error(root, value, message):
    out = run("status", "--root", root, "--as-of", value)
    assert out.returncode == 2 and message in out.stderr


def test_status_on_a_folder_without_data_fails(tmp_path):
    out = run("status", "--root", str(tmp_path / "nowhere"))
    assert out.returncode == 1 and "no plan/ folder" in out.stderr


@pytest.mark.parametrize("as_of, point, level", [
    ("2025-10-01", 3, "not_initiated"),
    ("2025-10-05", 3, "not_initiated"),
    ("2025-10-09", 3, "minimal"),
    ("2025-10-12", 3, "intermediate"),
])
def test_as_of_changes_the_answer(root, as_of, point, level):
    doc = json.loads(run("status", "--root", root, "--as-of", as_of, "--format", "json").stdout)
    assert doc["points"][point - 1]["level"] == level
