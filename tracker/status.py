"""Where each point stands as of a date: the core derived view.

The rules it applies are written once, for users, in ``tracker.methodology.RULES`` (the
dashboard's Methodology page and docs/methodology.md): the latest update on or before the
as-of date sets level, momentum and note; progress follows the level or the progress
indicator; competing figures are kept side by side; milestones and blockers carry forward
(the log's order and the blocker rule live in ``tracker.log``).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from . import vocab
from .dataset import Dataset, Entry
from .facts import (  # noqa: F401 (re-exported: their home is tracker.facts)
    IndicatorValue,
    MilestoneStatus,
    cause_met_on,
    counted_value,
    indicators_of,
    milestones_of,
    same_period,
)
from .log import BlockerState, apply_blockers, log_order, paused_gc  # noqa: F401 (BlockerState: re-exported, its home is tracker.log)
from .model import AgeRules, Point


@dataclass(frozen=True)
class Prerequisite:
    point: int
    kind: str
    met: bool
    note: str | None


@dataclass(frozen=True)
class DeadlineState:
    id: str
    text: str
    due: date
    state: str  # met | missed | pending


@dataclass(frozen=True)
class PointStatus:
    point: Point
    as_of: date
    level: str
    momentum: str | None
    progress: float
    note: str | None
    last_update: date | None
    updates: tuple[Entry, ...]  # every update on or before as_of, oldest first
    blockers: tuple[BlockerState, ...]  # active
    resolved_blockers: tuple[BlockerState, ...]
    indicators: tuple[IndicatorValue, ...]
    prerequisites: tuple[Prerequisite, ...] = ()
    deadlines: tuple[DeadlineState, ...] = ()
    milestones: tuple[MilestoneStatus, ...] = ()
    competing: tuple[IndicatorValue, ...] = ()  # other sources' figures of the same week that differ
    rules: AgeRules = AgeRules()  # the plan's age rules
    level_last_confirmed: date | None = None  # the latest report rating the point (not 'unclear')
    momentum_date: date | None = None  # the report that gave the momentum

    @property
    def figures_disputed(self) -> bool:
        return bool(self.competing)

    @property
    def momentum_stale(self) -> bool:
        """The momentum is older than the age rule: shown as 'no recent report'."""
        return self.momentum is not None and self.momentum_date is not None and \
            (self.as_of - self.momentum_date).days > self.rules.momentum_days

    @property
    def momentum_shown(self) -> str | None:
        """The momentum a reader is told: None once it is past the age rule."""
        return None if self.momentum_stale else self.momentum

    @property
    def level_age(self) -> int | None:
        """Days since a report last rated the point."""
        return (self.as_of - self.level_last_confirmed).days if self.level_last_confirmed else None

    def blocker_stale(self, b: BlockerState) -> bool:
        return b.stale_on(self.as_of, self.rules.blocker_days)

    @property
    def confirmed_blockers(self) -> tuple[BlockerState, ...]:
        return tuple(b for b in self.blockers if not self.blocker_stale(b))

    @property
    def unconfirmed_blockers(self) -> tuple[BlockerState, ...]:
        return tuple(b for b in self.blockers if self.blocker_stale(b))

    def fact_stale(self, confirmed: date | None) -> bool:
        """A milestone state or indicator value not given or confirmed within the age rule."""
        return confirmed is not None and (self.as_of - confirmed).days > self.rules.fact_days

    @property
    def id(self) -> int:
        return self.point.id

    @property
    def days_since_update(self) -> int | None:
        """Days from the point's latest update to the as-of date (None: never reported)."""
        return (self.as_of - self.last_update).days if self.last_update else None

    @property
    def sources(self) -> list[str]:
        seen: dict[str, None] = {}
        for e in self.updates:
            for ev in e.update.evidence:
                seen[ev.source or e.source] = None
        return list(seen)

    @property
    def unmet(self) -> list[int]:
        return [p.point for p in self.prerequisites if not p.met]

    @property
    def responsible(self) -> list[str]:
        return [r.actor for r in self.point.actors]


def updates_by_point(ds: Dataset) -> dict[int, list[Entry]]:
    """Every point's updates, oldest first."""
    out: dict[int, list[Entry]] = {pid: [] for pid in ds.points}
    for e in log_order(ds):
        for pid in e.update.points:
            out.setdefault(pid, []).append(e)
    return out


def point_status(ds: Dataset, point: Point, entries: list[Entry], as_of: date,
                 per_point: dict[int, list[Entry]] | None = None) -> PointStatus:
    upto = tuple(e for e in entries if e.date <= as_of)
    latest = upto[-1] if upto else None
    level = latest.update.level if latest else "not_initiated"
    rated = [e for e in upto if e.update.level != "unclear"]
    progress = float(vocab.LEVEL[rated[-1].update.level].progress) if rated else 0.0
    indicators, competing = indicators_of(point, upto)
    last_rated = rated[-1].date if rated else None
    for ind in indicators:
        is_progress = any(i.id == ind.id and i.progress for i in point.indicators)
        if is_progress and (last_rated is None or ind.as_of >= last_rated):
            progress = ind.percent
    states = _end_by_causes(_blockers(point.id, upto), ds, per_point or {point.id: entries}, as_of)
    return PointStatus(
        point=point, as_of=as_of, level=level,
        momentum=latest.update.momentum if latest else None,
        progress=round(progress, 1),
        note=latest.update.note if latest else None,
        last_update=latest.date if latest else None,
        updates=upto,
        blockers=tuple(s for s in states if s.active_on(as_of)),
        resolved_blockers=tuple(s for s in states
                                if s.blocker.resolved is not None and s.blocker.resolved <= as_of),
        indicators=indicators,
        milestones=milestones_of(point, upto, indicators),
        competing=competing,
        rules=ds.plan.age_rules if ds.plan else AgeRules(),
        level_last_confirmed=last_rated,
        momentum_date=latest.date if latest and latest.update.momentum else None,
    )


def _end_by_causes(states: list[BlockerState], ds: Dataset, per_point: dict[int, list[Entry]],
                   as_of: date) -> list[BlockerState]:
    """Blockers whose stated cause (`until`) is met by the as-of date end on the day it was met."""
    out = []
    for s in states:
        cause = s.blocker.until
        met = cause_met_on(cause, s.point, per_point, ds.points) if cause else None
        if met is not None and met <= as_of and (s.blocker.resolved is None or s.blocker.resolved > met):
            day = max(met, s.since)
            s = _replace(s, blocker=s.blocker.model_copy(update={"resolved": day}), ended_by=cause.text)
        out.append(s)
    return out


def status_as_of(ds: Dataset, as_of: date) -> list[PointStatus]:
    """The status of every point of the plan as of a date, in point order."""
    per_point = updates_by_point(ds)
    raw = {pid: point_status(ds, p, per_point.get(pid, []), as_of, per_point)
           for pid, p in sorted(ds.points.items())}
    out = []
    for pid, st in raw.items():
        prereqs = tuple(
            Prerequisite(d.point, d.kind, carried_out(raw[d.point]) if d.point in raw else False, d.note)
            for d in st.point.depends_on if vocab.DEPENDENCY[d.kind].gating)
        deadlines = tuple(_deadline(d, st, per_point.get(pid, [])) for d in st.point.deadlines)
        out.append(_replace(st, prerequisites=prereqs, deadlines=deadlines))
    return out


def carried_out(st: PointStatus) -> bool:
    """Is the point carried out in full? Judged on its last rated level, so a later
    'unclear' report does not undo it. This is what 'prerequisite met' means."""
    rated = [e for e in st.updates if e.update.level != "unclear"]
    return bool(rated) and rated[-1].update.level == "full"


def history(ds: Dataset, point_id: int) -> list[Entry]:
    return updates_by_point(ds).get(point_id, [])


@dataclass(frozen=True)
class Change:
    point: int
    title: str
    level_before: str
    level_after: str
    momentum_before: str | None
    momentum_after: str | None
    new_blockers: tuple[str, ...]  # their texts
    resolved_blockers: tuple[str, ...]  # their texts
    updates: int  # updates dated after `since` and on or before `until`
    latest: Entry | None = None  # the newest of those updates

    @property
    def momentum_changed(self) -> bool:
        return self.momentum_before != self.momentum_after

    @property
    def direction(self) -> str:
        a, b = vocab.rank(self.level_before), vocab.rank(self.level_after)
        if a is None or b is None or a == b:
            return "changed" if self.level_before != self.level_after else "same level"
        return "up" if b > a else "down"


def changes_between(ds: Dataset, since: date, until: date) -> list[Change]:
    """Points whose status moved between two dates (exclusive of since, inclusive of until)."""
    return changes_of(status_as_of(ds, since), status_as_of(ds, until), since)


def changes_of(statuses_before: list[PointStatus], after: list[PointStatus], since: date) -> list[Change]:
    """The same, from the statuses of both dates when they are already at hand."""
    before = {s.id: s for s in statuses_before}
    out = []
    for a in after:
        b = before[a.id]
        was = {s.blocker.id: s.blocker.text for s in b.blockers}
        now = {s.blocker.id: s.blocker.text for s in a.blockers}
        new = tuple(text for bid, text in sorted(now.items()) if bid not in was)
        gone = tuple(text for bid, text in sorted(was.items()) if bid not in now)
        recent = [e for e in a.updates if e.date > since]
        if recent or new or gone or a.level != b.level or a.momentum != b.momentum:
            out.append(Change(a.id, a.point.title, b.level, a.level, b.momentum, a.momentum,
                              new, gone, len(recent), recent[-1] if recent else None))
    return out


@dataclass(frozen=True)
class Progress:
    overall: float
    by_phase: dict[int, float]
    by_level: dict[str, int]


def progress(statuses: list[PointStatus]) -> Progress:
    def mean(xs: list[float]) -> float:
        return round(sum(xs) / len(xs), 1) if xs else 0.0
    phases = sorted({s.point.phase for s in statuses})
    by_level = {t.id: 0 for t in vocab.LEVELS}
    for s in statuses:
        by_level[s.level] += 1
    return Progress(mean([s.progress for s in statuses]),
                    {ph: mean([s.progress for s in statuses if s.point.phase == ph]) for ph in phases},
                    by_level)


def latest_developments(ds: Dataset, as_of: date, limit: int = 8,
                        points: set[int] | None = None) -> list[tuple[Entry, str | None]]:
    """The newest updates up to a date (on the given points, default all), newest first, each
    with the level it moved its first point from (None when the level did not change)."""
    before: dict[int, str] = {}
    moves: list[tuple[Entry, str | None]] = []
    for e in log_order(ds):
        if e.date > as_of:
            break
        pid = e.update.points[0]
        old = before.get(pid, "not_initiated")
        if points is None or set(e.update.points) & points:
            moves.append((e, old if old != e.update.level else None))
        for p in e.update.points:
            before[p] = e.update.level
    return moves[::-1][:limit]


def latest_report(ds: Dataset, as_of: date) -> date | None:
    days = [s.published for s in ds.sources.values() if s.published <= as_of]
    return max(days) if days else None


def change_dates(ds: Dataset) -> list[date]:
    """Every date on which something in the log changes: update and blocker dates."""
    days = {e.date for e in ds.entries}
    for e in ds.entries:
        for b in e.update.blockers:
            days.update(d for d in (b.since, b.resolved) if d)
    return sorted(days)


# -- helpers -------------------------------------------------------------------------

def owed_by(statuses: list[PointStatus], actor: str) -> list[MilestoneStatus]:
    """Every milestone an actor is obliged to carry out, with where it stands."""
    return [m for s in statuses for m in s.milestones if actor in m.actors]  # each party's own: m.state_of(actor)


def obligations_summary(statuses: list[PointStatus]) -> dict[str, dict[str, int]]:
    """Per actor: milestones owed, and how many are met, partly met, not met (or reversed), unreported.
    Actors owing most come first."""
    out: dict[str, dict[str, int]] = {}
    for s in statuses:
        for m in s.milestones:
            for a in m.actors:
                c = out.setdefault(a, {"owed": 0, "met": 0, "partly": 0, "not_met": 0, "unknown": 0})
                c["owed"] += 1
                c[{"met": "met", "partly": "partly", "not_met": "not_met", "reversed": "not_met"}.get(
                    m.state_of(a), "unknown")] += 1
    return dict(sorted(out.items(), key=lambda kv: (-kv[1]["owed"], kv[0])))


def _blockers(point_id: int, upto: tuple[Entry, ...]) -> list[BlockerState]:
    states: dict[tuple[int, str], BlockerState] = {}
    for e in upto:
        apply_blockers(states, point_id, e)
    return list(states.values())


def _deadline(d, st: PointStatus, entries: list[Entry]) -> DeadlineState:
    done = [e.date for e in entries if e.update.level == "full" and e.date <= st.as_of]
    if done and done[0] <= d.due:
        state = "met"
    elif st.as_of > d.due:
        state = "missed"
    else:
        state = "pending"
    return DeadlineState(d.id, d.text, d.due, state)


def _replace(st: PointStatus, **changes) -> PointStatus:
    from dataclasses import replace
    return replace(st, **changes)


@dataclass
class Sweep:
    """The log replayed date by date: each point's latest level and each blocker's state."""

    day: date
    level: dict[int, str]
    blockers: dict[tuple[int, str], BlockerState]

    def active_blockers(self) -> int:
        return sum(1 for b in self.blockers.values() if b.active_on(self.day))


def sweep(ds: Dataset, until: date, start: date | None = None, points: set[int] | None = None):
    """Yield the state on every date the log changes, up to `until`, in one pass, for the
    given points (default: all). Equivalent to status_as_of on each date, at one sort's cost.
    """
    keep = set(ds.points) if points is None else set(points) & set(ds.points)
    entries = log_order(ds)
    days = sorted({d for d in change_dates(ds) if d <= until} | ({start} if start else set()))
    state = Sweep(days[0] if days else until, {pid: "not_initiated" for pid in keep}, {})
    i = 0
    for day in days:
        while i < len(entries) and entries[i].date <= day:
            e = entries[i]
            for pid in e.update.points:
                if pid not in keep:
                    continue
                state.level[pid] = e.update.level
                apply_blockers(state.blockers, pid, e)
            i += 1
        state.day = day
        yield state


def levels_over_time(ds: Dataset, until: date, points: set[int] | None = None) -> list[tuple[date, dict[str, int]]]:
    """Count of points per level on every date the log changes, up to `until`."""
    out = []
    for st in sweep(ds, until, ds.plan.released if ds.plan else None, points):
        counts = {t.id: 0 for t in vocab.LEVELS}
        for level in st.level.values():
            counts[level] += 1
        out.append((st.day, counts))
    return out
