"""Which points a view shows: the phase, theme and actor filters, as one pure function."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .dataset import Dataset


@dataclass(frozen=True)
class Filters:
    phases: tuple[int, ...] = ()
    themes: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        return bool(self.phases or self.themes or self.actors)


def actors_of_point(ds: Dataset, as_of: date | None = None) -> dict[int, set[str]]:
    """Actors with a role in each point, or named in one of its updates up to `as_of`."""
    out = {pid: {r.actor for r in p.actors} for pid, p in ds.points.items()}
    for e in ds.entries:
        if as_of is None or e.date <= as_of:
            for pid in e.update.points:
                out.setdefault(pid, set()).update(e.update.named_actors())
    return out


def point_ids(ds: Dataset, f: Filters, as_of: date | None = None) -> list[int]:
    """Points passing every filter that is set (an empty filter lets everything through)."""
    involved = actors_of_point(ds, as_of) if f.actors else {}
    keep = []
    for pid, p in sorted(ds.points.items()):
        if f.phases and p.phase not in f.phases:
            continue
        if f.themes and not set(p.themes) & set(f.themes):
            continue
        if f.actors and not involved.get(pid, set()) & set(f.actors):
            continue
        keep.append(pid)
    return keep
