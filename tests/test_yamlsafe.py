"""The safe reader: values, refusals and the file:line of each problem."""
import pytest

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
