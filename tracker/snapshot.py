"""Shareable files: stamped chart images, a self-contained offline report, the status data.

PNG and SVG go through kaleido, which drives a headless Chromium. One browser session is
held for the whole process (``kaleido.start_sync_server``) and guarded by a lock, since
kaleido's server is not thread-safe; rendered bytes are kept per figure content, so the
same chart is rendered once. HTML, CSV and JSON need no browser.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import threading
import time
import warnings
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio
from plotly.offline import get_plotlyjs

from . import export, figures
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
        for attempt in range(3):
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", UserWarning)  # plotly's note that kopts go unused
                    data = pio.to_image(fig, format=fmt, width=WIDTH, height=int(fig.layout.height or 500),
                                        scale=PNG_SCALE if fmt == "png" else 1)
                break
            except Exception as exc:  # noqa: BLE001 - kaleido's own errors only, retried
                # kaleido can run its render script before its page has defined it ("kaleido_scopes is
                # not defined"), seen once on a cold start of a loaded 2-core machine: try again
                if not type(exc).__module__.startswith("kaleido") or attempt == 2:
                    raise
                time.sleep(0.5 * (attempt + 1))
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
    """One self-contained page from the site's templates: plotly.js and the style inline, every
    chart with its text alternative and data table, the table of points, the sources."""
    from markupsafe import Markup

    from .site import chart_tables
    from .site.render import render, site_css, static_text
    sources = sorted((s for s in scene.ds.sources.values() if s.published <= scene.as_of), key=lambda s: s.published)
    return render("report.html", scene=scene, title=scene.ds.plan.title if scene.ds.plan else "Plan tracker",
                  charts=[chart_tables.block(scene, name, fig) for name, fig in figs.items()], sources=sources,
                  plotly_js=Markup(get_plotlyjs()), css=Markup(site_css()), charts_js=Markup(static_text("charts.js")))
