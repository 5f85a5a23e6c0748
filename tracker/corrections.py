"""The corrections log: every settled change to the record after a review, as fact-checkers
keep one. Each says when it was settled, which update it changed, the rating before (as the
second reader saw it) and after (as the record has it now), and why.

Derived from the review rounds (`reviews/*.yaml`): a reviewed update or a finding whose
resolution is `changed`. A change that leaves level and momentum as they were is listed as a
correction of the record (a note, a date, a figure, evidence), with the resolution's reason.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .dataset import Dataset, Entry, ReviewEntry
from .model import Review


@dataclass(frozen=True)
class Correction:
    day: date  # when the change was settled
    round: str  # the review round that raised it
    ref: str | None  # the update changed (source/id), when one was
    points: tuple[int, ...]
    level_before: str | None  # as reviewed; None for a finding, which records no rating
    level_after: str | None  # as the record has it now
    momentum_before: str | None
    momentum_after: str | None
    why: str

    @property
    def rating_changed(self) -> bool:
        return self.level_before is not None and (
            self.level_before != self.level_after or self.momentum_before != self.momentum_after)

    @property
    def id(self) -> str:
        """Stable across publications: the round, the update (or finding) and the settling day."""
        return f"{self.round}/{self.ref or 'finding'}/{self.day.isoformat()}"


def corrections(ds: Dataset) -> list[Correction]:
    """Every settled change, newest first (then by update)."""
    current: dict[str, Entry] = {e.ref: e for e in ds.entries}
    out = []
    for r in (*ds.findings, *ds.reviews):  # a review (with its ratings) wins over a finding on the same update
        res = r.record.resolution
        if res is None or res.outcome != "changed":
            continue
        out.append(_correction(r, current.get(r.ref) if r.ref else None))
    unique = {c.id: c for c in out}  # one change settled for a review and a finding of the same update
    return sorted(unique.values(), key=lambda c: (c.day, c.ref or ""), reverse=True)


def _correction(r: ReviewEntry, now: Entry | None) -> Correction:
    rec = r.record
    points = tuple(now.update.points) if now else tuple(getattr(rec, "points", ()))
    reviewed = isinstance(rec, Review)
    return Correction(
        day=rec.resolution.date, round=r.round.round, ref=r.ref, points=points,
        level_before=rec.level if reviewed else None,
        level_after=now.update.level if now else None,
        momentum_before=rec.momentum if reviewed else None,
        momentum_after=now.update.momentum if now else None,
        why=rec.resolution.note)
