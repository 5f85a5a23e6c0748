"""Command line: python -m tracker COMMAND ...

The commands and their output formats are a contract other tools rely on.
"""
from __future__ import annotations

import argparse
import re
import sys
from datetime import date
from pathlib import Path

from . import dates, export, vocab
from .chars import printable
from .load import DEFAULT_ROOT, load


def _day(text: str) -> date:
    from .model import _parse_date  # the one date rule: YYYY-MM-DD, a real date
    try:
        return _parse_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _folder(text: str) -> Path:
    path = Path(text)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"{text!r} is not a folder (give the folder holding the article texts)")
    return path


def _ident(text: str) -> str:
    """An id given on the command line: the file formats' own rule, checked before anything runs."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,63}", text):
        raise argparse.ArgumentTypeError(
            printable(f"{text!r} is not a valid id: use lower-case letters, digits, - and _"))
    return text


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--root", type=Path, default=DEFAULT_ROOT,
                   help="data root holding plan/, seeds/ and status/ (default: the shipped data)")
    p.add_argument("--no-cache", action="store_true",
                   help="do not read or write the cache of checked files ($TRACKER_CACHE; see tracker.diskcache)")
    p.add_argument("--texts", type=_folder, default=None,
                   help="folder of article texts for checking locators "
                        "(default: $TRACKER_TEXTS, else ../shared/seeds beside the root)")


SHOWN_PROBLEMS = 200  # problems listed before "and N more" (validate --all lists every one)


def _warn_problems(ds, root: Path) -> None:
    """A warning that names the problems (the first few), and the command that lists them all."""
    if not ds.problems:
        return
    first = "; ".join(str(p) for p in ds.problems[:3])
    where = "" if Path(root).resolve() == DEFAULT_ROOT.resolve() else f" --root {root}"
    print(printable(f"warning: the data has {len(ds.problems)} problem(s), e.g. {first}; invalid entries are left "
                    f"out (run `python -m tracker validate{where}` for the list)"), file=sys.stderr)


def cmd_validate(args: argparse.Namespace) -> int:
    ds = load(args.root, args.texts)
    shown = ds.problems if args.all else ds.problems[:SHOWN_PROBLEMS]
    for p in shown:
        print(p)
    if ds.problems:
        rest = len(ds.problems) - len(shown)
        more = f"; {rest} more not listed (run with --all to list every one)" if rest else ""
        print(f"{len(ds.problems)} problem(s){more}", file=sys.stderr)
        return 1
    from .consistency import warnings
    found = warnings(ds)
    shown = found if args.all else found[:SHOWN_PROBLEMS]
    for w in shown:
        print(w, file=sys.stderr)
    if len(found) > len(shown):
        print(f"{len(found)} consistency warning(s); {len(found) - len(shown)} more not listed (--all lists them)",
              file=sys.stderr)
    folder = Path(args.root) / "status"
    files = len(list(folder.glob("*.yaml"))) if folder.is_dir() else 0
    if ds.drafts:
        print(f"note: {len(ds.drafts)} draft update(s) (draft: true) are valid but not counted until a person "
              "reviews them and removes the flag", file=sys.stderr)
    texts = f"locators checked against {ds.texts_dir}" if ds.texts_dir else \
        "article texts not found, locators not checked"
    print(f"valid: {len(ds.points)} points, {len(ds.actors)} actors, {len(ds.sources)} sources, "
          f"{len(ds.entries)} updates in {files} status files; {texts}", file=sys.stderr)
    return 0


def _as_of(args: argparse.Namespace, ds) -> date | None:
    """--as-of (default today), or None after saying why it is outside the record."""
    as_of = args.as_of or dates.today()
    first = ds.plan.released if ds.plan else None
    if as_of > dates.today() or (first and as_of < first):
        print(f"error: --as-of {as_of} is outside the record: give a day from the plan's release "
              f"({first}) to today ({dates.today()})", file=sys.stderr)
        return None
    return as_of


def cmd_status(args: argparse.Namespace) -> int:
    from .status import status_as_of
    if not (args.root / "plan").is_dir():
        print(f"error: no plan/ folder in {args.root}; --root must name a data root", file=sys.stderr)
        return 1
    ds = load(args.root, args.texts)
    _warn_problems(ds, args.root)
    as_of = _as_of(args, ds)
    if as_of is None:
        return 2
    doc = export.status_document(ds, status_as_of(ds, as_of), as_of)
    render = {"json": export.to_json, "csv": export.to_csv, "table": export.to_table}[args.format]
    sys.stdout.write(render(doc))
    return 0


def cmd_snapshot(args: argparse.Namespace) -> int:
    from .scene import Scene
    from .snapshot import FORMATS, write_snapshot
    formats = tuple(f.strip() for f in args.formats.split(",") if f.strip())
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        print(f"error: unknown format(s) {', '.join(unknown)}; expected some of {','.join(FORMATS)}",
              file=sys.stderr)
        return 2
    ds = load(args.root, args.texts)
    _warn_problems(ds, args.root)
    as_of = args.as_of or dates.today()
    result = write_snapshot(Scene(ds, as_of), args.out, formats)
    for message in result.skipped:
        print(f"warning: {message}", file=sys.stderr)
    print(f"wrote {len(result.files)} files to {args.out} (as of {as_of}, data {ds.version})", file=sys.stderr)
    return 1 if result.skipped else 0


def cmd_agreement(args: argparse.Namespace) -> int:
    import json

    from .agreement import agreement, to_table
    ds = load(args.root, args.texts)
    _warn_problems(ds, args.root)
    result = agreement(ds)
    if args.format == "json":
        sys.stdout.write(json.dumps(result.as_dict(), indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write("".join(printable(line) + "\n" for line in to_table(result).splitlines()))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from .schema import write_all
    for path in write_all(args.out):
        print(path, file=sys.stderr)
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    from .methodology import document
    args.out.write_text(document(), encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


def cmd_check_yaml(args: argparse.Namespace) -> int:
    from .yamlsafe import read_yaml
    problems = [p for f in args.files for p in read_yaml(f).problems]
    for p in problems:
        print(p)
    return 1 if problems else 0


def cmd_new_source(args: argparse.Namespace) -> int:
    from . import editing
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
          f"status/{args.id}.yaml — add one with `python -m tracker new-update{where} --source {args.id} ...`",
          file=sys.stderr)
    return 0


# the option that sets each key of a new entry, for problems in an entry not yet written
UPDATE_OPTIONS = {"id": "--id", "milestones": "--milestone", "rationale": "--rationale",
                  "confidence": "--confidence", "points": "--point", "date": "--date", "level": "--level",
                  "momentum": "--momentum", "note": "--note", "actors": "--actor", "resolves": "--resolve",
                  "indicators": "--indicator", "evidence": "--paragraph/--phrase/--claimed-by"}
SOURCE_OPTIONS = {"id": "--id", "label": "--label", "outlet": "--outlet", "headline": "--headline",
                  "kind": "--kind", "via": "--via", "author": "--author", "published": "--date",
                  "date_basis": "--date-basis", "url": "--url", "archive_url": "--archive-url", "file": "--file",
                  "summary": "--summary", "boilerplate": "--boilerplate"}


def _edit(command: str, options: dict[str, str], write):
    """Run an edit; a refusal is printed in plain words (None comes back), a write returns its result."""
    from . import editing
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
    from . import editing
    inside = set(result.entry_problems())
    for p in result.problems:
        if p in inside:
            key, message = editing.explain(p, result)
            print(printable(f"{command} {options.get(key, key or 'entry')}: {message}"))
        else:
            print(p)


def _milestone(text: str) -> tuple[str, str]:
    name, sep, state = text.partition("=")
    if not sep or not name or state not in vocab.ids(vocab.MILESTONE_STATES):
        raise argparse.ArgumentTypeError(
            f"expected MILESTONE=STATE with STATE one of {', '.join(vocab.ids(vocab.MILESTONE_STATES))}, got {text!r}")
    return name.strip(), state


def _indicator(text: str) -> tuple[str, float]:
    name, sep, value = text.partition("=")
    if not sep or not name or not re.fullmatch(r"\d{1,12}(\.\d{1,4})?", value.strip()):
        raise argparse.ArgumentTypeError(printable(
            f"expected ID=NUMBER, the figure as the article gives it (e.g. hostages-returned=48), got {text!r}"))
    number = float(value)
    return name.strip(), int(number) if number.is_integer() else number


def cmd_new_update(args: argparse.Namespace) -> int:
    from . import editing
    from .status import status_as_of
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
    skeleton = args.note is None or args.phrase is None
    update = {
        "id": args.id, "points": args.point, "date": day.isoformat(),
        "level": args.level or current[args.point[0]], "momentum": args.momentum,
        "rationale": args.rationale, "confidence": args.confidence, "milestones": dict(args.milestone),
        "note": args.note if args.note is not None else
        "TODO: say in your own words what the article reports about this point.",
        "indicators": dict(args.indicator), "actors": args.actor, "resolves": args.resolve,
        "evidence": [{"paragraph": args.paragraph if args.paragraph is not None else 1,
                      "phrase": args.phrase if args.phrase is not None else "TODO key phrase",
                      "claimed_by": args.claimed_by}],
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


def cmd_ingest(args: argparse.Namespace) -> int:
    from . import ingest
    ds = load(args.root, args.texts)
    try:
        text = args.article.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"error: cannot read {args.article}: {exc}", file=sys.stderr)
        return 2
    source_id = args.source_id or next(
        (s.id for s in ds.sources.values() if s.file == args.article.name), args.article.stem.lower())
    draft = ingest.ingest(ds, text, source_id, args.date)
    body = ingest.to_yaml(draft, ds)
    sys.stderr.write("".join(printable(line) + "\n" for line in ingest.report(draft, ds).splitlines()))
    if source_id not in ds.sources:
        print(f"note: {source_id!r} is not registered; register it with `python -m tracker new-source` "
              "before the draft can validate", file=sys.stderr)
    if args.out:
        args.out.write_text(body, encoding="utf-8")
        print(f"wrote the draft to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(body)
    return 0


def _base_url(text: str) -> str:
    from urllib.parse import urlsplit
    bad = argparse.ArgumentTypeError(printable(
        f"{text!r} is not a site address: give http(s)://host/path/ where the site will be served"))
    if not re.fullmatch(r"[A-Za-z0-9._~:/%!$&()*+,;=@-]+", text):
        raise bad  # no spaces, quotes, brackets or other characters that need escaping in a URL
    parts = urlsplit(text)
    try:
        parts.port  # noqa: B018 - raises on a port out of range
    except ValueError:
        raise bad from None
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise bad
    if parts.username or parts.password:
        raise argparse.ArgumentTypeError(printable(
            f"{text!r} carries a user name or password, which would be published on every page"))
    return text if text.endswith("/") else text + "/"


def cmd_publish(args: argparse.Namespace) -> int:
    from .site.build import PublishError, publish
    if not (args.root / "plan").is_dir():
        print(f"error: no plan/ folder in {args.root}; --root must name a data root", file=sys.stderr)
        return 1
    ds = load(args.root, args.texts)
    if ds.problems and not args.allow_problems:
        for p in ds.problems[:10]:
            print(p, file=sys.stderr)
        more = f" ({len(ds.problems) - 10} more: run `python -m tracker validate`)" if len(ds.problems) > 10 else ""
        print(f"error: the data has {len(ds.problems)} problem(s){more}; a published site would leave the invalid "
              "entries out. Fix them, or publish anyway with --allow-problems", file=sys.stderr)
        return 1
    _warn_problems(ds, args.root)
    as_of = _as_of(args, ds)
    if as_of is None:
        return 2
    import signal

    def stop(signum, frame):
        raise KeyboardInterrupt
    previous = signal.signal(signal.SIGTERM, stop)  # a killed publish cleans up as Ctrl-C does
    try:
        result = publish(ds, args.out, as_of, args.base_url, precompress=args.gzip)
    except (PublishError, OSError) as exc:
        print(printable(f"error: {exc}; nothing was changed"), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: publish was interrupted; the previous site, if any, is as it was", file=sys.stderr)
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)
    for message in result.skipped:
        print(f"warning: {message}", file=sys.stderr)
    if not args.base_url:
        print("note: without --base-url the link-preview image and the feeds' links are relative; social sites "
              "need absolute addresses to show a preview", file=sys.stderr)
    print(f"wrote {len(result.files)} files to {args.out} (as of {as_of}, data {ds.version})", file=sys.stderr)
    return 1 if result.skipped else 0


def cmd_synth(args: argparse.Namespace) -> int:
    from . import synth
    out = synth.write(args.out, args.updates, args.seed)
    print(f"wrote {args.updates} updates to {out}", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m tracker",
                                     description="Track how the Gaza 20-point plan is implemented.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="check every data file; exit 1 listing each problem")
    _common(p)
    p.add_argument("--all", action="store_true",
                   help=f"list every problem (default: the first {SHOWN_PROBLEMS} and a count of the rest)")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("status", help="status of every point as of a date")
    _common(p)
    p.add_argument("--as-of", type=_day, default=None, help="YYYY-MM-DD (default: today)")
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("snapshot", help="write every chart, an offline report, status.json and .csv")
    _common(p)
    p.add_argument("--as-of", type=_day, default=None, help="YYYY-MM-DD (default: today, as the dashboard)")
    p.add_argument("--out", type=Path, required=True, help="folder to write the files into")
    p.add_argument("--formats", default="png,svg,html", help="chart formats, comma-separated")
    p.set_defaults(func=cmd_snapshot)

    p = sub.add_parser("agreement", help="inter-coder agreement of the review rounds (share, kappa, open items)")
    _common(p)
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=cmd_agreement)

    p = sub.add_parser("schema", help="write the JSON Schemas of the data files (for editors)")
    p.add_argument("--out", type=Path, default=DEFAULT_ROOT / "schema")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("docs", help="write docs/methodology.md from the vocabulary")
    p.add_argument("--out", type=Path, default=DEFAULT_ROOT / "docs" / "methodology.md")
    p.set_defaults(func=cmd_docs)

    p = sub.add_parser("check-yaml", help="YAML syntax, duplicate keys and unsafe tags in the files given")
    p.add_argument("files", nargs="+", type=Path)
    p.set_defaults(func=cmd_check_yaml)

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

    p = sub.add_parser("new-update", help="append a skeleton update for a point to a source's status file")
    _common(p)
    p.add_argument("--source", required=True, help="source id")
    p.add_argument("--id", type=_ident, help="the update's id in the status file (default: the next free uN)")
    p.add_argument("--point", type=int, action="append", required=True, help="point number (repeatable)")
    p.add_argument("--date", type=_day, help="date of the event or report (default: the publication date)")
    p.add_argument("--level", choices=vocab.ids(vocab.LEVELS), help="default: the point's current level")
    p.add_argument("--momentum", choices=vocab.ids(vocab.MOMENTUM))
    p.add_argument("--note", help="what the article reports, in your own words")
    p.add_argument("--actor", action="append", default=[], help="actor id engaged (repeatable)")
    p.add_argument("--milestone", action="append", default=[], type=_milestone, metavar="ID=STATE",
                   help="a milestone's state as the article reports it, e.g. living-returned=met (repeatable)")
    p.add_argument("--rationale", help="why this level, in a sentence")
    p.add_argument("--confidence", choices=vocab.ids(vocab.CONFIDENCE), help="how sure the rating is")
    p.add_argument("--claimed-by", metavar="ACTOR_ID",
                   help="the party whose claim the evidence reports, when the article does not state it as fact")
    p.add_argument("--resolve", action="append", default=[], metavar="BLOCKER_ID", type=_ident,
                   help="id of an active blocker of the point that the article reports resolved (repeatable)")
    p.add_argument("--indicator", action="append", default=[], type=_indicator, metavar="ID=NUMBER",
                   help="an indicator value the article gives, e.g. hostages-returned=48 (repeatable)")
    p.add_argument("--paragraph", type=int, help="paragraph number of the evidence")
    p.add_argument("--phrase", help="a few words found in that paragraph")
    p.set_defaults(func=cmd_new_update)

    p = sub.add_parser("ingest", help="draft status updates from a plain-text article, for review")
    _common(p)
    p.add_argument("article", type=Path, help="the article as plain text")
    p.add_argument("--source-id", help="registered source id (default: found by file name)")
    p.add_argument("--date", type=_day, help="publication date, for dating events (default: guessed)")
    p.add_argument("--out", type=Path, help="write the draft here (default: standard output)")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("publish", help="write the static site: pages, feeds, API, data files and embeds")
    _common(p)
    p.add_argument("--as-of", type=_day, default=None, help="YYYY-MM-DD: the latest state shown (default: today)")
    p.add_argument("--out", type=Path, required=True,
                   help="folder for the site (new, empty, or a site published before, which is replaced)")
    p.add_argument("--base-url", type=_base_url, default=None,
                   help="the address the site will be served at, e.g. https://example.org/tracker/ "
                        "(absolute links in feeds and link previews; default: relative links)")
    p.add_argument("--allow-problems", action="store_true",
                   help="publish even if the data has problems (their entries are left out)")
    p.add_argument("--gzip", action="store_true",
                   help="also write a .gz beside each text file, for servers that send them as they are "
                        "(nginx gzip_static; deploy/site.nginx.conf uses them)")
    p.set_defaults(func=cmd_publish)

    p = sub.add_parser("synth", help="write a synthetic, valid data root of N updates")
    p.add_argument("--updates", type=int, required=True, help="number of status updates")
    p.add_argument("--out", type=Path, required=True, help="folder to write (replaced if present)")
    p.add_argument("--seed", type=int, default=7)
    p.set_defaults(func=cmd_synth)
    return parser


def main(argv: list[str] | None = None) -> int:
    import os

    from .diskcache import CACHE_ENV
    args = build_parser().parse_args(argv)
    if getattr(args, "no_cache", False):
        os.environ[CACHE_ENV] = "off"
    return args.func(args)
