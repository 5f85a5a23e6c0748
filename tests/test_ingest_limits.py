"""Ingest on large or crafted texts: no pattern ever sees more than a paragraph's bounded
length, the number of pattern runs grows in step with the text, and a text over the limit is
refused with a clear message. Timing-free: the benchmark (benchmarks/bench_ingest_scaling.py)
measures the seconds."""
from __future__ import annotations

import importlib
import random
import re

import pytest

from helpers import run_cli
from tracker import ingest
from tracker.ingest import cues

bp = importlib.import_module("tracker.ingest.boilerplate")  # (the package's `boilerplate` is its function)

# the backtracking classes the probe named, and the ones an attacker would try next
CRAFTED = {
    "caption": lambda n: "Hamas said the ceasefire held. (" + "a/" * n,
    "caption, many lines": lambda n: ("Hamas said the ceasefire held. (" + "a/" * 280 + "\n") * (n // 300 + 1),
    "figures": lambda n: "All the hostages were released by Hamas, hostages " + "1," * n + "x",
    "figures, many lines": lambda n: ("All 20 hostages were released, hostages " + "1," * 900 + "x\n") * (n // 900 + 1),
    "n of m": lambda n: "".join(f"{i} of {i + 1} hostages were released.\n" for i in range(n // 20)),
    "keyword": lambda n: "the ceasefire collapsed and " * (n // 14),
    "actors": lambda n: "Israeli military Hamas Qatar Egypt Board of Peace ISF " * (n // 27),
    "numbers": lambda n: "The hostages were released: " + " ".join(map(str, range(n // 3))),
    "one long line": lambda n: ("Hamas released the hostages in Gaza as the ceasefire held. " * (n // 30)),
    "brackets": lambda n: "(" * n + "Reuters" + ")" * n,
    "dates": lambda n: "On March 1, 2026 and 2 March 2026 and 2026-03-03 " * (n // 25),
}


class Spy:
    """A compiled pattern that notes the length of every text it is run on."""

    def __init__(self, rx, seen):
        self._rx, self._seen = rx, seen

    def __getattr__(self, name):
        attr = getattr(self._rx, name)
        if name in ("search", "match", "fullmatch", "finditer", "findall", "split"):
            def run(string, *args, **kwargs):
                self._seen.append(len(string))
                return attr(string, *args, **kwargs)
            return run
        if name == "sub":
            def sub(repl, string, *args, **kwargs):
                self._seen.append(len(string))
                return attr(repl, string, *args, **kwargs)
            return sub
        return attr


@pytest.fixture
def seen(monkeypatch):
    """Every pattern ingest runs, spied on: module patterns, patterns compiled on the way, and the
    `re` functions given a pattern as text."""
    import importlib
    lengths: list[int] = []
    real_compile = re.compile
    monkeypatch.setattr(re, "compile", lambda *a, **k: Spy(real_compile(*a, **k), lengths))
    for fn in ("search", "match", "findall", "finditer", "sub", "split", "fullmatch"):
        real = getattr(re, fn)

        def spy(pattern, string, *args, _real=real, **kwargs):
            lengths.append(len(string))
            return _real(pattern, string, *args, **kwargs)
        monkeypatch.setattr(re, fn, spy)
    for name in ("article", "boilerplate", "cues", "dating", "draft", "matching"):
        mod = importlib.import_module(f"tracker.ingest.{name}")
        for attr, value in list(vars(mod).items()):
            if isinstance(value, re.Pattern):
                monkeypatch.setattr(mod, attr, Spy(value, lengths))
            elif isinstance(value, list) and value and all(isinstance(v, re.Pattern) for v in value):
                monkeypatch.setattr(mod, attr, [Spy(v, lengths) for v in value])
    return lengths


@pytest.mark.parametrize("kind", sorted(CRAFTED))
def test_no_pattern_sees_more_than_a_paragraph(fixture_ds, seen, kind):
    text = CRAFTED[kind](30_000)
    assert len(text) > ingest.MAX_PARAGRAPH * 5
    ingest.ingest(fixture_ds, text, "x")
    assert seen and max(seen) <= ingest.MAX_PARAGRAPH, (kind, max(seen))


@pytest.mark.parametrize("kind", sorted(CRAFTED))
def test_pattern_runs_grow_in_step_with_the_text(fixture_ds, seen, kind):
    def runs(n):
        seen.clear()
        ingest.ingest(fixture_ds, CRAFTED[kind](n), "x")
        return len(seen), sum(seen)
    small, large = runs(20_000), runs(80_000)
    assert large[0] <= 4.4 * small[0] + 50, (kind, small, large)  # runs
    assert large[1] <= 4.4 * small[1] + 50_000, (kind, small, large)  # characters read by patterns


def test_a_text_over_the_limit_is_refused_with_what_to_do(fixture_ds, fixture_app_env, tmp_path):
    with pytest.raises(ingest.ArticleTooLong, match="ingest reads at most 2,000,000"):
        ingest.ingest(fixture_ds, "word " * 400_001, "x")
    big = tmp_path / "big.txt"
    big.write_text("word " * 400_001)
    out = run_cli(fixture_app_env, "ingest", str(big))
    assert out.returncode == 2 and "keep the report itself" in out.stderr and "Traceback" not in out.stderr
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Hamas a libéré les otages.".encode("latin-1"))
    out = run_cli(fixture_app_env, "ingest", str(latin))
    assert out.returncode == 2 and "is not UTF-8 text (byte 0xe9" in out.stderr and "save it as UTF-8" in out.stderr


def test_a_long_paragraph_is_read_in_part_and_the_draft_says_so(fixture_ds):
    text = "Ceasefire news\n\n" + "Hamas released all the hostages in Gaza. " * 200 + "\n"
    draft = ingest.ingest(fixture_ds, text, "x")
    assert draft.cut == [2] and len(draft.paragraphs[1]) == ingest.MAX_PARAGRAPH
    assert "longer than 2,000 characters: only their first 2,000 were read" in ingest.report(draft, fixture_ds)


def test_the_caption_test_at_the_last_bracket_decides_as_the_search_did():
    rng = random.Random(26)
    pieces = ["(", ")", "AP", "/", "Reuters", " ", "a", "Pool", "x", "\n", "AFP"]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        assert bp.caption_credit(text) == bool(bp._CAPTION_CREDIT.search(text)), text


@pytest.mark.parametrize("text, figures", [
    ("27 of the 28 bodies were returned", [("27", "28")]),
    ("1,000 out of 2,000 prisoners", [("1,000", "2,000")]),
    ("on 12 March, 20 of 20 living hostages", [("20", "20")]),
    ("(3 of 4)", [("3", "4")]),
])
def test_figures_are_still_found(text, figures):
    assert [m.groups() for m in cues.OF_N.finditer(text)] == figures


def test_an_oversized_article_text_is_a_problem_and_never_read_whole(make_root, tmp_path, fixture_app_env):
    """The texts folder has its size limit too: a huge text is one problem, not a stalled or
    crashed validate; ingest reads no more than its limit of a file (here /dev/zero)."""
    import os

    from helpers import TODAY, fixture_status
    from tracker.load import load
    texts = tmp_path / "texts"
    texts.mkdir()
    root = make_root(fixture_status())
    sources = (root / "seeds" / "sources.yaml").read_text()
    name = sources.split("file: ", 1)[1].split("\n", 1)[0].strip()
    with open(texts / name, "wb") as fh:
        fh.truncate(11 * 1024 * 1024)  # sparse: 11 MB of nothing, made at once
    ds = load(root, today=TODAY, texts_folder=texts, cache=None)
    assert any(f"article text {name!r} is 11,534,336 bytes; the limit is" in p.message for p in ds.problems)
    out = run_cli(fixture_app_env, "ingest", "/dev/zero")
    assert out.returncode == 2 and "ingest reads at most 2,000,000 characters" in out.stderr
    assert "Traceback" not in out.stderr and os.path.exists("/dev/zero")


def test_only_the_first_paragraphs_are_read_and_the_draft_says_how_many_were_not(fixture_ds):
    text = "Hamas released all the hostages.\n" * (ingest.MAX_PARAGRAPHS + 500)
    draft = ingest.ingest(fixture_ds, text, "x")
    assert len(draft.paragraphs) == ingest.MAX_PARAGRAPHS and draft.unread == 500
    assert "only the first 2,000 paragraphs were read; 500 more were not" in ingest.report(draft, fixture_ds)
