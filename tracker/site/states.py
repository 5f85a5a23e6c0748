"""The record over time, as the site shows it: the days on which its state can change, the
state of every point on each, and the audit trail of changes between them.

The status of the plan only changes on a dated event of the record: an update, a blocker
starting or resolved, a deadline falling due, or a report being published (the "latest
report" and "days since" figures move with it). The site precomputes a state for each such
day up to the as-of date; any other day shows the state of the last such day before it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ..corrections import corrections
from ..dataset import Dataset, Entry
from ..status import PointStatus, change_dates, status_as_of
from ..vocab import LEVEL, MOMENTUM_BY_ID


@dataclass(frozen=True)
class Moment:
    """The state of every point on one day."""

    day: date
    reports: tuple[str, ...]  # ids of the sources published that day
    statuses: tuple[PointStatus, ...]


def state_days(ds: Dataset, as_of: date) -> list[date]:
    """Every day the state can change, from the plan's release to as_of (both included)."""
    start = ds.plan.released if ds.plan else ds.date_range()[0]
    days = {start, as_of} | {s.published for s in ds.sources.values()} | set(change_dates(ds))
    days |= {d.due for p in ds.points.values() for d in p.deadlines}
    return sorted(d for d in days if start <= d <= as_of)


def moments(ds: Dataset, as_of: date) -> list[Moment]:
    by_day: dict[date, list[str]] = {}
    for s in sorted(ds.sources.values(), key=lambda s: s.id):
        by_day.setdefault(s.published, []).append(s.id)
    return [Moment(d, tuple(by_day.get(d, ())), tuple(status_as_of(ds, d))) for d in state_days(ds, as_of)]


@dataclass(frozen=True)
class StatusChange:
    """What changed on one point on one day: its level, momentum or active blockers."""

    point: int
    title: str
    day: date
    level_before: str
    level_after: str
    momentum_before: str | None
    momentum_after: str | None
    new_blockers: tuple[str, ...]  # texts
    resolved_blockers: tuple[str, ...]  # texts
    entries: tuple[Entry, ...]  # the updates on the point dated since the previous state, up to the day
    learned: date  # when the record learned it: the latest of those updates' reports' publication, the day
    # each was added to the record (`recorded`) and the day a correction changed it
    confirmation: bool = False  # reported again, nothing changed (shown in the point's own feed only)

    @property
    def id(self) -> str:
        """Stable across republishing (a point changes at most once a day in the trail); the feed
        puts the site's tag before it (SiteInfo.tag)."""
        return f"point-{self.point}/{self.day.isoformat()}"

    @property
    def anchor(self) -> str:
        return f"change-{self.day.isoformat()}"

    @property
    def headline(self) -> str:
        parts = []
        if self.level_before != self.level_after:
            parts.append(f"{_label(self.level_before)} to {_label(self.level_after)}")
        if self.momentum_before != self.momentum_after:
            if self.momentum_before is None:
                parts.append(f"momentum now {_mom(self.momentum_after)}")
            elif self.momentum_after is None:
                parts.append(f"momentum no longer given (was {_mom(self.momentum_before)})")
            else:
                parts.append(f"momentum {_mom(self.momentum_before)} to {_mom(self.momentum_after)}")
        if self.new_blockers:
            parts.append(f"{len(self.new_blockers)} new blocker{'s' if len(self.new_blockers) > 1 else ''}")
        if self.resolved_blockers:
            n = len(self.resolved_blockers)
            parts.append(f"{n} blocker{'s' if n > 1 else ''} resolved")
        if self.confirmation:
            parts.append(f"reported again, still {_label(self.level_after)}")
        return f"Point {self.point}, {self.title}: " + "; ".join(parts)


def _label(level: str) -> str:
    return LEVEL[level].label.lower()


def _mom(momentum: str) -> str:
    return MOMENTUM_BY_ID[momentum].label.lower()


def _learned(ds: Dataset):
    """When the record learned an update: its report's publication, the day it was added
    (`recorded`) or the day a settled correction changed it, whichever is latest."""
    published = {sid: s.published for sid, s in ds.sources.items()}
    corrected: dict[str, date] = {}
    for c in corrections(ds):
        if c.ref:
            corrected[c.ref] = max(c.day, corrected.get(c.ref, c.day))
    return lambda e, default: max(d for d in (published.get(e.source, default), e.update.recorded,
                                              corrected.get(e.ref)) if d is not None)


def confirmations(ds: Dataset, record: list[Moment], trail: list[StatusChange]) -> list[StatusChange]:
    """The days a report spoke of a point without changing it: entries of the point's own feed."""
    learned_on = _learned(ds)
    changed = {(c.point, c.day) for c in trail}
    out = []
    for m in record:
        for s in m.statuses:
            here = tuple(e for e in s.updates if e.date == m.day)
            if here and (s.id, m.day) not in changed:
                out.append(StatusChange(s.id, s.point.title, m.day, s.level, s.level, s.momentum, s.momentum, (), (),
                                        here, max(max(learned_on(e, m.day) for e in here), m.day), True))
    return out


def audit_trail(ds: Dataset, record: list[Moment]) -> list[StatusChange]:
    """Every change of a point's level, momentum or active blockers, oldest first."""
    if not record:
        return []
    learned_on = _learned(ds)
    before = {s.id: s for s in status_as_of(ds, record[0].day - timedelta(days=1))}
    out: list[StatusChange] = []
    for m in record:
        for s in m.statuses:
            b = before[s.id]
            was = {x.blocker.id: x.blocker.text for x in b.blockers}
            now = {x.blocker.id: x.blocker.text for x in s.blockers}
            new = tuple(t for k, t in sorted(now.items()) if k not in was)
            gone = tuple(t for k, t in sorted(was.items()) if k not in now)
            if not (new or gone or s.level != b.level or s.momentum != b.momentum):
                continue
            recent = tuple(e for e in s.updates if e.date > b.as_of)
            if not recent:  # a blocker's own start or resolution date: the updates that stated it
                refs = {e.ref for e in s.updates for x in e.update.blockers if m.day in (x.since, x.resolved)}
                recent = tuple(e for e in s.updates if e.ref in refs)
            learned = max((learned_on(e, m.day) for e in recent), default=m.day)
            out.append(StatusChange(s.id, s.point.title, m.day, b.level, s.level, b.momentum, s.momentum,
                                    new, gone, recent, max(learned, m.day)))
        before = {s.id: s for s in m.statuses}
    return out
