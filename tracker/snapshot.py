"""Shareable files: stamped chart images, a self-contained offline report, the status data.

PNG and SVG go through kaleido, which drives a headless Chromium. One browser session is
held for the whole process (``kaleido.start_sync_server``) and guarded by a lock, since
kaleido's server is not thread-safe; rendered bytes are kept per figure content, so the
same chart is rendered once. HTML, CSV and JSON need no browser.
"""
from __future__ import annotations

import hashlib
import html
import os
import re
import shutil
import threading
import warnings
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio
from plotly.offline import get_plotlyjs

from . import dates, export, figures, vocab
from .scene import Scene

FORMATS = ("png", "svg", "html")
IMAGE_FORMATS = ("png", "svg")
WIDTH = 1200
PNG_SCALE = 2
MIME = {"png": "image/png", "svg": "image/svg+xml", "html": "text/html"}
INSTALL_HINT = ("PNG and SVG export needs Chromium. On Debian or Ubuntu: sudo apt-get install chromium "
                "(or set BROWSER_PATH to a Chrome or Chromium binary).")
_UID = re.compile(r'id="defs-([0-9a-f]{6})"')


def browser_path() -> str | None:
    """The Chromium or Chrome that kaleido will drive, if this machine has one."""
    explicit = os.environ.get("BROWSER_PATH")
    if explicit and Path(explicit).exists():
        return explicit
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


class ExportUnavailable(RuntimeError):
    """Raised for PNG or SVG when no browser can be found; the message says how to fix it."""


def file_name(name: str, scene: Scene, fmt: str) -> str:
    return f"{name}_{scene.as_of.isoformat()}.{fmt}"


# kaleido keeps one browser for the whole process and its server is not thread-safe:
# every render in the process goes through this lock.
_RENDER_LOCK = threading.Lock()
_SERVER_STARTED = False


@dataclass
class Exporter:
    """Turns figures into bytes. One per process (see `default`); safe to share between threads."""

    cache_size: int = 256
    _cache_lock: threading.Lock = field(default_factory=threading.Lock)  # short: cache hits never wait
    _cache: OrderedDict = field(default_factory=OrderedDict)

    def _cached(self, key) -> bytes | None:
        with self._cache_lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        return None

    def figure_bytes(self, fig: go.Figure, fmt: str, name: str) -> bytes:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
        key = (hashlib.blake2b(fig.to_json().encode(), digest_size=16).digest(), fmt, name)
        data = self._cached(key)
        if data is not None:
            return data
        if fmt == "html":
            data = fig.to_html(include_plotlyjs=True, full_html=True, div_id=f"chart-{name}",
                               config={"displaylogo": False}).encode()
        else:
            if browser_path() is None:
                raise ExportUnavailable(INSTALL_HINT)
            with _RENDER_LOCK:
                data = self._cached(key)  # another thread may have rendered it meanwhile
                if data is None:
                    data = self._image(fig, fmt, name)
        with self._cache_lock:
            self._cache[key] = data
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return data

    def _image(self, fig: go.Figure, fmt: str, name: str) -> bytes:
        """Render with kaleido; the caller holds the render lock (kaleido is not thread-safe)."""
        import kaleido
        global _SERVER_STARTED
        if not _SERVER_STARTED:
            kaleido.start_sync_server(silence_warnings=True)
            _SERVER_STARTED = True
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # plotly's note that kopts go unused
            data = pio.to_image(fig, format=fmt, width=WIDTH, height=int(fig.layout.height or 500),
                                scale=PNG_SCALE if fmt == "png" else 1)
        if fmt == "svg":  # plotly names clip paths with a random id: make it stable
            text = data.decode()
            found = _UID.search(text)
            if found:
                stable = hashlib.blake2b(name.encode(), digest_size=3).hexdigest()
                text = text.replace(found.group(1), stable)
            data = text.encode()
        return data


_DEFAULT: Exporter | None = None
_DEFAULT_LOCK = threading.Lock()


def default() -> Exporter:
    global _DEFAULT
    with _DEFAULT_LOCK:
        if _DEFAULT is None:
            _DEFAULT = Exporter()
        return _DEFAULT


def chart_file(scene: Scene, name: str, fmt: str, exporter: Exporter | None = None) -> bytes:
    """The bytes of one catalogue chart in one format: what the app's buttons and the command give."""
    return (exporter or default()).figure_bytes(figures.CATALOGUE[name](scene), fmt, name)


@dataclass
class Written:
    files: list[Path]
    skipped: list[str]  # messages for formats that could not be made


def write_snapshot(scene: Scene, out: Path, formats: tuple[str, ...] = FORMATS,
                   exporter: Exporter | None = None) -> Written:
    """Every chart in every format, the offline report, status.json and status.csv."""
    exporter = exporter or default()
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    skipped: list[str] = []
    wanted = [f for f in formats if f in FORMATS]
    if any(f in IMAGE_FORMATS for f in wanted) and browser_path() is None:
        skipped.append(f"{'/'.join(f.upper() for f in wanted if f in IMAGE_FORMATS)} skipped: {INSTALL_HINT}")
        wanted = [f for f in wanted if f not in IMAGE_FORMATS]
    figs = {name: build(scene) for name, build in figures.CATALOGUE.items()}
    ordered = [f for f in wanted if f not in IMAGE_FORMATS] + [f for f in wanted if f in IMAGE_FORMATS]
    for fmt in ordered:
        for name, fig in figs.items():
            path = out / file_name(name, scene, fmt)
            path.write_bytes(exporter.figure_bytes(fig, fmt, name))
            written.append(path)
    doc = export.status_document(scene.ds, scene.statuses, scene.as_of)
    for fname, text in (("status.json", export.to_json(doc)), ("status.csv", export.to_csv(doc)),
                        (f"report_{scene.as_of.isoformat()}.html", report_html(scene, figs))):
        (out / fname).write_text(text, encoding="utf-8")
        written.append(out / fname)
    return Written(written, skipped)


def report_html(scene: Scene, figs: dict[str, go.Figure]) -> str:
    """One self-contained page: plotly.js inline, every chart, the 20-point table, the sources."""
    e = html.escape
    ds = scene.ds
    title = ds.plan.title if ds.plan else "Plan tracker"
    rows = []
    for s in scene.statuses:
        blockers = "<br>".join(f"{e(vocab.CATEGORY[b.blocker.category].label)}: {e(b.blocker.text)} "
                               f"<small>({e(', '.join(scene.actor_name(a) for a in b.blocker.actors))})</small>"
                               for b in s.blockers) or "—"
        mom = vocab.MOMENTUM_BY_ID[s.momentum].label if s.momentum else "—"
        rows.append(
            f"<tr><td>{s.id}</td><td>{e(s.point.title)}</td><td>{s.point.phase}</td>"
            f'<td><span class="lvl" style="background:{vocab.LEVEL[s.level].color}"></span>'
            f"{e(vocab.LEVEL[s.level].label)}</td><td>{e(mom)}</td><td>{s.progress:.0f}%</td>"
            f"<td>{blockers}</td><td>{e(', '.join(scene.actor_name(a) for a in s.responsible))}</td>"
            f"<td>{e(dates.short(s.last_update)) if s.last_update else '—'}</td></tr>")
    sources = "".join(
        f"<li><b>{e(src.label)}</b>, {e(dates.short(src.published))}: "
        + (f'<a href="{e(src.url)}" rel="noopener noreferrer">{e(src.headline)}</a>' if src.url else e(src.headline))
        + f". <i>{e(src.outlet)}</i>. {e(src.summary)}</li>"
        for src in sorted(ds.sources.values(), key=lambda s: s.published) if src.published <= scene.as_of)
    charts = "".join(
        f"<section>{pio.to_html(fig, full_html=False, include_plotlyjs=False, div_id=f'chart-{name}')}</section>"
        for name, fig in figs.items())
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{e(title)}, as of {e(scene.as_of.isoformat())}</title>
<script type="text/javascript">{get_plotlyjs()}</script>
<style>
body {{ font-family: "Liberation Sans", Arial, sans-serif; margin: 2em auto; max-width: 1240px; color: #222; }}
table {{ border-collapse: collapse; width: 100%; font-size: 0.9em; }}
td, th {{ border-bottom: 1px solid #ddd; padding: 6px; vertical-align: top; text-align: left; }}
.lvl {{ display: inline-block; width: 0.9em; height: 0.9em; margin-right: 0.4em; border: 1px solid #888; }}
section {{ margin: 1.5em 0; }}
</style></head><body>
<h1>{e(title)}</h1>
<p>Status as of <b>{e(dates.long(scene.as_of))}</b> · data version <code>{e(ds.version)}</code> ·
{e(scene.stamp.line)}</p>
<h2>The 20 points</h2>
<table><thead><tr><th>#</th><th>Point</th><th>Phase</th><th>Level</th><th>Momentum</th><th>Progress</th>
<th>Active blockers</th><th>Responsible</th><th>Last update</th></tr></thead>
<tbody>{''.join(rows)}</tbody></table>
<h2>Charts</h2>{charts}
<h2>Sources</h2><ul>{sources}</ul>
<p><small>Made by the Gaza plan tracker. Levels follow the Peace Accords Matrix scale; every status
update cites an article, a paragraph and a key phrase.</small></p>
</body></html>
"""
