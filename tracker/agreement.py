"""Inter-coder reliability of the ratings: how often a second reader rated an update's level
the way the coder had, and Cohen's kappa, plain and linearly weighted.

Computed from the level each update had *when it was reviewed* (stored in the review), so
the figures measure the coding as first done, not the data after corrections.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from . import vocab
from .dataset import Dataset, Entry, ReviewEntry

ORDINAL = vocab.ORDINAL_LEVELS


def cohen_kappa(pairs: Sequence[tuple[str, str]]) -> float | None:
    """Cohen's (1960) kappa for two raters' labels; None when undefined (no pairs, or
    chance agreement is certain)."""
    n = len(pairs)
    if not n:
        return None
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[c] * second[c] for c in first) / (n * n)
    return None if expected == 1 else (observed - expected) / (1 - expected)


def weighted_kappa(pairs: Sequence[tuple[str, str]], scale: Sequence[str] = ORDINAL) -> float | None:
    """Cohen's (1968) weighted kappa with linear weights on an ordered scale: a disagreement
    of d steps on a k-step scale counts as agreement 1 - d/(k-1). Pairs off the scale are left out."""
    rank = {c: i for i, c in enumerate(scale)}
    pairs = [(rank[a], rank[b]) for a, b in pairs if a in rank and b in rank]
    n, k = len(pairs), len(scale)
    if not n or k < 2:
        return None

    def weight(i: int, j: int) -> float:
        return 1 - abs(i - j) / (k - 1)
    observed = sum(weight(i, j) for i, j in pairs) / n
    first, second = Counter(i for i, _ in pairs), Counter(j for _, j in pairs)
    expected = sum(weight(i, j) * first[i] * second[j] for i in first for j in second) / (n * n)
    return None if expected == 1 else (observed - expected) / (1 - expected)


@dataclass(frozen=True)
class Agreement:
    updates: int
    reviewed: int
    agreement: float | None
    kappa: float | None
    weighted_kappa: float | None
    open: list[dict[str, Any]]
    unread: list[str] = field(default_factory=list)  # updates (source/id) no review round has read yet

    def as_dict(self) -> dict[str, Any]:
        def r(x: float | None) -> float | None:
            return None if x is None else round(x, 3)
        return {"updates": self.updates, "reviewed": self.reviewed, "agreement": r(self.agreement),
                "kappa": r(self.kappa), "weighted_kappa": r(self.weighted_kappa), "open": self.open,
                "unread": self.unread}


def first_reviews(ds: Dataset) -> list[ReviewEntry]:
    """One review per update: its first, by the round's date. A later round reads the update
    after settlement, so counting it would measure the corrected data, not the coding."""
    first: dict[str, ReviewEntry] = {}
    for r in sorted(ds.reviews, key=lambda r: (r.round.date, r.round.round)):
        first.setdefault(r.ref, r)
    return list(first.values())


def open_items(ds: Dataset) -> list[dict[str, Any]]:
    """Disagreements and findings no one has settled yet."""
    out = []
    for r in ds.reviews:
        rec = r.record
        if not rec.agree and rec.resolution is None:
            out.append({"round": r.round.round, "update": r.ref, "level": rec.level,
                        "reviewer_level": rec.reviewer_level, "momentum": rec.momentum,
                        "reviewer_momentum": rec.reviewer_momentum, "comment": rec.comment,
                        "at": f"{r.file}:{r.line}"})
    for f in ds.findings:
        rec = f.record
        if rec.resolution is None:
            out.append({"round": f.round.round, "finding": rec.kind, "update": f.ref, "points": list(rec.points),
                        "comment": rec.comment, "at": f"{f.file}:{f.line}"})
    return out


def agreement(ds: Dataset) -> Agreement:
    reviews = first_reviews(ds)
    pairs = [(r.record.level, r.record.reviewer_level) for r in reviews]
    share = sum(a == b for a, b in pairs) / len(pairs) if pairs else None
    return Agreement(len(ds.entries), len(reviews), share, cohen_kappa(pairs), weighted_kappa(pairs), open_items(ds),
                     [e.ref for e in unread(ds)])


def unread(ds: Dataset) -> list[Entry]:
    """Every update no review round has read yet, oldest first (the Review page's queue)."""
    read = {r.ref for r in ds.reviews}
    return sorted((e for e in ds.entries if e.ref not in read), key=lambda e: (e.date, e.ref))


def to_table(a: Agreement) -> str:
    def fmt(x: float | None, pct: bool = False) -> str:
        return "n/a" if x is None else (f"{100 * x:.0f}%" if pct else f"{x:.2f}")
    lines = [f"reviewed {a.reviewed} of {a.updates} updates",
             f"levels agree: {fmt(a.agreement, True)}",
             f"Cohen's kappa: {fmt(a.kappa)}",
             f"weighted kappa (linear, four ordinal levels): {fmt(a.weighted_kappa)}",
             f"open: {len(a.open)}" if a.reviewed else
             f"open: nothing reviewed yet; {a.updates} update(s) wait for a second reading "
             "(the dashboard's Review page, or a round file in reviews/)"]
    if a.reviewed and a.unread:
        lines.append(f"not yet second-read: {len(a.unread)} update(s): " + ", ".join(a.unread[:10])
                     + (f" and {len(a.unread) - 10} more" if len(a.unread) > 10 else ""))
    for item in a.open:
        if item.get("finding"):
            what = item["finding"]
        elif item.get("level") != item.get("reviewer_level"):
            what = f"level {item.get('level')} -> {item.get('reviewer_level')}"
        else:
            what = f"momentum {item.get('momentum') or 'none'} -> {item.get('reviewer_momentum') or 'none'}"
        lines.append(f"  {item['at']}: {what} {item.get('update') or ''}".rstrip())
    return "\n".join(lines) + "\n"


def reviews_by_update(ds: Dataset) -> dict[str, list[ReviewEntry]]:
    """Every review and finding about each update (by `source/id`), oldest round first."""
    out: dict[str, list[ReviewEntry]] = {}
    for r in sorted(ds.reviews + ds.findings, key=lambda r: (r.round.date, r.round.round)):
        if r.ref:
            out.setdefault(r.ref, []).append(r)
    return out


def describe(entry: ReviewEntry) -> str:
    """One line a reader can follow: who reviewed, what they read, how it was settled."""
    rec = entry.record
    who = f"{entry.round.round} ({entry.round.reviewer}, {entry.round.date})"
    if hasattr(rec, "reviewer_level"):
        if rec.agree:
            text = f"Reviewed in {who}: the second reader agreed."
        else:
            level = vocab.LEVEL[rec.reviewer_level].label.lower()
            mom = vocab.MOMENTUM_BY_ID[rec.reviewer_momentum].label.lower() if rec.reviewer_momentum else "no momentum"
            text = f"Reviewed in {who}: the second reader rated it {level}, {mom}."
    else:
        text = f"Finding in {who} ({vocab.by_id(vocab.FINDING_KINDS)[rec.kind].label.lower()})."
    if rec.resolution:
        text += f" Settled {rec.resolution.date}: {rec.resolution.outcome}, {rec.resolution.note}"
    elif not getattr(rec, "agree", False):
        text += " Not settled yet."
    return text
