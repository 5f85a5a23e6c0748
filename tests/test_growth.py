"""Growth is the normal case: one valid later report, added through the CLI to a copy of the
shipped data, passes validation and leaves every shipped-data check green.

The copy is built once per session (tests/growth.py, fixture ``grown``); the checks of the
shipped data in test_dataset.py and test_cli.py run on it too, through ``record``. Here:
the additions themselves, and that the history before them is unchanged.
"""
import json
from datetime import date

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from helpers import REPO, ROOT_ENV
from tracker import dates, export
from tracker.dates import TODAY_ENV
from tracker.load import load
from tracker.status import change_dates, latest_report, status_as_of
from tracker.texts import TEXTS_ENV


def test_the_cli_adds_a_valid_report_dated_today(grown):
    assert grown.day == date.today()
    for name, out in grown.steps.items():
        assert out.returncode == 0, (name, out.stdout + out.stderr)
    assert f"locators checked against {grown.texts}" in grown.steps["validate"].stderr
    ds = grown.dataset
    assert ds.problems == []
    assert grown.source_id in ds.sources and grown.source_id in ds.articles  # its text was read
    assert [e.update.points for e in ds.entries if e.source == grown.source_id] == [[grown.point]]


def test_the_report_moves_its_point_today_and_leaves_the_past_alone(grown):
    shipped, ds, day = load(REPO, grown.texts, today=grown.day), grown.dataset, grown.day
    assert latest_report(ds, day) == day
    before = {s.id: s.level for s in status_as_of(shipped, day)}
    after = {s.id: s.level for s in status_as_of(ds, day)}
    assert before[grown.point] == grown.level_before != grown.level_after == after[grown.point]
    assert {k: v for k, v in after.items() if k != grown.point} == \
           {k: v for k, v in before.items() if k != grown.point}
    past = [d for d in change_dates(shipped) if d < day]
    assert past
    def document(data, d):  # the status document, less the data version (a hash of the files)
        doc = export.status_document(data, status_as_of(data, d), d)
        assert doc.pop("data_version") == data.version
        return doc
    for d in past:  # every earlier day reads exactly as before
        assert document(ds, d) == document(shipped, d), d


def test_status_command_answers_as_of_today_with_the_new_report(grown):
    out = grown.cli("status", "--format", "json")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["as_of"] == grown.day.isoformat()
    assert doc["points"][grown.point - 1]["level"] == grown.level_after


@pytest.fixture
def grown_app(grown, monkeypatch):
    monkeypatch.setenv(ROOT_ENV, str(grown.root))
    monkeypatch.setenv(TEXTS_ENV, str(grown.texts))
    monkeypatch.delenv(TODAY_ENV, raising=False)  # the real date
    st.cache_resource.clear()
    yield grown
    st.cache_resource.clear()


def test_the_dashboard_shows_the_new_report_by_default(grown_app):
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not any("problem" in e.label for e in at.expander)  # no problems panel
    assert at.date_input(key="as_of").value == grown_app.day
    assert {m.label: m.value for m in at.metric}["Latest report"] == dates.short(grown_app.day)
    assert not any("No report after" in i.value for i in at.info)
    at.query_params["point"] = str(grown_app.point)
    at.switch_page("views/point.py").run()
    level = {m.label: m.value for m in at.metric}["Level"]
    assert level.lower().replace(" ", "_") == grown_app.level_after
