"""status/*.yaml: every status file read, checked once and remembered (in memory and in
the disk cache, keyed on its bytes and everything its checks depend on), its valid updates
turned into log entries."""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from ..dataset import STATUS_DIR, Entry
from ..model import Update
from ..problems import Problem
from ..yamlsafe import YamlFile, locate
from .messages import _partial
from .updates import _UpdateChecker

if TYPE_CHECKING:
    from .loader import Loader

# Parsed and checked status files, keyed on the file's path; an entry is used only while
# the file's bytes and everything its checks depend on are unchanged, so it is never stale.
_STATUS_CACHE: dict[str, tuple[tuple, tuple]] = {}


def _content_key(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=16).digest()


def load_status(ld: Loader, points, actors, sources, articles, plan) -> list[Entry]:
    folder = ld.root / STATUS_DIR
    if not folder.is_dir():
        ld.problems.append(Problem(STATUS_DIR, 1, None, "folder is missing"))
        return []
    # What a status file's checks depend on besides its own bytes: the registries
    # read so far, the article texts and today's date.
    context = (ld.digest.hexdigest(), str(ld.texts_dir), ld.today,
               hashlib.blake2b(repr(sorted(articles.items())).encode(), digest_size=16).digest())
    entries: list[Entry] = []
    added = {rel.split("/", 1)[1] for rel in ld.overlay if rel.startswith(STATUS_DIR + "/")}
    for name in sorted({p.name for p in folder.iterdir()} | added):
        path = folder / name
        rel = f"{STATUS_DIR}/{name}"
        skipped = None if rel in ld.overlay else _not_a_status_file(path)
        if skipped:
            if skipped != "hidden":
                ld.problems.append(Problem(rel, 1, None, skipped))
            continue
        raw = ld.read_raw(rel)
        if raw is None:
            continue
        key = (str(path.resolve()) + ("#overlay" if rel in ld.overlay else ""), _content_key(raw), context)
        cached = _STATUS_CACHE.get(key[0])
        if cached is None or cached[0] != key:
            disk_key = (rel, key[1], context)
            found = ld.disk.get(disk_key) if ld.disk and not ld.overlay else None
            if found is not None:
                cached = (key, found)
                _STATUS_CACHE[key[0]] = cached
        if cached is not None and cached[0] == key:
            source, items, problems, ld.source_lines[rel], ids = cached[1]
            ld.problems.extend(problems)
            ld.update_ids.setdefault(source, set()).update(ids)
        else:
            before = len(ld.problems)
            source, items = check_status_file(ld, rel, raw, points, actors, sources, articles, plan)
            ids = ld.file_ids
            ld.update_ids.setdefault(source, set()).update(ids)
            value = (source, items, ld.problems[before:], ld.source_lines.get(rel), ids)
            _STATUS_CACHE[key[0]] = (key, value)
            if ld.disk and not ld.overlay:  # a trial edit's check is not worth keeping
                ld.disk.put((rel, key[1], context), value)
        base = len(entries)  # (read before extending: the list grows while it is extended)
        entries.extend(Entry(u, source, rel, line, base + i, at) for i, (u, line, at, _) in enumerate(items))
        ld.repeat_keys.extend(item[3] for item in items)
    return entries


def check_status_file(ld: Loader, rel, raw, points, actors, sources, articles, plan):
    """Parse and check one status file: its source id and its valid updates with their lines."""
    ld.file_ids = set()
    yf = ld.read(rel, raw)
    if yf is None:
        return "?", []
    source = yf.data.get("source")
    ld.source_lines[rel] = locate(yf.root, ("source",))[0] if "source" in yf.data else None
    if not isinstance(source, str):
        ld.problems.append(yf.problem("missing top-level key 'source' (a source id)"))
    elif sources and source not in sources:
        ld.unknown(yf, "source", source, sources, ("source",))
    checker = _UpdateChecker(ld, yf, source, points, actors, sources, articles, plan)
    items = []
    failed: list = []
    raw_updates = yf.data.get("updates") if isinstance(yf.data.get("updates"), list) else []
    seen_ids: dict[str, int] = {}
    repeated: set[int] = set()  # updates whose id an earlier one has: reported, and left out
    for i, item in enumerate(raw_updates):
        uid = item.get("id") if isinstance(item, dict) else None
        if isinstance(uid, str):
            ld.file_ids.add(uid)
            if uid in seen_ids:
                repeated.add(i)
                ld.problems.append(yf.problem(
                    f"update id {uid!r} is used twice in this file (first at line "
                    f"{_item_line(yf, 'updates', seen_ids[uid])}); ids must be unique within a source "
                    "(this one is left out)", ("updates", i, "id")))
            seen_ids.setdefault(uid, i)
    for i, u in ld.items(yf, "updates", Update, allowed=("source",), failed=failed):
        before = len(ld.problems)
        checker.check(i, u)
        if len(ld.problems) == before and i not in repeated:  # an update with a problem is reported, not used
            at = tuple(locate(yf.root, ("updates", i, "resolves", k)) for k in range(len(u.resolves)))
            items.append((u, _item_line(yf, "updates", i), at, repeat_key(u, source)))
    for i, raw in failed:  # still check what can be checked, so one run reports everything
        if isinstance(raw, dict):
            checker.check(i, _partial(Update, raw))
    return (source if isinstance(source, str) else "?"), items


def repeat_key(u: Update, source) -> bytes:
    """What makes two updates the same one written twice: points, date, level and evidence, as
    a digest (computed with the file's check and cached with it: one small object per update)."""
    key = (tuple(sorted(u.points)), u.date, u.level,
           tuple(sorted((ev.source or source, ev.paragraph, " ".join(ev.phrase.lower().split()))
                        for ev in u.evidence)))
    return hashlib.blake2b(repr(key).encode(), digest_size=16).digest()


def _not_a_status_file(path: Path, folder: str = STATUS_DIR, holds: str = "updates") -> str | None:
    """Why an entry of a data folder is not read as one of its files ('hidden' for dot files), or None."""
    if path.name.startswith("."):
        return "hidden"  # editors' and our own temporary files
    if path.is_dir() and not path.is_symlink():
        return f"is a folder; the files of {folder}/ are .yaml files directly in it (not read)"
    if path.suffix in (".yaml", ".yml"):
        return None
    if path.suffix.lower() in (".yaml", ".yml"):
        return (f"is not read: the name ends in {path.suffix!r}; files here end in lower-case "
                f"'.yaml' (rename it to {path.stem + '.yaml'!r})")
    return f"is not read: only .yaml files in {folder}/ hold {holds} (move it out of the folder)"


def _item_line(yf: YamlFile, key: str, i: int) -> int:
    line, _ = locate(yf.root, (key, i))
    return line or 0
