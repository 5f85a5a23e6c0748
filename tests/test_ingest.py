"""Ingest: boilerplate, dates, actors and points found in the seed articles, and a draft that validates.

Measured on the fixture record's five sources and their texts, with today fixed."""
import subprocess
import sys
from datetime import date

import pytest

from conftest import FIXTURE, REPO, TODAY, texts_or_skip
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
        root = make_root({f"{draft.source_id}.yaml": body})
        problems = [str(p) for p in load(root, today=TODAY).problems]
        assert problems == [], (draft.source_id, problems[:3])


def test_drafts_never_copy_article_sentences(evaluation, seeded):
    for _, _, draft in evaluation:
        body = ingest.to_yaml(draft, seeded)
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
