"""Finding the points and actors an article names: each on our own vocabulary (a point's lexicon,
an actor's names and aliases), matched per paragraph into a `Match` that counts the hits."""
from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field

from .. import texts
from ..dataset import Dataset

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


def _term_body(term: str) -> tuple[str, int]:
    folded = texts.fold(term, lower=False)
    flags = 0 if (len(term) <= 4 and term.isupper()) else re.I  # US, PA, UN, ISF stay case-sensitive
    words = folded.split(" ")
    return r"\s+".join(_word_rx(w, i == len(words) - 1) for i, w in enumerate(words)) + r"(?![\w-])", flags


def _term_rx(term: str) -> re.Pattern:
    body, flags = _term_body(term)
    return re.compile(r"(?<![\w-])" + body, flags)


def _lower_rx(term: str) -> re.Pattern | None:
    """The term's pattern for lower-cased text, without its opening look-behind (checked by
    _starts_word): many times faster, as the engine can then search for its first letters.
    None for a case-sensitive term."""
    body, flags = _term_body(term)
    return re.compile(body.lower()) if flags else None


def _starts_word(text: str, at: int) -> bool:
    """No word character or hyphen before `at` (the terms' look-behind)."""
    if at == 0:
        return True
    ch = text[at - 1]
    return not (ch.isalnum() or ch == "_" or ch == "-")


@dataclass
class Match:
    id: object
    paragraphs: Counter = field(default_factory=Counter)  # paragraph -> hits
    terms: Counter = field(default_factory=Counter)
    phrase: dict = field(default_factory=dict)  # paragraph -> the text that matched, as written

    @property
    def score(self) -> int:
        return sum(self.paragraphs.values())


def _literal(term: str) -> str:
    """Lower-case text every match of the term contains, taken from its most telling word (the
    longest, up to where spellings or plurals may differ): a paragraph without it is not
    searched for the term. Each word of a term begins a word of the text, so its first three
    letters also index the term (see _scan). Empty when no word gives two letters."""
    words = texts.fold(term).split(" ")
    best = ""
    for k, word in enumerate(words):
        variant = _IZE.search(word)
        if variant:
            word = word[:variant.start()]
        elif k == len(words) - 1 and word.endswith("y"):
            word = word[:-1]  # policy / policies
        if len(word) >= len(best):
            best = word
    return best if len(best) >= 2 else ""


def _free(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    """Does [start, end) overlap none of the sorted, disjoint spans taken? (Two neighbours looked at.)"""
    k = bisect.bisect_left(taken, (start, end))
    return not ((k > 0 and taken[k - 1][1] > start) or (k < len(taken) and taken[k][0] < end))


_WORD_START = re.compile(r"(?<![\w-])\w+")  # where a term may begin: its pattern's own look-behind


def _scan(paras: list[str], skip: set[int], vocab: dict[object, list[str]]) -> dict[object, Match]:
    """Every paragraph's hits of every term, each term searched only in the paragraphs holding a
    word that begins as it does: the work grows with the text and its hits, not with the size of
    the vocabulary times the text."""
    compiled = {k: [(t, _term_rx(t), _literal(t), _lower_rx(t)) for t in sorted(terms, key=len, reverse=True)]
                for k, terms in vocab.items()}
    by_start: dict[str, list[tuple[object, int]]] = {}  # the literal's first 3 letters -> (key, term index)
    always: list[tuple[object, int]] = []  # terms without such letters: searched everywhere
    for key, rxs in compiled.items():
        for n, (_, _, literal, _) in enumerate(rxs):
            head = literal[:3]
            if len(head) == 3 and _WORD_START.fullmatch(head):
                by_start.setdefault(head, []).append((key, n))
            else:
                always.append((key, n))
    matches: dict[object, Match] = {}
    for i, p in enumerate(paras, start=1):
        if i in skip:
            continue
        folded = texts.fold(p, lower=False)
        low = folded.lower()
        aligned = len(low) == len(folded)  # lower-casing kept every position (it nearly always does)
        wanted: dict[object, list[int]] = {}
        for head in {m.group()[:3] for m in _WORD_START.finditer(low)}:
            for key, n in by_start.get(head, ()):
                wanted.setdefault(key, []).append(n)
        for key, n in always:
            wanted.setdefault(key, []).append(n)
        for key, ns in wanted.items():
            taken: list[tuple[int, int]] = []  # a word inside a longer matched phrase counts once
            for n in sorted(ns):  # longest terms first, as in compiled
                term, rx, literal, fast = compiled[key][n]
                if literal and literal not in low:
                    continue
                hits = fast.finditer(low) if fast is not None and aligned else rx.finditer(folded)
                for hit in hits:
                    if fast is not None and aligned and not _starts_word(low, hit.start()):
                        continue
                    if not _free(taken, hit.start(), hit.end()):
                        continue
                    bisect.insort(taken, hit.span())
                    m = matches.setdefault(key, Match(key))
                    m.paragraphs[i] += 2 if " " in term else 1  # a phrase says more than a word
                    m.terms[term] += 1
                    m.phrase.setdefault(i, p[hit.start():hit.end()])
    return matches


MIN_POINT_SCORE = 2


_BODY_KINDS = {"international_body", "authority", "office"}


def point_vocab(ds: Dataset) -> dict[int, list[str]]:
    """Each point's lexicon, plus the names of the bodies that exist for it alone: a body (not a
    state or a person) that the plan gives a part in this one point, as its lead or overseer (a
    commission set up to run one point). News of such a body is news of its point."""
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
    # a lexicon term that names an actor brings the actor's other names (a force's acronym brings
    # its full name and the other names reports give it)
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
    a state's adjective (plan/actors.yaml `adjectives`): with Freedonia's adjective "Freedonian",
    "Freedonian army" is also "Freedonia's army"."""
    adjectives = {}  # the adjective -> the state's short name
    for a in ds.actors.values():
        short = a.name if " " not in a.name else next((n for n in a.aliases if a.name.startswith(n + " ")), a.name)
        for adjective in a.adjectives:
            adjectives[adjective] = short
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
