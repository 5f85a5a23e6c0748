"""The plan's own words for the draft extractor, from plan/plan.yaml (`ingest`): the nouns an
indicator's unit is counted with, the things whose last one completes a point, the kinds a figure
can carry (its qualifiers) and the words for the plan as a whole. The grammar around them (the
cue families in `cues`) is the tracker's, the same for every plan."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import IngestWords, Plan

# completion needs an event: "all ... were released", "the last one was returned", "brought everyone home"
_GENERIC_COMPLETION = (
    r"brought (\w+ )?(everyone|all of them|them all) (back )?home|everyone is (now )?home|"
    r"completed (the|its|their)\b[^.]{0,40}|fully (re)?opened|"
    r"(all|every one of the|the (final|last))\b[^.]{0,40}\b(were|was|have been|has been|had been) "
    r"(released|freed|returned|handed over|recovered|repatriated|found|identified|withdrawn|destroyed)|"
    r"(released|freed|returned|handed over|recovered|repatriated) (all|the (final|last|remaining))\b")
_LAST_FOUND = (r"(recovered|retrieved|discovered|returned|released|handed over|repatriated|found|identified)\b"
               r"[^.]{0,60}\bthe (final|last) (\w+ )?({items})|"
               r"\b(final|last) (\w+ ){0,2}({items})s?\b[^.]{0,40}\b(found|recovered|retrieved|returned|"
               r"discovered|repatriated)\b")


def completion_cue(last_items: list[str] | tuple[str, ...] = ()) -> str:
    """The completion cue family: the tracker's grammar, and "the last ... was found" for the
    plan's own things (its `last_items`)."""
    items = "|".join(re.escape(w.lower()) for w in last_items)
    found = ("|" + _LAST_FOUND.replace("{items}", items)) if items else ""
    return r"\b(" + _GENERIC_COMPLETION + found + ")"


COMPLETION = completion_cue()  # with no plan's words: the grammar alone


@dataclass(frozen=True)
class PlanWords:
    """The plan's `ingest` words, made ready for reading: a cue pattern and lookups."""

    completion: str
    units: dict[str, tuple[str, ...]]  # an indicator's unit -> the nouns a figure of it is written with
    qualifiers: dict[str, str]  # a word -> the kind it says ("alive" -> "living")
    context_terms: frozenset[str]

    @classmethod
    def of(cls, plan: Plan | None) -> PlanWords:
        words = plan.ingest if plan is not None else IngestWords()
        return cls(completion_cue(words.last_items),
                   {unit: tuple(nouns) for unit, nouns in words.units.items()},
                   {w.lower(): kind for kind, ws in words.qualifiers.items() for w in ws},
                   frozenset(words.context_terms))

    def nouns(self, unit: str) -> tuple[str, ...]:
        return self.units.get(unit, (unit,))

    def qualifiers_of(self, words: str) -> frozenset:
        """The kinds the words carry ("20 living ..." -> {"living"})."""
        return frozenset(self.qualifiers[w] for w in re.findall(r"[a-z]+", words.lower()) if w in self.qualifiers)


NO_WORDS = PlanWords.of(None)
