"""The whole dataset as flat tables: one definition that both the CSV files and the SQLite
database are written from, so the two always hold the same rows."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import csvfile
from ..dataset import Dataset
from ..status import log_order


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    types: tuple[str, ...]  # SQLite column types
    rows: tuple[tuple[Any, ...], ...]
    key: tuple[str, ...] = ()  # primary key columns


def _join(items) -> str:
    return ";".join(str(x) for x in items)


def tables(ds: Dataset) -> list[Table]:
    entries = log_order(ds)
    points = tuple((p.id, p.title, p.phase, _join(p.themes), p.summary)
                   for p in sorted(ds.points.values(), key=lambda p: p.id))
    actors = tuple((a.id, a.name, a.kind, _join(a.aliases), a.affiliation, a.note)
                   for a in sorted(ds.actors.values(), key=lambda a: a.id))
    sources = tuple((s.id, s.outlet, s.label, s.headline, s.kind, s.via, s.author, s.published.isoformat(),
                     s.date_basis, s.url, s.archive_url, s.summary)
                    for s in sorted(ds.sources.values(), key=lambda s: (s.published, s.id)))
    updates, update_points, evidence, blockers, resolutions, indicators, states = [], [], [], [], [], [], []
    for e in entries:
        u = e.update
        updates.append((e.ref, e.source, u.id, u.date.isoformat(), _join(u.points), u.level, u.momentum, u.note,
                        u.rationale, u.confidence, u.disputed.claim if u.disputed else None,
                        _join(u.disputed.by) if u.disputed else None))
        update_points.extend((e.ref, p) for p in u.points)
        evidence.extend((e.ref, i + 1, ev.source or e.source, ev.paragraph, ev.phrase, ev.claimed_by)
                        for i, ev in enumerate(u.evidence))
        for b in u.blockers:
            blockers.extend((e.ref, p, b.id, b.text, b.category, _join(b.actors),
                             b.since.isoformat() if b.since else None,
                             b.resolved.isoformat() if b.resolved else None) for p in u.points)
        for rid in u.resolves:
            resolutions.extend((e.ref, p, rid, u.date.isoformat()) for p in u.points)
        indicators.extend((e.ref, k, v) for k, v in sorted(u.indicators.items()))
        for k, v in sorted(u.milestones.items()):  # a state for every obliged party, or one per party
            states.extend([(e.ref, k, "", v)] if isinstance(v, str) else
                          [(e.ref, k, actor, own) for actor, own in sorted(v.items())])
    milestones = tuple((p.id, m.id, m.text, _join(m.actors), m.indicator, m.deadline)
                       for p in sorted(ds.points.values(), key=lambda p: p.id) for m in p.milestones)
    reviews = []
    for r in sorted(ds.reviews, key=lambda r: (r.round.date, r.round.round, r.line)):
        rec = r.record
        res = rec.resolution
        reviews.append((r.round.round, r.round.reviewer, r.round.date.isoformat(), r.ref, rec.level, rec.momentum,
                        rec.reviewer_level, rec.reviewer_momentum, int(rec.agree), rec.comment,
                        res.outcome if res else None, res.date.isoformat() if res else None, res.note if res else None))
    findings = []
    for r in sorted(ds.findings, key=lambda r: (r.round.date, r.round.round, r.line)):
        rec = r.record
        res = rec.resolution
        findings.append((r.round.round, r.round.reviewer, r.round.date.isoformat(), r.ref, rec.kind,
                         _join(rec.points), rec.comment, res.outcome if res else None,
                         res.date.isoformat() if res else None, res.note if res else None))
    T, N, R = "TEXT", "INTEGER", "REAL"
    return [
        Table("points", ("id", "title", "phase", "themes", "summary"), (N, T, N, T, T), points, ("id",)),
        Table("actors", ("id", "name", "kind", "aliases", "affiliation", "note"), (T,) * 6, actors, ("id",)),
        Table("sources", ("id", "outlet", "label", "headline", "kind", "via", "author", "published", "date_basis",
                          "url", "archive_url", "summary"), (T,) * 12, sources, ("id",)),
        Table("updates", ("ref", "source", "id", "date", "points", "level", "momentum", "note", "rationale",
                          "confidence", "disputed_claim", "disputed_by"), (T,) * 12, tuple(updates), ("ref",)),
        Table("update_points", ("update_ref", "point"), (T, N), tuple(update_points), ("update_ref", "point")),
        Table("evidence", ("update_ref", "n", "source", "paragraph", "phrase", "claimed_by"), (T, N, T, N, T, T),
              tuple(evidence), ("update_ref", "n")),
        Table("blockers", ("update_ref", "point", "id", "text", "category", "actors", "since", "resolved"),
              (T, N, T, T, T, T, T, T), tuple(blockers)),
        Table("resolutions", ("update_ref", "point", "blocker", "date"), (T, N, T, T), tuple(resolutions)),
        Table("indicator_values", ("update_ref", "indicator", "value"), (T, T, R), tuple(indicators),
              ("update_ref", "indicator")),
        Table("milestones", ("point", "id", "text", "actors", "indicator", "deadline"), (N, T, T, T, T, T),
              milestones, ("point", "id")),
        Table("milestone_states", ("update_ref", "milestone", "actor", "state"), (T, T, T, T), tuple(states),
              ("update_ref", "milestone", "actor")),  # actor: empty when the state is every obliged party's
        Table("reviews", ("round", "reviewer", "date", "update_ref", "level", "momentum", "reviewer_level",
                          "reviewer_momentum", "agree", "comment", "outcome", "settled", "settlement"),
              (T, T, T, T, T, T, T, T, N, T, T, T, T), tuple(reviews)),
        Table("findings", ("round", "reviewer", "date", "update_ref", "kind", "points", "comment", "outcome",
                           "settled", "settlement"), (T,) * 10, tuple(findings)),
    ]


def to_csv(table: Table) -> str:
    return csvfile.to_csv(table.columns, table.rows)


def write_sqlite(all_tables: list[Table], path: Path) -> None:
    """One database of every table; written fresh, so the same data gives the same file."""
    if path.exists():
        path.unlink()
    con = sqlite3.connect(path)
    try:
        for t in all_tables:
            cols = ", ".join(f'"{c}" {ty}' for c, ty in zip(t.columns, t.types))
            key = f', PRIMARY KEY ({", ".join(chr(34) + k + chr(34) for k in t.key)})' if t.key else ""
            con.execute(f'CREATE TABLE "{t.name}" ({cols}{key})')
            con.executemany(f'INSERT INTO "{t.name}" VALUES ({", ".join("?" * len(t.columns))})', t.rows)
        con.commit()
        con.execute("VACUUM")
    finally:
        con.close()
