"""One digest of everything a data root's record is read from, by content.

Every entry of the data folders (plan/, seeds/, status/, reviews/) and of the article texts'
folder counts: a regular file by its name and bytes, a link by its target and what it
points to, anything else (a folder, a FIFO, a socket) by its name and kind, never opened.
Two roots with the same digest read as the same record, whatever their files' sizes and
modification times say; a file edited with its size and time kept is a different digest.
"""
from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from .dataset import DATA_DIRS
from .yamlsafe import MAX_BYTES

_CHUNK = 1 << 20


def record_fingerprint(root: Path, texts_dir: Path | None) -> str:
    """The digest of every input of `load(root)` with these texts (hex, 32 characters)."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"max-bytes={MAX_BYTES}\0".encode())
    for name in DATA_DIRS:
        _folder(h, root / name, f"{name}/")
    if texts_dir is not None:
        h.update(f"texts={texts_dir}\0".encode())
        _folder(h, texts_dir, "texts/")
    return h.hexdigest()


def stat_signature(root: Path, texts_dir: Path | None) -> tuple:
    """Every input's name, inode, size and modification time: cheap to take, and different
    after any write, so taken before and after a load it tells whether the files changed
    while they were read."""
    out = []
    for folder in (*(root / name for name in DATA_DIRS), *([texts_dir] if texts_dir else [])):
        try:
            with os.scandir(folder) as it:
                for entry in it:
                    try:
                        st = entry.stat()
                        out.append((entry.path, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns))
                    except OSError:
                        out.append((entry.path, None))
        except OSError:
            out.append((str(folder), None))
    return tuple(sorted(out, key=repr))


def _folder(h, folder: Path, label: str) -> None:
    try:
        names = sorted(os.listdir(folder))
    except OSError as exc:
        h.update(f"{label}: unreadable {type(exc).__name__}\0".encode())
        return
    for name in names:
        path = folder / name
        h.update(f"{label}{name}\0".encode("utf-8", "surrogateescape"))
        try:
            st = os.lstat(path)
            if stat.S_ISLNK(st.st_mode):
                h.update(b"link:" + os.fsencode(os.readlink(path)) + b"\0")
        except OSError:
            h.update(b"gone\0")
            continue
        _content(h, path)


def _content(h, path: Path) -> None:
    """A regular file's bytes (through a link, as the reader would follow it); else its kind."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO opened this way never blocks
    except OSError as exc:
        h.update(f"unopenable {type(exc).__name__}\0".encode())
        return
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            h.update(f"kind {stat.S_IFMT(st.st_mode)}\0".encode())
            return
        if st.st_size > MAX_BYTES:  # never read: the loader reports its size only
            h.update(f"size {st.st_size}\0".encode())
            return
        h.update(f"file {st.st_size}\0".encode() + _digest(fd, st) + b"\0")
    finally:
        os.close(fd)


# A file's content digest, remembered by its identity and every time the kernel keeps: a
# write changes the change time (ctime), which no program can set back (touch and utime set
# only the access and modification times), so an edit that keeps size and mtime is read again.
_DIGESTS: dict[tuple, bytes] = {}


def _digest(fd: int, st: os.stat_result) -> bytes:
    key = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    found = _DIGESTS.get(key)
    if found is None:
        d = hashlib.blake2b(digest_size=16)
        while chunk := os.read(fd, _CHUNK):
            d.update(chunk)
        if len(_DIGESTS) > 100_000:
            _DIGESTS.clear()
        found = _DIGESTS[key] = d.digest()
    return found
