"""Shared fixtures.

Behaviour tests run on ``tests/fixtures/record`` (a frozen copy of the data with five
reports, the latest of 19 December 2025) with "today" fixed at ``TODAY``. The shipped data
is tested only in ``test_dataset.py`` (and its CLI twin), through the ``record`` fixture:
the shipped data as it is, and a copy grown by one later report (``growth.py``), both
against the real date.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest

from tracker.dataset import DATA_DIRS
from tracker.dates import TODAY_ENV
from tracker.load import DEFAULT_ROOT, load
from tracker.texts import TEXTS_ENV

REPO = DEFAULT_ROOT
TESTS = Path(__file__).resolve().parent
FIXTURE = TESTS / "fixtures" / "record"  # frozen on purpose: see tests/fixtures/README.md
DATA_PARTS = DATA_DIRS  # the data folders, declared once in tracker.dataset
ROOT_ENV = "TRACKER_ROOT"  # views.common.ROOT_ENV (not imported: that would import streamlit)
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
TODAY = date(2026, 1, 1)  # "today" in fixture tests only; the shipped data meets the real date


def copy_record(dest: Path, source: Path = FIXTURE) -> Path:
    """Copy a data root's plan/, seeds/, status/ and reviews/ to dest (the fixture record by default)."""
    for part in DATA_PARTS:
        if (source / part).is_dir() or part != "reviews":  # a record may have no review round yet
            shutil.copytree(source / part, dest / part)
    return dest


def fixture_status() -> dict[str, str]:
    """The fixture record's status files, by name, for ``make_root``."""
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((FIXTURE / "status").glob("*.yaml"))}


@pytest.fixture(scope="session", autouse=True)
def test_cache(tmp_path_factory):
    """The disk cache of checked files lives in a folder of the test session, never the user's."""
    folder = tmp_path_factory.mktemp("tracker-cache")
    previous = os.environ.get("TRACKER_CACHE")
    os.environ["TRACKER_CACHE"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("TRACKER_CACHE", None)
    else:
        os.environ["TRACKER_CACHE"] = previous


@pytest.fixture(scope="session")
def fixture_ds(tmp_path_factory):
    """The fixture record loaded once, today fixed, no texts (locators are not checked)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(TEXTS_ENV, str(tmp_path_factory.mktemp("no-texts") / "absent"))
        return load(FIXTURE, today=TODAY)


@pytest.fixture
def make_root(tmp_path):
    """Copy the fixture's plan and sources into a temporary root and add status files.

    ``make_root({"a.yaml": "...yaml..."})`` returns the root; ``make_root(fixture_status())``
    gives the whole fixture record. Texts are found only where the test says.
    """
    def make(status: dict[str, str] | None = None, files: dict[str, str] | None = None) -> Path:
        root = tmp_path / "root"
        if root.exists():
            shutil.rmtree(root)
        for part in ("plan", "seeds"):
            shutil.copytree(FIXTURE / part, root / part)
        (root / "status").mkdir()
        for name, text in (status or {}).items():
            (root / "status" / name).write_text(textwrap.dedent(text), encoding="utf-8")
        for rel, text in (files or {}).items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(textwrap.dedent(text), encoding="utf-8")
        return root
    return make


@pytest.fixture
def no_texts(tmp_path, monkeypatch):
    """No texts folder can be found, so no locator is checked."""
    monkeypatch.setenv(TEXTS_ENV, str(tmp_path / "absent"))


@pytest.fixture
def fixture_env(tmp_path, monkeypatch):
    """For AppTest and CLI subprocesses: today fixed at TODAY and no texts.

    Returns ``use(root)``, which points $TRACKER_ROOT (the dashboard's data root) at root.
    """
    monkeypatch.setenv(TODAY_ENV, TODAY.isoformat())
    monkeypatch.setenv(TEXTS_ENV, str(tmp_path / "absent-texts"))
    monkeypatch.delenv(ROOT_ENV, raising=False)

    def use(root: Path) -> Path:
        monkeypatch.setenv(ROOT_ENV, str(root))
        return root
    return use


@pytest.fixture
def fixture_app_env(tmp_path, fixture_env):
    """A copy of the fixture record in tmp, as $TRACKER_ROOT, with today fixed and no texts."""
    return fixture_env(copy_record(tmp_path / "record"))


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


# -- the shipped data, as it is and grown by one report ------------------------------

@pytest.fixture(scope="session")
def grown(tmp_path_factory):
    """A copy of the shipped data with one later report added through the CLI (built once)."""
    from growth import grow
    return grow(tmp_path_factory.mktemp("grown"), texts_or_skip())


@pytest.fixture(scope="session", params=["shipped", "grown"])
def record(request):
    """The shipped data, then the same grown by a report dated today: loaded against the real date.

    Tests of the shipped data take this fixture, so whatever they assert must stay true as
    reports are added.
    """
    if request.param == "shipped":
        return load(REPO, today=date.today())
    return request.getfixturevalue("grown").dataset
