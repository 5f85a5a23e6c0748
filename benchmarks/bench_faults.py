"""The reliability probe's failures, replayed on copies of the shipped data: each case's exit
code, wall time of the whole command, first line of output, and whether the target file was
left as it was. Writes the table to docs/benchmarks.md (between the `faults` markers).

    python benchmarks/bench_faults.py [--texts ../shared/seeds]

"before" is what the probe of commit 2394eea observed (../shared/trials/reliability-probe.md).
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

P = "status/politico-recap-2025-10-10.yaml"
M = "status/miami-summit-2025-12-19.yaml"
T = "status/toi-cmcc-2025-10-23.yaml"
PT, PL, SR = "plan/points.yaml", "plan/plan.yaml", "seeds/sources.yaml"


def edit(rel, old, new, count=1):
    def apply(root: Path):
        path = root / rel
        text = path.read_text()
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, count))
    return apply


def write(rel, text):
    def apply(root: Path):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text(root) if callable(text) else text)
    return apply


def steps(*fns):
    def apply(root: Path):
        for f in fns:
            f(root)
    return apply


def list_top(root):
    path = root / P
    body = path.read_text().split("updates:\n", 1)[1]
    path.write_text("\n".join(x[2:] if x.startswith("  ") else x for x in body.splitlines()) + "\n")


def updates_mapping(root):
    path = root / P
    head, body = path.read_text().split("updates:\n", 1)
    n = iter(range(1000))
    body = "\n".join((f"  u{next(n)}:\n    " + x[4:]) if x.startswith("  - ") else x for x in body.splitlines())
    path.write_text(head + "updates:\n" + body + "\n")


def first_note(scalar):
    """Replace the first update's folded note in P with a one-line YAML scalar."""
    def apply(root: Path):
        import re
        path = root / P
        path.write_text(re.sub(r"    note: >-\n(?:      .*\n)+", lambda m: f"    note: {scalar}\n",
                               path.read_text(), count=1))
    return apply


def symlink_out(root):
    outside = root.parent / "outside.yaml"
    outside.write_text("api_key: s3cr3t-db-password\n")
    (root / "status" / "evil.yaml").symlink_to(outside)


def first_update_twice(root):
    path = root / P
    text = path.read_text()
    first = text.split("\n  - id: u1\n", 1)[1].split("\n  - id:", 1)[0]  # the first update, under a new id
    path.write_text(text + "  - id: again\n" + first.rstrip("\n") + "\n")


OVER_TARGET = ("  - id: x480\n    points: [4]\n    date: 2025-12-19\n    level: intermediate\n"
               "    note: Figures.\n    indicators: {hostages-returned: 480}\n"
               "    evidence:\n      - {paragraph: 14, phrase: the last captive}\n")

NEW_UPDATE = ["new-update", "--source", "politico-recap-2025-10-10", "--point", "7", "--level", "minimal",
              "--note", "Aid convoys are said to be waiting.", "--paragraph", "10",
              "--phrase", "significant increase in humanitarian aid"]

# case, probe verdict before, mutation, command, file that must not change (None: not an edit)
CASES = [
    ("#11 indicator above its target (480 of 48)", "exit 0, silent; progress 100%",
     lambda r: (r / M).write_text((r / M).read_text() + OVER_TARGET), ["validate"], None),
    ("#26 actor given by name (IDF)", "regex message, no hint", edit(T, "[israel, idf]", "[israel, IDF]"),
     ["validate"], None),
    ("#27 actor alias in a blocker (Israeli army)", "regex message", edit(T, "actors: [israel, idf]",
     "actors: [israel, Israeli army]"), ["validate"], None),
    ("#29 the same update twice in a file", "exit 0, silent; counted twice", first_update_twice, ["validate"], None),
    ("#30 a second file with the same source", "exit 0, silent; every update twice",
     lambda r: shutil.copy(r / P, r / "status/politico-copy.yaml"), ["validate"], None),
    ("#32 RTL override in a note", "exit 0, stored", first_note("With Witkoff\u202e the deal closed."),
     ["validate"], None),
    ("#33 RTL override in an actor id", "regex message, character not named",
     edit(T, "[israel, idf]", "[israel, i\u202edf]"), ["validate"], None),
    ("#37 zero-width space in a note", "exit 0, silent", first_note("With Witkoff\u200b the deal closed."),
     ["validate"], None),
    ("#38 raw NUL byte on line 10", "names line 1", lambda r: (r / P).write_bytes(
        b"\n".join(x + (b"\x00" if i == 9 else b"") for i, x in enumerate((r / P).read_bytes().split(b"\n")))),
     ["validate"], None),
    ("#39 NUL as a \"\\0\" escape", "exit 0, stored", first_note('"With Witkoff\\0 the deal closed."'),
     ["validate"], None),
    ("#40 ESC and backspace escapes", "exit 0, stored", first_note('"\\e[31m red \\b the deal closed."'),
     ["validate"], None),
    ("#41 anchor and alias", "names the anchor's line",
     steps(edit(P, "source: ", "source: &s ", 1), lambda r: (r / P).write_text((r / P).read_text() + "x: *s\n")),
     ["validate"], None),
    ("#61 source file given as a path", "raw regex + 26 follow-on problems",
     edit(SR, "file: 002_aedb8158f972869a.txt", "file: ../../../etc/passwd"), ["validate"], None),
    ("#65 deadline 2025-02-30", "exact, + 9 misleading follow-ons", edit(PT, "due: 2025-10-13", "due: 2025-02-30"),
     ["validate"], None),
    ("#66 indicator target 0", "+ 9 misleading follow-ons", edit(PT, "target: 48", "target: 0"), ["validate"], None),
    ("#70 a folder named status/extra.yaml", "'file is missing'", lambda r: (r / "status/extra.yaml").mkdir(),
     ["validate"], None),
    ("#71 a broken file named EXTRA.YAML", "exit 0, ignored", write("status/EXTRA.YAML", "source: [\n"),
     ["validate"], None),
    ("#72 status file symlinked to an outside YAML", "its secret echoed in problems", symlink_out,
     ["validate"], None),
    ("5 mistakes in one update, some type errors", "2 of 5 reported",
     steps(edit(P, "points: [3]\n    date: 2025-10-09\n    level: minimal",
                "points: [42]\n    date: 2025-02-30\n    level: high"),
           edit(P, "[witkoff, kushner,", "[hammas, kushner,"), edit(P, "phrase: By Wednesday", "phrase: By Thursday")),
     ["validate"], None),
    ("plan.yaml invalid, a point in phase 3", "phase 3 not checked",
     steps(edit(PL, "short_title:", "shorttitle:"), edit(PT, "    phase: 2\n", "    phase: 3\n")), ["validate"], None,
     "phase 3"),
    ("point title with ESC sequences, `status` table", "raw ESC written to the terminal",
     edit(PT, "title: A Gaza free of terror", 'title: "A Gaza free of terror\\e[2J\\e[31mRED"'),
     ["status", "--as-of", "2025-12-19"], None, "warning"),
    ("file name with ESC and a newline", "raw ESC; one problem split in two lines",
     write("status/\x1b[2J\x1b[31mok\nfake.yaml:1: all good.yaml", "source: x\nupdates:\n  - points: [99]\n"),
     ["validate"], None),
    ("C3 new-update --actor hammas", "written, exit 1; file no longer validates", lambda r: None,
     NEW_UPDATE + ["--actor", "hammas"], P),
    ("C3b phrase not in the paragraph, --texts", "exit 0, written", lambda r: None,
     NEW_UPDATE[:-1] + ["nowhere in it", "--texts", "TEXTS"], P),
    ("C6b note with ESC and U+202E", "written, exit 0", lambda r: None,
     NEW_UPDATE[:8] + ["red \x1b[31m text \u202e evil"] + NEW_UPDATE[9:], P),
    ("C9 target has a YAML syntax error", "ruamel traceback",
     lambda r: (r / P).write_text((r / P).read_text() + "  - points: [3\n"), NEW_UPDATE, P),
    ("C10 target's top level is a list", "DATA LOSS: 9 updates replaced by 1, exit 0", list_top, NEW_UPDATE, P),
    ("C11 target's updates: is a mapping", "DATA LOSS: 9 updates become 1, exit 0", updates_mapping, NEW_UPDATE, P),
    ("C12b target mode 0444", "written, mode kept", lambda r: (r / P).chmod(0o444), NEW_UPDATE, P),
    ("C15 plan/points.yaml missing", "ValueError traceback", lambda r: (r / PT).unlink(), NEW_UPDATE, P),
    ("new-source on a sources.yaml that is a list", "TypeError traceback", write(SR, "- a\n- b\n"),
     ["new-source", "--date-basis", "Dated in the text.", "--kind", "newspaper", "--id", "x-2025-12-20",
      "--outlet", "X", "--headline", "H",
      "--date", "2025-12-20", "--file", "x.txt", "--url", "https://example.org/x", "--summary", "S."], SR),
]


def run_case(tmp: Path, mutate, command, target, texts, look=None) -> tuple[int, float, str, str]:
    root = tmp / "root"
    if root.exists():
        shutil.rmtree(root)
    for part in ("plan", "seeds", "status"):
        shutil.copytree(REPO / part, root / part)
    mutate(root)
    before = (root / target).read_bytes() if target else None
    args = [str(texts) if a == "TEXTS" else a for a in command]
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "tracker", *args, "--root", str(root)], cwd=REPO,
                         capture_output=True, text=True, timeout=300,
                         env={**os.environ, "TRACKER_TEXTS": str(texts)})
    elapsed = time.perf_counter() - t
    lines = [x for x in (out.stdout + out.stderr).splitlines() if x.strip()]
    first = next((x for x in lines if "Traceback" in x), None) or next(
        (x for x in lines if look and look in x), None) or (lines[0] if lines else "")
    count = next((x.split(" problem")[0] for x in lines if " problem(s)" in x and x.split(" ")[0].isdigit()), "")
    if count:
        first = f"({count} problem(s)) {first}"
    if "\x1b" in out.stdout + out.stderr:
        first = "RAW ESC IN OUTPUT " + first
    kept = "" if target is None else ("unchanged" if (root / target).read_bytes() == before else "CHANGED")
    if target and (root / target).exists():
        (root / target).chmod(0o644)
    return out.returncode, elapsed, first, kept


def main() -> None:
    from docfile import write_section
    parser = argparse.ArgumentParser()
    parser.add_argument("--texts", type=Path, default=REPO.parent / "shared" / "seeds")
    args = parser.parse_args()
    rows = ["| case | before (probe of 2394eea) | after: exit, time | first line of output | file |",
            "| --- | --- | --- | --- | --- |"]
    with tempfile.TemporaryDirectory() as tmp:
        for name, before, mutate, command, target, *look in CASES:
            code, elapsed, first, kept = run_case(Path(tmp), mutate, command, target, args.texts.resolve(), *look)
            shown = first.replace("|", "\\|").replace(str(tmp), "…")[:150]
            rows.append(f"| {name} | {before} | {code}, {elapsed:.2f} s | `{shown}` | {kept} |")
            print(rows[-1], flush=True)
    write_section("faults", "Faults and hostile input, round two",
                  "Each case on a fresh copy of the shipped data; the time is the whole command.\n\n"
                  + "\n".join(rows))


if __name__ == "__main__":
    main()
