"""A living record: editing that cannot silently go wrong, staleness, links, resolving blockers.

All on the fixture record (five reports, the latest of 19 December 2025, today fixed)."""
from __future__ import annotations

import json
import re
from datetime import date

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from helpers import REPO, TODAY, fixture_status, run_cli
from tracker import editing, export
from tracker.load import load
from tracker.status import changes_between, status_as_of

SRC = "miami-summit-2025-12-19"


@pytest.fixture
def root(make_root, no_texts):
    return make_root(fixture_status())


cli = run_cli


def at(ds, day):
    return {s.id: s for s in status_as_of(ds, date.fromisoformat(day))}


# -- layout: an append adds lines and changes none ---------------------------------------

@pytest.mark.parametrize("name", sorted(fixture_status()))
def test_an_append_only_adds_lines(root, name):
    source = name.removesuffix(".yaml")
    path = root / "status" / name
    before = path.read_text()
    published = load(root, today=TODAY).sources[source].published
    update = {"points": [20], "date": published.isoformat(), "level": "minimal",
              "note": "A long note " + "that goes on and on " * 12 + "to test that nothing wraps twice.",
              "blockers": [{"id": "talks-stuck", "text": "The talks on a political horizon " + "stall " * 30,
                            "category": "dispute", "actors": ["israel", "pa"]}],
              "evidence": [{"paragraph": 1, "phrase": "xx"}]}
    result = editing.append_update(root, source, update, editing.digest(path), today=TODAY)
    assert result.written, result.problems
    after = path.read_text()
    assert after.startswith(before)  # every old line, byte for byte
    added = after[len(before):].splitlines()
    assert re.fullmatch(r"  - id: u\d+", added[0]) and added[1] == "    points: [20]" and len(added) == result.lines
    assert not any(line != line.rstrip() for line in added)  # no trailing spaces


def test_a_new_source_is_added_without_touching_the_rest(root):
    path = root / "seeds" / "sources.yaml"
    before = path.read_text()
    out = cli(root, "new-source", "--date-basis", "Dated in the text.", "--kind", "newspaper", "--id", "wire-2025-12-20", "--outlet", "Test Wire", "--headline",
              "A long headline " + "about the talks " * 10, "--date", "2025-12-20", "--file", "wire.txt",
              "--url", "https://example.org/wire/talks", "--summary", "Talks resumed in Cairo.")
    assert out.returncode == 0, out.stdout + out.stderr
    after = path.read_text()
    assert after.startswith(before)
    assert "    url: https://example.org/wire/talks\n" in after[len(before):]


# -- resolving a blocker by id -------------------------------------------------------------

def test_resolves_carries_the_blocker_forward_as_resolved(root):
    out = cli(root, "new-update", "--source", SRC, "--point", "4", "--level", "full", "--note",
              "The last remains came home.", "--paragraph", "1", "--phrase", "Miami",
              "--resolve", "gvili-remains", "--indicator", "hostages-returned=48")
    assert out.returncode == 0, out.stdout + out.stderr
    ds = load(root, today=TODAY)
    assert ds.problems == []
    s4 = at(ds, "2025-12-19")[4]
    assert "gvili-remains" not in {b.blocker.id for b in s4.blockers}
    resolved = {b.blocker.id: b.blocker for b in s4.resolved_blockers}["gvili-remains"]
    assert resolved.resolved == date(2025, 12, 19) and resolved.text and resolved.actors
    assert s4.level == "full" and {i.id: i.value for i in s4.indicators} == {"hostages-returned": 48}
    changes = {c.point: c for c in changes_between(ds, date(2025, 12, 18), date(2025, 12, 19))}
    assert changes[4].level_after == "full"


def test_resolving_an_unknown_blocker_writes_nothing(root):
    path = editing.status_path(root, SRC)
    before = path.read_text()
    out = cli(root, "new-update", "--source", SRC, "--point", "4", "--note", "Back home.", "--paragraph", "1",
              "--phrase", "Miami", "--resolve", "gvili-remain")
    assert out.returncode == 1 and "nothing was written" in out.stderr
    assert "did you mean 'gvili-remains'?" in out.stdout
    assert path.read_text() == before


# -- new-update writes only valid updates, names problems by option ------------------------

@pytest.mark.parametrize("args, expected", [
    (["--actor", "IDF"], "new-update --actor: unknown actor 'IDF'; use its id 'idf'"),
    (["--actor", "hammas"], "new-update --actor: unknown actor 'hammas'; did you mean 'hamas'?"),
    (["--date", "2025-12-25"], "new-update --date: 2025-12-25 is after the source's publication date"),
    (["--note", "x" * 5000], "new-update --note: the text is 5,000 characters long; the limit is 4,000"),
    (["--paragraph", "0"], "new-update --paragraph/--phrase/--claimed-by: 0 is too small; paragraphs count from 1"),
])
def test_new_update_refuses_invalid_values_and_names_the_option(root, args, expected):
    path = editing.status_path(root, SRC)
    before = path.read_text()
    base = {"--point": "18", "--level": "minimal", "--note": "A dialogue.", "--paragraph": "1", "--phrase": "Miami"}
    for flag, value in zip(args[::2], args[1::2]):
        base[flag] = value
    out = cli(root, "new-update", "--source", SRC, *[x for kv in base.items() for x in kv])
    assert out.returncode == 1 and "nothing was written" in out.stderr
    assert expected in out.stdout, out.stdout
    assert f"{SRC}.yaml:" not in out.stdout  # never a line of a file that was not written
    assert path.read_text() == before


def test_new_update_checks_locators_against_the_texts_given(root, tmp_path):
    texts = tmp_path / "texts"
    texts.mkdir()
    name = load(root, today=TODAY).sources[SRC].file
    (texts / name).write_text("A first paragraph about Miami talks.\n\nA second one.\n")
    path = editing.status_path(root, SRC)
    before = path.read_text()
    out = cli(root, "new-update", "--texts", str(texts), "--source", SRC, "--point", "18", "--level", "minimal",
              "--note", "A dialogue.", "--paragraph", "1", "--phrase", "nowhere in it")
    assert out.returncode == 1 and "does not occur in paragraph 1" in out.stdout
    assert path.read_text() == before


# -- duplicates -------------------------------------------------------------------------------

def test_saving_the_same_update_twice_is_refused_the_second_time(root):
    path = editing.status_path(root, SRC)
    update = {"points": [18], "date": "2025-12-19", "level": "minimal", "note": "A dialogue.",
              "evidence": [{"paragraph": 1, "phrase": "Miami"}]}
    assert editing.append_update(root, SRC, update, editing.digest(path), today=TODAY).written
    again = editing.append_update(root, SRC, update, editing.digest(path), today=TODAY)
    assert not again.written and any("repeats the one at" in p.message for p in again.problems)


# -- staleness and the latest report ----------------------------------------------------------

def test_days_since_update_in_the_json_and_the_latest_report(fixture_ds):
    doc = export.status_document(fixture_ds, status_as_of(fixture_ds, TODAY), TODAY)
    points = {p["id"]: p for p in doc["points"]}
    assert doc["latest_report"] == "2025-12-19"
    assert points[4]["last_update"] == "2025-12-19" and points[4]["days_since_update"] == 13
    assert points[1]["days_since_update"] is None or points[1]["days_since_update"] >= 13
    assert {s["id"] for s in doc["sources"]} >= {SRC}


def test_cli_and_app_agree_on_a_date_after_the_latest_report(fixture_app_env, monkeypatch):
    root = fixture_app_env
    out = cli(root, "status", "--as-of", "2026-01-01")
    assert "No report after 2025-12-19." in out.stdout
    st.cache_resource.clear()
    app = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    app.query_params["as_of"] = "2026-01-01"
    app.run()
    assert str(app.date_input(key="as_of").value) == "2026-01-01"  # the link keeps its date
    assert any("No report after 19 December 2025" in i.value for i in app.info)


def test_tiles_and_point_page_show_staleness(fixture_app_env):
    st.cache_resource.clear()
    app = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    app.run()
    html = " ".join(h.proto.body for h in app.get("html"))
    assert "rated 13 days ago" in html and "never reported" in html  # how old each level is
    app.query_params["point"] = "4"
    app.switch_page("views/point.py").run()
    assert any("Last reported 13 days before 1 Jan 2026" in c.value for c in app.caption)


def test_sources_page_groups_by_month_and_links_each_report(make_root, no_texts, fixture_env):
    root = make_root(fixture_status())
    path = root / "seeds" / "sources.yaml"
    path.write_text(path.read_text().replace(
        f"  - id: {SRC}\n", f"  - id: {SRC}\n    url: https://example.org/miami-summit\n", 1))
    fixture_env(root)
    st.cache_resource.clear()
    app = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    app.run()
    app.switch_page("views/sources.py").run()
    assert not app.exception
    heads = [h.value for h in app.subheader]
    assert heads[0] == "December 2025 (1 report)" and "October 2025 (4 reports)" in heads
    shown = " ".join(m.value for m in app.markdown)
    assert "](https://example.org/miami-summit)" in shown and "web address not known" in shown


# -- the form ---------------------------------------------------------------------------------

def _form(root, fixture_env, monkeypatch):
    fixture_env(root)
    monkeypatch.setenv(editing.WRITE_ENV, "1")
    st.cache_resource.clear()
    app = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    app.run()
    app.switch_page("views/add_update.py").run()
    app.selectbox(key="add_source").set_value(SRC).run()
    return app


def test_the_form_follows_the_point_and_resolves_by_ticking(root, fixture_env, monkeypatch):
    app = _form(root, fixture_env, monkeypatch)
    app.multiselect(key="add_points").set_value([4]).run()
    assert app.selectbox(key="add_level").value == "intermediate"  # the point's level as of the date
    boxes = {c.key: c for c in app.checkbox if c.key.startswith("add_resolve_")}
    assert "add_resolve_4_gvili-remains" in boxes
    boxes["add_resolve_4_gvili-remains"].check()
    app.selectbox(key="add_level").set_value("full")
    app.number_input(key="add_ind_4_hostages-returned").set_value(48)  # full needs the figure at its target
    app.text_area(key="add_note").input("The last remains came home.")
    app.text_input(key="add_e_phrase_0").input("Miami")
    app.run()
    assert "resolves: [gvili-remains]" in app.code[-2].value or any(
        "resolves: [gvili-remains]" in c.value for c in app.code)
    app.button(key="add_save").click().run()
    assert any("Saved to" in s.value for s in app.success), [e.value for e in app.error]
    s4 = at(load(root, today=TODAY), "2025-12-19")[4]
    assert "gvili-remains" in {b.blocker.id for b in s4.resolved_blockers}


def test_a_level_going_down_must_be_confirmed(root, fixture_env, monkeypatch):
    app = _form(root, fixture_env, monkeypatch)
    app.multiselect(key="add_points").set_value([4]).run()
    app.selectbox(key="add_level").set_value("minimal")
    app.text_area(key="add_note").input("Reports say fewer came home.")
    app.text_input(key="add_e_phrase_0").input("Miami")
    app.run()
    assert any("The level goes down" in w.value for w in app.warning)
    assert app.button(key="add_save").disabled
    app.checkbox(key="add_confirm_0").check().run()
    assert not app.button(key="add_save").disabled


def test_a_new_blocker_has_no_category_until_one_is_chosen(root, fixture_env, monkeypatch):
    app = _form(root, fixture_env, monkeypatch)
    app.multiselect(key="add_points").set_value([18]).run()
    app.number_input(key="add_n_blockers").set_value(1).run()
    assert app.selectbox(key="add_b_cat_0").value is None


def test_status_json_keeps_its_contract_with_the_new_fields(fixture_app_env):
    out = cli(fixture_app_env, "status", "--as-of", "2025-12-19", "--format", "json")
    doc = json.loads(out.stdout)
    assert {"as_of", "data_version", "progress", "points"} <= set(doc)
    assert all("days_since_update" in p for p in doc["points"])


def test_overview_lists_the_latest_developments_newest_first(fixture_app_env):
    st.cache_resource.clear()
    app = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    app.run()
    assert "Latest developments" in [h.value for h in app.subheader]
    items = [m.value for m in app.markdown if m.value.startswith("- **") and " · point " in m.value]
    assert len(items) == 8 and items[0].startswith("- **19 Dec 2025** · point")
    assert "Miami summit report" in items[0]


def test_a_chart_counts_its_sources_when_there_are_many():
    from tracker.charts import Stamp
    few = Stamp(date(2026, 1, 1), "v1", ("A (1 Jan 2026)", "B (2 Jan 2026)"), "Gaza plan tracker")
    many = Stamp(date(2026, 1, 1), "v1", tuple(f"S{i} ({i} Jan 2026)" for i in range(1, 12)))
    assert few.line == "Sources: A (1 Jan 2026); B (2 Jan 2026). Gaza plan tracker, data v1."
    assert many.line.startswith("Sources: 11 news reports, the three latest S9 (9 Jan 2026); S10 (10 Jan 2026); "
                                "S11 (11 Jan 2026)")


def test_latest_developments_follow_the_filter_past_the_newest(fixture_ds):
    from tracker.status import latest_developments
    only = latest_developments(fixture_ds, TODAY, 8, {19})
    assert only and all(19 in e.update.points for e, _ in only)


def test_the_form_confirms_a_blocker_that_still_holds(root, fixture_env, monkeypatch):
    app = _form(root, fixture_env, monkeypatch)
    app.multiselect(key="add_points").set_value([4]).run()
    app.checkbox(key="add_holds_4_gvili-remains").check()
    app.text_area(key="add_note").input("The last remains are still missing.")
    app.text_input(key="add_e_phrase_0").input("Miami")
    app.run()
    assert any("confirms: [gvili-remains]" in c.value for c in app.code)
    app.button(key="add_save").click().run()
    assert any("Saved to" in s.value for s in app.success), [e.value for e in app.error]
    (b,) = [b for b in at(load(root, today=TODAY), "2025-12-19")[4].blockers if b.blocker.id == "gvili-remains"]
    assert b.confirmed == date(2025, 12, 19)


def test_the_form_writes_rationale_confidence_claims_and_milestones_per_party(root, fixture_env, monkeypatch):
    app = _form(root, fixture_env, monkeypatch)
    app.multiselect(key="add_points").set_value([4]).run()
    app.text_input(key="add_rationale").input("The handover happened, one party late.")
    app.selectbox(key="add_confidence").set_value("medium")
    app.selectbox(key="add_m_4_living-returned").set_value("partly")
    app.selectbox(key="add_mp_4_exchange-facilitated_israel").set_value("not_met")
    app.selectbox(key="add_e_claim_0").set_value("hamas")
    app.text_area(key="add_note").input("Hamas says it handed over more remains; Israel delayed the handover.")
    app.text_input(key="add_e_phrase_0").input("Miami")
    app.run()
    yaml_shown = " ".join(c.value for c in app.code)
    for expected in ("rationale: The handover happened, one party late.", "confidence: medium",
                     "milestones: {living-returned: partly, exchange-facilitated: {israel: not_met}}",
                     "claimed_by: hamas"):
        assert expected in yaml_shown, expected
    app.button(key="add_save").click().run()
    assert any("Saved to" in s.value for s in app.success), [e.value for e in app.error]
    ds = load(root, today=TODAY)
    (u,) = [e.update for e in ds.entries if e.update.rationale == "The handover happened, one party late."]
    assert u.confidence == "medium" and u.evidence[0].claimed_by == "hamas"
    assert u.milestones == {"living-returned": "partly", "exchange-facilitated": {"israel": "not_met"}}


def test_no_momentum_is_shown_as_none_reported_not_as_no_choice(root, fixture_env, monkeypatch):
    app = _form(root, fixture_env, monkeypatch)
    app.multiselect(key="add_points").set_value([20]).run()  # never reported: no momentum
    box = app.selectbox(key="add_momentum")
    assert box.value == "none" and box.format_func(box.value) == "none reported"
    assert "momentum:" not in " ".join(c.value for c in app.code)
