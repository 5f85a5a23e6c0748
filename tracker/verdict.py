"""What `validate` answers, remembered for the whole record.

A :class:`Verdict` is the problems, the consistency warnings and the counts that `validate`
prints. It is kept in the disk cache under the record's fingerprint (every input by content,
see tracker.fingerprint), with today's date and the texts' folder, so an unchanged record is
answered without reading a single update. A changed file is a different fingerprint: the
record is loaded (each unchanged status file still comes from the per-file cache) and the
new verdict kept. A verdict is kept only when the record read the same before and after
loading it (no file's inode, size or times moved), so an edit made while `validate` runs is never
remembered as checked.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from . import dates, diskcache, texts
from .consistency import warnings as consistency_warnings
from .dataset import DEFAULT_ROOT, STATUS_DIR
from .fingerprint import record_fingerprint, stat_signature
from .load import load
from .log import paused_gc
from .problems import Problem
from .scaffold import placeholders

_DEFAULT = object()


@dataclass(frozen=True)
class Verdict:
    problems: tuple[Problem, ...]
    warnings: tuple[Problem, ...]  # computed only for a record without problems
    points: int
    actors: int
    sources: int
    updates: int
    drafts: int
    status_files: int
    texts_dir: Path | None
    to_fill: tuple[str, ...] = ()  # placeholders a new root still holds (tracker.scaffold)


def check(root: str | Path | None = None, texts_folder: str | Path | None = None,
          today: date | None = None, cache: Any = _DEFAULT) -> Verdict:
    """Validate a data root (as `load`), answering from the disk cache when nothing changed."""
    root = Path(root) if root else DEFAULT_ROOT
    today = today or dates.today()
    disk = diskcache.open_cache() if cache is _DEFAULT else cache
    folder = texts.texts_dir(root, texts_folder)
    with paused_gc():
        before = stat_signature(root, folder) if disk else None
        key = ("verdict", record_fingerprint(root, folder), str(folder), today) if disk else None
        if key is not None:
            found = disk.get(key)
            if isinstance(found, Verdict):
                return found
        ds = load(root, texts_folder, today, cache=disk)
        status = root / STATUS_DIR
        verdict = Verdict(tuple(ds.problems), () if ds.problems else tuple(consistency_warnings(ds)),
                          len(ds.points), len(ds.actors), len(ds.sources), len(ds.entries), len(ds.drafts),
                          len(list(status.glob("*.yaml"))) if status.is_dir() else 0, ds.texts_dir,
                          tuple(placeholders(ds)))
        if key is not None and stat_signature(root, folder) == before:  # nothing was written meanwhile
            disk.put(key, verdict)
    _last_record[:] = [ds]
    return verdict


# The record last checked, kept until the next check: freeing 100,000 updates object by object
# takes a second, which a `validate` process (it leaves without tearing down) need not spend.
_last_record: list = []
