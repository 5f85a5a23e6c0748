"""A draft written out: as a status file that validates, with how sure each field is in comments
(`to_yaml`), and as the short report printed for the analyst (`report`)."""
from __future__ import annotations

import io
from collections import Counter

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .. import chars, yamlwrite
from ..dataset import Dataset
from .article import MAX_PARAGRAPH, MAX_PARAGRAPHS, Draft
from .draft import PointDraft
from .matching import _scan, point_vocab


def to_yaml(draft: Draft, ds: Dataset, schema: str | None = None) -> str:
    """The draft as a status file; `schema` is the path of the status schema as seen from where
    the draft is written (default: from status/, where status files live). It validates, with
    the confidence of each guess in comments."""
    day = draft.date.day or (ds.sources[draft.source_id].published if draft.source_id in ds.sources else None)
    seq = CommentedSeq()
    for n, d in enumerate(draft.points, start=1):
        when = d.event[0] if d.event else day
        u = {"id": f"draft-{n}", "points": [d.point], "date": when.isoformat() if when else None, "level": d.level,
             "momentum": d.momentum,
             "note": (f"DRAFT, machine-proposed: the article speaks of point {d.point} in paragraph"
                      f"{'s' if len(d.paragraphs) > 1 else ''} {', '.join(map(str, d.paragraphs))}. Replace with what "
                      "it reports, in your own words."),
             "actors": [a for a in d.actors if a in ds.actors][:8],
             "indicators": d.indicators, "milestones": d.milestones, "resolves": d.resolves,
             "blockers": [{k: v for k, v in b.items() if k != "why"} for b in d.blockers],
             "evidence": d.evidence, "draft": True}
        node = yamlwrite.update_node(u)
        node.yaml_add_eol_comment(f"confidence {d.level_confidence}: {d.level_why}", "level")
        if d.event:
            node.yaml_add_eol_comment(f"the event's day, from {d.event[1]!r}; the report's is {day}", "date")
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
    yamlwrite.writer().dump(root, out)
    modeline = (yamlwrite.STATUS_HEADER if schema is None else
                f"# yaml-language-server: $schema={schema}\n")
    header = (modeline +
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
    if draft.unread:
        lines.append(f"only the first {MAX_PARAGRAPHS:,} paragraphs were read; {draft.unread:,} more were not")
    if draft.cut:
        lines.append(f"paragraph(s) {', '.join(map(str, draft.cut[:10]))}{' ...' if len(draft.cut) > 10 else ''} "
                     f"longer than {MAX_PARAGRAPH:,} characters: only their first {MAX_PARAGRAPH:,} were read")
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
