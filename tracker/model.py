"""Typed models of the YAML files. Closed vocabularies come from :mod:`tracker.vocab`.

These models are the single definition of the file formats: the loader validates
against them and ``python -m tracker schema`` turns them into JSON Schemas.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from . import vocab

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_date(value: object) -> object:
    """The one date rule of the files and the command line: YYYY-MM-DD, a real date."""
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


Day = Annotated[date, BeforeValidator(parse_date)]
Url = Annotated[str, Field(pattern=r"^https?://[^\s<>\"]+$", max_length=500)]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]
Text = Annotated[str, Field(min_length=1, max_length=4000)]
ShortText = Annotated[str, Field(min_length=1, max_length=300)]
PointId = Annotated[int, Field(ge=1, le=999)]

Level = Literal[vocab.ids(vocab.LEVELS)]  # type: ignore[valid-type]
Momentum = Literal[vocab.ids(vocab.MOMENTUM)]  # type: ignore[valid-type]
Role = Literal[vocab.ids(vocab.ROLES)]  # type: ignore[valid-type]
Category = Literal[vocab.ids(vocab.BLOCKER_CATEGORIES)]  # type: ignore[valid-type]
ActorKind = Literal[vocab.ids(vocab.ACTOR_KINDS)]  # type: ignore[valid-type]
DependencyKind = Literal[vocab.ids(vocab.DEPENDENCY_KINDS)]  # type: ignore[valid-type]
MilestoneState = Literal[vocab.ids(vocab.MILESTONE_STATES)]  # type: ignore[valid-type]
SourceKind = Literal[vocab.ids(vocab.SOURCE_KINDS)]  # type: ignore[valid-type]
Confidence = Literal[vocab.ids(vocab.CONFIDENCE)]  # type: ignore[valid-type]
Outcome = Literal[vocab.ids(vocab.REVIEW_OUTCOMES)]  # type: ignore[valid-type]
FindingKind = Literal[vocab.ids(vocab.FINDING_KINDS)]  # type: ignore[valid-type]


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


class AgeRules(Record):
    """How long a reported fact is taken to hold without a new report (see the Methodology page)."""

    blocker_days: int = Field(90, ge=1, le=3650, description=(
        "A blocker no report has stated or confirmed for this many days is shown as unconfirmed "
        "since its last confirmation, and counted apart from confirmed ones"))
    momentum_days: int = Field(60, ge=1, le=3650, description=(
        "Momentum older than this many days is shown as 'no recent report' instead of its value"))
    fact_days: int = Field(180, ge=1, le=3650, description=(
        "A milestone state or indicator value no report has given or confirmed for this many days "
        "is marked as not recently confirmed"))


class ThemeDef(Record):
    """A theme of the plan, to group and filter its points: declared by each plan."""

    id: Slug
    label: ShortText
    definition: Text


Word = Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[^\n]*\S[^\n]*$")]


class IngestWords(Record):
    """The words `ingest` reads this plan's reports with, beyond each point's lexicon and the
    actors' names: what is the plan's own, where the grammar of the cues is the tracker's."""

    units: dict[Word, list[Word]] = Field(default_factory=dict, description=(
        "For an indicator's unit, the nouns a report counts it with (unit 'vessels': vessels, ships, boats); "
        "a unit not listed is read as its own word"))
    last_items: list[Word] = Field(default_factory=list, description=(
        "Things whose last one being returned, found or released completes a point ('the last vessel was "
        "returned'), in the singular"))
    qualifiers: dict[Slug, list[Word]] = Field(default_factory=dict, description=(
        "Kinds an indicator's name and a figure can both carry, with the words that say each (laden: laden, "
        "loaded, full): a figure of one kind counts only for the indicator of the same kind"))
    context_terms: list[Word] = Field(default_factory=list, description=(
        "Words reports use for the plan as a whole (ceasefire, truce): a point found through these alone, with "
        "no nearby sentence saying something happened, is context and left out of a draft"))


class Plan(Record):
    title: ShortText
    short_title: ShortText
    released: Day
    released_by: ShortText
    summary: Text
    phases: list[Phase] = Field(min_length=1)
    themes: list[ThemeDef] = Field(default_factory=list, description=(
        "The plan's themes, to group and filter its points; each point names one or more by id"))
    tracker_name: ShortText | None = Field(None, description=(
        "The tracker's name on charts, pages and releases (default: the short title and 'tracker')"))
    slug: Slug | None = Field(None, description=(
        "The tracker's name in file names and feed ids (default: made from tracker_name); keep it once published"))
    age_rules: AgeRules = Field(default_factory=AgeRules, description=(
        "How long facts hold without a new report; the defaults apply where the plan says nothing"))
    ingest: IngestWords = Field(default_factory=IngestWords, description=(
        "The plan's own words for the draft extractor (python -m tracker ingest)"))


    @property
    def name(self) -> str:
        return self.tracker_name or f"{self.short_title} tracker"

    @property
    def name_slug(self) -> str:
        return self.slug or (re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-")[:64] or "plan-tracker")


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


class Milestone(Record):
    id: Slug
    text: ShortText = Field(description="What is to be done, in the plan's terms")
    actors: list[Slug] = Field(min_length=1, description="The actors obliged to carry it out")
    indicator: Slug | None = Field(None, description="An indicator of the point that measures it")
    deadline: Slug | None = Field(None, description="A deadline of the point it falls due by")


class Point(Record):
    id: PointId
    title: ShortText
    summary: Text
    phase: int = Field(ge=1, le=9)
    themes: list[Slug] = Field(min_length=1, description="Ids of the plan's themes (plan/plan.yaml) the point is about")
    actors: list[Responsibility] = Field(min_length=1)
    depends_on: list[Dependency] = Field(default_factory=list)
    deadlines: list[Deadline] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    milestones: list[Milestone] = Field(default_factory=list,
                                        description="Concrete steps the plan asks for, each with who owes it")
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
    adjectives: list[ShortText] = Field(default_factory=list, description=(
        "For a state, its adjective ('Freedonian'), so that 'Freedonian army' is also read as 'Freedonia's army'; "
        "list it under aliases too if the word alone names the party"))
    affiliation: Slug | None = Field(None, description="Actor id of the body a person or office belongs to")
    note: Text | None = None


class ActorsFile(Record):
    actors: list[Actor]


# --- seeds/sources.yaml -----------------------------------------------------------

class Source(Record):
    id: Slug
    outlet: ShortText
    label: Annotated[str, Field(min_length=1, max_length=40)] = Field(
        description="Short name for source lines on charts, e.g. 'Reuters'")
    headline: ShortText
    kind: SourceKind = Field(description="What kind of source it is")
    via: ShortText | None = Field(None, description="The wire agency or outlet a copy or mirror comes from")
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
    claimed_by: Slug | None = Field(None, description=(
        "The actor whose claim the article reports (a party's figure or statement), "
        "when the article does not state it as fact"))


class Cause(Record):
    """What a blocker waits for: when it is met, the blocker ends on that day."""

    point: PointId | None = Field(None, description="The point the milestone, indicator or blocker belongs "
                                                    "to (default: the blocker's own point)")
    milestone: Slug | None = Field(None, description="Ends when this milestone is reported met")
    indicator: Slug | None = Field(None, description="Ends when this indicator reaches its target")
    blocker: Slug | None = Field(None, description="Ends when this other blocker is resolved")
    text: ShortText = Field(description="The stated cause in our words, shown when the blocker ends")

    @model_validator(mode="after")
    def _one_kind(self) -> Cause:
        named = [k for k in ("milestone", "indicator", "blocker") if getattr(self, k)]
        if len(named) != 1:
            raise ValueError("name exactly one of milestone, indicator or blocker")
        return self


class Blocker(Record):
    id: Slug = Field(description="Stable per point: restate the id in a later update to change or resolve it")
    text: Text
    category: Category
    actors: list[Slug] = Field(min_length=1)
    since: Day | None = None
    resolved: Day | None = None
    until: Cause | None = Field(None, description="What the blocker waits for; it ends when that is met")
    same_as: Slug | None = Field(None, description=(
        "This blocker restates another blocker of the point, given by its id: both are one blocker, shown "
        "under that id (the one kept), and this id is listed as a former id of it"))


class Dispute(Record):
    claim: Text
    by: list[Slug] = Field(min_length=1)
    evidence: list[Evidence] = Field(min_length=1)


class Update(Record):
    id: Slug = Field(description="Stable and unique within the status file: reviews and links point at it")
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
    milestones: dict[Slug, MilestoneState | dict[Slug, MilestoneState]] = Field(default_factory=dict, description=(
        "States of the points' milestones that this report gives, by milestone id: one state for every "
        "obliged party, or a state per party ({actor id: state}) where the report tells them apart"))
    claims: dict[Slug, Slug] = Field(default_factory=dict, description=(
        "Whose claim a milestone state or indicator value given in this update rests on, by its id "
        "(an actor id), where the report gives it as that party's claim and not as fact"))
    confirms: list[Slug] = Field(default_factory=list, description=(
        "Ids of the points' active blockers, milestones or indicators that this report confirms still "
        "hold, without restating them"))
    actors: list[Slug] = Field(default_factory=list)
    evidence: list[Evidence] = Field(min_length=1)
    disputed: Dispute | None = None
    rationale: ShortText | None = Field(None, description="Why this level, in a sentence")
    confidence: Confidence | None = Field(None, description="How sure the rating is")
    draft: bool = Field(False, description="Proposed by ingest and not yet reviewed")
    recorded: Day | None = Field(None, description=(
        "When the update was added to the record (the editing path sets it); feeds date the entry by it"))

    def named_actors(self) -> set[str]:
        """Every actor the update names: engaged, behind a blocker, claiming, or disputing it."""
        named = set(self.actors) | {a for b in self.blockers for a in b.actors}
        named |= {ev.claimed_by for ev in self.evidence if ev.claimed_by}
        return named | set(self.disputed.by) if self.disputed else named

    @property
    def claimed_by(self) -> list[str]:
        """The parties whose claims carry the update: set when every piece of evidence is a claim."""
        claimants = [ev.claimed_by for ev in self.evidence]
        return sorted(set(claimants)) if claimants and all(claimants) else []


class StatusFile(Record):
    source: Slug
    updates: list[Update]


# --- reviews/*.yaml ---------------------------------------------------------------

class Resolution(Record):
    outcome: Outcome
    date: Day
    note: Text = Field(description="What was changed, or why the data is kept")


class Review(Record):
    source: Slug = Field(description="The source of the reviewed update")
    update: Slug = Field(description="The reviewed update's id in that source's status file")
    level: Level = Field(description="The update's level when it was reviewed")
    momentum: Momentum | None = Field(None, description="The update's momentum when it was reviewed")
    reviewer_level: Level
    reviewer_momentum: Momentum | None = None
    agree: bool = Field(description="Does the reviewer accept the rating as it was?")
    comment: Text | None = Field(None, description="The reviewer's reading, in our words")
    resolution: Resolution | None = None


class Finding(Record):
    kind: FindingKind
    source: Slug | None = None
    update: Slug | None = Field(None, description="An update id of that source, when the finding is about one")
    points: list[PointId] = Field(default_factory=list)
    comment: Text
    resolution: Resolution | None = None


class ReviewRound(Record):
    round: Slug
    reviewer: ShortText = Field(description="The second reader's handle")
    date: Day
    scope: Text
    reviews: list[Review] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
