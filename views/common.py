"""What every page shares: the cached dataset, the sidebar controls and small renderers.

Only Streamlit glue lives here; the logic is in the `tracker` package.
"""
from __future__ import annotations

import functools
import os
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

import streamlit as st

from tracker import dates, export, snapshot, vocab
from tracker.dataset import PLAN_FILE
from tracker.filters import Filters
from tracker.load import DEFAULT_ROOT, Dataset, load
from tracker.plan_heads import PlanHead, read_heads
from tracker.safe_text import md
from tracker.scene import Scene

ROOT_ENV = "TRACKER_ROOT"  # one data root, or several separated by os.pathsep (":"), as PATH is
PLAN_KEY = "plan"  # the plan picker's key, and its parameter in the URL
# a view's state that is one plan's own: the controls bound to the URL, set back to their defaults
# (a bound widget's URL parameter cannot be deleted, only its value changed), and the point shown
RESET_PER_PLAN = {"as_of": dates.today, "phase": list, "theme": list, "actor": list}
FORGOTTEN_PER_PLAN = ("focus", "point")


def data_roots() -> list[Path]:
    """The roots in $TRACKER_ROOT, each once (the same folder named twice, or through a link, counts once)."""
    roots: dict[Path, Path] = {}
    for part in (os.environ.get(ROOT_ENV) or "").split(os.pathsep):
        if part.strip():
            roots.setdefault(Path(part).resolve(), Path(part))
    return list(roots.values()) or [DEFAULT_ROOT]


def plan_heads() -> list[PlanHead]:
    """Each root's plan, read again only when a plan file changes (every page run asks several times)."""
    return list(_heads(tuple((str(root), _stamp(root / PLAN_FILE)) for root in data_roots())))


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        st_ = path.stat()
    except OSError:
        return None
    return st_.st_ino, st_.st_size, st_.st_mtime_ns


@functools.lru_cache(maxsize=16)
def _heads(roots: tuple[tuple[str, tuple | None], ...]) -> tuple[PlanHead, ...]:  # noqa: ARG001 (stamps: the key)
    return tuple(read_heads([Path(root) for root, _ in roots]))


def chosen_plan() -> PlanHead:
    """The plan shown: the picker's choice (or the URL's, before the picker is drawn), else the first."""
    heads = plan_heads()
    wanted = st.session_state.get(PLAN_KEY) or st.query_params.get(PLAN_KEY)
    return next((h for h in heads if h.slug == wanted), heads[0])


def data_root() -> Path:
    roots = data_roots()
    return roots[0] if len(roots) == 1 else chosen_plan().root


def _plan_changed() -> None:
    """Another plan was picked: the dates, filters and point of the last one do not carry over."""
    for key, default in RESET_PER_PLAN.items():
        st.session_state[key] = default()
    for key in FORGOTTEN_PER_PLAN:
        st.session_state.pop(key, None)
    if "point" in st.query_params:  # read by the point page, bound to no widget
        del st.query_params["point"]


def plan_picker() -> None:
    """With several roots, the plan picker at the top of the sidebar. The choice is in the URL as
    the plan's slug (?plan=SLUG), read once when a session opens and written on every run."""
    heads = plan_heads()
    if len(heads) < 2:
        return
    labels = {h.slug: h.short_title for h in heads}
    if PLAN_KEY not in st.session_state:
        asked = st.query_params.get(PLAN_KEY)
        if asked and asked not in labels:
            st.warning(f"The link asks for the plan {md(asked[:64])}, which this dashboard does not hold; showing "
                       f"{md(heads[0].short_title)} instead.", icon=":material/error:")
        st.session_state[PLAN_KEY] = asked if asked in labels else heads[0].slug
    st.sidebar.selectbox("Plan", list(labels), key=PLAN_KEY, format_func=labels.__getitem__, on_change=_plan_changed,
                         help="The plans this dashboard holds; the choice is in the link.")
    st.query_params[PLAN_KEY] = st.session_state[PLAN_KEY]


def tracker_title() -> str:
    """The browser tab's title: the chosen plan's tracker name (model.Plan.name), read from its
    plan/plan.yaml alone, before anything is drawn (no Streamlit call may come first)."""
    return chosen_plan().name


def fingerprint(root: Path) -> str:
    """Today's date, the texts folder and the digest of every input by content (data files and
    article texts): changes when anything the loaded data depends on does, even an edit that
    keeps a file's size and modification time (tracker.fingerprint)."""
    from tracker.fingerprint import record_fingerprint
    from tracker.texts import texts_dir
    folder = texts_dir(root)
    return "|".join((dates.today().isoformat(), str(folder), record_fingerprint(root, folder)))


@st.cache_resource(max_entries=8, show_spinner="Loading the data…")
def _load(root: str, stamp: str) -> Dataset:  # noqa: ARG001  (stamp is the cache key)
    return load(root)


def dataset() -> Dataset:
    root = data_root()
    if not (root / "plan").is_dir():
        st.error(f"{md(str(root))} holds no plan/ folder: name a data root in {ROOT_ENV} (one made by "
                 "`python -m tracker init`, or the shipped data).", icon=":material/folder_off:")
    return _load(str(root), fingerprint(root))


def sidebar(ds: Dataset) -> Scene:
    """The controls every page shares. Bound to the URL, so a copied link reopens the view."""
    first, _ = ds.date_range()
    today = dates.today()
    asked = st.query_params.get("as_of")
    if asked and "as_of" not in st.session_state:  # a link's date that cannot be shown is said, not swallowed
        try:
            wanted = date.fromisoformat(asked) if len(asked) == 10 else None
        except ValueError:
            wanted = None
        if wanted is None or not first <= wanted <= max(first, today):
            st.warning(f"The link asks for the date {md(asked[:40])}, which is not a day from the plan's release "
                       f"({dates.short(first)}) to today; showing today instead.", icon=":material/event_busy:")
    with st.sidebar:
        as_of = st.date_input("As of", value=today, min_value=first, max_value=max(first, today), key="as_of",
                              bind="query-params", format="YYYY-MM-DD",
                              help="Show where every point stood on this date: any day from the plan's "
                                   "release to today.")
        phases = st.multiselect("Phase", sorted(ds.phases), key="phase", bind="query-params",
                                format_func=lambda p: f"Phase {p}", placeholder="All phases")
        themes = st.multiselect("Theme", ds.theme_ids(), key="theme",
                                bind="query-params", placeholder="All themes", format_func=ds.theme_label)
        actors = st.multiselect("Actor", sorted(ds.actors, key=lambda a: ds.actors[a].name),
                                key="actor", bind="query-params", placeholder="All actors",
                                format_func=lambda a: ds.actors[a].name)
        st.caption(f"Data version `{ds.version}` · {len(ds.entries)} updates from "
                   f"{len(ds.sources)} article{'s' if len(ds.sources) != 1 else ''}")
    view = Scene(ds, as_of or today, Filters(tuple(phases), tuple(themes), tuple(actors)))
    st.session_state["_view"] = view
    return view


def current() -> Scene:
    view = st.session_state.get("_view")
    if view is None:  # a page run on its own (tests): build the view from the defaults
        view = sidebar(dataset())
    return view


SHOWN_PROBLEMS = 100  # the panel lists this many; a file with thousands of mistakes cannot stall a page


def problems_panel(ds: Dataset) -> None:
    if not ds.problems:
        return
    with st.expander(f"⚠️ The data has {len(ds.problems):,} problem(s); everything valid is shown",
                     expanded=True):
        st.code("\n".join(str(p) for p in ds.problems[:SHOWN_PROBLEMS]), language=None, wrap_lines=True)
        rest = len(ds.problems) - SHOWN_PROBLEMS
        more = f"{rest:,} more are not listed here. " if rest > 0 else ""
        where = "" if Path(ds.root).resolve() == DEFAULT_ROOT.resolve() else f" (with --root {md(str(ds.root))})"
        st.caption(f"{more}Fix them in the files named; `python -m tracker validate --all`{where} lists every one.")


def link(url: str) -> str:
    """A web address for a Markdown link target: only http(s), with the characters that
    would end the target escaped."""
    if not url.startswith(("http://", "https://")):
        return "#"
    return url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")


def filter_note(view: Scene, shown: int, total: int) -> None:
    if view.filters.active:
        st.caption(f"Filters on: showing {shown} of {total} points.")


@st.cache_resource(max_entries=256, show_spinner=False)
def _figure(_build, name: str, version: str, as_of: date, filters: tuple, *args):  # noqa: ARG001 (cache key)
    return _build(current(), *args)


def figure(build, *args):
    """A figure of the current view, built once per data version, date and filters."""
    view = current()
    f = view.filters
    return _figure(build, build.__qualname__, view.ds.version, view.as_of, (f.phases, f.themes, f.actors), *args)


def chart(fig, name: str) -> None:
    """Show a figure with its downloads: PNG, SVG and self-contained HTML, stamped."""
    st.plotly_chart(fig, key=f"chart-{name}", config={"displaylogo": False})
    view = current()
    exporter = snapshot.default()
    no_browser = snapshot.browser_path() is None
    cols = st.columns([1, 1, 1, 4])
    for col, fmt in zip(cols, snapshot.FORMATS):
        image = fmt in snapshot.IMAGE_FORMATS
        col.download_button(
            fmt.upper(), data=lambda fmt=fmt: exporter.figure_bytes(fig, fmt, name),
            file_name=snapshot.file_name(name, view, fmt), mime=snapshot.MIME[fmt],
            key=f"dl-{name}-{fmt}", icon=":material/download:", on_click="ignore",
            disabled=image and no_browser,
            help=snapshot.INSTALL_HINT if image and no_browser else f"Download this chart as {fmt.upper()}")
    if no_browser:
        cols[3].caption("PNG and SVG need Chromium on the server (apt-get install chromium); HTML works.")


def share_query(view: Scene, extra: dict[str, str] | None = None) -> str:
    """The query string that reopens this view: the sidebar controls plus page parameters."""
    params: list[tuple[str, str]] = [("as_of", view.as_of.isoformat())]  # a link keeps its date
    if len(plan_heads()) > 1:
        params.insert(0, (PLAN_KEY, chosen_plan().slug))
    params += [("phase", f"Phase {p}") for p in view.filters.phases]
    params += [("theme", view.ds.theme_label(t)) for t in view.filters.themes]
    params += [("actor", view.actor_name(a)) for a in view.filters.actors]
    params += list((extra or {}).items())
    return urlencode(params)


def share_panel(view: Scene) -> None:
    """The link to this view and the data behind it."""
    page_params = {k: st.query_params[k] for k in ("point",) if k in st.query_params}
    query = share_query(view, page_params)
    base = st.context.url or ""
    with st.sidebar.expander("Share this view", icon=":material/share:"):
        st.caption("Link (as-of date, filters and page):")
        st.code(base + ("?" + query if query else ""), language=None, wrap_lines=True)
        stem = f"{view.ds.plan.name_slug if view.ds.plan else 'plan'}-status_{view.as_of.isoformat()}"

        def document():  # made only when a button is pressed
            return export.status_document(view.ds, view.shown, view.as_of)
        st.download_button("Status as CSV", lambda: export.to_csv(document()), file_name=f"{stem}.csv",
                           mime="text/csv", key="share-csv", icon=":material/table:", on_click="ignore")
        st.download_button("Status as JSON", lambda: export.to_json(document()), file_name=f"{stem}.json",
                           mime="application/json", key="share-json", icon=":material/data_object:",
                           on_click="ignore")
        st.caption(f"Data version `{view.ds.version}`; charts carry the same stamp.")


def level_label(level: str) -> str:
    return vocab.LEVEL[level].label


def momentum_label(momentum: str | None) -> str:
    if not momentum:
        return "—"
    t = vocab.MOMENTUM_BY_ID[momentum]
    return f"{t.symbol} {t.label}"


def milestone_label(state: str | None) -> str:
    if state is None:
        return "No report yet"
    t = vocab.MILESTONE_STATE[state]
    return f"{t.symbol} {t.label}"


def momentum_word(momentum: str | None) -> str:
    return vocab.MOMENTUM_BY_ID[momentum].label.lower() if momentum else "none"


def default_since(view: Scene) -> date:
    first, _ = view.ds.date_range()
    return max(first, view.as_of - timedelta(days=14))

