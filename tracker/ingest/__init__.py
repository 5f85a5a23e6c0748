"""A first draft of status updates from a plain-text article, for a person to review.

Matching is on our own vocabulary: each point's lexicon in plan/points.yaml, the actors'
names and aliases in plan/actors.yaml, and the cue words in `cues`. Nothing here is fact until
an analyst accepts it: the draft is marked `draft: true`, each field carries a comment
saying how sure it is, and notes say they are machine-made.

This module is the facade: it re-exports the names used outside the package. The stages, in
the order a draft goes through them:

- `boilerplate`: page furniture left out before matching
- `dating`: dates in the text, and the guess of the report's day
- `matching`: the points and actors the text names (`Match`, the points' vocabulary)
- `cues`: what each sentence says happened (`Fact`, `classify`, `span`, background, blocker category)
- `draft`: one point's draft (`PointDraft`, `DraftContext`, `draft_point`)
- `article`: the whole draft of an article (`Draft`, `ingest`)
- `output`: the draft as a status file (`to_yaml`) and as a report for the analyst (`report`)
- `evaluation`: the harness measuring drafts against the reviewed dataset, for tests and
  benchmarks only; loaded on first use of `evaluate`, `measure` or `Measure`, not on import
"""
from __future__ import annotations

import importlib

from .article import MAX_ARTICLE, MAX_PARAGRAPH, MAX_PARAGRAPHS, ArticleTooLong, Draft, ingest
from .boilerplate import boilerplate
from .cues import Fact, blocker_category, classify, is_background, numbers_in
from .dating import explicit_dates, guess_date, weekday_before
from .output import report, to_yaml

# the evaluation harness, kept off the runtime path (PEP 562): loaded on first use of one of
# its names. Its module is `evaluation`, so no submodule ever shadows the function `evaluate`.
_HARNESS = ("evaluate", "measure", "Measure")

__all__ = [
    "MAX_ARTICLE",
    "MAX_PARAGRAPH",
    "MAX_PARAGRAPHS",
    "ArticleTooLong",
    "Draft",
    "Fact",
    "blocker_category",
    "boilerplate",
    "classify",
    "explicit_dates",
    "guess_date",
    "ingest",
    "is_background",
    "numbers_in",
    "report",
    "to_yaml",
    "weekday_before",
    *_HARNESS,
]


def __getattr__(name: str) -> object:
    if name in _HARNESS:
        harness = importlib.import_module(".evaluation", __name__)
        for n in _HARNESS:
            globals()[n] = getattr(harness, n)
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HARNESS))
