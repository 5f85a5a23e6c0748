"""Active blockers as of a date, grouped the ways users ask for them."""
from __future__ import annotations

from collections import Counter
from datetime import date

from . import dates
from .dataset import Dataset
from .status import BlockerState, PointStatus, change_dates, sweep


def active(statuses: list[PointStatus]) -> list[BlockerState]:
    return [b for s in statuses for b in s.blockers]


def by_age(statuses: list[PointStatus]) -> dict[str, int]:
    """Active blockers, split by the age rule into confirmed (stated or confirmed within it) and not."""
    active = [(s, b) for s in statuses for b in s.blockers]
    stale = sum(1 for s, b in active if s.blocker_stale(b))
    days = statuses[0].rules.blocker_days if statuses else 0
    return {"active": len(active), "confirmed": len(active) - stale, "unconfirmed": stale, "within_days": days}


def summary(statuses: list[PointStatus]) -> str:
    """The active blockers split by the age rule, as the overview says it."""
    n = by_age(statuses)
    return f"{n['active']} active, {n['confirmed']} confirmed in the last {n['within_days']} days"


def confirmation(s: PointStatus, b: BlockerState) -> str:
    """When a report last said the blocker holds, and whether that is past the age rule."""
    if s.blocker_stale(b):
        return f"unconfirmed since {dates.short(b.confirmed)}"
    return f"confirmed {dates.short(b.confirmed)}"


def by_actor(blockers: list[BlockerState]) -> Counter:
    return Counter(a for b in blockers for a in b.blocker.actors)


def by_category(blockers: list[BlockerState]) -> Counter:
    return Counter(b.blocker.category for b in blockers)


def by_point(blockers: list[BlockerState]) -> Counter:
    return Counter(b.point for b in blockers)


def count_over_time(ds: Dataset, until: date | None = None,
                    points: set[int] | None = None) -> list[tuple[date, int]]:
    """Number of active blockers of the given points (default: all) on every date the log
    changes, up to `until`."""
    last = until or max(change_dates(ds), default=dates.today())
    return [(st.day, st.active_blockers()) for st in sweep(ds, last, points=points)]
