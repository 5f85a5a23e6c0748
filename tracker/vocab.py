"""Every closed vocabulary of the tracker, declared once as data.

Models build their allowed values from these tables, the dashboard shows their
definitions on the Methodology page, charts take their colours from them, and the
docs quote them. Colours are from the Okabe-Ito and ColorBrewer "Blues" palettes,
which stay distinguishable for the common forms of colour blindness.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    id: str
    label: str
    definition: str
    color: str = "#999999"
    progress: int | None = None  # levels only: the progress (0-100) the level stands for
    symbol: str = ""  # levels and momentum: a mark readable without colour
    gating: bool = True  # dependency kinds only: does an unmet one hold its point back


LEVELS: tuple[Term, ...] = (
    Term("not_initiated", "Not initiated",
         "No step towards carrying out the point has been reported.", "#d9d9d9", 0, symbol="○"),
    Term("minimal", "Minimal",
         "The point is agreed or first steps are under way, but little of it has been "
         "carried out.", "#9ecae1", 33, symbol="◔"),
    Term("intermediate", "Intermediate",
         "A substantial part of the point has been carried out, but not all of it.",
         "#4292c6", 67, symbol="◑"),
    Term("full", "Full", "The point has been carried out as written.", "#08306b", 100, symbol="●"),
    Term("unclear", "Unclear",
         "The report says something about the point but cannot be rated on the scale. "
         "Progress keeps the last rated level.", "#e5c494", None, symbol="?"),
)

MOMENTUM: tuple[Term, ...] = (
    Term("advancing", "Advancing", "Reported steps move the point forward.", "#009e73",
         symbol="▲"),
    Term("stalled", "Stalled", "Reported obstacles hold the point where it is.", "#e69f00",
         symbol="■"),
    Term("reversed", "Reversed", "Reported events undo part of what was achieved.",
         "#d55e00", symbol="▼"),
)

ROLES: tuple[Term, ...] = (
    Term("lead", "Lead", "Must carry out the point."),
    Term("party", "Party", "A party to the conflict whose consent or action the point needs."),
    Term("mediator", "Mediator / guarantor",
         "Brokers the point or guarantees that the parties keep it."),
    Term("oversight", "Oversight", "Supervises or monitors how the point is carried out."),
    Term("support", "Support", "Contributes money, troops, staff or goods."),
)

BLOCKER_CATEGORIES: tuple[Term, ...] = (
    Term("refusal", "Refusal", "An actor rejects or will not take a required step.",
         "#d55e00"),
    Term("precondition", "Precondition",
         "An actor makes its step conditional on something not yet done.", "#e69f00"),
    Term("dispute", "Dispute", "The actors disagree on the terms or on the facts.",
         "#cc79a7"),
    Term("capacity", "Capacity",
         "Means, logistics or institutions are missing to carry the step out.", "#56b4e9"),
    Term("violation", "Violation", "An agreed term is reported broken.", "#000000"),
    Term("escalation", "Escalation",
         "A use of force that puts the agreement at risk, whatever its legal reading.", "#882255"),
    Term("politics", "Domestic politics",
         "Pressure inside an actor's own politics works against the step.", "#0072b2"),
    Term("outstanding", "Outstanding",
         "An obligation that fell due is not met, and the report gives no cause.",
         "#999999"),
)

ACTOR_KINDS: tuple[Term, ...] = (
    Term("state", "State", "A country or its government."),
    Term("armed_group", "Armed group", "A non-state armed organisation."),
    Term("international_body", "International body",
         "An organisation, force, mechanism or group of several states."),
    Term("authority", "Authority",
         "A governing body, existing or planned, short of a recognised state."),
    Term("person", "Person", "An individual acting in a named role."),
    Term("faction", "Faction", "A party or wing inside one side's politics."),
    Term("office", "Office", "A ministry, agency, command or other part of a state."),
)

DEPENDENCY_KINDS: tuple[Term, ...] = (
    Term("after", "After", "The point is due only once the other point is carried out."),
    Term("tied_to", "Tied to",
         "The point advances in step with the other point's milestones."),
    Term("waits_on", "Waits on", "Part of the point waits until the other point is done."),
    Term("fallback_for", "Fallback for",
         "The point applies if the other point is delayed or rejected; it does not hold "
         "the point back.", gating=False),
)

MILESTONE_STATES: tuple[Term, ...] = (
    Term("met", "Met", "The party has done what the milestone asks.", "#009e73", symbol="●"),
    Term("partly", "Partly met", "Part of it is done, or done by some of the parties.", "#56b4e9", symbol="◐"),
    Term("not_met", "Not met", "A report says it is not done (when it fell due, or as of the report).",
         "#e69f00", symbol="○"),
    Term("reversed", "Reversed", "It was done, then undone.", "#d55e00", symbol="▼"),
)

SOURCE_KINDS: tuple[Term, ...] = (
    Term("newspaper", "Newspaper or news site", "An outlet's own reporting (print, online or magazine)."),
    Term("wire", "Wire service", "A news agency's copy (AP, Reuters, AFP, Anadolu, Xinhua...)."),
    Term("broadcaster", "Broadcaster", "A television or radio newsroom's website."),
    Term("official", "Official statement or document", "A government, party or armed group speaking for itself."),
    Term("un_ngo", "UN or NGO", "A UN agency or a non-governmental organisation."),
    Term("aggregator", "Aggregator or mirror",
         "A site relaying another outlet's story; `via` names where it comes from."),
)

CONFIDENCE: tuple[Term, ...] = (
    Term("high", "High", "The text states the fact plainly; a second reader would rate it the same."),
    Term("medium", "Medium", "The rating rests on a reading of the text that a second reader might not share."),
    Term("low", "Low", "The text only hints at it; the rating is provisional."),
)

REVIEW_OUTCOMES: tuple[Term, ...] = (
    Term("changed", "Changed", "The data was corrected as the review suggested (or otherwise)."),
    Term("kept", "Kept", "The data stands; the resolution gives the rationale."),
)

FINDING_KINDS: tuple[Term, ...] = (
    Term("wrong_fact", "Wrong fact", "A note or blocker says something the text does not."),
    Term("weak_support", "Weak support", "The cited text carries the claim only in part."),
    Term("cosmetic", "Cosmetic", "Wording, dating or labels to tighten; the rating is not at stake."),
    Term("miss", "Miss", "Something the text reports that the data does not record."),
)


def ids(terms: tuple[Term, ...]) -> tuple[str, ...]:
    return tuple(t.id for t in terms)


def ink_on(background: str) -> str:
    """Black or white text, whichever contrasts more with a #rrggbb background (WCAG luminance)."""
    def channel(hex2: str) -> float:
        c = int(hex2, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    h = background.lstrip("#")
    lum = 0.2126 * channel(h[0:2]) + 0.7152 * channel(h[2:4]) + 0.0722 * channel(h[4:6])
    return "#111111" if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "#ffffff"


def by_id(terms: tuple[Term, ...]) -> dict[str, Term]:
    return {t.id: t for t in terms}


LEVEL = by_id(LEVELS)
# The ordinal scale, lowest first: every level but 'unclear', which is off the scale.
ORDINAL_LEVELS: tuple[str, ...] = tuple(t.id for t in LEVELS if t.progress is not None)
_RANK = {level: i for i, level in enumerate(ORDINAL_LEVELS)}


def rank(level: str | None) -> int | None:
    """A level's place on the ordinal scale (not_initiated 0 ... full 3); None off the scale."""
    return _RANK.get(level) if level is not None else None


MOMENTUM_BY_ID = by_id(MOMENTUM)
CATEGORY = by_id(BLOCKER_CATEGORIES)
MILESTONE_STATE = by_id(MILESTONE_STATES)
SOURCE_KIND = by_id(SOURCE_KINDS)
DEPENDENCY = by_id(DEPENDENCY_KINDS)

VOCABULARIES: dict[str, tuple[Term, ...]] = {
    "Implementation level": LEVELS,
    "Momentum": MOMENTUM,
    "Role": ROLES,
    "Blocker category": BLOCKER_CATEGORIES,
    "Actor kind": ACTOR_KINDS,
    "Dependency kind": DEPENDENCY_KINDS,
    "Milestone state": MILESTONE_STATES,
    "Source kind": SOURCE_KINDS,
    "Confidence": CONFIDENCE,
    "Review outcome": REVIEW_OUTCOMES,
    "Review finding": FINDING_KINDS,
}
