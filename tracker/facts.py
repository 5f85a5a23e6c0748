"""Facts that persist, and how old they are: the figure that counts for each indicator,
each milestone's state (per obliged party), when each was first reported and last confirmed,
and blockers that end when what they wait for is met.

A fact holds from the report that gives it until a later report changes it, but a reader must
see how old it is: every fact here knows its first report and its last confirmation (a report
that restates it, or names it under `confirms:`), and the plan's age rules
(`plan.yaml: age_rules`, see :class:`tracker.model.AgeRules`) say when it is shown as stale.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from .dataset import Entry
from .log import BlockerState, apply_blockers
from .model import Cause, Point


@dataclass(frozen=True)
class IndicatorValue:
    id: str
    name: str
    value: float
    target: float
    unit: str
    as_of: date
    source: str = ""  # the reporting update's source id
    claimed_by: tuple[str, ...] = ()  # the parties whose claim it is, when the report does not state it as fact
    first_reported: date | None = None  # the first report of this value (the run of equal figures)
    last_confirmed: date | None = None  # the latest report restating or confirming it

    @property
    def percent(self) -> float:
        return min(100.0, 100.0 * self.value / self.target)

    @property
    def confirmed(self) -> date:
        return self.last_confirmed or self.as_of


@dataclass(frozen=True)
class MilestoneStatus:
    point: int
    id: str
    text: str
    actors: tuple[str, ...]
    state: str | None  # all parties together: met | partly | not_met | reversed, or None: no report yet
    as_of: date | None  # the date of the latest report that gave a state
    ref: str | None  # that update (source/id), or None when derived from the indicator
    indicator: str | None = None
    states: tuple[tuple[str, str | None], ...] = ()  # (actor, its own state) for every obliged party
    first_reported: date | None = None
    last_confirmed: date | None = None
    claimed_by: tuple[str, ...] = ()  # the parties whose claim the latest state rests on

    @property
    def done(self) -> bool:
        return self.state == "met"

    def state_of(self, actor: str) -> str | None:
        """The obliged party's own state (the state of all parties when the reports do not tell them apart)."""
        return dict(self.states).get(actor, self.state)

    @property
    def confirmed(self) -> date | None:
        return self.last_confirmed or self.as_of


def combine(states: Sequence[str | None]) -> str | None:
    """The state of a milestone owed by several parties, from each party's own: the one state when
    they agree; reversed when any party reversed it; partly when some have done their part;
    not met when none has; none while no party has a report."""
    known = set(states)
    if len(known) == 1:
        return states[0] if states else None
    if "reversed" in known:
        return "reversed"
    if known & {"met", "partly"}:
        return "partly"
    return "not_met" if "not_met" in known else None


def party_states(given: str | Mapping[str, str], actors: Sequence[str]) -> dict[str, str]:
    """A report's milestone value as a state per obliged party: one state for all, or per party."""
    if isinstance(given, str):
        return dict.fromkeys(actors, given)
    return {a: s for a, s in given.items() if a in actors}


SAME_PERIOD_DAYS = 7  # figures from different sources this close together compete


def same_period(values: list) -> list:
    """The figures (oldest first) of the latest one's week."""
    latest = values[-1]
    return [v for v in values if (latest.as_of - v.as_of).days <= SAME_PERIOD_DAYS]


def counted_value(period: list):
    """The figure that counts in a week: the latest stated as fact, else the latest claim."""
    facts = [v for v in period if not v.claimed_by]
    return facts[-1] if facts else period[-1]


def claimants(e: Entry, ident: str) -> tuple[str, ...]:
    """Whose claim a milestone state or figure of this update rests on: the party its `claims`
    names for it, else the parties of the update's evidence when all of it is a claim."""
    if ident in e.update.claims:
        return (e.update.claims[ident],)
    return tuple(e.update.claimed_by)


def _confirmations(upto: Sequence[Entry]) -> dict[str, date]:
    """The latest date each id was named under `confirms:`."""
    out: dict[str, date] = {}
    for e in upto:
        for ident in e.update.confirms:
            out[ident] = e.date
    return out


def indicators_of(point: Point,
                  upto: Sequence[Entry]) -> tuple[tuple[IndicatorValue, ...], tuple[IndicatorValue, ...]]:
    """The figure that counts for each indicator, and the competing figures of other sources."""
    defs = {i.id: i for i in point.indicators}
    values: dict[str, list[IndicatorValue]] = {}
    for e in upto:
        for key, value in e.update.indicators.items():
            if key in defs:
                d = defs[key]
                values.setdefault(key, []).append(IndicatorValue(
                    key, d.name, value, d.target, d.unit, e.date, e.source, claimants(e, key)))
    confirmed = _confirmations(upto)
    counted, competing = [], []
    for key in defs:
        if key not in values:
            continue
        period = same_period(values[key])
        chosen = counted_value(period)
        same = [v for v in values[key] if v.value == chosen.value]
        first = chosen.as_of
        for v in reversed(values[key][:values[key].index(chosen)]):  # back through the run of equal figures
            if v.value != chosen.value:
                break
            first = v.as_of
        last = max([same[-1].as_of, chosen.as_of] + ([confirmed[key]] if key in confirmed else []))
        counted.append(IndicatorValue(chosen.id, chosen.name, chosen.value, chosen.target, chosen.unit,
                                      chosen.as_of, chosen.source, chosen.claimed_by, first, last))
        newest_by_source = {v.source: v for v in period}
        competing += [v for src, v in newest_by_source.items() if src != chosen.source and v.value != chosen.value]
    return tuple(counted), tuple(competing)


def milestones_of(point: Point, upto: Sequence[Entry],
                  indicators: Sequence[IndicatorValue]) -> tuple[MilestoneStatus, ...]:
    """Each milestone's state per obliged party, from the latest report giving it (or its indicator)."""
    own: dict[str, dict[str, str]] = {}  # milestone -> actor -> state
    latest: dict[str, Entry] = {}
    first: dict[str, date] = {}
    obliged = {m.id: tuple(m.actors) for m in point.milestones}
    for e in upto:
        for key, given in e.update.milestones.items():
            if key in obliged:
                own.setdefault(key, {}).update(party_states(given, obliged[key]))
                latest[key] = e
                first.setdefault(key, e.date)
    confirmed = _confirmations(upto)
    counts = {i.id: i for i in indicators}
    out = []
    for m in point.milestones:
        actors = tuple(m.actors)
        if m.id in own:
            e = latest[m.id]
            states = tuple((a, own[m.id].get(a)) for a in actors)
            last = max(e.date, confirmed.get(m.id, e.date))
            out.append(MilestoneStatus(point.id, m.id, m.text, actors, combine([s for _, s in states]), e.date,
                                       e.ref, m.indicator, states, first[m.id], last, claimants(e, m.id)))
        elif m.indicator in counts:
            v = counts[m.indicator]
            state = "met" if v.value >= v.target else ("partly" if v.value > 0 else None)
            out.append(MilestoneStatus(point.id, m.id, m.text, actors, state, v.as_of, None, m.indicator,
                                       tuple((a, state) for a in actors), v.first_reported, v.last_confirmed,
                                       v.claimed_by))
        else:
            out.append(MilestoneStatus(point.id, m.id, m.text, actors, None, None, None, m.indicator,
                                       tuple((a, None) for a in actors)))
    return tuple(out)


def cause_met_on(cause: Cause, own_point: int, per_point: Mapping[int, Sequence[Entry]],
                 points: Mapping[int, Point]) -> date | None:
    """The first day what a blocker waits for is met: a milestone reported met (by every obliged
    party), an indicator at its target, or another blocker resolved. None: not met (yet)."""
    pid = cause.point or own_point
    point = points.get(pid)
    entries = per_point.get(pid, ())
    if point is None:
        return None
    if cause.blocker:
        states: dict[tuple[int, str], BlockerState] = {}
        for e in entries:
            apply_blockers(states, pid, e)
        found = states.get((pid, cause.blocker))
        return found.blocker.resolved if found else None
    indicator = cause.indicator
    if cause.milestone:
        m = next((m for m in point.milestones if m.id == cause.milestone), None)
        if m is None:
            return None
        own: dict[str, str] = {}
        for e in entries:
            if cause.milestone in e.update.milestones:
                own.update(party_states(e.update.milestones[cause.milestone], m.actors))
                if combine([own.get(a) for a in m.actors]) == "met":
                    return e.date
        indicator = m.indicator
    target = next((i.target for i in point.indicators if i.id == indicator), None)
    if target is None:
        return None
    return next((e.date for e in entries if e.update.indicators.get(indicator, -1) >= target), None)
