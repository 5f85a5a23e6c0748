"""A second reading from the app: the queue of updates no round has read yet, and a reader's
rating appended to a review round file (`reviews/<round>.yaml`) through the editing path:
checked first, written whole, never over a change made meanwhile."""
from __future__ import annotations

import io
import json  # a JSON string is a YAML scalar quoted safely
import os
from datetime import date
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from . import dates, editing, yamlwrite
from .agreement import unread
from .dataset import REVIEWS_DIR, Dataset, Entry

REVIEW_KEYS = ("source", "update", "level", "momentum", "reviewer_level", "reviewer_momentum", "agree", "comment")
ROUND_HEADER = "# yaml-language-server: $schema=../schema/review.schema.json\n"


def queue(ds: Dataset) -> list[Entry]:
    """Every update no review round has read yet, oldest first (agreement.unread)."""
    return unread(ds)


def review_item(entry: Entry, reviewer_level: str, reviewer_momentum: str | None, agree: bool,
                comment: str | None) -> str:
    """The YAML of one review entry, as the round files hold them."""
    values = {"source": entry.source, "update": entry.update.id, "level": entry.update.level,
              "momentum": entry.update.momentum, "reviewer_level": reviewer_level,
              "reviewer_momentum": reviewer_momentum, "agree": agree, "comment": comment or None}
    node = CommentedMap((k, values[k]) for k in REVIEW_KEYS if values[k] is not None)
    out = io.StringIO()
    yamlwrite.writer().dump(CommentedSeq([node]), out)
    return "".join(line.rstrip() + "\n" for line in out.getvalue().splitlines())


def append_review(root: Path, round_id: str, reviewer: str, item: str, *, today: date | None = None,
                  texts: str | os.PathLike | None = None) -> editing.EditResult:
    """Append one review to the round's file (started if it does not exist); refused, with the
    problems and nothing written, when the data would gain a problem."""
    root = Path(root)
    day = today or dates.today()
    path = root / REVIEWS_DIR / editing.status_path(root, round_id).name  # a round id follows the source id rule
    rel = f"{REVIEWS_DIR}/{path.name}"
    path.parent.mkdir(exist_ok=True)
    expected = None
    if path.exists() or path.is_symlink():
        text, yf, expected = editing.read_for_edit(root, rel, "reviews")
    else:
        text = (ROUND_HEADER + f"round: {round_id}\nreviewer: {json.dumps(reviewer)}\ndate: {day.isoformat()}\n"
                "scope: Updates read again on the dashboard's Review page, each against its article.\nreviews: []\n")
        yf = editing.parse_yaml(text.encode(), rel)
    new_text, line = editing.insert_item(text, yf, "reviews", item)
    problems = editing.new_problems(root, {rel: new_text}, texts=texts, today=day)
    n = item.count("\n")
    result = editing.EditResult(path, False, new_text, problems, line, n)
    if problems:
        return result
    editing.atomic_write(path, new_text, expected)
    return editing.EditResult(path, True, new_text, [], line, n)
