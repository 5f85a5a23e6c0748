"""Shared fixtures: the shipped data, and small data roots made for one test."""
from __future__ import annotations

import os
import shutil
import textwrap
from datetime import date
from pathlib import Path

import pytest

from tracker.load import DEFAULT_ROOT, load

REPO = DEFAULT_ROOT
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
TODAY = date(2026, 1, 1)  # a fixed "today" so date checks do not drift


@pytest.fixture(scope="session")
def shipped():
    """The shipped dataset, loaded once."""
    return load(REPO)


@pytest.fixture
def make_root(tmp_path):
    """Copy the shipped plan and sources into a temporary root and add status files.

    ``make_root({"a.yaml": "...yaml..."})`` returns the root; texts are not found
    unless ``texts=`` names a folder.
    """
    def make(status: dict[str, str] | None = None, files: dict[str, str] | None = None) -> Path:
        root = tmp_path / "root"
        if root.exists():
            shutil.rmtree(root)
        for part in ("plan", "seeds"):
            shutil.copytree(REPO / part, root / part)
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
    monkeypatch.setenv("TRACKER_TEXTS", str(tmp_path / "absent"))


def texts_or_skip() -> Path:
    """The seed article texts; skip (outside CI only) when they are absent."""
    from tracker.texts import texts_dir
    folder = texts_dir(REPO)
    if folder is None or not any(folder.glob("*.txt")):
        if IN_CI:
            pytest.fail("article texts not found, and CI must check every locator "
                        "(expected ../shared/seeds or $TRACKER_TEXTS)")
        pytest.skip("article texts not found (../shared/seeds or $TRACKER_TEXTS); "
                    "locators cannot be checked on this machine")
    return folder
