"""The release command: an immutable, versioned release of the record (tracker.release)."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .. import dates
from ..chars import printable
from ..load import DEFAULT_ROOT, load
from ..versions import version_problem
from .common import _as_of, _common, _day


def _version(text: str) -> str:
    problem = version_problem(text)
    if problem:
        raise argparse.ArgumentTypeError(printable(problem))
    return text


def add_release(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("release", help="write a versioned release: tables, panels, SQLite, data package, codebook, ZIP")
    _common(p)
    p.add_argument("version", type=_version, help="the release's version, MAJOR.MINOR.PATCH (e.g. 1.0.0)")
    p.add_argument("--out", type=Path, required=True, help="a new folder for the release (never rewritten)")
    p.add_argument("--as-of", type=_day, default=None,
                   help="YYYY-MM-DD: the day the data stand at (default: the latest report's day, so a rebuild "
                        "on any later day gives the same bytes)")
    p.add_argument("--changelog", type=Path, default=DEFAULT_ROOT / "CHANGELOG.md",
                   help="the changelog whose `## [VERSION]` section says what changed (default: the repository's)")
    p.add_argument("--url", default=None, help="where the release or its DOI can be found, for the citation")
    p.set_defaults(func=cmd_release)


def cmd_release(args: argparse.Namespace) -> int:
    from ..release import ReleaseError, changelog_section, release
    try:
        text = args.changelog.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(printable(f"error: cannot read the changelog {args.changelog}: {exc}"), file=sys.stderr)
        return 2
    changes = changelog_section(text, args.version)
    if not changes:
        print(printable(f"error: {args.changelog} has no section `## [{args.version}]`; say what changed in this "
                        "version there first (nothing was written)"), file=sys.stderr)
        return 2
    ds = load(args.root, args.texts)
    if args.as_of is None:
        from ..status import latest_report
        args.as_of = latest_report(ds, dates.today())
    as_of = _as_of(args, ds)
    if as_of is None:
        return 2
    started = time.perf_counter()
    try:
        result = release(ds, args.version, args.out, as_of, changes, url=args.url)
    except (ReleaseError, OSError) as exc:
        print(printable(f"error: {exc}; nothing was written"), file=sys.stderr)
        return 1
    size = sum(result.files.values())
    print(printable(f"wrote release {result.version} (data as of {as_of}) to {result.out}: {len(result.files)} files, "
                    f"{size:,} bytes, in {time.perf_counter() - started:.1f} s"), file=sys.stderr)
    for name, n in result.rows.items():
        print(f"  {name}: {n:,} rows", file=sys.stderr)
    print(f"{result.zip_sha256}  {result.zip_name}")
    return 0
