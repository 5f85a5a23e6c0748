"""The evaluation harness: each seed article drafted against the shipped dataset without its own
updates, and the draft measured against what the reviewer coded (points, actors, level,
momentum, figures, evidence kept, blockers). Used by the tests and benchmarks/bench_ingest.py,
never on the runtime path: `tracker.ingest` loads it only when one of its names is asked for."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import texts
from ..dataset import Dataset
from .article import Draft, ingest


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


def without(ds: Dataset, source_id: str) -> Dataset:
    """The dataset as it was before a source was coded: its updates left out."""
    from dataclasses import replace
    return replace(ds, entries=[e for e in ds.entries if e.source != source_id])


def evaluate(ds: Dataset) -> list[tuple[Score, Score, Draft]]:
    """Per seed article: points and actors that ingest finds against those the dataset records."""
    out = []
    for sid, src in sorted(ds.sources.items(), key=lambda kv: kv[1].published):
        if ds.texts_dir is None or sid not in ds.articles:
            continue
        text = (ds.texts_dir / src.file).read_text(encoding="utf-8")
        draft = ingest(without(ds, sid), text, sid, src.published)
        mine = [e for e in ds.entries if e.source == sid]
        points = frozenset(p for e in mine for p in e.update.points)
        actors = frozenset(a for e in mine for a in (*e.update.actors, *(x for b in e.update.blockers
                                                                         for x in b.actors),
                                                     *(e.update.disputed.by if e.update.disputed else ())))
        out.append((Score(sid, points, frozenset(draft.point_ids())),
                    Score(sid, actors, frozenset(draft.actor_ids())), draft))
    return out


def _words(s: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", texts.fold(s))


def phrase_kept(mine: str, theirs: str) -> bool:
    """A drafted phrase counts as kept when the reviewer's phrase shares a run of three words with
    it (or one holds the other): the reviewer kept its words, perhaps trimmed or widened."""
    a, b = _words(mine), _words(theirs)
    if not a or not b:
        return False
    if " ".join(a) in " ".join(b) or " ".join(b) in " ".join(a):
        return True
    runs = {tuple(a[i:i + 3]) for i in range(len(a) - 2)}
    return any(tuple(b[i:i + 3]) in runs for i in range(len(b) - 2))


@dataclass
class Measure:
    """The draft against the reviewed record, article by article or summed."""

    source: str = "all"
    tp: int = 0
    fp: int = 0
    fn: int = 0
    listed: int = 0  # points the reviewer coded that the draft missed but lists as also mentioned
    level: int = 0
    momentum: int = 0
    dated: int = 0  # drafted points whose date is one of the reviewer's update dates on the point
    rated: int = 0  # draft points the reviewer also coded: where level and momentum are compared
    ind_found: int = 0
    ind_total: int = 0
    actors_tp: int = 0
    actors_fp: int = 0
    actors_fn: int = 0
    ev_kept: int = 0
    ev_total: int = 0
    resolves_kept: int = 0  # blockers the draft proposes over that the reviewer's updates resolve
    resolves_total: int = 0
    blockers_kept: int = 0  # drafted blockers whose category one of the reviewer's blockers on that point has
    blockers_total: int = 0

    def __iadd__(self, other: Measure) -> Measure:
        for k in self.__dataclass_fields__:
            if k != "source":
                setattr(self, k, getattr(self, k) + getattr(other, k))
        return self

    @staticmethod
    def share(a: int, b: int) -> float:
        return a / b if b else 1.0

    @property
    def precision(self) -> float:
        return self.share(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return self.share(self.tp, self.tp + self.fn)

    @property
    def seen(self) -> float:
        """Recall counting the points listed as also mentioned: what the analyst is shown at all."""
        return self.share(self.tp + self.listed, self.tp + self.fn)


def measure(ds: Dataset, points: Score, actors: Score, draft: Draft) -> Measure:
    """Points found, level and momentum right where the reviewer coded the point, indicator
    values found (same indicator and value as the reviewer's), actors, the share of the
    draft's evidence phrases the reviewer kept (same paragraph, three words in common), and the
    blockers proposed over that the reviewer resolved."""
    mine = [e.update for e in ds.entries if e.source == points.source]
    m = Measure(points.source, len(points.expected & points.found), len(points.found - points.expected),
                len(points.expected - points.found))
    m.listed = len((points.expected - points.found) & {pid for pid, _, _ in draft.mentioned})
    for d in draft.points:
        theirs = [u for u in mine if d.point in u.points]
        if theirs:
            m.rated += 1
            m.level += d.level in {u.level for u in theirs}
            m.dated += (d.event[0] if d.event else draft.date.day) in {u.date for u in theirs}
            m.momentum += d.momentum in {u.momentum for u in theirs}
    drafted = {(k, v) for d in draft.points for k, v in d.indicators.items()}
    wanted = {(k, v) for u in mine for k, v in u.indicators.items()}
    m.ind_total, m.ind_found = len(wanted), len(wanted & drafted)
    m.actors_tp = len(actors.expected & actors.found)
    m.actors_fp = len(actors.found - actors.expected)
    m.actors_fn = len(actors.expected - actors.found)
    proposed = {b for d in draft.points for b in d.resolves}
    m.resolves_total = len(proposed)
    m.resolves_kept = len(proposed & {b for u in mine for b in u.resolves})
    for d in draft.points:
        theirs = {b.category for u in mine if d.point in u.points for b in u.blockers}
        m.blockers_total += len(d.blockers)
        m.blockers_kept += sum(b["category"] in theirs for b in d.blockers)
    kept = [(ev.paragraph, ev.phrase) for u in mine for ev in u.evidence if ev.source in (None, points.source)]
    for d in draft.points:
        for ev in d.evidence:
            m.ev_total += 1
            m.ev_kept += any(p == ev["paragraph"] and phrase_kept(ev["phrase"], ph) for p, ph in kept)
    return m
