"""What the tests share besides fixtures: where things are, the fixed "today" of fixture
tests, copying a record and running the command line as a user does.

Tests import from here (``from helpers import REPO, run_cli``); ``conftest.py`` holds the
pytest fixtures only.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from tracker.dataset import DATA_DIRS, DEFAULT_ROOT

REPO = DEFAULT_ROOT
TESTS = Path(__file__).resolve().parent
FIXTURE = TESTS / "fixtures" / "record"  # frozen on purpose: see tests/fixtures/README.md
DATA_PARTS = DATA_DIRS  # the data folders, declared once in tracker.dataset
ROOT_ENV = "TRACKER_ROOT"  # views.common.ROOT_ENV (not imported: that would import streamlit)
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
TODAY = date(2026, 1, 1)  # "today" in fixture tests only; the shipped data meets the real date


HARBOUR = TESTS / "fixtures" / "harbour"  # a second, invented plan: see tests/fixtures/README.md


@dataclass(frozen=True)
class FixturePlan:
    """A fixture plan that plan-independent tests run on, with the few facts of it they check.

    Both plans' "today" is fixed; texts are the fixture's own (invented, in its texts/ folder) or
    none (the record's are the real articles, which live outside the project)."""

    name: str
    root: Path
    today: date
    texts: Path | None
    title: str  # the plan's title, as its site shows it
    short_title: str  # as the dashboard shows it
    point: int  # a point with updates, milestones and blockers (its page and feed are checked)
    change: tuple[int, tuple[str, ...]]  # a point and the level changes its feed entries name
    report_day: date  # the latest report's day (a snapshot's date)
    other_words: tuple[str, ...]  # words of the other plan that never appear in this one's pages

    def env(self, absent: Path) -> dict[str, str]:
        """$TRACKER_TODAY and $TRACKER_TEXTS for this plan (absent: a path that does not exist)."""
        return {"TRACKER_TODAY": self.today.isoformat(), "TRACKER_TEXTS": str(self.texts or absent)}


PLANS = {
    "record": FixturePlan("record", FIXTURE, TODAY, None, "US Comprehensive Plan to End the Gaza Conflict",
                          "Gaza 20-point plan", 4,
                          (3, ("not initiated to minimal", "minimal to intermediate")), date(2025, 12, 19),
                          ("Northport", "Veldra", "Osterland", "harbour")),
    "harbour": FixturePlan("harbour", HARBOUR, date(2026, 7, 1), HARBOUR / "texts",
                           "Northport Harbour Accord", "Northport harbour accord", 2, (2, ("not initiated to intermediate", "intermediate to full")),
                           date(2026, 6, 10),
                           ("Gaza", "Hamas", "Israel", "hostage")),
}


def copy_record(dest: Path, source: Path = FIXTURE) -> Path:
    """Copy a data root's plan/, seeds/, status/ and reviews/ to dest (the fixture record by default)."""
    for part in DATA_PARTS:
        if (source / part).is_dir() or part != "reviews":  # a record may have no review round yet
            shutil.copytree(source / part, dest / part)
    return dest


def fixture_status() -> dict[str, str]:
    """The fixture record's status files, by name, for ``make_root``."""
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((FIXTURE / "status").glob("*.yaml"))}


def run_cli(root: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """`python -m tracker ARGS --root ROOT`, as a user runs it (env is added to this process's)."""
    return subprocess.run([sys.executable, "-m", "tracker", *args, "--root", str(root)], cwd=REPO,
                          capture_output=True, text=True, timeout=120, env={**os.environ, **(env or {})})


def texts_or_skip() -> Path:
    """The seed article texts; skip (outside CI only) when they are absent."""
    from tracker.texts import texts_dir
    folder = texts_dir(REPO)
    if folder is None or not any(folder.glob("*.txt")):
        if IN_CI and not os.environ.get("TRACKER_TEXTS_OPTIONAL"):  # set where texts cannot be (a public CI)
            pytest.fail("article texts not found, and CI must check every locator "
                        "(expected ../shared/seeds or $TRACKER_TEXTS)")
        pytest.skip("article texts not found (../shared/seeds or $TRACKER_TEXTS); "
                    "locators cannot be checked on this machine")
    return folder
