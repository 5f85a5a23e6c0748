"""What each page of the site is given: the overview's state of a day, a point's history, the
actors' and sources' lists, the methodology text, and items grouped by month. Plain data for
the templates; `build` writes the pages."""
from __future__ import annotations

from datetime import date
from typing import Any

from markdown_it import MarkdownIt
from markupsafe import Markup

from .. import blockers as blk
from .. import methodology, responsibility, vocab
from ..agreement import describe
from ..dataset import Dataset, Entry
from ..scene import Scene
from ..status import changes_of, latest_developments, latest_report, obligations_summary, owed_by, progress
from .states import Moment, StatusChange


def anchor_ref(ref: str) -> str:
    """The id of an update's entry on its point page."""
    return "u-" + ref.replace("/", "-")


def overview_state(ds: Dataset, m: Moment, since: Moment, newest: date | None, last_day: date) -> dict[str, Any]:
    statuses = list(m.statuses)
    prog = progress(statuses)
    latest = latest_report(ds, m.day)
    developments = [{"entry": e, "old": old, "source": ds.sources.get(e.source),
                     "anchor": anchor_ref(e.ref)} for e, old in latest_developments(ds, m.day, 8)]
    phases = sorted(prog.by_phase.items())
    return {
        "day": m.day, "progress": prog, "phases": phases, "latest": latest, "latest_state": m.day == last_day,
        "stale_days": (m.day - newest).days if newest and m.day > newest else 0,
        "phase_names": {ph: ds.phase_name(ph) for ph, _ in phases},
        "active": len(blk.active(statuses)),
        "blocker_summary": blk.summary(statuses),
        "tiles": [(ph, [s for s in statuses if s.point.phase == ph]) for ph, _ in phases],
        "developments": developments,
        "since": since.day,
        "changes": changes_of(list(since.statuses), statuses, since.day) if since.day < m.day else [],
    }


def point_history(s, trail: list[StatusChange], reviews: dict[str, list]) -> tuple[list[dict], list[StatusChange]]:
    mine = [c for c in trail if c.point == s.id]
    by_last = {}
    loose = []
    for c in mine:
        if c.entries:
            by_last.setdefault(c.entries[-1].ref, []).append(c)
        else:
            loose.append(c)
    items = [{"entry": e, "anchor": anchor_ref(e.ref), "changes": by_last.get(e.ref, []),
              "reviews": [describe(r) for r in reviews.get(e.ref, [])]} for e in reversed(s.updates)]
    return items, loose


def by_month(items, day) -> list[tuple[date, list]]:
    months: dict[date, list] = {}
    for x in items:
        d = day(x)
        months.setdefault(date(d.year, d.month, 1), []).append(x)
    return sorted(months.items(), reverse=True)


def methodology_html(ds: Dataset) -> Markup:
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    # our own text; raw HTML in it is not passed through
    return Markup(md.render(methodology.document(ds.plan.age_rules if ds.plan else None, methodology.examples(ds))))


def actor_list(ds: Dataset, scene: Scene, active, upto: list[Entry]) -> list[dict[str, Any]]:
    """Per actor: what it owes and where each stands, its roles, the blockers and updates naming it."""
    levels = {s.id: s.level for s in scene.statuses}
    titles = {s.id: s.point.title for s in scene.statuses}
    owed = obligations_summary(scene.statuses)
    none = {"owed": 0, "met": 0, "partly": 0, "not_met": 0, "unknown": 0}
    return [{"actor": a, "owed": owed.get(a.id, none), "milestones": owed_by(scene.statuses, a.id),
             "roles": [{"point": c.point, "role": c.role, "level": levels.get(c.point),
                        "title": titles.get(c.point, "")} for c in responsibility.actor_points(ds, a.id)],
             "blockers": responsibility.actor_blockers(active, a.id),
             "updates": responsibility.actor_updates(upto, a.id)[::-1]}
            for a in sorted(ds.actors.values(), key=lambda a: a.name.lower())]


def source_list(ds: Dataset, upto: list[Entry], as_of: date) -> list[dict[str, Any]]:
    """Every report up to the date, newest first, with how many updates cite it and on which points."""
    cited: dict[str, list[Entry]] = {}
    for e in upto:
        for sid in dict.fromkeys([e.source] + [ev.source for ev in e.update.evidence if ev.source]):
            cited.setdefault(sid, []).append(e)
    kinds = vocab.by_id(vocab.SOURCE_KINDS)
    return [{"source": s, "kind": kinds[s.kind].label, "cited": len(cited.get(s.id, [])),
             "points": sorted({p for e in cited.get(s.id, []) for p in e.update.points})}
            for s in sorted(ds.sources.values(), key=lambda s: (s.published, s.id), reverse=True)
            if s.published <= as_of]
