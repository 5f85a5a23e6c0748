"""AppTest: every page renders on the shipped data, and the controls change what it shows."""
import json
import re

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from conftest import REPO

PAGES = ["views/overview.py", "views/point.py", "views/blockers.py", "views/responsibility.py",
         "views/timeline.py", "views/dependencies.py", "views/sources.py", "views/methodology.py",
         "views/add_update.py"]
CHARTS = {"views/overview.py": 2, "views/point.py": 2, "views/blockers.py": 3,
          "views/responsibility.py": 1, "views/timeline.py": 2, "views/dependencies.py": 1}


@pytest.fixture(autouse=True)
def fresh_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def app(root=None, monkeypatch=None, query=None) -> AppTest:
    if root is not None:
        monkeypatch.setenv("TRACKER_ROOT", str(root))
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    return at


def figures(at):
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def tiles(at) -> list[int]:
    """The point ids of the Overview's tiles (each an escaped link to its point)."""
    html = " ".join(h.proto.body for h in at.get("html"))
    return [int(n) for n in re.findall(r'aria-label="Open point (\d+):', html)]


def texts(at) -> str:
    parts = [m.value for m in at.markdown] + [m.value for m in at.caption] + [m.value for m in at.title]
    parts += [m.value for m in at.info] + [m.value for m in at.warning]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_the_shipped_data(page):
    at = app(query={"point": "4"})
    at.run()
    if page != PAGES[0]:
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    figs = figures(at)
    assert len(figs) >= CHARTS.get(page, 0)
    for fig in figs:  # every chart says what it is, when and from what
        layout = fig["layout"]
        assert layout["title"]["text"]
        assert "As of" in layout["title"]["subtitle"]["text"]
        assert any("Sources:" in a["text"] for a in layout.get("annotations", []))


def test_overview_headline_figures_follow_the_as_of_date():
    at = app()
    at.run()
    late = {m.label: m.value for m in at.metric}
    at.date_input(key="as_of").set_value("2025-10-06").run()
    early = {m.label: m.value for m in at.metric}
    assert late["Latest report"] == "19 Dec 2025" and early["Latest report"] == "6 Oct 2025"
    assert late["Overall progress"] != early["Overall progress"]
    assert int(late["Active blockers"]) > int(early["Active blockers"])


def test_as_of_date_changes_what_a_point_shows():
    at = app(query={"point": "4"})
    at.switch_page("views/point.py")
    at.run()
    assert {m.label: m.value for m in at.metric}["Level"] == "Intermediate"
    at.date_input(key="as_of").set_value("2025-10-05").run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Level"] == "Not initiated"
    assert "field conditions" in texts(at)


def test_as_of_is_bounded_by_the_data():
    at = app()
    at.run()
    widget = at.date_input(key="as_of")
    assert str(widget.value) == "2025-12-19"


def test_phase_filter_narrows_the_tiles_and_charts():
    at = app()
    at.run()
    all_tiles = tiles(at)
    at.multiselect(key="phase").set_value([1]).run()
    assert sorted(all_tiles) == list(range(1, 21)) and tiles(at) == [3, 4, 5, 7, 8]
    assert "showing 5 of 20 points" in texts(at)
    at.switch_page("views/timeline.py")
    at.run()
    rows = figures(at)[0]["layout"]["yaxis"]["categoryarray"]
    assert len(rows) == 5 and rows[-1].startswith("3.")


def test_actor_filter_keeps_points_the_actor_is_involved_in():
    at = app()
    at.run()
    at.multiselect(key="actor").set_value(["turkey"]).run()
    assert sorted(tiles(at)) == [3, 14, 15]


def test_data_problem_is_shown_while_the_rest_renders(make_root, no_texts, monkeypatch):
    broken = (REPO / "status" / "miami-summit-2025-12-19.yaml").read_text().replace(
        "level: unclear", "level: uncertain", 1)
    good = {p.name: p.read_text() for p in (REPO / "status").glob("*.yaml")}
    good["miami-summit-2025-12-19.yaml"] = broken
    root = make_root(good)
    at = app(root, monkeypatch)
    at.run()
    assert not at.exception
    panel = [c.value for c in at.code]
    assert panel and "status/miami-summit-2025-12-19.yaml:" in panel[0] and "'uncertain'" in panel[0]
    assert len(tiles(at)) == 20  # the valid rest still renders
    assert {m.label: m.value for m in at.metric}["Latest report"] == "19 Dec 2025"


def test_an_edit_shows_on_the_next_interaction(make_root, no_texts, monkeypatch):
    root = make_root({p.name: p.read_text() for p in (REPO / "status").glob("*.yaml")})
    at = app(root, monkeypatch, query={"point": "18"})
    at.switch_page("views/point.py")
    at.run()
    assert {m.label: m.value for m in at.metric}["Level"] == "Not initiated"
    extra = root / "status" / "zz-new.yaml"
    extra.write_text("source: miami-summit-2025-12-19\nupdates:\n  - points: [18]\n    date: 2025-12-19\n"
                     "    level: minimal\n    note: A test dialogue began.\n"
                     "    evidence: [{paragraph: 1, phrase: Miami}]\n")
    at.run()
    assert {m.label: m.value for m in at.metric}["Level"] == "Minimal"


def test_notes_with_markup_render_as_text(make_root, no_texts, monkeypatch):
    hostile = ("<script>alert(1)</script> [click](javascript:alert(1)) <b>bold</b>")
    root = make_root({"x.yaml": "source: miami-summit-2025-12-19\nupdates:\n  - points: [18]\n"
                                "    date: 2025-12-19\n    level: minimal\n"
                                f"    note: '{hostile}'\n    evidence: [{{paragraph: 1, phrase: Miami}}]\n"})
    at = app(root, monkeypatch, query={"point": "18"})
    at.switch_page("views/point.py")
    at.run()
    shown = texts(at)
    assert "alert" in shown
    assert "<script>" not in shown and "](javascript:" not in shown  # escaped, never live
