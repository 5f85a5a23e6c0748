"""Another plan than Gaza's: `python -m tracker init` makes a data root that validates, takes a
report through new-source and new-update, opens in the dashboard with its own title and themes,
and publishes; the themes are the plan's own (plan/plan.yaml), checked against its points."""
from __future__ import annotations

import subprocess
import sys

import streamlit as st
from streamlit.testing.v1 import AppTest

from helpers import REPO, TODAY, run_cli

TITLE = "Five-point river accord"


def make(tmp_path, *more: str):
    root = tmp_path / "river"
    done = subprocess.run([sys.executable, "-m", "tracker", "init", str(root), "--title", TITLE, "--points", "5",
                           "--phases", "2", "--released", "2025-11-01", *more], cwd=REPO, capture_output=True,
                          text=True, timeout=120)
    return root, done


def test_init_makes_a_root_that_validates_and_lists_what_to_fill_in(tmp_path, no_texts):
    root, done = make(tmp_path)
    assert done.returncode == 0, done.stderr
    for rel in ("plan/plan.yaml", "plan/points.yaml", "plan/actors.yaml", "seeds/sources.yaml", "README.md",
                "schema/status.schema.json"):
        assert (root / rel).is_file(), rel
    assert (root / "status").is_dir() and (root / "reviews").is_dir()
    env = {"TRACKER_TODAY": TODAY.isoformat()}
    out = run_cli(root, "validate", env=env)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "placeholder(s) still to fill in" in out.stderr and "plan/points.yaml: point 1 summary" in out.stderr
    assert "no report yet" in out.stderr and "valid: 5 points, 2 actors, 0 sources" in out.stderr
    again = make(tmp_path)[1]
    assert again.returncode == 2 and "is not empty" in again.stderr


def test_a_new_plan_takes_a_report_opens_in_the_dashboard_and_publishes(tmp_path, monkeypatch):
    root, done = make(tmp_path)
    assert done.returncode == 0, done.stderr
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "r1.txt").write_text("River accord signed\n\nThe two parties signed the river accord on Monday.\n",
                                  encoding="utf-8")
    env = {"TRACKER_TODAY": TODAY.isoformat(), "TRACKER_TEXTS": str(texts)}
    assert run_cli(root, "new-source", "--id", "wire-2025-12-01", "--outlet", "Wire", "--headline", "Signed",
                   "--kind", "wire", "--date", "2025-12-01", "--date-basis", "Dated in the text.", "--url",
                   "https://example.org/r1", "--file", "r1.txt", "--summary", "The parties signed.",
                   env=env).returncode == 0
    added = run_cli(root, "new-update", "--source", "wire-2025-12-01", "--point", "1", "--date", "2025-12-01",
                    "--level", "minimal", "--note", "The parties signed the accord.", "--paragraph", "2",
                    "--phrase", "signed the river accord", env=env)
    assert added.returncode == 0, added.stderr
    assert run_cli(root, "validate", env=env).returncode == 0
    site = tmp_path / "site"
    published = run_cli(root, "publish", "--out", str(site), "--as-of", "2025-12-31", env=env)
    assert (site / "index.html").exists(), published.stderr
    assert TITLE in (site / "index.html").read_text()
    shipped = _shipped_terms()  # nothing a reader of the new plan's site sees names the shipped plan
    seen = {p.relative_to(site).as_posix(): sorted({h.lower() for h in shipped.findall(p.read_text(encoding="utf-8"))})
            for ext in ("html", "xml", "json", "csv", "js") for p in site.rglob(f"*.{ext}")
            if not p.name.startswith("plotly")}  # (plotly's own code holds every country's name, for its maps)
    assert not {page: words for page, words in seen.items() if words}
    assert "Where the 5 points stand" in (site / "embed/status-board/index.html").read_text(encoding="utf-8")
    assert not [p for p in site.rglob("*.html") if "20 points" in p.read_text(encoding="utf-8")]  # the shipped count
    monkeypatch.setenv("TRACKER_ROOT", str(root))
    monkeypatch.setenv("TRACKER_TODAY", TODAY.isoformat())
    monkeypatch.setenv("TRACKER_TEXTS", str(texts))
    st.cache_resource.clear()
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("point river accord" in t.value for t in at.title), [t.value for t in at.title]  # (markdown-escaped)
    assert at.multiselect(key="theme").options == ["General"]
    for page in ("views/overview.py", "views/methodology.py", "views/point.py"):
        at.switch_page(page).run()
        assert not at.exception, (page, [e.value for e in at.exception])
        shown = " ".join(str(x.value) for kind in (at.markdown, at.caption, at.title, at.header, at.subheader,
                                                   at.info, at.code) for x in kind)
        assert not shipped.findall(shown), (page, sorted(set(shipped.findall(shown))))


def test_a_point_theme_the_plan_does_not_declare_is_a_problem(tmp_path, no_texts):
    root, done = make(tmp_path)
    points = root / "plan" / "points.yaml"
    points.write_text(points.read_text().replace("themes: [general]", "themes: [hostages_prisoners]", 1))
    out = run_cli(root, "validate", env={"TRACKER_TODAY": TODAY.isoformat()})
    assert out.returncode == 1 and "point 1: unknown theme 'hostages_prisoners'; the plan declares general" in out.stdout


def _shipped_terms():
    """The shipped plan's actors (names, aliases, ids of 4 letters or more) and places, as a pattern."""
    import re

    import yaml
    actors = yaml.safe_load((REPO / "plan" / "actors.yaml").read_text())["actors"]
    terms = {"gaza", "rafah", "hostage", "hostages"}
    for a in actors:
        terms |= {n.lower() for n in (a["name"], *a.get("aliases", []), a["id"]) if len(n) >= 4}
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
                      + r")(?![\w-])", re.I)


def test_the_code_names_no_actor_or_place_of_the_shipped_plan():
    rx = _shipped_terms()
    files = [p for ext in ("py", "html", "xml", "css", "js") for p in (REPO / "tracker").rglob(f"*.{ext}")]
    files += [*(REPO / "views").glob("*.py"), REPO / "dashboard.py"]
    found = {}
    for path in files:
        hits = rx.findall(path.read_text(encoding="utf-8"))
        if hits:
            found[path.relative_to(REPO).as_posix()] = (len(hits), sorted({h.lower() for h in hits}))
    assert not found, f"the code names the shipped plan's actors or places: {found}"


def test_the_examples_init_writes_as_comments_validate_once_uncommented(tmp_path, no_texts):
    """The commented examples (a point's indicator, milestone, deadline, dependency; the age rules) are
    the shapes the files take: uncommented, the root still validates and notes point 1's empty lexicon."""
    root, done = make(tmp_path)
    assert done.returncode == 0, done.stderr
    points = root / "plan" / "points.yaml"
    text = points.read_text(encoding="utf-8")
    for key in ("indicators", "milestones", "deadlines", "depends_on"):
        text = text.replace(f"    # {key}:", f"    {key}:", 1)
    text = text.replace("    #   - {", "      - {")
    points.write_text(text, encoding="utf-8")
    plan = root / "plan" / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("# age_rules:", "age_rules:"), encoding="utf-8")
    out = run_cli(root, "validate", env={"TRACKER_TODAY": TODAY.isoformat()})
    assert out.returncode == 0, out.stdout + out.stderr
    from tracker.load import load
    from tracker.scaffold import placeholders
    ds = load(root, today=TODAY)
    assert any(p.startswith("plan/points.yaml: point 1 lexicon") for p in placeholders(ds))
    assert [m.id for m in ds.points[1].milestones] == ["quota-agreed"] and ds.points[1].indicators[0].target == 12
    assert ds.plan.age_rules.blocker_days == 90
