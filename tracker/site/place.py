"""Putting a built site in place: which folders publish may replace, the swap of the new site
for the old in one step, and the clean-up of what an interrupted publish left.

Publish removes only what it provably made. Its work folder beside the site is named
``.{site}.publish-XXXXXXXX`` (XXXXXXXX: eight characters from mkdtemp) and holds a marker file
written the moment the folder is made; the previous site moved aside is that name plus
``.old`` and holds the site marker. Nothing else, whatever its name, is ever removed, and
names are compared as strings, never as patterns.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import re
import shutil
import signal
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

MARKER = ".tracker-site"  # in every published site: the files it wrote
MARKER_TEXT = ("A site written by `python -m tracker publish`; publishing again replaces this folder.\n"
               "The files it wrote (publish refuses to replace a folder holding any other):\n")
WORK_MARKER = ".tracker-publish-work"  # in a work folder, from the moment it is made
WORK_TEXT = "A folder publish is writing a site into; removed when publish ends (or a day after a crash).\n"
LEFTOVER_DAYS = 1


class PublishError(Exception):
    pass


def written_before(out: Path) -> set[str]:
    """The files a previous publish wrote into out, from its marker (empty if none)."""
    try:
        lines = (out / MARKER).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return set()
    return {line[2:] for line in lines if line.startswith("- ")}


def check_target(out: Path) -> None:
    """Refuse any folder publish must not replace: it replaces only what it wrote itself."""
    if out.is_symlink():
        raise PublishError(f"{out} is a symbolic link; give the folder itself")
    if out.exists() and not out.is_dir():
        raise PublishError(f"{out} is a file; give a folder for the site")
    here = Path.cwd().resolve()
    if out.resolve() == here or out.resolve() in here.parents:
        raise PublishError(f"{out} is the folder you are in (or holds it); give a folder for the site")
    if out.is_dir() and os.path.ismount(out):
        raise PublishError(f"{out} is a mount point, which cannot be replaced in one step; publish into a folder "
                           f"inside it (e.g. {out / 'site'})")
    if not out.is_dir() or not any(out.iterdir()):
        return
    if not (out / MARKER).exists():
        raise PublishError(f"{out} is not empty and holds no site written by publish; give a new or empty "
                           "folder (publish replaces the whole folder)")
    known = written_before(out) | {MARKER}
    folders = {parent.as_posix() for rel in known for parent in PurePosixPath(rel).parents}  # theirs, and "."
    foreign = sorted(p.relative_to(out).as_posix() for p in out.rglob("*")
                     if ((p.is_file() or p.is_symlink()) and p.relative_to(out).as_posix() not in known)
                     or (p.is_dir() and not p.is_symlink() and p.relative_to(out).as_posix() not in folders))
    if foreign:
        shown = ", ".join(foreign[:5]) + (f" and {len(foreign) - 5} more" if len(foreign) > 5 else "")
        raise PublishError(f"{out} holds files publish did not write ({shown}); publishing would delete them. "
                           "Move them out, or publish into a new folder")


def _ours(out: Path) -> Iterator[tuple[Path, bool]]:
    """Folders beside out that a publish of out made: (path, is it a previous site moved aside)."""
    pattern = re.compile(r"\." + re.escape(out.name) + r"\.publish-[A-Za-z0-9_]{8}(\.old)?")
    try:
        entries = list(os.scandir(out.parent))
    except OSError:
        return
    for entry in entries:
        found = pattern.fullmatch(entry.name)
        if not found:
            continue
        try:
            if not stat.S_ISDIR(os.lstat(entry.path).st_mode):
                continue
        except OSError:
            continue
        old = found.group(1) is not None
        # a work folder holds the work marker while it is written and the site marker once finished;
        # after the one-step exchange it holds the previous site (site marker) until that is removed
        markers = (MARKER,) if old else (WORK_MARKER, MARKER)
        if any(os.path.isfile(os.path.join(entry.path, m)) for m in markers):
            yield Path(entry.path), old


def restore_interrupted(out: Path) -> Path | None:
    """A site moved aside by a publish killed before the new one took its place: put back
    (when out is missing), so a reader is never left without a site. Returns where it was."""
    if os.path.lexists(out):
        return None
    aside = sorted((p for p, old in _ours(out) if old), key=lambda p: p.stat().st_mtime, reverse=True)
    if not aside:
        return None
    aside[0].rename(out)
    return aside[0]


def sweep_leftovers(out: Path) -> list[Path]:
    """Remove what publishes of out made and left behind more than a day ago (killed with
    SIGKILL): only their own folders, recognised by exact name and marker."""
    cutoff = time.time() - LEFTOVER_DAYS * 86400
    removed = []
    for path, _ in list(_ours(out)):
        try:
            if path.stat().st_mtime < cutoff:
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
        except OSError:
            pass
    return removed


def make_work_folder(out: Path) -> Path:
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}.publish-", dir=out.parent))
    (work / WORK_MARKER).write_text(WORK_TEXT, encoding="utf-8")
    return work


def finish_work_folder(work: Path, files: list[str]) -> None:
    """The work folder made a site: its marker lists the files; the work marker goes."""
    (work / MARKER).write_text(MARKER_TEXT + "".join(f"- {f}\n" for f in files), encoding="utf-8")
    (work / WORK_MARKER).unlink()
    os.chmod(work, 0o755)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError, TypeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False  # a file system or kernel without it
    raise OSError(err, os.strerror(err), str(a))


@contextmanager
def _signals_held() -> Iterator[None]:
    """SIGTERM, SIGINT and SIGHUP wait until the block ends, then end the run as a KeyboardInterrupt.

    Python runs signal handlers in the main thread between two steps, whichever thread the signal
    reached, so a mask alone does not hold a handler back once the process has other threads:
    here the handlers themselves are replaced by one that only notes the signal. (Outside the main
    thread no handler can be set, and the block runs as it is.)"""
    held = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
    pending: list[int] = []
    try:
        previous = {s: signal.signal(s, lambda signum, frame: pending.append(signum)) for s in held}
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    if pending:
        raise KeyboardInterrupt


class SwappedThenInterrupted(Exception):
    """A signal came while the new site was being put in place; it is in place."""


def swap_in(work: Path, out: Path) -> None:
    """The swap and the removal of the previous site, with SIGTERM, SIGINT and SIGHUP held until
    both are done; a signal held meanwhile is then reported as SwappedThenInterrupted."""
    try:
        with _signals_held():
            _swap(work, out)
    except KeyboardInterrupt:
        raise SwappedThenInterrupted() from None


def _swap(work: Path, out: Path) -> None:
    """Put the finished work folder at out, the previous site (if any) removed: one atomic
    exchange where the system has it, else two renames no signal can come between (only a
    SIGKILL can; the next publish then puts the previous site back before anything else)."""
    if not os.path.lexists(out):
        work.rename(out)
        return
    if _exchange(work, out):  # work now holds the previous site
        shutil.rmtree(work, ignore_errors=True)
        return
    old = out.parent / f"{work.name}.old"
    out.rename(old)
    work.rename(out)
    shutil.rmtree(old, ignore_errors=True)
