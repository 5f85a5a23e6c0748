"""The shipped dataset: valid, traceable to its articles, and telling the story they tell.

Every test runs on ``record``: the shipped data as it is, then a copy grown by one report
dated today (tests/growth.py), both against the real date. So each assertion is either a
fact as of a fixed past date or an invariant that stays true as reports are added: none
pins the latest report, the number of sources or updates, or where things stand today.
"""
import re
from datetime import date

import pytest

from helpers import REPO, texts_or_skip
from tracker.model import MAX_PHRASE_WORDS
from tracker.status import status_as_of
from tracker.texts import paragraphs, phrase_in


@pytest.fixture
def texts(record, request):
    """The texts folder the record must have been checked against (skip outside CI when absent)."""
    found = texts_or_skip()
    if record.root == REPO:
        return found.resolve()
    return request.getfixturevalue("grown").texts.resolve()


def at(ds, day):
    return {s.id: s for s in status_as_of(ds, date.fromisoformat(day))}


def test_shipped_data_is_valid_and_locators_were_checked(record, texts):
    assert [str(p) for p in record.problems] == []
    assert record.texts_dir == texts
    assert set(record.articles) == set(record.sources)  # every article's text was read
    evidence = [ev for e in record.entries for ev in e.update.evidence]
    assert len(evidence) > 50


def test_every_locator_resolves_outside_boilerplate(record, texts):
    checked = 0
    for e in record.entries:
        for ev in e.update.evidence:
            source = record.sources[ev.source or e.source]
            paras = paragraphs((texts / source.file).read_text(encoding="utf-8"))
            assert ev.paragraph not in source.boilerplate, (e.file, ev)
            assert phrase_in(ev.phrase, paras[ev.paragraph - 1]), (e.file, ev)
            checked += 1
    assert checked > 50


def test_every_article_yields_updates_and_every_point_has_someone_responsible(record):
    assert {e.source for e in record.entries} == set(record.sources)
    assert len(record.points) == 20
    assert all(p.actors for p in record.points.values())


def test_every_alias_is_written_as_in_the_articles(record, texts):
    paras = [p for ps in record.articles.values() for p in ps]
    for actor in record.actors.values():
        for alias in actor.aliases:
            assert any(phrase_in(alias, p) for p in paras), (actor.id, alias)


def _words(text):
    return re.findall(r"[a-z0-9]+", text.lower().replace("\u2019", "'"))


def test_notes_are_paraphrases_not_copies(record, texts):
    """No note or blocker shares a run of eight words with any article."""
    grams = set()
    for paras in record.articles.values():
        for p in paras:
            w = _words(p)
            grams.update(tuple(w[i:i + 8]) for i in range(len(w) - 7))
    for e in record.entries:
        u = e.update
        for text in [u.note] + [b.text for b in u.blockers]:
            w = _words(text)
            copied = [" ".join(w[i:i + 8]) for i in range(len(w) - 7) if tuple(w[i:i + 8]) in grams]
            assert not copied, (e.file, copied)


def test_key_phrases_are_short(record):
    for e in record.entries:
        for ev in e.update.evidence:
            assert len(ev.phrase.split()) <= MAX_PHRASE_WORDS, ev.phrase  # the validator's own limit


# The story, article by article. Each line is something a reader of that article would
# check; the as-of date is the article's publication date, so later reports leave it true.

def test_as_talks_open_nothing_is_carried_out(record):
    s = at(record, "2025-10-06")
    assert s[3].level == "not_initiated" and s[3].momentum == "advancing"
    assert s[4].level == "not_initiated"
    assert {b.blocker.id for b in s[4].blockers} == {"field-conditions", "locating-remains"}
    assert "full-withdrawal-refused" in {b.blocker.id for b in s[16].blockers}
    assert all(x.level in ("not_initiated", "unclear") for x in s.values())


def test_first_phase_deal_resolves_the_preconditions(record):
    s = at(record, "2025-10-10")
    assert s[3].level == "intermediate"  # the ceasefire took effect on 10 October
    assert s[4].level == s[5].level == s[7].level == "minimal"
    assert "field-conditions" in {b.blocker.id for b in s[4].resolved_blockers}
    assert {b.blocker.id for b in s[3].resolved_blockers} == {"no-ceasefire-commitment", "escalation-threat",
                                                              "strikes-continue"}  # the ceasefire took effect
    assert {b.blocker.category for b in s[3].blockers} == {"politics"}  # the coalition's threats remain
    assert s[13].level == s[9].level == s[16].level == "not_initiated"
    assert s[14].level == "minimal"  # Arab states reportedly pledged to back demilitarising Hamas


def test_late_october_second_phase_is_stuck_on_disarmament(record):
    s = at(record, "2025-10-23")
    assert s[4].level == "intermediate"
    assert s[13].momentum == "stalled"
    # hamas-disarmament was later merged into disarmament-rejected: the old id still finds it
    (hamas,) = [b.blocker for b in s[13].blockers if "hamas-disarmament" in (b.blocker.id, *b.former_ids)]
    assert hamas.category == "dispute"  # little sign of readiness; the public refusal comes in December
    assert "withdrawal-tied-to-disarmament" in {b.blocker.id for b in s[16].blockers}
    assert {"isf-no-combat", "isf-pa-condition"} <= {b.blocker.id for b in s[15].blockers}
    assert s[15].level == "minimal" and s[15].momentum == "stalled"  # CENTCOM tasked, the CMCC set up
    assert s[14].level == "minimal" and s[14].updates[-1].update.claimed_by == ["arab-states"]  # one diplomat's word
    assert s[17].level == "not_initiated"  # building in IDF-held areas is only considered
    assert s[4].deadlines[0].state == "missed"


def test_december_one_hostage_left_isf_being_assembled(record):
    s = at(record, "2025-12-19")
    assert s[4].level == "intermediate"
    # the report gives no count: the latest total is 13 October's, older than the latest rating,
    # so the level drives progress
    assert {i.id: (i.value, i.as_of) for i in s[4].indicators} == {
        "hostages-returned": (24, date(2025, 10, 13)),  # 20 living and 4 dead by 13 October (TASS)
        "living-hostages-returned": (20, date(2025, 11, 16))}  # all 20 living hostages back (The National)
    assert s[4].progress == 67
    assert {m.id: m.state for m in s[4].milestones} == {"living-returned": "met", "deceased-returned": "not_met"}
    gvili = {b.blocker.id: b.blocker for b in s[4].blockers}["gvili-remains"]
    assert gvili.since == date(2025, 10, 13)  # fell due with the 72-hour deadline
    assert s[15].level == "minimal" and "turkey-veto" in {b.blocker.id for b in s[15].blockers}
    assert s[9].level == "minimal" and s[9].momentum is None  # the Board of Peace is established
    assert s[8].level == "unclear"
    assert "saad-strike" in {b.blocker.id for b in s[3].blockers}


def test_october_the_living_hostages_come_home(record):
    s = at(record, "2025-10-13")
    assert {m.id: m.state for m in s[4].milestones}["living-returned"] == "met"  # all 20 on 13 October


def test_november_the_stabilization_force_gets_its_mandate(record):
    s = at(record, "2025-11-18")
    assert s[15].level == "minimal"
    assert {m.id: m.state for m in s[15].milestones}["isf-mandate"] == "met"  # resolution 2803


def test_january_the_last_hostage_is_back(record):
    s = at(record, "2026-01-26")
    assert s[4].level == "full" and not s[4].blockers
    assert {i.id: (i.value, i.as_of) for i in s[4].indicators}["hostages-returned"] == (48, date(2026, 1, 26))
    # recovered by an Israeli operation, not handed over: Hamas's part is only partly done
    assert {m.id: m.state for m in s[4].milestones}["deceased-returned"] == "partly"


def test_march_the_crossings_close_again(record):
    s = at(record, "2026-03-01")
    assert s[8].momentum == "reversed"
    assert {m.id: m.state for m in s[8].milestones}["rafah-open"] == "reversed"


def test_july_disarmament_and_the_force_still_stuck(record):
    s = at(record, "2026-07-03")
    assert s[13].level == "not_initiated" and s[13].momentum == "stalled"
    assert {m.id: m.state for m in s[15].milestones}["isf-deployed"] == "not_met"


def test_the_aid_curbs_over_the_remains_end_when_every_hostage_is_back(record):
    before, after = at(record, "2026-01-25"), at(record, "2026-02-01")
    assert "aid-tied-to-remains" in {b.blocker.id for b in before[7].blockers}
    ended = {b.blocker.id: b for b in after[7].resolved_blockers}["aid-tied-to-remains"]
    assert ended.blocker.resolved == date(2026, 1, 26) and "every dead hostage" in ended.ended_by


def test_the_front_line_was_moved_by_israel_not_hamas(record):
    s = at(record, "2026-06-01")
    lines = {m.id: m for m in s[3].milestones}["lines-frozen"]
    assert lines.state == "reversed" and lines.state_of("idf") == "reversed"
    assert lines.state_of("hamas") != "reversed"


def test_the_board_of_peace_findings_stay_its_claim(record):
    s = at(record, "2026-05-20")
    assert {m.id: m.claimed_by for m in s[13].milestones}["hamas-out-of-governance"] == ("board-of-peace",)


def test_by_july_old_facts_are_marked_not_repeated(record):
    s = at(record, "2026-07-03")
    assert s[4].momentum_stale and s[4].momentum_shown is None  # last momentum from 26 January
    stale = [b for st in s.values() for b in st.unconfirmed_blockers]
    assert len(stale) >= 40 and all(b.confirmed < date(2026, 4, 4) for b in stale)


def test_the_actor_pages_give_each_party_its_own_state(record):
    from tracker.status import owed_by
    s = list(at(record, "2026-06-01").values())
    hamas = {m.id: m.state_of("hamas") for m in owed_by(s, "hamas")}
    idf = {m.id: m.state_of("idf") for m in owed_by(s, "idf")}
    assert idf["lines-frozen"] == "reversed" and hamas["lines-frozen"] != "reversed"
