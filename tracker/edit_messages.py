"""Saying where a problem of an unwritten entry is: the key of the new entry a problem's line
falls in, and its message said by field (for the Add update form and `new-update`)."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .problems import Problem

if TYPE_CHECKING:
    from .editing import EditResult


def field_of(problem: Problem, result: EditResult) -> str | None:
    """The key of the new entry that a problem's line falls in (e.g. 'note', 'evidence')."""
    if problem.line is None or result.line is None:
        return None
    lines = result.text.splitlines()
    key = None
    for n in range(result.line, min(problem.line, result.line + result.lines - 1) + 1):
        m = re.match(r"^\s*(?:- )?([a-z_]+):", lines[n - 1]) if n - 1 < len(lines) else None
        if m and lines[n - 1].index(m.group(1)) <= _key_column(lines[result.line - 1]):
            key = m.group(1)
    return key


def explain(problem: Problem, result: EditResult) -> tuple[str | None, str]:
    """A problem inside an unwritten entry, said by field: the key it falls in (None for the
    entry as a whole, e.g. a missing field) and the message without its `updates[N].` path."""
    key = field_of(problem, result)
    message = re.sub(r"^(updates|sources)\[\d+\](\.\[?[\w-]+\]?(\[\d+\])?)*:\s*", "", problem.message)
    if problem.line == result.line and key in ("id", None) and "id" not in message.split(":")[0]:
        key = None  # reported at the entry's first line: about the whole entry, not its id
    return key, message


def _key_column(first_line: str) -> int:
    return len(first_line) - len(first_line.lstrip(" -"))
