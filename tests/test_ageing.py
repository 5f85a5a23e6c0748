"""Facts that age: confirmation, the age rules, causes that end a blocker, per-party
milestone states, and the validator's checks of them (on the fixture plan, with status files
written for each test)."""
import json
from datetime import date, timedelta

import pytest

from helpers import TODAY, copy_record, run_cli
from tracker import blockers, export
from tracker.load import load
from tracker.status import status_as_of

EV = "evidence:\n      - {paragraph: 1, phrase: the first phase}"
STATED = date(2025, 10, 9)


def status(source: str, *updates: str) -> str:
    return f"source: {source}\nupdates:\n" + "\n".join(updates) + "\n"


def update(uid: str, points: str, day: str, body: str = "", level: str = "minimal", momentum: str = "") -> str:
    extra = f"\n    momentum: {momentum}" if momentum else ""
    lines = f"  - id: {uid}\n    points: [{points}]\n    date: {day}\n    level: {level}{extra}\n    note: A note.\n"
    return lines + (body + "\n" if body else "") + "    " + EV


BLOCKER = """    blockers:
      - id: aid-curbs
        text: Israel curbs aid citing the slow return of the dead hostages' bodies.
        category: precondition
        actors: [israel]"""


def loaded(make_root, files: dict[str, str], plan_extra: str = ""):
    root = make_root(files)
    if plan_extra:
        plan = root / "plan/plan.yaml"
        plan.write_text(plan.read_text(encoding="utf-8") + plan_extra, encoding="utf-8")
    ds = load(root, today=TODAY, cache=None)
    return ds, root


def point(ds, pid: int, day: date):
    return next(s for s in status_as_of(ds, day) if s.id == pid)


def test_a_blocker_is_unconfirmed_once_past_the_age_rule(make_root, no_texts):
    ds, _ = loaded(make_root, {"a.yaml": status("politico-recap-2025-10-10", update("u1", "7", "2025-10-09", BLOCKER))})
    assert ds.problems == []
    at_rule = point(ds, 7, STATED + timedelta(days=90))
    past = point(ds, 7, STATED + timedelta(days=91))
    assert [b.blocker.id for b in at_rule.confirmed_blockers] == ["aid-curbs"]
    assert [b.blocker.id for b in past.unconfirmed_blockers] == ["aid-curbs"]
    assert len(past.blockers) == 1  # counted apart, never dropped
    assert blockers.confirmation(past, past.blockers[0]) == "unconfirmed since 9 Oct 2025"
    assert blockers.summary([past]) == "1 active, 0 confirmed in the last 90 days"


def test_confirms_renews_a_blocker_without_restating_it(make_root, no_texts):
    ds, _ = loaded(make_root, {
        "a.yaml": status("politico-recap-2025-10-10", update("u1", "7", "2025-10-09", BLOCKER)),
        "b.yaml": status("miami-summit-2025-12-19", update("u1", "7", "2025-12-01", "    confirms: [aid-curbs]"))})
    assert ds.problems == []
    s = point(ds, 7, date(2026, 1, 20))  # 103 days after it was stated, 50 after it was confirmed
    (b,) = s.blockers
    assert not s.blocker_stale(b) and b.first_seen == STATED and b.confirmed == date(2025, 12, 1)
    assert b.blocker.text.startswith("Israel curbs aid")  # text carried, not restated
    assert point(ds, 7, date(2026, 3, 2)).unconfirmed_blockers  # 91 days after the confirmation


def test_the_plan_sets_its_own_age_rules(make_root, no_texts):
    ds, _ = loaded(make_root, {"a.yaml": status("politico-recap-2025-10-10", update("u1", "7", "2025-10-09", BLOCKER))},
                   plan_extra="age_rules: {blocker_days: 30, momentum_days: 10}\n")
    assert ds.problems == []
    assert point(ds, 7, STATED + timedelta(days=31)).unconfirmed_blockers
    assert not point(ds, 7, STATED + timedelta(days=30)).unconfirmed_blockers


def test_old_momentum_is_no_recent_report(make_root, no_texts):
    ds, _ = loaded(make_root, {"a.yaml": status("politico-recap-2025-10-10",
                                                update("u1", "7", "2025-10-09", momentum="advancing"))})
    fresh, old = point(ds, 7, STATED + timedelta(days=60)), point(ds, 7, STATED + timedelta(days=61))
    assert (fresh.momentum_shown, fresh.momentum_stale) == ("advancing", False)
    assert (old.momentum, old.momentum_shown, old.momentum_stale) == ("advancing", None, True)
    assert old.level_age == 61 and old.level_last_confirmed == STATED


def test_a_blocker_ends_when_what_it_waits_for_is_met(make_root, no_texts):
    waits = BLOCKER + "\n        until: {point: 4, milestone: deceased-returned, text: the last remains returned}"
    ds, _ = loaded(make_root, {
        "a.yaml": status("politico-recap-2025-10-10", update("u1", "7", "2025-10-09", waits)),
        "b.yaml": status("miami-summit-2025-12-19",
                         update("u1", "4", "2025-12-10", "    milestones: {deceased-returned: partly}"),
                         update("u2", "4", "2025-12-18", "    milestones: {deceased-returned: met}", level="full"))})
    assert ds.problems == []
    assert point(ds, 7, date(2025, 12, 17)).blockers  # partly met is not met
    s = point(ds, 7, date(2025, 12, 18))
    assert s.blockers == ()
    (ended,) = s.resolved_blockers
    assert ended.blocker.resolved == date(2025, 12, 18) and ended.ended_by == "the last remains returned"


def test_a_milestone_takes_a_state_per_obliged_party(make_root, no_texts):
    ds, _ = loaded(make_root, {"b.yaml": status(
        "miami-summit-2025-12-19",
        update("u1", "4", "2025-12-01", "    milestones: {exchange-facilitated: met}"),
        update("u2", "4", "2025-12-10", "    milestones: {exchange-facilitated: {israel: reversed}}"))})
    assert ds.problems == []
    before = {m.id: m for m in point(ds, 4, date(2025, 12, 5)).milestones}["exchange-facilitated"]
    after_ = point(ds, 4, date(2025, 12, 12))
    m = {m.id: m for m in after_.milestones}["exchange-facilitated"]
    assert before.state == "met" and dict(before.states) == {"red-cross": "met", "israel": "met"}
    assert m.state == "reversed" and dict(m.states) == {"red-cross": "met", "israel": "reversed"}
    assert (m.first_reported, m.confirmed) == (date(2025, 12, 1), date(2025, 12, 10))
    doc = export.status_document(ds, status_as_of(ds, date(2025, 12, 12)), date(2025, 12, 12))
    own = {o["milestone"]: o["state"] for o in doc["obligations"]["red-cross"]}
    assert own["exchange-facilitated"] == "met"  # the Red Cross did its part; Israel reversed its own
    assert {o["milestone"]: o["state"] for o in doc["obligations"]["israel"]}["exchange-facilitated"] == "reversed"


@pytest.mark.parametrize("body, expected", [
    ("    confirms: [no-such-blocker]", "confirms 'no-such-blocker', but that is no milestone, indicator or active "
                                        "blocker of point(s) [7]"),
    ("    milestones: {exchange-facilitated: {hamas: met}}", "milestone 'exchange-facilitated' is not owed by 'hamas'"),
    ("    milestones: {exchange-facilitated: met}\n    claims: {living-returned: hamas}",
     "claims names 'living-returned', but this update gives no state or figure for it"),
    (BLOCKER + "\n        until: {point: 4, milestone: no-such, text: x}", "until: point 4 has no milestone 'no-such'"),
    (BLOCKER + "\n        until: {milestone: a, indicator: b, text: x}", "name exactly one of milestone, indicator or blocker"),
])
def test_the_validator_checks_confirmations_causes_and_parties(make_root, no_texts, body, expected):
    pid = "4" if "exchange" in body else "7"
    ds, _ = loaded(make_root, {"a.yaml": status("politico-recap-2025-10-10", update("u1", pid, "2025-10-09", body))})
    assert [p.path for p in ds.problems] == ["status/a.yaml"], [str(p) for p in ds.problems]
    assert expected in ds.problems[0].message and ds.problems[0].line is not None


def test_restating_an_active_blocker_under_a_new_id_is_refused(make_root, no_texts):
    again = BLOCKER.replace("aid-curbs", "aid-curbs-again").replace("bodies.", "bodies")
    ds, _ = loaded(make_root, {
        "a.yaml": status("politico-recap-2025-10-10", update("u1", "7", "2025-10-09", BLOCKER)),
        "b.yaml": status("miami-summit-2025-12-19", update("u1", "7", "2025-12-01", again))})
    (problem,) = ds.problems
    assert problem.path == "status/b.yaml" and "restates the active blocker 'aid-curbs'" in problem.message


def test_status_json_says_how_old_each_fact_is(make_root, no_texts):
    _, root = loaded(make_root, {
        "a.yaml": status("politico-recap-2025-10-10", update("u1", "7", "2025-10-09", BLOCKER, momentum="stalled")),
        "b.yaml": status("miami-summit-2025-12-19",
                         update("u1", "4", "2025-12-01", "    milestones: {exchange-facilitated: {israel: met}}"))})
    out = run_cli(root, "status", "--as-of", "2026-02-01", "--format", "json",  # 115 days after the blocker
                  env={"TRACKER_TODAY": "2026-02-01", "TRACKER_TEXTS": str(root / "absent")})
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    p7 = next(p for p in doc["points"] if p["id"] == 7)
    (b,) = p7["blockers"]
    assert (b["first_reported"], b["last_confirmed"], b["stale"]) == ("2025-10-09", "2025-10-09", True)
    assert (p7["momentum"], p7["momentum_stale"], p7["level_last_confirmed"]) == ("stalled", True, "2025-10-09")
    p4 = next(p for p in doc["points"] if p["id"] == 4)
    m = next(m for m in p4["milestones"] if m["id"] == "exchange-facilitated")
    assert m["states"] == {"red-cross": None, "israel": "met"} and m["state"] == "partly"
    assert (m["first_reported"], m["last_confirmed"], m["stale"]) == ("2025-12-01", "2025-12-01", False)
    assert doc["blockers_summary"] == {"active": 1, "confirmed": 0, "unconfirmed": 1, "within_days": 90}


def test_new_update_confirms_a_blocker_by_id(tmp_path):
    root = copy_record(tmp_path / "record")
    env = {"TRACKER_TODAY": TODAY.isoformat(), "TRACKER_TEXTS": str(tmp_path / "absent")}
    out = run_cli(root, "new-update", "--source", "miami-summit-2025-12-19", "--point", "2", "--date", "2025-12-19",
                  "--level", "minimal", "--note", "The concern about partition is raised again.",
                  "--confirm", "partition-concern", "--paragraph", "1", "--phrase", "the summit", env=env)
    assert out.returncode == 0, out.stderr
    assert "confirms: [partition-concern]" in (root / "status/miami-summit-2025-12-19.yaml").read_text(encoding="utf-8")
    doc = json.loads(run_cli(root, "status", "--format", "json", env=env).stdout)
    (b,) = [b for p in doc["points"] if p["id"] == 2 for b in p["blockers"] if b["id"] == "partition-concern"]
    assert (b["first_reported"], b["last_confirmed"]) == ("2025-10-21", "2025-12-19")
    bad = run_cli(root, "new-update", "--source", "miami-summit-2025-12-19", "--point", "2", "--date", "2025-12-19",
                  "--level", "intermediate", "--note", "x y z.", "--confirm", "no-such-id", "--paragraph", "2",
                  "--phrase", "another phrase", env=env)
    said = bad.stdout + bad.stderr
    assert bad.returncode != 0 and "confirms 'no-such-id'" in said and "nothing was written" in said


def test_a_milestone_state_resting_on_a_claim_carries_the_claimant(make_root, no_texts):
    body = "    milestones: {exchange-facilitated: met}\n    claims: {exchange-facilitated: israel}"
    ds, _ = loaded(make_root, {"b.yaml": status("miami-summit-2025-12-19", update("u1", "4", "2025-12-01", body))})
    assert ds.problems == []
    m = {m.id: m for m in point(ds, 4, date(2025, 12, 2)).milestones}["exchange-facilitated"]
    assert m.claimed_by == ("israel",)
    doc = export.status_document(ds, status_as_of(ds, date(2025, 12, 2)), date(2025, 12, 2))
    (p4,) = [p for p in doc["points"] if p["id"] == 4]
    assert {x["id"]: x["claimed_by"] for x in p4["milestones"]}["exchange-facilitated"] == ["israel"]


def test_full_beside_a_figure_short_of_its_target_is_an_error(make_root, no_texts):
    ds, _ = loaded(make_root, {
        "a.yaml": status("politico-recap-2025-10-10", update("u1", "4", "2025-10-09", "    indicators: {hostages-returned: 20}")),
        "b.yaml": status("miami-summit-2025-12-19", update("u1", "4", "2025-12-01", level="full"))})
    (problem,) = ds.problems
    assert problem.path == "status/b.yaml" and problem.line == 3
    assert "rated full on 2025-12-01, but its measuring indicator 'hostages-returned' stands at 20 of 48" in problem.message
    ok, _ = loaded(make_root, {
        "a.yaml": status("politico-recap-2025-10-10", update("u1", "4", "2025-10-09", "    indicators: {hostages-returned: 20}")),
        "b.yaml": status("miami-summit-2025-12-19",
                         update("u1", "4", "2025-12-01", "    indicators: {hostages-returned: 48}", level="full"))})
    assert ok.problems == []


def test_a_blocker_found_to_restate_another_is_merged_under_the_kept_id(make_root, no_texts):
    dup = BLOCKER.replace("aid-curbs", "aid-curbs-early").replace("bodies.", "remains, it says.") + \
        "\n        same_as: aid-curbs"
    ds, _ = loaded(make_root, {
        "a.yaml": status("politico-recap-2025-10-10", update("u1", "7", "2025-10-09", dup)),
        "b.yaml": status("miami-summit-2025-12-19", update("u1", "7", "2025-12-01", BLOCKER))})
    assert ds.problems == []
    early, late = point(ds, 7, date(2025, 10, 20)), point(ds, 7, date(2025, 12, 5))
    assert [(b.blocker.id, b.former_ids) for b in early.blockers] == [("aid-curbs", ("aid-curbs-early",))]
    (b,) = late.blockers  # one blocker, not two
    assert (b.blocker.id, b.first_seen, b.former_ids) == ("aid-curbs", STATED, ("aid-curbs-early",))
    doc = export.status_document(ds, status_as_of(ds, date(2025, 12, 5)), date(2025, 12, 5))
    (p7,) = [p for p in doc["points"] if p["id"] == 7]
    assert [(x["id"], x["former_ids"]) for x in p7["blockers"]] == [("aid-curbs", ["aid-curbs-early"])]


def test_same_as_must_name_a_blocker_of_the_point(make_root, no_texts):
    dup = BLOCKER + "\n        same_as: no-such-blocker"
    ds, _ = loaded(make_root, {"a.yaml": status("politico-recap-2025-10-10", update("u1", "7", "2025-10-09", dup))})
    (problem,) = ds.problems
    assert "point 7 has no blocker 'no-such-blocker' stated in its own right" in problem.message


def test_new_update_gives_one_partys_milestone_state(tmp_path):
    root = copy_record(tmp_path / "record")
    env = {"TRACKER_TODAY": TODAY.isoformat(), "TRACKER_TEXTS": str(tmp_path / "absent")}
    out = run_cli(root, "new-update", "--source", "miami-summit-2025-12-19", "--point", "4", "--date", "2025-12-19",
                  "--note", "The Red Cross facilitated the handover; Israel delayed it.", "--paragraph", "2",
                  "--phrase", "a handover", "--milestone", "exchange-facilitated=red-cross:met",
                  "--milestone", "exchange-facilitated=israel:not_met", env=env)
    assert out.returncode == 0, out.stdout + out.stderr
    text = (root / "status/miami-summit-2025-12-19.yaml").read_text(encoding="utf-8")
    assert "milestones: {exchange-facilitated: {red-cross: met, israel: not_met}}" in text
    doc = json.loads(run_cli(root, "status", "--format", "json", env=env).stdout)
    own = {o["milestone"]: o["state"] for o in doc["obligations"]["red-cross"]}
    assert own["exchange-facilitated"] == "met"
    bad = run_cli(root, "new-update", "--source", "miami-summit-2025-12-19", "--point", "4",
                  "--milestone", "exchange-facilitated=:met", env=env)
    assert bad.returncode == 2 and "MILESTONE=ACTOR:STATE" in bad.stderr
