"""Several plans in one site: each plan's whole site under its own folder (its slug), with its
own pages, feeds, API and data, and an index page listing them. Put in place in one step, as a
site of one plan is (build.place_site)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

from ..dataset import Dataset
from ..plan_heads import unique
from ..scene import Scene
from ..status import latest_report, progress
from .build import Published, _precompress, _write, _Writer, place_site
from .render import render, site_css

DEFAULT_TITLE = "Plans tracked here"


@dataclass(frozen=True)
class PlanCard:
    """What the index says of one plan."""

    slug: str
    name: str
    title: str
    short_title: str
    summary: str
    released: date
    released_by: str
    points: int
    phases: int
    reports: int
    latest: date | None
    overall: float
    as_of: date


def folders(datasets: list[Dataset]) -> list[str]:
    """Each plan's folder in the site: its slug, made unique in the order given ("-2", "-3")."""
    return unique([ds.plan.name_slug if ds.plan else "plan" for ds in datasets])


def card(ds: Dataset, as_of: date, slug: str) -> PlanCard:
    plan = ds.plan
    shown = [s for s in ds.sources.values() if s.published <= as_of]
    return PlanCard(slug, plan.name, plan.title, plan.short_title, plan.summary, plan.released, plan.released_by,
                    len(ds.points), len(plan.phases), len(shown), latest_report(ds, as_of),
                    progress(Scene(ds, as_of).statuses).overall, as_of)


def publish_several(plans: list[tuple[Dataset, date]], out: Path, base_url: str | None = None, exporter=None,
                    precompress: bool = False, title: str = DEFAULT_TITLE) -> Published:
    """Write every plan's site under out/SLUG/ and the index of plans at out/ (replacing a site
    published there before)."""
    slugs = folders([ds for ds, _ in plans])

    def write(work: Path) -> Published:
        files: list[str] = []
        skipped: list[str] = []
        for (ds, as_of), slug in zip(plans, slugs):
            sub = _write(ds, work / slug, as_of, f"{base_url}{slug}/" if base_url else None, exporter, precompress,
                         mount=f"{slug}/")
            files += [f"{slug}/{f}" for f in sub.files]
            skipped += [f"{ds.plan.short_title}: {m}" for m in sub.skipped]
        cards = [card(ds, as_of, slug) for (ds, as_of), slug in zip(plans, slugs)]
        w = _Writer(work)
        w.text("index.html", render("plans.html", title=title, plans=cards))
        w.text("plans.json", json.dumps({"title": title, "plans": [
            {"slug": c.slug, "name": c.name, "title": c.title, "path": f"{c.slug}/",
             "feed": f"{c.slug}/feed.xml", "status": f"{c.slug}/api/status/latest.json", "as_of": c.as_of.isoformat()}
            for c in cards]}, indent=2, ensure_ascii=False) + "\n")
        w.text("assets/site.css", site_css())
        w.bytes("assets/icon.png", (resources.files("tracker.site") / "static" / "icon.png").read_bytes())
        w.text(".nojekyll", "")
        if precompress:
            _precompress(w)
        return Published(work, sorted(files + w.files), skipped)
    return place_site(Path(out), [Path(ds.root) for ds, _ in plans], write)

