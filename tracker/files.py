"""Files on disk, the one home of their primitives: which data files may be read (never a
link, nothing outside the root), a folder lock, temporary files written whole for an atomic
rename, and an OSError in words."""
from __future__ import annotations

import errno
import fcntl
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def file_refusal(path: Path, real_root: Path) -> str | None:
    """Why a data file is not read (missing, a folder, a link, outside the data folder), or None."""
    if path.is_symlink():
        return ("is a symbolic link; data files must be regular files inside the data folder "
                "(not read, so nothing from its target is shown)")
    if not path.exists():
        return "file is missing"
    if path.is_dir():
        return "is a folder; expected a file"
    if not path.resolve().is_relative_to(real_root):
        return "lies outside the data folder (not read)"
    if not path.is_file():
        return "is not a regular file (not read)"
    return None


@contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """An exclusive lock on the folder, held by one writer at a time (across processes)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def write_temp(folder: Path, data: bytes, prefix: str, suffix: str = ".tmp", sync: bool = True) -> str:
    """Write data whole to a new temporary file in folder (the caller renames or links it into
    place, on the same file system) and return its path. On any error the file is gone."""
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=prefix, suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if sync:
                fh.flush()
                os.fsync(fh.fileno())
    except BaseException:
        discard(tmp)
        raise
    return tmp


def write_new(path: Path, data: bytes, replace: bool = False) -> None:
    """Write a file whole or not at all: a temporary file beside it, then linked into place
    (FileExistsError if something is already there) or, with `replace`, renamed over it.
    A full disk or a kill leaves the old file (or none) and no partial one."""
    path = Path(path)
    tmp = write_temp(path.parent, data, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(tmp, 0o666 & ~umask())
        if replace:
            os.replace(tmp, path)
            tmp = None
        else:
            os.link(tmp, path)
    finally:
        discard(tmp)


def discard(tmp: str | None) -> None:
    """Remove a temporary file we made, if it is still there."""
    if tmp and os.path.lexists(tmp):
        try:
            os.unlink(tmp)
        except OSError:
            pass


_WHY = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is used up",
        errno.EROFS: "the file system is read-only", errno.EACCES: "permission denied",
        errno.EPERM: "the operation is not permitted (is the file immutable or locked?)",
        errno.ENOENT: "its folder no longer exists", errno.EISDIR: "a folder is in the way"}


def why(exc: OSError) -> str:
    """An OSError in words a user can act on."""
    return _WHY.get(exc.errno, exc.strerror or str(exc))


def umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
