"""The one Jinja2 environment of the site and of the offline report: templates beside this
module, every value autoescaped (HTML and XML), vocabulary labels and dates as filters."""
from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from .. import blockers, dates, vocab


def _level(level_id: str | None) -> vocab.Term:
    return vocab.LEVEL[level_id or "not_initiated"]


def _momentum(momentum_id: str | None) -> vocab.Term | None:
    return vocab.MOMENTUM_BY_ID[momentum_id] if momentum_id else None


def figure_data(fig: go.Figure) -> dict[str, Any]:
    """A figure as plain JSON data (for `tojson` into the page): data, layout, nothing random."""
    return json.loads(pio.to_json(fig, validate=False, pretty=False))


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("tracker.site", "templates"),
        autoescape=select_autoescape(["html", "xml"], disabled_extensions=["css"], default_for_string=True,
                                     default=True),
        undefined=StrictUndefined,  # a missing value is an error at publish time, not a blank
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["short"] = lambda d: dates.short(d) if d else "—"
    env.filters["long"] = lambda d: dates.long(d) if d else "—"
    env.filters["ago"] = dates.ago
    env.filters["level"] = _level
    env.filters["momentum"] = _momentum
    env.filters["category"] = lambda c: vocab.CATEGORY[c]
    env.filters["role"] = lambda r: vocab.by_id(vocab.ROLES)[r]
    env.filters["actor_kind"] = lambda k: vocab.by_id(vocab.ACTOR_KINDS)[k].label
    env.filters["milestone_state"] = lambda s: vocab.MILESTONE_STATE[s] if s else None
    env.filters["atom_date"] = lambda d: f"{d.isoformat()}T00:00:00Z"
    env.filters["sentences"] = lambda items: " ".join(
        t if t.rstrip().endswith((".", "!", "?")) else t.rstrip() + "." for t in items)
    env.filters["num"] = lambda x: f"{x:,.0f}" if float(x).is_integer() else f"{x:,.1f}"
    env.globals["LEVELS"] = vocab.LEVELS
    env.globals["MOMENTUM"] = vocab.MOMENTUM
    env.globals["confirmation"] = blockers.confirmation  # "confirmed 3 Jul 2026" / "unconfirmed since ..."
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def static_text(name: str) -> str:
    """A script of the site's static folder (tracker/site/static)."""
    return (resources.files("tracker.site") / "static" / name).read_text(encoding="utf-8")


def site_css() -> str:
    """The style sheet, its colours from the vocabulary."""
    ink = {t.id: vocab.ink_on(t.color) for t in vocab.LEVELS}
    return render("site.css", ink=ink, milestone_states=vocab.MILESTONE_STATES)
