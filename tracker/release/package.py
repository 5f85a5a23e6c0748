"""The descriptors of a release, from tracker.release.fields: `datapackage.json` (Frictionless
Data Package v2: every field typed and described, closed vocabularies as categories, the level
scale ordered, keys between tables) and Datasette's `metadata.json` (titles, descriptions,
licence, source and canned queries)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from .. import dates, licences
from .fields import TABLES, Column

LICENSE = licences.DATA


@dataclass(frozen=True)
class Names:
    """What a release is called, from the plan (plan/plan.yaml): its title, description, makers and
    the name its files carry."""

    title: str
    description: str
    creator: str
    slug: str


def names(plan) -> Names:
    if plan is None:
        return Names("Implementation tracker", "A plan's implementation, point by point.", "Tracker contributors",
                     "plan-tracker")
    released = dates.long(plan.released)
    return Names(f"{plan.short_title} implementation tracker",
                 f"Where each point of {plan.title} ({released}) stands, day by day: status updates coded from "
                 "news reports, each traced to a report, paragraph and phrase, read a second time by another coder.",
                 f"{plan.name} contributors", plan.name_slug)
PANEL_DIR, DATA_DIR = "panel", "data"


def resource_path(name: str) -> str:
    """Where a table's CSV file lies in a release (the panels' names are a contract)."""
    panel = {"point_day": "point-day", "point_month": "point-month", "actor_milestone_month": "actor-milestone-month"}
    return f"{PANEL_DIR}/{panel[name]}.csv" if name in panel else f"{DATA_DIR}/{name}.csv"


def _field(c: Column) -> dict[str, Any]:
    out: dict[str, Any] = {"name": c.name, "type": c.type, "description": c.description}
    if c.terms:
        out["categories"] = [{"value": t.id, "label": t.label} for t in c.terms]
        if c.ordered:
            out["categoriesOrdered"] = True
        out["constraints"] = {"enum": [t.id for t in c.terms]}
    if c.required:
        out.setdefault("constraints", {})["required"] = True
    return out


def datapackage(version: str, released: date, as_of: date, keys: dict[str, tuple[str, ...]], who: Names,
                data_version: str = "", url: str | None = None) -> dict[str, Any]:
    """The descriptor; `keys` gives each table's primary key (empty: none)."""
    resources = []
    for name, info in TABLES.items():
        schema: dict[str, Any] = {"fields": [_field(c) for c in info.columns], "missingValues": [""]}
        if keys.get(name):
            schema["primaryKey"] = list(keys[name])
        if info.foreign_keys:
            schema["foreignKeys"] = [{"fields": list(fields), "reference": {"resource": table, "fields": list(ref)}}
                                     for fields, table, ref in info.foreign_keys]
        resources.append({"name": name.replace("_", "-"), "type": "table", "path": resource_path(name),
                          "scheme": "file", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
                          "title": info.title, "description": info.description, "schema": schema})
    # foreign keys name resources by their (hyphenated) names
    for r in resources:
        for fk in r["schema"].get("foreignKeys", []):
            fk["reference"]["resource"] = fk["reference"]["resource"].replace("_", "-")
    extra = {"homepage": url} if url else {}
    return {"$schema": "https://datapackage.org/profiles/2.0/datapackage.json", "name": who.slug, **extra,
            "title": who.title, "description": who.description + f" Data as of {as_of.isoformat()}.",
            "version": version,
            "created": f"{released.isoformat()}T00:00:00Z", "licenses": [LICENSE],
            "contributors": [{"title": who.creator, "roles": ["creator"]}],
            "keywords": ["peace agreement", "implementation", "event data"],
            # the record's own data version (a hash of its files) and the day the data stand at, so a
            # site showing the same data can say it shows this release
            "tracker": {"dataVersion": data_version, "asOf": as_of.isoformat()},
            "resources": resources}


QUERIES = {
    "blockers_active_on": {
        "title": "Blockers active on a date",
        "description": "Every blocker active on the day given (YYYY-MM-DD), by point.",
        "sql": "select point, blocker, text, category, actors, since, ended from blocker_spans "
               "where since <= :day and (ended is null or ended > :day) order by point, since, blocker"},
    "who_owes_what": {
        "title": "Who owes what",
        "description": "Each party's milestones not reported met at the end of the month given (YYYY-MM).",
        "sql": "select actor, point, milestone, state, last_reported from actor_milestone_month "
               "where month = :month and (state is null or state != 'met') order by actor, point, milestone"},
    "points_on_a_day": {
        "title": "Where every point stood on a day",
        "description": "The point x day panel for one day (YYYY-MM-DD).",
        "sql": "select * from point_day where day = :day order by point"},
}


def datasette_metadata(version: str, as_of: date, who: Names, site_url: str | None = None) -> dict[str, Any]:
    tables = {name: {"title": info.title, "description": info.description,
                     "columns": {c.name: c.description for c in info.columns}} for name, info in TABLES.items()}
    out = {"title": f"{who.title}, release {version}",
           "description": who.description + f" Data as of {as_of.isoformat()}.",
           "license": "CC BY 4.0", "license_url": LICENSE["path"], "source": "News reports listed in the sources table",
           "databases": {"tracker": {"tables": tables, "queries": QUERIES}}}
    if site_url:
        out["source_url"] = site_url
    return out
