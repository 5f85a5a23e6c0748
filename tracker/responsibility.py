"""Who answers for what: the actor x point matrix and what each actor is engaged in."""
from __future__ import annotations

from dataclasses import dataclass

from .dataset import Dataset, Entry
from .status import BlockerState


@dataclass(frozen=True)
class Cell:
    actor: str
    point: int
    role: str


def matrix(ds: Dataset) -> list[Cell]:
    """Every (actor, point, role) the plan assigns, in point order."""
    return [Cell(r.actor, p.id, r.role) for p in sorted(ds.points.values(), key=lambda p: p.id)
            for r in p.actors]


def actor_points(ds: Dataset, actor: str) -> list[Cell]:
    return [c for c in matrix(ds) if c.actor == actor]


def actor_blockers(blockers: list[BlockerState], actor: str) -> list[BlockerState]:
    return [b for b in blockers if actor in b.blocker.actors]


def actor_updates(entries: list[Entry], actor: str) -> list[Entry]:
    """Updates that name the actor as engaged, behind a blocker, or in a dispute."""
    return [e for e in entries if actor in e.update.named_actors()]


def involved_actors(ds: Dataset) -> list[str]:
    """Actors with a role in the plan or named in any update, most involved first."""
    counts: dict[str, int] = {a: 0 for a in ds.actors}
    for c in matrix(ds):
        counts[c.actor] = counts.get(c.actor, 0) + 2
    for e in ds.entries:
        for a in e.update.named_actors():
            counts[a] = counts.get(a, 0) + 1
    return [a for a, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if n and a in ds.actors]
