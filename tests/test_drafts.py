"""new-update --from-draft: an analyst's edited draft into the record in one step, or nothing written
with every reason at its line in the draft."""
import re

import pytest

from helpers import TODAY, copy_record, run_cli
from tracker.load import load

SRC = "miami-summit-2025-12-19"
DRAFT = """source: miami-summit-2025-12-19
updates:
  - id: draft-1
    points: [7]  # confidence medium
    date: 2025-12-19
    level: minimal
    note: 'DRAFT, machine-proposed: replace.'
    blockers:
      - id: draft-7-3-outstanding
        text: "DRAFT: describe."
        category: outstanding
        actors: [israel]
    evidence:
      - {paragraph: 3, phrase: the delivery of aid}
    draft: true
  - id: draft-2
    points: [14]
    date: 2025-12-19
    level: minimal
    note: The mediators met in Miami.
    evidence:
      - {paragraph: 2, phrase: in Miami}
    draft: true
"""


@pytest.fixture
def record(tmp_path):
    return copy_record(tmp_path / "record")


@pytest.fixture
def env(tmp_path):
    return {"TRACKER_TODAY": TODAY.isoformat(), "TRACKER_TEXTS": str(tmp_path / "absent")}


def accept(record, draft_path, *extra, env):
    return run_cli(record, "new-update", "--source", SRC, "--from-draft", str(draft_path), *extra, env=env)


def test_placeholders_are_refused_at_their_lines_and_nothing_is_written(record, env, tmp_path):
    draft = tmp_path / "draft.yaml"
    draft.write_text(DRAFT, encoding="utf-8")
    status = record / f"status/{SRC}.yaml"
    before = status.read_bytes()
    out = accept(record, draft, env=env)
    assert out.returncode == 1 and status.read_bytes() == before
    assert f"{draft}:7:11: the note is still the draft's" in out.stdout
    assert f"{draft}:10:15: the blocker's text is still the draft's" in out.stdout
    assert f"{draft}:9:13: blocker id 'draft-7-3-outstanding' is the draft's" in out.stdout
    assert "nothing was written" in out.stderr


def test_the_chosen_updates_are_appended_with_ids_of_their_own(record, env, tmp_path):
    draft = tmp_path / "draft.yaml"
    draft.write_text(DRAFT.replace("'DRAFT, machine-proposed: replace.'", "Aid is held at the crossings.")
                     .replace('"DRAFT: describe."', "Israel holds aid at the crossings.")
                     .replace("draft-7-3-outstanding", "aid-held"), encoding="utf-8")
    out = accept(record, draft, env=env)
    assert out.returncode == 0, out.stdout + out.stderr
    assert re.findall(r"appended draft (draft-\d) as update (u\d+)", out.stderr) == [("draft-1", "u13"), ("draft-2", "u14")]
    ds = load(record, today=TODAY, texts_folder=tmp_path / "absent", cache=None)
    assert ds.problems == [] and ds.drafts == []  # the draft flag is gone: they count
    mine = {e.update.id: e.update for e in ds.entries if e.source == SRC}
    assert mine["u13"].blockers[0].id == "aid-held" and mine["u14"].note == "The mediators met in Miami."


def test_only_takes_the_named_drafts(record, env, tmp_path):
    draft = tmp_path / "draft.yaml"
    draft.write_text(DRAFT, encoding="utf-8")
    out = accept(record, draft, "--only", "draft-2", env=env)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "appended draft draft-2 as update u13" in out.stderr
    bad = accept(record, draft, "--only", "draft-9", env=env)
    assert bad.returncode == 1 and "no draft update 'draft-9' (the draft has draft-1, draft-2)" in bad.stdout


def test_a_problem_of_the_record_is_told_at_the_draft_update(record, env, tmp_path):
    draft = tmp_path / "draft.yaml"
    draft.write_text(DRAFT.replace("points: [14]", "points: [99]"), encoding="utf-8")
    status = record / f"status/{SRC}.yaml"
    before = status.read_bytes()
    out = accept(record, draft, "--only", "draft-2", env=env)
    assert out.returncode == 1 and status.read_bytes() == before
    assert f"{draft}:16: update draft-2: unknown point 99" in out.stdout


@pytest.mark.parametrize("extra, message", [
    (("--point", "4"), "leave out --point"),
    (("--source", "no-such-source"), "unknown source 'no-such-source'"),
])
def test_bad_combinations_are_refused(record, env, tmp_path, extra, message):
    draft = tmp_path / "draft.yaml"
    draft.write_text(DRAFT, encoding="utf-8")
    out = accept(record, draft, *extra, env=env)
    assert out.returncode == 2 and message in out.stderr


def test_a_draft_of_another_source_is_refused(record, env, tmp_path):
    draft = tmp_path / "draft.yaml"
    draft.write_text(DRAFT.replace("source: miami-summit-2025-12-19", "source: toi-cmcc-2025-10-23"), encoding="utf-8")
    out = accept(record, draft, env=env)
    assert out.returncode == 1 and "the draft is of source 'toi-cmcc-2025-10-23'" in out.stdout


def test_from_ingest_to_the_record(record, env, tmp_path):
    """The loop as the editing guide gives it: ingest --out, edit, new-update --from-draft, validate."""
    article = tmp_path / "article.txt"
    article.write_text("Mediators meet in Miami\n\nThe mediators met in Miami on Friday to push the ceasefire's second "
                       "phase.\n\nIsrael said aid deliveries into Gaza would stay limited until Hamas disarms.\n",
                       encoding="utf-8")
    draft = tmp_path / "draft.yaml"
    made = run_cli(record, "ingest", str(article), "--source-id", SRC, "--date", "2025-12-19", "--out", str(draft),
                   env=env)
    assert made.returncode == 0, made.stderr
    text = draft.read_text(encoding="utf-8")
    n = len(re.findall(r"^  - id: draft-", text, flags=re.M))
    assert n >= 1
    text = re.sub(r"note: 'DRAFT[^']*'", "note: The report says so, in our words.", text)  # the analyst's edits
    text = re.sub(r'text: "DRAFT[^"]*"', "text: An obstacle the report names.", text)
    text = re.sub(r"id: draft-(\d+)-(\d+)-(\w+)", r"id: obstacle-\1-\2-\3", text)
    draft.write_text(text, encoding="utf-8")
    out = accept(record, draft, env=env)
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stderr.count("appended draft") == n
    assert run_cli(record, "validate", env=env).returncode == 0


def test_new_update_writes_every_field_of_an_update(record, env):
    """Every key of an update the schema allows, from the command line alone."""
    from tracker.model import Update
    out = run_cli(record, "new-update", "--source", SRC, "--point", "4", "--point", "7", "--id", "u-all",
                  "--date", "2025-12-19", "--level", "intermediate", "--momentum", "advancing",
                  "--note", "More remains came back, Hamas says; Israel still holds aid.",
                  "--rationale", "Part of the returns done.", "--confidence", "low",
                  "--indicator", "hostages-returned=30", "--milestone", "deceased-returned=partly",
                  "--milestone", "exchange-facilitated=israel:not_met", "--claim", "deceased-returned=hamas",
                  "--actor", "hamas", "--actor", "israel", "--confirm", "gvili-remains",
                  "--blocker", "{id: aid-held, text: Israel holds aid at the crossings., category: refusal, "
                               "actors: [israel], until: {point: 4, indicator: hostages-returned, text: all back}}",
                  "--disputed", "{claim: Israel says fewer came back., by: [israel], "
                                "evidence: [{paragraph: 4, phrase: fewer came back, claimed_by: israel}]}",
                  "--paragraph", "3", "--phrase", "more remains", "--claimed-by", "hamas",
                  "--paragraph", "5", "--phrase", "aid is held", env=env)
    assert out.returncode == 0, out.stdout + out.stderr
    ds = load(record, today=TODAY, texts_folder=record / "absent", cache=None)
    assert ds.problems == []
    (u,) = [e.update for e in ds.entries if e.update.id == "u-all"]
    assert [(ev.paragraph, ev.phrase, ev.claimed_by) for ev in u.evidence] == [
        (3, "more remains", "hamas"), (5, "aid is held", None)]
    assert u.blockers[0].until.indicator == "hostages-returned" and u.claims == {"deceased-returned": "hamas"}
    assert u.milestones == {"deceased-returned": "partly", "exchange-facilitated": {"israel": "not_met"}}
    written = {k for k, v in u.model_dump().items() if v not in (None, [], {}, False)}
    assert u.disputed.by == ["israel"] and u.disputed.evidence[0].claimed_by == "israel"
    # every field but resolves (it cannot end the blocker it confirms; test_cli writes it) and draft (ingest's)
    assert written == set(Update.model_fields) - {"resolves", "draft"}, written
    bad = run_cli(record, "new-update", "--source", SRC, "--point", "4", "--blocker", "[not, a, mapping]", env=env)
    assert bad.returncode == 2 and "expected a blocker as a YAML mapping" in bad.stderr


def test_ingest_out_never_writes_over_the_record_or_an_existing_file(record, env, tmp_path):
    """`ingest --out` writes a new file outside the data folders, whole or not at all."""
    article = tmp_path / "article.txt"
    article.write_text("Mediators meet in Miami\n\nThe mediators met in Miami on Friday.\n", encoding="utf-8")
    status = record / "status" / f"{SRC}.yaml"
    before = {p: p.read_bytes() for p in record.rglob("*") if p.is_file()}
    for target in (status, record / "status" / "new.yaml", record / "reviews" / "x.yaml", record / "plan" / "p.yaml"):
        out = run_cli(record, "ingest", str(article), "--source-id", SRC, "--out", str(target), "--replace", env=env)
        assert out.returncode == 2 and "holds the record; ingest never writes there" in out.stderr, out.stderr
        assert "--from-draft" in out.stderr
    assert {p: p.read_bytes() for p in record.rglob("*") if p.is_file()} == before
    mine = tmp_path / "mine.yaml"
    mine.write_text("my notes\n")
    out = run_cli(record, "ingest", str(article), "--source-id", SRC, "--out", str(mine), env=env)
    assert out.returncode == 2 and "exists; nothing was written (add --replace" in out.stderr
    assert mine.read_text() == "my notes\n"
    out = run_cli(record, "ingest", str(article), "--source-id", SRC, "--out", str(mine), "--replace", env=env)
    assert out.returncode == 0 and "source: " + SRC in mine.read_text()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no temporary file left


def test_a_draft_written_elsewhere_links_the_schema_from_where_it_is(record, env, tmp_path):
    """Editors find the status schema from the draft's own folder (the path is relative to it)."""
    article = tmp_path / "article.txt"
    article.write_text("Mediators meet in Miami\n\nThe mediators met in Miami on Friday.\n", encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    draft = tmp_path / "drafts" / "d.yaml"
    assert run_cli(record, "ingest", str(article), "--source-id", SRC, "--out", str(draft), env=env).returncode == 0
    first = draft.read_text().splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    assert (draft.parent / first.split("$schema=", 1)[1]).resolve() == (record / "schema" / "status.schema.json").resolve()


@pytest.mark.parametrize("bad", ["../../etc/passwd", "a\nb", "\x1b[31m", "a: b # c", "!!python/object", "x" * 5000])
def test_ingest_refuses_a_source_id_that_is_not_an_id(record, env, tmp_path, bad):
    article = tmp_path / "article.txt"
    article.write_text("Mediators meet in Miami\n\nThe mediators met in Miami on Friday.\n", encoding="utf-8")
    out = run_cli(record, "ingest", str(article), "--source-id", bad, env=env)
    assert out.returncode == 2 and "is not a source id" in out.stderr and out.stdout == ""
    assert "\x1b" not in out.stderr and "\n" not in out.stderr.strip()


def test_a_source_id_taken_from_the_file_name_is_made_an_id(record, env, tmp_path):
    article = tmp_path / "My Report (1).txt"
    article.write_text("Mediators meet in Miami\n\nThe mediators met in Miami on Friday.\n", encoding="utf-8")
    out = run_cli(record, "ingest", str(article), env=env)
    assert out.returncode == 0 and "source: my-report-1\n" in out.stdout, out.stderr
