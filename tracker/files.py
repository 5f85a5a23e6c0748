"""Files of a data root on disk: which may be read (never a link, nothing outside the root)."""
from __future__ import annotations

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
