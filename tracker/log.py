"""The log's one order and the blockers' one rule, shared by the validator (``load``
checks that ``resolves`` names an active blocker) and the derived views (``status``).

Both replay the log the same way, so neither may have its own copy: the order of updates,
how a stated blocker replaces its earlier state, and how ``resolves`` carries one forward.
Imports only the record's types.
"""
from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date

from .dataset import Dataset, Entry
from .model import Blocker, Source


@dataclass(frozen=True)
class BlockerState:
    point: int
    blocker: Blocker
    first_seen: date  # date of the first update that reported it
    last_entry: Entry  # the latest update that stated it (or resolved it)
    last_confirmed: date | None = None  # the latest update that stated or confirmed it (None: last_entry's)
    ended_by: str | None = None  # the cause that was met, when the blocker ended by its `until`
    former_ids: tuple[str, ...] = ()  # ids of blockers merged into this one (`same_as`)

    @property
    def since(self) -> date:
        return self.blocker.since or self.first_seen

    @property
    def confirmed(self) -> date:
        """When a report last said the blocker holds: stated it, or confirmed it by id."""
        return self.last_confirmed or self.last_entry.date

    def active_on(self, day: date) -> bool:
        return self.since <= day and (self.blocker.resolved is None or self.blocker.resolved > day)

    def stale_on(self, day: date, days: int) -> bool:
        """Active but not stated or confirmed in the `days` before `day` (the age rule)."""
        return (day - self.confirmed).days > days


@contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic garbage collector paused: loading and passes that make an object or a tuple
    per update create no reference cycles, but would trigger collections that walk every
    update of the log, again and again (pausing halves loading at 10k updates). Objects frozen
    with gc.freeze() elsewhere are unfrozen on the way out (nothing in the tracker freezes any)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            # What was made meanwhile joins the oldest generation unscanned (freeze, then unfreeze:
            # two list splices), so enabling does not start by walking every update made (0.6 s at
            # 100,000); any garbage among it goes with the next full collection, as before.
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def order_entries(entries: Sequence[Entry], sources: Mapping[str, Source]) -> list[Entry]:
    """The log oldest first: by date, then by the report's publication date (a later report
    of the same day's event wins), then by where it is written."""
    far = date.max
    published = {sid: s.published for sid, s in sources.items()}
    with paused_gc():
        return sorted(entries, key=lambda e: (e.update.date, published.get(e.source, far), e.seq))


def log_order(ds: Dataset) -> list[Entry]:
    """A dataset's log in :func:`order_entries` order, sorted once per log."""
    memo = ds.log_memo
    if memo is not None and memo[0] is ds.entries and memo[1] == len(ds.entries):
        return memo[2]
    ordered = order_entries(ds.entries, ds.sources)
    ds.log_memo = (ds.entries, len(ds.entries), ordered)
    return ordered


def apply_blockers(states: dict[tuple[int, str], BlockerState], point_id: int, e: Entry) -> None:
    """One update's blockers on one point: stated ones replace their earlier state, and the
    ids it `resolves` are carried forward as resolved on its date."""
    for b in e.update.blockers:
        key = b.same_as or b.id  # a restatement under another id is the blocker it restates
        old = states.get((point_id, key))
        former = old.former_ids if old else ()
        if b.same_as:
            former = tuple(dict.fromkeys((*former, b.id)))
            b = b.model_copy(update={"id": key, "same_as": None})
        states[(point_id, key)] = BlockerState(point_id, b, old.first_seen if old else e.date, e, e.date,
                                               former_ids=former)
    for bid in e.update.resolves:
        old = states.get((point_id, bid))
        if old is not None and old.blocker.resolved is None:
            states[(point_id, bid)] = BlockerState(
                point_id, old.blocker.model_copy(update={"resolved": e.date}), old.first_seen, e, old.confirmed,
                former_ids=old.former_ids)
    for bid in e.update.confirms:
        old = states.get((point_id, bid))
        if old is not None and old.active_on(e.date):
            states[(point_id, bid)] = replace(old, last_confirmed=e.date)
