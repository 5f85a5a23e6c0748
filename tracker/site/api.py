"""The site's static API: the shapes of its JSON files as typed models (their JSON Schemas are
generated from these, and every file is checked against its model before it is written)."""
from __future__ import annotations

import json
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from ..dataset import Dataset
from ..model import Level, MilestoneState, Momentum, Point, Source, Update
from ..status import log_order


class Shape(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BlockerRecord(Shape):
    id: str
    text: str
    category: str
    actors: list[str]
    since: date
    first_reported: date
    last_confirmed: date
    stale: bool  # not stated or confirmed within the plan's age rule (blocker_days)
    former_ids: list[str]  # ids of blockers found to restate this one (`same_as`), merged into it


class IndicatorRecord(Shape):
    value: float
    target: float
    as_of: date
    source: str
    claimed_by: list[str]
    first_reported: date | None
    last_confirmed: date | None
    stale: bool


class CompetingFigure(Shape):
    indicator: str
    value: float
    as_of: date
    source: str
    claimed_by: list[str]


class MilestoneRecord(Shape):
    id: str
    text: str
    actors: list[str]
    state: MilestoneState | None  # all obliged parties together
    states: dict[str, MilestoneState | None]  # each obliged party's own state
    as_of: date | None
    update: str | None
    claimed_by: list[str]
    first_reported: date | None
    last_confirmed: date | None
    stale: bool


class DeadlineRecord(Shape):
    id: str
    due: date
    state: Literal["met", "missed", "pending"]


class PointRecord(Shape):
    id: int
    title: str
    phase: int
    themes: list[str]
    level: Level
    momentum: Momentum | None
    progress: float
    note: str | None
    responsible: list[str]
    roles: dict[str, str]
    blockers: list[BlockerRecord]
    depends_on: list[int]
    unmet_prerequisites: list[int]
    indicators: dict[str, IndicatorRecord]
    competing_figures: list[CompetingFigure]
    milestones: list[MilestoneRecord]
    deadlines: list[DeadlineRecord]
    last_update: date | None
    days_since_update: int | None
    level_last_confirmed: date | None
    momentum_stale: bool  # the momentum is older than the plan's age rule (momentum_days)
    sources: list[str]


class Progress(Shape):
    overall: float
    by_phase: dict[str, float]


class BlockerSummary(Shape):
    active: int
    confirmed: int  # stated or confirmed within the last `within_days` days
    unconfirmed: int
    within_days: int


class Obligation(Shape):
    point: int
    milestone: str
    state: MilestoneState | None
    as_of: date | None


class SourceRef(Shape):
    id: str
    outlet: str
    published: date
    url: str | None
    archive_url: str | None


class StatusDocument(Shape):
    """The status of every point as of a date: what `python -m tracker status --format json` prints."""

    as_of: date
    data_version: str
    latest_report: date | None
    plan: str | None
    progress: Progress
    points: list[PointRecord]
    blockers_summary: BlockerSummary
    obligations: dict[str, list[Obligation]]
    sources: list[SourceRef]


class StatusIndex(Shape):
    """The days that have a status file, oldest first, and the latest."""

    data_version: str
    latest: date
    days: list[date]
    report_days: list[date]


class PointsDocument(Shape):
    """The plan's points as the plan data defines them (no status)."""

    data_version: str
    points: list[Point]


class SourcesDocument(Shape):
    data_version: str
    sources: list[Source]


class UpdateLine(Update):
    """One line of updates.jsonl: an update as written in its status file, with its address."""

    ref: str
    source: str
    reviews: list[str]


SCHEMAS: dict[str, type[BaseModel]] = {
    "status": StatusDocument,
    "status-index": StatusIndex,
    "points": PointsDocument,
    "sources": SourcesDocument,
    "update": UpdateLine,
}


def schema(name: str, base: str) -> dict[str, Any]:
    raw = SCHEMAS[name].model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"{base}api/schema/{name}.schema.json",
            **raw}


def dump(doc: dict[str, Any] | list[Any]) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def checked(name: str, doc: dict[str, Any]) -> dict[str, Any]:
    """The document, after checking it has its model's shape (a mistake fails the publish)."""
    SCHEMAS[name].model_validate(doc)
    return doc


def points_document(ds: Dataset) -> dict[str, Any]:
    return checked("points", {"data_version": ds.version,
                              "points": [p.model_dump(mode="json")
                                         for p in sorted(ds.points.values(), key=lambda p: p.id)]})


def sources_document(ds: Dataset) -> dict[str, Any]:
    return checked("sources", {"data_version": ds.version, "sources": [
        s.model_dump(mode="json") for s in sorted(ds.sources.values(), key=lambda s: (s.published, s.id))]})


def update_lines(ds: Dataset, reviews: dict[str, list[str]]) -> str:
    lines = []
    for e in log_order(ds):
        record = {"ref": e.ref, "source": e.source, **e.update.model_dump(mode="json", exclude_defaults=False),
                  "reviews": reviews.get(e.ref, [])}
        UpdateLine.model_validate(record)
        lines.append(json.dumps(record, ensure_ascii=False, sort_keys=True))
    return "\n".join(lines) + ("\n" if lines else "")
