"""The init command: a new data root for another plan (tracker.scaffold)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import dates
from ..chars import printable
from .common import _day


def add_init(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="make a new data root for another plan, with placeholders to fill in")
    p.add_argument("root", type=Path, help="a new (or empty) folder for the plan's data")
    p.add_argument("--title", required=True, help="the plan's title")
    p.add_argument("--points", type=int, required=True, help="how many points the plan has")
    p.add_argument("--phases", type=int, default=1, help="how many phases (default 1)")
    p.add_argument("--released", type=_day, default=None,
                   help="YYYY-MM-DD: when the plan was released (default: today; reports before it are refused)")
    p.set_defaults(func=cmd_init)


def cmd_init(args: argparse.Namespace) -> int:
    from ..scaffold import ScaffoldError, init
    try:
        made = init(args.root, args.title, args.points, args.phases, args.released or dates.today())
    except (ScaffoldError, OSError) as exc:
        print(printable(f"error: {exc}; nothing was written"), file=sys.stderr)
        return 2
    print(printable(f"made {made.root}: {len(made.files)} files for {args.points} points in {args.phases} phase(s). "
                    f"Next: python -m tracker validate --root {made.root} (it lists what to fill in), and "
                    f"{made.root / 'README.md'}"), file=sys.stderr)
    return 0
