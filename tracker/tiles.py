"""The Overview's tiles as one block of HTML: a tile per point, coloured by level, marked by
momentum, each a link to its point. Every piece of data text is escaped."""
from __future__ import annotations

from . import dates, vocab
from .safe_text import attr
from .status import PointStatus

STYLE = """<style>
.tiles {display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:10px;margin:0 0 1em 0}
.tile {display:block;border-radius:8px;padding:9px 11px;min-height:104px;text-decoration:none !important;
       border:1px solid rgba(0,0,0,.15)}
.tile:hover {outline:3px solid #e69f00}
.tile .n {font-size:1.2em;font-weight:700}
.tile .t {font-size:.9em;line-height:1.25}
.tile .s {font-size:.75em;opacity:.9;margin-top:4px}
</style>"""


def tiles_html(statuses: list[PointStatus], href: dict[int, str]) -> str:
    """One grid of tiles; href maps a point id to the link of its page."""
    out = ['<div class="tiles">']
    for s in statuses:
        level = vocab.LEVEL[s.level]
        mark = vocab.MOMENTUM_BY_ID[s.momentum_shown] if s.momentum_shown else None
        ink = vocab.ink_on(level.color)
        state = level.label + (f" · {mark.label.lower()}" if mark else "")
        if s.momentum_stale:
            state += " · no recent report"
        if s.blockers:
            state += f" · {len(s.blockers)} blocker{'s' if len(s.blockers) > 1 else ''}"
            if s.unconfirmed_blockers:
                state += f" ({len(s.unconfirmed_blockers)} unconfirmed)"
        age = "never reported" if s.level_age is None else f"rated {dates.ago(s.level_age)} ago"
        if s.level_age == 0:
            age = "rated that day"
        out.append(
            f'<a class="tile" target="_self" href="{attr(href[s.id])}" '
            f'aria-label="Open point {s.id}: {attr(s.point.title)}" '
            f'style="background:{level.color};color:{ink}">'
            f'<div class="n">{s.id}{" " + attr(mark.symbol) if mark else ""}</div>'
            f'<div class="t">{attr(s.point.title)}</div><div class="s">{attr(state)}</div>'
            f'<div class="s age">{attr(age)}</div></a>')
    out.append("</div>")
    return "".join(out)
