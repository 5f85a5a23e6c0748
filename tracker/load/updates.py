"""Cross-references of one status file's updates against the registries and the article
texts: points, indicators, milestones, actors, blockers, evidence locators."""
from __future__ import annotations

from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from .. import texts
from ..model import Evidence, Update
from .messages import _num
from .registries import _dups

if TYPE_CHECKING:
    from .loader import Loader


class _UpdateChecker:
    """Cross-references of one status file's updates against the registries and texts."""

    def __init__(self, loader: Loader, yf, source, points, actors, sources, articles, plan):
        self.ld, self.yf, self.source = loader, yf, source
        self.points, self.actors, self.sources = points, actors, sources
        self.articles, self.plan = articles, plan

    def check(self, i: int, u: Update | SimpleNamespace) -> None:
        """Cross-references of one update. `u` may be a partial update (the fields of an
        invalid update that do validate), so every field may be missing."""
        at = ("updates", i)
        src = self.sources.get(self.source)
        report_day = (src.published, "the source's publication date") if src else None
        self.ld.check_day(self.yf, u.date, at + ("date",), plan=self.plan, not_after=report_day)
        points = u.points or []
        self.points_and_figures(u, points, at)
        for j, a in enumerate(u.actors or []):
            self.actor(a, at + ("actors", j))
        for key, actor in (u.claims or {}).items():
            self.actor(actor, at + ("claims", key))
            if key not in (u.milestones or {}) and key not in (u.indicators or {}):
                self.ld.problems.append(self.yf.problem(
                    f"claims names {key!r}, but this update gives no state or figure for it; name a milestone "
                    "or indicator it gives", at + ("claims", key)))
        self.blockers(u, at, report_day)
        for j, ev in enumerate(u.evidence or []):
            self.evidence(ev, at + ("evidence", j))
        if isinstance(u.note, str) and u.note.startswith("TODO"):
            self.ld.problems.append(self.yf.problem("note is still the placeholder; say what the article reports",
                                                    at + ("note",)))
        if u.disputed:
            for k, a in enumerate(u.disputed.by):
                self.actor(a, at + ("disputed", "by", k))
            for j, ev in enumerate(u.disputed.evidence):
                self.evidence(ev, at + ("disputed", "evidence", j))

    def points_and_figures(self, u: Update | SimpleNamespace, points: list[int], at: tuple) -> None:
        """The update's points exist, once each, and its indicators and milestones are theirs."""
        ld, yf = self.ld, self.yf
        indicators: dict[str, Any] = {}
        for j, pid in enumerate(points):
            if self.points and pid not in self.points and pid not in ld.broken["point"]:
                ld.problems.append(yf.problem(
                    f"unknown point {pid} (the plan has points {min(self.points)}-{max(self.points)})",
                    at + ("points", j)))
            elif pid in self.points:
                indicators.update({x.id: x for x in self.points[pid].indicators})
        for dup in _dups(points):
            ld.problems.append(yf.problem(f"point {dup} is listed twice", at + ("points",)))
        judged = bool(self.points) and not set(points) & ld.broken["point"]  # else: reported where defined
        for key, value in (u.indicators or {}).items():
            if judged and key not in indicators:
                ld.problems.append(yf.problem(
                    f"indicator {key!r} is not defined for point(s) {points}"
                    + (f" (expected one of {sorted(indicators)})" if indicators else ""),
                    at + ("indicators", key)))
            elif key in indicators and value > indicators[key].target:
                ind = indicators[key]
                ld.problems.append(yf.problem(
                    f"indicator {key!r} is {_num(value)}, more than its target of {_num(ind.target)} {ind.unit}; "
                    "check the figure (or the target in plan/points.yaml)", at + ("indicators", key)))
        milestones = {m.id: m for pid in points if pid in self.points for m in self.points[pid].milestones}
        for key, given in (u.milestones or {}).items():
            if judged and key not in milestones:
                ld.problems.append(yf.problem(
                    f"milestone {key!r} is not one of point(s) {points}"
                    + (f" (expected one of {sorted(milestones)})" if milestones else " (they define none)"),
                    at + ("milestones", key)))
            elif key in milestones and isinstance(given, dict):
                for actor in given:
                    if actor not in milestones[key].actors:
                        ld.problems.append(yf.problem(
                            f"milestone {key!r} is not owed by {actor!r} (it is owed by "
                            f"{', '.join(milestones[key].actors)}); give states for those parties only",
                            at + ("milestones", key, actor)))

    def blockers(self, u: Update | SimpleNamespace, at: tuple, report_day: tuple | None) -> None:
        """Each blocker's actors and dates, unique ids, and no blocker both stated and resolved."""
        ld, yf = self.ld, self.yf
        for j, b in enumerate(u.blockers or []):
            bat = at + ("blockers", j)
            for k, a in enumerate(b.actors):
                self.actor(a, bat + ("actors", k))
            ld.check_day(yf, b.since, bat + ("since",), plan=self.plan, not_after=report_day)
            ld.check_day(yf, b.resolved, bat + ("resolved",), plan=self.plan)
            if b.since and b.resolved and b.resolved < b.since:
                ld.problems.append(yf.problem(
                    f"blocker {b.id!r} is resolved ({b.resolved}) before it began ({b.since})",
                    bat + ("resolved",)))
            if b.until:
                self.cause(b.until, (u.points or [None])[0], bat + ("until",))
        for dup in _dups([b.id for b in u.blockers or []]):
            ld.problems.append(yf.problem(f"blocker id {dup!r} is used twice in one update",
                                          at + ("blockers",)))
        for j, bid in enumerate(u.resolves or []):
            if any(b.id == bid for b in u.blockers or []):
                ld.problems.append(yf.problem(
                    f"blocker {bid!r} is both stated and resolved in this update; give it a `resolved:` "
                    "date in its entry instead", at + ("resolves", j)))

    def cause(self, cause, own_point: int | None, loc: tuple) -> None:
        """What a blocker waits for names a point of the plan and a milestone or indicator it defines."""
        pid = cause.point or own_point
        point = self.points.get(pid)
        if point is None:
            if self.points and pid is not None and pid not in self.ld.broken["point"]:
                self.ld.problems.append(self.yf.problem(f"until: point {pid} is not in the plan", loc + ("point",)))
            return
        for kind, known in (("milestone", [m.id for m in point.milestones]),
                            ("indicator", [i.id for i in point.indicators])):
            ident = getattr(cause, kind)
            if ident and ident not in known:
                self.ld.problems.append(self.yf.problem(
                    f"until: point {pid} has no {kind} {ident!r}"
                    + (f" (expected one of {', '.join(known)})" if known else f" (it defines no {kind}s)"),
                    loc + (kind,)))

    def actor(self, ident: str, loc: tuple) -> None:
        if self.actors and ident not in self.actors:
            self.ld.unknown(self.yf, "actor", ident, self.actors, loc)

    def evidence(self, ev: Evidence, loc: tuple) -> None:
        if ev.claimed_by:
            self.actor(ev.claimed_by, loc + ("claimed_by",))
        sid = ev.source or self.source
        if not isinstance(sid, str):
            return
        if self.sources and sid not in self.sources:
            if ev.source:
                self.ld.unknown(self.yf, "source", sid, self.sources, loc + ("source",))
            return  # the file's own source, when unknown, is reported once at `source:`
        paras = self.articles.get(sid)
        if paras is None:
            return
        if ev.paragraph > len(paras):
            self.ld.problems.append(self.yf.problem(
                f"paragraph {ev.paragraph} is past the end of {sid} ({len(paras)} paragraphs)",
                loc + ("paragraph",)))
            return
        if ev.paragraph in self.sources[sid].boilerplate:
            self.ld.problems.append(self.yf.problem(
                f"paragraph {ev.paragraph} of {sid} is page boilerplate, not reporting",
                loc + ("paragraph",)))
        if ev.phrase.startswith("TODO"):
            self.ld.problems.append(self.yf.problem(
                "key phrase is still the placeholder; quote a few words of the paragraph", loc + ("phrase",)))
        elif not texts.phrase_in(ev.phrase, paras[ev.paragraph - 1]):
            self.ld.problems.append(self.yf.problem(
                f"key phrase {ev.phrase!r} does not occur in paragraph {ev.paragraph} of {sid}",
                loc + ("phrase",)))
