"""Read a data root (plan/, seeds/, status/) into a validated :class:`Dataset`.

Everything valid is kept; everything invalid becomes a :class:`Problem` naming file,
line and what was expected, and all problems are collected in one pass.
"""
from __future__ import annotations

import difflib
import gc
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Annotated, Any, get_args

from pydantic import BaseModel, TypeAdapter, ValidationError

from . import dates, diskcache, texts
from .model import Actor, Evidence, Finding, Phase, Plan, Point, Review, ReviewRound, Source, Update
from .problems import Problem
from .yamlsafe import YamlFile, locate, parse_yaml, read_bytes

DEFAULT_ROOT = Path(__file__).resolve().parent.parent
PLAN_FILE = "plan/plan.yaml"
POINTS_FILE = "plan/points.yaml"
ACTORS_FILE = "plan/actors.yaml"
SOURCES_FILE = "seeds/sources.yaml"
STATUS_DIR = "status"
REVIEWS_DIR = "reviews"


@dataclass(frozen=True)
class Entry:
    """One status update as logged: the update, its source and where it is written."""

    update: Update
    source: str
    file: str
    line: int
    seq: int  # position in load order; breaks ties between updates of the same date
    resolve_at: tuple[tuple[int, int], ...] = field(default=(), compare=False)  # line, column of each `resolves` id

    @property
    def date(self) -> date:
        return self.update.date

    @property
    def ref(self) -> str:
        """The update's address across the record: source id and update id."""
        return f"{self.source}/{self.update.id}"


@dataclass(frozen=True)
class ReviewEntry:
    """One reviewed update (or one finding) of a review round, where it is written."""

    round: ReviewRound
    record: Review | Finding
    file: str
    line: int

    @property
    def ref(self) -> str | None:
        r = self.record
        return f"{r.source}/{r.update}" if r.source and r.update else None


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
    reviews: list[ReviewEntry] = field(default_factory=list)  # per-update reviews of every round
    findings: list[ReviewEntry] = field(default_factory=list)  # findings beyond the ratings

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


_DEFAULT = object()


def load(root: str | Path | None = None, texts_folder: str | Path | None = None,
         today: date | None = None, overlay: dict[str, str] | None = None, cache: Any = _DEFAULT) -> Dataset:
    """Read and validate a data root. `overlay` maps relative paths to texts that stand in
    for (or add to) the files on disk: how an edit is checked before it is written. `cache`
    is a DiskCache of checked status files (default: the user's, see tracker.diskcache;
    None: off)."""
    root = Path(root) if root else DEFAULT_ROOT
    # Loading makes hundreds of thousands of small objects and no reference cycles;
    # pausing the cyclic garbage collector meanwhile halves the time at 10k updates.
    paused = gc.isenabled()
    gc.disable()
    try:
        loader = _Loader(root, texts_folder, today or dates.today())
        loader.overlay = {rel: text.encode("utf-8") for rel, text in (overlay or {}).items()}
        loader.disk = diskcache.open_cache() if cache is _DEFAULT else cache
        return loader.run()
    finally:
        if paused:
            gc.enable()


def validate(root: str | Path | None = None, **kwargs: Any) -> list[Problem]:
    return load(root, **kwargs).problems


class _Loader:
    def __init__(self, root: Path, texts_folder: str | Path | None, today: date):
        self.root = root
        self.real_root = root.resolve()
        self.today = today
        self.problems: list[Problem] = []
        self.digest = hashlib.sha256()
        self.texts_dir = texts.texts_dir(root, texts_folder)
        # ids defined by records that failed validation: reported once where they are
        # defined, never again as "unknown" wherever they are used
        self.broken: dict[str, set] = {"point": set(), "actor": set(), "source": set()}
        self.released: date | None = None
        self.phase_ids: set[int] = set()
        self.actors: dict[str, Actor] = {}
        self.sources: dict[str, Source] = {}
        self.source_lines: dict[str, int | None] = {}  # status file -> line of its `source:`
        self.update_ids: dict[str, set[str]] = {}  # source -> every update id written (valid or not)
        self.overlay: dict[str, bytes] = {}
        self.disk = None  # a diskcache.DiskCache, or None

    # -- reading -----------------------------------------------------------------
    def read_raw(self, rel: str) -> bytes | None:
        """A file's bytes (its content hash joins the data version), or None with a problem."""
        if rel in self.overlay:
            raw = self.overlay[rel]
            self.digest.update(rel.encode() + b"\0" + _content_key(raw))
            return raw
        path = self.root / rel
        refused = file_refusal(path, self.real_root)
        if refused:
            self.problems.append(Problem(rel, 1, None, refused))
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
                f"expected a mapping of keys at the top, got a {kind_of(yf.data)}"))
            return None
        return yf

    def items(self, yf: YamlFile, key: str, model: type[BaseModel],
              allowed: Iterable[str] = (), failed: list | None = None) -> list[tuple[int, Any]]:
        """Validate yf[key] item by item; the valid ones come back with their index, the
        others (with their raw value) go to `failed` when given. An item holding a forbidden
        character is reported by the reader and counts as failed."""
        for extra in set(yf.data) - {key, *allowed}:
            self.problems.append(yf.problem(
                f"unknown top-level key {extra!r}; expected {', '.join([key, *allowed])}", (extra,)))
        raw = yf.data.get(key)
        if raw is None:
            self.problems.append(yf.problem(f"missing top-level key {key!r} (a list)"))
            return []
        if not isinstance(raw, list):
            self.problems.append(yf.problem(f"{key!r} must be a list, got a {kind_of(raw)}", (key,)))
            return []
        adapter = _adapter(model)
        tainted = {p[1] for p in yf.tainted if len(p) > 1 and p[0] == key}
        good = []
        kind = {Point: "point", Actor: "actor", Source: "source"}.get(model)
        for i, item in enumerate(raw):
            try:
                value = adapter.validate_python(item)
            except ValidationError as exc:
                for err in exc.errors():
                    loc = (key, i, *err["loc"])
                    self.problems.append(yf.problem(self.message(err, model, f"{key}[{i}]"), loc))
                value = None
            if value is not None and i not in tainted:
                good.append((i, value))
                continue
            if kind and isinstance(item, dict) and isinstance(item.get("id"), (int, str)):
                self.broken[kind].add(item["id"])
            if failed is not None:
                failed.append((i, item))
        return good

    def message(self, err: dict, model: type[BaseModel], prefix: str) -> str:
        """A validation error in plain words, with the registry's help where it has some."""
        if err["type"] == "string_pattern_mismatch" and isinstance(err.get("input"), str):
            field_name = next((p for p in reversed(err["loc"]) if isinstance(p, str)), "")
            return f"{_field_path(prefix, tuple(err['loc']))}: {self.id_hint(field_name, err['input'])}"
        return _message(err, model, prefix)

    def id_hint(self, field_name: str, value: str) -> str:
        if field_name in ("actors", "actor", "by", "affiliation"):
            found = actor_by_name(self.actors, value)
            if found:
                return f"unknown actor {value!r}; use its id {found!r}"
            return f"unknown actor {value!r}: give an actor id from plan/actors.yaml (lower-case, e.g. 'hamas')"
        if field_name == "source" and value.lower() in self.sources:
            return f"unknown source {value!r}; use its id {value.lower()!r}"
        if field_name == "file":
            name = value.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
            more = f" ({name!r})" if name not in ("", ".", "..") else ""
            return f"{value!r} is a path; give the file name only{more}, as it is in the texts folder"
        if field_name in ("url", "archive_url"):
            return f"{value!r} is not a web address; expected one starting with http:// or https://"
        return (f"{value!r} is not a valid id: use lower-case letters, digits, - and _, "
                "starting with a letter or digit")

    # -- the pass ---------------------------------------------------------------
    def run(self) -> Dataset:
        plan = self.load_plan()
        actors = self.actors = self.load_actors()
        points = self.load_points(plan)
        sources = self.sources = self.load_sources()
        self.check_points(points, actors)
        articles = self.load_articles(sources)
        logged = self.load_status(points, actors, sources, articles, plan)
        logged = self.check_log(logged, points, sources)
        reviews, findings = self.load_reviews(sources, points)
        entries = [e for e in logged if not e.update.draft]
        drafts = [e for e in logged if e.update.draft]
        return Dataset(self.root, plan, points, actors, sources, entries, articles,
                       sorted(set(self.problems), key=_order), drafts, self.digest.hexdigest()[:10],
                       self.texts_dir, reviews, findings)

    def load_plan(self) -> Plan | None:
        yf = self.read(PLAN_FILE)
        if yf is None:
            return None
        partial = _partial(Plan, yf.data)
        self.released = partial.released
        self.phase_ids = {p.id for p in partial.phases}
        if yf.tainted:
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
        phases = self.phase_ids
        points: dict[int, Point] = {}
        self._points_yf = yf
        self._point_index = {}
        for i, p in good:
            if phases and p.phase not in phases:
                self.problems.append(yf.problem(
                    f"phase {p.phase} is not a phase of the plan (expected one of {sorted(phases)})",
                    ("points", i, "phase")))
            for j, d in enumerate(p.deadlines):
                self.check_day(yf, d.due, ("points", i, "deadlines", j, "due"), allow_future=True)
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
            indicator_ids = {x.id for x in p.indicators}
            deadline_ids = {x.id for x in p.deadlines}
            for j, m in enumerate(p.milestones):
                mat = ("points", i, "milestones", j)
                for k, a in enumerate(m.actors):
                    if actors and a not in actors:
                        self.unknown(yf, "actor", a, actors, mat + ("actors", k))
                if m.indicator and m.indicator not in indicator_ids:
                    self.problems.append(yf.problem(
                        f"point {pid}: milestone {m.id!r} names indicator {m.indicator!r}, which the point "
                        f"does not define (expected one of {sorted(indicator_ids)})", mat + ("indicator",)))
                if m.deadline and m.deadline not in deadline_ids:
                    self.problems.append(yf.problem(
                        f"point {pid}: milestone {m.id!r} names deadline {m.deadline!r}, which the point "
                        f"does not define (expected one of {sorted(deadline_ids)})", mat + ("deadline",)))
            for dup in _dups([m.id for m in p.milestones]):
                self.problems.append(yf.problem(f"point {pid}: duplicate milestone id {dup!r}",
                                                ("points", i, "milestones")))
            for j, d in enumerate(p.depends_on):
                if d.point == pid:
                    self.problems.append(yf.problem(f"point {pid} depends on itself",
                                                    ("points", i, "depends_on", j)))
                elif d.point not in points and d.point not in self.broken["point"]:
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
        added = {rel.split("/", 1)[1] for rel in self.overlay if rel.startswith(STATUS_DIR + "/")}
        for name in sorted({p.name for p in folder.iterdir()} | added):
            path = folder / name
            rel = f"{STATUS_DIR}/{name}"
            skipped = None if rel in self.overlay else _not_a_status_file(path)
            if skipped:
                if skipped != "hidden":
                    self.problems.append(Problem(rel, 1, None, skipped))
                continue
            raw = self.read_raw(rel)
            if raw is None:
                continue
            key = (str(path.resolve()) + ("#overlay" if rel in self.overlay else ""), _content_key(raw), context)
            cached = _STATUS_CACHE.get(key[0])
            if cached is None or cached[0] != key:
                disk_key = (rel, key[1], context)
                found = self.disk.get(disk_key) if self.disk and not self.overlay else None
                if found is not None:
                    cached = (key, found)
                    _STATUS_CACHE[key[0]] = cached
            if cached is not None and cached[0] == key:
                source, items, problems, self.source_lines[rel], ids = cached[1]
                self.problems.extend(problems)
                self.update_ids.setdefault(source, set()).update(ids)
            else:
                before = len(self.problems)
                source, items = self.check_status_file(rel, raw, points, actors, sources, articles, plan)
                ids = self._file_ids
                self.update_ids.setdefault(source, set()).update(ids)
                value = (source, items, self.problems[before:], self.source_lines.get(rel), ids)
                _STATUS_CACHE[key[0]] = (key, value)
                if self.disk and not self.overlay:  # a trial edit's check is not worth keeping
                    self.disk.put((rel, key[1], context), value)
            entries.extend(Entry(u, source, rel, line, len(entries) + i, at)
                           for i, (u, line, at) in enumerate(items))
        return entries

    def check_status_file(self, rel, raw, points, actors, sources, articles, plan):
        """Parse and check one status file: its source id and its valid updates with their lines."""
        self._file_ids: set[str] = set()
        yf = self.read(rel, raw)
        if yf is None:
            return "?", []
        source = yf.data.get("source")
        self.source_lines[rel] = locate(yf.root, ("source",))[0] if "source" in yf.data else None
        if not isinstance(source, str):
            self.problems.append(yf.problem("missing top-level key 'source' (a source id)"))
        elif sources and source not in sources:
            self.unknown(yf, "source", source, sources, ("source",))
        checker = _UpdateChecker(self, yf, source, points, actors, sources, articles, plan)
        items = []
        failed: list = []
        raw_updates = yf.data.get("updates") if isinstance(yf.data.get("updates"), list) else []
        seen_ids: dict[str, int] = {}
        for i, item in enumerate(raw_updates):
            uid = item.get("id") if isinstance(item, dict) else None
            if isinstance(uid, str):
                self._file_ids.add(uid)
                if uid in seen_ids:
                    self.problems.append(yf.problem(
                        f"update id {uid!r} is used twice in this file (first at line "
                        f"{_item_line(yf, 'updates', seen_ids[uid])}); ids must be unique within a source",
                        ("updates", i, "id")))
                seen_ids.setdefault(uid, i)
        for i, u in self.items(yf, "updates", Update, allowed=("source",), failed=failed):
            before = len(self.problems)
            checker.check(i, u)
            if len(self.problems) == before:  # an update with a problem is reported, not used
                at = tuple(locate(yf.root, ("updates", i, "resolves", k)) for k in range(len(u.resolves)))
                items.append((u, _item_line(yf, "updates", i), at))
        for i, raw in failed:  # still check what can be checked, so one run reports everything
            if isinstance(raw, dict):
                checker.check(i, _partial(Update, raw))
        return (source if isinstance(source, str) else "?"), items

    def check_log(self, entries: list[Entry], points, sources) -> list[Entry]:
        """Checks across status files: one file per source, no update twice, and every
        `resolves` naming a blocker active on the update's point by its date."""
        first_file: dict[str, str] = {}  # the file named after the source wins, else the first by name
        for e in entries:
            if e.file == f"{STATUS_DIR}/{e.source}.yaml":
                first_file[e.source] = e.file
            else:
                first_file.setdefault(e.source, e.file)
        dup_files = {e.file for e in entries if first_file[e.source] != e.file}
        for rel in sorted(dup_files):
            source = next(e.source for e in entries if e.file == rel)
            self.problems.append(Problem(rel, self.source_lines.get(rel), None,
                f"{first_file[source]} already holds the updates of source {source!r}; "
                "one status file per source: move these updates there (this file is left out)"))
        kept: list[Entry] = []
        seen: dict[tuple, Entry] = {}
        for e in entries:
            if e.file in dup_files:
                continue
            u = e.update
            key = (tuple(sorted(u.points)), u.date, u.level,
                   tuple(sorted((ev.source or e.source, ev.paragraph, " ".join(ev.phrase.lower().split()))
                                for ev in u.evidence)))
            if key in seen:
                other = seen[key]
                self.problems.append(Problem(e.file, e.line, None,
                    f"this update repeats the one at {other.file}:{other.line} (same points, date, level "
                    "and evidence); delete one of them (this one is left out)"))
                continue
            seen[key] = e
            kept.append(e)
        self.check_resolves(kept)
        return kept

    def check_resolves(self, entries: list[Entry]) -> None:
        from .status import _apply_blockers, log_order  # the log's one order and the blockers' one rule
        states: dict = {}
        for e in log_order(SimpleNamespace(entries=entries, sources=self.sources)):
            for k, bid in enumerate(e.update.resolves):
                line, col = e.resolve_at[k] if k < len(e.resolve_at) else (e.line, None)
                if bid in e.update.resolves[:k]:
                    self.problems.append(Problem(e.file, line, col, f"blocker {bid!r} is listed twice in resolves"))
                    continue
                here = [states.get((pid, bid)) for pid in e.update.points]
                if any(b is not None and b.active_on(e.date) for b in here):
                    continue
                if any(b is not None for b in here):
                    gone = next(b for b in here if b is not None)
                    why = (f"it was already resolved on {gone.blocker.resolved}" if gone.blocker.resolved
                           else f"it starts only on {gone.since}")
                    self.problems.append(Problem(e.file, line, col,
                        f"resolves {bid!r}, but that blocker is not active on point(s) {e.update.points} on "
                        f"{e.date}: {why}"))
                    continue
                known = sorted({b for (pid, b) in states if pid in e.update.points})
                hint = difflib.get_close_matches(bid, known, n=1)
                more = (f"; did you mean {hint[0]!r}?" if hint else
                        f" (blockers stated so far: {', '.join(known)})" if known else "")
                self.problems.append(Problem(e.file, line, col,
                    f"resolves {bid!r}, but no blocker {bid!r} was reported on point(s) "
                    f"{e.update.points} by {e.date}{more}"))
            for pid in e.update.points:
                _apply_blockers(states, pid, e)

    def load_reviews(self, sources, points) -> tuple[list[ReviewEntry], list[ReviewEntry]]:
        """reviews/*.yaml: one file per review round. Missing folder: no review yet."""
        folder = self.root / REVIEWS_DIR
        if not folder.is_dir():
            return [], []
        reviews: list[ReviewEntry] = []
        findings: list[ReviewEntry] = []
        rounds: dict[str, str] = {}
        for path in sorted(folder.iterdir()):
            rel = f"{REVIEWS_DIR}/{path.name}"
            skipped = _not_a_status_file(path, REVIEWS_DIR, "review rounds")
            if skipped:
                if skipped != "hidden":
                    self.problems.append(Problem(rel, 1, None, skipped))
                continue
            yf = self.read(rel)
            if yf is None:
                continue
            if yf.tainted:
                continue
            try:
                rnd = ReviewRound.model_validate(yf.data)
            except ValidationError as exc:
                for err in exc.errors():
                    self.problems.append(yf.problem(self.message(err, ReviewRound, ""), tuple(err["loc"])))
                continue
            if rnd.round in rounds:
                self.problems.append(yf.problem(
                    f"review round {rnd.round!r} is also in {rounds[rnd.round]}; one file per round", ("round",)))
                continue
            rounds[rnd.round] = rel
            self.check_day(yf, rnd.date, ("date",))
            for key, records, out in (("reviews", rnd.reviews, reviews), ("findings", rnd.findings, findings)):
                for i, r in enumerate(records):
                    if self.check_review_record(yf, (key, i), r, sources, points, rnd.date):
                        out.append(ReviewEntry(rnd, r, rel, _item_line(yf, key, i)))
            for dup in _dups([(r.source, r.update) for r in rnd.reviews]):
                self.problems.append(yf.problem(f"update {dup[0]}/{dup[1]} is reviewed twice in this round",
                                                ("reviews",)))
        return reviews, findings

    def check_review_record(self, yf, at, r, sources, points, round_day) -> bool:
        before = len(self.problems)
        if r.source is not None:
            if sources and r.source not in sources:
                self.unknown(yf, "source", r.source, sources, at + ("source",))
            elif r.update is not None and r.update not in self.update_ids.get(r.source, set()):
                known = sorted(self.update_ids.get(r.source, set()))
                hint = difflib.get_close_matches(r.update, known, n=1)
                self.problems.append(yf.problem(
                    f"unknown update {r.update!r} of source {r.source!r}"
                    + (f"; did you mean {hint[0]!r}?" if hint else ""), at + ("update",)))
        for j, pid in enumerate(getattr(r, "points", [])):
            if points and pid not in points:
                self.problems.append(yf.problem(f"unknown point {pid}", at + ("points", j)))
        if isinstance(r, Review) and r.agree and r.level != r.reviewer_level:
            self.problems.append(yf.problem(
                f"agree is true but the levels differ ({r.level} against {r.reviewer_level}); "
                "say agree: false, or correct the levels", at + ("agree",)))
        if r.resolution:
            self.check_day(yf, r.resolution.date, at + ("resolution", "date"))
            if r.resolution.date < round_day:
                self.problems.append(yf.problem(
                    f"resolved on {r.resolution.date}, before the review round ({round_day})",
                    at + ("resolution", "date")))
        return len(self.problems) == before

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
                  not_after: tuple[date, str] | None = None, allow_future: bool = False) -> None:
        if not isinstance(day, date):
            return
        released = self.released
        if day > self.today and not allow_future:
            self.problems.append(yf.problem(f"{day} is in the future (today is {self.today})", loc))
        elif released and not allow_before_plan and day < released:
            self.problems.append(yf.problem(
                f"{day} is before the plan was released ({released})", loc))
        elif not_after and day > not_after[0]:
            self.problems.append(yf.problem(f"{day} is after {not_after[1]} ({not_after[0]})", loc))

    def unknown(self, yf: YamlFile, kind: str, ident: Any, known: dict, loc: tuple) -> None:
        if ident in self.broken.get(kind, ()):
            return  # its definition is invalid and already reported there
        if kind == "actor" and isinstance(ident, str) and actor_by_name(known, ident):
            self.problems.append(yf.problem(
                f"unknown actor {ident!r}; use its id {actor_by_name(known, ident)!r}", loc))
            return
        hint = difflib.get_close_matches(str(ident), [str(k) for k in known], n=1)
        more = f"; did you mean {hint[0]!r}?" if hint else ""
        self.problems.append(yf.problem(f"unknown {kind} {ident!r}{more}", loc))


class _UpdateChecker:
    """Cross-references of one status file's updates against the registries and texts."""

    def __init__(self, loader: _Loader, yf, source, points, actors, sources, articles, plan):
        self.ld, self.yf, self.source = loader, yf, source
        self.points, self.actors, self.sources = points, actors, sources
        self.articles, self.plan = articles, plan

    def check(self, i: int, u: Update | SimpleNamespace) -> None:
        """Cross-references of one update. `u` may be a partial update (the fields of an
        invalid update that do validate), so every field may be missing."""
        at = ("updates", i)
        ld, yf = self.ld, self.yf
        src = self.sources.get(self.source)
        report_day = (src.published, "the source's publication date") if src else None
        ld.check_day(yf, u.date, at + ("date",), plan=self.plan, not_after=report_day)
        points = u.points or []
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
        for key, value in (u.indicators or {}).items():
            if self.points and key not in indicators and not set(points) & ld.broken["point"]:
                ld.problems.append(yf.problem(
                    f"indicator {key!r} is not defined for point(s) {points}"
                    + (f" (expected one of {sorted(indicators)})" if indicators else ""),
                    at + ("indicators", key)))
            elif key in indicators and value > indicators[key].target:
                ind = indicators[key]
                ld.problems.append(yf.problem(
                    f"indicator {key!r} is {_num(value)}, more than its target of {_num(ind.target)} {ind.unit}; "
                    "check the figure (or the target in plan/points.yaml)", at + ("indicators", key)))
        milestones = {m.id for pid in points if pid in self.points for m in self.points[pid].milestones}
        for key in u.milestones or {}:
            if self.points and key not in milestones and not set(points) & ld.broken["point"]:
                ld.problems.append(yf.problem(
                    f"milestone {key!r} is not one of point(s) {points}"
                    + (f" (expected one of {sorted(milestones)})" if milestones else " (they define none)"),
                    at + ("milestones", key)))
        for j, a in enumerate(u.actors or []):
            self.actor(a, at + ("actors", j))
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
        for dup in _dups([b.id for b in u.blockers or []]):
            ld.problems.append(yf.problem(f"blocker id {dup!r} is used twice in one update",
                                          at + ("blockers",)))
        for j, bid in enumerate(u.resolves or []):
            if any(b.id == bid for b in u.blockers or []):
                ld.problems.append(yf.problem(
                    f"blocker {bid!r} is both stated and resolved in this update; give it a `resolved:` "
                    "date in its entry instead", at + ("resolves", j)))
        for j, ev in enumerate(u.evidence or []):
            self.evidence(ev, at + ("evidence", j))
        if isinstance(u.note, str) and u.note.startswith("TODO"):
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


# -- helpers -------------------------------------------------------------------------

def _num(x: float) -> str:
    return f"{int(x):,}" if float(x).is_integer() else repr(x)


def file_refusal(path: Path, real_root: Path) -> str | None:
    """Why a data file is not read (missing, a folder, a link, outside the data folder), or None."""
    if path.is_symlink():
        return ("is a symbolic link; data files must be regular files inside the data folder "
                "(not read, so nothing from its target is shown)")
    if not path.exists():
        return "file is missing"
    if path.is_dir():
        return "is a folder; expected a file"
    if not path.resolve().is_relative_to(real_root):
        return "lies outside the data folder (not read)"
    if not path.is_file():
        return "is not a regular file (not read)"
    return None


def _not_a_status_file(path: Path, folder: str = STATUS_DIR, holds: str = "updates") -> str | None:
    """Why an entry of a data folder is not read as one of its files ('hidden' for dot files), or None."""
    if path.name.startswith("."):
        return "hidden"  # editors' and our own temporary files
    if path.is_dir() and not path.is_symlink():
        return f"is a folder; the files of {folder}/ are .yaml files directly in it (not read)"
    if path.suffix in (".yaml", ".yml"):
        return None
    if path.suffix.lower() in (".yaml", ".yml"):
        return (f"is not read: the name ends in {path.suffix!r}; files here end in lower-case "
                f"'.yaml' (rename it to {path.stem + '.yaml'!r})")
    return f"is not read: only .yaml files in {folder}/ hold {holds} (move it out of the folder)"


def actor_by_name(actors: dict, text: str) -> str | None:
    """The id of the actor whose id, name or alias is `text` (ignoring case and spacing)."""
    want = " ".join(text.lower().split())
    for a in actors.values():
        if want in {a.id.lower(), " ".join(a.name.lower().split()), *(" ".join(x.lower().split()) for x in a.aliases)}:
            return a.id
    return None


_FIELD_ADAPTERS: dict[tuple, TypeAdapter] = {}


def _field_adapter(model: type[BaseModel], name: str, item: bool) -> TypeAdapter:
    key = (model, name, item)
    if key not in _FIELD_ADAPTERS:
        info = model.model_fields[name]
        annotation = get_args(info.annotation)[0] if item else Annotated[(info.annotation, *info.metadata)]
        _FIELD_ADAPTERS[key] = TypeAdapter(annotation)
    return _FIELD_ADAPTERS[key]


def _partial(model: type[BaseModel], raw: Any) -> SimpleNamespace:
    """The fields of an invalid record that do validate (each on its own; a list keeps its
    valid items), the others None or empty: enough to check the record's cross-references."""
    raw = raw if isinstance(raw, dict) else {}
    out = {}
    for name, info in model.model_fields.items():
        listy = getattr(info.annotation, "__origin__", None) is list
        value = raw.get(name)
        if value is None:
            out[name] = [] if listy else None
        elif listy and isinstance(value, list):
            good = []
            for item in value:
                try:
                    good.append(_field_adapter(model, name, True).validate_python(item))
                except (ValidationError, TypeError):
                    pass
            out[name] = good
        else:
            try:
                out[name] = _field_adapter(model, name, False).validate_python(value)
            except (ValidationError, TypeError):
                out[name] = [] if listy else None
    return SimpleNamespace(**out)


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


def kind_of(value: Any) -> str:
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
    ctx = err.get("ctx") or {}
    field_name = next((p for p in reversed(loc) if isinstance(p, str)), "")
    if kind == "value_error":
        return f"{where}: {msg}"
    if kind in ("greater_than_equal", "greater_than") and field_name in ("paragraph", "points", "id", "phase"):
        what = {"paragraph": "paragraphs", "points": "points", "phase": "phases"}.get(field_name, "numbers")
        return f"{where}: {got!r} is too small; {what} count from {ctx.get('ge', ctx.get('gt'))}"
    if kind == "greater_than_equal":
        return f"{where}: {got!r} is too small; expected {ctx['ge']:g} or more"
    if kind == "greater_than":
        return f"{where}: {got!r} is too small; expected more than {ctx['gt']:g}"
    if kind in ("less_than_equal", "less_than"):
        return f"{where}: {got!r} is too large; expected at most {ctx.get('le', ctx.get('lt')):g}"
    if kind == "string_too_long":
        return f"{where}: the text is {len(got):,} characters long; the limit is {ctx['max_length']:,}"
    if kind == "string_too_short":
        return f"{where}: the text is empty or too short; write at least {ctx['min_length']} character(s)"
    if kind == "too_short":
        return f"{where}: needs at least {ctx['min_length']} item(s), got {ctx.get('actual_length', 0)}"
    if kind == "too_long":
        return f"{where}: at most {ctx['max_length']} item(s) allowed"
    if kind == "string_pattern_mismatch":
        return f"{where}: {got!r} is not a valid id: use lower-case letters, digits, - and _"
    if kind.endswith("_type") or kind.endswith("_parsing"):
        return f"{where}: {msg.lower().replace('input should be', 'expected')}, got {kind_of(got)} {got!r}"[:300]
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
