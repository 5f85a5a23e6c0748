"""Derived views: status as of a date, history, changes, progress, blockers, responsibility.

On small logs made here and on the frozen fixture record, with today fixed."""
from datetime import date

import pytest

from helpers import TODAY
from tracker import blockers, dependencies, responsibility
from tracker.load import load
from tracker.status import changes_between, history, progress, status_as_of

LOG = """\
source: explainer-2025-10-06
updates:
  - id: t1
    points: [4]
    date: 2025-10-03
    level: not_initiated
    note: Offer made.
    indicators: {hostages-returned: 0}
    blockers:
      - {id: cond, text: Conditions., category: precondition, actors: [hamas]}
    evidence: [{paragraph: 11, phrase: field conditions}]
  - id: t2
    points: [4, 5]
    date: 2025-10-05
    level: minimal
    momentum: advancing
    note: Deal agreed.
    blockers:
      - {id: cond, text: Conditions., category: precondition, actors: [hamas], resolved: 2025-10-05}
      - {id: lists, text: Lists disputed., category: dispute, actors: [israel, hamas]}
    evidence: [{paragraph: 11, phrase: field conditions}]
  - id: t3
    points: [4]
    date: 2025-10-06
    level: unclear
    note: Reports conflict.
    evidence: [{paragraph: 11, phrase: field conditions}]
  - id: t4
    points: [3]
    date: 2025-10-06
    level: full
    note: Ceasefire in force.
    evidence: [{paragraph: 11, phrase: field conditions}]
"""


@pytest.fixture
def ds(make_root, no_texts):
    return load(make_root({"log.yaml": LOG}), today=TODAY)


def by_id(ds, day):
    return {s.id: s for s in status_as_of(ds, date.fromisoformat(day))}


def test_before_any_update_a_point_is_not_initiated(ds):
    s = by_id(ds, "2025-10-01")[4]
    assert (s.level, s.momentum, s.progress, s.last_update) == ("not_initiated", None, 0.0, None)


def test_latest_update_on_or_before_the_date_wins(ds):
    assert by_id(ds, "2025-10-04")[4].level == "not_initiated"
    assert by_id(ds, "2025-10-05")[4].level == "minimal"
    assert by_id(ds, "2025-10-05")[5].level == "minimal"  # one update, two points
    assert by_id(ds, "2025-10-05")[4].momentum == "advancing"


def test_unclear_keeps_last_rated_progress(ds):
    s = by_id(ds, "2025-10-06")[4]
    assert s.level == "unclear"
    assert s.progress == 33.0


def test_indicator_drives_progress_only_while_current(ds):
    assert by_id(ds, "2025-10-03")[4].progress == 0.0  # 0 of 48 reported with the update
    assert by_id(ds, "2025-10-05")[4].progress == 33.0  # a newer level outranks an old count


def test_blockers_accumulate_until_resolved(ds):
    ids = lambda s: sorted(b.blocker.id for b in s.blockers)  # noqa: E731
    assert ids(by_id(ds, "2025-10-03")[4]) == ["cond"]
    s = by_id(ds, "2025-10-06")[4]
    assert ids(s) == ["lists"]  # still active though the latest update does not restate it
    assert [b.blocker.id for b in s.resolved_blockers] == ["cond"]


def test_prerequisites_and_deadline(ds):
    s5 = by_id(ds, "2025-10-06")[5]
    assert s5.unmet == [4]
    assert by_id(ds, "2025-10-12")[4].deadlines[0].state == "pending"
    assert by_id(ds, "2025-10-14")[4].deadlines[0].state == "missed"
    assert dependencies.blocked_points(status_as_of(ds, date(2025, 10, 6))) == [5, 6, 9, 16]


def test_history_and_changes(ds):
    assert [e.update.note for e in history(ds, 4)] == ["Offer made.", "Deal agreed.", "Reports conflict."]
    changes = {c.point: c for c in changes_between(ds, date(2025, 10, 4), date(2025, 10, 6))}
    assert set(changes) == {3, 4, 5}
    assert (changes[4].level_before, changes[4].level_after) == ("not_initiated", "unclear")
    assert changes[3].direction == "up"
    # blockers are named by their text, not their ids
    assert changes[4].resolved_blockers == ("Conditions.",) and changes[4].new_blockers == ("Lists disputed.",)


def test_progress_by_phase_and_level(ds):
    p = progress(status_as_of(ds, date(2025, 10, 6)))
    # phase 1 holds points 3, 4, 5, 7, 8: 100 + 33 + 33 + 0 + 0
    assert p.by_phase[1] == round(166 / 5, 1)
    assert p.by_phase[2] == 0.0
    assert p.overall == round(166 / 20, 1)
    assert p.by_level == {"not_initiated": 17, "minimal": 1, "intermediate": 0, "full": 1, "unclear": 1}


def test_blocker_groupings_and_counts_over_time(ds):
    active = blockers.active(status_as_of(ds, date(2025, 10, 5)))
    # the update on points 4 and 5 gives each point the 'lists' blocker
    assert sorted((b.point, b.blocker.id) for b in active) == [(4, "lists"), (5, "lists")]
    assert blockers.by_actor(active) == {"israel": 2, "hamas": 2}
    assert blockers.by_category(active) == {"dispute": 2}
    assert blockers.by_point(active) == {4: 1, 5: 1}
    assert dict(blockers.count_over_time(ds)) == {date(2025, 10, 3): 1, date(2025, 10, 5): 2,
                                                   date(2025, 10, 6): 2}


def test_responsibility(ds):
    cells = responsibility.actor_points(ds, "hamas")
    assert 4 in [c.point for c in cells] and all(c.actor == "hamas" for c in cells)
    assert len(responsibility.actor_updates(ds.entries, "israel")) == 1
    assert responsibility.involved_actors(ds)[0] in ("us", "israel", "hamas")


def test_sweeps_agree_with_status_as_of_on_the_fixture_record(fixture_ds):
    """The one-pass time series equal status_as_of computed date by date."""
    from tracker.status import change_dates, levels_over_time
    days = change_dates(fixture_ds)
    expected_blockers = [(d, len(blockers.active(status_as_of(fixture_ds, d)))) for d in days]
    assert blockers.count_over_time(fixture_ds, days[-1]) == expected_blockers
    for d, counts in levels_over_time(fixture_ds, days[-1]):
        assert counts == progress(status_as_of(fixture_ds, d)).by_level


def test_tiles_escape_data_and_link_each_point(fixture_ds):
    from dataclasses import replace

    from tracker.tiles import tiles_html
    statuses = status_as_of(fixture_ds, date(2025, 12, 19))
    hostile = replace(statuses[0], point=statuses[0].point.model_copy(update={"title": '<img src=x onerror="a()">'}))
    html = tiles_html([hostile, *statuses[1:]], {s.id: f"point?point={s.id}" for s in statuses})
    assert html.count('class="tile"') == 20 and 'href="point?point=4"' in html
    assert "<img" not in html and "&lt;img src=x onerror=&quot;a()&quot;&gt;" in html


def test_unclear_after_full_keeps_the_prerequisite_met(make_root, no_texts):
    log = LOG + """  - id: t5\n    points: [4]
    date: 2025-10-06
    level: full
    note: All back.
    indicators: {hostages-returned: 48}
    evidence: [{paragraph: 11, phrase: field conditions}]
  - id: t6
    points: [4]
    date: 2025-10-06
    level: unclear
    note: Conflicting reports.
    evidence: [{paragraph: 12, phrase: conflicting reports}]
"""
    ds = load(make_root({"log.yaml": log}), today=TODAY)
    assert ds.problems == []
    s = by_id(ds, "2025-10-06")
    assert s[4].level == "unclear" and s[5].unmet == [] and 5 not in dependencies.blocked_points(list(s.values()))


def test_actor_filter_follows_the_as_of_date(fixture_ds):
    from tracker.filters import Filters, point_ids
    vance = Filters(actors=("vance",))
    assert point_ids(fixture_ds, vance, date(2025, 10, 8)) == []  # named only from 21 October
    assert 3 in point_ids(fixture_ds, vance, date(2025, 10, 23))


def test_time_series_follow_the_filters(fixture_ds):
    from tracker import figures
    from tracker.filters import Filters
    from tracker.scene import Scene
    scene = Scene(fixture_ds, date(2025, 12, 19), Filters(phases=(2,)))
    fig = figures.blockers_over_time(scene)
    assert fig.data[0].y[-1] == len(scene.active) < len(blockers.active(scene.statuses))
