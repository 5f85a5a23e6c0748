"""One point's draft from an article: what the record holds for the article once
(`DraftContext`), the figures the sentences state, and `draft_point`, which decides the point's
level, momentum, evidence, blockers resolved and proposed, and milestones (a `PointDraft`)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .. import texts, vocab
from ..dataset import Dataset
from ..status import PointStatus, status_as_of
from .cues import (
    BLOCKER_CUES,
    FIGURE,
    MAX_EVIDENCE,
    OF_N,
    RESOLVE_WORDS,
    STRENGTH,
    Fact,
    _common_words,
    _cue,
    _long_words,
    blocker_category,
    facts_for,
    is_background,
    numbers_in,
    span,
)
from .dating import event_date
from .matching import Match, _term_rx, point_vocab
from .words import PlanWords


@dataclass
class PointDraft:
    point: int
    score: int
    paragraphs: list[int]
    level: str
    level_why: str
    level_confidence: str
    momentum: str | None
    momentum_why: str
    blockers: list[dict]
    actors: list[str]
    numbers: list[str]
    evidence: list[dict]
    indicators: dict[str, float] = field(default_factory=dict)
    resolves: list[str] = field(default_factory=list)
    milestones: dict[str, str] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)
    facts_reported: bool = False  # a sentence says something happened (or did not) to the point
    event: tuple[date, str] | None = None  # the day the strongest sentence dates its event by, and its words


def _indicator_for(point, n: int, quals: frozenset, unit_match: str, words: PlanWords):
    """The indicator a figure counts: the one whose name carries the same qualifiers (with the
    plan's qualifiers, "20 laden vessels" -> laden vessels returned; a part is not the whole), or
    for a bare figure the tightest target it fits ("20 vessels" -> the indicator out of 20)."""
    unit = next(i.unit for i in point.indicators if i.id == unit_match)
    same_unit = [i for i in point.indicators if i.unit == unit and n <= i.target]
    if quals:
        exact = [i for i in same_unit if words.qualifiers_of(i.name) == quals]
        return exact[0] if exact else None
    return min(same_unit, key=lambda i: i.target, default=None)


def _figures(point, facts: list[Fact], words: PlanWords) -> tuple[dict[str, float], list[str], bool]:
    """Indicator values the sentences state ("27 of the 28 vessels", "all 20 laden vessels"),
    whether one of them is complete (n of n), and the figures as found."""
    values: dict[str, float] = {}
    found: list[str] = []
    complete = False
    for f in facts:
        text = numbers_in(f.sentence)
        for m in OF_N.finditer(text):
            n, of = int(m.group(1).replace(",", "")), int(m.group(2).replace(",", ""))
            found.append(f"{n} of {of} (paragraph {f.paragraph})")
            for ind in point.indicators:
                if of == int(ind.target):
                    values[ind.id] = float(min(n, of))
                    complete |= n >= of
        said: dict[str, list[tuple[int, frozenset]]] = {}  # indicator -> (figure, its qualifiers)
        for ind in point.indicators:
            nouns = words.nouns(ind.unit)
            rx = re.compile(r"\b(?:all\s+)?" + FIGURE + r"\s+(?:[a-z-]+\s+){0,2}?(?:" + "|".join(nouns) + r")\b", re.I)
            for m in rx.finditer(text):
                n = int(m.group(1).replace(",", ""))
                found.append(f"{n} {m.group(0).split()[-1]} (paragraph {f.paragraph})")
                said.setdefault(ind.id, []).append((n, words.qualifiers_of(m.group(0))))
        if f.kind not in ("completion", "carried_out"):
            continue  # a figure counts as done only where the sentence says it was done
        for ind_id, figures in said.items():
            for n, quals in figures:
                ind = _indicator_for(point, n, quals, ind_id, words)
                if ind is not None and n > values.get(ind.id, -1):
                    values[ind.id] = float(n)
                    complete |= n >= ind.target and ind.progress
    return values, sorted(set(found)), complete


@dataclass(frozen=True)
class DraftContext:
    """What a draft reads from the record, once per article: each point's vocabulary, where each
    point stood on the report's day, the words that do not tell blockers apart, and the plan's own
    words for the cues (plan/plan.yaml `ingest`)."""

    vocab: dict[int, list[str]]
    standing: dict[int, PointStatus]  # where each point stood on the report's day (empty without a day)
    common: set[str]
    words: PlanWords

    @classmethod
    def of(cls, ds: Dataset, day: date | None) -> DraftContext:
        standing = {s.id: s for s in status_as_of(ds, day)} if day is not None else {}
        return cls(point_vocab(ds), standing, _common_words(ds), PlanWords.of(ds.plan))


def draft_point(pid: int, match: Match, paras: list[str], actors: dict[str, Match], ds: Dataset,
                day: date | None, record: DraftContext) -> PointDraft:
    """The draft of one point the article names: each decision in its own function below."""
    point = ds.points[pid]
    read = facts_for(match, paras, record.vocab[pid], record.words)
    facts = _mark_background(read, day)
    now = record.standing.get(pid)
    current = now.level if now else "not_initiated"
    best = max(facts, key=lambda f: (STRENGTH[f.kind], -f.paragraph), default=None)
    # figures count what is done so far, however long ago: read from every sentence that reports them
    values, found, complete = _figures(point, read, record.words) if point else ({}, [], False)
    kinds = {f.kind for f in facts}
    reasons: list[str] = []  # each decision below adds why it was taken
    level, why, conf = _level(kinds, best, values, complete, current, reasons)
    momentum, mwhy = _momentum(facts, kinds, level, current, now, reasons)
    top = sorted({f.paragraph for f in facts if f.kind != "mention"} or set(match.paragraphs))[:3]
    named = sorted({a for a, m in actors.items() if any(p in m.paragraphs for p in top)})
    evidence = _evidence(facts, match, paras, top)
    # blockers: resolve the active ones the text says are over; propose new ones from refusals and violations
    resolves = _resolves(facts, level, now, record.common, reasons)
    blockers = _blockers(pid, facts, actors, now, reasons)
    milestones = _milestones(point, values, level, reasons)
    for mid in milestones:
        named = sorted(set(named) | set(next(m.actors for m in point.milestones if m.id == mid)))
    if values:
        reasons.append("figures: " + ", ".join(f"{k} {v:g}" for k, v in values.items()))
    event = _event(facts, best, day, ds.plan.released if ds.plan else None)
    return PointDraft(pid, match.score, top, level, why, conf, momentum,
                      (mwhy if mwhy.endswith("done") else f"cue {mwhy!r}") if mwhy else "",
                      blockers, named, found, evidence, values, resolves, milestones, reasons,
                      bool(kinds - {"mention", "promise"}), event)


def _event(facts: list[Fact], best: Fact | None, day: date | None, released: date | None):
    """The day the sentences of the strongest kind date their event by (the first that does),
    with its words; None when none does, or the day is before the plan (background to it)."""
    if best is None or best.kind in ("mention", "background"):
        return None
    for f in sorted((f for f in facts if f.kind == best.kind), key=lambda f: f.paragraph):
        found = event_date(f.sentence, day)
        if found is not None:
            return None if released and found[0] < released else found
    return None


def _mark_background(read: list[Fact], day: date | None) -> list[Fact]:
    """The facts with those that tell of an earlier event marked background (a mention or a
    promise stays what it is)."""
    return [Fact(f.paragraph, f.sentence, "background", f.cue, f.term)
            if f.kind not in ("mention", "promise") and is_background(f.sentence, day) else f for f in read]


def _level(kinds: set[str], best: Fact | None, values: dict[str, float], complete: bool, current: str,
           reasons: list[str]) -> tuple[str, str, str]:
    """The level as of this report, why, and how sure: the point's level so far, raised only by
    what the text says happened. Adds why to `reasons`."""
    if complete or "completion" in kinds:
        level, why = "full", "the text reports the point completed"
    elif "carried_out" in kinds or any(v > 0 for v in values.values()):
        level, why = "intermediate", "the text reports part of the point carried out"
    elif "started" in kinds:
        level, why = "minimal", "the text reports a first step"
    else:
        level, why = current, "nothing carried out is reported; the level so far is kept"
    if (vocab.rank(level) or 0) < (vocab.rank(current) or 0):
        level, why = current, why + f" (the point was already {current})"
    conf = "medium" if best is not None and best.kind in ("completion", "carried_out") else "low"
    if best is not None and best.kind == "promise" and level == current:
        why = "the text reports plans or promises, not implementation; the level so far is kept"
    reasons.append(f"level {level}: {why}" + (f" (cue {best.cue!r})" if best is not None and best.cue else ""))
    return level, why, conf


def _momentum(facts: list[Fact], kinds: set[str], level: str, current: str, now: PointStatus | None,
              reasons: list[str]) -> tuple[str | None, str]:
    """The momentum the text reports and its cue (or, for a point held where it is, why). Adds
    why to `reasons`."""
    momentum, mwhy = None, ""
    if "reversal" in kinds:
        momentum, mwhy = "reversed", next(f.cue for f in facts if f.kind == "reversal")
    elif "negation" in kinds or "stalled" in kinds or ("violation" in kinds and not kinds & {"carried_out", "started"}):
        momentum, mwhy = "stalled", next(f.cue for f in facts if f.kind in ("negation", "stalled", "violation"))
    elif kinds & {"completion", "carried_out", "started"} and level != "full":
        momentum, mwhy = "advancing", next(f.cue for f in facts if f.kind in ("completion", "carried_out", "started"))
    if momentum is None and level == current and now is not None and now.blockers and \
            not kinds & {"completion", "carried_out", "started"}:
        # nothing moved and the point's obstacles stand: held where it is
        momentum, mwhy = "stalled", f"{len(now.blockers)} active blocker(s), nothing reported done"
    if momentum:
        reasons.append(f"momentum {momentum}: {mwhy if mwhy.endswith('done') else 'cue ' + repr(mwhy)}")
    return momentum, mwhy


def _evidence(facts: list[Fact], match: Match, paras: list[str], top: list[int]) -> list[dict]:
    """The sentence spans that carry the strongest facts, never a bare keyword: at most
    MAX_EVIDENCE, each from its own paragraph; else words around the point's first mention."""
    evidence, seen = [], set()
    for f in sorted(facts, key=lambda f: (-STRENGTH[f.kind], f.paragraph)):
        if f.kind == "mention" and evidence:
            continue
        phrase = span(f.sentence, f.cue, f.term)
        if f.paragraph in seen or len(phrase.split()) < 3:
            continue
        seen.add(f.paragraph)
        evidence.append({"paragraph": f.paragraph, "phrase": phrase})
        if len(evidence) == MAX_EVIDENCE:
            break
    if not evidence:
        p = top[0]
        evidence.append({"paragraph": p, "phrase": span(paras[p - 1], match.phrase.get(p, ""), None)})
    return evidence


def _resolves(facts: list[Fact], level: str, now: PointStatus | None, common: set[str],
              reasons: list[str]) -> list[str]:
    """The active blockers the text says are over: all of them for a point completed, else those
    sharing words with a sentence reporting something done. Adds why to `reasons`."""
    resolves = []
    if now is not None and level == "full":
        resolves = [b.blocker.id for b in now.blockers]
        if resolves:
            reasons.append("resolves every active blocker: the text reports the point completed")
    elif now is not None:
        done = [f for f in facts if f.kind in ("completion", "carried_out")]
        for b in now.blockers:
            words = _long_words(b.blocker.text) - common
            if any(len(words & _long_words(f.sentence)) >= RESOLVE_WORDS for f in done):
                resolves.append(b.blocker.id)
                reasons.append(f"resolves {b.blocker.id}: what it waited for is reported done")
    return resolves


def _blockers(pid: int, facts: list[Fact], actors: dict[str, Match], now: PointStatus | None,
              reasons: list[str]) -> list[dict]:
    """Blockers from the refusals, violations and other obstacles the text reports, one per
    category: one on the record restated as it is, else a new one proposed. Adds why to `reasons`."""
    blockers = []
    standing = now.blockers if now is not None else []  # on the record: restated, not proposed anew
    for f in facts:
        if f.kind == "background":
            continue
        category = blocker_category(f)
        if category is None:
            continue
        who = _named_in(f, actors)
        if not who or any(b["category"] == category for b in blockers):
            continue
        cue = _cue(BLOCKER_CUES[category], f.sentence) if category in BLOCKER_CUES else f.cue
        same = next((b.blocker for b in standing
                     if b.blocker.category == category and set(b.blocker.actors) & set(who)), None)
        if same is not None:  # the report says the obstacle on the record still stands: restated as it is
            blockers.append({"id": same.id, "category": category, "actors": list(same.actors), "text": same.text,
                             "why": cue})
            reasons.append(f"restates {same.id}: {category} again in paragraph {f.paragraph} ({cue!r})")
            continue
        blockers.append({"id": f"draft-{pid}-{f.paragraph}-{category}", "category": category, "actors": who[:3],
                         "text": f"DRAFT: {category} reported in paragraph {f.paragraph} ({cue!r}); "
                                 "describe the blocker in your own words.", "why": cue})
    return blockers


def _named_in(f: Fact, actors: dict[str, Match]) -> list[str]:
    """The actors named in the fact's sentence itself, not only elsewhere in its paragraph."""
    return sorted({a for a, m in actors.items() if f.paragraph in m.paragraphs and
                   any(_term_rx(t).search(texts.fold(f.sentence, lower=False)) for t in [m.phrase[f.paragraph]])})


def _milestones(point, values: dict[str, float], level: str, reasons: list[str]) -> dict[str, str]:
    """The point's milestones the draft reaches: met or partly by an indicator's figure, else met
    when the point is completed. Adds them to `reasons`."""
    milestones = {}
    if point is not None:
        for m in point.milestones:
            if m.indicator and m.indicator in values:
                ind = next(i for i in point.indicators if i.id == m.indicator)
                milestones[m.id] = "met" if values[m.indicator] >= ind.target else "partly"
            elif level == "full":
                milestones[m.id] = "met"
    if milestones:
        reasons.append("milestones: " + ", ".join(f"{k} {v}" for k, v in milestones.items()))
    return milestones
