"""Finding the points and actors an article names: each on our own vocabulary (a point's lexicon,
an actor's names and aliases), matched per paragraph into a `Match` that counts the hits."""
from __future__ import annotations

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
