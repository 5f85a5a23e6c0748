"""What every table and column of a release means, declared once: the data package, the
codebook and Datasette's metadata are all written from here. A column's closed vocabulary
is named by its tracker.vocab table, so its values and their definitions are never retyped."""
from __future__ import annotations

from dataclasses import dataclass

from .. import vocab


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Frictionless field type: string, integer, number, date, boolean
    description: str
    terms: tuple[vocab.Term, ...] = ()  # the closed vocabulary of its values, when it has one
    ordered: bool = False  # the vocabulary's order means something (levels: not initiated < ... < full)
    required: bool = False


@dataclass(frozen=True)
class TableInfo:
    title: str
    description: str
    columns: tuple[Column, ...]
    foreign_keys: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = ()  # (fields, table, its fields)


def C(name: str, type_: str, description: str, terms: tuple[vocab.Term, ...] = (), ordered: bool = False,
      required: bool = False) -> Column:
    return Column(name, type_, description, terms, ordered, required)


# Levels ordered as the scale runs; 'unclear' is not on the scale, so a level column with it is an
# unordered category, and the panels give the scale's rank as a number beside it.
SCALE = tuple(t for t in vocab.LEVELS if t.progress is not None)
REF = C("update_ref", "string", "The update's address: source id / update id (see updates.ref)", required=True)
POINT = C("point", "integer", "Plan point number (see points.id)", required=True)

TABLES: dict[str, TableInfo] = {
    "points": TableInfo("Points of the plan", "One row per point of the plan, as written.", (
        C("id", "integer", "Point number, as numbered in the plan", required=True),
        C("title", "string", "Short title of the point, in our words"),
        C("phase", "integer", "The plan's phase the point belongs to"),
        C("themes", "string", "Themes of the point, separated by ';'"),
        C("summary", "string", "What the point asks, in our words"))),
    "actors": TableInfo("Actors", "States, parties, bodies and people the record names.", (
        C("id", "string", "Actor id, used wherever an actor is named", required=True),
        C("name", "string", "Name"),
        C("kind", "string", "Kind of actor", vocab.ACTOR_KINDS),
        C("aliases", "string", "Other names found in reports, separated by ';'"),
        C("affiliation", "string", "The actor it belongs to (an actor id), if any"),
        C("note", "string", "A note on the actor"))),
    "sources": TableInfo("Sources", "The news reports and documents the record cites.", (
        C("id", "string", "Source id", required=True),
        C("outlet", "string", "Who published it"),
        C("label", "string", "Short name used on charts"),
        C("headline", "string", "Headline"),
        C("kind", "string", "Kind of source", vocab.SOURCE_KINDS),
        C("via", "string", "Where a relayed story comes from"),
        C("author", "string", "Author, when given"),
        C("published", "date", "Publication date"),
        C("date_basis", "string", "How the publication date was established"),
        C("url", "string", "Address of the report"),
        C("archive_url", "string", "Address of an archived copy"),
        C("summary", "string", "What the report says, in our words"))),
    "updates": TableInfo("Updates", "One row per status update: what one report says of one or more points, "
                         "rated on the scale.", (
        C("ref", "string", "The update's address: source id / update id", required=True),
        C("source", "string", "The report it rests on (see sources.id)", required=True),
        C("id", "string", "Update id, unique within its source", required=True),
        C("date", "date", "Date of the event reported (else of the report)", required=True),
        C("points", "string", "The points it rates, separated by ';' (see update_points)"),
        C("level", "string", "Implementation level the report supports", vocab.LEVELS),
        C("momentum", "string", "Direction of change the report supports (empty: none reported)", vocab.MOMENTUM),
        C("note", "string", "What the report says, in our words"),
        C("rationale", "string", "Why this level, in a sentence"),
        C("confidence", "string", "How sure the rating is", vocab.CONFIDENCE),
        C("disputed_claim", "string", "A party's claim disputing the report, in our words"),
        C("disputed_by", "string", "Who disputes it (actor ids, ';')")), (
        (("source",), "sources", ("id",)),)),
    "update_points": TableInfo("Points of each update", "One row per update and point it rates.", (
        REF, POINT), ((("update_ref",), "updates", ("ref",)), (("point",), "points", ("id",)))),
    "evidence": TableInfo("Evidence", "The paragraph and phrase of the report each update rests on.", (
        REF, C("n", "integer", "Order of the evidence within the update", required=True),
        C("source", "string", "The report quoted (see sources.id)"),
        C("paragraph", "integer", "Paragraph number: the N-th non-empty line of the article text"),
        C("phrase", "string", "A few words found in that paragraph"),
        C("claimed_by", "string", "The actor whose claim this is, when the report does not state it as fact")), (
        (("update_ref",), "updates", ("ref",)), (("source",), "sources", ("id",)))),
    "blockers": TableInfo("Blockers stated", "One row per blocker an update states, per point.", (
        REF, POINT, C("id", "string", "Blocker id, stable per point"),
        C("text", "string", "The obstacle, in our words"),
        C("category", "string", "Kind of obstacle", vocab.BLOCKER_CATEGORIES),
        C("actors", "string", "Who holds it (actor ids, ';')"),
        C("since", "date", "Since when, where the report dates it"),
        C("resolved", "date", "Resolved on, where stated with the blocker")), (
        (("update_ref",), "updates", ("ref",)), (("point",), "points", ("id",)))),
    "resolutions": TableInfo("Blockers resolved", "One row per blocker an update reports resolved, per point.", (
        REF, POINT, C("blocker", "string", "The blocker's id"), C("date", "date", "Resolved on (the update's date)")), (
        (("update_ref",), "updates", ("ref",)), (("point",), "points", ("id",)))),
    "indicator_values": TableInfo("Indicator values", "One row per figure an update gives.", (
        REF, C("indicator", "string", "Indicator id (see points in plan/points.yaml)", required=True),
        C("value", "number", "The figure")), ((("update_ref",), "updates", ("ref",)),)),
    "milestones": TableInfo("Milestones", "The steps each point asks of its parties.", (
        POINT, C("id", "string", "Milestone id", required=True), C("text", "string", "The step, in our words"),
        C("actors", "string", "Who owes it (actor ids, ';')"),
        C("indicator", "string", "The indicator that measures it, if any"),
        C("deadline", "string", "The deadline that applies to it, if any")), ((("point",), "points", ("id",)),)),
    "milestone_states": TableInfo("Milestone states", "One row per milestone state an update gives.", (
        REF, C("milestone", "string", "Milestone id", required=True),
        C("actor", "string", "The party the state is about (empty: every obliged party)"),
        C("state", "string", "State of the milestone", vocab.MILESTONE_STATES)), (
        (("update_ref",), "updates", ("ref",)),)),
    "reviews": TableInfo("Second readings", "One row per update read again by someone who did not code it.", (
        C("round", "string", "Review round id"), C("reviewer", "string", "Who read it (a pseudonym)"),
        C("date", "date", "Date of the round"), C("update_ref", "string", "The update read (see updates.ref)"),
        C("level", "string", "The update's level when read", vocab.LEVELS),
        C("momentum", "string", "The update's momentum when read", vocab.MOMENTUM),
        C("reviewer_level", "string", "The reader's level", vocab.LEVELS),
        C("reviewer_momentum", "string", "The reader's momentum", vocab.MOMENTUM),
        C("agree", "integer", "1 if the reader accepts the rating as it was, else 0"),
        C("comment", "string", "The reader's reading, in our words"),
        C("outcome", "string", "How a disagreement was settled", vocab.REVIEW_OUTCOMES),
        C("settled", "date", "When it was settled"), C("settlement", "string", "What was changed, or why kept")), (
        (("update_ref",), "updates", ("ref",)),)),
    "findings": TableInfo("Findings", "What a second reading found beyond the ratings (a miss, a date...).", (
        C("round", "string", "Review round id"), C("reviewer", "string", "Who read it (a pseudonym)"),
        C("date", "date", "Date of the round"), C("update_ref", "string", "The update concerned, if any"),
        C("kind", "string", "Kind of finding", vocab.FINDING_KINDS),
        C("points", "string", "Points concerned (';')"), C("comment", "string", "The finding, in our words"),
        C("outcome", "string", "How it was settled", vocab.REVIEW_OUTCOMES),
        C("settled", "date", "When it was settled"), C("settlement", "string", "What was changed, or why kept"))),
}

_PANEL_VALUES = (
    C("phase", "integer", "The point's phase"),
    C("level", "string", "Level on the scale as of the day: the last rated level, carried forward", SCALE,
      ordered=True),
    C("unclear", "boolean", "The latest report on the point could not be rated on the scale (level keeps the "
                            "last rated one)"),
    C("level_rank", "integer", "The level's place on the scale: 0 not initiated, 1 minimal, 2 intermediate, 3 full"),
    C("progress", "number", "Progress 0-100: the level's value (0, 33, 67, 100), or the point's measuring indicator's "
                            "share of its target where a report at or after the last rating gives it"),
    C("momentum", "string", "Momentum a reader is told: empty when none was reported or it is older than the "
                            "age rule", vocab.MOMENTUM),
    C("momentum_stale", "boolean", "A momentum was reported but is older than the age rule"),
    C("active_blockers", "integer", "Blockers active on the day"),
    C("confirmed_blockers", "integer", "Active blockers stated or confirmed within the age rule"),
    C("last_report", "date", "The latest update on the point up to the day (empty: none yet)"),
    C("days_since_report", "integer", "Days from that update to the day (empty: no update yet)"),
    C("updates", "integer", "Updates on the point up to the day"),
    C("reviewed", "integer", "Of those, updates a second reading had read by the day (a review round is dated "
                             "when it was read, so this is 0 before the first round)"),
)
TABLES.update({
    "point_day": TableInfo("Panel: point × day", "Where each point stood on each day from the plan's release to "
                           "the release's as-of date, by the tracker's rules (the status as of that day).", (
        POINT, C("day", "date", "The day", required=True), *_PANEL_VALUES), ((("point",), "points", ("id",)),)),
    "point_month": TableInfo("Panel: point × month", "The same, on the last day of each month (or the as-of date "
                             "for its month).", (
        POINT, C("month", "string", "The month, YYYY-MM", required=True), *_PANEL_VALUES),
        ((("point",), "points", ("id",)),)),
    "actor_milestone_month": TableInfo("Panel: actor × milestone × month", "Each obliged party's state of each "
                                       "milestone at the end of each month: who owes what.", (
        C("actor", "string", "The obliged party (see actors.id)", required=True), POINT,
        C("milestone", "string", "Milestone id", required=True),
        C("month", "string", "The month, YYYY-MM", required=True),
        C("state", "string", "The party's state of the milestone (empty: not reported)", vocab.MILESTONE_STATES),
        C("last_reported", "date", "The latest report giving or confirming it")), (
        (("actor",), "actors", ("id",)), (("point",), "points", ("id",)))),
    "blocker_spans": TableInfo("Blockers over time", "Each blocker of each point with when it began and ended, as of "
                               "the release's date (one row per point and blocker id; restated ids merged).", (
        POINT, C("blocker", "string", "Blocker id", required=True), C("text", "string", "The obstacle, latest wording"),
        C("category", "string", "Kind of obstacle", vocab.BLOCKER_CATEGORIES),
        C("actors", "string", "Who holds it (actor ids, ';')"),
        C("since", "date", "Active from"), C("ended", "date", "Resolved, or ended by its cause (empty: still active)"),
        C("ended_by", "string", "The cause that was met, when it ended by its cause"),
        C("last_confirmed", "date", "The latest report stating or confirming it")), (
        (("point",), "points", ("id",)),)),
})
PANELS = ("point_day", "point_month", "actor_milestone_month")
