"""Ingest: boilerplate, dates, actors and points found in the seed articles, and a draft that validates.

Measured on the fixture record's five sources and their texts, with today fixed."""
import dataclasses
import subprocess
import sys
from datetime import date

import pytest

from helpers import FIXTURE, PLANS, REPO, TODAY, fixture_status, texts_or_skip
from tracker import ingest
from tracker.load import load
from tracker.texts import paragraphs


@pytest.fixture(scope="module")
def texts():
    return texts_or_skip()


@pytest.fixture(scope="module")
def seeded(texts):
    """The fixture record loaded with the seed texts (every locator checked)."""
    ds = load(FIXTURE, texts, today=TODAY)
    assert ds.problems == [] and ds.texts_dir == texts.resolve()
    return ds


@pytest.fixture(scope="module")
def evaluation(seeded):
    return ingest.evaluate(seeded)


def test_boilerplate_matches_the_registry_on_every_seed(seeded, texts):
    for src in seeded.sources.values():
        paras = paragraphs((texts / src.file).read_text(encoding="utf-8"))
        assert ingest.boilerplate(paras) == sorted(src.boilerplate), src.id


@pytest.mark.parametrize("lines, expected", [
    (["Real reporting here.", "Getting your Trinity Audio player ready...", "|"], [2, 3]),
    (["Text.", "also read", "- One headline", "- Another", "Back to the story."], [2, 3, 4]),
    (["A man walks in Gaza City, October 14, 2025. (AP/Someone Name)", "Text."], [1]),
    (["By: Jane Doe", "Was this news useful?", "Get The Times of Israel's Daily Edition"], [1, 2, 3]),
    (["The deal (agreed on Thursday) holds."], []),
])
def test_boilerplate_rules(lines, expected):
    assert ingest.boilerplate(lines) == expected


def test_dates_explicit_and_relative():
    found = ingest.explicit_dates(["Talks on Oct. 21, 2025 and December 13 ended.", "On 5 November 2025."], 2025)
    assert [(f.day, f.paragraph, f.has_year) for f in found] == [
        (date(2025, 10, 21), 1, True), (date(2025, 12, 13), 1, False), (date(2025, 11, 5), 2, True)]
    assert ingest.weekday_before(date(2025, 10, 22), "Tuesday") == date(2025, 10, 21)
    assert ingest.weekday_before(date(2025, 10, 22), "Wednesday") == date(2025, 10, 22)
    guess = ingest.guess_date(["A photo of October 22, 2025.", "A talk on Tuesday."], None, date(2025, 9, 29))
    assert guess.day == date(2025, 10, 22) and guess.confidence == "medium"
    assert ingest.guess_date(["No dates here."], None, date(2025, 9, 29)).confidence == "none"


def test_point_recall_and_precision_meet_the_goals(evaluation):
    tp = sum(len(p.expected & p.found) for p, _, _ in evaluation)
    found = sum(len(p.found) for p, _, _ in evaluation)
    expected = sum(len(p.expected) for p, _, _ in evaluation)
    assert len(evaluation) == 5
    assert tp / expected >= 0.9 and tp / found >= 0.8  # overall
    for points, _, _ in evaluation:
        assert points.recall >= 0.9, (points.source, sorted(points.expected - points.found))
        assert points.precision >= 0.75, (points.source, sorted(points.found - points.expected))


def test_actor_recall(evaluation):
    tp = sum(len(a.expected & a.found) for _, a, _ in evaluation)
    assert tp / sum(len(a.expected) for _, a, _ in evaluation) >= 0.9


def test_each_draft_validates_as_its_sources_status_file(seeded, texts, evaluation, make_root, monkeypatch):
    monkeypatch.setenv("TRACKER_TEXTS", str(texts))
    for _, _, draft in evaluation:
        body = ingest.to_yaml(draft, seeded)
        assert "draft: true" in body and "confidence" in body
        others = {k: v for k, v in fixture_status().items() if k != f"{draft.source_id}.yaml"}
        root = make_root({**others, f"{draft.source_id}.yaml": body})
        problems = [str(p) for p in load(root, today=TODAY).problems]
        assert problems == [], (draft.source_id, problems[:3])


def test_drafts_never_copy_article_sentences(evaluation, seeded):
    """Only the key phrases quote the text (at most 10 words each); nothing else runs to 8 words."""
    import re
    for _, _, draft in evaluation:
        body = re.sub(r"phrase: [^}\n]*", "phrase: -", ingest.to_yaml(draft, seeded))
        for para in draft.paragraphs:
            words = para.split()
            for i in range(0, max(0, len(words) - 8)):
                assert " ".join(words[i:i + 8]) not in body


def test_ingest_command(texts, tmp_path, fixture_app_env):
    article = texts / "001_02f8bd7b25f64e07.txt"
    out = tmp_path / "draft.yaml"
    result = subprocess.run([sys.executable, "-m", "tracker", "ingest", str(article), "--out", str(out),
                             "--root", str(fixture_app_env)],
                            cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "points found: [2, 3, 4, 5, 7, 8, 9, 13, 14, 15, 16]" in result.stderr
    assert out.read_text().startswith("# yaml-language-server")
    assert "source: miami-summit-2025-12-19" in out.read_text()  # found by file name


# -- what a good draft does (issue: the draft extractor rated the news itself wrong) ---------

LAST_HOSTAGE = """\
https://www.example.org/world/last-hostage
By Jane Roe
JERUSALEM, Jan 26 (Wire) — The remains of the last hostage held in Gaza were recovered on Monday and returned to Israel, Israel's military said.
"We have brought everyone home," the prime minister said, as 48 of the 48 hostages taken are now back.
Hamas said it had handed over all the bodies it could find.
More follows on this breaking news story...
"""


@pytest.fixture
def before_the_news(fixture_ds):
    """The fixture record as it stood before this report: point 4 intermediate, one remains blocker."""
    return fixture_ds


def test_a_completion_report_drafts_the_point_full_and_resolves_its_blocker(before_the_news):
    draft = ingest.ingest(before_the_news, LAST_HOSTAGE, "wire-2026-01-26", date(2025, 12, 19))
    paras = draft.paragraphs
    assert [paras[i - 1][:5] for i in draft.boilerplate] == ["https", "By Ja", "More "]  # URL, byline, "more follows"
    d4 = next(d for d in draft.points if d.point == 4)
    assert d4.level == "full" and d4.momentum is None
    assert d4.indicators == {"hostages-returned": 48.0}
    assert set(d4.resolves) == {"gvili-remains", "locating-remains"}  # every active blocker: all are back
    assert 3 not in draft.point_ids()  # no word of the ceasefire beyond the context
    for ev in d4.evidence:  # sentence spans from the paragraph that states the fact, never a bare keyword
        assert 3 <= len(ev["phrase"].split()) <= 10
        assert ev["phrase"] in paras[ev["paragraph"] - 1]


@pytest.mark.parametrize("sentence, kind", [
    ("Twenty-seven of the 28 bodies have been returned so far.", "carried_out"),
    ("Israel said the Rafah crossing was closed until further notice.", "reversal"),
    ("Hamas has not released all the remains it holds.", "negation"),
    ("The force is expected to deploy in April.", "promise"),
    ("Egypt fully reopened the crossing on Sunday.", "completion"),
    ("The committee met for the first time in Cairo.", "started"),
])
def test_sentences_are_read_for_what_happened(sentence, kind):
    assert ingest.classify(sentence)[0] == kind


def test_figures_written_in_words_are_found():
    assert "27 of the 28" in ingest.numbers_in("Twenty-seven of the twenty-eight bodies")


# -- vocabulary, actors and figures read the way reports write them --------------------------

def test_spellings_plurals_and_the_bodies_of_a_point_find_it(fixture_ds):
    text = ("Egypt, Qatar and Turkey signed on as guarantors of the deal on Monday.\n"
            "The guarantors said they had agreed the terms.\n"
            "The International Stabilisation Force was formed on Tuesday and its first troops deployed.\n"
            "The Civil-Military Coordination Center opened in Kiryat Gat to monitor the ceasefire.\n")
    found = ingest.ingest(fixture_ds, text, "wire-x", date(2025, 12, 19)).point_ids()
    assert 14 in found  # "guarantor(s)" in the plural
    assert 15 in found  # the British spelling of the force
    assert 3 in found  # the CMCC exists for the ceasefire alone


def test_the_deals_name_alone_is_context():
    text = ("Hamas handed over two more bodies on Tuesday, the families said, thanking everyone who had worked "
            "for months on the ceasefire.\n"
            "The families said the ceasefire had given them hope that the remaining bodies would come home.\n")
    from tracker.load import load as _load
    ds = _load(FIXTURE, today=TODAY)
    draft = ingest.ingest(ds, text, "wire-y", date(2025, 12, 19))
    assert 3 not in draft.point_ids()
    assert (3, 1, "ceasefire") in draft.mentioned  # not drafted, but one look away for the analyst
    text2 = "The ceasefire collapsed on Sunday as strikes resumed.\nThe ceasefire had held for a month.\n"
    assert 3 in ingest.ingest(ds, text2, "wire-z", date(2025, 12, 19)).point_ids()


@pytest.mark.parametrize("sentence, background", [
    ("The ceasefire took effect on 10 October.", True),  # dated weeks before the report
    ("Since the truce began, aid has entered through Kerem Shalom.", True),
    ("Troops withdrew to the yellow line last month.", True),
    ("The Rafah crossing reopened on Monday.", False),
    ("The committee met on 17 December in Cairo.", False),  # two days before the report
])
def test_sentences_about_earlier_events_are_background(sentence, background):
    assert ingest.is_background(sentence, date(2025, 12, 19)) is background


def test_background_does_not_move_a_point(fixture_ds):
    text = ("The first aid convoys entered Gaza on 12 October, two days after the truce.\n"
            "Aid agencies said the humanitarian situation in Gaza remains dire.\n")
    d7 = next(d for d in ingest.ingest(fixture_ds, text, "wire-k", date(2025, 12, 19)).points if d.point == 7)
    assert d7.momentum is None and d7.level_why.startswith("nothing carried out is reported")
    news = text.replace("on 12 October, two days after the truce", "on Thursday")
    d7 = next(d for d in ingest.ingest(fixture_ds, news, "wire-k", date(2025, 12, 19)).points if d.point == 7)
    assert d7.momentum == "advancing"  # the same sentence as news of the report moves the point


@pytest.mark.parametrize("sentence, kind, category", [
    ("Israeli air strikes on Khan Younis killed 20 people, medics said.", "mention", "escalation"),
    ("Each side accused the other of violating the truce.", "violation", "violation"),
    ("Hamas rejected any foreign force in Gaza.", "negation", "refusal"),
    ("The crossing has not reopened.", "negation", "outstanding"),  # no cause given
    ("The committee met in Cairo.", "mention", None),
])
def test_the_kind_of_obstacle_a_sentence_reports(sentence, kind, category):
    assert ingest.blocker_category(ingest.Fact(1, sentence, kind, "", "")) == category


def test_an_obstacle_already_on_the_record_is_restated_not_drafted_anew(fixture_ds):
    text = ("Hamas again rejected disarmament on Sunday, saying it would keep its weapons.\n"
            "The group's disarmament is the plan's hardest step.\n")
    draft = ingest.ingest(fixture_ds, text, "wire-d", date(2025, 12, 19))
    d13 = next(d for d in draft.points if d.point == 13)
    assert [b["id"] for b in d13.blockers] == ["hamas-disarmament"]  # the refusal on the record, by its id
    assert "restates hamas-disarmament: refusal again in paragraph 1 ('rejected')" in d13.reasons
    out = ingest.to_yaml(draft, fixture_ds)
    assert "id: hamas-disarmament" in out and "DRAFT: refusal" not in out


def test_a_blocker_is_proposed_over_only_on_its_own_words(fixture_ds):
    """Words every blocker uses (Israeli, troops, the actors' names) do not say which one is over."""
    pulled = ("Israeli troops were withdrawn from two neighbourhoods on Sunday, the first withdrawal since October.\n"
              "The withdrawal will continue next week, the IDF said.\n")
    d16 = next(d for d in ingest.ingest(fixture_ds, pulled, "wire-w", date(2025, 12, 19)).points if d.point == 16)
    assert d16.level == "intermediate" and d16.resolves == []  # not "full-withdrawal-refused"
    returned = ("The remains of Ran Gvili were returned to Israel on Monday, the hostage families said.\n"
                "Hostage families gathered in Tel Aviv.\n")
    d4 = next(d for d in ingest.ingest(fixture_ds, returned, "wire-g", date(2025, 12, 19)).points if d.point == 4)
    assert d4.resolves == ["gvili-remains"]
    assert "resolves gvili-remains: what it waited for is reported done" in d4.reasons


def test_a_point_named_once_is_listed_as_mentioned_not_drafted(fixture_ds):
    text = ("Hamas handed over the body of a hostage on Tuesday, the Red Cross said.\n"
            "The hostage families thanked the mediators.\n"
            "Diplomats also discussed reconstruction at the meeting.\n")
    draft = ingest.ingest(fixture_ds, text, "wire-m", date(2025, 12, 19))
    assert 4 in draft.point_ids()
    mentioned = {pid: (para, words) for pid, para, words in draft.mentioned}
    assert set(mentioned).isdisjoint(draft.point_ids())
    assert mentioned[2] == (3, "reconstruction")  # one word, once: below the bar to draft
    out = ingest.to_yaml(draft, fixture_ds)
    assert "# Also mentioned, not drafted: point 2, paragraph 3 ('reconstruction')." in out
    assert "also mentioned, not drafted: point 2 (paragraph 3: 'reconstruction')" in ingest.report(draft, fixture_ds)
    assert "points: [2]" not in out


def test_a_state_adjective_name_is_found_in_its_possessive_form(fixture_ds):
    draft = ingest.ingest(fixture_ds, "Israel's military said the strike hit a launch site.\n", "wire-a",
                          date(2025, 12, 19))
    assert "idf" in draft.actor_ids()


@pytest.mark.parametrize("sentence, expected", [
    ("All 20 living hostages were released on Monday.", {"living-hostages-returned": 20.0}),
    ("So far 27 of the 28 bodies have been returned.", {}),  # a part is not the count of all hostages
    ("Hamas said 48 of the 48 hostages were returned.", {"hostages-returned": 48.0}),
])
def test_figures_go_to_the_indicator_they_count(fixture_ds, sentence, expected):
    draft = ingest.ingest(fixture_ds, sentence + "\nThe hostage families welcomed the news.\n", "wire-b",
                          date(2025, 12, 19))
    d4 = next(d for d in draft.points if d.point == 4)
    assert d4.indicators == expected


def test_evidence_phrases_carry_the_fact(fixture_ds):
    draft = ingest.ingest(fixture_ds, LAST_HOSTAGE, "wire-c", date(2025, 12, 19))
    for d in draft.points:
        assert 1 <= len(d.evidence) <= 2
        for ev in d.evidence:
            words = ev["phrase"].split()
            assert 3 <= len(words) <= 10
            assert words[-1].lower().strip(".,") not in {"the", "a", "of", "to", "and", "that", "will"}


@pytest.fixture(scope="module")
def tuning_part(texts):
    """The shipped record's reports up to 31 January 2026 (the part the cues are tuned on), each
    drafted against the record without its own updates, summed."""
    from tracker.load import load as _load
    ds = _load(REPO, texts)
    total = ingest.Measure()
    rows = [r for r in ingest.evaluate(ds) if ds.sources[r[0].source].published <= date(2026, 1, 31)]
    for points, actors, draft in rows:
        total += ingest.measure(ds, points, actors, draft)
    return len(rows), total


def test_drafts_on_the_tuning_part_keep_their_floor(tuning_part):
    """Reached: points P 0.81 R 0.91 (0.95 with the points listed as also mentioned), level 0.82,
    evidence kept 0.42, actors R 0.95, resolves 3 of 5 right, blockers 14 of 31 (a small margin
    below, for corrections of the reviewed data)."""
    n, t = tuning_part
    assert n >= 28
    assert t.recall >= 0.86 and t.precision >= 0.77
    assert t.seen >= 0.92
    assert t.share(t.level, t.rated) >= 0.78
    assert t.share(t.ev_kept, t.ev_total) >= 0.38
    assert t.share(t.actors_tp, t.actors_tp + t.actors_fn) >= 0.9
    assert t.resolves_kept >= 0.5 * t.resolves_total  # was 4 of 18 before a blocker needed its own words
    assert t.blockers_kept >= 0.35 * t.blockers_total


@pytest.mark.parametrize("sentence, kind", [
    ("COGAT said enough food was delivered, without providing evidence.", "mention"),  # manner, not negation
    ("Aid entered without passing through Israel.", "carried_out"),
    ("The talks ended without a deal.", "negation"),
    ("Hamas did not hand over the bodies.", "negation"),
])
def test_without_and_a_gerund_is_no_negation(sentence, kind):
    assert ingest.classify(sentence)[0] == kind


def test_page_furniture_by_kind_is_left_out():
    paras = ["Israel closed the crossings on Saturday.", "Support independent journalism: donate today.",
             "Sign up to our daily newsletter in your inbox.", "Read more: Israel closes the Gaza crossings",
             "Israel said it would not donate to the fund, and the mediators asked both sides to keep to the truce "
             "and move on to the second phase of the plan without delay, a diplomat said after the talks in Cairo."]
    assert ingest.boilerplate(paras) == [2, 3, 4]  # a long reporting paragraph with the same words stays


@pytest.mark.parametrize("sentence, expected", [
    ("Israel closed the crossings on Saturday.", (date(2026, 2, 28), "on Saturday")),
    ("The deal was signed on February 26 in Cairo.", (date(2026, 2, 26), "on February 26")),
    ("It happened on 27 February 2026.", (date(2026, 2, 27), "on 27 February 2026")),
    ("They will meet on March 5.", None),  # after the report: a plan, not an event
    ("No day is named here.", None),
])
def test_an_event_is_dated_by_its_sentence(sentence, expected):
    from tracker.ingest.dating import event_date
    assert event_date(sentence, date(2026, 3, 1)) == expected  # a Sunday report


def test_a_draft_takes_the_day_its_sentence_names(tmp_path):
    ds = load(REPO, today=date.today())
    text = ("Gaza crossings closed\n\nIsrael closed all the crossings into Gaza on Saturday, the military said, "
            "halting aid deliveries.\n\nThe ceasefire has largely held since October.\n")
    draft = ingest.ingest(ds, text, "a-report-not-registered", date(2026, 3, 1))
    dated = [d for d in draft.points if d.event]
    assert dated and all(d.event[0] == date(2026, 2, 28) for d in dated)
    out = ingest.to_yaml(draft, ds)
    assert "date: 2026-02-28 # the event's day, from 'on Saturday'; the report's is 2026-03-01" in out


def test_the_registered_boilerplate_is_left_out_too():
    ds = load(REPO, today=date.today())
    sid = next(s for s, src in ds.sources.items() if src.boilerplate)
    registered = set(ds.sources[sid].boilerplate)
    text = "\n\n".join(["A caption that looks like reporting about aid to Gaza and the crossings."] * 30)
    draft = ingest.ingest(ds, text, sid, date(2026, 3, 1))
    assert registered and registered <= set(draft.boilerplate)


# -- the plan's own words (plan/plan.yaml `ingest`, actors' `adjectives`), on the harbour plan -------

@pytest.fixture(scope="module")
def harbour():
    plan = PLANS["harbour"]
    return load(plan.root, today=plan.today)


def _with_plan(ds, plan):
    return dataclasses.replace(ds, plan=plan)


def _harbour_draft(ds, text: str, pid: int):
    draft = ingest.ingest(ds, text, "test-report", date(2026, 7, 1))
    return next((d for d in draft.points if d.point == pid), None), draft


def test_the_plans_last_items_make_a_completion_cue(harbour):
    from tracker.ingest.words import NO_WORDS, PlanWords
    sentence = "Divers discovered the wreck of the last freighter near the breakwater."
    assert ingest.classify(sentence, PlanWords.of(harbour.plan))[0] == "completion"
    assert ingest.classify(sentence, NO_WORDS)[0] == "mention"  # the grammar alone knows no freighter


def test_a_figure_is_counted_in_the_plans_nouns_and_kinds(harbour):
    text = ("Vessels handed back\n\nOn Monday 4 seized ships were handed back to their owners.\n\n"
            "Among the seized vessels, 3 laden freighters were returned on Tuesday.\n")
    d2, _ = _harbour_draft(harbour, text, 2)
    assert d2 is not None
    assert d2.numbers == ["3 freighters (paragraph 3)", "4 ships (paragraph 2)"]  # the unit's nouns
    assert d2.indicators == {"laden-vessels-returned": 3.0}  # "laden": the indicator of that kind; and only
    # where the sentence says it was done ("were returned"), not "handed back", which is no cue
    bare = harbour.plan.model_copy(update={"ingest": harbour.plan.ingest.model_copy(update={"units": {}})})
    without = ingest.ingest(_with_plan(harbour, bare), text, "test-report", date(2026, 7, 1))
    assert not [n for d in without.points for n in d.numbers if "ships" in n or "freighters" in n]


def test_a_point_found_through_the_plans_context_words_alone_is_left_out(harbour):
    text = "Accord holds\n\nThe accord held through the week and the truce was praised by all.\n"
    points = harbour.points | {1: harbour.points[1].model_copy(update={"lexicon": ["truce", "accord"]})}
    ds = dataclasses.replace(harbour, points=points)  # point 1 named by the plan's words for the whole
    assert ingest.ingest(ds, text, "test-report", date(2026, 7, 1)).point_ids() == []
    bare = harbour.plan.model_copy(update={"ingest": harbour.plan.ingest.model_copy(update={"context_terms": []})})
    assert ingest.ingest(_with_plan(ds, bare), text, "test-report", date(2026, 7, 1)).point_ids() == [1]


def test_a_states_adjective_reads_a_body_named_after_it(harbour):
    from tracker.ingest.matching import actor_names
    names = actor_names(harbour)
    assert "Veldra's navy" in names["veldran-navy"] and "Veldra's coastguard" in names["veldran-navy"]
    text = "Mines\n\nVeldra's navy began minesweeping in the channel on Monday.\n"
    _, draft = _harbour_draft(harbour, text, 5)
    assert "veldran-navy" in draft.actors
