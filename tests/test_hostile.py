"""Hostile and broken inputs: each gives one clear problem naming its file, never runs
anything, and the app keeps serving the valid rest without rendering data as HTML.

Speed and memory for these files are measured by benchmarks/bench_hostile.py."""
import re
import shutil
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from helpers import REPO, TODAY, fixture_status
from tracker.load import load

CORPUS = REPO / "tests" / "hostile"

# file -> (line it names, or None where the parser cannot know, what the message says)
EXPECTED = {
    "syntax-error.yaml": (4, "YAML syntax error"),
    "tabs.yaml": (4, "tabs cannot indent YAML"),
    "duplicate-keys.yaml": (6, "duplicate key 'level' (first at line 5)"),
    "alias-bomb.yaml": (2, "aliases are not allowed"),  # the first alias (*a), not the anchor
    "python-tag.yaml": (6, "tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"),
    "empty.yaml": (1, "file is empty"),
    "scalar-top.yaml": (1, "expected a mapping of keys at the top, got a text"),
    "list-top.yaml": (1, "expected a mapping of keys at the top, got a list"),
    "wrong-types.yaml": (3, "updates[0].points: expected a valid list, got text 'three'"),
    "impossible-date.yaml": (4, "2025-02-30 is not a real date"),
    "unknown-ids.yaml": (3, "unknown point 33"),
    "binary.yaml": (3, "file is binary (a NUL byte on line 3)"),
    "latin-1.yaml": (4, "not UTF-8 text (byte 0xe9"),
}


def generated(tmp: Path) -> dict[str, tuple]:
    """Inputs too big to commit: made for the test."""
    deep = tmp / "deep-nesting.yaml"
    deep.write_text("source: " + "[" * 50_000 + "]" * 50_000 + "\n")
    big = tmp / "huge.yaml"
    with big.open("w") as fh:
        fh.write("source: miami-summit-2025-12-19\nupdates:\n")
        chunk = "  - {points: [3], date: 2025-12-19, level: minimal, note: padding, evidence: []}\n" * 1000
        while fh.tell() < 30 * 1024 * 1024:
            fh.write(chunk)
    return {deep.name: (deep, 1, "nesting is deeper than 64 levels"),
            big.name: (big, 1, "the limit is 10,485,760")}


def cases(tmp):
    out = {name: (CORPUS / name, line, msg) for name, (line, msg) in EXPECTED.items()}
    out["markup-note.yaml"] = (CORPUS / "markup-note.yaml", None, "")
    out.update(generated(tmp))
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return cases(tmp_path_factory.mktemp("generated"))


def test_corpus_is_complete():
    assert sorted(p.name for p in CORPUS.glob("*.yaml")) == sorted([*EXPECTED, "markup-note.yaml"])


@pytest.mark.parametrize("name", sorted([*EXPECTED, "deep-nesting.yaml", "huge.yaml"]))
def test_validator_gives_one_clear_problem(name, corpus, make_root, no_texts):
    source, line, message = corpus[name]
    root = make_root()
    shutil.copyfile(source, root / "status" / name)
    problems = [p for p in load(root, today=TODAY).problems]
    assert len(problems) == 1, [str(p) for p in problems]
    p = problems[0]
    assert p.path == f"status/{name}" and message in p.message, str(p)
    assert p.line == line, str(p)


def test_python_tags_never_run(corpus, make_root, no_texts, tmp_path):
    marker = Path("/tmp/tracker-pwned")
    marker.unlink(missing_ok=True)
    root = make_root()
    shutil.copyfile(corpus["python-tag.yaml"][0], root / "status" / "python-tag.yaml")
    load(root, today=TODAY)
    assert not marker.exists()


def test_markup_in_a_note_is_valid_data(make_root, no_texts):
    root = make_root()
    shutil.copyfile(CORPUS / "markup-note.yaml", root / "status" / "markup-note.yaml")
    ds = load(root, today=TODAY)
    assert ds.problems == [] and "<script>" in ds.entries[0].update.note


@pytest.fixture
def app_root(make_root, fixture_env, corpus):
    root = fixture_env(make_root(fixture_status()))
    for name in ("alias-bomb.yaml", "python-tag.yaml", "binary.yaml", "deep-nesting.yaml", "huge.yaml",
                 "syntax-error.yaml"):
        shutil.copyfile(corpus[name][0], root / "status" / name)
    # the markup note joins its source's own file (one status file per source)
    miami = root / "status" / "miami-summit-2025-12-19.yaml"
    markup = (CORPUS / "markup-note.yaml").read_text().split("updates:\n", 1)[1]
    miami.write_text(miami.read_text() + markup)
    st.cache_resource.clear()
    yield root
    st.cache_resource.clear()


def test_app_keeps_serving_and_shows_each_problem(app_root):
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    panel = at.code[0].value
    for name in ("alias-bomb", "python-tag", "binary", "deep-nesting", "huge", "syntax-error"):
        assert f"status/{name}.yaml" in panel
    html = " ".join(h.proto.body for h in at.get("html"))
    assert html.count('class="tile"') == 20  # the valid rest is there
    for page in ("views/point.py", "views/blockers.py", "views/timeline.py", "views/sources.py"):
        at.query_params["point"] = "18"
        at.switch_page(page).run()
        assert not at.exception, (page, [e.value for e in at.exception])


def test_app_never_renders_data_as_html(app_root):
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=120)
    at.query_params["point"] = "18"
    at.run()
    at.switch_page("views/point.py").run()
    rendered = " ".join(str(m.value) for m in [*at.markdown, *at.info, *at.caption])
    assert "alert" in rendered  # the note is shown…
    # …as text: every < and every link bracket of the data is escaped, so Markdown shows it literally
    assert re.search(r"(?<!\\)<", rendered) is None
    assert "](javascript:" not in rendered and "\\]\\(javascript\\:" in rendered
    html_blocks = [h.proto.body for h in at.get("html")] if at.get("html") else []
    assert all("<script" not in b for b in html_blocks)
