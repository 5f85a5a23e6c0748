"""Release versions: MAJOR.MINOR.PATCH, with an optional pre-release tag (1.0.0, 1.1.0-rc.1).
A leaf: the command line checks a version before anything is read."""
from __future__ import annotations

import re

VERSION_RE = re.compile(r"\d+\.\d+\.\d+(?:-[0-9A-Za-z][0-9A-Za-z.]*)?")


def version_problem(text: str) -> str | None:
    """Why text is not a release version, or None."""
    if VERSION_RE.fullmatch(text):
        return None
    return f"{text!r} is not a version: give MAJOR.MINOR.PATCH, e.g. 1.0.0 (or 1.0.0-rc.1)"
