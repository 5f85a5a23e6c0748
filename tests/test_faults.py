"""Faults and hostile input, round two (the reliability probe and the cases after it).

Each case gives one clear problem or message naming the file, and nothing is written or
lost. Editing is tried through both writers: the `new-update` command and the app's Save.
Timings for these cases are in benchmarks/bench_hostile.py, never here.
"""
from __future__ import annotations

import errno
import os
import re
import subprocess
import sys

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from helpers import REPO, TODAY, fixture_status, run_cli
from tracker import editing, export
from tracker.load import load
from tracker.status import status_as_of

SRC = "miami-summit-2025-12-19"
GOOD = {"points": [18], "date": "2025-12-19", "level": "minimal", "note": "A dialogue was announced.",
        "evidence": [{"paragraph": 1, "phrase": "Miami"}]}


cli = run_cli


@pytest.fixture
def root(make_root, no_texts):
    return make_root(fixture_status())


def plain(shown: str) -> str:
    """Page text without the backslashes that keep data from reading as Markdown."""
    return shown.replace("\\", "")


def problems(root) -> list[str]:
    return [str(p) for p in load(root, today=TODAY).problems]


# -- broken shapes: both writers refuse, and lose nothing --------------------------------

def _list_top(text):
    body = text.split("updates:\n", 1)[1]
    return "\n".join(line[2:] if line.startswith("  ") else line for line in body.splitlines()) + "\n"


def _updates_mapping(text):
    head, body = text.split("updates:\n", 1)
    n = iter(range(1000))
    body = "\n".join((f"  u{next(n)}:\n    " + line[4:]) if line.startswith("  - ") else line
                     for line in body.splitlines())
    return head + "updates:\n" + body + "\n"


BROKEN = {
    "top-level list": (_list_top, "the top level is a list"),
    "updates a mapping": (_updates_mapping, "`updates:` is a mapping"),
    "updates missing": (lambda t: t.replace("updates:\n", "entries:\n", 1), "`updates:` is missing"),
    "a scalar": (lambda t: "just some text\n", "the top level is a text"),
    "syntax error": (lambda t: t + "  - points: [3\n", "YAML syntax error"),
    "alias": (lambda t: t.replace("source: ", "source: &s ", 1) + "x: *s\n", "aliases are not allowed"),
    "python tag": (lambda t: t + "x: !!python/object/apply:os.system [echo]\n", "is not allowed"),
    "duplicate key": (lambda t: t.replace("updates:\n", "source: again\nupdates:\n", 1), "duplicate key"),
    "other source": (lambda t: t.replace(f"source: {SRC}", "source: explainer-2025-10-06", 1),
                     "names source 'explainer-2025-10-06'"),
    "one-line list": (lambda t: f"source: {SRC}\nupdates: [{{points: [3]}}]\n", "written on one line"),
    "empty file": (lambda t: "", "file is empty"),
    "control character": (lambda t: re.sub(r"    note: .*\n(?:      .*\n)*", lambda m: '    note: "\\e[31m red"\n', t, count=1),
                          "U+001B (escape)"),
}


def break_file(root, case):
    """Break the Miami status file the given way: its path, its bytes now, the message expected."""
    mutate, expected = BROKEN[case]
    path = editing.status_path(root, SRC)
    path.write_text(mutate(path.read_text()))
    return path, path.read_bytes(), expected


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_new_update_refuses_a_broken_file_and_writes_nothing(root, case):
    path, before, expected = break_file(root, case)
    out = cli(root, "new-update", "--source", SRC, "--point", "18", "--level", "minimal",
              "--note", "A dialogue was announced.", "--paragraph", "1", "--phrase", "Miami")
    assert out.returncode == 1, out.stderr
    assert "Traceback" not in out.stderr and expected in out.stderr and "nothing was written" in out.stderr
    assert path.read_bytes() == before


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_the_api_refuses_a_broken_file(root, case):
    path, before, expected = break_file(root, case)
    with pytest.raises(editing.NotEditable, match="nothing was written"):
        editing.append_update(root, SRC, GOOD, editing.digest(path), today=TODAY)
    assert path.read_bytes() == before


def _app_on(root, monkeypatch):
    monkeypatch.setenv("TRACKER_ROOT", str(root))
    monkeypatch.setenv("TRACKER_TODAY", TODAY.isoformat())
    monkeypatch.setenv(editing.WRITE_ENV, "1")
    st.cache_resource.clear()
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.run()
    at.switch_page("views/add_update.py").run()
    at.selectbox(key="add_source").set_value(SRC)
    at.multiselect(key="add_points").set_value([18])
    at.text_area(key="add_note").input("A dialogue was announced.")
    at.text_input(key="add_e_phrase_0").input("Miami")
    return at.run()


@pytest.mark.parametrize("case", ["top-level list", "updates a mapping", "syntax error", "other source"])
def test_the_app_refuses_a_broken_file_and_keeps_the_form(root, monkeypatch, case):
    path, before, expected = break_file(root, case)
    at = _app_on(root, monkeypatch)
    assert not at.exception, [e.value for e in at.exception]
    assert any(expected.replace("`", "") in e.value.replace("\\", "").replace("`", "") for e in at.error), \
        [e.value for e in at.error]
    assert not at.get("button") or all(b.key != "add_save" for b in at.button)  # no Save offered
    assert at.text_area(key="add_note").value == "A dialogue was announced."
    assert path.read_bytes() == before


# -- write failures: one message, nothing written, nothing left behind ---------------------

@pytest.mark.parametrize("fault, expected", [
    (errno.ENOSPC, "the disk is full"),
    (errno.EROFS, "the file system is read-only"),
    (errno.EPERM, "not permitted"),
    (errno.EACCES, "permission denied"),
])
def test_write_failures_are_one_clear_message(root, monkeypatch, fault, expected):
    path = editing.status_path(root, SRC)
    before = path.read_bytes()

    def fail(*args, **kwargs):
        raise OSError(fault, os.strerror(fault))
    monkeypatch.setattr(editing.os, "replace", fail)
    with pytest.raises(editing.WriteFailed, match=expected):
        editing.append_update(root, SRC, GOOD, editing.digest(path), today=TODAY)
    assert path.read_bytes() == before
    assert not list(path.parent.glob(".*.tmp"))


def test_a_read_only_file_is_refused_even_for_root(root):
    path = editing.status_path(root, SRC)
    path.chmod(0o444)
    before = path.read_bytes()
    out = cli(root, "new-update", "--source", SRC, "--point", "18", "--level", "minimal",
              "--note", "A dialogue was announced.", "--paragraph", "1", "--phrase", "Miami")
    assert out.returncode == 1 and "is read-only (mode 444)" in out.stderr and "Traceback" not in out.stderr
    assert path.read_bytes() == before and path.stat().st_mode & 0o777 == 0o444


def test_the_app_shows_a_write_failure_and_can_retry_after_reload(root, monkeypatch):
    path = editing.status_path(root, SRC)
    at = _app_on(root, monkeypatch)
    path.chmod(0o444)
    at.button(key="add_save").click().run()
    assert not at.exception
    assert any("read-only" in plain(e.value) for e in at.error), [e.value for e in at.error]
    path.chmod(0o644)
    path.write_text(path.read_text() + "# an edit made elsewhere\n")
    at.button(key="add_save").click().run()
    assert any("changed on disk" in plain(e.value) for e in at.error)
    at.button(key="add_reload").click().run()
    assert at.text_area(key="add_note").value == "A dialogue was announced."  # the form is kept
    at.button(key="add_save").click().run()
    assert any("Saved to status/" in s.value for s in at.success), [e.value for e in at.error]
    text = path.read_text()
    assert "# an edit made elsewhere" in text and text.count("A dialogue was announced.") == 1
    at.run()  # the next run of the page: the same entry is not offered for saving again
    assert any("Already saved" in plain(i.value) for i in at.info) and at.button(key="add_save").disabled
    assert path.read_text().count("A dialogue was announced.") == 1


def test_concurrent_commands_one_wins_the_others_say_so(root):
    path = editing.status_path(root, SRC)
    procs = [subprocess.Popen(
        [sys.executable, "-m", "tracker", "new-update", "--root", str(root), "--source", SRC, "--point", "18",
         "--level", "minimal", "--note", f"Writer {i} reports a dialogue.", "--paragraph", "1", "--phrase", f"writer {i}"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in range(6)]
    results = [(p.wait(120), p.stderr.read()) for p in procs]
    assert all("Traceback" not in err for _, err in results), results
    won = [err for code, err in results if code == 0]
    assert won and all("changed on disk" in err for code, err in results if code != 0)
    text = path.read_text()
    assert sum(f"Writer {i} reports" in text for i in range(6)) == len(won)
    assert not problems(root)


def test_missing_points_file_and_broken_sources_file(root):
    (root / "plan" / "points.yaml").unlink()
    out = cli(root, "new-update", "--source", SRC, "--point", "18")
    assert out.returncode == 2 and "no valid point" in out.stderr and "Traceback" not in out.stderr
    (root / "seeds" / "sources.yaml").write_text("- just\n- a list\n")
    out = cli(root, "new-source", "--date-basis", "Dated in the text.", "--kind", "newspaper", "--id", "wire-2025-12-20", "--outlet", "W", "--headline", "H",
              "--date", "2025-12-20", "--file", "w.txt", "--url", "https://example.org/a", "--summary", "S.")
    assert out.returncode == 1 and "the top level is a list" in out.stderr and "Traceback" not in out.stderr
    assert not (root / "status" / "wire-2025-12-20.yaml").exists()


# -- what the validator no longer accepts silently ----------------------------------------

def _one_update(**fields) -> str:
    body = {"id": "x1", "points": "[4]", "date": "2025-12-19", "level": "intermediate", "note": "Figures were given.",
            "evidence": "[{paragraph: 1, phrase: Miami}]", **fields}
    return f"source: {SRC}\nupdates:\n  - " + "\n    ".join(f"{k}: {v}" for k, v in body.items()) + "\n"


@pytest.mark.parametrize("fields, expected", [
    ({"indicators": "{hostages-returned: 480}"}, "is 480, more than its target of 48"),
    ({"note": '"With Witkoff\\0 and others"'}, "U+0000 (NUL) at position 13"),
    ({"note": '"red \\e[31m text \\b"'}, "U+001B (escape) at position 5"),
    ({"note": "abc\u202edef"}, "U+202E (right-to-left override) at position 4"),
    ({"note": "zero\u200bwidth"}, "U+200B (zero width space) at position 5"),
    ({"note": "isolate\u2066x\u2069"}, "U+2066 (left-to-right isolate)"),
    ({"actors": "[i\u202edf]"}, "U+202E (right-to-left override)"),
    ({"actors": "[IDF]"}, "unknown actor 'IDF'; use its id 'idf'"),
    ({"actors": "[Israeli army]"}, "use its id 'idf'"),
    ({"evidence": "[{paragraph: 0, phrase: Miami}]"}, "paragraphs count from 1"),
    ({"evidence": "[{paragraph: 1, phrase: one two three four five six seven eight nine ten eleven}]"},
     "the key phrase has 11 words; quote at most 10"),
    ({"resolves": "[no-such-blocker]"}, "resolves 'no-such-blocker', but no blocker"),
])
def test_validator_names_what_is_wrong(make_root, no_texts, fields, expected):
    found = problems(make_root({"x.yaml": _one_update(**fields)}))
    assert any(expected in p and p.startswith("status/x.yaml:") for p in found), found


def test_a_bad_value_leaves_its_update_out(make_root, no_texts):
    ds = load(make_root({"x.yaml": _one_update(note="abc\u202edef")}), today=TODAY)
    assert ds.problems and ds.entries == []


def test_the_same_update_twice_and_the_same_source_twice(root):
    text = (root / "status" / f"{SRC}.yaml").read_text()
    first = text.split("\n  - id: u1\n", 1)[1].split("\n  - id:", 1)[0]  # the first update, under a new id
    (root / "status" / f"{SRC}.yaml").write_text(text + "  - id: again\n" + first.rstrip("\n") + "\n")
    found = problems(root)
    assert any("this update repeats the one at status/miami-summit-2025-12-19.yaml:" in p for p in found), found
    before = len(load(root, today=TODAY).entries)
    (root / "status" / "zz-copy.yaml").write_text(text)
    ds = load(root, today=TODAY)
    assert any(str(p).startswith("status/zz-copy.yaml:") and "already holds the updates of source" in str(p)
               for p in ds.problems)
    assert len(ds.entries) == before  # nothing counted twice


def test_status_folder_holds_only_plain_yaml_files(root, tmp_path):
    secret = tmp_path / "outside.yaml"
    secret.write_text("api_key: s3cr3t-db-password\n")
    status = root / "status"
    (status / "evil.yaml").symlink_to(secret)
    (status / "EXTRA.YAML").write_text("source: nowhere\n")
    (status / "folder.yaml").mkdir()
    (status / "notes.txt").write_text("x")
    (status / ".hidden.yaml.tmp").write_text("being written")
    found = problems(root)
    assert not any("s3cr3t" in p or "api_key" in p for p in found)
    assert "status/evil.yaml:1: is a symbolic link; data files must be regular files inside the data folder " \
           "(not read, so nothing from its target is shown)" in found
    assert any(p.startswith("status/EXTRA.YAML:1: is not read") and "rename it to 'EXTRA.yaml'" in p for p in found)
    assert any(p.startswith("status/folder.yaml:1: is a folder") for p in found)
    assert any(p.startswith("status/notes.txt:1: is not read") for p in found)
    assert not any(".hidden" in p for p in found)
    assert len(found) == 4


@pytest.mark.parametrize("old, new, expected", [
    ("    due: 2025-10-13\n", "    due: 2025-02-30\n", "2025-02-30 is not a real date"),
    ("    target: 48\n", "    target: 0\n", "0 is too small"),
])
def test_one_bad_field_of_a_point_does_not_cascade(root, old, new, expected):
    path = root / "plan" / "points.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    found = problems(root)
    assert len(found) == 1 and expected in found[0], found


def test_a_source_file_given_as_a_path_is_one_problem(root):
    path = root / "seeds" / "sources.yaml"
    text = path.read_text()
    path.write_text(text.replace("file: 001_02f8bd7b25f64e07.txt", "file: ../../../etc/passwd", 1))
    found = problems(root)
    assert len(found) == 1 and "is a path; give the file name only ('passwd')" in found[0], found


def test_an_update_failing_its_types_still_gets_its_cross_checks(make_root, no_texts):
    text = _one_update(points="[42]", date="2025-02-30", level="high", actors="[hammas]")
    found = problems(make_root({"x.yaml": text}))
    for expected in ("unknown point 42", "2025-02-30 is not a real date", "'high' is not one of",
                     "unknown actor 'hammas'"):
        assert any(expected in p for p in found), (expected, found)


def test_an_invalid_plan_still_gets_its_phases_checked(root):
    plan = root / "plan" / "plan.yaml"
    plan.write_text(plan.read_text().replace("short_title:", "shorttitle:", 1))
    points = root / "plan" / "points.yaml"
    points.write_text(points.read_text().replace("    phase: 2\n", "    phase: 3\n", 1))
    found = problems(root)
    assert any("phase 3 is not a phase of the plan" in p for p in found), found


# -- output that cannot be hijacked ----------------------------------------------------------

def test_terminal_output_has_no_control_characters_and_one_line_per_problem(root):
    name = "\x1b[2J\x1b[31mok\nfake.yaml:1: all good.yaml"
    (root / "status" / name).write_text(f"source: {SRC}\nupdates:\n  - id: t1\n    points: [99]\n")
    out = cli(root, "validate")
    assert out.returncode == 1 and "\x1b" not in out.stdout
    lines = out.stdout.splitlines()
    assert all(line.startswith("status/") for line in lines), lines
    assert any(line.startswith("status/\\x1b[2J\\x1b[31mok\\nfake.yaml:1: all good.yaml:") for line in lines)


def test_status_table_escapes_titles(fixture_ds):
    from dataclasses import replace
    statuses = status_as_of(fixture_ds, TODAY)
    hostile = replace(statuses[0], point=statuses[0].point.model_copy(update={"title": "A\x1b[2J\x1b[31mRED"}))
    table = export.to_table(export.status_document(fixture_ds, [hostile, *statuses[1:]], TODAY))
    assert "\x1b" not in table and "\\x1b[2J" in table


def test_validate_caps_its_list_and_prints_all_with_a_flag(make_root, no_texts):
    updates = "".join(f"  - {{id: m{i}, points: [99], date: 2025-12-19, level: full, note: n, "
                      "evidence: [{paragraph: 1, phrase: Miami}]}\n" for i in range(250))
    root = make_root({"many.yaml": f"source: {SRC}\nupdates:\n{updates}"})
    capped = cli(root, "validate")
    assert capped.returncode == 1 and len(capped.stdout.splitlines()) == 200
    assert "250 problem(s); 50 more not listed (run with --all" in capped.stderr
    full = cli(root, "validate", "--all")
    assert full.returncode == 1 and len(full.stdout.splitlines()) == 250


def _with_payload(line: str, keys, payload: str) -> str:
    stripped = line.strip()
    if not any(stripped.startswith(k) for k in keys) or stripped.endswith((">", ">-")):
        return line
    if line.endswith('"'):
        return line[:-1] + f' {payload}"'
    return line + f" {payload}"


def test_every_chart_label_is_escaped(make_root, no_texts):
    """Markup in any name that reaches a chart is shown as text, never read by plotly."""
    from tracker import figures
    from tracker.scene import Scene
    payload = "<u>zz</u>"
    root = make_root(fixture_status())
    for rel, keys in (("plan/plan.yaml", ("name: ",)), ("plan/points.yaml", ("title: ",)),
                      ("plan/actors.yaml", ("name: ",)), ("seeds/sources.yaml", ("label: ",))):
        path = root / rel
        lines = path.read_text().splitlines()
        path.write_text("\n".join(_with_payload(line, keys, payload) for line in lines) + "\n")
    ds = load(root, today=TODAY)
    assert not ds.problems, ds.problems[:3]
    scene = Scene(ds, TODAY)
    built = [(name, build(scene)) for name, build in figures.CATALOGUE.items()]
    built += [(f"point-{pid}", f(scene, pid)) for pid in (4, 15) for f in (figures.point_history,
                                                                        figures.point_indicators)]
    for name, fig in built:
        assert payload not in fig.to_json(), name
    assert len(built) == len(figures.CATALOGUE) + 4


def test_bare_addresses_are_not_live_links():
    from tracker.safe_text import md
    shown = md("see https://example.invalid/x.png, www.example.org or a@example.org")
    assert "https://" not in shown and "www." not in shown and "a@example" not in shown
    assert shown.replace("\u2060", "").replace("\\", "") == "see https://example.invalid/x.png, " \
                                                            "www.example.org or a@example.org"


# -- round two of the probe (a hostile re-probe of the fixes above) -------------------------

NEW_UPDATE = ["new-update", "--source", SRC, "--point", "18", "--level", "minimal", "--note", "A dialogue.",
              "--paragraph", "1", "--phrase", "Miami"]


def test_new_source_writes_both_files_or_neither(root):
    sources = root / "seeds" / "sources.yaml"
    before = sources.read_bytes()
    (root / "status").rename(root / "status.moved")
    out = cli(root, "new-source", "--date-basis", "Dated in the text.", "--kind", "newspaper", "--id", "wire-2025-12-20", "--outlet", "W", "--headline",
              "H", "--date", "2025-12-20", "--file", "w.txt", "--url", "https://example.org/w", "--summary", "S.")
    assert out.returncode == 1 and "its folder is missing" in out.stderr and "Traceback" not in out.stderr
    assert sources.read_bytes() == before


def test_a_registration_killed_between_its_two_writes_can_be_run_again(root):
    """new-source writes the empty status file, then the registry entry: killed between them, it
    leaves exactly that empty file, which running the command again takes over. A status file
    with anything else in it is never written over."""
    from tracker.yamlwrite import new_status_file
    args = ["new-source", "--date-basis", "Dated in the text.", "--kind", "newspaper", "--id", "wire-2025-12-20",
            "--outlet", "W", "--headline", "H", "--date", "2025-12-20", "--file", "w.txt", "--url",
            "https://example.org/w", "--summary", "S."]
    left = root / "status" / "wire-2025-12-20.yaml"
    left.write_text(new_status_file("wire-2025-12-20"), encoding="utf-8")  # what the killed run left
    out = cli(root, *args)
    assert out.returncode == 0, out.stderr
    assert "id: wire-2025-12-20" in (root / "seeds" / "sources.yaml").read_text()
    assert left.read_text() == new_status_file("wire-2025-12-20")
    mine = root / "status" / "wire-2025-12-21.yaml"
    mine.write_text(new_status_file("wire-2025-12-21") + "# my notes\n", encoding="utf-8")
    out = cli(root, *[a.replace("2025-12-20", "2025-12-21") for a in args])
    assert out.returncode == 1 and "already exists" in out.stderr
    assert mine.read_text().endswith("# my notes\n")


@pytest.mark.parametrize("kind", ["folder", "fifo", "link to /dev/zero"])
def test_a_status_file_that_is_not_a_regular_file_is_refused_before_reading(root, kind):
    path = editing.status_path(root, SRC)
    path.unlink()
    {"folder": lambda: path.mkdir(), "fifo": lambda: os.mkfifo(path),
     "link to /dev/zero": lambda: path.symlink_to("/dev/zero")}[kind]()
    out = subprocess.run([sys.executable, "-m", "tracker", *NEW_UPDATE, "--root", str(root)], cwd=REPO,
                         capture_output=True, text=True, timeout=60)  # a pipe or /dev/zero must not hang or fill memory
    assert out.returncode == 1 and "Traceback" not in out.stderr and "nothing was written" in out.stderr.lower()


def test_the_app_survives_a_folder_for_a_status_file_and_hostile_links(root, monkeypatch):
    path = editing.status_path(root, SRC)
    path.unlink()
    path.mkdir()
    monkeypatch.setenv("TRACKER_ROOT", str(root))
    monkeypatch.setenv("TRACKER_TODAY", TODAY.isoformat())
    st.cache_resource.clear()
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.run()
    at.switch_page("views/add_update.py").run()
    at.selectbox(key="add_source").set_value(SRC).run()
    assert not at.exception and any("is a folder" in plain(e.value) for e in at.error)
    for asked in ("\u00b2", "1" * 5000, "-1", "3\x00"):
        at.query_params["point"] = asked
        at.switch_page("views/point.py").run()
        assert not at.exception, (asked, [e.value for e in at.exception])


def test_a_link_with_an_impossible_date_says_so(fixture_app_env):
    st.cache_resource.clear()
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.query_params["as_of"] = "2099-01-01"
    at.run()
    assert not at.exception
    assert any("The link asks for the date 2099" in plain(w.value) for w in at.warning)


def test_the_command_line_refuses_dates_outside_the_record_and_missing_texts(root):
    out = cli(root, "status", "--as-of", "2099-01-01")
    assert out.returncode == 2 and "outside the record" in out.stderr
    out = cli(root, "status", "--as-of", "2020-01-01")
    assert out.returncode == 2 and "outside the record" in out.stderr
    out = cli(root, *NEW_UPDATE, "--texts", "/nonexistent/seedz")
    assert out.returncode == 2 and "is not a folder" in out.stderr


@pytest.mark.parametrize("char", ["\u00ad", "\u180e", "\u034f", "\u206a", "\ufff9", "\ufffc", "\U000e0041",
                                  "\ufe0f", "\U000e0100", "\u115f", "\u3164", "\uffa0", "\u2800", "\u2065",
                                  "\ufdd0", "\U0001ffff", "\ue000", "\u2028", "\u2029"])
def test_every_invisible_character_class_is_refused(root, char):
    path = editing.status_path(root, SRC)
    before = path.read_bytes()
    args = list(NEW_UPDATE)
    args[args.index("--note") + 1] = f"x{char}y"
    out = cli(root, *args)
    assert out.returncode == 1 and f"U+{ord(char):04X}" in out.stdout, out.stdout + out.stderr
    assert path.read_bytes() == before


def test_resolve_takes_only_active_blockers_once(root):
    args = ["new-update", "--source", "toi-cmcc-2025-10-23", "--point", "3", "--note", "Later.",
            "--paragraph", "5", "--phrase", "began with"]
    out = cli(root, *args, "--resolve", "no-ceasefire-commitment")
    assert out.returncode == 1 and "it was already resolved on 2025-10-09" in out.stdout, out.stdout
    out = cli(root, *args, "--resolve", "truce-violations", "--resolve", "truce-violations")
    assert out.returncode == 1 and "listed twice" in out.stdout or "not active" in out.stdout
    out = cli(root, *args, "--resolve", "withdrawal-terms\n")
    assert out.returncode == 2 and "is not a valid id" in out.stderr


def test_ids_with_a_trailing_newline_are_refused(root):
    out = cli(root, "new-source", "--date-basis", "Dated in the text.", "--kind", "newspaper", "--id", "wire-2025-12-20\n", "--outlet", "W", "--headline",
              "H", "--date", "2025-12-20", "--file", "w.txt", "--url", "https://example.org/w", "--summary", "S.")
    assert out.returncode == 2 and "\\n" in out.stderr and not list((root / "status").glob("wire*"))


def test_a_repeated_update_is_found_whatever_the_order_of_its_evidence(root):
    path = root / "status" / f"{SRC}.yaml"
    text = path.read_text()
    block = "  - id: again\n    points: [18]\n    date: 2025-12-19\n    level: minimal\n    note: Talks.\n" \
            "    evidence:\n      - {paragraph: 1, phrase: Miami}\n      - {paragraph: 2, phrase: talks}\n"
    swapped = block.replace("again", "again2").replace("      - {paragraph: 1, phrase: Miami}\n      - {paragraph: 2, "
                                                         "phrase: talks}\n", "      - {paragraph: 2, phrase: talks}\n"
                                                                            "      - {paragraph: 1, phrase: Miami}\n")
    path.write_text(text + block + swapped)
    assert any("repeats the one at" in p for p in problems(root))
    path.write_text(text)
    first = cli(root, "new-update", "--source", SRC, "--point", "9")
    second = cli(root, "new-update", "--source", SRC, "--point", "9")
    assert first.returncode == 1 and "skeleton is written" in first.stderr
    assert second.returncode == 1 and "already in the file" in second.stdout + second.stderr
    assert path.read_text().count("TODO key phrase") == 1


def test_an_old_problem_below_the_list_does_not_block_an_edit(root):
    path = root / "status" / f"{SRC}.yaml"
    path.write_text(path.read_text() + "reviewed: yes\n")
    out = cli(root, *NEW_UPDATE)
    assert out.returncode == 0, out.stdout + out.stderr


def test_line_endings_byte_order_mark_and_owner_are_kept(root):
    path = root / "status" / f"{SRC}.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    before = path.read_bytes()
    out = cli(root, *NEW_UPDATE)
    assert out.returncode == 0, out.stdout + out.stderr
    after = path.read_bytes()
    assert after.startswith(before) and b"\n" not in after.replace(b"\r\n", b"")


def test_indicator_messages_are_exact():
    from tracker.load import _num
    assert _num(48.0000001) == "48.0000001" and _num(48.0) == "48"


def test_ingest_never_prints_control_characters_from_a_file_name(tmp_path, fixture_app_env):
    article = tmp_path / "art\x1b]0;PWNED\x07.txt"
    article.write_text("Hamas handed over the remains of two hostages on Monday.\n")
    out = subprocess.run([sys.executable, "-m", "tracker", "ingest", str(article), "--root", str(fixture_app_env)],
                         cwd=REPO, capture_output=True, text=True, timeout=60)
    assert "\x1b" not in out.stderr and "\x1b" not in out.stdout


def test_any_address_in_a_note_stays_text():
    from tracker.safe_text import md
    for text in ("a-@b.com", "x+@y.org", "a.b-@c.de", "mailto:x@y.org"):
        shown = md(text)
        assert "@b" not in shown and "@y" not in shown and "@c" not in shown and "mailto:" not in shown, shown


def test_a_registry_changed_while_a_source_is_added_is_not_overwritten(root, monkeypatch):
    sources = root / "seeds" / "sources.yaml"
    real = editing.read_for_edit

    def read_then_someone_writes(*args, **kwargs):
        got = real(*args, **kwargs)
        if args[1] == "seeds/sources.yaml":
            sources.write_text(sources.read_text() + "# another writer's change\n")
        return got
    monkeypatch.setattr(editing, "read_for_edit", read_then_someone_writes)
    source = {"id": "wire-2025-12-20", "label": "W", "outlet": "W", "headline": "H", "kind": "wire",
              "published": "2025-12-20", "date_basis": "Dated.", "url": "https://example.org/w", "file": "w.txt",
              "summary": "S."}
    with pytest.raises(editing.ConcurrentEdit):
        editing.add_source(root, source, today=TODAY)
    assert sources.read_text().endswith("# another writer's change\n")
    assert "wire-2025-12-20" not in sources.read_text()
    assert not (root / "status" / "wire-2025-12-20.yaml").exists()
