"""The panel tables of a release: where each point stood on each day and at each month's end,
each party's state of each milestone at each month's end, and each blocker's span. Every value
is the status view's (tracker.status), as of that day: the rules a reader sees on the site."""
from __future__ import annotations

from datetime import date, timedelta

from ..dataset import Dataset
from ..site.dataset_tables import Table, _join
from ..status import PointStatus, status_as_of
from .fields import SCALE, TABLES


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _month_ends(days: list[date]) -> list[date]:
    """The last day of each month among the days (the final day for its own month)."""
    ends: dict[str, date] = {}
    for d in days:
        ends[d.strftime("%Y-%m")] = d
    return list(ends.values())


def _first_read(ds: Dataset) -> dict[str, date]:
    """When each update was first read by a second reader (its earliest round's date)."""
    out: dict[str, date] = {}
    for r in ds.reviews:
        if r.ref and (r.ref not in out or r.round.date < out[r.ref]):
            out[r.ref] = r.round.date
    return out


def _values(st: PointStatus, read: dict[str, date]) -> tuple:
    last_rated = next((e.update.level for e in reversed(st.updates) if e.update.level != "unclear"), "not_initiated")
    rank = [t.id for t in SCALE].index(last_rated)
    last = st.updates[-1].date if st.updates else None
    reviewed = sum(1 for e in st.updates if e.ref in read and read[e.ref] <= st.as_of)
    return (st.point.phase, last_rated, st.level == "unclear", rank, st.progress, st.momentum_shown or None,
            st.momentum_stale, len(st.blockers), len(st.confirmed_blockers), last.isoformat() if last else None,
            (st.as_of - last).days if last else None, len(st.updates), reviewed)


def panels(ds: Dataset, as_of: date) -> list[Table]:
    """point_day, point_month, actor_milestone_month and blocker_spans, from the plan's release
    (or the first report) to `as_of`."""
    first = ds.plan.released if ds.plan else min((e.date for e in ds.entries), default=as_of)
    days = _days(min(first, as_of), as_of)
    ends = set(_month_ends(days))
    read = _first_read(ds)
    point_day, point_month, owed = [], [], []
    for day in days:
        statuses = status_as_of(ds, day)
        for st in sorted(statuses, key=lambda s: s.id):
            values = _values(st, read)
            point_day.append((st.id, day.isoformat(), *values))
            if day in ends:
                point_month.append((st.id, day.strftime("%Y-%m"), *values))
                for m in st.milestones:
                    last = m.last_confirmed or m.as_of
                    for actor, state in (m.states or tuple((a, m.state) for a in m.actors)):
                        owed.append((actor, st.id, m.id, day.strftime("%Y-%m"), state,
                                     last.isoformat() if last else None))
    spans = []
    for st in sorted(status_as_of(ds, as_of), key=lambda s: s.id):
        for b in sorted((*st.blockers, *st.resolved_blockers), key=lambda b: (b.since, b.blocker.id)):
            ended = b.blocker.resolved
            spans.append((st.id, b.blocker.id, b.blocker.text, b.blocker.category, _join(b.blocker.actors),
                          b.since.isoformat(), ended.isoformat() if ended else None, b.ended_by,
                          b.confirmed.isoformat()))
    return [_table("point_day", point_day, ("point", "day")), _table("point_month", point_month, ("point", "month")),
            _table("actor_milestone_month", owed, ("actor", "point", "milestone", "month")),
            _table("blocker_spans", spans, ("point", "blocker"))]


_SQLITE = {"string": "TEXT", "date": "TEXT", "integer": "INTEGER", "number": "REAL", "boolean": "INTEGER"}


def _table(name: str, rows: list[tuple], key: tuple[str, ...]) -> Table:
    cols = TABLES[name].columns
    booleans = [i for i, c in enumerate(cols) if c.type == "boolean"]
    rows = [tuple(int(v) if i in booleans and v is not None else v for i, v in enumerate(r)) for r in rows]
    return Table(name, tuple(c.name for c in cols), tuple(_SQLITE[c.type] for c in cols), tuple(rows), key)

