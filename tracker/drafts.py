"""From an analyst's edited draft to the record in one step (`new-update --from-draft`).

`python -m tracker ingest ARTICLE --out DRAFT.yaml` writes draft updates; the analyst edits
them; `new-update --source ID --from-draft DRAFT.yaml [--only DRAFT_ID ...]` appends the
chosen ones to the source's status file with ids of the form uN, through the editing path:
all of them are checked together, and if any would not validate (or still holds a draft
placeholder) nothing is written and every reason is given at its line in the draft.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from . import dates, editing
from .dataset import STATUS_DIR
from .problems import Problem
from .yamlsafe import locate, parse_yaml, read_yaml

PLACEHOLDER = "DRAFT"  # how ingest opens every text a person must write


@dataclass
class Accepted:
    path: Path  # the status file
    written: bool
    ids: list[tuple[str, str]] = field(default_factory=list)  # (draft id, the new update's id)
    problems: list[Problem] = field(default_factory=list)  # located in the draft file


def accept(root: Path, source_id: str, draft: Path, only: list[str] | None = None, *,
           texts: str | os.PathLike | None = None, today: date | None = None) -> Accepted:
    root = Path(root)
    path = editing.status_path(root, source_id)
    shown = str(draft)
    yf = read_yaml(draft, shown)
    if yf.data is None or yf.problems:
        return Accepted(path, False, problems=yf.problems or [Problem(shown, 1, None, "the draft holds nothing")])
    refused = _shape(yf, shown, source_id)
    if refused:
        return Accepted(path, False, problems=refused)
    drafts = yf.data["updates"]
    ids = [u.get("id") if isinstance(u, dict) else None for u in drafts]
    unknown = [d for d in only or [] if d not in ids]
    if unknown:
        return Accepted(path, False, problems=[Problem(shown, 1, None,
            f"no draft update {', '.join(map(repr, unknown))} (the draft has {', '.join(map(str, ids))})")])
    chosen = [i for i, d in enumerate(ids) if not only or d in only]
    problems = [p for i in chosen for p in _placeholders(yf, i)]
    if problems:
        return Accepted(path, False, problems=problems)
    return _write(root, source_id, path, yf, chosen, texts, today)


def _shape(yf, shown: str, source_id: str) -> list[Problem]:
    data = yf.data
    if not isinstance(data, dict) or not isinstance(data.get("updates"), list) or not data["updates"]:
        return [yf.problem("expected a draft as `ingest --out` writes it: a mapping with a list of updates")]
    if data.get("source") not in (None, source_id):
        return [yf.problem(f"the draft is of source {data.get('source')!r}, not {source_id!r}; "
                           "give --source the draft's source, or fix its `source:` line", ("source",))]
    return [yf.problem("each update must be a mapping", ("updates", i))
            for i, u in enumerate(data["updates"]) if not isinstance(u, dict)]


def _placeholders(yf, i: int) -> list[Problem]:
    """What the analyst has not yet replaced: the draft's own notes, blocker texts and ids."""
    u = yf.data["updates"][i]
    out = []
    if str(u.get("note", "")).startswith(PLACEHOLDER):
        out.append(yf.problem("the note is still the draft's; say what the article reports, in your own words",
                              ("updates", i, "note")))
    for j, b in enumerate(u.get("blockers") or []):
        if not isinstance(b, dict):
            continue
        if str(b.get("text", "")).startswith(PLACEHOLDER):
            out.append(yf.problem("the blocker's text is still the draft's; describe it in your own words",
                                  ("updates", i, "blockers", j, "text")))
        if str(b.get("id", "")).startswith("draft-"):
            out.append(yf.problem(f"blocker id {b.get('id')!r} is the draft's; give it an id of its own "
                                  "(or an active blocker's id, to restate that one)",
                                  ("updates", i, "blockers", j, "id")))
    return out


def _write(root: Path, source_id: str, path: Path, yf, chosen: list[int], texts, today) -> Accepted:
    rel = f"{STATUS_DIR}/{path.name}"
    expected = None
    if path.exists() or path.is_symlink():
        text, status, expected = editing.read_for_edit(root, rel, "updates")
    else:
        text = editing.new_status_file(source_id)
        status = parse_yaml(text.encode(), rel)
    spans: list[tuple[int, int, int]] = []  # (first line, last line, draft index) of each appended update
    ids = []
    for i in chosen:
        update: dict[str, Any] = {k: v for k, v in yf.data["updates"][i].items() if k not in ("id", "draft")}
        update["id"] = editing.next_update_id(status.data["updates"])
        update["recorded"] = (today or dates.today()).isoformat()
        item = editing.render_update(update)
        text, line = editing.insert_item(text, status, "updates", item)
        status = parse_yaml(text.encode(), rel)
        spans.append((line, line + item.count("\n") - 1, i))
        ids.append((str(yf.data["updates"][i].get("id")), update["id"]))
    found = editing.new_problems(root, {rel: text}, texts=texts, today=today)
    if found:
        return Accepted(path, False, ids, [_in_draft(p, rel, spans, yf) for p in found])
    editing.atomic_write(path, text, expected)
    return Accepted(path, True, ids)


def _in_draft(p: Problem, rel: str, spans, yf) -> Problem:
    """A problem of the candidate status file, told at the draft update it came from."""
    for first, last, i in spans:
        if p.path == rel and p.line is not None and first <= p.line <= last:
            line = locate(yf.root, ("updates", i))[0]
            return Problem(yf.path, line, None, f"update {yf.data['updates'][i].get('id')}: {p.message}")
    return p
