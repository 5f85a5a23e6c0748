"""Each chart of the site with what a reader who cannot see it needs: a sentence saying what
it shows and its data as a table. The figures are the catalogue's, so an embedded chart and
the dashboard's download are the same figure."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .. import blockers, dates, figures, responsibility, vocab
from ..scene import Scene
from ..status import levels_over_time, progress
from .render import figure_data


@dataclass(frozen=True)
class ChartBlock:
    name: str
    title: str
    alt: str  # the text alternative: what the chart says, in a sentence or two
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    figure: dict[str, Any]
    stamp: str
    height: int


def _level(level: str | None) -> str:
    return vocab.LEVEL[level or "not_initiated"].label


def _momentum(m: str | None) -> str:
    return vocab.MOMENTUM_BY_ID[m].label if m else "—"


Table = tuple[str, tuple[str, ...], list[tuple[str, ...]]]  # alt, columns, rows


def _status_board(sc: Scene) -> Table:
    rows = [(str(s.id), s.point.title, str(s.point.phase), _level(s.level),
             "no recent report" if s.momentum_stale else _momentum(s.momentum), str(len(s.blockers)))
            for s in sc.shown]
    counts = progress(sc.shown).by_level
    alt = (f"The {len(rows)} points as tiles by phase, as of {dates.short(sc.as_of)}: "
           + ", ".join(f"{counts[t.id]} {t.label.lower()}" for t in vocab.LEVELS) + ".")
    return alt, ("Point", "Title", "Phase", "Level", "Momentum", "Active blockers"), rows


def _phase_progress(sc: Scene) -> Table:
    prog = progress(sc.shown)
    rows = [("Whole plan", f"{prog.overall:.1f}%")] + [
        (sc.ds.phase_name(ph), f"{v:.1f}%") for ph, v in sorted(prog.by_phase.items())]
    alt = "Mean progress: " + "; ".join(f"{a} {b}" for a, b in rows) + "."
    return alt, ("Part of the plan", "Mean progress"), rows


def _blockers_by_actor(sc: Scene) -> Table:
    counts = blockers.by_actor(sc.active).most_common()
    rows = [(sc.actor_name(a), str(n)) for a, n in counts]
    alt = (f"Active blockers per actor named, as of {dates.short(sc.as_of)}: "
           + ("; ".join(f"{a} {n}" for a, n in rows[:5]) if rows else "none") + ".")
    return alt, ("Actor", "Active blockers naming it"), rows


def _blockers_by_category(sc: Scene) -> Table:
    counts = blockers.by_category(sc.active)
    rows = [(t.label, str(counts.get(t.id, 0))) for t in vocab.BLOCKER_CATEGORIES if counts.get(t.id)]
    alt = (f"Active blockers by category, as of {dates.short(sc.as_of)}: "
           + ("; ".join(f"{a} {n}" for a, n in rows) if rows else "none") + ".")
    return alt, ("Category", "Active blockers"), rows


def _blockers_over_time(sc: Scene) -> Table:
    counts = blockers.count_over_time(sc.ds, sc.as_of, {s.id for s in sc.shown})
    rows = [(d.isoformat(), str(n)) for d, n in counts]
    peak = max(counts, key=lambda x: x[1], default=None)
    alt = ("Active blockers on every date the record changes"
           + (f"; at most {peak[1]} on {dates.short(peak[0])}, {counts[-1][1]} at the end." if peak else "."))
    return alt, ("Date", "Active blockers"), rows


def _responsibility(sc: Scene) -> Table:
    ids = {s.id for s in sc.shown}
    roles = vocab.by_id(vocab.ROLES)
    rows = [(sc.actor_name(c.actor), str(c.point), roles[c.role].label)
            for c in responsibility.matrix(sc.ds) if c.point in ids]
    alt = f"Which actor has which role in each point: {len(rows)} assignments over {len({r[0] for r in rows})} actors."
    return alt, ("Actor", "Point", "Role"), rows


def _timeline(sc: Scene) -> Table:
    rows = [(e.date.isoformat(), str(s.id), _level(e.update.level), _momentum(e.update.momentum), e.source)
            for s in sc.shown for e in s.updates]
    rows.sort()
    alt = f"Every status update up to {dates.short(sc.as_of)} on a date axis, one row per point: {len(rows)} updates."
    return alt, ("Date", "Point", "Level", "Momentum", "Source"), rows


def _levels(sc: Scene) -> Table:
    series = levels_over_time(sc.ds, sc.as_of, {s.id for s in sc.shown})
    rows = [(d.isoformat(), *(str(c.get(t.id, 0)) for t in vocab.LEVELS)) for d, c in series]
    last = series[-1][1] if series else {}
    alt = ("How many points stood at each level on every date the record changes; at the end: "
           + ", ".join(f"{last.get(t.id, 0)} {t.label.lower()}" for t in vocab.LEVELS) + ".")
    return alt, ("Date", *(t.label for t in vocab.LEVELS)), rows


def _dependencies(sc: Scene) -> Table:
    rows = []
    for s in sc.statuses:
        for d in s.point.depends_on:
            met = any(q.point == d.point and q.met for q in s.prerequisites)
            state = "fallback" if not vocab.DEPENDENCY[d.kind].gating else ("met" if met else "not met")
            rows.append((str(s.id), vocab.DEPENDENCY[d.kind].label, str(d.point), state))
    unmet = sum(r[3] == "not met" for r in rows)
    alt = f"The plan's links between points: {len(rows)} links, {unmet} prerequisites not met."
    return alt, ("Point", "Link", "Other point", "State"), rows


TABLES: dict[str, Callable[[Scene], Table]] = {
    "status-board": _status_board,
    "phase-progress": _phase_progress,
    "blockers-by-actor": _blockers_by_actor,
    "blockers-by-category": _blockers_by_category,
    "blockers-over-time": _blockers_over_time,
    "responsibility": _responsibility,
    "timeline": _timeline,
    "levels-over-time": _levels,
    "dependencies": _dependencies,
}
assert TABLES.keys() == figures.CATALOGUE.keys(), "every catalogue chart needs its table"


def _title(fig) -> str:
    text = fig.layout.title.text or ""
    return text.split("<br>")[0].replace("<b>", "").replace("</b>", "")


def block(sc: Scene, name: str, fig=None) -> ChartBlock:
    """A catalogue chart with its text; `fig` when the caller has built it already."""
    fig = fig if fig is not None else figures.CATALOGUE[name](sc)
    alt, columns, rows = TABLES[name](sc)
    return ChartBlock(name, _title(fig), alt, columns, tuple(rows), figure_data(fig), sc.stamp.line,
                      int(fig.layout.height or 400))


def point_history_block(sc: Scene, point_id: int) -> ChartBlock:
    s = sc.status(point_id)
    fig = figures.point_history(sc, point_id)
    rows = [(e.date.isoformat(), _level(e.update.level), _momentum(e.update.momentum), e.source) for e in s.updates]
    alt = (f"Point {point_id}'s level over time: {len(rows)} update{'s' if len(rows) != 1 else ''}, "
           f"{_level(s.level).lower()} as of {dates.short(sc.as_of)}.")
    return ChartBlock(f"point-{point_id}-history", _title(fig), alt, ("Date", "Level", "Momentum", "Source"),
                      tuple(rows), figure_data(fig), sc.stamp.line, int(fig.layout.height or 400))
