"""The record as loaded: :class:`Entry` (one logged update), :class:`ReviewEntry`,
:class:`Dataset`, and where a data root keeps its files.

A leaf of the read stage: it imports only the typed models, so ``load`` (which builds a
Dataset) and ``status``/``log`` (which read one) both import downward from here.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .model import Actor, Finding, Phase, Plan, Point, Review, ReviewRound, Source, Update
from .problems import Problem

DEFAULT_ROOT = Path(__file__).resolve().parent.parent  # the repository's own data
PLAN_FILE = "plan/plan.yaml"
POINTS_FILE = "plan/points.yaml"
ACTORS_FILE = "plan/actors.yaml"
SOURCES_FILE = "seeds/sources.yaml"
STATUS_DIR = "status"
REVIEWS_DIR = "reviews"
# Every folder of a data root whose files the record is read from, in reading order.
DATA_DIRS: tuple[str, ...] = ("plan", "seeds", STATUS_DIR, REVIEWS_DIR)


@dataclass(frozen=True)
class Entry:
    """One status update as logged: the update, its source and where it is written."""

    update: Update
    source: str
    file: str
    line: int
    seq: int  # position in load order; breaks ties between updates of the same date
    resolve_at: tuple[tuple[int, int], ...] = field(default=(), compare=False)  # line, column of each `resolves` id

    @property
    def date(self) -> date:
        return self.update.date

    @property
    def ref(self) -> str:
        """The update's address across the record: source id and update id."""
        return f"{self.source}/{self.update.id}"


@dataclass(frozen=True)
class ReviewEntry:
    """One reviewed update (or one finding) of a review round, where it is written."""

    round: ReviewRound
    record: Review | Finding
    file: str
    line: int

    @property
    def ref(self) -> str | None:
        r = self.record
        return f"{r.source}/{r.update}" if r.source and r.update else None


@dataclass
class Dataset:
    root: Path
    plan: Plan | None
    points: dict[int, Point]
    actors: dict[str, Actor]
    sources: dict[str, Source]
    entries: list[Entry]
    articles: dict[str, list[str]]  # source id -> paragraphs, when texts are present
    problems: list[Problem]
    drafts: list[Entry]  # proposed by ingest, valid, but not counted until a person accepts them
    version: str  # short hash of every data file's bytes
    texts_dir: Path | None = None
    reviews: list[ReviewEntry] = field(default_factory=list)  # per-update reviews of every round
    findings: list[ReviewEntry] = field(default_factory=list)  # findings beyond the ratings
    # tracker.log.log_order's memo: (the entries list it sorted, its length, the order)
    log_memo: tuple | None = field(default=None, repr=False, compare=False)

    @property
    def phases(self) -> dict[int, Phase]:
        return {p.id: p for p in self.plan.phases} if self.plan else {}

    def theme_label(self, theme: str) -> str:
        """A theme's label, as the plan declares it (its id where the plan does not)."""
        found = next((t for t in (self.plan.themes if self.plan else ()) if t.id == theme), None)
        return found.label if found else theme

    def theme_ids(self) -> list[str]:
        return [t.id for t in self.plan.themes] if self.plan else []

    def phase_name(self, phase: int) -> str:
        found = self.phases.get(phase)
        return found.name if found else f"Phase {phase}"

    def date_range(self) -> tuple[date, date]:
        start = self.plan.released if self.plan else date(2000, 1, 1)
        days = [e.date for e in self.entries]
        return start, max(days + [start])
