"""A new data root for another plan (`python -m tracker init DIR --title ... --points N`): the
plan, its points, two parties and one theme as placeholders, empty sources, status and
reviews, the JSON Schemas the files name, and a README for the analyst. It validates as it is;
`validate` then lists the placeholders still to fill in as notes."""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .dataset import ACTORS_FILE, PLAN_FILE, POINTS_FILE, REVIEWS_DIR, SOURCES_FILE, STATUS_DIR, Dataset

PLACEHOLDER = "(to fill in"  # every placeholder text starts so; `validate` lists what still does


class ScaffoldError(Exception):
    """The root cannot be made where asked; nothing was written."""


@dataclass(frozen=True)
class Made:
    root: Path
    files: list[str]


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML string


def plan_yaml(title: str, phases: int, released: date) -> str:
    short = title if len(title) <= 60 else title[:57] + "..."
    lines = ["# yaml-language-server: $schema=../schema/plan.schema.json",
             "# The plan itself: its title, who released it and when, its phases and themes. Made by `tracker init`;",
             "# replace every text that starts with '(to fill in'.",
             f"title: {_q(title)}", f"short_title: {_q(short)}", f"released: {released.isoformat()}",
             f"released_by: {_q(PLACEHOLDER + ': who released the plan, and where)')}",
             f"summary: {_q(PLACEHOLDER + ': what the plan sets out to do, in your own words)')}", "phases:"]
    for k in range(1, phases + 1):
        lines += [f"  - id: {k}", f"    name: {_q(f'Phase {k}')}",
                  f"    summary: {_q(PLACEHOLDER + f': what phase {k} covers)')}"]
    theme = PLACEHOLDER + ": the themes that group the points; add more and name them in the points)"
    lines += ["themes:", "  - id: general", "    label: General", f"    definition: {_q(theme)}"]
    lines += ["# How long a fact holds without a new report (the defaults; see docs/methodology.md):",
              "# age_rules: {blocker_days: 90, momentum_days: 60, fact_days: 180}"]
    return "\n".join(lines) + "\n" + INGEST_WORDS


INGEST_WORDS = """# The plan's own words for the draft extractor (python -m tracker ingest), besides each point's
# lexicon and the actors' names; all optional (see docs/your-own-plan.md).
ingest:
  # the nouns a report counts an indicator's unit with, e.g. vessels: [vessels, ships, boats]
  units: {}
  # things whose last one being returned, found or released completes a point, e.g. [vessel]
  last_items: []
  # kinds a figure and an indicator's name both carry, e.g. laden: [laden, loaded]
  qualifiers: {}
  # the words reports use for the plan as a whole, e.g. [ceasefire, truce]: a point found through
  # these alone is context, not news of it
  context_terms: []
"""


def points_yaml(points: int, phases: int) -> str:
    lines = ["# yaml-language-server: $schema=../schema/points.schema.json",
             "# The plan's points, in your own words: title, summary, phase, themes, who must act, and the",
             "# words that signal each point in a report (lexicon). Made by `tracker init`.", "points:"]
    for n in range(1, points + 1):
        phase = min(phases, math.ceil(n * phases / points))
        lines += [f"  - id: {n}", f"    title: {_q(f'Point {n}')}",
                  f"    summary: {_q(PLACEHOLDER + f': what point {n} asks, in your own words)')}",
                  f"    phase: {phase}", "    themes: [general]",
                  "    actors:", "      - {actor: party-a, role: party}", "      - {actor: party-b, role: party}",
                  "    lexicon: []  # the words that signal this point in a report, e.g. [water quota, quota]"]
        if n == 1:  # the optional parts, once, as comments
            lines += ["    # indicators:    # a figure to follow, and its target",
                      "    #   - {id: stations-open, name: Stations open, unit: stations, target: 12, progress: true}",
                      "    # milestones:    # what each party owes; an update says met, partly or not_met",
                      "    #   - {id: quota-agreed, text: The quota is agreed, actors: [party-a, party-b]}",
                      "    # deadlines:",
                      "    #   - {id: by-june, text: Agreed by June, due: 2027-06-30, basis: How the date follows}",
                      "    # depends_on:",
                      "    #   - {point: 2, kind: after}"]
    return "\n".join(lines) + "\n"


ACTORS_YAML = f"""# yaml-language-server: $schema=../schema/actors.schema.json
# The states, parties, bodies and people the plan and the reports name. Made by `tracker init`:
# rename the two parties (their ids are used in plan/points.yaml) and add the others.
actors:
  - id: party-a
    name: Party A
    kind: state
    aliases: []     # the other names reports give it
    adjectives: []  # for a state, its adjective ("Freedonian"), to read "Freedonian army"
    note: {_q(PLACEHOLDER + ': the first party to the plan)')}
  - id: party-b
    name: Party B
    kind: state
    note: {_q(PLACEHOLDER + ': the second party to the plan)')}
"""
SOURCES_YAML = """# yaml-language-server: $schema=../schema/sources.schema.json
# The reports the record cites: add each with `python -m tracker new-source`.
sources: []
"""
README = """# {title}: the data

A data root of the implementation tracker, made by `python -m tracker init`. It validates as it
is; `python -m tracker validate --root {root}` lists, as notes, the placeholders still to fill in.

1. Describe the plan in `plan/plan.yaml` (who released it, its phases and themes) and its points
   in `plan/points.yaml` (title, summary, who must act, the words that signal each point).
2. Name the parties and other actors in `plan/actors.yaml`.
3. Register a report: `python -m tracker new-source --root {root} --id ... --file REPORT.txt ...`
   (the report's text in the texts folder: `--texts DIR` or `$TRACKER_TEXTS`).
4. Record what it says: `python -m tracker new-update --root {root} --source ID --point N ...`,
   or draft it with `python -m tracker ingest --root {root} REPORT.txt --out draft.yaml` and
   `new-update --from-draft draft.yaml`.
5. Look: `TRACKER_ROOT={root} scripts/run-dashboard.sh`; publish: `python -m tracker publish --root {root} --out site`.

The method, the levels and the age rules are those of the tracker (docs/methodology.md, docs/editing.md).
"""


def init(root: Path, title: str, points: int, phases: int, released: date) -> Made:
    """Write a new data root; refused (nothing written) if root exists and is not empty."""
    from .schema import write_all
    root = Path(root)
    if root.is_symlink() or root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise ScaffoldError(f"{root} exists and is not empty; give a new folder for the plan's data")
    if not 1 <= points <= 999:
        raise ScaffoldError(f"--points {points}: a plan has 1 to 999 points")
    if not 1 <= phases <= 9 or phases > points:
        raise ScaffoldError(f"--phases {phases}: give 1 to 9 phases, no more than the points")
    if not title.strip() or len(title) > 200 or any(ch in title for ch in "\n\r\t"):
        raise ScaffoldError("--title: give the plan's title on one line, at most 200 characters")
    texts = {PLAN_FILE: plan_yaml(title.strip(), phases, released), POINTS_FILE: points_yaml(points, phases),
             ACTORS_FILE: ACTORS_YAML, SOURCES_FILE: SOURCES_YAML,
             "README.md": README.format(title=title.strip(), root=root)}
    for rel, text in texts.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    for folder in (STATUS_DIR, REVIEWS_DIR):
        (root / folder).mkdir(exist_ok=True)
    schemas = [p.relative_to(root).as_posix() for p in write_all(root / "schema")]
    return Made(root, sorted([*texts, *schemas]))


def placeholders(ds: Dataset) -> list[str]:
    """What still holds a placeholder text: one line per file and item, for `validate`'s notes."""
    out = []
    if ds.plan:
        for key in ("released_by", "summary"):
            if getattr(ds.plan, key).startswith(PLACEHOLDER):
                out.append(f"{PLAN_FILE}: {key}")
        out += [f"{PLAN_FILE}: phase {p.id} summary" for p in ds.plan.phases if p.summary.startswith(PLACEHOLDER)]
        out += [f"{PLAN_FILE}: theme {t.id}" for t in ds.plan.themes if t.definition.startswith(PLACEHOLDER)]
    out += [f"{POINTS_FILE}: point {p.id} summary" for p in ds.points.values() if p.summary.startswith(PLACEHOLDER)]
    out += [f"{POINTS_FILE}: point {p.id} lexicon (the words that signal it in a report; without them ingest cannot "
            "find it)" for p in ds.points.values() if not p.lexicon]
    out += [f"{ACTORS_FILE}: actor {a.id}" for a in ds.actors.values() if (a.note or "").startswith(PLACEHOLDER)]
    return out
