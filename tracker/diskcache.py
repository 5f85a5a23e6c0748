"""Checked status files kept on disk, so that a new process starts warm.

One entry per status file, keyed on everything its check depends on: the file's name and
bytes, the registries and article texts it was checked against, today's date and the
tracker's own code. A changed input is a different key, so an entry is never stale.

Entries are pickled (the fastest way back to the typed models) and signed, body and name
together, with a key kept in the cache folder (mode 0700, key 0600): an entry that is
corrupt, truncated, written by another installation, tampered with or copied over another
entry's name fails its signature and is ignored and rebuilt, never unpickled. Only regular
files are read, opened without blocking: a FIFO or device in the folder is never waited on.
Writes go through a temporary file and a rename, so two processes can
share the folder. `TRACKER_CACHE=DIR` moves it; `TRACKER_CACHE=off` (or `--no-cache`)
turns it off.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import os
import pickle
import stat
import sys
from pathlib import Path
from typing import Any

from . import files

CACHE_ENV = "TRACKER_CACHE"
_OFF = ("off", "0", "no", "false", "none")
_MAC = 32


def default_folder() -> Path | None:
    """Where the cache lives: $TRACKER_CACHE, else the user's cache folder; None when off."""
    value = os.environ.get(CACHE_ENV, "").strip()
    if value.lower() in _OFF:
        return None
    if value:
        return Path(value)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "plan-tracker"


_CODE: str | None = None


def code_version() -> str:
    """A hash of the tracker's own source and of the Python and libraries that build its
    objects: new code, or an upgraded pydantic, never reads an old entry."""
    global _CODE
    if _CODE is None:
        import pydantic
        import yaml
        h = hashlib.blake2b(digest_size=16)
        h.update(f"{sys.version}|{pydantic.VERSION}|{yaml.__version__}".encode())
        here = Path(__file__).parent
        for path in source_files():
            h.update(path.relative_to(here).as_posix().encode() + b"\0" + path.read_bytes())
        _CODE = h.hexdigest()
    return _CODE


def source_files() -> list[Path]:
    """Every module of the tracker package, its subpackages' included (tracker/load/...)."""
    return sorted(Path(__file__).parent.rglob("*.py"))


class UnsafeCache(OSError):
    """The cache folder or its key could be written by someone else: the cache is not used."""


KEEP_DAYS = 14  # entries not read or written for this long are removed when a cache is opened


def _private(path: Path, kind: str) -> None:
    st = path.lstat()
    if (st.st_uid != os.geteuid() or st.st_mode & 0o077 or
            (kind == "dir" and not stat.S_ISDIR(st.st_mode)) or (kind == "file" and not stat.S_ISREG(st.st_mode))):
        raise UnsafeCache(f"{path} is not private to this user")


def _read_regular(path: Path) -> bytes:
    """A regular file's bytes; OSError for anything else. Opened without following a link and
    without blocking, so a FIFO or device put in the folder is refused, never waited on."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path} is not a regular file")
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


class DiskCache:
    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        _private(self.folder, "dir")  # an existing folder others can write is never trusted
        self.secret = self._secret()
        self._prune()

    def _secret(self) -> bytes:
        """The signing key: made once, atomically (written whole, then linked into place), so
        processes starting together all read the same full key."""
        path = self.folder / ".key"
        if not os.path.lexists(path):
            tmp = files.write_temp(self.folder, os.urandom(32), prefix=".key-", suffix="")
            try:
                os.link(tmp, path)
            except FileExistsError:
                pass  # another process linked its key first: use that one
            finally:
                files.discard(tmp)
        _private(path, "file")
        secret = _read_regular(path)
        if len(secret) != 32:  # cut short or overwritten: a new key (old entries then fail their check)
            tmp = files.write_temp(self.folder, os.urandom(32), prefix=".key-", suffix="")
            os.replace(tmp, path)
            secret = _read_regular(path)
            if len(secret) != 32:
                raise UnsafeCache(f"{path} is not a key this tracker wrote")
        return secret

    def _prune(self) -> None:
        import time
        old = time.time() - KEEP_DAYS * 86400
        try:
            for entry in self.folder.glob("*.bin"):
                if entry.stat().st_mtime < old:
                    entry.unlink(missing_ok=True)
        except OSError:
            pass

    def _path(self, key: tuple) -> Path:
        name = hashlib.sha256(repr((code_version(), key)).encode()).hexdigest()
        return self.folder / f"{name}.bin"

    def _mac(self, path: Path, body: bytes) -> bytes:
        """The entry's signature covers its name (which is its key) as well as its body, so an
        entry copied over another key's name fails it."""
        return hmac.new(self.secret, path.name.encode() + b"\0" + body, "sha256").digest()

    def get(self, key: tuple) -> Any | None:
        path = self._path(key)
        try:
            blob = _read_regular(path)
            os.utime(path)  # used: kept by the pruning
        except OSError:
            return None
        mac, body = blob[:_MAC], blob[_MAC:]
        if len(mac) != _MAC or not hmac.compare_digest(mac, self._mac(path, body)):
            path.unlink(missing_ok=True)  # corrupt, foreign or replayed: ignored, rebuilt on the next put
            return None
        try:
            return pickle.loads(body)
        except Exception:  # noqa: BLE001 - signed but unreadable (an older Python): rebuild
            path.unlink(missing_ok=True)
            return None

    def put(self, key: tuple, value: Any) -> None:
        body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        path = self._path(key)
        blob = self._mac(path, body) + body
        tmp = None
        try:
            tmp = files.write_temp(self.folder, blob, prefix=".entry-", sync=False)
            os.replace(tmp, path)
            tmp = None
        except OSError:  # a full disk or a read-only folder only costs the warm start
            files.discard(tmp)


def open_cache(folder: Path | None = None, enabled: bool = True) -> DiskCache | None:
    """The cache to use, or None (off, or its folder cannot be made)."""
    if not enabled:
        return None
    folder = folder or default_folder()
    if folder is None:
        return None
    try:
        return DiskCache(folder)
    except OSError as exc:  # UnsafeCache included: said once, so a cache that is off is not a silent mystery
        logging.getLogger(__name__).warning("the cache folder %s is not used (%s); every start is cold "
                                            "(fix or remove it, or set %s)", folder, exc, CACHE_ENV)
        return None
