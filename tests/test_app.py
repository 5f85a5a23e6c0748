"""AppTest: every page renders (on both fixture plans), and the controls change what it shows.

Every other test runs on a copy of the fixture record with today fixed at TODAY (2026-01-01), 13
days after its latest report (19 December 2025)."""
import json
import re

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from helpers import REPO, fixture_status
from tracker.load import load

PAGES = ["views/overview.py", "views/point.py", "views/blockers.py", "views/responsibility.py",
         "views/timeline.py", "views/dependencies.py", "views/sources.py", "views/methodology.py",
         "views/add_update.py", "views/corrections.py", "views/review.py"]
CHARTS = {"views/overview.py": 2, "views/point.py": 2, "views/blockers.py": 3,
          "views/responsibility.py": 1, "views/timeline.py": 2, "views/dependencies.py": 1}


@pytest.fixture(autouse=True)
def fresh_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def app(query=None) -> AppTest:
    """The dashboard on $TRACKER_ROOT (set by fixture_app_env or fixture_env)."""
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
def test_every_page_renders_on_both_fixture_plans(page, any_plan):
    plan, _ = any_plan
    at = app(query={"point": str(plan.point)})
    at.run()
    assert any(plan.short_title in t.value.replace("\\", "") for t in at.title), [t.value for t in at.title]
    if page != PAGES[0]:
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    shown = texts(at) + " ".join(h.proto.body for h in at.get("html"))
    if page == PAGES[0]:  # a metric for each of the plan's phases (two, or three)
        phases = {int(m.label.split()[1]) for m in at.metric if m.label.startswith("Phase ")}
        assert phases == set(load(plan.root, today=plan.today).phases)
    assert not re.findall(r"\b(" + "|".join(plan.other_words) + r")", shown, re.I)  # nothing of the other plan
    figs = figures(at)
    assert len(figs) >= CHARTS.get(page, 0)
    for fig in figs:  # every chart says what it is, when and from what
        layout = fig["layout"]
        assert layout["title"]["text"]
        assert "As of" in layout["title"]["subtitle"]["text"]
        assert any("Sources:" in a["text"] for a in layout.get("annotations", []))


def test_overview_headline_figures_follow_the_as_of_date(fixture_app_env):
    at = app()
    at.run()
    late = {m.label: m.value for m in at.metric}
    at.date_input(key="as_of").set_value("2025-10-06").run()
    early = {m.label: m.value for m in at.metric}
    assert late["Latest report"] == "19 Dec 2025" and early["Latest report"] == "6 Oct 2025"
    assert late["Overall progress"] != early["Overall progress"]
    assert int(late["Active blockers"]) > int(early["Active blockers"])


def test_as_of_date_changes_what_a_point_shows(fixture_app_env):
    at = app(query={"point": "4"})
    at.switch_page("views/point.py")
    at.run()
    assert {m.label: m.value for m in at.metric}["Level"] == "Intermediate"
    at.date_input(key="as_of").set_value("2025-10-05").run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Level"] == "Not initiated"
    assert "field conditions" in texts(at)


def share_link(at) -> str:
    return next(c.value for c in at.code if "as_of=" in c.value)


def test_as_of_runs_from_the_release_to_today(fixture_app_env):
    at = app()
    at.run()
    widget = at.date_input(key="as_of")
    assert str(widget.value) == "2026-01-01"  # today, though the latest report is older
    assert (str(widget.min), str(widget.max)) == ("2025-09-29", "2026-01-01")  # plan release to today
    assert "as_of=2026-01-01" in share_link(at)  # the link always keeps its date
    boxes = [i.value for i in at.info]
    assert any(b.startswith("No report after 19 December 2025:") and "13 days before this date" in b
               for b in boxes), boxes
    assert {m.label: m.value for m in at.metric}["Latest report"] == "19 Dec 2025"
    at.date_input(key="as_of").set_value("2025-12-19").run()
    assert not any("No report after" in i.value for i in at.info)  # on the latest report: no box
    assert "as_of=2025-12-19" in share_link(at)


def test_a_date_after_the_latest_report_keeps_its_date(fixture_app_env):
    at = app(query={"as_of": "2025-12-25", "point": "4"})
    at.run()
    assert str(at.date_input(key="as_of").value) == "2025-12-25"  # not pulled back to 19 December
    assert "as of **25 December 2025**" in texts(at)
    assert any(i.value.startswith("No report after 19 December 2025:") and "6 days before" in i.value
               for i in at.info)
    assert "as_of=2025-12-25" in share_link(at)
    at.switch_page("views/point.py").run()
    assert str(at.date_input(key="as_of").value) == "2025-12-25"
    assert {m.label: m.value for m in at.metric}["Level"] == "Intermediate"


def test_phase_filter_narrows_the_tiles_and_charts(fixture_app_env):
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


def test_actor_filter_keeps_points_the_actor_is_involved_in(fixture_app_env):
    at = app()
    at.run()
    at.multiselect(key="actor").set_value(["turkey"]).run()
    assert sorted(tiles(at)) == [3, 14, 15]


def test_data_problem_is_shown_while_the_rest_renders(make_root, fixture_env):
    good = fixture_status()
    good["miami-summit-2025-12-19.yaml"] = good["miami-summit-2025-12-19.yaml"].replace(
        "level: unclear", "level: uncertain", 1)
    fixture_env(make_root(good))
    at = app()
    at.run()
    assert not at.exception
    panel = [c.value for c in at.code]
    assert panel and "status/miami-summit-2025-12-19.yaml:" in panel[0] and "'uncertain'" in panel[0]
    assert len(tiles(at)) == 20  # the valid rest still renders
    assert {m.label: m.value for m in at.metric}["Latest report"] == "19 Dec 2025"


def test_an_edit_shows_on_the_next_interaction(fixture_app_env):
    root = fixture_app_env
    at = app(query={"point": "18"})
    at.switch_page("views/point.py")
    at.run()
    assert {m.label: m.value for m in at.metric}["Level"] == "Not initiated"
    path = root / "status" / "miami-summit-2025-12-19.yaml"  # edited by hand, outside the app
    path.write_text(path.read_text() + "  - id: t1\n    points: [18]\n    date: 2025-12-19\n"
                    "    level: minimal\n    note: A test dialogue began.\n"
                    "    evidence: [{paragraph: 1, phrase: Miami}]\n")
    at.run()
    assert {m.label: m.value for m in at.metric}["Level"] == "Minimal"


def test_an_edit_that_keeps_size_and_time_and_a_changed_text_are_both_seen(fixture_app_env, tmp_path,
                                                                             monkeypatch):
    """The app's data is keyed on content: a hand edit that keeps the file's size and modification
    time, and an article text changed under a cited phrase, each show their problem at once."""
    import os
    import shutil

    from helpers import FIXTURE
    root = fixture_app_env
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "miami.txt").write_text("Mediators meet\n\nThe mediators met in Miami on Friday.\n", encoding="utf-8")
    shutil.copy(FIXTURE / "seeds" / "sources.yaml", root / "seeds" / "sources.yaml")
    monkeypatch.setenv("TRACKER_TEXTS", str(texts))
    status = root / "status" / "miami-summit-2025-12-19.yaml"
    status.write_text("source: miami-summit-2025-12-19\nupdates:\n  - id: u1\n    points: [18]\n"
                      "    date: 2025-12-19\n    level: minimal\n    note: The mediators met.\n"
                      "    evidence: [{paragraph: 2, phrase: met in Miami}]\n", encoding="utf-8")
    sources = root / "seeds" / "sources.yaml"
    text = sources.read_text()
    start = text.index("id: miami-summit-2025-12-19")
    line = text.index("file: ", start)
    end = text.index("\n", line)
    sources.write_text(text[:line] + "file: miami.txt" + text[end:], encoding="utf-8")
    at = app()
    at.run()
    assert not at.exception and not [c.value for c in at.code if "status/" in c.value]
    st_ = status.stat()
    edited = status.read_text().replace("level: minimal", "level: minimaX")
    status.write_text(edited)
    os.utime(status, ns=(st_.st_atime_ns, st_.st_mtime_ns))
    assert status.stat().st_size == st_.st_size and status.stat().st_mtime_ns == st_.st_mtime_ns
    at.run()
    assert any("'minimaX'" in c.value for c in at.code), [c.value for c in at.code]
    status.write_text(edited.replace("level: minimaX", "level: minimal"))
    os.utime(status, ns=(st_.st_atime_ns, st_.st_mtime_ns))
    at.run()
    assert not any("status/" in c.value for c in at.code)
    (texts / "miami.txt").write_text("Mediators meet\n\nThe mediators gathered in Florida on Friday.\n",
                                      encoding="utf-8")
    at.run()
    assert any("'met in Miami'" in c.value for c in at.code), [c.value for c in at.code]


def test_notes_with_markup_render_as_text(make_root, fixture_env):
    hostile = ("<script>alert(1)</script> [click](javascript:alert(1)) <b>bold</b>")
    fixture_env(make_root({"x.yaml": "source: miami-summit-2025-12-19\nupdates:\n  - id: t2\n    points: [18]\n"
                                      "    date: 2025-12-19\n    level: minimal\n"
                                      f"    note: '{hostile}'\n    evidence: [{{paragraph: 1, phrase: Miami}}]\n"}))
    at = app(query={"point": "18"})
    at.switch_page("views/point.py")
    at.run()
    shown = texts(at)
    assert "alert" in shown
    assert "<script>" not in shown and "](javascript:" not in shown  # escaped, never live


def test_overview_and_blockers_say_how_many_blockers_are_confirmed(fixture_app_env, monkeypatch):
    monkeypatch.setenv("TRACKER_TODAY", "2026-03-01")  # the fixture's October and November blockers are past 90 days
    at = app()
    at.run()
    assert not at.exception
    summary = next(c.value for c in at.caption if c.value.startswith("Blockers:"))
    active = int({m.label: m.value for m in at.metric}["Active blockers"])
    fresh = int(summary.split(", ")[1].split()[0])
    assert summary.startswith(f"Blockers: {active} active, ") and "confirmed in the last 90 days" in summary
    assert 0 < fresh < active
    at.switch_page("views/blockers.py").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert "Last reported" in table.columns
    assert any(v.startswith("unconfirmed since") for v in table["Last reported"])


def test_the_add_update_page_opens_on_the_source_registered_last(fixture_app_env):
    root = fixture_app_env
    sources = root / "seeds/sources.yaml"
    sources.write_text(sources.read_text(encoding="utf-8") + """  - id: late-filed-2025-11-02
    label: A report filed late
    outlet: Test outlet
    headline: A report of early November, registered after the December one
    kind: newspaper
    published: 2025-11-02
    date_basis: Given.
    file: late.txt
    summary: A report registered last though it is not the newest.
""", encoding="utf-8")
    at = app()
    at.run()
    at.switch_page("views/add_update.py").run()
    assert not at.exception
    assert at.selectbox(key="add_source").value == "late-filed-2025-11-02"
    assert str(at.date_input(key="add_date").value) == "2025-11-02"  # the date follows the source chosen
    at.selectbox(key="add_source").set_value("miami-summit-2025-12-19").run()
    assert str(at.date_input(key="add_date").value) == "2025-11-02"  # still allowed for the newer source
    assert not at.exception


def test_the_point_page_opens_on_the_point_reported_last(fixture_app_env):
    from helpers import TODAY
    from tracker.load import load
    from tracker.status import status_as_of
    ds = load(fixture_app_env, today=TODAY, texts_folder=fixture_app_env / "absent", cache=None)
    reported = [s for s in status_as_of(ds, TODAY) if s.last_update]
    expected = max(reported, key=lambda s: (s.last_update, -s.id)).id
    at = app()
    at.switch_page("views/point.py")
    at.run()
    assert not at.exception
    assert at.selectbox(key="point-").value == expected and expected != 1
