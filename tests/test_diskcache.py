"""The disk cache of checked status files: a new process starts warm, and is never stale."""
from __future__ import annotations

import os
import subprocess
import sys

from helpers import REPO, TODAY, fixture_status
from tracker import diskcache
from tracker import load as load_module
from tracker.load import load


def fresh(root, cache):
    """A load as a new process would do it: nothing in memory, only what is on disk."""
    load_module._STATUS_CACHE.clear()
    return load(root, today=TODAY, cache=cache)


def same(a, b):
    assert [str(p) for p in a.problems] == [str(p) for p in b.problems]
    assert [(e.ref, e.file, e.line, e.update) for e in a.entries] == [(e.ref, e.file, e.line, e.update)
                                                                      for e in b.entries]


def test_a_warm_load_equals_a_cold_one_and_follows_every_change(make_root, no_texts, tmp_path):
    root = make_root(fixture_status())
    cache = diskcache.DiskCache(tmp_path / "cache")
    cold = fresh(root, None)
    same(fresh(root, cache), cold)  # fills the cache
    assert len(list((tmp_path / "cache").glob("*.bin"))) == 5
    same(fresh(root, cache), cold)  # read back
    path = root / "status" / "miami-summit-2025-12-19.yaml"
    path.write_text(path.read_text().replace("level: unclear", "level: uncertain", 1))
    changed = fresh(root, cache)
    assert any("'uncertain'" in str(p) for p in changed.problems)  # the file's bytes are in the key
    actors = root / "plan" / "actors.yaml"
    actors.write_text(actors.read_text().replace("  - id: hamas\n", "  - id: hamas-movement\n", 1))
    assert any("unknown actor 'hamas'" in str(p) for p in fresh(root, cache).problems)  # so are the registries
    assert any("in the future" in str(p) for p in load(root, today=TODAY.replace(year=2025, month=10, day=4),
                                                        cache=cache).problems)  # and today


def test_corrupt_or_foreign_entries_are_ignored_and_rebuilt(make_root, no_texts, tmp_path):
    root = make_root(fixture_status())
    cache = diskcache.DiskCache(tmp_path / "cache")
    cold = fresh(root, cache)
    entries = sorted((tmp_path / "cache").glob("*.bin"))
    entries[0].write_bytes(b"\x00" * 10)  # truncated
    entries[1].write_bytes(entries[1].read_bytes()[:-5] + b"XXXXX")  # tampered
    diskcache.DiskCache(tmp_path / "other")  # another installation has its own key
    assert (tmp_path / "other" / ".key").read_bytes() != (tmp_path / "cache" / ".key").read_bytes()
    entries[2].write_bytes(b"\x01" * 32 + entries[2].read_bytes()[32:])  # signed with another key
    same(fresh(root, cache), cold)
    assert len(list((tmp_path / "cache").glob("*.bin"))) == 5  # rebuilt


def test_the_cache_can_be_turned_off_and_two_processes_share_it(make_root, no_texts, tmp_path, monkeypatch):
    root = make_root(fixture_status())
    folder = tmp_path / "shared-cache"
    env = {"TRACKER_CACHE": str(folder), "TRACKER_TODAY": TODAY.isoformat(), "TRACKER_TEXTS": str(tmp_path / "none")}
    procs = [subprocess.Popen([sys.executable, "-m", "tracker", "validate", "--root", str(root)], cwd=REPO,
                              env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(3)]
    assert all(p.wait(120) == 0 for p in procs), [p.stderr.read() for p in procs]
    # one entry per status file, and the whole record's verdict (tracker.verdict)
    assert len(list(folder.glob("*.bin"))) == 5 + 1 and not list(folder.glob(".entry-*"))
    off = subprocess.run([sys.executable, "-m", "tracker", "validate", "--root", str(root), "--no-cache"], cwd=REPO,
                         env={**os.environ, **env, "TRACKER_CACHE": str(tmp_path / "unused")}, capture_output=True,
                         text=True, timeout=120)
    assert off.returncode == 0 and not (tmp_path / "unused").exists()
    monkeypatch.setenv("TRACKER_CACHE", "off")
    assert diskcache.open_cache() is None


def test_generated_data_is_valid(tmp_path, no_texts):
    """What the benchmarks measure is a valid record (python -m tracker synth)."""
    from tracker import synth
    root = synth.write(tmp_path / "synth", 250)
    ds = load(root, cache=None)
    assert ds.problems == [] and len(ds.entries) == 250


def test_the_key_is_made_once_and_an_unsafe_cache_is_not_used(tmp_path):
    folder = tmp_path / "c"
    first, second = diskcache.DiskCache(folder), diskcache.DiskCache(folder)
    assert first.secret == second.secret and len(first.secret) == 32
    (folder / ".key").write_bytes(b"x" * 31)  # cut short or overwritten: replaced by a new key
    (folder / ".key").chmod(0o600)
    repaired = diskcache.open_cache(folder)
    assert repaired is not None and len(repaired.secret) == 32 and repaired.secret != first.secret
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o777)
    shared.chmod(0o777)  # others may write here: never trusted
    assert diskcache.open_cache(shared) is None


def test_the_code_version_covers_every_subpackage():
    # the checks of a status file live in tracker/load/: changing them must start a new cache
    names = {p.relative_to(REPO / "tracker").as_posix() for p in diskcache.source_files()}
    assert {"load/updates.py", "load/status_files.py", "log.py", "site/build.py"} <= names


def test_the_log_order_kept_from_the_checks_is_the_one_order(make_root, no_texts):
    """The validator's replay sorts the log once and hands its order to the dataset; it must be
    the order tracker.log gives (drafts left out), whatever the files' order on disk."""
    from tracker.log import log_order, order_entries
    root = make_root(fixture_status())
    ds = fresh(root, None)
    assert ds.log_memo is not None and len(ds.entries) > 10
    assert log_order(ds) == order_entries(ds.entries, ds.sources)
    assert [e.date for e in log_order(ds)] == sorted(e.date for e in ds.entries)


def test_an_entry_copied_over_another_keys_name_is_refused(make_root, no_texts, tmp_path):
    """A replayed entry (the signed check of a file's valid version put under the name of its
    invalid version) fails the signature, which covers the name: the file is checked again."""
    root = make_root(fixture_status())
    cache = diskcache.DiskCache(tmp_path / "cache")
    path = root / "status" / "miami-summit-2025-12-19.yaml"
    good = path.read_text()
    before = set((tmp_path / "cache").glob("*.bin"))
    fresh(root, cache)
    good_entries = set((tmp_path / "cache").glob("*.bin")) - before
    path.write_text(good.replace("level: unclear", "level: uncertain", 1))
    assert any("'uncertain'" in str(p) for p in fresh(root, cache).problems)
    bad_entry = (set((tmp_path / "cache").glob("*.bin")) - before - good_entries).pop()
    good_entry = next(e for e in good_entries if e.read_bytes() != bad_entry.read_bytes() and
                      b"miami-summit" in e.read_bytes())
    bad_entry.write_bytes(good_entry.read_bytes())  # the replay
    assert any("'uncertain'" in str(p) for p in fresh(root, cache).problems)


def test_a_fifo_in_the_cache_folder_is_never_waited_on(make_root, tmp_path):
    """In place of the key or of an entry, a FIFO would block a reader forever: the cache is
    off (key) or the entry a miss (entry). Run in child processes, so a regression fails on its
    timeout instead of hanging the suite."""
    root = make_root(fixture_status())
    env = {**os.environ, "TRACKER_TEXTS": str(tmp_path / "none"), "TRACKER_TODAY": TODAY.isoformat()}
    keyed = tmp_path / "keyed"
    keyed.mkdir(mode=0o700)
    os.mkfifo(keyed / ".key", 0o600)
    entries = tmp_path / "entries"
    run = [sys.executable, "-m", "tracker", "validate", "--root", str(root)]
    assert subprocess.run(run, cwd=REPO, env={**env, "TRACKER_CACHE": str(entries)}, capture_output=True,
                          timeout=120).returncode == 0
    for entry in entries.glob("*.bin"):
        entry.unlink()
        os.mkfifo(entry, 0o600)
    for folder in (keyed, entries):
        out = subprocess.run(run, cwd=REPO, env={**env, "TRACKER_CACHE": str(folder)}, capture_output=True,
                             text=True, timeout=60)
        assert out.returncode == 0 and "valid: 20 points" in out.stderr, out.stderr


def test_a_cache_that_cannot_be_used_says_so(tmp_path, caplog):
    folder = tmp_path / "c"
    folder.mkdir(mode=0o700)
    (folder / ".key").mkdir()  # a folder where the key belongs: never removed, never used
    assert diskcache.open_cache(folder) is None
    assert any("is not used" in r.getMessage() and "every start is cold" in r.getMessage() for r in caplog.records)
    assert (folder / ".key").is_dir()
