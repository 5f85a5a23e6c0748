"""The method: update ids, review rounds and agreement, milestones per party, claims and
competing figures, consistency warnings. On the fixture record (which carries a small
review round and point 4's milestones)."""
from __future__ import annotations

import json
from datetime import date

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from helpers import REPO, TODAY, fixture_status, run_cli
from tracker import editing, export
from tracker.agreement import agreement, cohen_kappa, weighted_kappa
from tracker.consistency import warnings
from tracker.load import load
from tracker.status import owed_by, status_as_of

SRC = "miami-summit-2025-12-19"


cli = run_cli


def table(cells: list[list[int]], labels: str = "ab") -> list[tuple[str, str]]:
    """Rating pairs from a contingency table (rows: first rater, columns: second)."""
    return [(labels[i], labels[j]) for i, row in enumerate(cells) for j, n in enumerate(row) for _ in range(n)]


# -- kappa against published worked examples ------------------------------------------------

@pytest.mark.parametrize("cells, expected", [
    # Wikipedia, "Cohen's kappa", simple example: 50 grant proposals, po = 0.70, pe = 0.50
    ([[20, 5], [10, 15]], 0.40),
    # ibid., "same percentages but different numbers": po = 0.60 in both, pe = 0.54 and 0.46
    ([[45, 15], [25, 15]], 0.1304),
    ([[25, 35], [5, 35]], 0.2593),
])
def test_cohen_kappa_matches_the_published_examples(cells, expected):
    assert cohen_kappa(table(cells)) == pytest.approx(expected, abs=5e-5)


def test_weighted_kappa_by_hand_and_its_special_cases():
    scale = ("a", "b", "c")
    # two raters, three ordered categories, rows = first rater:
    #   a: 5 1 0 / b: 1 4 1 / c: 0 1 7   (n = 20)
    # linear weights 1, 0.5, 0: observed = (16 + 0.5 * 4) / 20 = 0.9
    # margins (6, 6, 8) for both: expected = sum w_ij p_i p_j = 0.6 (worked out in the comment below)
    #   same category: (36 + 36 + 64) / 400 = 0.34; one step apart: 0.5 * 2 * (36 + 48) / 400 = 0.21;
    #   two apart: 0  ->  0.55. kappa_w = (0.9 - 0.55) / (1 - 0.55) = 0.7778
    pairs = table([[5, 1, 0], [1, 4, 1], [0, 1, 7]], "abc")
    assert weighted_kappa(pairs, scale) == pytest.approx(0.35 / 0.45, abs=1e-9)
    assert weighted_kappa(table([[20, 5], [10, 15]]), ("a", "b")) == pytest.approx(0.40)  # two categories: plain kappa
    assert weighted_kappa([("a", "a"), ("b", "b"), ("c", "c")], scale) == 1.0
    assert weighted_kappa([], scale) is None and cohen_kappa([]) is None
    assert cohen_kappa([("a", "a"), ("a", "a")]) is None  # chance agreement certain: undefined


def test_agreement_is_computed_from_the_ratings_as_reviewed(fixture_ds):
    a = agreement(fixture_ds).as_dict()
    assert (a["updates"], a["reviewed"], a["agreement"]) == (43, 4, 0.5)
    assert a["kappa"] == pytest.approx(1 / 3, abs=1e-3) and a["weighted_kappa"] == pytest.approx(0.571, abs=1e-3)
    # one disagreement unsettled, one settled (kept); the finding is open
    assert [o.get("update") for o in a["open"]] == ["miami-summit-2025-12-19/u10", "politico-recap-2025-10-10/u2"]


def test_agreement_command_contract(fixture_app_env):
    out = cli(fixture_app_env, "agreement", "--format", "json")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert set(doc) == {"updates", "reviewed", "agreement", "kappa", "weighted_kappa", "open", "unread"}
    assert doc["reviewed"] == 4 and len(doc["open"]) == 2
    assert len(doc["unread"]) == 43 - 4 and "miami-summit-2025-12-19/u10" not in doc["unread"]
    shown = cli(fixture_app_env, "agreement").stdout
    assert "reviewed 4 of 43 updates" in shown and "levels agree: 50%" in shown and "open: 2" in shown
    assert "not yet second-read: 39 update(s): " in shown and "and 29 more" in shown


def test_agreement_with_nothing_reviewed_says_so(make_root, no_texts):
    from helpers import fixture_status
    root = make_root(fixture_status())  # the record without its reviews/
    shown = cli(root, "agreement").stdout
    assert "reviewed 0 of 43 updates" in shown
    assert "open: nothing reviewed yet; 43 update(s) wait for a second reading" in shown and "open: 0" not in shown


def test_status_point_lists_the_ids_an_update_uses(fixture_app_env):
    out = cli(fixture_app_env, "status", "--point", "4", "--as-of", "2025-12-19")
    assert out.returncode == 0, out.stderr
    assert "  gvili-remains: The remains of Ran Gvili" in out.stdout and "last confirmed 2025-12-19" in out.stdout
    assert "  deceased-returned: " in out.stdout and "[owed by hamas; not reported]" in out.stdout
    assert "  hostages-returned: Hostages returned, living and dead [47 of 48 on 2025-12-19]" in out.stdout
    bad = cli(fixture_app_env, "status", "--point", "99")
    assert bad.returncode == 2 and "no point 99" in bad.stderr


@pytest.mark.parametrize("old, new, expected", [
    ("update: u10,", "update: u99,", "unknown update 'u99' of source 'miami-summit-2025-12-19'"),
    ("reviewer_level: minimal,\n     reviewer_momentum: stalled, agree: false, comment: The",
     "reviewer_level: minimal,\n     reviewer_momentum: stalled, agree: true, comment: The",
     "agree is true but the levels differ (unclear against minimal)"),
    ("level: unclear,", "level: vague,", "'vague' is not one of"),
    ("date: 2025-12-31", "date: 2025-12-01", "resolved on 2025-12-01, before the review round (2025-12-30)"),
    ("date: 2025-12-30", "date: 2027-01-01", "2027-01-01 is in the future"),
    ("source: toi-cmcc-2025-10-23", "source: toi-cmcc", "unknown source 'toi-cmcc'"),
])
def test_review_files_are_validated(make_root, no_texts, old, new, expected):
    root = make_root(fixture_status())
    text = (REPO / "tests/fixtures/record/reviews/round-1.yaml").read_text()
    assert old in text
    (root / "reviews").mkdir()
    (root / "reviews" / "round-1.yaml").write_text(text.replace(old, new, 1))
    found = [str(p) for p in load(root, today=TODAY).problems]
    assert any(expected in p and p.startswith("reviews/round-1.yaml:") for p in found), found


# -- update ids ----------------------------------------------------------------------------------

def test_update_ids_are_unique_in_a_file_and_generated(make_root, no_texts):
    root = make_root(fixture_status())
    path = root / "status" / f"{SRC}.yaml"
    path.write_text(path.read_text().replace("  - id: u2\n", "  - id: u1\n", 1))
    found = [str(p) for p in load(root, today=TODAY).problems]
    assert any("update id 'u1' is used twice in this file (first at line" in p for p in found), found
    root = make_root(fixture_status())
    out = cli(root, "new-update", "--source", SRC, "--point", "18", "--level", "minimal", "--note", "Talks.",
              "--paragraph", "1", "--phrase", "Miami")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "  - id: u13\n    points: [18]\n" in (root / "status" / f"{SRC}.yaml").read_text()
    out = cli(root, "new-update", "--source", SRC, "--id", "interfaith-talks", "--point", "18", "--level", "minimal",
              "--note", "More talks.", "--paragraph", "2", "--phrase", "Miami")
    assert out.returncode == 0 and "  - id: interfaith-talks\n" in (root / "status" / f"{SRC}.yaml").read_text()


# -- milestones per party ------------------------------------------------------------------------

def test_milestones_follow_updates_and_indicators(make_root, no_texts):
    root = make_root(fixture_status())
    path = editing.status_path(root, SRC)
    out = cli(root, "new-update", "--source", SRC, "--point", "4", "--level", "intermediate", "--note",
              "The living came home; remains are still held.", "--paragraph", "1", "--phrase", "Miami",
              "--indicator", "living-hostages-returned=20", "--milestone", "deceased-returned=partly")
    assert out.returncode == 0, out.stdout + out.stderr
    ds = load(root, today=TODAY)
    s4 = {s.id: s for s in status_as_of(ds, date(2025, 12, 19))}[4]
    states = {m.id: m.state for m in s4.milestones}
    assert states == {"living-returned": "met", "deceased-returned": "partly", "exchange-facilitated": None}
    hamas = {m.id: m.state for m in owed_by(status_as_of(ds, date(2025, 12, 19)), "hamas")}
    assert hamas == {"living-returned": "met", "deceased-returned": "partly"}
    doc = export.status_document(ds, status_as_of(ds, date(2025, 12, 19)), date(2025, 12, 19))
    assert {"point": 4, "milestone": "deceased-returned", "state": "partly", "as_of": "2025-12-19"} in \
        doc["obligations"]["hamas"]
    point4 = next(p for p in doc["points"] if p["id"] == 4)
    assert [m["id"] for m in point4["milestones"]] == ["living-returned", "deceased-returned", "exchange-facilitated"]
    assert path.read_text().count("milestones: {deceased-returned: partly}") == 1


def test_a_milestone_of_another_point_is_a_problem(make_root, no_texts):
    root = make_root(fixture_status())
    out = cli(root, "new-update", "--source", SRC, "--point", "18", "--level", "minimal", "--note", "x.",
              "--paragraph", "1", "--phrase", "Miami", "--milestone", "living-returned=met")
    assert out.returncode == 1 and "milestone 'living-returned' is not one of point(s) [18]" in out.stdout


def test_consistency_warnings_are_shown_but_do_not_fail(make_root, no_texts):
    root = make_root(fixture_status())
    cli(root, "new-update", "--source", SRC, "--point", "4", "--level", "full", "--note", "All back, it says.",
        "--paragraph", "1", "--phrase", "Miami", "--milestone", "deceased-returned=not_met",
        "--indicator", "hostages-returned=48")  # full beside a figure short of 48 would be an error, not a warning
    ds = load(root, today=TODAY)
    found = [str(w) for w in warnings(ds)]
    assert any("point 4 is rated full while milestone(s) living-returned, deceased-returned, exchange-facilitated "
               "are not reported met" in w for w in found), found
    out = cli(root, "validate")
    assert out.returncode == 0 and "warning: point 4 is rated full" in out.stderr


# -- claims and competing figures ----------------------------------------------------------------

def test_a_partys_figure_is_labelled_and_yields_to_a_stated_one(make_root, no_texts):
    root = make_root(fixture_status())
    for source, value, claimed in (("miami-summit-2025-12-19", 30, "hamas"), ("toi-cmcc-2025-10-23", 20, None)):
        day = "2025-10-23" if source.startswith("toi") else "2025-10-25"
        args = ["new-update", "--source", source, "--point", "4", "--date", min(day, "2025-10-23") if
                source.startswith("toi") else "2025-10-25", "--note", "Figures given.", "--paragraph", "3",
                "--phrase", f"figure {value}", "--indicator", f"hostages-returned={value}"]
        if claimed:
            args += ["--claimed-by", claimed]
        out = cli(root, *args)
        assert out.returncode == 0, out.stdout + out.stderr
    ds = load(root, today=TODAY)
    s4 = {s.id: s for s in status_as_of(ds, date(2025, 10, 26))}[4]
    counted = {i.id: i for i in s4.indicators}["hostages-returned"]
    assert counted.value == 20 and counted.source == "toi-cmcc-2025-10-23"  # the stated figure counts
    assert s4.figures_disputed and [(c.value, c.claimed_by) for c in s4.competing] == [(30, ("hamas",))]
    doc = export.status_document(ds, [s4], date(2025, 10, 26))
    assert doc["points"][0]["competing_figures"][0]["claimed_by"] == ["hamas"]


# -- the app -------------------------------------------------------------------------------------

def _app(fixture_env, root):
    fixture_env(root)
    st.cache_resource.clear()
    return AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)


def test_point_page_shows_milestones_review_state_and_claims(make_root, no_texts, fixture_env):
    root = make_root(fixture_status())
    (root / "reviews").mkdir()
    (root / "reviews" / "round-1.yaml").write_text((REPO / "tests/fixtures/record/reviews/round-1.yaml").read_text())
    at = _app(fixture_env, root)
    at.query_params["point"] = "15"
    at.run()
    at.switch_page("views/point.py").run()
    assert not at.exception
    captions = " ".join(c.value for c in at.caption).replace("\\", "")
    assert "Reviewed in fixture-round-1 (tester, 2025-12-30): the second reader rated it minimal, stalled. " \
           "Settled 2025-12-31: kept, The steps were preparation of the plan itself." in captions
    assert "Not reviewed yet by a second reader." in captions
    assert "Update `toi-cmcc-2025-10-23/u4`" in captions
    at.query_params["point"] = "4"
    at.switch_page("views/point.py").run()
    frames = [df.value for df in at.dataframe]
    milestones = next(f for f in frames if "Milestone" in f.columns)
    assert list(milestones["Owed by"]) == ["Hamas", "Hamas", "Red Cross and Red Crescent, Israel (government)"]


def test_responsibility_page_leads_with_what_each_party_owes(fixture_app_env):
    st.cache_resource.clear()
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.query_params["focus"] = "Hamas"  # bound to the URL by its label
    at.run()
    at.switch_page("views/responsibility.py").run()
    assert not at.exception
    summary = at.dataframe[0].value
    assert list(summary.columns)[:3] == ["Actor", "Milestones owed", "Met"]
    assert summary.iloc[0]["Actor"] == "Hamas" and summary.iloc[0]["Milestones owed"] == 2
    owed = at.dataframe[1].value
    assert list(owed["Milestone"]) == ["The living hostages are handed back",
                                       "The remains of the dead hostages are handed back"]


def test_methodology_page_shows_the_agreement(fixture_app_env):
    st.cache_resource.clear()
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.run()
    at.switch_page("views/methodology.py").run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Updates reviewed": "4 of 43", "Levels agree": "50%", "Cohen's kappa": "0.33",
                       "Weighted kappa (linear)": "0.57"}


def test_the_consistency_check_counts_figures_as_the_status_does(make_root, no_texts):
    """A party's claim of 48 beside a stated 30 the same week: 30 counts, so no target warning."""
    root = make_root(fixture_status())
    for args in (["--indicator", "hostages-returned=30"], ["--indicator", "hostages-returned=48", "--claimed-by", "hamas"]):
        out = cli(root, "new-update", "--source", SRC, "--point", "4", "--level", "intermediate", "--note",
                  f"Figures {args[1]}.", "--paragraph", "3", "--phrase", f"figure {args[1]}", *args)
        assert out.returncode == 0, out.stdout + out.stderr
    ds = load(root, today=TODAY)
    s4 = {s.id: s for s in status_as_of(ds, date(2025, 12, 19))}[4]
    assert {i.id: i.value for i in s4.indicators}["hostages-returned"] == 30
    assert not [w for w in warnings(ds) if "reached the target" in w.message]


def test_a_review_must_have_read_a_counted_update_at_its_level(make_root, no_texts):
    """A review of a draft, or one recording a level the update does not have with no settlement
    that changed it, is reported and not counted in the agreement."""
    from helpers import FIXTURE, TODAY, fixture_status
    from tracker.load import load
    status = fixture_status()
    status["miami-summit-2025-12-19.yaml"] = status["miami-summit-2025-12-19.yaml"].replace(
        "  - id: u3\n", "  - id: u3\n    draft: true\n", 1)
    review = (FIXTURE / "reviews" / "round-1.yaml").read_text(encoding="utf-8").replace(
        "update: u1, level: minimal, momentum: advancing, reviewer_level: minimal",
        "update: u1, level: full, momentum: advancing, reviewer_level: full")
    root = make_root(status, {"reviews/round-1.yaml": review})
    ds = load(root, today=TODAY, cache=None)
    found = [str(p) for p in ds.problems]
    assert any("reviews miami-summit-2025-12-19/u3, a draft (draft: true)" in p for p in found), found
    assert any("records politico-recap-2025-10-10/u1 as rated full when read, but it is rated minimal" in p
               for p in found), found
    a = agreement(ds).as_dict()
    assert a["reviewed"] == 2  # of the four reviews, the draft's and the misrecorded one are not counted
