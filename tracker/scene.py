"""One view of the data: a dataset, an as-of date and filters, with what pages derive from them.

The dashboard pages and the snapshot command both start from a Scene, so a chart
downloaded from the app and the same chart written by `snapshot` are the same figure.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from . import blockers, charts
from .dataset import Dataset
from .filters import Filters, point_ids
from .status import BlockerState, PointStatus, status_as_of


@dataclass(frozen=True)
class Scene:
    ds: Dataset
    as_of: date
    filters: Filters = field(default_factory=Filters)

    @cached_property
    def statuses(self) -> list[PointStatus]:
        """Every point, whatever the filters."""
        return status_as_of(self.ds, self.as_of)

    @cached_property
    def shown(self) -> list[PointStatus]:
        """The points the filters let through."""
        keep = set(point_ids(self.ds, self.filters, self.as_of))
        return [s for s in self.statuses if s.id in keep]

    @cached_property
    def active(self) -> list[BlockerState]:
        return blockers.active(self.shown)

    @cached_property
    def stamp(self) -> charts.Stamp:
        return charts.stamp_for(self.ds, self.as_of)

    @cached_property
    def names(self) -> dict[str, str]:
        return {a.id: a.name for a in self.ds.actors.values()}

    def actor_name(self, actor_id: str) -> str:
        return self.names.get(actor_id, actor_id)

    def status(self, point_id: int) -> PointStatus:
        return next(s for s in self.statuses if s.id == point_id)
