"""reviews/*.yaml: one file per review round, each reviewed update and finding checked
against the sources, the updates written and the round's date."""
from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from pydantic import ValidationError

from ..dataset import REVIEWS_DIR, ReviewEntry
from ..model import Review, ReviewRound
from ..problems import Problem
from .registries import _dups
from .status_files import _item_line, _not_a_status_file

if TYPE_CHECKING:
    from .loader import Loader


def load_reviews(ld: Loader, sources, points, logged=()) -> tuple[list[ReviewEntry], list[ReviewEntry]]:
    """reviews/*.yaml: one file per review round. Missing folder: no review yet. `logged` (the
    updates written, drafts included) lets each review be checked against the update it read."""
    folder = ld.root / REVIEWS_DIR
    if not folder.is_dir():
        return [], []
    reviews: list[ReviewEntry] = []
    findings: list[ReviewEntry] = []
    rounds: dict[str, str] = {}
    for path in sorted(folder.iterdir()):
        rel = f"{REVIEWS_DIR}/{path.name}"
        skipped = _not_a_status_file(path, REVIEWS_DIR, "review rounds")
        if skipped:
            if skipped != "hidden":
                ld.problems.append(Problem(rel, 1, None, skipped))
            continue
        yf = ld.read(rel)
        if yf is None:
            continue
        if yf.tainted:
            continue
        try:
            rnd = ReviewRound.model_validate(yf.data)
        except ValidationError as exc:
            for err in exc.errors():
                ld.problems.append(yf.problem(ld.message(err, ReviewRound, ""), tuple(err["loc"])))
            continue
        if rnd.round in rounds:
            ld.problems.append(yf.problem(
                f"review round {rnd.round!r} is also in {rounds[rnd.round]}; one file per round", ("round",)))
            continue
        rounds[rnd.round] = rel
        ld.check_day(yf, rnd.date, ("date",))
        for key, records, out in (("reviews", rnd.reviews, reviews), ("findings", rnd.findings, findings)):
            for i, r in enumerate(records):
                if check_review_record(ld, yf, (key, i), r, sources, points, rnd.date):
                    out.append(ReviewEntry(rnd, r, rel, _item_line(yf, key, i)))
        for dup in _dups([(r.source, r.update) for r in rnd.reviews]):
            ld.problems.append(yf.problem(f"update {dup[0]}/{dup[1]} is reviewed twice in this round",
                                            ("reviews",)))
    return check_against_updates(ld, reviews, logged), findings


def check_against_updates(ld: Loader, reviews: list[ReviewEntry], logged) -> list[ReviewEntry]:
    """A review must have read a counted update at the level it records: a draft is not yet in
    the record, and a level the update does not have is explained only by a settlement that
    changed it. Reviews failing either are reported and not counted."""
    by_ref = {e.ref: e for e in logged}
    changed = {r.ref for r in reviews if r.record.resolution and r.record.resolution.outcome == "changed"}
    kept = []
    for r in reviews:
        e = by_ref.get(r.ref)
        if e is not None and e.update.draft:
            ld.problems.append(Problem(r.file, r.line, None,
                f"reviews {r.ref}, a draft (draft: true) that is not counted yet; review it once it is accepted"))
            continue
        if e is not None and r.record.level != e.update.level and r.ref not in changed:
            ld.problems.append(Problem(r.file, r.line, None,
                f"records {r.ref} as rated {r.record.level} when read, but it is rated {e.update.level} and no "
                "settlement says it was changed: give the level as it was read, or settle the change "
                "(resolution: {outcome: changed, ...})"))
            continue
        kept.append(r)
    return kept


def check_review_record(ld: Loader, yf, at, r, sources, points, round_day) -> bool:
    before = len(ld.problems)
    if r.source is not None:
        if sources and r.source not in sources:
            ld.unknown(yf, "source", r.source, sources, at + ("source",))
        elif r.update is not None and r.update not in ld.update_ids.get(r.source, set()):
            known = sorted(ld.update_ids.get(r.source, set()))
            hint = difflib.get_close_matches(r.update, known, n=1)
            ld.problems.append(yf.problem(
                f"unknown update {r.update!r} of source {r.source!r}"
                + (f"; did you mean {hint[0]!r}?" if hint else ""), at + ("update",)))
    for j, pid in enumerate(getattr(r, "points", [])):
        if points and pid not in points:
            ld.problems.append(yf.problem(f"unknown point {pid}", at + ("points", j)))
    if isinstance(r, Review) and r.agree and r.level != r.reviewer_level:
        ld.problems.append(yf.problem(
            f"agree is true but the levels differ ({r.level} against {r.reviewer_level}); "
            "say agree: false, or correct the levels", at + ("agree",)))
    if r.resolution:
        ld.check_day(yf, r.resolution.date, at + ("resolution", "date"))
        if r.resolution.date < round_day:
            ld.problems.append(yf.problem(
                f"resolved on {r.resolution.date}, before the review round ({round_day})",
                at + ("resolution", "date")))
    return len(ld.problems) == before
