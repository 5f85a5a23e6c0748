"""Grow a copy of the shipped data by one later report, the way an editor would: through the CLI.

Used by the ``grown`` fixture (conftest.py). Everything is written under a temporary folder:
the copy of plan/, seeds/ and status/, and a texts folder holding copies of the seed article
texts plus one short made-up article written here. The shipped data and texts are only read.
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

from helpers import REPO, ROOT_ENV, copy_record
from tracker.dates import TODAY_ENV
from tracker.load import Dataset, load
from tracker.status import status_as_of
from tracker.texts import TEXTS_ENV

POINT = 4  # all hostages back: the article below reports its last step
ARTICLE = """\
Test Wire: a made-up report written for the tracker's growth test
Mediators said on {day} that the remains of the last hostage held in Gaza had been handed over to Israel.
Officials in Cairo described the handover as the close of the hostage file under the plan.
Talks on the second phase, including the disarmament of Hamas, are due to resume next week.
This text was written for a software test and reports no real event.
"""
PARAGRAPH, PHRASE = 2, "remains of the last hostage"
NOTE = "A made-up test report says the hostage file is now closed."


@dataclass
class Grown:
    root: Path
    texts: Path
    day: date
    source_id: str
    point: int
    level_before: str
    level_after: str
    steps: dict[str, subprocess.CompletedProcess]
    dataset: Dataset

    def cli(self, *args: str) -> subprocess.CompletedProcess:
        """A command on the grown copy and its texts, against the real date."""
        return cli(*args, "--root", str(self.root), "--texts", str(self.texts))


def cli(*args: str) -> subprocess.CompletedProcess:
    """The CLI against the real date, with no data root or texts taken from the environment."""
    env = {k: v for k, v in os.environ.items() if k not in (TODAY_ENV, TEXTS_ENV, ROOT_ENV)}
    return subprocess.run([sys.executable, "-m", "tracker", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)


def grow(tmp: Path, seed_texts: Path) -> Grown:
    day = date.today()
    root = copy_record(tmp / "record", source=REPO)
    texts = tmp / "texts"
    texts.mkdir()
    for path in seed_texts.glob("*.txt"):  # copies: the reader refuses links that leave the folder
        shutil.copyfile(path, texts / path.name)
    source_id = f"test-wire-{day.isoformat()}"
    (texts / f"{source_id}.txt").write_text(ARTICLE.format(day=f"{day:%B} {day.day}"), encoding="utf-8")

    before = {s.id: s.level for s in status_as_of(load(root, texts, today=day), day)}[POINT]
    after = "full" if before != "full" else "unclear"
    where = ("--root", str(root), "--texts", str(texts))
    steps = {}
    steps["new-source"] = cli(
        "new-source", *where, "--date-basis", "A made-up date.", "--id", source_id, "--outlet", "Test Wire", "--label", "Test Wire", "--kind", "wire",
        "--headline", "Last hostage's remains handed over", "--date", day.isoformat(),
        "--file", f"{source_id}.txt", "--url", "https://example.org/wire/talks-resume",
        "--summary", "A short made-up article, written for the tests, on the end of the hostage file.")
    steps["new-update"] = cli(
        "new-update", *where, "--source", source_id, "--point", str(POINT), "--level", after,
        "--note", NOTE, "--paragraph", str(PARAGRAPH), "--phrase", PHRASE)
    steps["validate"] = cli("validate", *where)
    for name, out in steps.items():
        if out.returncode != 0:
            pytest.fail(f"growing the shipped data failed at `{name}` (exit {out.returncode}):\n"
                        f"{out.stdout}{out.stderr}")
    return Grown(root, texts, day, source_id, POINT, before, after, steps, load(root, texts, today=day))
