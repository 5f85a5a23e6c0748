"""The dashboard's charts by name: each builds its figure from a Scene.

`CATALOGUE` lists the charts a snapshot writes, in the order of the report; point charts
take a point id as well.
"""
from __future__ import annotations

from collections.abc import Callable

import plotly.graph_objects as go

from . import blockers, charts, responsibility
from .scene import Scene
from .status import levels_over_time


def status_board(sc: Scene) -> go.Figure:
    return charts.status_board(sc.shown, sc.stamp)


def phase_progress(sc: Scene) -> go.Figure:
    return charts.phase_progress(sc.shown, {p: ph.name for p, ph in sc.ds.phases.items()}, sc.stamp)


def blockers_by_actor(sc: Scene) -> go.Figure:
    return charts.blockers_by_actor(sc.active, sc.names, sc.stamp)


def blockers_by_category(sc: Scene) -> go.Figure:
    return charts.blockers_by_category(sc.active, sc.stamp)


def blockers_over_time(sc: Scene) -> go.Figure:
    shown = {s.id for s in sc.shown}
    return charts.blockers_over_time(blockers.count_over_time(sc.ds, sc.as_of, shown), sc.stamp)


def responsibility_matrix(sc: Scene) -> go.Figure:
    ids = [s.id for s in sc.shown]
    cells = [c for c in responsibility.matrix(sc.ds) if c.point in ids]
    return charts.responsibility_matrix(cells, sc.names, ids, sc.stamp)


def timeline(sc: Scene) -> go.Figure:
    return charts.timeline(sc.shown, charts.date_markers(sc.ds, sc.shown, sc.as_of), sc.stamp)


def levels(sc: Scene) -> go.Figure:
    markers = charts.date_markers(sc.ds, sc.shown, sc.as_of)
    shown = {s.id for s in sc.shown}
    return charts.levels_over_time(levels_over_time(sc.ds, sc.as_of, shown), markers, sc.stamp)


def dependencies(sc: Scene) -> go.Figure:
    return charts.dependency_graph(sc.statuses, sc.stamp)


def point_history(sc: Scene, point_id: int) -> go.Figure:
    return charts.point_history(sc.status(point_id), sc.ds.date_range()[0], sc.stamp)


def point_indicators(sc: Scene, point_id: int) -> go.Figure:
    return charts.indicator_bars(sc.status(point_id), sc.stamp)


CATALOGUE: dict[str, Callable[[Scene], go.Figure]] = {
    "status-board": status_board,
    "phase-progress": phase_progress,
    "blockers-by-actor": blockers_by_actor,
    "blockers-by-category": blockers_by_category,
    "blockers-over-time": blockers_over_time,
    "responsibility": responsibility_matrix,
    "timeline": timeline,
    "levels-over-time": levels,
    "dependencies": dependencies,
}
