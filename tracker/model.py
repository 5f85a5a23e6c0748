"""Typed models of the YAML files. Closed vocabularies come from :mod:`tracker.vocab`.

These models are the single definition of the file formats: the loader validates
against them and ``python -m tracker schema`` turns them into JSON Schemas.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from . import vocab

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _parse_date(value: object) -> object:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _DATE.match(value):
        raise ValueError(f"expected a date written YYYY-MM-DD, got {value!r}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value} is not a real date") from None


MAX_PHRASE_WORDS = 10  # a key phrase quotes a short span of the paragraph, never a sentence


def _short_phrase(value: str) -> str:
    words = len(value.split())
    if words > MAX_PHRASE_WORDS:
        raise ValueError(f"the key phrase has {words} words; quote at most {MAX_PHRASE_WORDS} words "
                         "that carry the fact")
    return value


Day = Annotated[date, BeforeValidator(_parse_date)]
Url = Annotated[str, Field(pattern=r"^https?://[^\s<>\"]+$", max_length=500)]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]
Text = Annotated[str, Field(min_length=1, max_length=4000)]
ShortText = Annotated[str, Field(min_length=1, max_length=300)]
PointId = Annotated[int, Field(ge=1, le=999)]

Level = Literal[vocab.ids(vocab.LEVELS)]  # type: ignore[valid-type]
Momentum = Literal[vocab.ids(vocab.MOMENTUM)]  # type: ignore[valid-type]
Role = Literal[vocab.ids(vocab.ROLES)]  # type: ignore[valid-type]
Category = Literal[vocab.ids(vocab.BLOCKER_CATEGORIES)]  # type: ignore[valid-type]
Theme = Literal[vocab.ids(vocab.THEMES)]  # type: ignore[valid-type]
ActorKind = Literal[vocab.ids(vocab.ACTOR_KINDS)]  # type: ignore[valid-type]
DependencyKind = Literal[vocab.ids(vocab.DEPENDENCY_KINDS)]  # type: ignore[valid-type]


class Record(BaseModel):
    # strict: no quiet coercion ('3' is not 3, 'no' is not False); the YAML reader already
    # gives real numbers, true/false and text
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, strict=True)


# --- plan/plan.yaml ---------------------------------------------------------------

class Phase(Record):
    id: int = Field(ge=1, le=9)
    name: ShortText
    summary: Text
    agreed: Day | None = Field(None, description="Date the parties signed the phase")
    started: Day | None = Field(None, description="Date the phase took effect")


class Plan(Record):
    title: ShortText
    short_title: ShortText
    released: Day
    released_by: ShortText
    summary: Text
    phases: list[Phase] = Field(min_length=1)


# --- plan/points.yaml -------------------------------------------------------------

class Responsibility(Record):
    actor: Slug
    role: Role


class Dependency(Record):
    point: PointId
    kind: DependencyKind
    note: Text | None = None


class Deadline(Record):
    id: Slug
    text: ShortText
    due: Day
    basis: Text = Field(description="How the due date follows from the plan and events")


class Indicator(Record):
    id: Slug
    name: ShortText
    unit: ShortText
    target: float = Field(gt=0)
    progress: bool = Field(False, description="The point's progress is value / target")
    note: Text | None = None


class Point(Record):
    id: PointId
    title: ShortText
    summary: Text
    phase: int = Field(ge=1, le=9)
    themes: list[Theme] = Field(min_length=1)
    actors: list[Responsibility] = Field(min_length=1)
    depends_on: list[Dependency] = Field(default_factory=list)
    deadlines: list[Deadline] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    lexicon: list[ShortText] = Field(default_factory=list,
                                     description="Words and phrases that signal the point in a text")


class PointsFile(Record):
    points: list[Point]


# --- plan/actors.yaml -------------------------------------------------------------

class Actor(Record):
    id: Slug
    name: ShortText
    kind: ActorKind
    aliases: list[ShortText] = Field(default_factory=list)
    affiliation: Slug | None = Field(None, description="Actor id of the body a person or office belongs to")
    note: Text | None = None


class ActorsFile(Record):
    actors: list[Actor]


# --- seeds/sources.yaml -----------------------------------------------------------

class Source(Record):
    id: Slug
    outlet: ShortText
    label: Annotated[str, Field(min_length=1, max_length=40)] = Field(
        description="Short name for source lines on charts, e.g. 'Times of Israel'")
    headline: ShortText
    author: ShortText | None = None
    published: Day
    date_basis: Text = Field(description="How the publication date was found or inferred")
    url: Url | None = Field(None, description="Where the article was published (http or https)")
    archive_url: Url | None = Field(None, description="An archived copy of the article, if any")
    file: Annotated[str, Field(pattern=r"^[^/\\]*[^/\\.][^/\\]*$", max_length=200)] = Field(
        description="File name (no folder) of the article text in the texts folder")
    summary: Text
    boilerplate: list[int] = Field(default_factory=list,
                                   description="Paragraphs that are page furniture, never evidence")


class SourcesFile(Record):
    sources: list[Source]


# --- status/*.yaml ----------------------------------------------------------------

class Evidence(Record):
    source: Slug | None = Field(None, description="Defaults to the file's source")
    paragraph: int = Field(ge=1, description="N-th non-empty line of the article text")
    phrase: Annotated[str, Field(min_length=2, max_length=90), AfterValidator(_short_phrase)] = Field(
        description=f"A few words (at most {MAX_PHRASE_WORDS}) that occur in that paragraph")


class Blocker(Record):
    id: Slug = Field(description="Stable per point: restate the id in a later update to change or resolve it")
    text: Text
    category: Category
    actors: list[Slug] = Field(min_length=1)
    since: Day | None = None
    resolved: Day | None = None


class Dispute(Record):
    claim: Text
    by: list[Slug] = Field(min_length=1)
    evidence: list[Evidence] = Field(min_length=1)


class Update(Record):
    points: list[PointId] = Field(min_length=1)
    date: Day
    level: Level
    momentum: Momentum | None = None
    note: Text
    indicators: dict[Slug, Annotated[float, Field(ge=0)]] = Field(default_factory=dict)
    blockers: list[Blocker] = Field(default_factory=list)
    resolves: list[Slug] = Field(default_factory=list, description=(
        "Ids of the point's active blockers that this update reports resolved (on its date); "
        "their text, category and actors carry forward"))
    actors: list[Slug] = Field(default_factory=list)
    evidence: list[Evidence] = Field(min_length=1)
    disputed: Dispute | None = None
    draft: bool = Field(False, description="Proposed by ingest and not yet reviewed")

    def named_actors(self) -> set[str]:
        """Every actor the update names: engaged, behind a blocker, or disputing it."""
        named = set(self.actors) | {a for b in self.blockers for a in b.actors}
        return named | set(self.disputed.by) if self.disputed else named


class StatusFile(Record):
    source: Slug
    updates: list[Update]
