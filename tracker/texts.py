"""Article texts: where they live and how paragraphs are numbered.

The texts are never part of the project. When a folder of them is present, evidence
locators are checked against it. A paragraph is a non-empty line: paragraph N is the
N-th non-empty line of the file, counted from 1.
"""
from __future__ import annotations

import os
from pathlib import Path

TEXTS_ENV = "TRACKER_TEXTS"


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def texts_dir(root: Path, override: str | os.PathLike | None = None) -> Path | None:
    """The folder of article texts: the override, $TRACKER_TEXTS, or ../shared/seeds."""
    for candidate in (override, os.environ.get(TEXTS_ENV), root / ".." / "shared" / "seeds"):
        if candidate and Path(candidate).is_dir():
            return Path(candidate).resolve()
    return None


def article_size(folder: Path, file_name: str) -> int | None:
    """The size of an article's text file, or None where there is no regular file to read."""
    path = (folder / file_name).resolve()
    if not path.is_relative_to(folder.resolve()) or not path.is_file():
        return None
    return path.stat().st_size


def read_article(folder: Path, file_name: str) -> list[str] | None:
    path = (folder / file_name).resolve()
    if not path.is_relative_to(folder.resolve()) or not path.is_file():
        return None
    return paragraphs(path.read_text(encoding="utf-8", errors="replace"))


def phrase_in(phrase: str, paragraph: str) -> bool:
    """Case- and quote-insensitive containment, with runs of spaces folded."""
    return " ".join(fold(phrase).split()) in " ".join(fold(paragraph).split())


_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2014": "-",
                         "\u2013": "-"})


def fold(s: str, lower: bool = True) -> str:
    """Curly quotes and dashes made plain (one character each, so positions are kept)."""
    s = s.translate(_QUOTES)
    return s.lower() if lower else s
