"""The registries a status file is checked against: the plan, its points, the actors and
the sources (and the article texts the sources name), each read, validated and
cross-checked (unknown actors, dependency cycles, placeholders)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import ValidationError

from .. import texts
from ..dataset import ACTORS_FILE, PLAN_FILE, POINTS_FILE, SOURCES_FILE
from ..model import Actor, Plan, Point, Source
from ..yamlsafe import MAX_BYTES
from .messages import _message, _partial

if TYPE_CHECKING:
    from .loader import Loader


def load_plan(ld: Loader) -> Plan | None:
    yf = ld.read(PLAN_FILE)
    if yf is None:
        return None
    partial = _partial(Plan, yf.data)
    ld.released = partial.released
    ld.phase_ids = {p.id for p in partial.phases}
    if yf.tainted:
        return None
    try:
        plan = Plan.model_validate(yf.data)
    except ValidationError as exc:
        for err in exc.errors():
            ld.problems.append(yf.problem(_message(err, Plan, ""), tuple(err["loc"])))
        return None
    ld.check_unique(yf, "phases", [p.id for p in plan.phases], range(len(plan.phases)))
    ld.check_day(yf, plan.released, ("released",), allow_before_plan=True)
    return plan


def load_points(ld: Loader, plan: Plan | None) -> dict[int, Point]:
    yf = ld.read(POINTS_FILE)
    if yf is None:
        return {}
    good = ld.items(yf, "points", Point)
    ld.check_unique(yf, "points", [p.id for _, p in good], [i for i, _ in good])
    phases = ld.phase_ids
    points: dict[int, Point] = {}
    ld.points_file = yf
    ld.point_index = {}
    for i, p in good:
        if phases and p.phase not in phases:
            ld.problems.append(yf.problem(
                f"phase {p.phase} is not a phase of the plan (expected one of {sorted(phases)})",
                ("points", i, "phase")))
        for j, d in enumerate(p.deadlines):
            ld.check_day(yf, d.due, ("points", i, "deadlines", j, "due"), allow_future=True)
        for kind, ids in (("indicator", [x.id for x in p.indicators]),
                          ("deadline", [x.id for x in p.deadlines])):
            for dup in _dups(ids):
                ld.problems.append(yf.problem(f"point {p.id}: duplicate {kind} id {dup!r}",
                                                ("points", i)))
        points.setdefault(p.id, p)
        ld.point_index.setdefault(p.id, i)
    return points


def load_actors(ld: Loader) -> dict[str, Actor]:
    yf = ld.read(ACTORS_FILE)
    if yf is None:
        return {}
    good = ld.items(yf, "actors", Actor)
    ld.check_unique(yf, "actors", [a.id for _, a in good], [i for i, _ in good])
    actors: dict[str, Actor] = {}
    for _, a in good:
        actors.setdefault(a.id, a)
    for i, a in good:
        if a.affiliation and a.affiliation not in actors:
            ld.unknown(yf, "actor", a.affiliation, actors, ("actors", i, "affiliation"))
    return actors


def load_sources(ld: Loader) -> dict[str, Source]:
    yf = ld.read(SOURCES_FILE)
    if yf is None:
        return {}
    good = ld.items(yf, "sources", Source)
    ld.check_unique(yf, "sources", [s.id for _, s in good], [i for i, _ in good])
    sources = {}
    for i, s in good:
        ld.check_day(yf, s.published, ("sources", i, "published"))
        if s.summary.startswith("TODO"):
            ld.problems.append(yf.problem(f"source {s.id}: the summary is still the placeholder",
                                            ("sources", i, "summary")))
        sources.setdefault(s.id, s)
    ld.sources_file = yf
    ld.source_index = {s.id: i for i, s in reversed(good)}
    return sources


def load_articles(ld: Loader, sources: dict[str, Source]) -> dict[str, list[str]]:
    if ld.texts_dir is None:
        return {}
    articles = {}
    for sid, s in sources.items():
        size = texts.article_size(ld.texts_dir, s.file)
        if size is not None and size > MAX_BYTES:
            ld.problems.append(ld.sources_file.problem(
                f"source {sid}: article text {s.file!r} is {size:,} bytes; the limit is {MAX_BYTES:,} (keep the "
                "report itself, or raise TRACKER_MAX_FILE_BYTES)", ("sources", ld.source_index[sid], "file")))
            continue
        paras = texts.read_article(ld.texts_dir, s.file)
        if paras is None:
            ld.problems.append(ld.sources_file.problem(
                f"source {sid}: article text {s.file!r} not found in {ld.texts_dir}",
                ("sources", ld.source_index[sid], "file")))
            continue
        articles[sid] = paras
        for n in s.boilerplate:
            if n > len(paras):
                ld.problems.append(ld.sources_file.problem(
                    f"source {sid}: boilerplate paragraph {n} is past the end "
                    f"(the article has {len(paras)})",
                    ("sources", ld.source_index[sid], "boilerplate")))
    return articles


def check_themes(ld: Loader, points: dict[int, Point], themes: list[str]) -> None:
    """Every theme a point names is one the plan declares (plan/plan.yaml `themes`)."""
    where = (f"the plan declares {', '.join(themes)}" if themes else
             "the plan declares none: list them in plan/plan.yaml under themes (id, label, definition)")
    for pid, p in points.items():
        for j, theme in enumerate(p.themes):
            if theme not in themes:
                ld.problems.append(ld.points_file.problem(f"point {pid}: unknown theme {theme!r}; {where}",
                                                          ("points", ld.point_index[pid], "themes", j)))


def check_points(ld: Loader, points: dict[int, Point], actors: dict[str, Actor]) -> None:
    if not points:
        return
    yf = ld.points_file
    for pid, p in points.items():
        i = ld.point_index[pid]
        for j, r in enumerate(p.actors):
            if actors and r.actor not in actors:
                ld.unknown(yf, "actor", r.actor, actors, ("points", i, "actors", j, "actor"))
        indicator_ids = {x.id for x in p.indicators}
        deadline_ids = {x.id for x in p.deadlines}
        for j, m in enumerate(p.milestones):
            mat = ("points", i, "milestones", j)
            for k, a in enumerate(m.actors):
                if actors and a not in actors:
                    ld.unknown(yf, "actor", a, actors, mat + ("actors", k))
            if m.indicator and m.indicator not in indicator_ids:
                ld.problems.append(yf.problem(
                    f"point {pid}: milestone {m.id!r} names indicator {m.indicator!r}, which the point "
                    f"does not define (expected one of {sorted(indicator_ids)})", mat + ("indicator",)))
            if m.deadline and m.deadline not in deadline_ids:
                ld.problems.append(yf.problem(
                    f"point {pid}: milestone {m.id!r} names deadline {m.deadline!r}, which the point "
                    f"does not define (expected one of {sorted(deadline_ids)})", mat + ("deadline",)))
        for dup in _dups([m.id for m in p.milestones]):
            ld.problems.append(yf.problem(f"point {pid}: duplicate milestone id {dup!r}",
                                            ("points", i, "milestones")))
        for j, d in enumerate(p.depends_on):
            if d.point == pid:
                ld.problems.append(yf.problem(f"point {pid} depends on itself",
                                                ("points", i, "depends_on", j)))
            elif d.point not in points and d.point not in ld.broken["point"]:
                ld.problems.append(yf.problem(
                    f"point {pid} depends on point {d.point}, which is not in the plan",
                    ("points", i, "depends_on", j, "point")))
    for cycle in _cycles({pid: [d.point for d in p.depends_on if d.point in points]
                          for pid, p in points.items()}):
        first = cycle[0]
        ld.problems.append(yf.problem(
            "dependency cycle: " + " -> ".join(str(c) for c in cycle + [first]),
            ("points", ld.point_index[first], "depends_on")))


def _dups(values: list) -> list:
    seen, dups = set(), []
    for v in values:
        if v in seen and v not in dups:
            dups.append(v)
        seen.add(v)
    return dups


def _cycles(graph: dict[int, list[int]]) -> list[list[int]]:
    """Every elementary cycle found by depth-first search, each reported once."""
    found, seen_sets = [], set()
    state: dict[int, int] = {}
    stack: list[int] = []

    def visit(n: int) -> None:
        state[n] = 1
        stack.append(n)
        for m in graph.get(n, []):
            if state.get(m) == 1:
                cycle = stack[stack.index(m):]
                key = frozenset(cycle)
                if key not in seen_sets:
                    seen_sets.add(key)
                    found.append(list(cycle))
            elif m not in state:
                visit(m)
        stack.pop()
        state[n] = 2

    for n in sorted(graph):
        if n not in state:
            visit(n)
    return found
