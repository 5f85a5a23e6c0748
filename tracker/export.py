"""Plain records of the status for JSON and CSV: one shape for the CLI, the app and snapshots."""
from __future__ import annotations

import json
from datetime import date
from typing import Any

from . import blockers, csvfile, vocab
from .chars import printable
from .dataset import Dataset
from .status import PointStatus, latest_report, obligations_summary, progress


def point_record(s: PointStatus) -> dict[str, Any]:
    return {
        "id": s.id,
        "title": s.point.title,
        "phase": s.point.phase,
        "themes": list(s.point.themes),
        "level": s.level,
        "momentum": s.momentum,
        "progress": s.progress,
        "note": s.note,
        "responsible": s.responsible,
        "roles": {r.actor: r.role for r in s.point.actors},
        "blockers": [{"id": b.blocker.id, "text": b.blocker.text, "category": b.blocker.category,
                      "actors": list(b.blocker.actors), "since": b.since.isoformat(),
                      "first_reported": b.first_seen.isoformat(), "last_confirmed": b.confirmed.isoformat(),
                      "stale": s.blocker_stale(b), "former_ids": list(b.former_ids)}
                     for b in s.blockers],
        "depends_on": [d.point for d in s.point.depends_on],
        "unmet_prerequisites": s.unmet,
        "indicators": {i.id: {"value": i.value, "target": i.target, "as_of": i.as_of.isoformat(),
                              "source": i.source, "claimed_by": list(i.claimed_by),
                              "first_reported": _day(i.first_reported or i.as_of),
                              "last_confirmed": _day(i.confirmed), "stale": s.fact_stale(i.confirmed)}
                       for i in s.indicators},
        "competing_figures": [{"indicator": i.id, "value": i.value, "as_of": i.as_of.isoformat(),
                               "source": i.source, "claimed_by": list(i.claimed_by)} for i in s.competing],
        "milestones": [{"id": m.id, "text": m.text, "actors": list(m.actors), "state": m.state,
                        "states": dict(m.states), "as_of": _day(m.as_of), "update": m.ref,
                        "claimed_by": list(m.claimed_by), "first_reported": _day(m.first_reported),
                        "last_confirmed": _day(m.confirmed), "stale": s.fact_stale(m.confirmed)}
                       for m in s.milestones],
        "deadlines": [{"id": d.id, "due": d.due.isoformat(), "state": d.state} for d in s.deadlines],
        "last_update": s.last_update.isoformat() if s.last_update else None,
        "days_since_update": s.days_since_update,
        "level_last_confirmed": _day(s.level_last_confirmed),
        "momentum_stale": s.momentum_stale,
        "sources": s.sources,
    }


def _day(d: date | None) -> str | None:
    return d.isoformat() if d else None


def status_document(ds: Dataset, statuses: list[PointStatus], as_of: date) -> dict[str, Any]:
    prog = progress(statuses)
    latest = latest_report(ds, as_of)
    return {
        "as_of": as_of.isoformat(),
        "data_version": ds.version,
        "latest_report": latest.isoformat() if latest else None,
        "plan": ds.plan.title if ds.plan else None,
        "progress": {"overall": prog.overall, "by_phase": {str(k): v for k, v in prog.by_phase.items()}},
        "points": [point_record(s) for s in statuses],
        "blockers_summary": blockers.by_age(statuses),
        "obligations": {actor: [{"point": m.point, "milestone": m.id, "state": m.state_of(actor),
                                 "as_of": m.as_of.isoformat() if m.as_of else None}
                                for s in statuses for m in s.milestones if actor in m.actors]
                        for actor in obligations_summary(statuses)},
        "sources": [{"id": sid, "outlet": src.outlet, "published": src.published.isoformat(),
                     "url": src.url, "archive_url": src.archive_url}
                    for sid in sorted({x for s in statuses for x in s.sources})
                    if (src := ds.sources.get(sid))],
    }


def to_json(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


CSV_COLUMNS = ["id", "title", "phase", "level", "momentum", "progress", "responsible",
               "blockers", "depends_on", "unmet_prerequisites", "last_update", "sources",
               "level_last_confirmed", "momentum_stale", "unconfirmed_blockers"]


def to_csv(doc: dict[str, Any]) -> str:
    """The status document as CSV (status --format csv, the snapshot's status.csv, the dashboard's download)."""
    return csvfile.to_csv(CSV_COLUMNS, ([
        p["id"], p["title"], p["phase"], p["level"], p["momentum"] or "",
        p["progress"], ";".join(p["responsible"]),
        " | ".join(f'{b["category"]}: {b["text"]}'
                   + (f' (unconfirmed since {b["last_confirmed"]})' if b["stale"] else "") for b in p["blockers"]),
        ";".join(map(str, p["depends_on"])), ";".join(map(str, p["unmet_prerequisites"])),
        p["last_update"] or "", ";".join(p["sources"]), p["level_last_confirmed"] or "",
        "yes" if p["momentum_stale"] else "no", sum(1 for b in p["blockers"] if b["stale"])]
        for p in doc["points"]))


def to_table(doc: dict[str, Any]) -> str:
    rows = [("#", "title", "ph", "level", "momentum", "prog", "blk", "last update")]
    for p in doc["points"]:
        rows.append((str(p["id"]), printable(p["title"])[:44], str(p["phase"]), p["level"],
                     "(no recent)" if p["momentum_stale"] else p["momentum"] or "", f'{p["progress"]:.0f}',
                     str(len(p["blockers"])),
                     p["last_update"] or "-"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    prog = doc["progress"]
    phases = ", ".join(f"phase {k} {v:.0f}%" for k, v in prog["by_phase"].items())
    lines.append(f"\nAs of {doc['as_of']}: overall {prog['overall']:.0f}% ({phases}); "
                 f"data version {doc['data_version']}")
    if doc.get("latest_report") and doc["latest_report"] < doc["as_of"]:
        lines.append(f"No report after {doc['latest_report']}.")
    return "\n".join(lines) + "\n"


def point_ids(st) -> str:
    """One point's ids to write in an update, as of its date: active blockers (for `resolves`
    and `confirms`), milestones (for `milestones`, `claims`, `confirms`) and indicators."""
    p = st.point
    figures = {i.id: i for i in st.indicators}

    def figure(ind) -> str:
        got = figures.get(ind.id)
        return f"{got.value:g} of {ind.target:g} on {got.as_of}" if got else f"no figure yet; target {ind.target:g}"
    states = ", ".join(vocab.ids(vocab.MILESTONE_STATES))
    sections = [
        ("active blockers (resolves/confirms take the id; each point's blocker is its own)",
         [(b.blocker.id, b.blocker.text, f"{b.blocker.category}; {', '.join(b.blocker.actors)}; since {b.since}; "
                                         f"last confirmed {b.confirmed}") for b in st.blockers]),
        (f"milestones (state: {states}; per party as {{actor: state}})",
         [(m.id, m.text, f"owed by {', '.join(m.actors)}; {m.state or 'not reported'}"
                         + (f" on {m.as_of}" if m.as_of else "")) for m in st.milestones]),
        ("indicators (value, target)", [(i.id, i.name, figure(i)) for i in p.indicators]),
    ]
    lines = [f"point {p.id}: {printable(p.title)} (as of {st.as_of}; level {st.level})"]
    for heading, items in sections:
        lines.append(heading + ":")
        lines += [f"  {ident}: {printable(text)} [{facts}]" for ident, text, facts in items] or ["  (none)"]
    return "\n".join(lines) + "\n"
