"""A first draft of status updates from a plain-text article, for a person to review.

Matching is on our own vocabulary: each point's lexicon in plan/points.yaml, the actors'
names and aliases in plan/actors.yaml, and the cue words below. Nothing here is fact until
an analyst accepts it: the draft is marked `draft: true`, each field carries a comment
saying how sure it is, and notes say they are machine-made.
"""
from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from . import chars, editing, texts, vocab
from .dataset import Dataset
from .status import PointStatus, status_as_of

# -- page boilerplate -------------------------------------------------------------------

_BOILERPLATE = [re.compile(p, re.I) for p in (
    r"^\|$", r"audio player", r"^get the .{0,40}(daily|edition|newsletter)", r"^by email and never miss",
    r"^by signing up", r"^was this (news|article|story) (useful|helpful)\??$", r"^also read$", r"^read more:?$",
    r"^by:?\s+[A-Z][\w.'-]+(\s+[A-Z][\w.'-]+){0,3}$", r"^(share|subscribe|advertisement)\b",
    r"^https?://\S+$",  # a URL line
    r"^\d+ min(ute)? read$", r"^more follows\b", r"^sign up\b", r"^join our commenting forum",
    r"^(leave|post|add) a comment", r"^add \w+ as a preferred source",
    r"^(trending stories|contact us|bookmark popover|removed from bookmarks|last update|related( articles)?)$",
    r"^most read$",
    r"^\(?photo( credit)?:", r"^(source|editor|edited by|written by|reporting by)\s*:", r"^published\b.{0,40}\d{4}",
    r"^\d{1,2}-\d{1,2}-\d{4}\s*\|\s*\d{1,2}:\d{2}$", r"^\d{4}-\d{2}-\d{2}(\s+\d{1,2}:\d{2}(:\d{2})?)?$",
    r"^\d{1,2} \w+,? \d{4}( \d{1,2}:\d{2}( [AP]M)?)?$", r"^\w+ \d{1,2}, \d{4}$",  # a date line alone
    r"^— .{1,80}\(@\w+\) \w+ \d{1,2}, \d{4}$",  # an embedded post's attribution
    r"\bBy [A-Z][a-z]+ [A-Z][a-z]+ (Fox News|CNN|AP|Reuters|AFP)$",  # a byline run into the author's name
)]
_NON_LATIN = re.compile(r"[\u0590-\u05ff\u0600-\u06ff]")  # Hebrew or Arabic caption fragments


def _furniture(text: str) -> bool:
    if any(rx.search(text) for rx in _BOILERPLATE):
        return True
    words = text.split()
    if len(words) <= 5 and not any(c.islower() for c in text) and any(c.isalpha() for c in text):
        return True  # a section label or kicker in capitals: WAR ON GAZA
    if _NON_LATIN.search(text) and len(words) <= 8:
        return True
    return False
_CAPTION_CREDIT = re.compile(  # a photo credit in brackets closing the paragraph: (AP/Name), (Pool/AFP)
    r"\((?:[^()]*\b(?:AP|AFP|Reuters|Getty|Pool|Telegram|X|Flash90|GPO|EPA)\b[^()]*|[^()]*/[^()]*)\)\s*$")


def boilerplate(paras: list[str]) -> list[int]:
    """Paragraph numbers (1-based) that are page furniture, not reporting."""
    out = []
    in_list = False
    for i, p in enumerate(paras, start=1):
        text = p.strip()
        if in_list and text.startswith("- "):
            out.append(i)
            continue
        in_list = False
        if _furniture(text):
            out.append(i)
            in_list = text.lower() in ("also read", "read more", "read more:")
        elif _CAPTION_CREDIT.search(text) and len(text) < 600:
            out.append(i)
    return out


# -- dates -------------------------------------------------------------------------------

_MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                        "september", "october", "november", "december"], start=1)}
_MONTH_RX = r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE_MDY = re.compile(r"\b" + _MONTH_RX + r"\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,\s*(\d{4}))?", re.I)
_DATE_DMY = re.compile(r"\b(\d{1,2})\s+\b" + _MONTH_RX + r"(?:,?\s+(\d{4}))?", re.I)
_DATE_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DATE_NUMERIC = re.compile(r"\b(\d{1,2})-(\d{1,2})-(\d{4})\b")  # 30-06-2026
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


@dataclass(frozen=True)
class FoundDate:
    day: date
    paragraph: int
    text: str
    has_year: bool


def _month(name: str) -> int:
    name = name.lower().rstrip(".")
    return next(v for k, v in _MONTHS.items() if k.startswith(name[:3]))


def explicit_dates(paras: list[str], default_year: int) -> list[FoundDate]:
    found = []
    for i, p in enumerate(paras, start=1):
        for m in _DATE_MDY.finditer(p):
            year = int(m.group(3)) if m.group(3) else default_year
            found.append(_mk(year, _month(m.group(1)), int(m.group(2)), i, m.group(0), bool(m.group(3))))
        for m in _DATE_DMY.finditer(p):
            year = int(m.group(3)) if m.group(3) else default_year
            found.append(_mk(year, _month(m.group(2)), int(m.group(1)), i, m.group(0), bool(m.group(3))))
        for m in _DATE_ISO.finditer(p):
            found.append(_mk(int(m.group(1)), int(m.group(2)), int(m.group(3)), i, m.group(0), True))
        for m in _DATE_NUMERIC.finditer(p):
            found.append(_mk(int(m.group(3)), int(m.group(2)), int(m.group(1)), i, m.group(0), True))
    return [f for f in found if f is not None]


def _mk(y: int, m: int, d: int, para: int, text: str, has_year: bool) -> FoundDate | None:
    try:
        return FoundDate(date(y, m, d), para, text, has_year)
    except ValueError:
        return None


def weekday_before(reference: date, weekday: str) -> date:
    """The latest date on or before `reference` that falls on the weekday."""
    target = _WEEKDAYS.index(weekday.lower())
    return reference - timedelta(days=(reference.weekday() - target) % 7)


@dataclass(frozen=True)
class DateGuess:
    day: date | None
    how: str
    confidence: str  # high | medium | low | none


def guess_date(paras: list[str], given: date | None, released: date) -> DateGuess:
    if given:
        return DateGuess(given, "given with --date", "high")
    dated = [f for f in explicit_dates(paras, released.year) if f.day >= released]
    with_year = [f for f in dated if f.has_year]
    pool = with_year or dated
    if not pool:
        return DateGuess(None, "no date found in the text; pass --date", "none")
    best = max(pool, key=lambda f: f.day)
    conf = "medium" if best.has_year else "low"
    return DateGuess(best.day, f"latest date mentioned, {best.text!r} in paragraph {best.paragraph}", conf)


# -- actors and points -------------------------------------------------------------------

_IZE = re.compile(r"i[sz](?=(e|ed|es|ing|ation|ations)\b)", re.I)


def _word_rx(word: str, last: bool) -> str:
    """A word of a vocabulary term as a pattern: British or American spelling (stabilisation,
    stabilization), and for the term's last word its plural (guarantor, guarantors)."""
    out = _IZE.sub("\x00", word)
    out = re.escape(out).replace("\x00", "i[sz]")
    if last and word[-1:].isalpha() and word.islower() and len(word) > 3:
        if word.endswith("y") and not word.endswith(("ay", "ey", "oy")):
            out = out[:-1] + "(?:y|ies)"
        elif not word.endswith("s"):
            out += "(?:e?s)?"
    return out


def _term_rx(term: str) -> re.Pattern:
    folded = texts.fold(term, lower=False)
    flags = 0 if (len(term) <= 4 and term.isupper()) else re.I  # US, PA, UN, ISF stay case-sensitive
    words = folded.split(" ")
    body = r"\s+".join(_word_rx(w, i == len(words) - 1) for i, w in enumerate(words))
    return re.compile(r"(?<![\w-])" + body + r"(?![\w-])", flags)


@dataclass
class Match:
    id: object
    paragraphs: Counter = field(default_factory=Counter)  # paragraph -> hits
    terms: Counter = field(default_factory=Counter)
    phrase: dict = field(default_factory=dict)  # paragraph -> the text that matched, as written

    @property
    def score(self) -> int:
        return sum(self.paragraphs.values())


def _scan(paras: list[str], skip: set[int], vocab: dict[object, list[str]]) -> dict[object, Match]:
    compiled = {k: [(t, _term_rx(t)) for t in sorted(terms, key=len, reverse=True)] for k, terms in vocab.items()}
    matches: dict[object, Match] = {}
    for i, p in enumerate(paras, start=1):
        if i in skip:
            continue
        folded = texts.fold(p, lower=False)
        for key, rxs in compiled.items():
            taken: list[tuple[int, int]] = []  # a word inside a longer matched phrase counts once
            for term, rx in rxs:
                for hit in rx.finditer(folded):
                    if any(a < hit.end() and hit.start() < b for a, b in taken):
                        continue
                    taken.append(hit.span())
                    m = matches.setdefault(key, Match(key))
                    m.paragraphs[i] += 2 if " " in term else 1  # a phrase says more than a word
                    m.terms[term] += 1
                    m.phrase.setdefault(i, p[hit.start():hit.end()])
    return matches


MIN_POINT_SCORE = 2
# words every report on the plan uses for the deal as a whole: alone, they are background, not news of a point
CONTEXT_TERMS = {"ceasefire", "cease-fire", "truce", "end of the war"}


_BODY_KINDS = {"international_body", "authority", "office"}


def point_vocab(ds: Dataset) -> dict[int, list[str]]:
    """Each point's lexicon, plus the names of the bodies that exist for it alone: a body (not a
    state or a person) that the plan gives a part in this one point, as its lead or overseer (the
    technocratic committee for point 9, the CMCC for point 3). News of such a body is news of its
    point."""
    leads: dict[str, set[int]] = {}
    for pid, p in ds.points.items():
        for r in p.actors:
            leads.setdefault(r.actor, set()).add(pid if r.role in ("lead", "oversight") else -pid)
    vocab = {pid: list(p.lexicon) for pid, p in ds.points.items()}
    for actor, pids in leads.items():
        a = ds.actors.get(actor)
        if a is None or a.kind not in _BODY_KINDS or len(pids) != 1 or min(pids) < 0:
            continue
        pid = next(iter(pids))
        for name in (a.name, *a.aliases):
            if name not in vocab[pid] and (" " in name or len(name) > 3):
                vocab[pid].append(name)
    # a lexicon term that names an actor brings the actor's other names (the ISF, the
    # International Stabilisation Force, the international security force)
    for terms in vocab.values():
        lowered = {t.lower() for t in terms}
        for a in ds.actors.values():
            names = [a.name, *a.aliases]
            if a.kind in _BODY_KINDS and any(n.lower() in lowered for n in names):
                terms.extend(n for n in names
                             if n.lower() not in lowered and " " in n and not n.lower().startswith("the "))
    return {pid: terms for pid, terms in vocab.items() if terms}


def actor_names(ds: Dataset) -> dict[str, list[str]]:
    """Each actor's registry name and aliases, plus the possessive form of a name that opens with
    a state's adjective: "Israeli military" is also "Israel's military" (and "Israel’s army")."""
    adjectives = {}  # Israeli -> Israel, Qatari -> Qatar, Egyptian -> Egypt
    for a in ds.actors.values():
        if a.kind != "state":
            continue
        short = a.name if " " not in a.name else next((n for n in a.aliases if a.name.startswith(n + " ")), None)
        if short:
            for suffix in ("i", "ian", "ish", "ese"):
                adjectives[short + suffix] = short
                adjectives[short.rstrip("e") + suffix] = short
            for n in a.aliases:
                if n.startswith(short[:4]) and n != short and " " not in n:
                    adjectives[n] = short
    out = {}
    for a in ds.actors.values():
        names = [a.name, *a.aliases]
        for n in list(names):
            first, _, rest = n.partition(" ")
            if rest and first in adjectives and a.kind != "state":
                form = f"{adjectives[first]}'s {rest}"  # the text is matched with its quotes made plain
                if form not in names:
                    names.append(form)
        out[a.id] = names
    return out


def find_actors(ds: Dataset, paras: list[str], skip: set[int]) -> dict[str, Match]:
    return _scan(paras, skip, actor_names(ds))


# -- what the text says happened: cues, sentences, numbers ------------------------------

# Each cue is a regular expression on a sentence; the first family that matches decides.
# completion needs an event: "all ... were released", "the last hostage was returned", "brought everyone home"
COMPLETION = (r"\b(brought (\w+ )?(everyone|all of them|them all) (back )?home|everyone is (now )?home|"
              r"completed (the|its|their)\b[^.]{0,40}|fully (re)?opened|"
              r"(all|every one of the|the (final|last))\b[^.]{0,40}\b(were|was|have been|has been|had been) "
              r"(released|freed|returned|handed over|recovered|repatriated|found|identified|withdrawn|destroyed)|"
              r"(released|freed|returned|handed over|recovered|repatriated) (all|the (final|last|remaining))\b|"
              r"(recovered|retrieved|discovered|returned|released|handed over|repatriated|found|identified)\b[^.]{0,60}"
              r"\bthe (final|last) (\w+ )?(hostage|captive|body)|"
              r"\b(final|last) (\w+ ){0,2}(hostage|captive)s?\b[^.]{0,40}\b(found|recovered|retrieved|returned|"
              r"discovered|repatriated)\b)")
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
            r"reject\w*|failed to|without)\b")
REVERSAL = (r"\b(closed( again)?( until further notice)?|re-?closed|suspended|halted|collapsed|"
            r"resum\w+ (strikes|fighting|attacks|the war|bombing)|broke down|reversed)\b")
VIOLATION = r"\b(violat\w+|breach\w*)\b"
PROMISE = (r"\b(will|would|shall|plans? to|planned|expected to|is set to|are set to|aims? to|intends? to|"
           r"proposed|calls? for|envisag\w+|envisions?|could|may|might|is to|are to|hopes? to)\b")
STALLED = r"\b(stalled|impasse|deadlock|stuck|no progress|little progress|delay\w*|postpon\w+|hurdles?|obstacles?)\b"
OF_N = re.compile(r"\b(\d[\d,]*)\s+(?:out\s+)?of\s+(?:the\s+|all\s+)?(\d[\d,]*)\b")
# nouns an indicator can be about, by the unit word used in plan/points.yaml
UNIT_NOUNS = {"hostages": ("hostages", "hostage", "captives", "captive", "bodies", "remains"),
              "prisoners": ("prisoners", "detainees", "prisoner", "detainee"),
              "remains": ("bodies", "remains"), "trucks": ("trucks", "lorries"), "killed": ("killed", "dead")}
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

    def ends_clause(i: int) -> bool:  # the word closes a clause: "said," "Gaza;" "—"
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


def classify(sentence: str) -> tuple[str, str]:
    """What a sentence says happened: the strongest cue family that matches, and its words."""
    for kind, rx in (("reversal", REVERSAL), ("violation", VIOLATION), ("negation", NEGATION)):
        cue = _cue(rx, sentence)
        if cue:
            return kind, cue
    promise = _cue(PROMISE, sentence)
    for kind, rx in (("completion", COMPLETION), ("carried_out", CARRIED_OUT), ("started", STARTED)):
        cue = _cue(rx, sentence)
        if cue and not (promise and sentence.lower().find(promise.lower()) < sentence.lower().find(cue.lower())):
            return kind, cue
    if promise:
        return "promise", promise
    cue = _cue(STALLED, sentence)
    return ("stalled", cue) if cue else ("mention", "")


def facts_for(match: Match, paras: list[str], terms: list[str]) -> list[Fact]:
    out = []
    rxs = [(t, _term_rx(t)) for t in sorted(terms, key=len, reverse=True)]
    for p in sorted(match.paragraphs):
        for sent in sentences(paras[p - 1]):
            folded = texts.fold(sent, lower=False)
            term = next((t for t, rx in rxs if rx.search(folded)), None)
            if term is None:
                continue
            kind, cue = classify(sent)
            out.append(Fact(p, sent, kind, cue, term))
    return out


CUE_REACH = 8  # words between a cue and the term it is about, at most, for the deal's name alone


def _apart(sentence: str, cue: str, term_rx: re.Pattern) -> int:
    """How many words lie between the cue and the nearest mention of the point's term."""
    folded = texts.fold(sentence, lower=False)
    at = folded.lower().find(texts.fold(cue).lower())
    if at < 0:
        return 0
    cue_word = len(folded[:at].split())
    cue_end = cue_word + len(cue.split())
    best = 10 ** 6
    for hit in term_rx.finditer(folded):
        a = len(folded[:hit.start()].split())
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
    several blockers of the record ("israel", "troops", "ceasefire")."""
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


@dataclass
class PointDraft:
    point: int
    score: int
    paragraphs: list[int]
    level: str
    level_why: str
    level_confidence: str
    momentum: str | None
    momentum_why: str
    blockers: list[dict]
    actors: list[str]
    numbers: list[str]
    evidence: list[dict]
    indicators: dict[str, float] = field(default_factory=dict)
    resolves: list[str] = field(default_factory=list)
    milestones: dict[str, str] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)
    facts_reported: bool = False  # a sentence says something happened (or did not) to the point


_QUALIFIER = {"living": "living", "alive": "living", "live": "living", "dead": "dead", "deceased": "dead",
              "bodies": "dead", "body": "dead", "remains": "dead", "slain": "dead", "life": "life"}


def _qualifiers(words: str) -> frozenset:
    return frozenset(_QUALIFIER[w] for w in re.findall(r"[a-z]+", words.lower()) if w in _QUALIFIER)


def _indicator_for(point, n: int, quals: frozenset, unit_match: str):
    """The indicator a figure counts: the one whose name carries the same qualifiers ("20 living
    hostages" -> living hostages returned; a part, "27 bodies", is not the whole), or for a bare
    figure the tightest target it fits ("20 hostages" -> the indicator out of 20)."""
    unit = next(i.unit for i in point.indicators if i.id == unit_match)
    same_unit = [i for i in point.indicators if i.unit == unit and n <= i.target]
    if quals:
        exact = [i for i in same_unit if _qualifiers(i.name) == quals]
        return exact[0] if exact else None
    return min(same_unit, key=lambda i: i.target, default=None)


def _figures(point, facts: list[Fact]) -> tuple[dict[str, float], list[str], bool]:
    """Indicator values the sentences state ("27 of the 28 bodies", "all 20 living hostages"),
    whether one of them is complete (n of n), and the figures as found."""
    values: dict[str, float] = {}
    found: list[str] = []
    complete = False
    for f in facts:
        text = numbers_in(f.sentence)
        for m in OF_N.finditer(text):
            n, of = int(m.group(1).replace(",", "")), int(m.group(2).replace(",", ""))
            found.append(f"{n} of {of} (paragraph {f.paragraph})")
            for ind in point.indicators:
                if of == int(ind.target):
                    values[ind.id] = float(min(n, of))
                    complete |= n >= of
        said: dict[str, list[tuple[int, frozenset]]] = {}  # indicator -> (figure, its qualifiers)
        for ind in point.indicators:
            nouns = UNIT_NOUNS.get(ind.unit, (ind.unit,))
            rx = re.compile(r"\b(?:all\s+)?(\d[\d,]*)\s+(?:[a-z-]+\s+){0,2}?(?:" + "|".join(nouns) + r")\b", re.I)
            for m in rx.finditer(text):
                n = int(m.group(1).replace(",", ""))
                found.append(f"{n} {m.group(0).split()[-1]} (paragraph {f.paragraph})")
                said.setdefault(ind.id, []).append((n, _qualifiers(m.group(0))))
        if f.kind not in ("completion", "carried_out"):
            continue  # a figure counts as done only where the sentence says it was done
        for ind_id, figures in said.items():
            for n, quals in figures:
                ind = _indicator_for(point, n, quals, ind_id)
                if ind is not None and n > values.get(ind.id, -1):
                    values[ind.id] = float(n)
                    complete |= n >= ind.target and ind.progress
    return values, sorted(set(found)), complete


@dataclass(frozen=True)
class Record:
    """What a draft reads from the record, once per article: each point's vocabulary, where each
    point stood on the report's day, and the words that do not tell blockers apart."""

    vocab: dict[int, list[str]]
    standing: dict[int, PointStatus]  # where each point stood on the report's day (empty without a day)
    common: set[str]

    @classmethod
    def of(cls, ds: Dataset, day: date | None) -> Record:
        standing = {s.id: s for s in status_as_of(ds, day)} if day is not None else {}
        return cls(point_vocab(ds), standing, _common_words(ds))


def draft_point(pid: int, match: Match, paras: list[str], actors: dict[str, Match], ds: Dataset,
                day: date | None, record: Record) -> PointDraft:
    point = ds.points[pid]
    read = facts_for(match, paras, record.vocab[pid])
    facts = [Fact(f.paragraph, f.sentence, "background", f.cue, f.term)
             if f.kind not in ("mention", "promise") and is_background(f.sentence, day) else f for f in read]
    now = record.standing.get(pid)
    current = now.level if now else "not_initiated"
    best = max(facts, key=lambda f: (STRENGTH[f.kind], -f.paragraph), default=None)
    # figures count what is done so far, however long ago: read from every sentence that reports them
    values, found, complete = _figures(point, read) if point else ({}, [], False)
    reasons = []
    kinds = {f.kind for f in facts}
    # the level as of this report: the point's level so far, raised only by what the text says happened
    if complete or "completion" in kinds:
        level, why = "full", "the text reports the point completed"
    elif "carried_out" in kinds or any(v > 0 for v in values.values()):
        level, why = "intermediate", "the text reports part of the point carried out"
    elif "started" in kinds:
        level, why = "minimal", "the text reports a first step"
    else:
        level, why = current, "nothing carried out is reported; the level so far is kept"
    if (vocab.rank(level) or 0) < (vocab.rank(current) or 0):
        level, why = current, why + f" (the point was already {current})"
    conf = "medium" if best is not None and best.kind in ("completion", "carried_out") else "low"
    if best is not None and best.kind == "promise" and level == current:
        why = "the text reports plans or promises, not implementation; the level so far is kept"
    reasons.append(f"level {level}: {why}" + (f" (cue {best.cue!r})" if best is not None and best.cue else ""))
    momentum, mwhy = None, ""
    if "reversal" in kinds:
        momentum, mwhy = "reversed", next(f.cue for f in facts if f.kind == "reversal")
    elif "negation" in kinds or "stalled" in kinds or ("violation" in kinds and not kinds & {"carried_out", "started"}):
        momentum, mwhy = "stalled", next(f.cue for f in facts if f.kind in ("negation", "stalled", "violation"))
    elif kinds & {"completion", "carried_out", "started"} and level != "full":
        momentum, mwhy = "advancing", next(f.cue for f in facts if f.kind in ("completion", "carried_out", "started"))
    if momentum is None and level == current and now is not None and now.blockers and \
            not kinds & {"completion", "carried_out", "started"}:
        # nothing moved and the point's obstacles stand: held where it is
        momentum, mwhy = "stalled", f"{len(now.blockers)} active blocker(s), nothing reported done"
    if momentum:
        reasons.append(f"momentum {momentum}: {mwhy if mwhy.endswith('done') else 'cue ' + repr(mwhy)}")
    top = sorted({f.paragraph for f in facts if f.kind != "mention"} or set(match.paragraphs))[:3]
    named = sorted({a for a, m in actors.items() if any(p in m.paragraphs for p in top)})
    # evidence: the sentence spans that carry the strongest facts, never a bare keyword
    evidence, seen = [], set()
    for f in sorted(facts, key=lambda f: (-STRENGTH[f.kind], f.paragraph)):
        if f.kind == "mention" and evidence:
            continue
        phrase = span(f.sentence, f.cue, f.term)
        if f.paragraph in seen or len(phrase.split()) < 3:
            continue
        seen.add(f.paragraph)
        evidence.append({"paragraph": f.paragraph, "phrase": phrase})
        if len(evidence) == MAX_EVIDENCE:
            break
    if not evidence:
        p = top[0]
        evidence.append({"paragraph": p, "phrase": span(paras[p - 1], match.phrase.get(p, ""), None)})
    # blockers: resolve the active ones the text says are over; propose new ones from refusals and violations
    resolves = []
    if now is not None and level == "full":
        resolves = [b.blocker.id for b in now.blockers]
        if resolves:
            reasons.append("resolves every active blocker: the text reports the point completed")
    elif now is not None:
        done = [f for f in facts if f.kind in ("completion", "carried_out")]
        for b in now.blockers:
            words = _long_words(b.blocker.text) - record.common
            if any(len(words & _long_words(f.sentence)) >= RESOLVE_WORDS for f in done):
                resolves.append(b.blocker.id)
                reasons.append(f"resolves {b.blocker.id}: what it waited for is reported done")
    blockers = []
    standing = now.blockers if now is not None else []  # on the record: restated, not proposed anew
    for f in facts:
        if f.kind == "background":
            continue
        category = blocker_category(f)
        if category is None:
            continue
        who = sorted({a for a, m in actors.items() if f.paragraph in m.paragraphs and
                      any(_term_rx(t).search(texts.fold(f.sentence, lower=False)) for t in [m.phrase[f.paragraph]])})
        if not who or any(b["category"] == category for b in blockers):
            continue
        cue = _cue(BLOCKER_CUES[category], f.sentence) if category in BLOCKER_CUES else f.cue
        same = next((b.blocker for b in standing
                     if b.blocker.category == category and set(b.blocker.actors) & set(who)), None)
        if same is not None:  # the report says the obstacle on the record still stands: restated as it is
            blockers.append({"id": same.id, "category": category, "actors": list(same.actors), "text": same.text,
                             "why": cue})
            reasons.append(f"restates {same.id}: {category} again in paragraph {f.paragraph} ({cue!r})")
            continue
        blockers.append({"id": f"draft-{pid}-{f.paragraph}-{category}", "category": category, "actors": who[:3],
                         "text": f"DRAFT: {category} reported in paragraph {f.paragraph} ({cue!r}); "
                                 "describe the blocker in your own words.", "why": cue})
    milestones = {}
    if point is not None:
        for m in point.milestones:
            if m.indicator and m.indicator in values:
                ind = next(i for i in point.indicators if i.id == m.indicator)
                milestones[m.id] = "met" if values[m.indicator] >= ind.target else "partly"
            elif level == "full":
                milestones[m.id] = "met"
        for mid in milestones:
            named = sorted(set(named) | set(next(m.actors for m in point.milestones if m.id == mid)))
        if milestones:
            reasons.append("milestones: " + ", ".join(f"{k} {v}" for k, v in milestones.items()))
    if values:
        reasons.append("figures: " + ", ".join(f"{k} {v:g}" for k, v in values.items()))
    return PointDraft(pid, match.score, top, level, why, conf, momentum,
                      (mwhy if mwhy.endswith("done") else f"cue {mwhy!r}") if mwhy else "",
                      blockers, named, found, evidence, values, resolves, milestones, reasons,
                      bool(kinds - {"mention", "promise"}))


# -- the whole draft --------------------------------------------------------------------

@dataclass
class Draft:
    source_id: str
    paragraphs: list[str]
    boilerplate: list[int]
    date: DateGuess
    actors: dict[str, Match]
    points: list[PointDraft]
    # points the text names but too little, or only by the deal's name, to draft: shown to the
    # analyst as "also mentioned" (point, paragraph, the words) so a miss is one look away
    mentioned: list[tuple[int, int, str]] = field(default_factory=list)

    def point_ids(self) -> list[int]:
        return [d.point for d in self.points]

    def actor_ids(self) -> list[str]:
        return sorted(self.actors)


def ingest(ds: Dataset, text: str, source_id: str, given_date: date | None = None) -> Draft:
    paras = texts.paragraphs(text)
    skip = set(boilerplate(paras))
    released = ds.plan.released if ds.plan else date(2000, 1, 1)
    registered = ds.sources.get(source_id)
    if given_date is None and registered is not None:
        when = DateGuess(registered.published, "the source's publication date in the registry", "high")
    else:
        when = guess_date(paras, given_date, released)
    actors = find_actors(ds, paras, skip)
    record = Record.of(ds, when.day)
    named = _scan(paras, skip, record.vocab)  # every point the text names at least once
    found = {pid: m for pid, m in named.items() if m.score >= MIN_POINT_SCORE}
    drafts = [draft_point(pid, m, paras, actors, ds, when.day, record) for pid, m in sorted(found.items())]
    # a point found through one word alone ("ceasefire" in a story about hostages), with no sentence
    # saying anything happened to it, is context, not news about the point: left out
    # (a cue counts for it only near the word: "the ceasefire collapsed", not a long sentence that
    # names the ceasefire and reports some other event)
    drafts = [d for d in drafts if not set(found[d.point].terms) <= CONTEXT_TERMS or any(
        f.kind not in ("mention", "promise") and _apart(f.sentence, f.cue, _term_rx(f.term)) <= CUE_REACH
        for f in facts_for(found[d.point], paras, sorted(CONTEXT_TERMS)))]
    drafted = {d.point for d in drafts}
    mentioned = [(pid, min(m.paragraphs), m.phrase[min(m.paragraphs)]) for pid, m in sorted(named.items())
                 if pid not in drafted]
    return Draft(source_id, paras, sorted(skip), when, actors, drafts, mentioned)


def to_yaml(draft: Draft, ds: Dataset) -> str:
    """The draft as a status file that validates, with confidence in comments."""
    day = draft.date.day or (ds.sources[draft.source_id].published if draft.source_id in ds.sources else None)
    seq = CommentedSeq()
    for n, d in enumerate(draft.points, start=1):
        u = {"id": f"draft-{n}", "points": [d.point], "date": day.isoformat() if day else None, "level": d.level,
             "momentum": d.momentum,
             "note": (f"DRAFT, machine-proposed: the article speaks of point {d.point} in paragraphs "
                      f"{', '.join(map(str, d.paragraphs))}. Replace with what it reports, in your own words."),
             "actors": [a for a in d.actors if a in ds.actors][:8],
             "indicators": d.indicators, "milestones": d.milestones, "resolves": d.resolves,
             "blockers": [{k: v for k, v in b.items() if k != "why"} for b in d.blockers],
             "evidence": d.evidence, "draft": True}
        node = editing.update_node(u)
        node.yaml_add_eol_comment(f"confidence {d.level_confidence}: {d.level_why}", "level")
        if d.momentum:
            node.yaml_add_eol_comment(f"confidence low: {d.momentum_why}", "momentum")
        node.yaml_add_eol_comment(f"found by {d.score} lexicon hits; confidence "
                                  f"{'medium' if d.score >= 5 else 'low'}", "points")
        if "actors" in node:
            node.yaml_add_eol_comment("named in the cited paragraphs; check their roles", "actors")
        if d.indicators:
            node.yaml_add_eol_comment("confidence medium: figures stated in the text; check which indicator",
                                      "indicators")
        if d.resolves:
            node.yaml_add_eol_comment("confidence low: check each blocker is over", "resolves")
        if d.numbers:
            node.yaml_set_comment_before_after_key(
                "evidence", before="figures stated: " + "; ".join(d.numbers[:6]), indent=4)
        seq.append(node)
    root = CommentedMap([("source", draft.source_id), ("updates", seq)])
    out = io.StringIO()
    editing._yaml().dump(root, out)
    header = (editing.STATUS_HEADER +
              f"# DRAFT made by `python -m tracker ingest` on the text of {chars.printable(draft.source_id)}.\n"
              f"# Date: {draft.date.day} ({draft.date.how}; confidence {draft.date.confidence}).\n"
              "# Review every field; nothing here is fact until a person accepts it.\n"
              + "".join(f"# Also mentioned, not drafted: point {pid}, paragraph {para} ({chars.printable(words)!r}).\n"
                        for pid, para, words in draft.mentioned))
    return header + out.getvalue()


def report(draft: Draft, ds: Dataset) -> str:
    lines = [f"ingest {draft.source_id}: {len(draft.paragraphs)} paragraphs, "
             f"{len(draft.boilerplate)} dropped as boilerplate {draft.boilerplate}",
             f"date: {draft.date.day} ({draft.date.how}; confidence {draft.date.confidence})",
             "actors: " + ", ".join(f"{a} ({m.score})" for a, m in sorted(draft.actors.items(),
                                                                          key=lambda kv: -kv[1].score)),
             f"points found: {draft.point_ids()}"]
    if draft.mentioned:
        lines.append("also mentioned, not drafted: " + ", ".join(f"point {pid} (paragraph {para}: {words!r})"
                                                                  for pid, para, words in draft.mentioned))
    for d in draft.points:
        terms = ", ".join(f"{t} x{n}" for t, n in Counter(
            {t: n for t, n in _terms_of(d, draft, ds).items()}).most_common(4))
        lines.append(f"  point {d.point} ({ds.points[d.point].title}): score {d.score}, paragraphs {d.paragraphs}; "
                     f"terms {terms}; level {d.level} ({d.level_why})"
                     + (f"; momentum {d.momentum} ({d.momentum_why})" if d.momentum else "")
                     + (f"; {len(d.blockers)} blocker cue(s)" if d.blockers else ""))
    return "\n".join(lines) + "\n"


def _terms_of(d: PointDraft, draft: Draft, ds: Dataset) -> Counter:
    skip = set(draft.boilerplate)
    m = _scan(draft.paragraphs, skip, {d.point: point_vocab(ds)[d.point]}).get(d.point)
    return m.terms if m else Counter()


# -- measuring it against the shipped dataset -----------------------------------------

@dataclass(frozen=True)
class Score:
    source: str
    expected: frozenset
    found: frozenset

    @property
    def precision(self) -> float:
        return len(self.expected & self.found) / len(self.found) if self.found else 1.0

    @property
    def recall(self) -> float:
        return len(self.expected & self.found) / len(self.expected) if self.expected else 1.0


def without(ds: Dataset, source_id: str) -> Dataset:
    """The dataset as it was before a source was coded: its updates left out."""
    from dataclasses import replace
    return replace(ds, entries=[e for e in ds.entries if e.source != source_id])


def evaluate(ds: Dataset) -> list[tuple[Score, Score, Draft]]:
    """Per seed article: points and actors that ingest finds against those the dataset records."""
    out = []
    for sid, src in sorted(ds.sources.items(), key=lambda kv: kv[1].published):
        if ds.texts_dir is None or sid not in ds.articles:
            continue
        text = (ds.texts_dir / src.file).read_text(encoding="utf-8")
        draft = ingest(without(ds, sid), text, sid, src.published)
        mine = [e for e in ds.entries if e.source == sid]
        points = frozenset(p for e in mine for p in e.update.points)
        actors = frozenset(a for e in mine for a in (*e.update.actors, *(x for b in e.update.blockers
                                                                         for x in b.actors),
                                                     *(e.update.disputed.by if e.update.disputed else ())))
        out.append((Score(sid, points, frozenset(draft.point_ids())),
                    Score(sid, actors, frozenset(draft.actor_ids())), draft))
    return out


def _words(s: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", texts.fold(s))


def phrase_kept(mine: str, theirs: str) -> bool:
    """A drafted phrase counts as kept when the reviewer's phrase shares a run of three words with
    it (or one holds the other): the reviewer kept its words, perhaps trimmed or widened."""
    a, b = _words(mine), _words(theirs)
    if not a or not b:
        return False
    if " ".join(a) in " ".join(b) or " ".join(b) in " ".join(a):
        return True
    runs = {tuple(a[i:i + 3]) for i in range(len(a) - 2)}
    return any(tuple(b[i:i + 3]) in runs for i in range(len(b) - 2))


@dataclass
class Measure:
    """The draft against the reviewed record, article by article or summed."""

    source: str = "all"
    tp: int = 0
    fp: int = 0
    fn: int = 0
    listed: int = 0  # points the reviewer coded that the draft missed but lists as also mentioned
    level: int = 0
    momentum: int = 0
    rated: int = 0  # draft points the reviewer also coded: where level and momentum are compared
    ind_found: int = 0
    ind_total: int = 0
    actors_tp: int = 0
    actors_fp: int = 0
    actors_fn: int = 0
    ev_kept: int = 0
    ev_total: int = 0
    resolves_kept: int = 0  # blockers the draft proposes over that the reviewer's updates resolve
    resolves_total: int = 0
    blockers_kept: int = 0  # drafted blockers whose category one of the reviewer's blockers on that point has
    blockers_total: int = 0

    def __iadd__(self, other: Measure) -> Measure:
        for k in self.__dataclass_fields__:
            if k != "source":
                setattr(self, k, getattr(self, k) + getattr(other, k))
        return self

    @staticmethod
    def share(a: int, b: int) -> float:
        return a / b if b else 1.0

    @property
    def precision(self) -> float:
        return self.share(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return self.share(self.tp, self.tp + self.fn)

    @property
    def seen(self) -> float:
        """Recall counting the points listed as also mentioned: what the analyst is shown at all."""
        return self.share(self.tp + self.listed, self.tp + self.fn)


def measure(ds: Dataset, points: Score, actors: Score, draft: Draft) -> Measure:
    """Points found, level and momentum right where the reviewer coded the point, indicator
    values found (same indicator and value as the reviewer's), actors, the share of the
    draft's evidence phrases the reviewer kept (same paragraph, three words in common), and the
    blockers proposed over that the reviewer resolved."""
    mine = [e.update for e in ds.entries if e.source == points.source]
    m = Measure(points.source, len(points.expected & points.found), len(points.found - points.expected),
                len(points.expected - points.found))
    m.listed = len((points.expected - points.found) & {pid for pid, _, _ in draft.mentioned})
    for d in draft.points:
        theirs = [u for u in mine if d.point in u.points]
        if theirs:
            m.rated += 1
            m.level += d.level in {u.level for u in theirs}
            m.momentum += d.momentum in {u.momentum for u in theirs}
    drafted = {(k, v) for d in draft.points for k, v in d.indicators.items()}
    wanted = {(k, v) for u in mine for k, v in u.indicators.items()}
    m.ind_total, m.ind_found = len(wanted), len(wanted & drafted)
    m.actors_tp = len(actors.expected & actors.found)
    m.actors_fp = len(actors.found - actors.expected)
    m.actors_fn = len(actors.expected - actors.found)
    proposed = {b for d in draft.points for b in d.resolves}
    m.resolves_total = len(proposed)
    m.resolves_kept = len(proposed & {b for u in mine for b in u.resolves})
    for d in draft.points:
        theirs = {b.category for u in mine if d.point in u.points for b in u.blockers}
        m.blockers_total += len(d.blockers)
        m.blockers_kept += sum(b["category"] in theirs for b in d.blockers)
    kept = [(ev.paragraph, ev.phrase) for u in mine for ev in u.evidence if ev.source in (None, points.source)]
    for d in draft.points:
        for ev in d.evidence:
            m.ev_total += 1
            m.ev_kept += any(p == ev["paragraph"] and phrase_kept(ev["phrase"], ph) for p, ph in kept)
    return m
