"""Every command on both fixture plans (helpers.PLANS: the frozen record of the shipped plan and
the invented seven-point harbour accord, three phases, other parties and themes): the behaviour
that does not depend on the plan, checked on each. Every dashboard page on both is in
test_app.py, the published site on both in test_publish.py."""
from __future__ import annotations

import json
import subprocess
import sys
import zipfile

import yaml

from helpers import REPO, run_cli, texts_or_skip
from tracker.load import load

# An invented report per plan, for the analyst's loop: a point it is about, and a phrase of it.
REPORTS = {
    "record": ("Aid trucks enter Gaza\n\n"
               "More aid trucks entered Gaza on Monday through the Kerem Shalom crossing, the UN said.\n\n"
               "The talks on the next phase were expected to resume next week.\n", 7, "entered Gaza on Monday"),
    "harbour": ("Grain ships sail again\n\n"
                "The first grain ships sailed the grain corridor from Northport on Monday, Osterland said.\n\n"
                "Talks on the customs regime were expected to resume next week.\n", 6, "first grain ships sailed"),
}


def cli(plan_root, *args):
    out = run_cli(plan_root, *args)
    assert out.returncode == 0, (args, out.stdout[-2000:], out.stderr[-2000:])
    return out


def test_validate_status_and_agreement_answer_on_each_plan(any_plan):
    plan, root = any_plan
    ds = load(root, today=plan.today)
    assert not ds.problems
    valid = cli(root, "validate")
    assert f"valid: {len(ds.points)} points, {len(ds.actors)} actors, {len(ds.sources)} sources" in valid.stderr
    status = json.loads(cli(root, "status", "--format", "json").stdout)
    assert [p["id"] for p in status["points"]] == sorted(ds.points)
    assert status["as_of"] == plan.today.isoformat()
    table = cli(root, "status").stdout
    assert all(p.title[:20] in table for p in ds.points.values())
    one = cli(root, "status", "--point", str(plan.point)).stdout
    assert all(m.id in one for m in ds.points[plan.point].milestones)
    agreement = json.loads(cli(root, "agreement", "--format", "json").stdout)
    assert agreement["reviewed"] == len({r.ref for r in ds.reviews if r.ref})
    assert agreement["updates"] == len(ds.entries)


def test_a_report_goes_in_by_draft_and_by_hand_on_each_plan(any_plan, tmp_path, monkeypatch):
    plan, root = any_plan
    text, pid, phrase = REPORTS[plan.name]
    texts = tmp_path / "texts"  # the plan's texts and the new report's, as an analyst keeps them
    texts.mkdir()
    for f in (plan.texts or texts_or_skip()).glob("*.txt"):
        (texts / f.name).write_bytes(f.read_bytes())
    monkeypatch.setenv("TRACKER_TEXTS", str(texts))
    (texts / "new-report.txt").write_text(text, encoding="utf-8")
    day = plan.today.isoformat()
    cli(root, "new-source", "--id", "new-report", "--outlet", "A test outlet", "--headline", "A new report",
        "--kind", "newspaper", "--date", day, "--date-basis", "Dated by the test.", "--file", "new-report.txt",
        "--url", "https://example.org/new-report",
        "--summary", "A report written for the test.")
    draft = tmp_path / "draft.yaml"
    drafted = cli(root, "ingest", str(texts / "new-report.txt"), "--source-id", "new-report", "--out", str(draft))
    found = next(x for x in drafted.stderr.splitlines() if x.startswith("points found: "))
    assert str(pid) in found.removeprefix("points found: ").strip("[]").split(", "), found
    proposed = yaml.safe_load(draft.read_text(encoding="utf-8"))["updates"]
    assert pid in {p for u in proposed for p in u["points"]}
    for u in proposed:  # the analyst reads the draft and writes each note in their own words
        u["note"] = f"Read by the analyst: the report speaks of point {u['points'][0]}."
    draft.write_text(yaml.safe_dump({"source": "new-report", "updates": proposed}, sort_keys=False), encoding="utf-8")
    cli(root, "new-update", "--source", "new-report", "--from-draft", str(draft))
    cli(root, "new-update", "--source", "new-report", "--point", str(pid), "--date", day, "--level", "intermediate",
        "--note", "Written by hand for the test.", "--paragraph", "2", "--phrase", phrase)
    assert cli(root, "validate").returncode == 0
    ds = load(root, today=plan.today)
    mine = [e for e in ds.entries if e.source == "new-report"]
    assert len(mine) == len(proposed) + 1 and mine[-1].update.note == "Written by hand for the test."
    now = json.loads(cli(root, "status", "--format", "json").stdout)
    assert next(p for p in now["points"] if p["id"] == pid)["level"] == "intermediate"


def test_snapshot_and_release_carry_the_plans_own_name(any_plan, tmp_path):
    plan, root = any_plan
    ds = load(root, today=plan.today)
    snap = tmp_path / "snap"
    cli(root, "snapshot", "--out", str(snap), "--formats", "html")
    pages = [p.read_text(encoding="utf-8").replace("\\u003cbr\\u003e", " ") for p in snap.rglob("*_*.html")]
    assert pages and all(f"{ds.plan.name}, data" in p for p in pages)  # each chart's source stamp
    out = tmp_path / "release"
    cli(root, "release", "1.0.0", "--out", str(out))
    zips = list(out.glob("*.zip"))
    assert [z.name for z in zips] == [f"{ds.plan.name_slug}-1.0.0.zip"]
    with zipfile.ZipFile(zips[0]) as z:
        names = z.namelist()
        codebook = next(n for n in names if n.endswith("codebook.md"))
        book = z.read(codebook).decode()
    assert ds.plan.title in book
    assert all(word not in book for word in plan.other_words)


def test_check_yaml_reads_each_plans_files(any_plan):
    plan, root = any_plan
    files = sorted(str(p) for p in root.rglob("*.yaml"))
    out = subprocess.run([sys.executable, "-m", "tracker", "check-yaml", *files], cwd=REPO, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    assert len(files) >= 6
