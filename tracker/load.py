"""Read a data root (plan/, seeds/, status/) into a validated :class:`Dataset`.

Everything valid is kept; everything invalid becomes a :class:`Problem` naming file,
line and what was expected, and all problems are collected in one pass.
"""
from __future__ import annotations

import difflib
import gc
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, get_args

from pydantic import BaseModel, TypeAdapter, ValidationError

from . import dates, texts
from .model import Actor, Evidence, Phase, Plan, Point, Source, Update
from .problems import Problem
from .yamlsafe import YamlFile, locate, parse_yaml, read_bytes

DEFAULT_ROOT = Path(__file__).resolve().parent.parent
PLAN_FILE = "plan/plan.yaml"
POINTS_FILE = "plan/points.yaml"
ACTORS_FILE = "plan/actors.yaml"
SOURCES_FILE = "seeds/sources.yaml"
STATUS_DIR = "status"


@dataclass(frozen=True)
class Entry:
    """One status update as logged: the update, its source and where it is written."""

    update: Update
    source: str
    file: str
    line: int
    seq: int  # position in load order; breaks ties between updates of the same date

    @property
    def date(self) -> date:
        return self.update.date


@dataclass
class Dataset:
    root: Path
    plan: Plan | None
    points: dict[int, Point]
    actors: dict[str, Actor]
    sources: dict[str, Source]
    entries: list[Entry]
    articles: dict[str, list[str]]  # source id -> paragraphs, when texts are present
    problems: list[Problem]
    drafts: list[Entry]  # proposed by ingest, valid, but not counted until a person accepts them
    version: str  # short hash of every data file's bytes
    texts_dir: Path | None = None

    @property
    def phases(self) -> dict[int, Phase]:
        return {p.id: p for p in self.plan.phases} if self.plan else {}

    def phase_name(self, phase: int) -> str:
        found = self.phases.get(phase)
        return found.name if found else f"Phase {phase}"

    def date_range(self) -> tuple[date, date]:
        start = self.plan.released if self.plan else date(2000, 1, 1)
        days = [e.date for e in self.entries]
        return start, max(days + [start])


def load(root: str | Path | None = None, texts_folder: str | Path | None = None,
         today: date | None = None) -> Dataset:
    root = Path(root) if root else DEFAULT_ROOT
    # Loading makes hundreds of thousands of small objects and no reference cycles;
    # pausing the cyclic garbage collector meanwhile halves the time at 10k updates.
    paused = gc.isenabled()
    gc.disable()
    try:
        return _Loader(root, texts_folder, today or dates.today()).run()
    finally:
        if paused:
            gc.enable()


def validate(root: str | Path | None = None, **kwargs: Any) -> list[Problem]:
    return load(root, **kwargs).problems


class _Loader:
    def __init__(self, root: Path, texts_folder: str | Path | None, today: date):
        self.root = root
        self.today = today
        self.problems: list[Problem] = []
        self.digest = hashlib.sha256()
        self.texts_dir = texts.texts_dir(root, texts_folder)

    # -- reading -----------------------------------------------------------------
    def read_raw(self, rel: str) -> bytes | None:
        """A file's bytes (its content hash joins the data version), or None with a problem."""
        path = self.root / rel
        if not path.is_file():
            self.problems.append(Problem(rel, 1, None, "file is missing"))
            return None
        raw, problem = read_bytes(path, rel)
        if raw is None:
            self.problems.append(problem)
            return None
        self.digest.update(rel.encode() + b"\0" + _content_key(raw))
        return raw

    def read(self, rel: str, raw: bytes | None = None) -> YamlFile | None:
        raw = raw if raw is not None else self.read_raw(rel)
        if raw is None:
            return None
        yf = parse_yaml(raw, rel)
        self.problems.extend(yf.problems)
        if yf.data is None:
            return None
        if not isinstance(yf.data, dict):
            self.problems.append(yf.problem(
                f"expected a mapping of keys at the top, got a {_kind(yf.data)}"))
            return None
        return yf

    def items(self, yf: YamlFile, key: str, model: type[BaseModel],
              allowed: Iterable[str] = ()) -> list[tuple[int, Any]]:
        """Validate yf[key] item by item; the valid ones come back with their index."""
        for extra in set(yf.data) - {key, *allowed}:
            self.problems.append(yf.problem(
                f"unknown top-level key {extra!r}; expected {', '.join([key, *allowed])}", (extra,)))
        raw = yf.data.get(key)
        if raw is None:
            self.problems.append(yf.problem(f"missing top-level key {key!r} (a list)"))
            return []
        if not isinstance(raw, list):
            self.problems.append(yf.problem(f"{key!r} must be a list, got a {_kind(raw)}", (key,)))
            return []
        adapter = _adapter(model)
        good = []
        for i, item in enumerate(raw):
            try:
                good.append((i, adapter.validate_python(item)))
            except ValidationError as exc:
                for err in exc.errors():
                    loc = (key, i, *err["loc"])
                    self.problems.append(yf.problem(_message(err, model, f"{key}[{i}]"), loc))
        return good

    # -- the pass ---------------------------------------------------------------
    def run(self) -> Dataset:
        plan = self.load_plan()
        points = self.load_points(plan)
        actors = self.load_actors()
        sources = self.load_sources()
        self.check_points(points, actors)
        articles = self.load_articles(sources)
        logged = self.load_status(points, actors, sources, articles, plan)
        entries = [e for e in logged if not e.update.draft]
        drafts = [e for e in logged if e.update.draft]
        return Dataset(self.root, plan, points, actors, sources, entries, articles,
                       sorted(set(self.problems), key=_order), drafts, self.digest.hexdigest()[:10],
                       self.texts_dir)

    def load_plan(self) -> Plan | None:
        yf = self.read(PLAN_FILE)
        if yf is None:
            return None
        try:
            plan = Plan.model_validate(yf.data)
        except ValidationError as exc:
            for err in exc.errors():
                self.problems.append(yf.problem(_message(err, Plan, ""), tuple(err["loc"])))
            return None
        self.check_unique(yf, "phases", [p.id for p in plan.phases], range(len(plan.phases)))
        self.check_day(yf, plan.released, ("released",), allow_before_plan=True)
        return plan

    def load_points(self, plan: Plan | None) -> dict[int, Point]:
        yf = self.read(POINTS_FILE)
        if yf is None:
            return {}
        good = self.items(yf, "points", Point)
        self.check_unique(yf, "points", [p.id for _, p in good], [i for i, _ in good])
        phases = {p.id for p in plan.phases} if plan else set()
        points: dict[int, Point] = {}
        self._points_yf = yf
        self._point_index = {}
        for i, p in good:
            if plan and p.phase not in phases:
                self.problems.append(yf.problem(
                    f"phase {p.phase} is not a phase of the plan (expected one of {sorted(phases)})",
                    ("points", i, "phase")))
            for kind, ids in (("indicator", [x.id for x in p.indicators]),
                              ("deadline", [x.id for x in p.deadlines])):
                for dup in _dups(ids):
                    self.problems.append(yf.problem(f"point {p.id}: duplicate {kind} id {dup!r}",
                                                    ("points", i)))
            points.setdefault(p.id, p)
            self._point_index.setdefault(p.id, i)
        return points

    def load_actors(self) -> dict[str, Actor]:
        yf = self.read(ACTORS_FILE)
        if yf is None:
            return {}
        good = self.items(yf, "actors", Actor)
        self.check_unique(yf, "actors", [a.id for _, a in good], [i for i, _ in good])
        actors: dict[str, Actor] = {}
        for _, a in good:
            actors.setdefault(a.id, a)
        for i, a in good:
            if a.affiliation and a.affiliation not in actors:
                self.unknown(yf, "actor", a.affiliation, actors, ("actors", i, "affiliation"))
        return actors

    def load_sources(self) -> dict[str, Source]:
        yf = self.read(SOURCES_FILE)
        if yf is None:
            return {}
        good = self.items(yf, "sources", Source)
        self.check_unique(yf, "sources", [s.id for _, s in good], [i for i, _ in good])
        sources = {}
        for i, s in good:
            self.check_day(yf, s.published, ("sources", i, "published"))
            if s.summary.startswith("TODO"):
                self.problems.append(yf.problem(f"source {s.id}: the summary is still the placeholder",
                                                ("sources", i, "summary")))
            sources.setdefault(s.id, s)
        self._sources_yf = yf
        self._source_index = {s.id: i for i, s in reversed(good)}
        return sources

    def load_articles(self, sources: dict[str, Source]) -> dict[str, list[str]]:
        if self.texts_dir is None:
            return {}
        articles = {}
        for sid, s in sources.items():
            paras = texts.read_article(self.texts_dir, s.file)
            if paras is None:
                self.problems.append(self._sources_yf.problem(
                    f"source {sid}: article text {s.file!r} not found in {self.texts_dir}",
                    ("sources", self._source_index[sid], "file")))
                continue
            articles[sid] = paras
            for n in s.boilerplate:
                if n > len(paras):
                    self.problems.append(self._sources_yf.problem(
                        f"source {sid}: boilerplate paragraph {n} is past the end "
                        f"(the article has {len(paras)})",
                        ("sources", self._source_index[sid], "boilerplate")))
        return articles

    def check_points(self, points: dict[int, Point], actors: dict[str, Actor]) -> None:
        if not points:
            return
        yf = self._points_yf
        for pid, p in points.items():
            i = self._point_index[pid]
            for j, r in enumerate(p.actors):
                if actors and r.actor not in actors:
                    self.unknown(yf, "actor", r.actor, actors, ("points", i, "actors", j, "actor"))
            for j, d in enumerate(p.depends_on):
                if d.point == pid:
                    self.problems.append(yf.problem(f"point {pid} depends on itself",
                                                    ("points", i, "depends_on", j)))
                elif d.point not in points:
                    self.problems.append(yf.problem(
                        f"point {pid} depends on point {d.point}, which is not in the plan",
                        ("points", i, "depends_on", j, "point")))
        for cycle in _cycles({pid: [d.point for d in p.depends_on if d.point in points]
                              for pid, p in points.items()}):
            first = cycle[0]
            self.problems.append(yf.problem(
                "dependency cycle: " + " -> ".join(str(c) for c in cycle + [first]),
                ("points", self._point_index[first], "depends_on")))

    def load_status(self, points, actors, sources, articles, plan) -> list[Entry]:
        folder = self.root / STATUS_DIR
        if not folder.is_dir():
            self.problems.append(Problem(STATUS_DIR, 1, None, "folder is missing"))
            return []
        # What a status file's checks depend on besides its own bytes: the registries
        # read so far, the article texts and today's date.
        context = (self.digest.hexdigest(), str(self.texts_dir), self.today,
                   hashlib.blake2b(repr(sorted(articles.items())).encode(), digest_size=16).digest())
        entries: list[Entry] = []
        files = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
        for path in files:
            rel = f"{STATUS_DIR}/{path.name}"
            raw = self.read_raw(rel)
            if raw is None:
                continue
            key = (str(path.resolve()), _content_key(raw), context)
            cached = _STATUS_CACHE.get(key[0])
            if cached is not None and cached[0] == key:
                source, items, problems = cached[1]
                self.problems.extend(problems)
            else:
                before = len(self.problems)
                source, items = self.check_status_file(rel, raw, points, actors, sources, articles, plan)
                _STATUS_CACHE[key[0]] = (key, (source, items, self.problems[before:]))
            entries.extend(Entry(u, source, rel, line, len(entries) + i) for i, (u, line) in enumerate(items))
        return entries

    def check_status_file(self, rel, raw, points, actors, sources, articles, plan):
        """Parse and check one status file: its source id and its valid updates with their lines."""
        yf = self.read(rel, raw)
        if yf is None:
            return "?", []
        source = yf.data.get("source")
        if not isinstance(source, str):
            self.problems.append(yf.problem("missing top-level key 'source' (a source id)"))
        elif sources and source not in sources:
            self.unknown(yf, "source", source, sources, ("source",))
        checker = _UpdateChecker(self, yf, source, points, actors, sources, articles, plan)
        items = []
        for i, u in self.items(yf, "updates", Update, allowed=("source",)):
            before = len(self.problems)
            checker.check(i, u)
            if len(self.problems) == before:  # an update with a problem is reported, not used
                items.append((u, _item_line(yf, "updates", i)))
        return (source if isinstance(source, str) else "?"), items

    # -- shared checks -----------------------------------------------------------
    def check_unique(self, yf: YamlFile, key: str, ids: list, indexes: Iterable[int]) -> None:
        seen: dict[Any, int] = {}
        for ident, i in zip(ids, indexes):
            if ident in seen:
                first = _item_line(yf, key, seen[ident])
                self.problems.append(yf.problem(
                    f"duplicate id {ident!r} in {key} (first at line {first})", (key, i, "id")))
            else:
                seen[ident] = i

    def check_day(self, yf: YamlFile, day: date | None, loc: tuple,
                  allow_before_plan: bool = False, plan: Plan | None = None,
                  not_after: tuple[date, str] | None = None) -> None:
        if day is None:
            return
        if day > self.today:
            self.problems.append(yf.problem(f"{day} is in the future (today is {self.today})", loc))
        elif plan and not allow_before_plan and day < plan.released:
            self.problems.append(yf.problem(
                f"{day} is before the plan was released ({plan.released})", loc))
        elif not_after and day > not_after[0]:
            self.problems.append(yf.problem(f"{day} is after {not_after[1]} ({not_after[0]})", loc))

    def unknown(self, yf: YamlFile, kind: str, ident: Any, known: dict, loc: tuple) -> None:
        hint = difflib.get_close_matches(str(ident), [str(k) for k in known], n=1)
        more = f"; did you mean {hint[0]!r}?" if hint else ""
        self.problems.append(yf.problem(f"unknown {kind} {ident!r}{more}", loc))


class _UpdateChecker:
    """Cross-references of one status file's updates against the registries and texts."""

    def __init__(self, loader: _Loader, yf, source, points, actors, sources, articles, plan):
        self.ld, self.yf, self.source = loader, yf, source
        self.points, self.actors, self.sources = points, actors, sources
        self.articles, self.plan = articles, plan

    def check(self, i: int, u: Update) -> None:
        at = ("updates", i)
        ld, yf = self.ld, self.yf
        src = self.sources.get(self.source)
        report_day = (src.published, "the source's publication date") if src else None
        ld.check_day(yf, u.date, at + ("date",), plan=self.plan, not_after=report_day)
        indicator_ids = set()
        for j, pid in enumerate(u.points):
            if self.points and pid not in self.points:
                ld.problems.append(yf.problem(
                    f"unknown point {pid} (the plan has points {min(self.points)}-{max(self.points)})",
                    at + ("points", j)))
            elif pid in self.points:
                indicator_ids |= {x.id for x in self.points[pid].indicators}
        for dup in _dups(u.points):
            ld.problems.append(yf.problem(f"point {dup} is listed twice", at + ("points",)))
        for key in u.indicators:
            if self.points and key not in indicator_ids:
                ld.problems.append(yf.problem(
                    f"indicator {key!r} is not defined for point(s) {u.points}"
                    + (f" (expected one of {sorted(indicator_ids)})" if indicator_ids else ""),
                    at + ("indicators", key)))
        for j, a in enumerate(u.actors):
            self.actor(a, at + ("actors", j))
        for j, b in enumerate(u.blockers):
            bat = at + ("blockers", j)
            for k, a in enumerate(b.actors):
                self.actor(a, bat + ("actors", k))
            ld.check_day(yf, b.since, bat + ("since",), plan=self.plan, not_after=report_day)
            ld.check_day(yf, b.resolved, bat + ("resolved",), plan=self.plan)
            if b.since and b.resolved and b.resolved < b.since:
                ld.problems.append(yf.problem(
                    f"blocker {b.id!r} is resolved ({b.resolved}) before it began ({b.since})",
                    bat + ("resolved",)))
        for dup in _dups([b.id for b in u.blockers]):
            ld.problems.append(yf.problem(f"blocker id {dup!r} is used twice in one update",
                                          at + ("blockers",)))
        for j, ev in enumerate(u.evidence):
            self.evidence(ev, at + ("evidence", j))
        if u.note.startswith("TODO"):
            ld.problems.append(yf.problem("note is still the placeholder; say what the article reports",
                                          at + ("note",)))
        if u.disputed:
            for k, a in enumerate(u.disputed.by):
                self.actor(a, at + ("disputed", "by", k))
            for j, ev in enumerate(u.disputed.evidence):
                self.evidence(ev, at + ("disputed", "evidence", j))

    def actor(self, ident: str, loc: tuple) -> None:
        if self.actors and ident not in self.actors:
            self.ld.unknown(self.yf, "actor", ident, self.actors, loc)

    def evidence(self, ev: Evidence, loc: tuple) -> None:
        sid = ev.source or self.source
        if not isinstance(sid, str):
            return
        if self.sources and sid not in self.sources:
            self.ld.unknown(self.yf, "source", sid, self.sources, loc + ("source",))
            return
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
        if not texts.phrase_in(ev.phrase, paras[ev.paragraph - 1]):
            self.ld.problems.append(self.yf.problem(
                f"key phrase {ev.phrase!r} does not occur in paragraph {ev.paragraph} of {sid}",
                loc + ("phrase",)))


# -- helpers -------------------------------------------------------------------------

# Parsed and checked status files, keyed on the file's path; an entry is used only while
# the file's bytes and everything its checks depend on are unchanged, so it is never stale.
_STATUS_CACHE: dict[str, tuple[tuple, tuple]] = {}


def _content_key(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=16).digest()


_ADAPTERS: dict[type, TypeAdapter] = {}


def _adapter(model: type[BaseModel]) -> TypeAdapter:
    if model not in _ADAPTERS:
        _ADAPTERS[model] = TypeAdapter(model)
    return _ADAPTERS[model]


def _kind(value: Any) -> str:
    return {dict: "mapping", list: "list", str: "text", int: "number", float: "number",
            bool: "true/false", type(None): "empty value"}.get(type(value), type(value).__name__)


def _field_path(prefix: str, loc: tuple) -> str:
    out = prefix
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _message(err: dict, model: type[BaseModel], prefix: str) -> str:
    loc = tuple(err["loc"])
    where = _field_path(prefix, loc)
    kind = err["type"]
    got = err.get("input")
    if kind == "missing":
        return f"{_field_path(prefix, loc[:-1]) or 'top level'}: missing field {loc[-1]!r}"
    if kind == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1])
        hint = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        more = f"; did you mean {hint[0]!r}?" if hint else f"; expected one of {', '.join(allowed)}"
        return f"{_field_path(prefix, loc[:-1]) or 'top level'}: unknown field {loc[-1]!r}{more}"
    if kind == "literal_error":
        choices = [x.strip() for x in err["ctx"]["expected"].replace("'", "").replace(" or ", ", ").split(",")]
        expected = ", ".join(choices)
        hint = difflib.get_close_matches(str(got), choices, n=1)
        more = f"; did you mean {hint[0]!r}?" if hint else ""
        return f"{where}: {got!r} is not one of: {expected}{more}"
    msg = err["msg"].removeprefix("Value error, ")
    if kind in ("value_error",):
        return f"{where}: {msg}"
    if kind.endswith("_type") or kind.endswith("_parsing"):
        return f"{where}: {msg.lower().replace('input should be', 'expected')}, got {_kind(got)} {got!r}"[:300]
    return f"{where}: {msg}"[:300]


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """Names of the fields of the model reached by following loc (for hints)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field_info = getattr(current, "model_fields", {}).get(part)
        if field_info is None:
            return []
        current = _inner_model(field_info.annotation)
    return list(getattr(current, "model_fields", {}))


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _item_line(yf: YamlFile, key: str, i: int) -> int:
    line, _ = locate(yf.root, (key, i))
    return line or 0


def _dups(values: list) -> list:
    seen, dups = set(), []
    for v in values:
        if v in seen and v not in dups:
            dups.append(v)
        seen.add(v)
    return dups


def _cycles(graph: dict[int, list[int]]) -> list[list[int]]:
    """Every elementary cycle found by depth-first search, each reported once."""
    found, seen_sets = [], set()
    state: dict[int, int] = {}
    stack: list[int] = []

    def visit(n: int) -> None:
        state[n] = 1
        stack.append(n)
        for m in graph.get(n, []):
            if state.get(m) == 1:
                cycle = stack[stack.index(m):]
                key = frozenset(cycle)
                if key not in seen_sets:
                    seen_sets.add(key)
                    found.append(list(cycle))
            elif m not in state:
                visit(m)
        stack.pop()
        state[n] = 2

    for n in sorted(graph):
        if n not in state:
            visit(n)
    return found


def _order(p: Problem) -> tuple:
    return (p.path, p.line or 0, p.column or 0, p.message)
