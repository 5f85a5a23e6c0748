"""Consistency checks between a point's level, its milestones and its indicators.

They are warnings, not problems: the data may be right and the plan's milestones
incomplete, so they are shown (by `validate` and the app) but never fail validation.
Each is reported at the update that brings the inconsistency about. One pass over each
point's log, so it costs the same as reading the log.
"""
from __future__ import annotations

from .dataset import Dataset
from .facts import IndicatorValue, combine, counted_value, party_states, same_period
from .log import paused_gc
from .problems import Problem
from .status import updates_by_point


def warnings(ds: Dataset) -> list[Problem]:
    with paused_gc():
        return _warnings(ds)


def _warnings(ds: Dataset) -> list[Problem]:
    out: list[Problem] = []
    for pid, entries in updates_by_point(ds).items():
        point = ds.points.get(pid)
        if point is None or not entries:
            continue
        targets = {i.id: i.target for i in point.indicators}
        drives = {i.id for i in point.indicators if i.progress}  # the indicator that measures the whole point
        given: dict[str, str | None] = {}  # milestone -> state of all obliged parties together
        own: dict[str, dict[str, str]] = {}  # milestone -> each party's own state
        obliged = {m.id: m.actors for m in point.milestones}
        recent: dict[str, list] = {}  # indicator -> its figures of the latest week (the status rule)
        level = "not_initiated"
        before: set[str] = set()
        for k, e in enumerate(entries):
            u = e.update
            level = u.level
            for key, value in u.milestones.items():
                if key in obliged:
                    own.setdefault(key, {}).update(party_states(value, obliged[key]))
                    given[key] = combine([own[key].get(a) for a in obliged[key]])
            for key, v in u.indicators.items():
                if key in targets:
                    recent[key] = same_period([*recent.get(key, []), IndicatorValue(
                        key, key, v, targets[key], "", e.date, e.source, tuple(u.claimed_by))])
            values = {key: counted_value(period).value for key, period in recent.items()}
            if k + 1 < len(entries) and entries[k + 1].date == e.date:
                continue  # judge a day's updates together, after the last of them
            states = _milestone_states(point, given, values, targets)
            unmet = [mid for mid, state in states.items() if state != "met"]
            met = [mid for mid, state in states.items() if state == "met"]
            found = {}
            if level == "full" and unmet:
                found["full-unmet"] = (f"point {pid} is rated full while milestone(s) {', '.join(unmet)} "
                                       "are not reported met")
            if level == "not_initiated" and met:
                found["ni-met"] = (f"point {pid} is rated not initiated while milestone(s) {', '.join(met)} "
                                   "are reported met")
            at_target = [key for key in drives if key in values and values[key] >= targets[key]]
            if level in ("not_initiated", "minimal", "intermediate") and at_target:
                found["target-below-full"] = (f"point {pid}: indicator(s) {', '.join(at_target)} reached the "
                                              f"target, but the level is {level}")
            for key in sorted(set(found) - before):
                out.append(Problem(e.file, e.line, None, "warning: " + found[key]))
            before = set(found)
    return sorted(out)


def _milestone_states(point, given: dict, values: dict, targets: dict) -> dict[str, str | None]:
    """Each milestone's state: as given by the reports, else from its indicator (the status rule)."""
    states: dict[str, str | None] = {}
    for m in point.milestones:
        if m.id in given:
            states[m.id] = given[m.id]
        elif m.indicator in values:
            v = values[m.indicator]
            states[m.id] = "met" if v >= targets[m.indicator] else ("partly" if v > 0 else None)
        else:
            states[m.id] = None
    return states
