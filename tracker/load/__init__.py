"""Read a data root (plan/, seeds/, status/, reviews/) into a validated :class:`Dataset`.

Everything valid is kept; everything invalid becomes a :class:`Problem` naming file,
line and what was expected, and all problems are collected in one pass.

The package, by stage: ``loader`` (the pass and the checks it shares), ``registries``
(plan, points, actors, sources), ``status_files`` (status/*.yaml and their cache),
``updates`` (one update's cross-references), ``log_checks`` (across files), ``reviews``,
``messages`` (errors in plain words). This facade keeps the names callers import.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from .. import dates, diskcache
from ..dataset import (
    ACTORS_FILE,
    DATA_DIRS,
    DEFAULT_ROOT,
    PLAN_FILE,
    POINTS_FILE,
    REVIEWS_DIR,
    SOURCES_FILE,
    STATUS_DIR,
    Dataset,
    Entry,
    ReviewEntry,
)
from ..files import file_refusal
from ..log import paused_gc
from ..problems import Problem
from .loader import Loader
from .messages import _num, actor_by_name, kind_of
from .status_files import _STATUS_CACHE, _not_a_status_file

__all__ = [
    "ACTORS_FILE", "DATA_DIRS", "DEFAULT_ROOT", "PLAN_FILE", "POINTS_FILE", "REVIEWS_DIR", "SOURCES_FILE",
    "STATUS_DIR", "Dataset", "Entry", "Loader", "ReviewEntry", "actor_by_name", "file_refusal", "kind_of",
    "load", "validate", "_STATUS_CACHE", "_not_a_status_file", "_num",
]

_DEFAULT = object()


def load(root: str | Path | None = None, texts_folder: str | Path | None = None,
         today: date | None = None, overlay: dict[str, str] | None = None, cache: Any = _DEFAULT) -> Dataset:
    """Read and validate a data root. `overlay` maps relative paths to texts that stand in
    for (or add to) the files on disk: how an edit is checked before it is written. `cache`
    is a DiskCache of checked status files (default: the user's, see tracker.diskcache;
    None: off)."""
    root = Path(root) if root else DEFAULT_ROOT
    with paused_gc():
        return Loader(root, texts_folder, today or dates.today(),
                      overlay={rel: text.encode("utf-8") for rel, text in (overlay or {}).items()},
                      disk=diskcache.open_cache() if cache is _DEFAULT else cache).run()


def validate(root: str | Path | None = None, **kwargs: Any) -> list[Problem]:
    return load(root, **kwargs).problems
