"""The safe reader: values, refusals and the file:line of each problem."""
import pytest
import yaml

from tracker import yamlsafe
from tracker.yamlsafe import MAX_DEPTH, locate, parse_yaml


def one_problem(raw: bytes) -> str:
    out = parse_yaml(raw, "f.yaml")
    assert len(out.problems) == 1, out.problems
    return str(out.problems[0])


@pytest.mark.parametrize("text, expected", [
    ("a: 2025-10-01", {"a": "2025-10-01"}),      # dates stay text; the models parse them
    ("a: no\nb: on", {"a": "no", "b": "on"}),    # YAML 1.1 booleans stay text
    ("a: true\nb: false", {"a": True, "b": False}),
    ("a: 12\nb: 1.5\nc: 0x1F", {"a": 12, "b": 1.5, "c": 31}),
    ("a: '12'", {"a": "12"}),
    ("a: ~\nb:", {"a": None, "b": None}),
    ("a: [1, 2]\nb: {c: d}", {"a": [1, 2], "b": {"c": "d"}}),
])
def test_plain_values(text, expected):
    out = parse_yaml(text.encode(), "f.yaml")
    assert out.problems == []
    assert out.data == expected


@pytest.mark.parametrize("raw, expected", [
    (b"a: 1\nb: 2\na: 3\n", "f.yaml:3:1: duplicate key 'a' (first at line 1)"),
    (b"a: !!python/object/apply:os.system [echo hi]\n", "f.yaml:1:4: tag"),
    (b"a: !custom x\n", "f.yaml:1:4: tag '!custom' is not allowed"),
    (b"a: &x [1]\nb: *x\n", "aliases are not allowed"),
    (b"a:\n\tb: 1\n", "f.yaml:2:1: YAML syntax error"),
    (b"a: [1, 2\n", "YAML syntax error"),
    (b"", "f.yaml:1: file is empty"),
    (b"# only a comment\n", "file holds no document"),
    (b"a: 1\x00", "file is binary"),
    (b"a: caf\xe9\n", "f.yaml:1: not UTF-8 text (byte 0xe9"),
    (b"a: " + b"[" * 5000 + b"]" * 5000, f"nesting is deeper than {MAX_DEPTH} levels"),
    (b"base: &b {x: 1}\nc:\n  <<: *b\n", "merge keys"),
    (b"a:\n  " + b"- " * 100 + b"x\n", "nesting is deeper than 64"),
    (b"- " * 50_000 + b"x\n", "nesting is deeper than 64"),  # on one line: once crashed libyaml
    (b"a:\n" + b"".join(b"  " * i + b"k:\n" for i in range(1, 80)) + b"  " * 80 + b"v\n", "nesting is deeper"),
    (b"a: ok\nb: bell\x07\n", "f.yaml:2: character U+0007 is not allowed"),
])
def test_each_refusal_is_one_located_problem(raw, expected):
    assert expected in one_problem(raw)


DEEP = {
    "flow, 5,000 levels": b"a: " + b"[" * 5000 + b"]" * 5000,
    "flow, 50,000 levels on one line": b"source: " + b"[" * 50_000 + b"]" * 50_000 + b"\n",
    "flow, unclosed past libyaml's limit": b"a: " + b"[" * 2000 + b"\n",
    "flow, one past the limit": b"a: [" + b"{x: " * 63 + b"1" + b"}" * 63 + b"]\n",
    "block sequence on one line": b"- " * 50_000 + b"x\n",
    "block sequence, indented": b"a:\n  " + b"- " * 100 + b"x\n",
    "block mappings": b"a:\n" + b"".join(b"  " * i + b"k:\n" for i in range(1, 80)) + b"  " * 80 + b"v\n",
}
PARSERS = {"libyaml": yamlsafe.CLoader, "python": yamlsafe.PureLoader}


@pytest.fixture(params=sorted(PARSERS))
def parser(request, monkeypatch):
    """Run a test once with libyaml's parser and once with PyYAML's own: PyYAML 6.0.4's
    libyaml has a nesting limit of its own (1,000 flow levels) that 6.0.3's did not."""
    loader = PARSERS[request.param]
    if loader is None:
        pytest.skip(f"PyYAML {yaml.__version__} is built without libyaml")
    monkeypatch.setattr(yamlsafe, "_Loader", loader)
    return request.param


@pytest.mark.parametrize("case", sorted(DEEP))
def test_deep_nesting_is_one_problem_whichever_parser(case, parser):
    out = parse_yaml(DEEP[case], "f.yaml")
    assert [str(p) for p in out.problems] == [
        f"f.yaml:1: nesting is deeper than {MAX_DEPTH} levels; expected a flat status file"]
    assert out.data is None


def test_nesting_at_the_limit_is_read_whichever_parser(parser):
    raw = b"a: " + b"[" * (MAX_DEPTH - 1) + b"x" + b"]" * (MAX_DEPTH - 1) + b"\n"
    out = parse_yaml(raw, "f.yaml")
    assert out.problems == []
    value = out.data["a"]
    for _ in range(MAX_DEPTH - 1):
        value = value[0]
    assert value == "x"


def test_syntax_error_in_a_deep_looking_file_keeps_its_line(parser):
    raw = b"a:\n" + b" " * 40 + b"b: 1\nc: [1, 2\n"
    (problem,) = parse_yaml(raw, "f.yaml").problems
    assert problem.path == "f.yaml" and "YAML syntax error" in problem.message and problem.line is not None


def test_tabs_get_a_hint():
    assert "use spaces" in one_problem(b"a:\n\tb: 1\n")


def test_python_tags_never_run(tmp_path):
    marker = tmp_path / "ran"
    raw = f"a: !!python/object/apply:os.system ['touch {marker}']\n".encode()
    parse_yaml(raw, "f.yaml")
    assert not marker.exists()


def test_alias_bomb_is_refused_quickly():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    out = parse_yaml("\n".join(lines).encode(), "bomb.yaml")
    assert out.problems and all("alias" in p.message for p in out.problems)


def test_locate_follows_keys_and_indexes():
    out = parse_yaml(b"items:\n  - a: 1\n  - a: 2\n    b: x\n", "f.yaml")
    assert locate(out.root, ("items", 1, "b")) == (4, 8)
    assert locate(out.root, ("items", 1, "missing")) == (3, 5)  # deepest node reached
    assert locate(out.root, ()) == (1, 1)


def test_the_quick_shape_test_agrees_with_the_exact_patterns():
    """The deep-nesting screen reads the file's shape first and runs the exact patterns only
    where they may match: on thousands of generated files it decides as the patterns alone."""
    import random
    rng = random.Random(23)
    pieces = [b"- ", b"-  ", b"? ", b": ", b":\t", b"-", b"\n", b" " * 8, b" " * 31, b"\t" * 4, b"a", b"key: v\n"]
    decided = set()
    for _ in range(3000):
        raw = b"".join(rng.choice(pieces) for _ in range(rng.randint(0, 60)))
        exact = bool(yamlsafe._DEEP_INDENT.search(raw) or yamlsafe._MARKER_RUN.search(raw))
        assert yamlsafe._may_run_deep(raw) == exact, raw
        decided.add(exact)
    assert decided == {True, False}  # both answers were met


def test_a_forbidden_character_is_found_wherever_the_file_holds_it():
    """Values are checked one by one only in a file holding a forbidden character or a
    backslash; each way in must still be caught: plain, quoted, escaped, in a key."""
    cases = {
        "a: x\u202ey\n": "U+202E",
        "a: 'x\u200by'\n": "U+200B",
        'a: "x\\u202Ey"\n': "U+202E",  # written as an escape: not in the file's text
        'a: "bell\\a"\n': "U+0007",
        "k\u2066ey: v\n": "U+2066",
        "a:\n  - b: \"\\x1b[31m\"\n": "U+001B",
    }
    for text, char in cases.items():
        out = parse_yaml(text.encode(), "f.yaml")
        assert any(char in p.message for p in out.problems), (text, out.problems)
        assert out.tainted
    clean = parse_yaml('a: "plain \\"quoted\\" text"\nb: é\n'.encode(), "f.yaml")
    assert clean.problems == [] and clean.data == {"a": 'plain "quoted" text', "b": "é"}


def test_contains_forbidden_agrees_with_forbidden():
    from tracker import chars
    for text in ["plain", "tab\tand\nnewline", "é and ü", "x\u202ey", "\x1b[0m", "a\u00adb", "\ufeff",
                 "\U000e0041", "emoji \U0001f600", ""]:
        assert chars.contains_forbidden(text) == bool(chars.forbidden(text)), text
