"""Every chart of the dashboard, as a pure function from derived data to a plotly figure.

Each figure carries its title, the as-of date, the data version and a source line
naming the articles it draws on, so an exported image cannot pass for a newer one.
Colours come from :mod:`tracker.vocab` and are the same in the app and in exports.
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

import plotly.graph_objects as go

from . import dates, vocab
from .dataset import Dataset
from .responsibility import Cell
from .status import BlockerState, PointStatus, carried_out

FONT = "Liberation Sans, Arial, Helvetica, sans-serif"


def esc(text: str) -> str:
    """Data text for Plotly, which reads a few HTML tags: <, > and & made literal (quotes are harmless)."""
    return escape(text, quote=False)
LEVEL_ORDER = [t.id for t in vocab.LEVELS]
MOMENTUM_SYMBOL = {"advancing": "triangle-up", "stalled": "square", "reversed": "triangle-down",
                   None: "circle"}
# each level has a marker shape as well as its colour, so charts read without colour
LEVEL_MARKER = {"not_initiated": "circle-open", "minimal": "diamond", "intermediate": "square",
                "full": "star", "unclear": "x-thin-open"}
LEVEL_PATTERN = {"not_initiated": "", "minimal": ".", "intermediate": "/", "full": "x", "unclear": "-"}


@dataclass(frozen=True)
class Stamp:
    """What every chart says about itself: as of when, which data, from which articles."""

    as_of: date
    version: str
    sources: tuple[str, ...]  # short labels with dates, oldest first
    tracker: str = "Plan tracker"  # the plan's tracker name (plan/plan.yaml)

    LISTED = 6  # more reports than this are counted, with the latest named, so the chart keeps its room

    @property
    def line(self) -> str:
        if not self.sources:
            src = "no reports up to this date"
        elif len(self.sources) <= self.LISTED:
            src = "; ".join(self.sources)
        else:
            src = (f"{len(self.sources)} news reports, the three latest {'; '.join(self.sources[-3:])}; every "
                   "report is listed, with its link, on the tracker's Sources page and in its status data")
        return f"Sources: {src}. {self.tracker}, data {self.version}."


def stamp_for(ds: Dataset, as_of: date) -> Stamp:
    used = sorted((s for s in ds.sources.values() if s.published <= as_of), key=lambda s: s.published)
    return Stamp(as_of, ds.version, tuple(f"{esc(s.label)} ({dates.short(s.published)})" for s in used),
                 esc(ds.plan.name) if ds.plan else "Plan tracker")


def _hover(text: str, width: int = 70, limit: int = 280) -> str:
    """Note text for a tooltip: shortened, with a line break about every `width` characters."""
    text = text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"
    text = esc(text)  # data text: Plotly reads a few HTML tags, so escape it
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + len(word) >= width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return "<br>".join(lines + [line])


def _finish(fig: go.Figure, title: str, stamp: Stamp, x: str | None = None, y: str | None = None,
            height: int = 460, legend: bool = True) -> go.Figure:
    wrapped = "<br>".join(textwrap.wrap(stamp.line, 100))
    fig.update_layout(
        title={"text": title, "x": 0.01, "xanchor": "left",
               "subtitle": {"text": f"As of {dates.short(stamp.as_of)} · data version {stamp.version}"}},
        font={"family": FONT, "size": 13, "color": "#222222"},
        template="plotly_white", height=height + 14 * wrapped.count("<br>"), showlegend=legend,
        margin={"l": 70, "r": 30, "t": 90, "b": 115 + 14 * wrapped.count("<br>")},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1},
        paper_bgcolor="white", plot_bgcolor="white",
    )
    for i, trace in enumerate(fig.data):  # fixed ids, so the same data gives the same SVG
        trace.uid = f"trace{i}"
    fig.add_annotation(text=wrapped, xref="paper", yref="paper", x=0, y=0,
                       yshift=-(78 if x is not None else 20),
                       xanchor="left", yanchor="top", showarrow=False, align="left",
                       font={"size": 10, "color": "#555555"})
    if x is not None:
        fig.update_xaxes(title_text=x)
    if y is not None:
        fig.update_yaxes(title_text=y)
    return fig


# -- overview -----------------------------------------------------------------------

def status_board(statuses: list[PointStatus], stamp: Stamp) -> go.Figure:
    """The points as tiles grouped by phase, coloured by level, marked by momentum."""
    fig = go.Figure()
    per_row = 5
    row, y_labels = 0, []
    shapes, notes = [], []
    phases = sorted({s.point.phase for s in statuses})
    for ph in phases:
        items = [s for s in statuses if s.point.phase == ph]
        y_labels.append((row, f"Phase {ph}"))
        for i, s in enumerate(items):
            x0, y0 = i % per_row, -(row + i // per_row)
            colour = vocab.LEVEL[s.level].color
            shapes.append({"type": "rect", "x0": x0 + 0.04, "x1": x0 + 0.96, "y0": y0 - 0.46,
                           "y1": y0 + 0.46, "fillcolor": colour, "line": {"color": "#ffffff", "width": 2}})
            mark = vocab.MOMENTUM_BY_ID[s.momentum_shown].symbol if s.momentum_shown else ""
            title = "<br>".join(esc(line) for line in textwrap.wrap(s.point.title, 22)[:3])
            ink = vocab.ink_on(colour)
            level = vocab.LEVEL[s.level]
            notes.append({"x": x0 + 0.1, "y": y0 + 0.36, "text": f"<b>{s.id}</b> {level.symbol} {mark}",
                          "showarrow": False,
                          "xanchor": "left", "yanchor": "top", "font": {"size": 15, "color": ink}})
            notes.append({"x": x0 + 0.1, "y": y0 + 0.08, "text": title, "showarrow": False, "xanchor": "left",
                          "yanchor": "top", "align": "left", "font": {"size": 10, "color": ink}})
        row += (len(items) + per_row - 1) // per_row
    fig.update_layout(shapes=shapes, annotations=notes)
    for t in vocab.LEVELS:
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=f"{t.symbol} {t.label}",
                                 marker={"symbol": "square", "size": 14, "color": t.color}))
    fig.add_trace(go.Scatter(
        x=[-0.5] * len(y_labels), y=[-r for r, _ in y_labels], mode="text",
        text=[lbl for _, lbl in y_labels], textposition="middle left", showlegend=False,
        hoverinfo="skip", textfont={"size": 12, "color": "#333333"}))
    fig.update_xaxes(visible=False, range=[-1.3, per_row])
    fig.update_yaxes(visible=False, range=[-row + 0.4, 0.6])
    marks = " ".join(f"{t.symbol} {t.label.lower()}" for t in vocab.MOMENTUM)
    return _finish(fig, f"Where the {len(statuses)} point{'s' if len(statuses) != 1 else ''} stand"
                        f"{'s' if len(statuses) == 1 else ''} (momentum: {marks})", stamp,
                   height=150 * row + 160)


def phase_progress(statuses: list[PointStatus], phase_names: dict[int, str], stamp: Stamp) -> go.Figure:
    """Mean progress of each phase and of the whole plan, 0-100."""
    rows = [("Whole plan", [s.progress for s in statuses])]
    for ph in sorted(phase_names):
        rows.append((esc(phase_names[ph]), [s.progress for s in statuses if s.point.phase == ph]))
    labels = [r[0] for r in rows][::-1]
    values = [round(sum(v) / len(v), 1) if v else 0 for _, v in rows][::-1]
    fig = go.Figure(go.Bar(x=values, y=labels, orientation="h", marker_color="#2171b5",
                           text=[f"{v:.0f}%" for v in values], textposition="outside",
                           hovertemplate="%{y}: %{x:.1f}%<extra></extra>"))
    fig.update_xaxes(range=[0, 105], ticksuffix="%")
    return _finish(fig, "Progress by phase", stamp, x="Mean progress of the points (0-100)", y=None,
                   height=300, legend=False)


# -- point --------------------------------------------------------------------------

def point_history(status: PointStatus, start: date, stamp: Stamp) -> go.Figure:
    """A point's level over time as a step chart from `start`, one marker per update."""
    rank = {k: i for i, k in enumerate(LEVEL_ORDER)}
    entries = status.updates
    xs = [e.date for e in entries]
    ys = [rank[e.update.level] for e in entries]
    fig = go.Figure()
    if entries:
        line_x = xs + [stamp.as_of]  # the last level holds until the as-of date
        line_y = ys + [ys[-1]]
        fig.add_trace(go.Scatter(x=line_x, y=line_y, mode="lines", line={"shape": "hv", "color": "#777777"},
                                 hoverinfo="skip", showlegend=False))
        fig.add_trace(go.Scatter(
            x=xs, y=ys, mode="markers", showlegend=False,
            marker={"size": 13, "color": [vocab.LEVEL[e.update.level].color for e in entries],
                    "symbol": [MOMENTUM_SYMBOL[e.update.momentum] for e in entries],
                    "line": {"color": "#333333", "width": 1}},
            customdata=[[_hover(e.update.note), esc(e.source)] for e in entries],
            hovertemplate="%{x|%d %b %Y}<br>%{customdata[0]}<br><i>%{customdata[1]}</i><extra></extra>"))
    fig.update_yaxes(tickvals=list(range(len(LEVEL_ORDER))), range=[-0.5, len(LEVEL_ORDER) - 0.5],
                     ticktext=[vocab.LEVEL[k].label for k in LEVEL_ORDER])
    pad = max(timedelta(days=1), (stamp.as_of - start) / 40)  # room for the last marker
    fig.update_xaxes(type="date", range=[start - pad, stamp.as_of + pad])
    return _finish(fig, f"Point {status.id}: level over time", stamp, x="Date of event or report",
                   y="Implementation level", height=380, legend=False)


def indicator_bars(status: PointStatus, stamp: Stamp) -> go.Figure:
    """Each reported indicator against its target."""
    inds = status.indicators
    names = [esc(i.name) for i in inds]
    fig = go.Figure([
        go.Bar(y=names, x=[i.target for i in inds], orientation="h", name="Target",
               marker_color="#deebf7", hovertemplate="%{y}: target %{x}<extra></extra>"),
        go.Bar(y=names, x=[i.value for i in inds], orientation="h", name="Reported",
               marker_color="#2171b5", text=[f"{i.value:g} of {i.target:g} ({dates.short(i.as_of)})" for i in inds],
               textposition="auto", hovertemplate="%{y}: %{x}<extra></extra>"),
    ])
    fig.update_layout(barmode="overlay")
    return _finish(fig, f"Point {status.id}: indicators against targets", stamp, x="Count", height=300)


# -- blockers ------------------------------------------------------------------------

def blockers_by_actor(active: list[BlockerState], names: dict[str, str], stamp: Stamp) -> go.Figure:
    """Active blockers per actor, stacked by category."""
    actors = sorted({a for b in active for a in b.blocker.actors},
                    key=lambda a: (-sum(a in b.blocker.actors for b in active), a))
    fig = go.Figure()
    for cat in vocab.BLOCKER_CATEGORIES:
        counts = [sum(1 for b in active if a in b.blocker.actors and b.blocker.category == cat.id)
                  for a in actors]
        if any(counts):
            fig.add_trace(go.Bar(y=[esc(names.get(a, a)) for a in actors], x=counts, orientation="h",
                                 name=cat.label, marker_color=cat.color,
                                 hovertemplate="%{y}: %{x} " + cat.label.lower() + "<extra></extra>"))
    fig.update_layout(barmode="stack")
    fig.update_yaxes(autorange="reversed")
    return _finish(fig, "Active blockers by actor", stamp,
                   x="Active blockers (a blocker counts once for each actor behind it)",
                   height=260 + 30 * len(actors))


def blockers_by_category(active: list[BlockerState], stamp: Stamp) -> go.Figure:
    cats = [c for c in vocab.BLOCKER_CATEGORIES if any(b.blocker.category == c.id for b in active)]
    fig = go.Figure(go.Bar(
        y=[c.label for c in cats], x=[sum(b.blocker.category == c.id for b in active) for c in cats],
        orientation="h", marker_color=[c.color for c in cats], hovertemplate="%{y}: %{x}<extra></extra>"))
    fig.update_yaxes(autorange="reversed")
    return _finish(fig, "Active blockers by category", stamp, x="Active blockers", y=None,
                   height=240 + 30 * len(cats), legend=False)


def blockers_over_time(counts: list[tuple[date, int]], stamp: Stamp) -> go.Figure:
    xs = [d for d, _ in counts] + ([stamp.as_of] if counts else [])
    ys = [n for _, n in counts] + ([counts[-1][1]] if counts else [])
    fig = go.Figure(go.Scatter(x=xs, y=ys, mode="lines+markers", line={"shape": "hv", "color": "#d55e00"},
                               hovertemplate="%{x|%d %b %Y}: %{y} active<extra></extra>"))
    fig.update_xaxes(type="date")
    fig.update_yaxes(rangemode="tozero")
    return _finish(fig, "Active blockers over time", stamp, x="Date", y="Active blockers",
                   height=340, legend=False)


# -- responsibility -----------------------------------------------------------------

def responsibility_matrix(cells: list[Cell], names: dict[str, str], points: list[int],
                          stamp: Stamp) -> go.Figure:
    """Actor x point, each cell the actor's role in the point."""
    roles = [r.id for r in vocab.ROLES]
    role_colours = ["#08519c", "#d55e00", "#009e73", "#cc79a7", "#e69f00"]
    actors = sorted({c.actor for c in cells}, key=lambda a: (-sum(c.actor == a for c in cells), a))
    grid = {(c.actor, c.point): c.role for c in cells}
    z = [[roles.index(grid[(a, p)]) if (a, p) in grid else None for p in points] for a in actors]
    text = [[vocab.by_id(vocab.ROLES)[grid[(a, p)]].label if (a, p) in grid else "" for p in points]
            for a in actors]
    n = len(roles)
    scale = []
    for i, colour in enumerate(role_colours[:n]):
        scale += [[i / n, colour], [(i + 1) / n, colour]]
    fig = go.Figure(go.Heatmap(
        z=z, x=[f"{p}" for p in points], y=[esc(names.get(a, a)) for a in actors], zmin=-0.5,
        zmax=n - 0.5, colorscale=scale, xgap=2, ygap=2, customdata=text,
        hovertemplate="%{y}, point %{x}: %{customdata}<extra></extra>",
        colorbar={"tickvals": list(range(n)), "ticktext": [r.label for r in vocab.ROLES],
                  "title": {"text": "Role"}}))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(type="category")
    return _finish(fig, "Who is responsible for which point", stamp, x="Point", y=None,
                   height=max(360, 110 + 24 * len(actors)), legend=False)


# -- timeline -----------------------------------------------------------------------

def timeline(statuses: list[PointStatus], markers: list[tuple[date, str]], stamp: Stamp) -> go.Figure:
    """Every update up to the as-of date, on a date axis, one row per point."""
    fig = go.Figure()
    row = {s.id: f"{s.id}. {esc(textwrap.shorten(s.point.title, 34, placeholder='…'))}" for s in statuses}
    for t in vocab.LEVELS:
        xs, ys, notes = [], [], []
        for s in statuses:
            for e in s.updates:
                if e.update.level == t.id:
                    xs.append(e.date)
                    ys.append(row[s.id])
                    mom = f" ({e.update.momentum})" if e.update.momentum else ""
                    notes.append(t.label + mom + "<br>" + _hover(e.update.note))
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="markers", name=t.label, customdata=notes,
                                 marker={"color": t.color, "size": 12, "opacity": 0.9,
                                         "symbol": LEVEL_MARKER[t.id],
                                         "line": {"color": "#333333" if t.id != "not_initiated" else t.color,
                                                  "width": 1 if t.id != "not_initiated" else 2}},
                                 hovertemplate="%{y}<br>%{x|%d %b %Y}<br>%{customdata}<extra></extra>"))
    _date_markers(fig, markers)
    fig.update_yaxes(categoryorder="array", categoryarray=[row[s.id] for s in statuses][::-1])
    fig.update_xaxes(type="date")
    return _finish(fig, "Every status update by point", stamp, x="Date of event or report", y=None,
                   height=max(380, 140 + 26 * len(statuses)))


def levels_over_time(series: list[tuple[date, dict[str, int]]], markers: list[tuple[date, str]],
                     stamp: Stamp) -> go.Figure:
    """Stacked count of points per level on every date the log changes."""
    fig = go.Figure()
    xs = [d for d, _ in series]
    for t in vocab.LEVELS:
        fig.add_trace(go.Scatter(x=xs, y=[c.get(t.id, 0) for _, c in series], name=t.label,
                                 mode="lines", stackgroup="levels", line={"shape": "hv", "width": 0.5,
                                                                          "color": t.color},
                                 fillcolor=t.color,
                                 fillpattern={"shape": LEVEL_PATTERN[t.id], "fgcolor": vocab.ink_on(t.color),
                                              "fgopacity": 0.45, "size": 8, "solidity": 0.25},
                                 hovertemplate="%{x|%d %b %Y}: %{y}<extra>" + t.label + "</extra>"))
    _date_markers(fig, markers)
    fig.update_xaxes(type="date")
    return _finish(fig, "Points by implementation level over time", stamp, x="Date", y="Points",
                   height=400)


def _date_markers(fig: go.Figure, markers: list[tuple[date, str]]) -> None:
    for i, (d, label) in enumerate(markers):
        fig.add_shape(type="line", x0=d, x1=d, xref="x", yref="paper", y0=0, y1=1,
                      line={"color": "#888888", "width": 1, "dash": "dot"})
        fig.add_annotation(x=d, xref="x", y=1 - 0.06 * (i % 3), yref="paper", text=label, showarrow=False,
                           xanchor="left", font={"size": 10, "color": "#555555"}, bgcolor="rgba(255,255,255,0.8)")


def date_markers(ds: Dataset, statuses: list[PointStatus], as_of: date) -> list[tuple[date, str]]:
    """Phase dates and deadlines up to the as-of date, for the time charts."""
    out = []
    for ph in ds.phases.values():
        if ph.agreed and ph.agreed <= as_of:
            out.append((ph.agreed, f"Phase {ph.id} agreed"))
        if ph.started and ph.started <= as_of:
            out.append((ph.started, f"Phase {ph.id} in effect"))
    for s in statuses:
        for d in s.deadlines:
            if d.due <= as_of:
                out.append((d.due, f"Deadline (point {s.id})"))
    return sorted(out)


# -- dependencies -------------------------------------------------------------------

def dependency_graph(statuses: list[PointStatus], stamp: Stamp) -> go.Figure:
    """Points linked by the plan's dependencies; unmet gating prerequisites in red."""
    by_id = {s.id: s for s in statuses}
    deps = [(d.point, s.id, d) for s in statuses for d in s.point.depends_on if d.point in by_id]
    nodes = sorted({a for a, _, _ in deps} | {b for _, b, _ in deps})
    depth: dict[int, int] = {}

    def layer(n: int, seen: frozenset = frozenset()) -> int:
        if n not in depth:
            pre = [a for a, b, _ in deps if b == n and a not in seen]
            depth[n] = 1 + max((layer(a, seen | {n}) for a in pre), default=-1)
        return depth[n]

    for n in nodes:
        layer(n)
    cols: dict[int, list[int]] = {}
    for n in nodes:
        cols.setdefault(depth[n], []).append(n)
    pos: dict[int, tuple[float, float]] = {}
    for x in sorted(cols):
        col = cols[x]
        if x > 0:  # order a column by where its prerequisites sit, to limit crossings
            def mean_y(n: int) -> float:
                ys = [pos[a][1] for a, b, _ in deps if b == n and a in pos]
                return -sum(ys) / len(ys) if ys else 0.0
            col.sort(key=lambda n: (mean_y(n), n))
        for i, n in enumerate(col):
            pos[n] = (x, -i + (len(col) - 1) / 2)
    fig = go.Figure()
    styles = {"met": ("#009e73", "solid", "Prerequisite met"),
              "unmet": ("#d55e00", "solid", "Prerequisite not met"),
              "fallback": ("#999999", "dot", "Fallback (does not hold back)")}
    shown = set()
    for a, b, d in deps:
        gating = vocab.DEPENDENCY[d.kind].gating
        key = "fallback" if not gating else ("met" if carried_out(by_id[a]) else "unmet")
        colour, dash, label = styles[key]
        (x0, y0), (x1, y1) = pos[a], pos[b]
        fig.add_trace(go.Scatter(x=[x0, x1], y=[y0, y1], mode="lines", name=label, legendgroup=key,
                                 showlegend=key not in shown, hoverinfo="skip",
                                 line={"color": colour, "dash": dash, "width": 3 if key == "unmet" else 2}))
        shown.add(key)
        fig.add_annotation(x=x1, y=y1, ax=x0, ay=y0, xref="x", yref="y", axref="x", ayref="y", text="",
                           showarrow=True, arrowhead=3, arrowsize=1.3, arrowwidth=1.5, arrowcolor=colour,
                           standoff=22, startstandoff=22)
        fig.add_annotation(x=(x0 + x1) / 2, y=(y0 + y1) / 2, text=vocab.DEPENDENCY[d.kind].label.lower(),
                           showarrow=False, font={"size": 10, "color": colour}, bgcolor="white")
    fig.add_trace(go.Scatter(
        x=[pos[n][0] for n in nodes], y=[pos[n][1] for n in nodes], mode="markers+text",
        text=[str(n) for n in nodes], textfont={"color": ["white" if by_id[n].level in ("intermediate", "full")
                                                          else "#111111" for n in nodes], "size": 14},
        marker={"size": 42, "color": [vocab.LEVEL[by_id[n].level].color for n in nodes],
                "line": {"color": "#333333", "width": 1}},
        customdata=[[esc(by_id[n].point.title), vocab.LEVEL[by_id[n].level].label] for n in nodes],
        hovertemplate="Point %{text}: %{customdata[0]}<br>%{customdata[1]}<extra></extra>", showlegend=False))
    fig.update_xaxes(visible=False, range=[-0.5, max(cols, default=0) + 0.5])
    fig.update_yaxes(visible=False)
    return _finish(fig, "Dependencies between points (arrow: prerequisite → point)", stamp, height=460)
