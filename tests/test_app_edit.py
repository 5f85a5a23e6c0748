"""The Add update page: preview, problems, safe save, refusal on concurrent change, read-only default."""
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from helpers import REPO, TODAY
from tracker import editing

SRC = "miami-summit-2025-12-19"


@pytest.fixture(autouse=True)
def fresh_caches():
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


@pytest.fixture
def root(fixture_app_env):
    """A copy of the fixture record as the dashboard's root, today fixed, no texts."""
    return fixture_app_env


@pytest.fixture
def texts_folder(monkeypatch):
    """The article texts, for the drafting of a registered source's text."""
    from helpers import texts_or_skip
    folder = texts_or_skip()
    monkeypatch.setenv("TRACKER_TEXTS", str(folder))
    return folder


def page() -> AppTest:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.run()
    at.switch_page("views/add_update.py")
    at.run()
    return at


def fill(at):
    at.selectbox(key="add_source").set_value(SRC)
    at.multiselect(key="add_points").set_value([18])
    at.selectbox(key="add_level").set_value("minimal")
    at.text_area(key="add_note").input("Religious leaders agreed to meet.")
    at.text_input(key="add_e_phrase_0").input("Miami")
    at.run()
    return at


def save_button(at):
    return at.button(key="add_save")


def test_empty_form_shows_yaml_and_every_problem(root):
    at = page()
    assert not at.exception
    problems = at.code[1].value
    assert "missing field 'note'" in problems and "missing field 'points'" in problems
    assert save_button(at).disabled


def test_filled_form_previews_valid_yaml(root, monkeypatch):
    monkeypatch.setenv(editing.WRITE_ENV, "1")
    at = fill(page())
    assert "    points: [18]" in at.code[0].value and "note: Religious leaders agreed to meet." in at.code[0].value
    assert any("No problem found" in s.value for s in at.success)
    assert not save_button(at).disabled


def test_read_only_by_default(root, monkeypatch):
    monkeypatch.delenv(editing.WRITE_ENV, raising=False)
    at = fill(page())
    assert save_button(at).disabled
    assert any("read-only" in i.value for i in at.info)


def test_save_writes_the_file_and_the_dashboard_shows_it(root, monkeypatch):
    monkeypatch.setenv(editing.WRITE_ENV, "1")
    path = editing.status_path(root, SRC)
    before = path.read_text()
    at = fill(page())
    save_button(at).click().run()
    assert any("Saved to status/" in s.value for s in at.success), [s.value for s in at.success]
    after = path.read_text()
    assert after.startswith(before) and "Religious leaders agreed to meet." in after
    at.query_params["point"] = "18"
    at.switch_page("views/point.py").run()
    assert {m.label: m.value for m in at.metric}["Level"] == "Minimal"


def test_save_refuses_when_the_file_changed_since_the_form_opened(root, monkeypatch):
    monkeypatch.setenv(editing.WRITE_ENV, "1")
    path = editing.status_path(root, SRC)
    at = fill(page())
    path.write_text(path.read_text() + "# edited elsewhere\n")
    theirs = path.read_text()
    save_button(at).click().run()
    assert any("changed on disk" in e.value for e in at.error)
    assert path.read_text() == theirs
    assert at.text_area(key="add_note").value == "Religious leaders agreed to meet."  # the entry is kept


def test_pasting_an_article_gives_a_draft_that_fills_the_form(root, caplog):
    at = page()
    at.selectbox(key="add_source").set_value(SRC)
    at.text_area(key="ingest_text").input(
        "Hamas leaders rejected disarmament and said they would keep their weapons.\n\n"
        "The ceasefire held despite violations; the truce is fragile.\n\n"
        "Donors also spoke of reconstruction.\n").run()
    assert not at.exception
    listed = " ".join(m.value for m in at.markdown)
    assert "**13. " in listed and "**3. " in listed and "momentum stalled" in listed.replace("\\", "")
    also = next(c.value for c in at.caption if c.value.startswith("Also mentioned"))
    assert "Gaza rebuilt for Gazans (paragraph 3: “reconstruction”)" in also  # named once: listed, not drafted
    assert "**2. " not in listed
    drafted = [int(m.value[2:].split(".")[0]) for m in at.markdown if m.value[:2] == "**" and m.value[2].isdigit()]
    at.button(key=f"use_draft_{drafted.index(13)}").click().run()
    assert at.multiselect(key="add_points").value == [13]
    assert at.selectbox(key="add_level").value == "not_initiated" and at.selectbox(key="add_momentum").value == "stalled"
    assert at.text_input(key="add_e_phrase_0").value  # the evidence span is filled in
    assert at.text_area(key="add_note").value == ""  # the note is the analyst's
    assert any("Form filled from the draft for point 13" in i.value for i in at.info)
    # the date is set by the draft and never also by a default value (Streamlit warned of both once)
    assert [r.getMessage() for r in caplog.records if "Session State API" in r.getMessage()] == []


def test_a_paste_is_drafted_once_and_an_oversized_one_not_at_all(root, monkeypatch):
    """Drafting holds the server while it runs: a text is drafted once (not on every rerun), and
    one over the page's limit is refused with what to do, never drafted."""
    from tracker import ingest
    from views.add_update import APP_MAX_ARTICLE
    calls = []
    real = ingest.ingest
    monkeypatch.setattr(ingest, "ingest", lambda *a, **k: calls.append(len(a[1])) or real(*a, **k))
    at = page()
    at.selectbox(key="add_source").set_value(SRC)
    at.text_area(key="ingest_text").input("Hamas leaders rejected disarmament.\n\nThe truce held.\n").run()
    at.text_area(key="add_note").input("A note.").run()  # reruns of the page
    at.multiselect(key="add_points").set_value([13]).run()
    assert not at.exception and len(calls) == 1
    at.text_area(key="ingest_text").input("word " * (APP_MAX_ARTICLE // 5 + 1)).run()
    assert not at.exception and len(calls) == 1  # the box takes no more than its limit
    assert len(at.text_area(key="ingest_text").value) <= APP_MAX_ARTICLE


def test_the_registered_text_is_drafted_without_pasting(root, monkeypatch, texts_folder):
    at = page()
    at.selectbox(key="add_source").set_value(SRC).run()
    assert not at.exception
    assert any("Drafted from the registered text" in c.value for c in at.caption)
    assert len([b for b in at.button if b.key.startswith("use_draft_")]) >= 5


def test_a_second_reading_from_the_review_page(fixture_app_env, monkeypatch):
    from tracker import editing
    from tracker.agreement import agreement
    from tracker.load import load
    root = fixture_app_env
    monkeypatch.setenv(editing.WRITE_ENV, "1")
    before = agreement(load(root, today=TODAY, texts_folder=root / "absent", cache=None))
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.run()
    at.switch_page("views/review.py").run()
    assert not at.exception
    shown = " ".join(m.value for m in at.markdown)
    assert "The coder's rating" not in shown  # the reader rates before seeing the coder's rating
    entry = at.selectbox(key="rev_update").value
    at.selectbox(key=f"rev_level_{entry.ref}").set_value("minimal").run()
    assert any("The coder's rating" in m.value for m in at.markdown)
    at.text_input(key="rev_reviewer").input("tester-2")
    at.text_area(key=f"rev_comment_{entry.ref}").input("Read against the article.")
    at.run()
    at.button(key="rev_save").click().run()
    assert any("Saved to reviews/second-reading-2026-01-01.yaml" in s.value for s in at.success), \
        [e.value for e in at.error]
    after_ds = load(root, today=TODAY, texts_folder=root / "absent", cache=None)
    assert after_ds.problems == []
    assert agreement(after_ds).reviewed == before.reviewed + 1
    (mine,) = [r for r in after_ds.reviews if r.round.round == "second-reading-2026-01-01"]
    assert mine.ref == entry.ref and mine.record.reviewer_level == "minimal" and mine.round.reviewer == "tester-2"


def test_the_form_writes_every_field_an_update_can_hold(root, monkeypatch):
    """Everything the schema allows in an update, entered in the form alone and saved: evidence
    with a party's claim, milestone states and figures with whose claim they are, facts and
    blockers confirmed, a blocker resolved, new blockers with what ends them and one restating
    an active blocker, a dispute, rationale and confidence."""
    from tracker.load import load
    from tracker.model import Blocker, Update
    monkeypatch.setenv(editing.WRITE_ENV, "1")
    at = page()
    at.selectbox(key="add_source").set_value(SRC)
    at.multiselect(key="add_points").set_value([4])
    at.run()
    at.selectbox(key="add_level").set_value("intermediate")
    at.selectbox(key="add_momentum").set_value("advancing")
    at.text_area(key="add_note").input("More remains came back, Hamas says.")
    at.text_input(key="add_rationale").input("Part of the returns done.")
    at.selectbox(key="add_confidence").set_value("low")
    at.multiselect(key="add_actors").set_value(["hamas"])
    at.number_input(key="add_ind_4_hostages-returned").set_value(30)
    at.selectbox(key="add_ic_4_hostages-returned").set_value("hamas")
    at.selectbox(key="add_m_4_deceased-returned").set_value("partly")
    at.selectbox(key="add_mc_4_deceased-returned").set_value("hamas")
    at.multiselect(key="add_reconfirm").set_value(["living-returned"])
    at.checkbox(key="add_resolve_4_gvili-remains").check()
    at.checkbox(key="add_holds_4_locating-remains").check()
    at.number_input(key="add_n_blockers").set_value(2)
    at.run()
    for i, (bid, text) in enumerate([("aid-held", "Israel holds aid at the crossings."),
                                     ("remains-search", "The search for remains is slow.")]):
        at.text_input(key=f"add_b_id_{i}").input(bid)
        at.text_input(key=f"add_b_text_{i}").input(text)
        at.selectbox(key=f"add_b_cat_{i}").set_value("refusal" if i == 0 else "capacity")
        at.multiselect(key=f"add_b_actors_{i}").set_value(["israel"] if i == 0 else ["hamas"])
    at.run()
    at.selectbox(key="add_b_until_0").set_value(("indicator", 4, "hostages-returned"))
    at.run()
    at.text_input(key="add_b_why_0").input("until every hostage is back")
    at.selectbox(key="add_b_same_1").set_value("locating-remains")
    at.checkbox(key="add_disputed").check()
    at.run()
    at.text_input(key="add_d_claim").input("Israel says fewer came back.")
    at.multiselect(key="add_d_by").set_value(["israel"])
    at.number_input(key="add_d_par").set_value(4)
    at.text_input(key="add_d_phrase").input("fewer came back")
    at.selectbox(key="add_d_claimed").set_value("israel")
    at.text_input(key="add_e_phrase_0").input("more remains")
    at.selectbox(key="add_e_claim_0").set_value("hamas")
    at.run()
    assert not at.exception
    assert any("No problem found" in s.value for s in at.success), [e.value for e in at.error] + [
        c.value for c in at.code]
    save_button(at).click().run()
    assert any("Saved to status/" in s.value for s in at.success)
    ds = load(root, today=TODAY, texts_folder=root / "absent", cache=None)
    assert ds.problems == []
    u = [e.update for e in ds.entries if e.source == SRC][-1]
    written = {k for k, v in u.model_dump().items() if v not in (None, [], {}, False)}
    assert written == set(Update.model_fields) - {"draft"}, written  # draft is ingest's
    held, again = u.blockers
    assert held.until.indicator == "hostages-returned" and held.until.text == "until every hostage is back"
    assert again.same_as == "locating-remains"
    blocker_fields = {k for b in u.blockers for k, v in b.model_dump().items() if v not in (None, [], {})}
    assert blocker_fields == set(Blocker.model_fields) - {"since", "resolved"}  # dates of their own: optional
    assert u.claims == {"hostages-returned": "hamas", "deceased-returned": "hamas"}
    assert u.confirms == ["locating-remains", "living-returned"] and u.resolves == ["gvili-remains"]
    assert u.disputed.by == ["israel"] and u.disputed.evidence[0].claimed_by == "israel"
    assert u.evidence[0].claimed_by == "hamas" and u.rationale and u.confidence == "low"
