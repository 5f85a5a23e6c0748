"""Commands that report on the record: status (a table, JSON or CSV), snapshot (charts and an offline report)
and agreement (between the review rounds' coders).

Each command's options (``add_*``) sit right above the function that runs it (``cmd_*``).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import dates, export
from ..chars import printable
from ..load import load
from .common import _as_of, _common, _day, _warn_problems


def add_status(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("status", help="status of every point as of a date")
    _common(p)
    p.add_argument("--as-of", type=_day, default=None, help="YYYY-MM-DD (default: today)")
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")
    p.add_argument("--point", type=int, default=None,
                   help="list one point's ids to use in an update: active blockers, milestones, indicators")
    p.set_defaults(func=cmd_status)


def cmd_status(args: argparse.Namespace) -> int:
    from ..status import status_as_of
    if not (args.root / "plan").is_dir():
        print(f"error: no plan/ folder in {args.root}; --root must name a data root", file=sys.stderr)
        return 1
    ds = load(args.root, args.texts)
    _warn_problems(ds, args.root)
    as_of = _as_of(args, ds)
    if as_of is None:
        return 2
    if args.point is not None:
        found = [st for st in status_as_of(ds, as_of) if st.point.id == args.point]
        if not found:
            print(f"error: no point {args.point}; the plan has points {min(ds.points)}-{max(ds.points)}",
                  file=sys.stderr)
            return 2
        sys.stdout.write(export.point_ids(found[0]))
        return 0
    doc = export.status_document(ds, status_as_of(ds, as_of), as_of)
    render = {"json": export.to_json, "csv": export.to_csv, "table": export.to_table}[args.format]
    sys.stdout.write(render(doc))
    return 0


def add_snapshot(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("snapshot", help="write every chart, an offline report, status.json and .csv")
    _common(p)
    p.add_argument("--as-of", type=_day, default=None, help="YYYY-MM-DD (default: today, as the dashboard)")
    p.add_argument("--out", type=Path, required=True, help="folder to write the files into")
    p.add_argument("--formats", default="png,svg,html", help="chart formats, comma-separated")
    p.set_defaults(func=cmd_snapshot)


def cmd_snapshot(args: argparse.Namespace) -> int:
    from ..scene import Scene
    from ..snapshot import FORMATS, write_snapshot
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


def add_agreement(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("agreement", help="inter-coder agreement of the review rounds (share, kappa, open items)")
    _common(p)
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=cmd_agreement)


def cmd_agreement(args: argparse.Namespace) -> int:
    import json

    from ..agreement import agreement, to_table
    ds = load(args.root, args.texts)
    _warn_problems(ds, args.root)
    result = agreement(ds)
    if args.format == "json":
        sys.stdout.write(json.dumps(result.as_dict(), indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write("".join(printable(line) + "\n" for line in to_table(result).splitlines()))
    return 0
