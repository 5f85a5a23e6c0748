"""How the tracker rates and computes: one text for the dashboard's Methodology page and
docs/methodology.md (`python -m tracker docs` writes it; a test keeps it fresh)."""
from __future__ import annotations

from . import vocab
from .model import AgeRules

RULES = """\
Each status update records what one news report says about one or more points of the plan:
the **implementation level** on the Peace Accords Matrix scale, a separate **momentum** flag,
the **blockers** it names with the actors behind them, indicator values where reported, and
the **evidence**: the article, the paragraph (its N-th non-empty line) and a short key phrase
found in it. Notes are our own words; where a party or another report disputes a claim, the
update records the competing claim and its source.

**Status as of a date.** A point's level, momentum and note come from its latest update dated
on or before that date (updates are dated by the event or, failing that, the report).
A point with no update yet is *not initiated*.

**Progress (0-100).** Each level stands for a value (below). Where the plan gives a countable
target that drives progress ({progress_example}), the reported count is used instead,
as long as it is at least as recent as the latest rated update. An *unclear* update keeps the
last rated value. Phase and overall progress are the mean of their points. A count is the
figure a report states; the only counts of our own are the sum of figures one report gives
for the same date, and a count its words fix ("the last one": all of the target), each
named as ours in the note.

**Blockers** stay active from their start until a later report restates them as resolved,
or names them under `resolves` (resolved on that report's date). A blocker may name what it
waits for (`until`: a milestone, an indicator's target or another blocker, on any point, with
the stated cause in our words); it ends on the day that is met, and the cause is shown.

**Facts that age.** A fact holds from the report that gives it until a later report changes
it, but no fact is repeated as if freshly known. Every blocker, milestone state and indicator
value knows when it was first reported and last confirmed: by a report that restates it, or
that names its id under `confirms` without restating it. The plan's age rules
(`plan/plan.yaml: age_rules`) then say how long a fact is taken to hold unconfirmed:

- a blocker no report has stated or confirmed for **{blocker_days} days** is shown as
  *unconfirmed since* its last confirmation and counted apart from confirmed ones (never
  dropped): the overview says "N active, M confirmed in the last {blocker_days} days";
- momentum older than **{momentum_days} days** is shown as *no recent report* instead of its
  value (the JSON keeps the value and says `momentum_stale`);
- a milestone state or indicator value not given or confirmed for **{fact_days} days** is
  marked as not confirmed since;
- a level always shows how long ago a report last rated the point.

The defaults (90, 60 and 180 days) were measured on the first record the tracker was built for,
another plan's, not on this one unless it is that plan: of its 14 restatements of a blocker by id, the
longest gap was 39 days (90% within 34), so 90 days is more than twice any observed gap; 90% of
the gaps between two reports on the same point are within 59 days, so momentum older than 60
days is older than nine in ten reporting intervals. A report that says nothing about a point is
no confirmation of its level: it is rated *unclear*.

A milestone owed by several parties may take a **state per party** where a report tells them
apart (`{party_states_example}`); the milestone's own state is the one they share,
*reversed* if any party reversed it, *partly met* if some have done their part. Restating an
active blocker under a new id (same category, actors and text) is refused by the validator:
restate it by its id, or confirm it. Two blockers found to state one obstacle are merged: the
one dropped names the one kept (`same_as`), and its id is kept as a former id of it.

**Prerequisites** count as met when the prerequisite point is carried out in full; a fallback
link (a point that applies only if another is delayed) does not hold its point back.

**Deadlines** are met when the point is carried out in full by the due date, missed when the
date passes first, and pending until then.

**Milestones per party.** Where the plan is concrete, a point lists milestones, each with the
actors obliged to carry it out ({milestone_example}). An update
gives a milestone's state when its report says so: *met*, *partly met*, *not met* or
*reversed*; a milestone tied to an indicator with no state given is met when the indicator
reaches its target. So the tracker says who has done their part, actor by actor. Checks flag
(as warnings, not errors) a point rated *full* with a milestone not met, a point *not
initiated* with one met, and a point whose measuring indicator reached its target while its
level is below full. One contradiction a reader would notice at once is an error, refused by
the validator: a point rated *full* while its measuring indicator (the one that drives
progress) stands below its target, unless the same report gives the figure.

**Claims and competing figures.** Evidence that reports a party's claim rather than a fact
(a government media office's tally, a ministry's count, an army's statement) names the
claimant (`claimed_by`), and the claim is labelled as that party's wherever it is shown.
Where reports give different figures for the same indicator within a week, all are shown side
by side with their sources and the point is marked *figures disputed*. The figure that counts
for progress is the latest one a report states as fact; a party's claim counts only when no
report of that week states the figure as fact, because a party's tally of its own obligations
is the figure most open to dispute.

**Review.** Every update is read a second time by someone who did not code it, against the
article. A review round (`reviews/`) records, per update, the level and momentum it had when
reviewed and the second reader's, whether the reader accepts the rating, and how each
disagreement was settled: the update *changed*, or *kept* with a rationale. Findings beyond
the ratings (weak support, wording, misses) are recorded and settled the same way.
`python -m tracker agreement` reports the share of reviewed updates whose levels agree,
Cohen's kappa, and kappa with linear weights on the four ordinal levels (pairs involving
*unclear* are left out of the weighted figure), all computed from the ratings as they stood
when reviewed, so they measure the coding, not the corrected data.

**How to cite.** A versioned release by its version (its README gives the citation); the live
data by their data version and date: "{tracker}, data version `<version>`,
status as of <date>", with the article named in the evidence. Every chart and export carries the
same stamp.
"""


def vocabulary_markdown() -> str:
    out = []
    for name, terms in vocab.VOCABULARIES.items():
        out.append(f"### {name}\n")
        for t in terms:
            extra = ""
            if terms is vocab.LEVELS:
                extra = (" Progress: " + ("the last rated level." if t.progress is None else f"{t.progress}.")
                         + f" Mark: {t.symbol}.")
            if terms is vocab.MOMENTUM:
                extra = f" Mark: {t.symbol}."
            out.append(f"- **{t.label}** (`{t.id}`): {t.definition}{extra}")
        out.append("")
    return "\n".join(out)


GENERIC_EXAMPLES = {
    "progress_example": "people returned, out of 48",
    "party_states_example": "{party-a: not_met, party-b: reversed}",
    "milestone_example": "say, the first handover, by the party that owes it",
    "tracker": "Plan tracker",
}


def examples(ds) -> dict[str, str]:
    """The rules' examples taken from the plan's own points, where it has them (else the generic ones)."""
    out = dict(GENERIC_EXAMPLES)
    if ds is None or ds.plan is None:
        return out
    out["tracker"] = ds.plan.name
    points = sorted(ds.points.values(), key=lambda p: p.id)
    measured = next(((p, i) for p in points for i in p.indicators if i.progress), None)
    if measured:
        out["progress_example"] = f"{measured[1].name[:1].lower()}{measured[1].name[1:]}, out of {measured[1].target:g}"
    shared = next((m for p in points for m in p.milestones if len(m.actors) > 1), None)
    if shared:
        out["party_states_example"] = f"{{{shared.actors[0]}: not_met, {shared.actors[1]}: reversed}}"
    owed = min(((p, m) for p in points for m in p.milestones if m.actors), key=lambda pm: len(pm[1].text),
               default=None)  # the shortest, as an example should be
    if owed:
        p, m = owed
        who = ", ".join(ds.actors[a].name if a in ds.actors else a for a in m.actors)
        out["milestone_example"] = f"for point {p.id}, {m.text[:1].lower()}{m.text[1:].rstrip('.')}, by {who}"
    return out


def rules_text(age_rules: AgeRules | None = None, given: dict[str, str] | None = None) -> str:
    """The rules with the plan's age rules and examples filled in (generic ones when none are given)."""
    a = age_rules or AgeRules()
    text = RULES.replace("{blocker_days}", str(a.blocker_days)).replace(
        "{momentum_days}", str(a.momentum_days)).replace("{fact_days}", str(a.fact_days))
    for key, value in {**GENERIC_EXAMPLES, **(given or {})}.items():
        text = text.replace("{" + key + "}", value)
    return text


def document(age_rules: AgeRules | None = None, given: dict[str, str] | None = None) -> str:
    return ("# Methodology\n\n" + rules_text(age_rules, given)
            + "\n## Vocabulary\n\nDeclared once in `tracker/vocab.py`; the same "
            "definitions appear on the dashboard's Methodology page and in the editors' JSON Schemas.\n\n"
            + vocabulary_markdown())
