"""Commands that write to the record: new-source (register an article), new-update (append an update to a
source's status file) and ingest (draft updates from an article's text, for a person to review).

The writing itself is :mod:`tracker.editing`'s; here are the options, and the refusals and problems said in
terms of the option that set each value. Each command's options (``add_*``) sit right above the function that
runs it (``cmd_*``).
"""
from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from .. import files, vocab
from ..chars import printable
from ..dataset import DATA_DIRS
from ..load import DEFAULT_ROOT, load
from .common import _common, _day


def _ident(text: str) -> str:
    """An id given on the command line: the file formats' own rule, checked before anything runs."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,63}", text):
        raise argparse.ArgumentTypeError(
            printable(f"{text!r} is not a valid id: use lower-case letters, digits, - and _"))
    return text


# the option that sets each key of a new entry, for problems in an entry not yet written
UPDATE_OPTIONS = {"id": "--id", "milestones": "--milestone", "rationale": "--rationale",
                  "confidence": "--confidence", "points": "--point", "date": "--date", "level": "--level",
                  "momentum": "--momentum", "note": "--note", "actors": "--actor", "resolves": "--resolve",
                  "confirms": "--confirm", "indicators": "--indicator", "evidence": "--paragraph/--phrase/--claimed-by",
                  "blockers": "--blocker", "claims": "--claim", "disputed": "--disputed"}
SOURCE_OPTIONS = {"id": "--id", "label": "--label", "outlet": "--outlet", "headline": "--headline",
                  "kind": "--kind", "via": "--via", "author": "--author", "published": "--date",
                  "date_basis": "--date-basis", "url": "--url", "archive_url": "--archive-url", "file": "--file",
                  "summary": "--summary", "boilerplate": "--boilerplate"}


def _edit(command: str, options: dict[str, str], write):
    """Run an edit; a refusal is printed in plain words (None comes back), a write returns its result."""
    from .. import editing
    try:
        result = write()
    except editing.EditError as exc:
        print(f"error: {printable(str(exc))}", file=sys.stderr)
        return None
    if not result.written:
        _entry_problems(result, command, options)
        print("nothing was written: fix the values above and run the command again", file=sys.stderr)
        return None
    return result


def _entry_problems(result, command: str, options: dict[str, str]) -> None:
    """Print the problems of an edit: those inside the new entry by the option that set the
    value (their lines exist only in text that was not written), the others as they are."""
    from .. import editing
    inside = set(result.entry_problems())
    for p in result.problems:
        if p in inside:
            key, message = editing.explain(p, result)
            print(printable(f"{command} {options.get(key, key or 'entry')}: {message}"))
        else:
            print(p)


def add_new_source(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("new-source", help="register an article in seeds/sources.yaml")
    _common(p)
    p.add_argument("--id", required=True, type=_ident, help="short id, e.g. reuters-2026-01-05")
    p.add_argument("--outlet", required=True)
    p.add_argument("--headline", required=True)
    p.add_argument("--date", type=_day, required=True, help="publication date, YYYY-MM-DD")
    p.add_argument("--kind", required=True, choices=vocab.ids(vocab.SOURCE_KINDS),
                   help="what kind of source it is (a wire copy or a mirror: also give --via)")
    p.add_argument("--via", help="the wire agency or outlet a copy or mirror comes from (e.g. AP, Reuters)")
    p.add_argument("--url", required=True, help="the article's web address (http:// or https://)")
    p.add_argument("--archive-url", help="an archived copy of the article, if any")
    p.add_argument("--file", required=True, help="file name of the article text in the texts folder")
    p.add_argument("--boilerplate", type=int, action="append", default=[],
                   help="a paragraph that is page furniture, never evidence (repeatable)")
    p.add_argument("--label", help="short name for chart source lines (default: the outlet)")
    p.add_argument("--author")
    p.add_argument("--summary", help="one paragraph in your own words")
    p.add_argument("--date-basis", required=True,
                   help="how the publication date was found, in your words (a dateline, a weekday in the text...)")
    p.set_defaults(func=cmd_new_source)


def cmd_new_source(args: argparse.Namespace) -> int:
    from .. import editing
    source = {"id": args.id, "label": args.label or args.outlet[:40], "outlet": args.outlet,
              "headline": args.headline, "author": args.author, "published": args.date.isoformat(),
              "date_basis": args.date_basis, "file": args.file,
              "summary": args.summary or "TODO: summarise the article in your own words."}
    source["kind"] = args.kind
    source["via"] = args.via
    source["url"] = args.url
    source["archive_url"] = args.archive_url
    source["boilerplate"] = args.boilerplate
    result = _edit("new-source", SOURCE_OPTIONS, lambda: editing.add_source(args.root, source, texts=args.texts))
    if result is None:
        return 1
    where = "" if Path(args.root).resolve() == DEFAULT_ROOT.resolve() else f" --root {args.root}"
    print(f"registered {args.id} in {result.path} (line {result.line}); its updates go in "
          f"status/{args.id}.yaml — draft them with `python -m tracker ingest{where} ARTICLE.txt --source-id "
          f"{args.id} --out DRAFT.yaml`, then `python -m tracker new-update{where} --source {args.id} --from-draft "
          f"DRAFT.yaml`, or add one by hand with `python -m tracker new-update{where} --source {args.id} ...`",
          file=sys.stderr)
    return 0


def _milestone(text: str) -> tuple[str, str, str | None]:
    """MILESTONE=STATE (every obliged party), or MILESTONE=ACTOR:STATE (one party's own state)."""
    name, sep, value = text.partition("=")
    actor, colon, state = value.rpartition(":")
    if not sep or not name or state not in vocab.ids(vocab.MILESTONE_STATES) or (colon and not actor.strip()):
        raise argparse.ArgumentTypeError(
            f"expected MILESTONE=STATE or MILESTONE=ACTOR:STATE with STATE one of "
            f"{', '.join(vocab.ids(vocab.MILESTONE_STATES))}, got {text!r}")
    return name.strip(), state, actor.strip() or None


def _milestones(given: list[tuple[str, str, str | None]]) -> dict:
    """The update's milestones: a state for all parties, or {actor: state} where parties are named."""
    out: dict = {}
    for name, state, actor in given:
        if actor is None:
            out[name] = state
        else:
            out[name] = {**(out[name] if isinstance(out.get(name), dict) else {}), actor: state}
    return out


class _Evidence(argparse.Action):
    """--paragraph, --phrase and --claimed-by, repeatable: each --paragraph starts a piece of
    evidence, and the --phrase and --claimed-by after it belong to it (as written on the line)."""

    FIELD = {"paragraph": "paragraph", "phrase": "phrase", "claimed_by": "claimed_by"}

    def __call__(self, parser, namespace, value, option_string=None):
        items = getattr(namespace, "evidence_items", None) or []
        field = self.FIELD[self.dest]
        if not items or field in items[-1] or (field == "paragraph" and items[-1]):
            items.append({})
        items[-1][field] = value
        namespace.evidence_items = items
        setattr(namespace, self.dest, value)  # the last one, as before


def _mapping(text: str, option: str, example: str) -> dict:
    from ..yamlsafe import parse_yaml
    read = parse_yaml(text.encode("utf-8"), option)
    if read.problems or not isinstance(read.data, dict):
        why = str(read.problems[0]) if read.problems else "not a mapping"
        raise argparse.ArgumentTypeError(f"expected {example}; {why}")
    return read.data


def _blocker(text: str) -> dict:
    """A blocker written as a YAML mapping: '{id: x, text: ..., category: refusal, actors: [party-a]}'."""
    return _mapping(text, "--blocker", "a blocker as a YAML mapping, e.g. '{id: aid-held, text: Party A holds the "
                    "aid back., category: refusal, actors: [party-a]}' (also since, resolved, until, same_as)")


def _disputed(text: str) -> dict:
    """The competing claim as a YAML mapping: '{claim: ..., by: [party-b], evidence: [{paragraph: 9, phrase: ...}]}'."""
    return _mapping(text, "--disputed", "a competing claim as a YAML mapping, e.g. '{claim: Party B denies it., "
                    "by: [party-b], evidence: [{paragraph: 9, phrase: denies any role, claimed_by: party-b}]}'")


def _claim(text: str) -> tuple[str, str]:
    name, sep, actor = text.partition("=")
    if not sep or not name.strip() or not actor.strip():
        raise argparse.ArgumentTypeError(
            f"expected ID=ACTOR (a milestone or indicator and the claiming party), got {text!r}")
    return name.strip(), actor.strip()


def _indicator(text: str) -> tuple[str, float]:
    name, sep, value = text.partition("=")
    if not sep or not name or not re.fullmatch(r"\d{1,12}(\.\d{1,4})?", value.strip()):
        raise argparse.ArgumentTypeError(printable(
            f"expected ID=NUMBER, the figure as the article gives it (e.g. people-returned=48), got {text!r}"))
    number = float(value)
    return name.strip(), int(number) if number.is_integer() else number


def add_new_update(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("new-update", help="append a skeleton update for a point to a source's status file")
    _common(p)
    p.add_argument("--source", required=True, help="source id")
    p.add_argument("--id", type=_ident, help="the update's id in the status file (default: the next free uN)")
    p.add_argument("--point", type=int, action="append", help="point number (repeatable; required unless --from-draft)")
    p.add_argument("--from-draft", type=Path, metavar="DRAFT.yaml",
                   help="append the updates of a draft written by `ingest --out`, as you edited them, with ids of "
                        "their own; nothing is written if any would not validate")
    p.add_argument("--only", nargs="+", action="extend", metavar="DRAFT_ID",
                   help="with --from-draft: only these of the draft's updates (e.g. draft-1 draft-3)")
    p.add_argument("--date", type=_day, help="date of the event or report (default: the publication date)")
    p.add_argument("--level", choices=vocab.ids(vocab.LEVELS), help="default: the point's current level")
    p.add_argument("--momentum", choices=vocab.ids(vocab.MOMENTUM))
    p.add_argument("--note", help="what the article reports, in your own words")
    p.add_argument("--actor", action="append", default=[], help="actor id engaged (repeatable)")
    p.add_argument("--milestone", action="append", default=[], type=_milestone, metavar="ID=STATE",
                   help="a milestone's state as the article reports it, e.g. living-returned=met, or one obliged "
                        "party's own, e.g. lines-frozen=idf:reversed (repeatable)")
    p.add_argument("--rationale", help="why this level, in a sentence")
    p.add_argument("--confidence", choices=vocab.ids(vocab.CONFIDENCE), help="how sure the rating is")
    p.add_argument("--claimed-by", metavar="ACTOR_ID", action=_Evidence,
                   help="the party whose claim the evidence reports, when the article does not state it as fact "
                        "(belongs to the --paragraph before it)")
    p.add_argument("--blocker", action="append", default=[], type=_blocker, metavar="YAML",
                   help="a blocker the article reports, as a YAML mapping: '{id: aid-held, text: ..., category: "
                        "refusal, actors: [party-a]}' (optional since, resolved, until, same_as; repeatable)")
    p.add_argument("--disputed", type=_disputed, metavar="YAML",
                   help="the claim another party or report makes against this one, as a YAML mapping: "
                        "'{claim: ..., by: [ACTOR], evidence: [{paragraph: N, phrase: ...}]}'")
    p.add_argument("--claim", action="append", default=[], type=_claim, metavar="ID=ACTOR",
                   help="a milestone state or figure of this update that rests on a party's claim (repeatable)")
    p.add_argument("--resolve", action="append", default=[], metavar="BLOCKER_ID", type=_ident,
                   help="id of an active blocker of the point that the article reports resolved (repeatable)")
    p.add_argument("--confirm", action="append", default=[], metavar="ID", type=_ident,
                   help="id of an active blocker, a milestone or an indicator of the point that the article says "
                        "still holds, without restating it (repeatable)")
    p.add_argument("--indicator", action="append", default=[], type=_indicator, metavar="ID=NUMBER",
                   help="an indicator value the article gives, e.g. people-returned=48 (repeatable)")
    p.add_argument("--paragraph", type=int, action=_Evidence,
                   help="paragraph number of the evidence (repeatable: each starts a piece of evidence)")
    p.add_argument("--phrase", action=_Evidence, help="a few words found in that paragraph")
    p.set_defaults(func=cmd_new_update, evidence_items=[])


def cmd_new_update(args: argparse.Namespace) -> int:
    from .. import editing
    from ..status import status_as_of
    if args.from_draft is not None:
        return _from_draft(args)
    if not args.point:
        print("error: the following arguments are required: --point (or --from-draft)", file=sys.stderr)
        return 2
    if args.only:
        print("error: --only goes with --from-draft", file=sys.stderr)
        return 2
    ds = load(args.root, args.texts)
    if not ds.points:
        print("error: the plan has no valid point (plan/points.yaml is missing or has problems); "
              "run `python -m tracker validate`. Nothing was written", file=sys.stderr)
        return 2
    source = ds.sources.get(args.source)
    if source is None:
        print(printable(f"error: unknown source {args.source!r}; register it first with "
                        "`python -m tracker new-source`"), file=sys.stderr)
        return 2
    unknown = [p for p in args.point if p not in ds.points]
    if unknown:
        print(f"error: unknown point(s) {unknown}; the plan has points {min(ds.points)}-{max(ds.points)}",
              file=sys.stderr)
        return 2
    day = args.date or source.published
    current = {s.id: s.level for s in status_as_of(ds, day)}
    skeleton = args.note is None or not args.evidence_items or any("phrase" not in e for e in args.evidence_items)
    update = {
        "id": args.id, "points": args.point, "date": day.isoformat(),
        "level": args.level or current[args.point[0]], "momentum": args.momentum,
        "rationale": args.rationale, "confidence": args.confidence, "milestones": _milestones(args.milestone),
        "note": args.note if args.note is not None else
        "TODO: say in your own words what the article reports about this point.",
        "indicators": dict(args.indicator), "actors": args.actor, "resolves": args.resolve,
        "confirms": args.confirm, "blockers": args.blocker, "claims": dict(args.claim), "disputed": args.disputed,
        "evidence": [{"paragraph": item.get("paragraph", 1), "phrase": item.get("phrase", "TODO key phrase"),
                      "claimed_by": item.get("claimed_by")} for item in args.evidence_items or [{}]],
    }
    path = editing.status_path(args.root, args.source)
    result = _edit("new-update", UPDATE_OPTIONS, lambda: editing.append_update(
        args.root, args.source, update, editing.digest(path), texts=args.texts, allow_placeholders=skeleton))
    if result is None:
        return 1
    print(f"appended an update for point(s) {args.point} to {result.path} at line {result.line}", file=sys.stderr)
    for p in result.problems:
        print(p)
    if result.problems:
        print("the skeleton is written: replace its TODO placeholders, then run `python -m tracker validate`",
              file=sys.stderr)
        return 1
    return 0


def _from_draft(args: argparse.Namespace) -> int:
    """new-update --from-draft: the draft's updates, as edited, into the record in one step."""
    from .. import drafts, editing
    given = [o for o in ("point", "id", "date", "level", "momentum", "note", "phrase", "paragraph", "rationale",
                         "confidence", "claimed_by", "disputed") if getattr(args, o) not in (None, [])]
    given += [o for o in ("milestone", "indicator", "actor", "resolve", "confirm", "blocker", "claim")
              if getattr(args, o)]
    if given:
        print(f"error: --from-draft takes the update from the draft; leave out --{given[0].replace('_', '-')}",
              file=sys.stderr)
        return 2
    if not args.from_draft.is_file():
        print(printable(f"error: {args.from_draft} is not a file"), file=sys.stderr)
        return 2
    ds = load(args.root, args.texts)
    if args.source not in ds.sources:
        print(printable(f"error: unknown source {args.source!r}; register it first with "
                        "`python -m tracker new-source`"), file=sys.stderr)
        return 2
    try:
        result = drafts.accept(args.root, args.source, args.from_draft, args.only, texts=args.texts)
    except editing.EditError as exc:
        print(f"error: {printable(str(exc))}", file=sys.stderr)
        return 1
    if not result.written:
        for p in result.problems:
            print(p)
        print("nothing was written: fix the draft and run the command again", file=sys.stderr)
        return 1
    for draft_id, new_id in result.ids:
        print(f"appended draft {draft_id} as update {new_id} to {result.path}", file=sys.stderr)
    return 0


def add_ingest(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ingest", help="draft status updates from a plain-text article, for review")
    _common(p)
    p.add_argument("article", type=Path, help="the article as plain text")
    p.add_argument("--source-id", help="registered source id (default: found by file name)")
    p.add_argument("--date", type=_day, help="publication date, for dating events (default: guessed)")
    p.add_argument("--out", type=Path, help="write the draft to this new file, outside the data folders "
                                            "(default: standard output)")
    p.add_argument("--replace", action="store_true", help="let --out replace an existing draft file")
    p.set_defaults(func=cmd_ingest)


def cmd_ingest(args: argparse.Namespace) -> int:
    from .. import ingest
    ds = load(args.root, args.texts)
    limit = ingest.MAX_ARTICLE * 4  # bytes: at most four per character in UTF-8
    try:
        with open(args.article, "rb") as fh:
            data = fh.read(limit + 1)
        if len(data) > limit:
            print(printable(f"error: {args.article} is over {limit:,} bytes; ingest reads at most "
                            f"{ingest.MAX_ARTICLE:,} characters: keep the report itself"), file=sys.stderr)
            return 2
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        print(printable(f"error: {args.article} is not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at offset "
                        f"{exc.start}); save it as UTF-8 and run the command again"), file=sys.stderr)
        return 2
    except OSError as exc:
        print(printable(f"error: cannot read {args.article}: {files.why(exc)}"), file=sys.stderr)
        return 2
    if args.source_id is not None and not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,63}", args.source_id):
        shown = args.source_id if len(args.source_id) <= 80 else args.source_id[:80] + "…"
        print(printable(f"error: --source-id {shown!r} is not a source id: at most 64 lower-case letters, digits, "
                        "- and _, starting with a letter or digit (see `python -m tracker new-source`)"),
              file=sys.stderr)
        return 2
    source_id = args.source_id or next(
        (s.id for s in ds.sources.values() if s.file == args.article.name),
        re.sub(r"[^a-z0-9_-]+", "-", args.article.stem.lower()).strip("-_")[:64] or "article")
    if args.out:
        refused = _draft_out_refusal(args.out, args.root, ds.texts_dir, args.replace)
        if refused:
            print(printable(f"error: {refused}"), file=sys.stderr)
            return 2
    try:
        draft = ingest.ingest(ds, text, source_id, args.date)
    except ingest.ArticleTooLong as exc:
        print(printable(f"error: {args.article}: {exc}"), file=sys.stderr)
        return 2
    schema = None
    if args.out:
        schema = os.path.relpath(Path(args.root).resolve() / "schema" / "status.schema.json",
                                 args.out.resolve().parent)
    body = ingest.to_yaml(draft, ds, schema)
    sys.stderr.write("".join(printable(line) + "\n" for line in ingest.report(draft, ds).splitlines()))
    if source_id not in ds.sources:
        print(f"note: {source_id!r} is not registered; register it with `python -m tracker new-source` "
              "before the draft can validate", file=sys.stderr)
    if args.out:
        try:
            files.write_new(args.out, body.encode("utf-8"), replace=args.replace)
        except FileExistsError:
            print(printable(f"error: {args.out} appeared while the draft was made; nothing was written "
                            "(add --replace to write over it)"), file=sys.stderr)
            return 2
        except OSError as exc:
            print(printable(f"error: cannot write {args.out}: {files.why(exc)}; nothing was written"), file=sys.stderr)
            return 1
        print(printable(f"wrote the draft to {args.out}"), file=sys.stderr)
    else:
        sys.stdout.write(body)
    return 0


def _draft_out_refusal(out: Path, root: Path, texts_dir: Path | None, replace: bool) -> str | None:
    """Why `ingest --out` may not write there: never into the record's folders or the texts,
    never over an existing file unless --replace says so, never over a folder."""
    target = out.resolve()
    guarded = [Path(root).resolve() / name for name in DATA_DIRS] + ([texts_dir.resolve()] if texts_dir else [])
    for folder in guarded:
        if target.is_relative_to(folder):
            return (f"{out} is inside {folder}, which holds the record; ingest never writes there. Write the draft "
                    "elsewhere (e.g. --out drafts/NAME.yaml) and turn it into updates with "
                    "`python -m tracker new-update --source ID --from-draft FILE`")
    if out.is_dir():
        return f"{out} is a folder; give the draft's file name"
    if not out.parent.is_dir():
        return f"the folder {out.parent} does not exist"
    if (out.exists() or out.is_symlink()) and not replace:
        return f"{out} exists; nothing was written (add --replace to write over it)"
    return None
