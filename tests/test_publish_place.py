"""Where publish puts a site: it removes only folders it provably made, swaps the new site in
with no moment without one, and puts back a site an interrupted publish left aside."""
from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from tracker.site import place
from tracker.site.place import MARKER, WORK_MARKER, PublishError


def folder(path: Path, *files: str, days_old: float = 2) -> Path:
    path.mkdir(parents=True)
    for name in files:
        (path / name).write_text("x\n")
    then = time.time() - days_old * 86400
    os.utime(path, (then, then))
    return path


@pytest.mark.parametrize("name", ["site", "*", "[ab]", "a.b"])
def test_only_folders_a_publish_made_are_swept(tmp_path, name):
    out = tmp_path / name
    others = [
        folder(tmp_path / f".{name}.backup-2025", "index.html"),  # a user's backup beside the site
        folder(tmp_path / f".{name}.d", "extra.conf"),
        folder(tmp_path / ".ssh.old", "id_rsa"),  # anything hidden in the parent
        folder(tmp_path / ".backup.2024", "thesis.txt"),
        folder(tmp_path / f".{name}.publish-abcdefgh"),  # our name, but no marker of ours
        folder(tmp_path / f".{name}.publish-abcdefgh.old", "index.html"),
        folder(tmp_path / f".{name}.publish-abc", WORK_MARKER),  # our marker, not our exact name
        folder(tmp_path / f".{name}.publish-young123", WORK_MARKER, days_old=0.5),  # a publish running now
    ]
    ours = [folder(tmp_path / f".{name}.publish-k1l2m3n4", WORK_MARKER),
            folder(tmp_path / f".{name}.publish-q_rstuvw.old", MARKER, "index.html"),
            # a finished work folder, or the previous site after the exchange, killed before removal
            folder(tmp_path / f".{name}.publish-z9y8x7w6", MARKER, "index.html")]
    removed = place.sweep_leftovers(out)
    assert sorted(removed) == sorted(ours)
    assert all(p.exists() for p in others) and not any(p.exists() for p in ours)
    assert (tmp_path / ".ssh.old" / "id_rsa").read_text() == "x\n"


def test_a_site_left_aside_by_an_interrupted_publish_is_put_back(tmp_path):
    out = tmp_path / "site"
    aside = folder(tmp_path / ".site.publish-abcdefgh.old", MARKER, "index.html", days_old=0)
    assert place.restore_interrupted(out) == aside
    assert (out / "index.html").exists() and not aside.exists()
    assert place.restore_interrupted(out) is None  # a site is there: nothing to do


def built(tmp_path: Path, text: str) -> Path:
    out = tmp_path / "site"
    work = place.make_work_folder(out)
    (work / "index.html").write_text(text)
    place.finish_work_folder(work, ["index.html"])
    assert not (work / WORK_MARKER).exists()
    return work


@pytest.mark.parametrize("exchange", [True, False], ids=["one exchange", "two renames"])
def test_the_new_site_replaces_the_old_with_nothing_left(tmp_path, monkeypatch, exchange):
    if not exchange:
        monkeypatch.setattr(place, "_exchange", lambda a, b: False)  # a system without renameat2
    out = tmp_path / "site"
    place.swap_in(built(tmp_path, "first"), out)
    place.swap_in(built(tmp_path, "second"), out)
    assert (out / "index.html").read_text() == "second"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_no_signal_lands_between_the_two_renames(tmp_path, monkeypatch):
    """Where the swap takes two renames, a SIGTERM sent between them waits until both are done,
    and is then reported as such: the reader always has a site. (Python runs handlers in the main
    thread whatever thread the signal reaches, so this holds with other threads running too.)"""
    import threading
    monkeypatch.setattr(place, "_exchange", lambda a, b: False)
    out = tmp_path / "site"
    place.swap_in(built(tmp_path, "first"), out)
    work = built(tmp_path, "second")
    real = Path.rename
    seen = []
    idle = threading.Event()
    other = threading.Thread(target=idle.wait, daemon=True)  # a second thread, as a real process may have
    other.start()

    def rename(self, target):
        result = real(self, target)
        if not seen:  # right after the previous site is moved aside
            seen.append(out.exists())
            os.kill(os.getpid(), signal.SIGTERM)
            seen.append("sent")
        return result

    def stop(signum, frame):
        seen.append("handler ran")
        raise KeyboardInterrupt
    previous = signal.signal(signal.SIGTERM, stop)
    monkeypatch.setattr(Path, "rename", rename)
    try:
        with pytest.raises(place.SwappedThenInterrupted):  # said as such: the new site is in place
            place.swap_in(work, out)
        assert signal.getsignal(signal.SIGTERM) is stop  # the caller's handler is back
    finally:
        signal.signal(signal.SIGTERM, previous)
        idle.set()
    assert seen == [False, "sent"]  # the caller's handler never ran in the window
    assert (out / "index.html").read_text() == "second"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_mount_point_is_refused_with_a_way_out(tmp_path, monkeypatch):
    out = tmp_path / "mnt"
    out.mkdir()
    monkeypatch.setattr(place.os.path, "ismount", lambda p: Path(p) == out)
    with pytest.raises(PublishError, match="mount point.*publish into a folder inside it"):
        place.check_target(out)


def test_a_restored_folder_is_checked_like_any_site(tmp_path):
    """A folder put back as an interrupted publish's previous site is refused if it holds files
    publish did not write: nothing of the user's is deleted."""
    from helpers import FIXTURE, TODAY
    from tracker.load import load
    from tracker.site.build import publish
    aside = folder(tmp_path / ".site.publish-backup01.old", MARKER, "index.html", "thesis.txt", days_old=0)
    ds = load(FIXTURE, today=TODAY, texts_folder=FIXTURE / "absent", cache=None)
    with pytest.raises(PublishError, match="holds files publish did not write"):
        publish(ds, tmp_path / "site", TODAY)
    assert (tmp_path / "site" / "thesis.txt").exists() and not aside.exists()
