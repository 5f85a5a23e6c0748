"""Write the static site: every page, feed, API file, table and embed, from one dataset.

The site is written into a fresh folder beside the target and moved into place at the end,
so a failed publish leaves the previous site whole, and a folder that is not a published site
is never replaced (a marker file says which folders are).
"""
from __future__ import annotations

import gzip
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from plotly.offline import get_plotlyjs

from .. import blockers as blk
from .. import licences, vocab
from ..agreement import agreement, describe, reviews_by_update
from ..corrections import corrections
from ..dataset import DATA_DIRS, Dataset
from ..export import status_document
from ..model import Source
from ..scene import Scene
from ..status import (
    latest_report,
    log_order,
)
from . import api, chart_tables, dataset_tables
from .contexts import actor_list, anchor_ref, by_month, methodology_html, overview_state, point_history, source_list
from .place import (
    PublishError,
    check_target,
    finish_work_folder,
    make_work_folder,
    restore_interrupted,
    swap_in,
    sweep_leftovers,
)
from .releases import copy_into, gather
from .render import render, site_css
from .states import Moment, StatusChange, audit_trail, confirmations, moments

NAV = (("blockers/", "Blockers"), ("actors/", "Actors"), ("timeline/", "Timeline"), ("sources/", "Sources"),
       ("corrections/", "Corrections"), ("methodology/", "Methodology"), ("data/", "Data and API"))
EMBEDS = tuple(chart_tables.TABLES)
OVERVIEW_IMAGE = "assets/overview.png"


@dataclass
class SiteInfo:
    """What every template knows of the site as a whole (`site` in the templates)."""

    ds: Dataset
    as_of: date
    base_url: str | None
    image: str | None = None
    nav: tuple[tuple[str, str], ...] = NAV
    releases: tuple = ()  # the site's releases (tracker.site.releases.SiteRelease), newest first
    in_index: bool = False  # one plan's site inside a site of several, whose index is the folder above

    @property
    def tag(self) -> str:
        """The start of every feed and entry id: the tracker's slug and the plan's release day, kept
        once published (tag URIs, RFC 4151)."""
        plan = self.ds.plan
        return f"tag:{plan.name_slug},{plan.released.isoformat()}:" if plan else "tag:plan-tracker,2000-01-01:"

    @property
    def release(self):
        """The release whose data this site shows, or None: a candidate, not a release."""
        return next((r for r in self.releases if r.data_version == self.ds.version), None)

    @property
    def version_label(self) -> str:
        r = self.release
        if r is not None:
            return f"release {r.version}"
        latest = f"; the latest release is {self.releases[0].version}" if self.releases else ""
        return f"data version {self.ds.version} (a candidate, not a release{latest})"

    @property
    def plan_title(self) -> str:
        return self.ds.plan.title if self.ds.plan else "Plan tracker"

    @property
    def short_title(self) -> str:
        """The tracker's name (model.Plan.name), as on its charts and releases."""
        return self.ds.plan.name if self.ds.plan else "Plan tracker"

    @property
    def title(self) -> str:
        return self.short_title

    @property
    def description(self) -> str:
        return (f"Where each point of the {self.plan_title} stands, as of {self.as_of:%d %B %Y}, with every "
                "rating traced to the report, paragraph and phrase it came from.")

    @property
    def stamp(self) -> str:
        return f"Status as of {self.as_of.isoformat()} · {self.version_label}."

    @property
    def citation(self) -> str:
        return f"{self.short_title}, {self.version_label}, status as of {self.as_of.isoformat()}"

    image_alt = ("The points of the plan as tiles by phase, each marked with its level's shape (○ not initiated, "
                 "◔ minimal, ◑ intermediate, ● full) and coloured by level.")

    def url(self, path: str, root: str = "") -> str:
        """A link to a file of the site: absolute under --base-url, else relative to the page."""
        return (self.base_url + path) if self.base_url else root + path

    def href(self, path: str, depth: int) -> str:
        return self.url(path, "../" * depth) or "./"

    def actor_name(self, actor_id: str) -> str:
        a = self.ds.actors.get(actor_id)
        return a.name if a else actor_id

    def source(self, source_id: str) -> Source | None:
        return self.ds.sources.get(source_id)

    def sources_of(self, entries) -> list[Source]:
        ids = dict.fromkeys(ev.source or e.source for e in entries for ev in e.update.evidence)
        return sorted((s for i in ids if (s := self.ds.sources.get(i))), key=lambda s: (s.published, s.id))

    def phase_name(self, phase: int) -> str:
        return self.ds.phase_name(phase)

    anchor_ref = staticmethod(anchor_ref)


@dataclass
class Published:
    out: Path
    files: list[str] = field(default_factory=list)  # relative paths, sorted
    skipped: list[str] = field(default_factory=list)
    restored: Path | None = None  # a previous site put back, left aside by an interrupted publish


class _Writer:
    def __init__(self, root: Path):
        self.root = root
        self.files: list[str] = []

    def text(self, rel: str, content: str) -> None:
        self.bytes(rel, content.encode("utf-8"))

    def bytes(self, rel: str, content: bytes) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        self.files.append(rel)


# -- contexts -------------------------------------------------------------------------------


# -- publish ---------------------------------------------------------------------------------

COMPRESSIBLE = (".html", ".css", ".js", ".json", ".jsonl", ".xml", ".csv", ".svg")


def _precompress(w: _Writer) -> None:
    """A .gz beside every text file of 1 KB or more, for servers that send them as they are
    (nginx's gzip_static, Caddy's precompressed): the CPU of compressing each request is saved.
    Fixed compression level and no timestamp, so the bytes are reproducible."""
    for rel in list(w.files):
        path = w.root / rel
        if path.suffix in COMPRESSIBLE and path.stat().st_size >= 1024:
            w.bytes(rel + ".gz", gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


def publish(ds: Dataset, out: Path, as_of: date, base_url: str | None = None,
            exporter=None, precompress: bool = False, releases: Path | None = None) -> Published:
    """Write the whole site to `out` (replacing a site published there before)."""
    return place_site(Path(out), [Path(ds.root)], lambda work: _write(
        ds, work, as_of, base_url, exporter, precompress, gather(releases, Path(out))))


def place_site(out: Path, data_roots: list[Path], write: Callable[[Path], Published]) -> Published:
    """Write a site with `write(work folder)` and put it in place at `out` in one step, replacing
    only a site published there before (tracker.site.place); never inside a record's data folders."""
    for data_root in data_roots:
        for name in DATA_DIRS:
            if out.resolve().is_relative_to((data_root / name).resolve()):
                raise PublishError(f"{out} is inside the data folder {name}/ of the record; publish the site "
                                   "elsewhere")
    restored = restore_interrupted(out) if out.parent.is_dir() else None
    check_target(out)  # after a restore too: what was put back is checked like any site
    out.parent.mkdir(parents=True, exist_ok=True)
    sweep_leftovers(out)
    work = make_work_folder(out)
    try:
        result = write(work)
        finish_work_folder(work, result.files)
        swap_in(work, out)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    result.restored = restored
    result.out = out
    return result


@dataclass
class _Build:
    """One publish in progress: the data, the derived record, and where files go."""

    w: _Writer
    ds: Dataset
    as_of: date
    base_url: str | None
    scene: Scene
    site: SiteInfo
    record: list[Moment]
    trail: list[StatusChange]
    reviews: dict
    mount: str = ""  # the site's folder inside a site of several plans ("slug/"), for the 404 page's links

    blocks: dict[str, chart_tables.ChartBlock] = field(default_factory=dict)

    def block(self, name: str) -> chart_tables.ChartBlock:
        """A catalogue chart with its text, built once for the section pages and the embeds."""
        if name not in self.blocks:
            self.blocks[name] = chart_tables.block(self.scene, name)
        return self.blocks[name]

    @property
    def base(self) -> dict[str, Any]:
        return {"site": self.site, "as_of": self.as_of, "version": self.ds.version}

    @property
    def report_days(self) -> list[date]:
        return [m.day for m in self.record if m.reports]

    def page(self, rel: str, template: str, root: str, section: str = "", **context: Any) -> None:
        self.w.text(rel, render(template, **self.base, root=root, section=section,
                                path=rel.removesuffix("index.html"), **context))

    def assets(self, exporter, skipped: list[str]) -> None:
        """plotly.js once, the scripts and icon, the style sheet from the vocabulary, the preview."""
        static = resources.files("tracker.site") / "static"
        self.w.text("assets/plotly.min.js", get_plotlyjs())
        for name in ("as-of.js", "point-as-of.js", "charts.js", "icon.png"):
            self.w.bytes(f"assets/{name}", (static / name).read_bytes())
        self.w.text("assets/site.css", site_css())
        self.site.image = _preview(self.scene, self.w, exporter, skipped)
        self.w.text(".nojekyll", "")

    def overview(self) -> None:
        """index.html and its states, one per day the record changes; the 404 page."""
        newest = latest_report(self.ds, self.as_of)
        states = {}
        by_day = {m.day: m for m in self.record}
        for m in self.record:
            since = by_day[max((d for d in self.report_days if d < m.day), default=self.record[0].day)]
            states[m.day] = overview_state(self.ds, m, since, newest, self.as_of)
            self.w.text(f"states/{m.day.isoformat()}.html", render("_state.html", st=states[m.day], root=""))
        self.page("index.html", "index.html", "", st=states[self.as_of], days=self.record)
        self.page("404.html", "404.html", _site_path(self.base_url) if self.base_url else "/" + self.mount)

    def points(self) -> None:
        """A page and a feed per point, and the feed of every change."""
        again = confirmations(self.ds, self.record, self.trail)  # reports that changed nothing: point feeds only
        labels = {"level": {t.id: t.label for t in vocab.LEVELS},
                  "momentum": {t.id: t.label for t in vocab.MOMENTUM}}
        for s in self.scene.statuses:
            rel = f"points/{s.id}/"
            history, loose = point_history(s, self.trail, self.reviews)
            self.page(rel + "index.html", "point.html", "../../", s=s, history=history, loose=loose,
                      themes=[self.ds.theme_label(t) for t in s.point.themes], labels=labels,
                      history_chart=chart_tables.point_history_block(self.scene, s.id))
            self.feed(rel + "feed.xml", f"point-{s.id}", f"Point {s.id}: {s.point.title}",
                      f"Every change of point {s.id}'s level, momentum or blockers, and every report on it.",
                      sorted((c for c in (*self.trail, *again) if c.point == s.id), key=lambda c: c.day), rel)
        self.feed("feed.xml", "changes", f"{self.site.short_title}: every change",
                  "Every change of a point's level, momentum or blockers, with the reports behind it.",
                  self.trail, "")

    def feed(self, rel: str, name: str, title: str, subtitle: str, changes: list[StatusChange], page: str) -> None:
        depth = rel.count("/")
        start = self.ds.plan.released if self.ds.plan else self.as_of
        self.w.text(rel, render("feed.xml", **self.base, feed={
            "id": f"{self.site.tag}{name}", "title": title, "subtitle": subtitle,
            "entries": changes[::-1], "depth": depth, "page": self.site.href(page, depth),
            "self": self.site.href(rel, depth), "updated": max((c.learned for c in changes), default=start)}))

    def sections(self) -> None:
        """Blockers, actors, timeline, sources, methodology."""
        scene, ds = self.scene, self.ds
        active = blk.active(scene.statuses)
        by_cat = [(t, [b for b in active if b.blocker.category == t.id]) for t in vocab.BLOCKER_CATEGORIES]
        resolved = sorted((b for s in scene.statuses for b in s.resolved_blockers),
                          key=lambda b: (b.blocker.resolved, b.point), reverse=True)
        ages = {f"{b.point}/{b.blocker.id}": blk.confirmation(s, b) for s in scene.statuses for b in s.blockers}
        stale = {f"{b.point}/{b.blocker.id}" for s in scene.statuses for b in s.unconfirmed_blockers}
        self.page("blockers/index.html", "blockers.html", "../", "blockers/", active=active,
                  by_category=[(t, items) for t, items in by_cat if items], resolved=resolved,
                  ages=ages, stale=stale, summary=blk.summary(scene.statuses),
                  charts=[self.block(n) for n in ("blockers-by-category", "blockers-by-actor", "blockers-over-time")])
        upto = [e for e in log_order(ds) if e.date <= self.as_of]
        actors = actor_list(ds, scene, active, upto)
        for info in actors:
            self.page(f"actors/{info['actor'].id}/index.html", "actor.html", "../../", "actors/", a=info)
        actors.sort(key=lambda x: (-x["owed"]["owed"], -len(x["roles"]), x["actor"].name.lower()))
        self.page("actors/index.html", "actors.html", "../", "actors/", actors=actors)
        self.page("timeline/index.html", "timeline.html", "../", "timeline/",
                  months=[(m, items[::-1]) for m, items in by_month(self.trail, lambda c: c.day)],
                  charts=[self.block(n) for n in ("levels-over-time", "timeline")])
        listed = source_list(ds, upto, self.as_of)
        self.page("sources/index.html", "sources.html", "../", "sources/", total=len(listed),
                  months=by_month(listed, lambda x: x["source"].published))
        fixes = corrections(ds)
        self.page("corrections/index.html", "corrections.html", "../", "corrections/", items=fixes,
                  rated=sum(1 for c in fixes if c.rating_changed), months=by_month(fixes, lambda c: c.day))
        start = ds.plan.released if ds.plan else self.as_of
        self.w.text("corrections/feed.xml", render("corrections-feed.xml", **self.base, items=fixes,
                                                   updated=max((c.day for c in fixes), default=start)))
        a = agreement(ds)
        fmt = {"updates": a.updates, "reviewed": a.reviewed, "open": len(a.open),
               "share": f"{a.agreement:.0%}" if a.agreement is not None else "—",
               "kappa": f"{a.kappa:.2f}" if a.kappa is not None else "—",
               "weighted": f"{a.weighted_kappa:.2f}" if a.weighted_kappa is not None else "—"}
        self.page("methodology/index.html", "methodology.html", "../", "methodology/",
                  body=methodology_html(ds), agreement=fmt)

    def embeds(self) -> list[chart_tables.ChartBlock]:
        out = []
        for name in EMBEDS:
            c = self.block(name)
            out.append(c)
            self.w.text(f"embed/{name}/index.html", render("embed.html", **self.base, c=c, root="../../"))
        return out

    def api_and_data(self, embeds: list[chart_tables.ChartBlock]) -> None:
        """The static API with its schemas, the CSV files and the SQLite database, and their page."""
        ds, w = self.ds, self.w
        for name in api.SCHEMAS:
            w.text(f"api/schema/{name}.schema.json", api.dump(api.schema(name, self.base_url or "")))
        for m in self.record:
            doc = api.checked("status", status_document(ds, list(m.statuses), m.day))
            w.text(f"api/status/{m.day.isoformat()}.json", api.dump(doc))
            if m.day == self.as_of:
                w.text("api/status/latest.json", api.dump(doc))
        w.text("api/status/index.json", api.dump(api.checked("status-index", {
            "data_version": ds.version, "latest": self.as_of.isoformat(),
            "days": [m.day.isoformat() for m in self.record],
            "report_days": [d.isoformat() for d in self.report_days]})))
        w.text("api/points.json", api.dump(api.points_document(ds)))
        w.text("api/sources.json", api.dump(api.sources_document(ds)))
        described = {k: [describe(r) for r in v] for k, v in self.reviews.items()}
        w.text("api/updates.jsonl", api.update_lines(ds, described))
        tables = dataset_tables.tables(ds)
        for t in tables:
            w.text(f"data/{t.name}.csv", dataset_tables.to_csv(t))
        dataset_tables.write_sqlite(tables, w.root / "data" / "tracker.sqlite")
        w.files.append("data/tracker.sqlite")
        w.text("data/LICENSE.md", licences.data_notice("these files (the tables, the database and the API)"))
        self.page("data/index.html", "data.html", "../", "data/", api=_api_files(self.as_of), tables=tables,
                  embeds=embeds, points=[s.point for s in self.scene.statuses])


def _api_files(as_of: date) -> list[dict[str, str]]:
    return [
        {"path": "api/status/latest.json", "about": f"The status of every point as of {as_of.isoformat()}",
         "schema": "api/schema/status.schema.json"},
        {"path": "api/status/index.json", "about": "The days that have a status file",
         "schema": "api/schema/status-index.schema.json"},
        {"path": "api/points.json", "about": "The plan's points, milestones, indicators and deadlines",
         "schema": "api/schema/points.schema.json"},
        {"path": "api/sources.json", "about": "Every report, with its URL", "schema": "api/schema/sources.schema.json"},
        {"path": "api/updates.jsonl", "about": "Every status update, one JSON object a line, with its reviews",
         "schema": "api/schema/update.schema.json"},
    ]


def _write(ds: Dataset, root: Path, as_of: date, base_url: str | None, exporter, precompress: bool,
           releases: list | None = None, mount: str = "") -> Published:
    record = moments(ds, as_of)
    site = SiteInfo(ds, as_of, base_url, releases=tuple(releases or ()), in_index=bool(mount))
    b = _Build(_Writer(root), ds, as_of, base_url, Scene(ds, as_of), site, record, audit_trail(ds, record),
               reviews_by_update(ds), mount)
    b.w.files.extend(copy_into(list(site.releases), root))
    skipped: list[str] = []
    b.assets(exporter, skipped)
    b.overview()
    b.points()
    b.sections()
    b.api_and_data(b.embeds())
    if precompress:
        _precompress(b.w)
    return Published(root, sorted(b.w.files), skipped)


def _site_path(base_url: str | None) -> str:
    """The root of the site as an absolute path, for pages served at any address (the 404 page)."""
    if not base_url:
        return "/"
    from urllib.parse import urlsplit
    path = urlsplit(base_url).path or "/"
    return path if path.endswith("/") else path + "/"


def _preview(scene: Scene, w: _Writer, exporter, skipped: list[str]) -> str | None:
    """The overview as a PNG for link previews (OpenGraph, Twitter cards); needs Chromium."""
    from .. import snapshot
    if snapshot.browser_path() is None:
        skipped.append(f"the link-preview image was not made: {snapshot.INSTALL_HINT}")
        return None
    w.bytes(OVERVIEW_IMAGE, snapshot.chart_file(scene, "status-board", "png", exporter))
    return OVERVIEW_IMAGE
