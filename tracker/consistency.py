"""Consistency checks between a point's level, its milestones and its indicators.

They are warnings, not problems: the data may be right and the plan's milestones
incomplete, so they are shown (by `validate` and the app) but never fail validation.
Each is reported at the update that brings the inconsistency about.
"""
from __future__ import annotations

from .load import Dataset
from .problems import Problem
from .status import point_status, updates_by_point


def warnings(ds: Dataset) -> list[Problem]:
    out: list[Problem] = []
    for pid, entries in updates_by_point(ds).items():
        point = ds.points.get(pid)
        if point is None or not entries:
            continue
        before: set[str] = set()
        for k, e in enumerate(entries):
            if k + 1 < len(entries) and entries[k + 1].date == e.date:
                continue  # judge a day's updates together, after the last of them
            st = point_status(ds, point, entries[:k + 1], e.date)
            found = {}
            unmet = [m.id for m in st.milestones if m.state in ("not_met", "reversed", "partly", None)]
            met = [m.id for m in st.milestones if m.state == "met"]
            if st.level == "full" and unmet:
                found["full-unmet"] = (f"point {pid} is rated full while milestone(s) {', '.join(unmet)} "
                                       "are not reported met")
            if st.level == "not_initiated" and met:
                found["ni-met"] = (f"point {pid} is rated not initiated while milestone(s) {', '.join(met)} "
                                   "are reported met")
            drives = {i.id for i in point.indicators if i.progress}  # the indicator that measures the whole point
            at_target = [i.id for i in st.indicators if i.id in drives and i.value >= i.target]
            if st.level in ("not_initiated", "minimal", "intermediate") and at_target:
                found["target-below-full"] = (f"point {pid}: indicator(s) {', '.join(at_target)} reached the "
                                              f"target, but the level is {st.level}")
            for key in sorted(set(found) - before):
                out.append(Problem(e.file, e.line, None, "warning: " + found[key]))
            before = set(found)
    return sorted(out)
