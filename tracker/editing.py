"""Adding sources and status updates to the YAML files without losing anything.

Writes keep the file's comments and layout (ruamel.yaml round trip), go through a
temporary file and a rename (so a reader never sees half a file), are validated before
they land, and refuse when the file changed on disk since the caller read it.
"""
from __future__ import annotations

import fcntl
import hashlib
import io
import os
import re
import shutil
import stat
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .load import SOURCES_FILE, STATUS_DIR, load
from .problems import Problem
from .texts import texts_dir

WRITE_ENV = "TRACKER_ALLOW_WRITES"
UPDATE_KEYS = ("points", "date", "level", "momentum", "note", "indicators", "actors", "blockers",
               "evidence", "disputed", "draft")
SOURCE_KEYS = ("id", "label", "outlet", "headline", "author", "published", "date_basis", "file", "summary",
               "boilerplate")
STATUS_HEADER = "# yaml-language-server: $schema=../schema/status.schema.json\n"


def writes_allowed() -> bool:
    """Writing from the app is off unless the operator sets TRACKER_ALLOW_WRITES=1."""
    return os.environ.get(WRITE_ENV, "").strip().lower() in ("1", "true", "yes", "on")


class ConcurrentEdit(RuntimeError):
    """The file changed on disk since it was read; nothing was written."""


@dataclass
class EditResult:
    path: Path
    written: bool
    text: str  # the file as it is (written) or would be (refused)
    problems: list[Problem] = field(default_factory=list)
    line: int | None = None  # where the new entry starts


def digest(path: Path) -> str | None:
    return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest() if path.exists() else None


def _yaml() -> YAML:
    y = YAML()
    y.preserve_quotes = True
    y.width = 100
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def _flow(items: list) -> CommentedSeq:
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def _map(data: dict, flow: bool = False) -> CommentedMap:
    m = CommentedMap(data)
    if flow:
        m.fa.set_flow_style()
    return m


def _day(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)  # written plain (2025-10-10), as people write it
        except ValueError:
            return value
    return value


def clean_update(update: dict[str, Any]) -> dict[str, Any]:
    """The update's keys in the house order, empty optional parts dropped."""
    out = {}
    for key in UPDATE_KEYS:
        value = update.get(key)
        if value in (None, "", [], {}) or (key == "draft" and value is False):
            continue
        out[key] = value
    return out


def update_node(update: dict[str, Any]) -> CommentedMap:
    """An update as YAML nodes in the style of the shipped files."""
    u = clean_update(update)
    node = CommentedMap()
    for key, value in u.items():
        if key == "date":
            node[key] = _day(value)
        elif key in ("points", "actors"):
            node[key] = _flow(list(value))
        elif key == "indicators":
            node[key] = _map(dict(value), flow=True)
        elif key == "evidence":
            node[key] = CommentedSeq([_map(clean_evidence(e), flow=True) for e in value])
        elif key == "blockers":
            node[key] = CommentedSeq([_blocker(b) for b in value])
        elif key == "disputed":
            d = dict(value)
            d["by"] = _flow(list(d.get("by", [])))
            d["evidence"] = CommentedSeq([_map(clean_evidence(e), flow=True) for e in d.get("evidence", [])])
            node[key] = _map(d)
        else:
            node[key] = value
    return node


def clean_evidence(e: dict[str, Any]) -> dict[str, Any]:
    return {k: e[k] for k in ("source", "paragraph", "phrase") if e.get(k) not in (None, "")}


def _blocker(b: dict[str, Any]) -> CommentedMap:
    m = CommentedMap()
    for key in ("id", "text", "category", "actors", "since", "resolved"):
        value = b.get(key)
        if value in (None, "", []):
            continue
        m[key] = _flow(list(value)) if key == "actors" else (_day(value) if key in ("since", "resolved") else value)
    return m


def render_update(update: dict[str, Any]) -> str:
    """The YAML of one update as it will appear in the file (a list item)."""
    out = io.StringIO()
    _yaml().dump(CommentedSeq([update_node(update)]), out)
    return out.getvalue()


def _dump(data: Any) -> str:
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue()


_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class BadName(ValueError):
    """A source id that cannot be a file name (it would leave the data folder)."""


def status_path(root: Path, source_id: str) -> Path:
    if not _SLUG.match(source_id or "") or len(source_id) > 64:
        raise BadName(f"{source_id!r} is not a valid source id: use lower-case letters, digits, - and _")
    return Path(root) / STATUS_DIR / f"{source_id}.yaml"


def with_update(root: Path, source_id: str, update: dict[str, Any]) -> tuple[str, int]:
    """The status file's text with the update appended, and the line where it starts."""
    path = status_path(root, source_id)
    if path.exists():
        data = _yaml().load(path.read_text(encoding="utf-8"))
    else:
        data = None
    if not isinstance(data, CommentedMap):
        data = CommentedMap([("source", source_id), ("updates", CommentedSeq())])
    if not isinstance(data.get("updates"), list):
        data["updates"] = CommentedSeq()
    data["updates"].append(update_node(update))
    text = _dump(data)
    if not text.startswith("# yaml-language-server"):
        text = STATUS_HEADER + text
    line = _line_of_last_item(text)
    return text, line


def _line_of_last_item(text: str) -> int:
    lines = text.splitlines()
    for i in range(len(lines) - 1, -1, -1):
        if lines[i].startswith("  - "):
            return i + 1
    return len(lines)


def check_candidate(root: Path, files: dict[str, str], today: date | None = None) -> list[Problem]:
    """Problems the data would have with these files replaced, limited to those files.

    The check runs on a scratch copy of the registries and the candidate files only, so it
    costs the same however large the status log is.
    """
    root = Path(root)
    found_texts = texts_dir(root)
    with tempfile.TemporaryDirectory(prefix="tracker-check-") as tmp:
        scratch = (Path(tmp) / "root").resolve()
        for sub in ("plan", "seeds"):
            shutil.copytree(root / sub, scratch / sub)
        (scratch / STATUS_DIR).mkdir()
        for rel, text in files.items():
            target = (scratch / rel).resolve()
            if not target.is_relative_to(scratch):
                raise BadName(f"{rel!r} is outside the data folder")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        ds = load(scratch, found_texts or Path(tmp) / "no-texts", today=today)
    return [p for p in ds.problems if p.path in files]


@contextmanager
def _folder_lock(folder: Path):
    """An exclusive lock on the folder, held by one writer at a time (across processes)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def atomic_write(path: Path, text: str, expected: str | None) -> None:
    """Write via a temporary file and rename, under a lock, refusing if the file is not what
    the caller read: two writers can never both succeed from the same starting point."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o666 & ~_umask()
        os.chmod(tmp, mode)
        with _folder_lock(path.parent):
            if digest(path) != expected:
                raise ConcurrentEdit(f"{path.name} changed on disk since it was read; nothing was written. "
                                     "Reload to see the other change; your entry is kept.")
            os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def append_update(root: Path, source_id: str, update: dict[str, Any], expected: str | None = None,
                  *, check_first: bool = True, today: date | None = None) -> EditResult:
    """Append one update to the source's status file.

    expected is the file's digest when the caller read it (None: the file must not exist
    yet, or pass `digest(path)` just before). With check_first the write is refused when
    the file would have problems; otherwise it is written and its problems reported.
    """
    root = Path(root)
    path = status_path(root, source_id)
    rel = f"{STATUS_DIR}/{path.name}"
    if digest(path) != expected:
        raise ConcurrentEdit(f"{rel} changed on disk since it was read; nothing was written. "
                             "Reload to see the other change; your entry is kept.")
    text, line = with_update(root, source_id, update)
    problems = check_candidate(root, {rel: text}, today=today)
    if problems and check_first:
        return EditResult(path, False, text, problems, line)
    atomic_write(path, text, expected)
    return EditResult(path, True, text, problems, line)


def add_source(root: Path, source: dict[str, Any], today: date | None = None) -> EditResult:
    """Register an article in seeds/sources.yaml and start its status file; refused if invalid."""
    root = Path(root)
    path = root / SOURCES_FILE
    sid = str(source.get("id", ""))
    status_path(root, sid)  # refuses an id that is not a safe file name, before anything else
    before = digest(path)
    data = _yaml().load(path.read_text(encoding="utf-8"))
    entry = CommentedMap()
    for key in SOURCE_KEYS:
        value = source.get(key)
        if value in (None, "", []):
            continue
        entry[key] = _day(value) if key == "published" else value
    data["sources"].append(entry)
    text = _dump(data)
    status_rel = f"{STATUS_DIR}/{sid}.yaml"
    status_text = STATUS_HEADER + f"source: {sid}\nupdates: []\n"
    files = {SOURCES_FILE: text}
    if not status_path(root, sid).exists():
        files[status_rel] = status_text
    problems = check_candidate(root, files, today=today)
    if problems:
        return EditResult(path, False, text, problems)
    atomic_write(path, text, before)
    if status_rel in files:
        atomic_write(status_path(root, sid), status_text, None)
    return EditResult(path, True, text, [], _line_of_last_item(text))
