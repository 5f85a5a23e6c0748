"""The points as a graph of prerequisites, with unmet ones flagged."""
from __future__ import annotations

from dataclasses import dataclass

from . import vocab
from .status import PointStatus, carried_out


@dataclass(frozen=True)
class Edge:
    prerequisite: int
    point: int
    kind: str
    gating: bool
    met: bool
    note: str | None


def edges(statuses: list[PointStatus]) -> list[Edge]:
    done = {s.id: carried_out(s) for s in statuses}
    out = []
    for s in statuses:
        for d in s.point.depends_on:
            gating = vocab.DEPENDENCY[d.kind].gating
            out.append(Edge(d.point, s.id, d.kind, gating, done.get(d.point, False), d.note))
    return out


def blocked_points(statuses: list[PointStatus]) -> list[int]:
    """Points held back by at least one gating prerequisite that is not carried out."""
    return sorted({e.point for e in edges(statuses) if e.gating and not e.met})
