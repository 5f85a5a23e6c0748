"""CSV the one way every download is written: a header, the rows, and every cell defused.

A spreadsheet runs text that starts with =, +, -, @, a tab or a carriage return as a
formula (`=HYPERLINK(...)` in a point title or a note would come out live), so such text gets
a leading apostrophe (OWASP's advice for CSV injection). Numbers are left as they are.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

FORMULA = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """A CSV cell: None is empty; text a spreadsheet would run as a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA):
        return "'" + value
    return value


def to_csv(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(columns)
    w.writerows([cell(v) for v in row] for row in rows)
    return out.getvalue()
