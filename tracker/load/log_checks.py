"""Checks across status files, on the log as a whole: one file per source, no update
written twice, and every `resolves` naming a blocker active on its point by its date
(replaying the log with tracker.log's one order and blocker rule, as the status view does)."""
from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from ..dataset import STATUS_DIR, Entry
from ..log import apply_blockers, order_entries
from ..problems import Problem

if TYPE_CHECKING:
    from .loader import Loader


def check_log(ld: Loader, entries: list[Entry], points, sources) -> list[Entry]:
    """Checks across status files: one file per source, no update twice, and every
    `resolves` naming a blocker active on the update's point by its date."""
    first_file: dict[str, str] = {}  # the file named after the source wins, else the first by name
    for e in entries:
        if e.file == f"{STATUS_DIR}/{e.source}.yaml":
            first_file[e.source] = e.file
        else:
            first_file.setdefault(e.source, e.file)
    dup_files = {e.file for e in entries if first_file[e.source] != e.file}
    for rel in sorted(dup_files):
        source = next(e.source for e in entries if e.file == rel)
        ld.problems.append(Problem(rel, ld.source_lines.get(rel), None,
            f"{first_file[source]} already holds the updates of source {source!r}; "
            "one status file per source: move these updates there (this file is left out)"))
    kept: list[Entry] = []
    seen: dict[bytes, Entry] = {}
    for e in entries:
        if e.file in dup_files:
            continue
        key = ld.repeat_keys[e.seq]  # status_files.repeat_key, cached with each file's check
        if key in seen:
            other = seen[key]
            ld.problems.append(Problem(e.file, e.line, None,
                f"this update repeats the one at {other.file}:{other.line} (same points, date, level "
                "and evidence); delete one of them (this one is left out)"))
            continue
        seen[key] = e
        kept.append(e)
    ld.log_order = check_resolves(ld, kept)
    return kept


def check_resolves(ld: Loader, entries: list[Entry]) -> list[Entry]:
    """Replays the log in its one order (returned, so the dataset need not sort it again)."""
    states: dict = {}
    figures: dict[tuple[int, str], tuple[float, Entry]] = {}  # (point, indicator) -> latest value
    kept: dict[int, set[str]] = {}  # point -> ids stated as blockers in their own right
    merged: list[tuple[Entry, int, str, str]] = []  # (update, point, id, the id it restates)
    ordered = order_entries(entries, ld.sources)
    for e in ordered:
        for pid in e.update.points:
            for b in e.update.blockers:
                if b.same_as:
                    merged.append((e, pid, b.id, b.same_as))
                else:
                    kept.setdefault(pid, set()).add(b.id)
    for e, pid, bid, other in merged:
        if other not in kept.get(pid, set()) or other == bid:
            ld.problems.append(Problem(e.file, e.line, None,
                f"blocker {bid!r} is the same as {other!r}, but point {pid} has no blocker {other!r} stated in its "
                "own right; name the blocker kept"))
    for e in ordered:
        for pid in e.update.points:
            for key, value in e.update.indicators.items():
                figures[(pid, key)] = (value, e)
        for k, bid in enumerate(e.update.resolves):
            line, col = e.resolve_at[k] if k < len(e.resolve_at) else (e.line, None)
            if bid in e.update.resolves[:k]:
                ld.problems.append(Problem(e.file, line, col, f"blocker {bid!r} is listed twice in resolves"))
                continue
            here = [states.get((pid, bid)) for pid in e.update.points]
            if any(b is not None and b.active_on(e.date) for b in here):
                continue
            if any(b is not None for b in here):
                gone = next(b for b in here if b is not None)
                why = (f"it was already resolved on {gone.blocker.resolved}" if gone.blocker.resolved
                       else f"it starts only on {gone.since}")
                ld.problems.append(Problem(e.file, line, col,
                    f"resolves {bid!r}, but that blocker is not active on point(s) {e.update.points} on "
                    f"{e.date}: {why}"))
                continue
            known = sorted({b for (pid, b) in states if pid in e.update.points})
            hint = difflib.get_close_matches(bid, known, n=1)
            more = (f"; did you mean {hint[0]!r}?" if hint else
                    f" (blockers stated so far: {', '.join(known)})" if known else "")
            ld.problems.append(Problem(e.file, line, col,
                f"resolves {bid!r}, but no blocker {bid!r} was reported on point(s) "
                f"{e.update.points} by {e.date}{more}"))
        check_full_against_figure(ld, e, figures)
        check_confirms(ld, e, states)
        check_restated(ld, e, states)
        for pid in e.update.points:
            apply_blockers(states, pid, e)
    return ordered


def check_full_against_figure(ld: Loader, e: Entry, figures: dict) -> None:
    """A reader must never see a point rated full beside its measuring figure short of the target
    (say 0 of 48 people back): rating a point full needs its progress indicator at the target
    by then, or a figure of the same report."""
    if e.update.level != "full":
        return
    for pid in e.update.points:
        point = ld.points.get(pid)
        for ind in (point.indicators if point else ()):
            found = figures.get((pid, ind.id))
            if ind.progress and found and found[0] < ind.target:
                value, where = found
                ld.problems.append(Problem(e.file, e.line, None,
                    f"point {pid} is rated full on {e.date}, but its measuring indicator {ind.id!r} stands at "
                    f"{value:g} of {ind.target:g} (as of {where.date}, {where.file}:{where.line}); give the figure "
                    "this report states, or rate the point lower"))


def check_confirms(ld: Loader, e: Entry, states: dict) -> None:
    """Every id under `confirms` is a milestone or indicator of the update's points, or a
    blocker active on one of them on the update's date."""
    if not e.update.confirms:
        return
    facts = {x.id for pid in e.update.points if pid in ld.points for x in
             (*ld.points[pid].milestones, *ld.points[pid].indicators)}
    for ident in e.update.confirms:
        if ident in facts:
            continue
        here = [states.get((pid, ident)) for pid in e.update.points]
        if any(b is not None and b.active_on(e.date) for b in here):
            continue
        active = {b for (pid, b), st in states.items() if pid in e.update.points and st.active_on(e.date)}
        known = sorted(facts | active)
        hint = difflib.get_close_matches(ident, known, n=1)
        ld.problems.append(Problem(e.file, e.line, None,
            f"confirms {ident!r}, but that is no milestone, indicator or active blocker of point(s) "
            f"{e.update.points} on {e.date}" + (f"; did you mean {hint[0]!r}?" if hint else "")))


RESTATED = 0.9  # texts this alike (difflib's ratio), with the same category and actors, state one blocker


def check_restated(ld: Loader, e: Entry, states: dict) -> None:
    """A blocker stated under a new id while an active one of its point has the same category,
    actors and (nearly) the same text: the old one should be restated by its id, or confirmed."""
    for b in e.update.blockers:
        if b.same_as:
            continue  # declared a restatement of another blocker
        for pid in e.update.points:
            if (pid, b.id) in states:
                continue  # a restatement by id
            for (qid, other_id), st in states.items():
                o = st.blocker
                if (qid != pid or not st.active_on(e.date) or o.category != b.category
                        or set(o.actors) != set(b.actors)):
                    continue
                if difflib.SequenceMatcher(None, _words(o.text), _words(b.text)).ratio() >= RESTATED:
                    ld.problems.append(Problem(e.file, e.line, None,
                        f"blocker {b.id!r} restates the active blocker {other_id!r} of point {pid} (same category, "
                        f"actors and text, first reported {st.first_seen}); give it that id, or list "
                        f"{other_id!r} under confirms"))


def _words(text: str) -> str:
    return " ".join(text.lower().split())
