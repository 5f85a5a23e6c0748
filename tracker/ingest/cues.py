"""What the text says happened: the cue words, sentences, numbers written in words, the phrase
quoted as evidence (`span`), a `Fact` per sentence about a point and its kind (`classify`),
sentences that tell of earlier events (`is_background`), and the category of obstacle a
sentence reports (`blocker_category`)."""
from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from .. import texts
from ..dataset import Dataset
from .dating import explicit_dates
from .matching import Match, _term_rx
from .words import NO_WORDS, PlanWords

# Each cue is a regular expression on a sentence; the first family that matches decides. The
# completion family holds the plan's own words (`words.completion_cue`); the others are the same for every plan.
CARRIED_OUT = (r"\b(took effect|came into effect|went into effect|"
               r"(were|was|have been|has been|had been) (released|freed|returned|handed over|recovered|repatriated|"
               r"retrieved|discovered|found|"
               r"deployed|reopened|opened|withdrawn|established|formed|named|appointed|sworn in|adopted|approved|"
               r"signed)|handed over|arrived|entered|reopened|withdrew|"
               r"pulled back|recovered|repatriated|adopted|sworn in|took office)\b")
STARTED = (r"\b(agreed|approved|signed|accepted|announced|began|begun|launched|set up|convened|established|"
           r"named|appointed|unveiled|formed|opened|held (its|their|a) (first )?meeting|met for the first time|"
           r"pledged|committed)\b")
NEGATION = (r"\b(did not|didn't|has not|hasn't|have not|haven't|had not|not yet|no longer|never|refus\w+|"
            r"reject\w*|failed to|without(?!\s+\w+ing\b))\b")  # "without passing through" is manner, not negation
REVERSAL = (r"\b(closed( again)?( until further notice)?|re-?closed|suspended|halted|collapsed|"
            r"resum\w+ (strikes|fighting|attacks|the war|bombing)|broke down|reversed)\b")
VIOLATION = r"\b(violat\w+|breach\w*)\b"
PROMISE = (r"\b(will|would|shall|plans? to|planned|expected to|is set to|are set to|aims? to|intends? to|"
           r"proposed|calls? for|envisag\w+|envisions?|could|may|might|is to|are to|hopes? to)\b")
STALLED = r"\b(stalled|impasse|deadlock|stuck|no progress|little progress|delay\w*|postpon\w+|hurdles?|obstacles?)\b"
# A figure starts where a run of digits and commas starts (the look-behind), so a long run is
# tried once, not from each of its digits: linear, where the bare pattern is quadratic.
FIGURE = r"(?<![\d,])(\d[\d,]*)"
OF_N = re.compile(r"\b" + FIGURE + r"\s+(?:out\s+)?of\s+(?:the\s+|all\s+)?" + FIGURE + r"\b")
_SENTENCE = re.compile(r"(?<=[.!?”\"])\s+(?=[A-Z“\"(])")
_WORD = re.compile(r"\S+")


def sentences(paragraph: str) -> list[str]:
    return [x for x in _SENTENCE.split(paragraph) if x.strip()]


def numbers_in(text: str) -> str:
    """The text with numbers written in words turned into digits ("twenty-seven" -> 27), for
    finding figures; evidence is always quoted from the original text."""
    try:
        from text_to_num import alpha2digit
    except ImportError:  # the figures are found in digits only
        return text
    try:
        return alpha2digit(text, "en")
    except Exception:  # noqa: BLE001 - a sentence the parser cannot read: keep it as written
        return text


_EDGE_WORDS = {"a", "an", "the", "and", "or", "but", "that", "which", "who", "whom", "whose", "could", "would",
               "will", "should", "may", "might", "can", "to", "of", "in", "on", "at", "by", "for", "with", "from",
               "as", "is", "are", "was", "were", "be", "been", "has", "have", "had", "he", "she", "it", "they", "its",
               "their", "his", "her", "also", "said", "says", "if", "while", "after", "before", "since", "than"}
_LEAD_OK = {"to", "the", "a", "an", "all", "his", "her", "its", "their"}  # a phrase may open with these


def span(sentence: str, cue: str, term: str | None = None, most: int = 10) -> str:
    """About 3-10 words of the sentence that carry the fact: from the cue to the point's term
    when they are near each other (else the words around the term), widened to about a
    clause, with dangling function words trimmed. Quoted
    exactly as written, so the phrase is found in the paragraph."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(sentence)]
    if not words:
        return sentence[:60]
    folded = texts.fold(sentence, lower=False)

    def locate(text: str | None, rx: re.Pattern | None = None) -> tuple[int, int] | None:
        if not text:
            return None
        hit = (rx or re.compile(re.escape(texts.fold(text, lower=False)), re.I)).search(folded)
        if hit is None:
            return None
        first = next((i for i, (a, b) in enumerate(words) if a <= hit.start() < b), None)
        last = next((i for i, (a, b) in reversed(list(enumerate(words))) if a < hit.end() <= b), first)
        return (first, last) if first is not None else None
    c = locate(cue)
    t = locate(term, _term_rx(term)) if term else None
    if c and t and max(c[1], t[1]) - min(c[0], t[0]) < most:
        lo, hi = min(c[0], t[0]), max(c[1], t[1])
    elif t:
        lo, hi = t
    elif c:
        lo, hi = c
    else:
        lo, hi = 0, 0
    want = min(7, len(words))  # about a clause: who did what to what

    def ends_clause(i: int) -> bool:  # the word closes a clause: "said," "north;" "—"
        return sentence[words[i][0]:words[i][1]][-1:] in ",;:—–)"
    left_open = right_open = True
    while hi - lo + 1 < want and (left_open or right_open):
        left_open = left_open and lo > 0 and not ends_clause(lo - 1)
        if left_open:
            lo -= 1
        right_open = right_open and hi < len(words) - 1 and not ends_clause(hi)
        if hi - lo + 1 < want and right_open:
            hi += 1

    def bare(i: int) -> str:
        return sentence[words[i][0]:words[i][1]].strip(" ,;:()\"“”'‘’.").lower()
    keep = {k for k in (c or ()) + (t or ())}
    while hi > lo and hi not in keep and bare(hi) in _EDGE_WORDS:
        hi -= 1
    while lo < hi and lo not in keep and bare(lo) in _EDGE_WORDS - _LEAD_OK:
        lo += 1
    hi = min(hi, lo + most - 1)
    return sentence[words[lo][0]:words[hi][1]].strip(" ,;:()\"“”'‘’")


@dataclass
class Fact:
    """One sentence that says something happened (or not) about a point."""

    paragraph: int
    sentence: str
    kind: str  # completion | carried_out | started | reversal | negation | promise | stalled | mention
    cue: str
    term: str


def _cue(rx: str, text: str) -> str | None:
    m = re.search(rx, text, re.I)
    return m.group(0) if m else None


def classify(sentence: str, words: PlanWords = NO_WORDS) -> tuple[str, str]:
    """What a sentence says happened: the strongest cue family that matches, and its words
    (completion read with the plan's own words)."""
    for kind, rx in (("reversal", REVERSAL), ("violation", VIOLATION), ("negation", NEGATION)):
        cue = _cue(rx, sentence)
        if cue:
            return kind, cue
    promise = _cue(PROMISE, sentence)
    for kind, rx in (("completion", words.completion), ("carried_out", CARRIED_OUT), ("started", STARTED)):
        cue = _cue(rx, sentence)
        if cue and not (promise and sentence.lower().find(promise.lower()) < sentence.lower().find(cue.lower())):
            return kind, cue
    if promise:
        return "promise", promise
    cue = _cue(STALLED, sentence)
    return ("stalled", cue) if cue else ("mention", "")


MAX_FACT_PARAGRAPHS = 200  # a point's facts are read from the first paragraphs naming it (an article has < 60)


def facts_for(match: Match, paras: list[str], terms: list[str], words: PlanWords = NO_WORDS) -> list[Fact]:
    """What each sentence naming the point says happened, from the first MAX_FACT_PARAGRAPHS
    paragraphs that name it (so a huge text costs no more per point than a long article)."""
    out = []
    rxs = [(t, _term_rx(t)) for t in sorted(terms, key=len, reverse=True)]
    for p in sorted(match.paragraphs)[:MAX_FACT_PARAGRAPHS]:
        for sent in sentences(paras[p - 1]):
            folded = texts.fold(sent, lower=False)
            term = next((t for t, rx in rxs if rx.search(folded)), None)
            if term is None:
                continue
            kind, cue = classify(sent, words)
            out.append(Fact(p, sent, kind, cue, term))
    return out


CUE_REACH = 8  # words between a cue and the term it is about, at most, for the deal's name alone


def _apart(sentence: str, cue: str, term_rx: re.Pattern) -> int:
    """How many words lie between the cue and the nearest mention of the point's term."""
    folded = texts.fold(sentence, lower=False)
    at = folded.lower().find(texts.fold(cue).lower())
    if at < 0:
        return 0
    starts = [m.start() for m in _WORD.finditer(folded)]  # word i starts at starts[i]

    def words_before(pos: int) -> int:
        return bisect.bisect_left(starts, pos)
    cue_word = words_before(at)
    cue_end = cue_word + len(cue.split())
    best = 10 ** 6
    for hit in term_rx.finditer(folded):
        a = words_before(hit.start())
        b = a + len(hit.group(0).split())
        best = min(best, max(0, a - cue_end, cue_word - b))
    return best


MAX_EVIDENCE = 2  # phrases per draft update: the two strongest facts, each from its own paragraph
STRENGTH = {"completion": 5, "reversal": 4, "carried_out": 3, "violation": 2, "negation": 2, "started": 2,
            "stalled": 1, "promise": 0, "background": -1, "mention": -1}
BACKGROUND = (r"\b(since (the|it|then|its)|ago|last (week|month|year|january|february|march|april|may|june|july|"
              r"august|september|october|november|december)|earlier this (week|month|year)|previously|"
              r"at the time|back in)\b")
BACKGROUND_DAYS = 7  # an event the sentence dates this many days or more before the report is background


def is_background(sentence: str, day: date | None) -> bool:
    """Whether a sentence tells of an earlier event ("the truce that took effect on 10 October",
    "since the ceasefire began"), which the record already holds, rather than news of the report."""
    if re.search(BACKGROUND, sentence, re.I):
        return True
    if day is None:
        return False
    for f in explicit_dates([sentence], day.year):
        when = f.day if f.has_year or f.day <= day else f.day.replace(year=f.day.year - 1)
        if (day - when).days >= BACKGROUND_DAYS:
            return True
    return False


RESOLVE_WORDS = 2  # words a blocker and a sentence reporting something done share, to propose it over
COMMON_BLOCKER_WORD = 3  # a word in this many blockers' texts or more says nothing of which one is over


def _long_words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]{5,}", texts.fold(text)))


def _common_words(ds: Dataset) -> set[str]:
    """Words that do not tell blockers apart: the actors' names, and words found in the texts of
    several blockers of the record (a party's name, "troops", "ceasefire")."""
    seen = Counter(w for e in ds.entries for b in e.update.blockers for w in _long_words(b.text))
    names = {w for a in ds.actors.values() for n in (a.name, *a.aliases) for w in _long_words(n)}
    return {w for w, n in seen.items() if n >= COMMON_BLOCKER_WORD} | names


# what kind of obstacle a sentence reports, by the blocker categories of tracker.vocab; the first that
# matches decides; a sentence that says only that something did not happen is "outstanding". (Cues for
# preconditions and disputes were tried on the tuning part: 2 of 15 and 0 of 5 proposals right, so
# those are left to the analyst.)
BLOCKER_CUES = {
    "violation": VIOLATION,
    "escalation": (r"\b(air ?strikes?|strikes? (on|in|across)|shell(ed|ing)|opened fire|fired (on|at)|"
                   r"bombard\w+|raids?)\b"),
    "refusal": r"\b(refus\w+|reject\w*|rul(ed|es|ing) out|will not|won't|vetoe?\w*)\b",
}


def blocker_category(fact: Fact) -> str | None:
    """The category of obstacle a sentence about a point reports, or None when it reports none."""
    for category, rx in BLOCKER_CUES.items():
        if re.search(rx, fact.sentence, re.I):
            return category
    return "outstanding" if fact.kind in ("reversal", "negation", "stalled") else None
