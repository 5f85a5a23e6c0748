"""validate(): every kind of problem, each with its file, line and what was expected."""
from datetime import date

import pytest

from helpers import TODAY
from tracker.load import load, validate

GOOD = """\
source: explainer-2025-10-06
updates:
  - id: t1
    points: [4]
    date: 2025-10-03
    level: minimal
    momentum: advancing
    note: Hamas offers to free the hostages.
    indicators: {hostages-returned: 0}
    actors: [hamas]
    blockers:
      - {id: cond, text: Conditions., category: precondition, actors: [hamas]}
    evidence:
      - {paragraph: 11, phrase: field conditions}
"""


def problems(make_root, text: str, name: str = "s.yaml") -> list[str]:
    root = make_root({name: text})
    return [str(p) for p in validate(root, today=TODAY)]


def test_good_file_has_no_problem(make_root, no_texts):
    assert problems(make_root, GOOD) == []


@pytest.mark.parametrize("old, new, expected", [
    ("level: minimal", "level: minimall",
     "status/s.yaml:6:12: updates[0].level: 'minimall' is not one of: not_initiated, minimal, "
     "intermediate, full, unclear; did you mean 'minimal'?"),
    ("momentum: advancing", "momentum: onward", "status/s.yaml:7:15: updates[0].momentum: 'onward'"),
    ("category: precondition", "category: veto", "updates[0].blockers[0].category: 'veto' is not one of"),
    ("date: 2025-10-03", "date: 2025-13-03", "status/s.yaml:5:11: updates[0].date: 2025-13-03 is not a real date"),
    ("date: 2025-10-03", "date: 3 Oct 2025", "expected a date written YYYY-MM-DD, got '3 Oct 2025'"),
    ("date: 2025-10-03", "date: 2024-10-03", "status/s.yaml:5:11: 2024-10-03 is before the plan was released (2025-09-29)"),
    ("date: 2025-10-03", "date: 2030-01-01", "2030-01-01 is in the future"),
    ("date: 2025-10-03", "date: 2025-11-03",
     "2025-11-03 is after the source's publication date (2025-10-06)"),
    ("points: [4]", "points: [42]", "status/s.yaml:4:14: unknown point 42 (the plan has points 1-20)"),
    ("points: [4]", "points: [4, 4]", "point 4 is listed twice"),
    ("points: [4]", "points: four", "updates[0].points: expected a valid list"),
    ("actors: [hamas]", "actors: [hammas]", "status/s.yaml:10:14: unknown actor 'hammas'; did you mean 'hamas'?"),
    ("    note: Hamas offers to free the hostages.\n", "", "status/s.yaml:3:5: updates[0]: missing field 'note'"),
    ("momentum: advancing", "momentom: advancing", "unknown field 'momentom'; did you mean 'momentum'?"),
    ("hostages-returned: 0", "hostages-freed: 0",
     "indicator 'hostages-freed' is not defined for point(s) [4]"),
    ("hostages-returned: 0", "hostages-returned: many", "indicators.hostages-returned"),
    ("source: explainer-2025-10-06", "source: nowhere", "status/s.yaml:1:9: unknown source 'nowhere'"),
    ("{paragraph: 11, phrase: field conditions}", "{paragraph: 11, phrase: fi, source: elsewhere}",
     "unknown source 'elsewhere'"),
    ("actors: [hamas]}", "actors: []}", "updates[0].blockers[0].actors: needs at least 1 item(s), got 0"),
    ("category: precondition,", "category: precondition, since: 2025-10-05, resolved: 2025-10-04,",
     "blocker 'cond' is resolved (2025-10-04) before it began (2025-10-05)"),
    ("level: minimal", "level: minimal\n    level: full", "status/s.yaml:7:5: duplicate key 'level' (first at line 6)"),
    ("points: [4]", "points: ['4']", "updates[0].points[0]: expected a valid integer"),  # no quiet coercion
    ("level: minimal", "level: minimal\n    draft: no", "updates[0].draft: expected a valid boolean"),
])
def test_each_problem_names_file_line_and_expectation(make_root, no_texts, old, new, expected):
    assert old in GOOD
    found = problems(make_root, GOOD.replace(old, new))
    assert any(expected in p for p in found), found


def test_all_problems_come_in_one_report(make_root, no_texts):
    bad = GOOD.replace("level: minimal", "level: x")
    bad += "  - {id: t2, points: [99], date: 2025-10-03, level: full, note: n, evidence: [{paragraph: 1, phrase: ab}]}\n"
    bad += "  - {id: t3, points: [3], date: 2025-10-03, level: full, note: n, actors: [nobody], evidence: [{paragraph: 1, phrase: ab}]}\n"
    found = problems(make_root, bad)
    assert len(found) == 3
    assert [p.split(":")[1] for p in found] == ["6", "15", "16"]  # sorted by line


def test_valid_updates_are_kept_when_others_fail(make_root, no_texts):
    bad = GOOD + "  - {id: t4, points: [3], date: 2025-10-03, level: nope, note: n, evidence: [{paragraph: 1, phrase: ab}]}\n"
    ds = load(make_root({"s.yaml": bad}), today=TODAY)
    assert len(ds.problems) == 1
    assert [e.update.points for e in ds.entries] == [[4]]


@pytest.mark.parametrize("text, expected", [
    ("- 1\n- 2\n", "status/s.yaml:1:1: expected a mapping of keys at the top, got a list"),
    ("just text\n", "expected a mapping of keys at the top, got a text"),
    ("source: explainer-2025-10-06\n", "missing top-level key 'updates'"),
    ("source: explainer-2025-10-06\nupdates: {}\n", "'updates' must be a list, got a mapping"),
    ("source: explainer-2025-10-06\nupdates: []\nextra: 1\n", "unknown top-level key 'extra'"),
    ("updates: []\n", "missing top-level key 'source'"),
])
def test_wrong_shapes(make_root, no_texts, text, expected):
    found = problems(make_root, text)
    assert any(expected in p for p in found), found


def test_unreadable_file_is_a_problem_for_that_file_only(make_root, no_texts):
    root = make_root({"good.yaml": GOOD})
    (root / "status" / "bad.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    ds = load(root, today=TODAY)
    assert [str(p) for p in ds.problems] == [
        "status/bad.yaml:3: file is binary (a NUL byte on line 3); expected UTF-8 text"]
    assert len(ds.entries) == 1


def test_missing_registry_file(make_root, no_texts):
    root = make_root({"s.yaml": GOOD})
    (root / "plan" / "actors.yaml").unlink()
    found = [str(p) for p in validate(root, today=TODAY)]
    assert "plan/actors.yaml:1: file is missing" in found


def _edit(root, rel, old, new):
    path = root / rel
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_duplicate_ids_in_registries(make_root, no_texts):
    root = make_root({"s.yaml": GOOD})
    _edit(root, "plan/actors.yaml", "  - id: idf\n", "  - id: israel\n")
    _edit(root, "plan/points.yaml", "  - id: 20\n", "  - id: 19\n")
    found = [str(p) for p in validate(root, today=TODAY)]
    assert any(p.startswith("plan/actors.yaml:") and "duplicate id 'israel' in actors (first at line" in p
               for p in found), found
    assert any(p.startswith("plan/points.yaml:") and "duplicate id 19 in points" in p for p in found), found


def test_dependency_cycle_and_unknown_prerequisite(make_root, no_texts):
    root = make_root({"s.yaml": GOOD})
    _edit(root, "plan/points.yaml", "    phase: 1\n    themes: [hostages_prisoners]\n",
          "    phase: 1\n    themes: [hostages_prisoners]\n    depends_on: [{point: 5, kind: after}]\n")
    _edit(root, "plan/points.yaml", "{point: 19, kind: waits_on,", "{point: 77, kind: waits_on,")
    found = [str(p) for p in validate(root, today=TODAY)]
    assert any("dependency cycle: 4 -> 5 -> 4" in p for p in found), found
    assert any("point 9 depends on point 77, which is not in the plan" in p for p in found), found


def test_unknown_actor_in_plan_and_unknown_phase(make_root, no_texts):
    root = make_root({"s.yaml": GOOD})
    _edit(root, "plan/points.yaml", "{actor: board-of-peace, role: oversight}", "{actor: board-of-peac, role: oversight}")
    _edit(root, "plan/points.yaml", "  - id: 20\n    title: Israeli-Palestinian political dialogue\n",
          "  - id: 20\n    title: Israeli-Palestinian political dialogue\n    phase: 3\n")
    found = [str(p) for p in validate(root, today=TODAY)]
    assert any("unknown actor 'board-of-peac'; did you mean 'board-of-peace'?" in p for p in found), found
    assert any("duplicate key 'phase'" in p for p in found), found


def test_locators_are_checked_against_texts(make_root, tmp_path, monkeypatch):
    texts = tmp_path / "texts"
    texts.mkdir()
    paras = [f"Paragraph {i} text." for i in range(1, 51)]
    paras[10] = "Hamas wants field conditions."
    article = "\n\n".join(paras) + "\n"
    for name in ("003_0b2872996232f260.txt", "002_aedb8158f972869a.txt", "004_ecfdf9e5f46af251.txt",
                 "000_e6a9dca801f098f7.txt", "001_02f8bd7b25f64e07.txt"):
        (texts / name).write_text(article)
    monkeypatch.setenv("TRACKER_TEXTS", str(texts))
    root = make_root({"s.yaml": GOOD})
    assert [str(p) for p in validate(root, today=TODAY)] == []
    bad = GOOD.replace("{paragraph: 11, phrase: field conditions}",
                       "{paragraph: 10, phrase: field conditions}")
    bad = bad.replace("    evidence:\n", "    evidence:\n      - {paragraph: 60, phrase: anything}\n"
                      "      - {paragraph: 25, phrase: Paragraph 25, source: politico-recap-2025-10-10}\n")
    found = [str(p) for p in validate(make_root({"s.yaml": bad}), today=TODAY)]
    assert any("'field conditions' does not occur in paragraph 10 of explainer-2025-10-06" in p for p in found)
    assert any("paragraph 60 is past the end of explainer-2025-10-06 (50 paragraphs)" in p for p in found)
    assert any("paragraph 25 of politico-recap-2025-10-10 is page boilerplate" in p for p in found)


def test_reload_sees_every_change_and_nothing_stale(make_root, no_texts):
    root = make_root({"s.yaml": GOOD})
    first = load(root, today=TODAY)
    assert first.problems == [] and first.entries[0].update.level == "minimal"
    assert load(root, today=TODAY).version == first.version  # nothing changed: same data
    (root / "status" / "s.yaml").write_text(GOOD.replace("level: minimal", "level: full"))
    second = load(root, today=TODAY)
    assert second.entries[0].update.level == "full" and second.version != first.version
    # a registry change re-checks status files whose own bytes did not change
    _edit(root, "plan/actors.yaml", "  - id: hamas\n", "  - id: hamas-movement\n")
    found = [str(p) for p in load(root, today=TODAY).problems]
    assert any("status/s.yaml:10:14: unknown actor 'hamas'; use its id 'hamas-movement'" in p for p in found), found
    # and the date check follows today's date
    assert any("in the future" in str(p) for p in load(root, today=date(2025, 10, 4)).problems)


def test_an_update_with_a_cross_check_problem_is_not_used(make_root, no_texts):
    bad = GOOD + "  - {id: t5, points: [77], date: 2025-10-03, level: full, note: n, evidence: [{paragraph: 1, phrase: ab}]}\n"
    bad += "  - {id: t6, points: [3], date: 2025-10-04, level: full, note: n, actors: [nobody], evidence: [{paragraph: 1, phrase: ab}]}\n"
    ds = load(make_root({"s.yaml": bad}), today=TODAY)
    assert len(ds.problems) == 2
    assert [e.update.points for e in ds.entries] == [[4]]


def test_drafts_validate_but_do_not_count(make_root, no_texts):
    from tracker.status import status_as_of
    draft = GOOD.replace("    evidence:", "    draft: true\n    evidence:")
    ds = load(make_root({"s.yaml": draft}), today=TODAY)
    assert ds.problems == [] and ds.entries == [] and len(ds.drafts) == 1
    assert {s.id: s.level for s in status_as_of(ds, date(2025, 10, 10))}[4] == "not_initiated"


def test_source_file_must_be_a_bare_name(make_root, no_texts):
    root = make_root({"s.yaml": GOOD})
    _edit(root, "seeds/sources.yaml", "file: 003_0b2872996232f260.txt", "file: ../../etc/passwd")
    found = [str(p) for p in validate(root, today=TODAY)]
    assert found == ["seeds/sources.yaml:18:11: sources[0].file: '../../etc/passwd' is a path; give the file "
                     "name only ('passwd'), as it is in the texts folder"]  # and no follow-on problem
