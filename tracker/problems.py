"""A problem found in the data: where it is and what was expected."""
from __future__ import annotations

from dataclasses import dataclass

from .chars import printable


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int | None
    column: int | None
    message: str

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        # always one line, with no control character from a file name or the data
        return printable(f"{where}: {self.message}")


class DataError(Exception):
    """Raised by callers that need valid data and got problems instead."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
