"""The pytest fixtures (what tests share besides fixtures is in ``helpers.py``).

Behaviour tests run on ``tests/fixtures/record`` (a frozen copy of the data with five
reports, the latest of 19 December 2025) with "today" fixed at ``TODAY``. The shipped data
is tested only in ``test_dataset.py`` (and its CLI twin), through the ``record`` fixture:
the shipped data as it is, and a copy grown by one later report (``growth.py``), both
against the real date.
"""
from __future__ import annotations

import os
import shutil
import textwrap
from datetime import date
from pathlib import Path

import pytest

from helpers import FIXTURE, PLANS, REPO, ROOT_ENV, TODAY, copy_record, texts_or_skip
from tracker.dates import TODAY_ENV
from tracker.load import load
from tracker.texts import TEXTS_ENV


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


@pytest.fixture(params=sorted(PLANS))
def any_plan(request, tmp_path, monkeypatch):
    """Each fixture plan in turn (helpers.PLANS: the record, the invented harbour accord): a copy
    in tmp as $TRACKER_ROOT, its today fixed and its texts (or none). Returns (plan, root)."""
    plan = PLANS[request.param]
    root = copy_record(tmp_path / plan.name, plan.root)
    for key, value in plan.env(tmp_path / "absent-texts").items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv(ROOT_ENV, str(root))
    return plan, root


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
