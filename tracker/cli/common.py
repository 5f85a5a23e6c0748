"""What more than one command shares: the date argument, the data-root options, --as-of, the problems warning.

An argument type used by one command module only lives beside that command (``_ident`` and
``_milestone`` in edit, ``_base_url`` in publish).
"""
from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from .. import dates
from ..chars import printable
from ..load import DEFAULT_ROOT


def _day(text: str) -> date:
    from ..model import parse_date  # the one date rule: YYYY-MM-DD, a real date
    try:
        return parse_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _folder(text: str) -> Path:
    path = Path(text)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"{text!r} is not a folder (give the folder holding the article texts)")
    return path


def _common(p: argparse.ArgumentParser, several: bool = False) -> None:
    if several:  # a list of roots (None when none is given)
        p.add_argument("--root", type=Path, action="append", default=None,
                       help="data root holding plan/, seeds/ and status/ (default: the shipped data); give it "
                            "again for several plans in one site")
    else:
        p.add_argument("--root", type=Path, default=DEFAULT_ROOT,
                       help="data root holding plan/, seeds/ and status/ (default: the shipped data)")
    p.add_argument("--no-cache", action="store_true",
                   help="do not read or write the cache of checked files ($TRACKER_CACHE; see tracker.diskcache)")
    p.add_argument("--texts", type=_folder, default=None,
                   help="folder of article texts for checking locators "
                        "(default: $TRACKER_TEXTS, else ../shared/seeds beside the root)")


def _warn_problems(ds, root: Path) -> None:
    """A warning that names the problems (the first few), and the command that lists them all."""
    if not ds.problems:
        return
    first = "; ".join(str(p) for p in ds.problems[:3])
    where = "" if Path(root).resolve() == DEFAULT_ROOT.resolve() else f" --root {root}"
    print(printable(f"warning: the data has {len(ds.problems)} problem(s), e.g. {first}; invalid entries are left "
                    f"out (run `python -m tracker validate{where}` for the list)"), file=sys.stderr)


def _as_of(args: argparse.Namespace, ds) -> date | None:
    """--as-of (default today), or None after saying why it is outside the record."""
    as_of = args.as_of or dates.today()
    first = ds.plan.released if ds.plan else None
    if as_of > dates.today() or (first and as_of < first):
        print(f"error: --as-of {as_of} is outside the record: give a day from the plan's release "
              f"({first}) to today ({dates.today()})", file=sys.stderr)
        return None
    return as_of
