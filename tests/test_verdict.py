"""`validate`'s answer kept for the whole record: an unchanged record is answered without
loading it, and any change to any input, however it hides, is a new answer."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from helpers import REPO, TODAY, fixture_status, run_cli
from tracker import diskcache, verdict
from tracker import load as load_module
from tracker.fingerprint import record_fingerprint


@pytest.fixture
def counted(monkeypatch):
    """How many times `check` had to load the record."""
    calls = []
    real = verdict.load

    def load(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)
    monkeypatch.setattr(verdict, "load", load)
    return calls


def check(root, cache):
    load_module._STATUS_CACHE.clear()  # as a new process: only what is on disk
    return verdict.check(root, today=TODAY, cache=cache)


def test_an_unchanged_record_is_answered_without_loading_it(make_root, no_texts, tmp_path, counted):
    root = make_root(fixture_status())
    cache = diskcache.DiskCache(tmp_path / "cache")
    first = check(root, cache)
    assert first.updates > 0 and not first.problems
    again = check(root, cache)
    assert again == first and len(counted) == 1
    assert check(root, None) == first and len(counted) == 2  # no cache: loaded, same answer
    other_day = verdict.check(root, today=TODAY.replace(day=2), cache=cache)
    assert len(counted) == 3 and other_day.updates == first.updates  # today is part of the key


def test_an_edit_that_keeps_the_size_and_time_is_seen(make_root, no_texts, tmp_path, counted):
    root = make_root(fixture_status())
    cache = diskcache.DiskCache(tmp_path / "cache")
    assert not check(root, cache).problems
    path = root / "status" / "miami-summit-2025-12-19.yaml"
    st = path.stat()
    text = path.read_text()
    edited = text.replace("level: unclear", "level: unclean", 1)
    assert edited != text and len(edited) == len(text)
    path.write_text(edited)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size and path.stat().st_mtime_ns == st.st_mtime_ns
    found = check(root, cache)
    assert any("'unclean'" in p.message for p in found.problems), found.problems
    assert len(counted) == 2


def test_a_change_to_any_input_changes_the_fingerprint(make_root, tmp_path):
    root = make_root(fixture_status())
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "a.txt").write_text("One paragraph.\n")
    seen = {record_fingerprint(root, texts)}
    changes = [
        lambda: (texts / "a.txt").write_text("One paragraph!\n"),  # an article's text
        lambda: (root / "reviews" / "round.yaml").write_text("round: {}\n"),  # a new review file
        lambda: (root / "status" / ".hidden.yaml").write_text("x: 1\n"),  # even a file not read
        lambda: (root / "status" / "sub").mkdir(),  # a folder where a file belongs
        lambda: (root / "plan" / "plan.yaml").write_text((root / "plan" / "plan.yaml").read_text() + "\n"),
    ]
    for change in changes:
        (root / "reviews").mkdir(exist_ok=True)
        change()
        seen.add(record_fingerprint(root, texts))
    assert len(seen) == len(changes) + 1
    assert record_fingerprint(root, texts) in seen and record_fingerprint(root, None) not in seen


def test_a_fifo_among_the_inputs_is_never_opened_for_reading(make_root, tmp_path):
    """A FIFO would block a reader forever; the fingerprint names it and moves on (in a child
    process, so a regression fails on its timeout instead of hanging the suite)."""
    root = make_root(fixture_status())
    os.mkfifo(root / "status" / "pipe.yaml")
    texts = tmp_path / "texts"
    texts.mkdir()
    os.mkfifo(texts / "article.txt")
    code = ("import sys; from pathlib import Path; from tracker.fingerprint import record_fingerprint; "
            "print(record_fingerprint(Path(sys.argv[1]), Path(sys.argv[2])))")
    out = subprocess.run([sys.executable, "-c", code, str(root), str(texts)], cwd=REPO, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0 and len(out.stdout.strip()) == 32, out.stderr


def test_a_verdict_is_not_kept_when_a_file_changes_while_the_record_is_read(make_root, no_texts, tmp_path,
                                                                             monkeypatch):
    root = make_root(fixture_status())
    cache = diskcache.DiskCache(tmp_path / "cache")
    path = root / "status" / "miami-summit-2025-12-19.yaml"
    real = verdict.load

    def load_then_edit(*args, **kwargs):
        ds = real(*args, **kwargs)
        path.write_text(path.read_text().replace("level: unclear", "level: unclean", 1))
        return ds
    monkeypatch.setattr(verdict, "load", load_then_edit)
    assert not check(root, cache).problems  # the record as it was read
    monkeypatch.setattr(verdict, "load", real)
    assert any("'unclean'" in p.message for p in check(root, cache).problems)


def test_validate_prints_the_same_from_the_cache(make_root, no_texts, tmp_path):
    root = make_root(fixture_status())
    (root / "status" / "bad.yaml").write_text("source: nowhere\nupdates: []\n")
    env = {"TRACKER_CACHE": str(tmp_path / "cache")}
    first = run_cli(root, "validate", env=env)
    second = run_cli(root, "validate", env=env)
    assert first.returncode == second.returncode == 1
    assert "unknown source 'nowhere'" in first.stdout
    assert (first.stdout, first.stderr) == (second.stdout, second.stderr)
