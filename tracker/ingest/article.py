"""The whole draft of an article: its paragraphs, boilerplate, date, actors, and a `PointDraft`
for each point it reports on, with the points it only mentions listed apart."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .. import texts
from ..dataset import Dataset
from .boilerplate import boilerplate
from .cues import CUE_REACH, _apart, facts_for
from .dating import DateGuess, guess_date
from .draft import DraftContext, PointDraft, draft_point
from .matching import MIN_POINT_SCORE, Match, _scan, _term_rx, find_actors


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
    cut: list[int] = field(default_factory=list)  # paragraphs longer than MAX_PARAGRAPH, read only in part
    unread: int = 0  # paragraphs after the first MAX_PARAGRAPHS, not read

    def point_ids(self) -> list[int]:
        return [d.point for d in self.points]

    def actor_ids(self) -> list[str]:
        return sorted(self.actors)


MAX_ARTICLE = 2_000_000  # characters: a news article is rarely over 30,000; the longest seed is 11,000
MAX_PARAGRAPH = 2_000  # characters of a paragraph read (the longest seed paragraph has 781)
MAX_PARAGRAPHS = 2_000  # paragraphs read (a news article has well under 100; the longest seed has 60)


class ArticleTooLong(ValueError):
    """The text is over MAX_ARTICLE characters: not drafted (the message says what to do)."""


def ingest(ds: Dataset, text: str, source_id: str, given_date: date | None = None) -> Draft:
    """The draft of an article. Its time grows in step with the text: every paragraph is read
    up to MAX_PARAGRAPH characters (a longer one is named in the draft as cut), so no pattern
    ever sees more; the first MAX_PARAGRAPHS paragraphs are read (the draft counts the rest); and a
    text over MAX_ARTICLE characters is refused."""
    if len(text) > MAX_ARTICLE:
        raise ArticleTooLong(f"the text is {len(text):,} characters; ingest reads at most {MAX_ARTICLE:,} (a news "
                             "article is rarely over 30,000): keep the report itself, leave the rest of the page out")
    full = texts.paragraphs(text)
    unread = max(0, len(full) - MAX_PARAGRAPHS)
    full = full[:MAX_PARAGRAPHS]
    paras = [p[:MAX_PARAGRAPH] for p in full]
    cut = [i for i, p in enumerate(full, start=1) if len(p) > MAX_PARAGRAPH]
    registered = ds.sources.get(source_id)
    # page furniture: what the registry says the article's boilerplate is, and what ingest finds
    skip = set(boilerplate(paras)) | {n for n in (registered.boilerplate if registered else []) if n <= len(paras)}
    released = ds.plan.released if ds.plan else date(2000, 1, 1)
    if given_date is None and registered is not None:
        when = DateGuess(registered.published, "the source's publication date in the registry", "high")
    else:
        when = guess_date(paras, given_date, released)
    actors = find_actors(ds, paras, skip)
    record = DraftContext.of(ds, when.day)
    named = _scan(paras, skip, record.vocab)  # every point the text names at least once
    found = {pid: m for pid, m in named.items() if m.score >= MIN_POINT_SCORE}
    drafts = [draft_point(pid, m, paras, actors, ds, when.day, record) for pid, m in sorted(found.items())]
    # a point found through the plan's words for the whole deal alone (`context_terms`: "ceasefire" in a
    # story about another point), with no sentence
    # saying anything happened to it, is context, not news about the point: left out
    # (a cue counts for it only near the word: "the ceasefire collapsed", not a long sentence that
    # names the ceasefire and reports some other event)
    context = record.words.context_terms
    drafts = [d for d in drafts if not set(found[d.point].terms) <= context or any(
        f.kind not in ("mention", "promise") and _apart(f.sentence, f.cue, _term_rx(f.term)) <= CUE_REACH
        for f in facts_for(found[d.point], paras, sorted(context), record.words))]
    drafted = {d.point for d in drafts}
    mentioned = [(pid, min(m.paragraphs), m.phrase[min(m.paragraphs)]) for pid, m in sorted(named.items())
                 if pid not in drafted]
    return Draft(source_id, paras, sorted(skip), when, actors, drafts, mentioned, cut, unread)
