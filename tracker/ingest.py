"""A first draft of status updates from a plain-text article, for a person to review.

Matching is on our own vocabulary: each point's lexicon in plan/points.yaml, the actors'
names and aliases in plan/actors.yaml, and the cue words below. Nothing here is fact until
an analyst accepts it: the draft is marked `draft: true`, each field carries a comment
saying how sure it is, and notes say they are machine-made.
"""
from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from . import editing, texts
from .load import Dataset

# -- page boilerplate -------------------------------------------------------------------

_BOILERPLATE = [re.compile(p, re.I) for p in (
    r"^\|$", r"audio player", r"^get the .{0,40}(daily|edition|newsletter)", r"^by email and never miss",
    r"^by signing up", r"^was this (news|article|story) (useful|helpful)\??$", r"^also read$", r"^read more:?$",
    r"^by:?\s+[A-Z][\w.'-]+(\s+[A-Z][\w.'-]+){0,3}$", r"^(share|subscribe|advertisement)\b",
)]
_CAPTION_CREDIT = re.compile(  # a photo credit in brackets closing the paragraph: (AP/Name), (Pool/AFP)
    r"\((?:[^()]*\b(?:AP|AFP|Reuters|Getty|Pool|Telegram|X|Flash90|GPO|EPA)\b[^()]*|[^()]*/[^()]*)\)\s*$")


def boilerplate(paras: list[str]) -> list[int]:
    """Paragraph numbers (1-based) that are page furniture, not reporting."""
    out = []
    in_list = False
    for i, p in enumerate(paras, start=1):
        text = p.strip()
        if in_list and text.startswith("- "):
            out.append(i)
            continue
        in_list = False
        if any(rx.search(text) for rx in _BOILERPLATE):
            out.append(i)
            in_list = text.lower() in ("also read", "read more", "read more:")
        elif _CAPTION_CREDIT.search(text) and len(text) < 600:
            out.append(i)
    return out


# -- dates -------------------------------------------------------------------------------

_MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                        "september", "october", "november", "december"], start=1)}
_MONTH_RX = r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE_MDY = re.compile(r"\b" + _MONTH_RX + r"\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,\s*(\d{4}))?", re.I)
_DATE_DMY = re.compile(r"\b(\d{1,2})\s+\b" + _MONTH_RX + r"(?:\s+(\d{4}))?", re.I)
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


@dataclass(frozen=True)
class FoundDate:
    day: date
    paragraph: int
    text: str
    has_year: bool


def _month(name: str) -> int:
    name = name.lower().rstrip(".")
    return next(v for k, v in _MONTHS.items() if k.startswith(name[:3]))


def explicit_dates(paras: list[str], default_year: int) -> list[FoundDate]:
    found = []
    for i, p in enumerate(paras, start=1):
        for m in _DATE_MDY.finditer(p):
            year = int(m.group(3)) if m.group(3) else default_year
            found.append(_mk(year, _month(m.group(1)), int(m.group(2)), i, m.group(0), bool(m.group(3))))
        for m in _DATE_DMY.finditer(p):
            year = int(m.group(3)) if m.group(3) else default_year
            found.append(_mk(year, _month(m.group(2)), int(m.group(1)), i, m.group(0), bool(m.group(3))))
    return [f for f in found if f is not None]


def _mk(y: int, m: int, d: int, para: int, text: str, has_year: bool) -> FoundDate | None:
    try:
        return FoundDate(date(y, m, d), para, text, has_year)
    except ValueError:
        return None


def weekday_before(reference: date, weekday: str) -> date:
    """The latest date on or before `reference` that falls on the weekday."""
    target = _WEEKDAYS.index(weekday.lower())
    return reference - timedelta(days=(reference.weekday() - target) % 7)


@dataclass(frozen=True)
class DateGuess:
    day: date | None
    how: str
    confidence: str  # high | medium | low | none


def guess_date(paras: list[str], given: date | None, released: date) -> DateGuess:
    if given:
        return DateGuess(given, "given with --date", "high")
    dated = [f for f in explicit_dates(paras, released.year) if f.day >= released]
    with_year = [f for f in dated if f.has_year]
    pool = with_year or dated
    if not pool:
        return DateGuess(None, "no date found in the text; pass --date", "none")
    best = max(pool, key=lambda f: f.day)
    conf = "medium" if best.has_year else "low"
    return DateGuess(best.day, f"latest date mentioned, {best.text!r} in paragraph {best.paragraph}", conf)


# -- actors and points -------------------------------------------------------------------

def _term_rx(term: str) -> re.Pattern:
    folded = texts.fold(term, lower=False)
    flags = 0 if (len(term) <= 4 and term.isupper()) else re.I  # US, PA, UN, ISF stay case-sensitive
    return re.compile(r"(?<![\w-])" + re.escape(folded) + r"(?![\w-])", flags)


@dataclass
class Match:
    id: object
    paragraphs: Counter = field(default_factory=Counter)  # paragraph -> hits
    terms: Counter = field(default_factory=Counter)
    phrase: dict = field(default_factory=dict)  # paragraph -> the text that matched, as written

    @property
    def score(self) -> int:
        return sum(self.paragraphs.values())


def _scan(paras: list[str], skip: set[int], vocab: dict[object, list[str]]) -> dict[object, Match]:
    compiled = {k: [(t, _term_rx(t)) for t in sorted(terms, key=len, reverse=True)] for k, terms in vocab.items()}
    matches: dict[object, Match] = {}
    for i, p in enumerate(paras, start=1):
        if i in skip:
            continue
        folded = texts.fold(p, lower=False)
        for key, rxs in compiled.items():
            taken: list[tuple[int, int]] = []  # a word inside a longer matched phrase counts once
            for term, rx in rxs:
                for hit in rx.finditer(folded):
                    if any(a < hit.end() and hit.start() < b for a, b in taken):
                        continue
                    taken.append(hit.span())
                    m = matches.setdefault(key, Match(key))
                    m.paragraphs[i] += 2 if " " in term else 1  # a phrase says more than a word
                    m.terms[term] += 1
                    m.phrase.setdefault(i, p[hit.start():hit.end()])
    return matches


MIN_POINT_SCORE = 2


def find_points(ds: Dataset, paras: list[str], skip: set[int]) -> dict[int, Match]:
    lex = {pid: list(p.lexicon) for pid, p in ds.points.items() if p.lexicon}
    found = _scan(paras, skip, lex)
    return {pid: m for pid, m in found.items() if m.score >= MIN_POINT_SCORE}


def find_actors(ds: Dataset, paras: list[str], skip: set[int]) -> dict[str, Match]:
    names = {a.id: [a.name, *a.aliases] for a in ds.actors.values()}
    return _scan(paras, skip, names)


# -- level, momentum and blockers from cue words ---------------------------------------

LEVEL_CUES = [  # strongest first
    ("intermediate", r"\b(took effect|came into effect|were released|was released|were freed|have been freed|"
                     r"returned|arrived|deployed|established|handed over|allowed to enter)\b"),
    ("minimal", r"\b(agreed|approved|signed|accepted|announced|began|begin|launched|set up|convened)\b"),
]
MOMENTUM_CUES = [
    ("reversed", r"\b(collapsed|resumed (fighting|strikes|the war)|reversed|broke down)\b"),
    ("stalled", r"\b(stalled|impasse|deadlock|stuck|little indication|rejected|refus\w+|no progress)\b"),
    ("advancing", r"\b(breakthrough|progress|moving forward|advance\w*|agreed|approved|arrived)\b"),
]
BLOCKER_CUES = [
    ("refusal", r"\b(reject\w*|refus\w*|unwilling|will not|won't|opposes|not up for discussion)\b"),
    ("precondition", r"\b(condition\w*|unless|only if|as long as|so long as)\b"),
    ("dispute", r"\b(disagree\w*|dispute\w*|pushed back|accuse\w*)\b"),
    ("violation", r"\b(violat\w+|breach\w*)\b"),
    ("capacity", r"\b(logistics|shortages|challenges|unclear if)\b"),
]
NUMBER_NEAR = re.compile(r"\b(\d[\d,]*)\s+(?:[A-Za-z-]+\s+){0,2}?(hostages|prisoners|detainees|troops|trucks|"
                         r"countries|bodies)\b", re.I)


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


def _first_cue(cues, text: str):
    for label, rx in cues:
        m = re.search(rx, text, re.I)
        if m:
            return label, m.group(0)
    return None, None


def draft_point(pid: int, match: Match, paras: list[str], actors: dict[str, Match]) -> PointDraft:
    top = [p for p, _ in sorted(match.paragraphs.items(), key=lambda kv: (-kv[1], kv[0]))[:3]]
    text = " ".join(paras[p - 1] for p in top)
    level, cue = _first_cue(LEVEL_CUES, text)
    if level:
        level_why, conf = f"cue {cue!r}", "low"
    else:
        level, level_why, conf = "not_initiated", "no cue of anything carried out", "low"
    momentum, mcue = _first_cue(MOMENTUM_CUES, text)
    named = sorted({a for a, m in actors.items() if any(p in m.paragraphs for p in top)})
    blockers = []
    for p in top:
        cat, bcue = _first_cue(BLOCKER_CUES, paras[p - 1])
        if cat:
            who = sorted({a for a, m in actors.items() if p in m.paragraphs})[:3]
            if who:
                blockers.append({"id": f"draft-{pid}-{p}", "category": cat, "actors": who,
                                 "text": f"DRAFT: {cat} cue {bcue!r} in paragraph {p}; describe the blocker.",
                                 "why": bcue})
    numbers = [f"{m.group(1)} {m.group(2)} (paragraph {p})" for p in top for m in NUMBER_NEAR.finditer(paras[p - 1])]
    evidence = [{"paragraph": p, "phrase": match.phrase[p][:60]} for p in top]
    return PointDraft(pid, match.score, top, level, level_why, conf, momentum,
                      f"cue {mcue!r}" if mcue else "", blockers, named, numbers, evidence)


# -- the whole draft --------------------------------------------------------------------

@dataclass
class Draft:
    source_id: str
    paragraphs: list[str]
    boilerplate: list[int]
    date: DateGuess
    actors: dict[str, Match]
    points: list[PointDraft]

    def point_ids(self) -> list[int]:
        return [d.point for d in self.points]

    def actor_ids(self) -> list[str]:
        return sorted(self.actors)


def ingest(ds: Dataset, text: str, source_id: str, given_date: date | None = None) -> Draft:
    paras = texts.paragraphs(text)
    skip = set(boilerplate(paras))
    released = ds.plan.released if ds.plan else date(2000, 1, 1)
    registered = ds.sources.get(source_id)
    if given_date is None and registered is not None:
        when = DateGuess(registered.published, "the source's publication date in the registry", "high")
    else:
        when = guess_date(paras, given_date, released)
    actors = find_actors(ds, paras, skip)
    found = find_points(ds, paras, skip)
    drafts = [draft_point(pid, m, paras, actors) for pid, m in sorted(found.items(), key=lambda kv: kv[0])]
    return Draft(source_id, paras, sorted(skip), when, actors, drafts)


def to_yaml(draft: Draft, ds: Dataset) -> str:
    """The draft as a status file that validates, with confidence in comments."""
    day = draft.date.day or (ds.sources[draft.source_id].published if draft.source_id in ds.sources else None)
    seq = CommentedSeq()
    for n, d in enumerate(draft.points, start=1):
        u = {"id": f"draft-{n}", "points": [d.point], "date": day.isoformat() if day else None, "level": d.level,
             "momentum": d.momentum,
             "note": (f"DRAFT, machine-proposed: the article speaks of point {d.point} in paragraphs "
                      f"{', '.join(map(str, d.paragraphs))}. Replace with what it reports, in your own words."),
             "actors": [a for a in d.actors if a in ds.actors][:8],
             "blockers": [{k: v for k, v in b.items() if k != "why"} for b in d.blockers],
             "evidence": d.evidence, "draft": True}
        node = editing.update_node(u)
        node.yaml_add_eol_comment(f"confidence {d.level_confidence}: {d.level_why}", "level")
        if d.momentum:
            node.yaml_add_eol_comment(f"confidence low: {d.momentum_why}", "momentum")
        node.yaml_add_eol_comment(f"found by {d.score} lexicon hits; confidence "
                                  f"{'medium' if d.score >= 5 else 'low'}", "points")
        if "actors" in node:
            node.yaml_add_eol_comment("named in the cited paragraphs; check their roles", "actors")
        if d.numbers:
            node.yaml_set_comment_before_after_key(
                "evidence", before="figures stated: " + "; ".join(d.numbers) + " (set indicators by hand)",
                indent=4)
        seq.append(node)
    root = CommentedMap([("source", draft.source_id), ("updates", seq)])
    out = io.StringIO()
    editing._yaml().dump(root, out)
    header = (editing.STATUS_HEADER +
              f"# DRAFT made by `python -m tracker ingest` on the text of {draft.source_id}.\n"
              f"# Date: {draft.date.day} ({draft.date.how}; confidence {draft.date.confidence}).\n"
              "# Review every field; nothing here is fact until a person accepts it.\n")
    return header + out.getvalue()


def report(draft: Draft, ds: Dataset) -> str:
    lines = [f"ingest {draft.source_id}: {len(draft.paragraphs)} paragraphs, "
             f"{len(draft.boilerplate)} dropped as boilerplate {draft.boilerplate}",
             f"date: {draft.date.day} ({draft.date.how}; confidence {draft.date.confidence})",
             "actors: " + ", ".join(f"{a} ({m.score})" for a, m in sorted(draft.actors.items(),
                                                                          key=lambda kv: -kv[1].score)),
             f"points found: {draft.point_ids()}"]
    for d in draft.points:
        terms = ", ".join(f"{t} x{n}" for t, n in Counter(
            {t: n for t, n in _terms_of(d, draft, ds).items()}).most_common(4))
        lines.append(f"  point {d.point} ({ds.points[d.point].title}): score {d.score}, paragraphs {d.paragraphs}; "
                     f"terms {terms}; level {d.level} ({d.level_why})"
                     + (f"; momentum {d.momentum} ({d.momentum_why})" if d.momentum else "")
                     + (f"; {len(d.blockers)} blocker cue(s)" if d.blockers else ""))
    return "\n".join(lines) + "\n"


def _terms_of(d: PointDraft, draft: Draft, ds: Dataset) -> Counter:
    skip = set(draft.boilerplate)
    m = _scan(draft.paragraphs, skip, {d.point: list(ds.points[d.point].lexicon)}).get(d.point)
    return m.terms if m else Counter()


# -- measuring it against the shipped dataset -----------------------------------------

@dataclass(frozen=True)
class Score:
    source: str
    expected: frozenset
    found: frozenset

    @property
    def precision(self) -> float:
        return len(self.expected & self.found) / len(self.found) if self.found else 1.0

    @property
    def recall(self) -> float:
        return len(self.expected & self.found) / len(self.expected) if self.expected else 1.0


def evaluate(ds: Dataset) -> list[tuple[Score, Score, Draft]]:
    """Per seed article: points and actors that ingest finds against those the dataset records."""
    out = []
    for sid, src in sorted(ds.sources.items(), key=lambda kv: kv[1].published):
        if ds.texts_dir is None or sid not in ds.articles:
            continue
        text = (ds.texts_dir / src.file).read_text(encoding="utf-8")
        draft = ingest(ds, text, sid, src.published)
        mine = [e for e in ds.entries if e.source == sid]
        points = frozenset(p for e in mine for p in e.update.points)
        actors = frozenset(a for e in mine for a in (*e.update.actors, *(x for b in e.update.blockers
                                                                         for x in b.actors),
                                                     *(e.update.disputed.by if e.update.disputed else ())))
        out.append((Score(sid, points, frozenset(draft.point_ids())),
                    Score(sid, actors, frozenset(draft.actor_ids())), draft))
    return out
