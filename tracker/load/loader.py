"""The validator's pass over a data root: :class:`Loader` holds what the stages share
(problems, the data version's digest, the registries read so far, ids whose definition
failed) and the checks every stage uses; :meth:`Loader.run` calls the stages in order
(registries, status files, the log, reviews)."""
from __future__ import annotations

import difflib
import hashlib
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .. import texts
from ..dataset import Dataset
from ..files import file_refusal
from ..model import Actor, Plan, Point, Source
from ..problems import Problem
from ..yamlsafe import YamlFile, parse_yaml, read_bytes
from . import log_checks, registries, status_files
from .messages import _adapter, _field_path, _message, _order, actor_by_name, kind_of
from .reviews import load_reviews as reviews_of
from .status_files import _content_key, _item_line


class Loader:
    def __init__(self, root: Path, texts_folder: str | Path | None, today: date,
                 overlay: dict[str, bytes] | None = None, disk: Any = None):
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
        self.points: dict[int, Point] = {}
        self.source_lines: dict[str, int | None] = {}  # status file -> line of its `source:`
        self.update_ids: dict[str, set[str]] = {}  # source -> every update id written (valid or not)
        self.overlay: dict[str, bytes] = overlay or {}  # relative path -> bytes standing in for the file
        self.disk = disk  # a diskcache.DiskCache of checked status files, or None
        # Where the registries were read (set by their stages; read by later checks' messages)
        self.points_file: YamlFile | None = None
        self.point_index: dict[int, int] = {}  # point id -> its index in plan/points.yaml
        self.sources_file: YamlFile | None = None
        self.source_index: dict[str, int] = {}  # source id -> its index in seeds/sources.yaml
        self.file_ids: set[str] = set()  # update ids written in the status file being checked
        self.repeat_keys: list[bytes] = []  # each logged update's repeat key, by its seq
        self.log_order: list = []  # the kept updates in the log's one order (set by log_checks)


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
            example = next(iter(self.actors), "party-a")
            return f"unknown actor {value!r}: give an actor id from plan/actors.yaml (lower-case, e.g. {example!r})"
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
        plan = registries.load_plan(self)
        actors = self.actors = registries.load_actors(self)
        points = self.points = registries.load_points(self, plan)
        sources = self.sources = registries.load_sources(self)
        registries.check_points(self, points, actors)
        if plan is not None and points:
            registries.check_themes(self, points, [t.id for t in plan.themes])
        articles = registries.load_articles(self, sources)
        logged = status_files.load_status(self, points, actors, sources, articles, plan)
        logged = log_checks.check_log(self, logged, points, sources)
        reviews, findings = reviews_of(self, sources, points, logged)
        entries = [e for e in logged if not e.update.draft]
        drafts = [e for e in logged if e.update.draft]
        ds = Dataset(self.root, plan, points, actors, sources, entries, articles,
                     sorted(set(self.problems), key=_order), drafts, self.digest.hexdigest()[:10],
                     self.texts_dir, reviews, findings)
        # the log's order, as tracker.log.log_order memoises it: the replay above sorted it already
        ordered = [e for e in self.log_order if not e.update.draft]
        ds.log_memo = (entries, len(entries), ordered)
        return ds


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
