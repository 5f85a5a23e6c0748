"""Commands that check the data or regenerate what is derived from the code: validate, schema, docs, check-yaml.

Each command's options (``add_*``) sit right above the function that runs it (``cmd_*``).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..load import DEFAULT_ROOT
from .common import _common

SHOWN_PROBLEMS = 200  # problems listed before "and N more" (validate --all lists every one)


def add_validate(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="check every data file; exit 1 listing each problem")
    _common(p)
    p.add_argument("--all", action="store_true",
                   help=f"list every problem (default: the first {SHOWN_PROBLEMS} and a count of the rest)")
    p.set_defaults(func=cmd_validate)


def cmd_validate(args: argparse.Namespace) -> int:
    from ..verdict import check
    v = check(args.root, args.texts)
    shown = v.problems if args.all else v.problems[:SHOWN_PROBLEMS]
    for p in shown:
        print(p)
    if v.problems:
        rest = len(v.problems) - len(shown)
        more = f"; {rest} more not listed (run with --all to list every one)" if rest else ""
        print(f"{len(v.problems)} problem(s){more}", file=sys.stderr)
        return 1
    shown = v.warnings if args.all else v.warnings[:SHOWN_PROBLEMS]
    for w in shown:
        print(w, file=sys.stderr)
    if len(v.warnings) > len(shown):
        print(f"{len(v.warnings)} consistency warning(s); {len(v.warnings) - len(shown)} more not listed "
              "(--all lists them)", file=sys.stderr)
    if v.to_fill:
        print(f"note: {len(v.to_fill)} placeholder(s) still to fill in (texts starting '(to fill in'): "
              + "; ".join(v.to_fill[:8]) + (f"; and {len(v.to_fill) - 8} more" if len(v.to_fill) > 8 else ""),
              file=sys.stderr)
    if not v.sources:
        print("note: no report yet: register one with `python -m tracker new-source`", file=sys.stderr)
    if v.drafts:
        print(f"note: {v.drafts} draft update(s) (draft: true) are valid but not counted until a person "
              "reviews them and removes the flag", file=sys.stderr)
    texts = f"locators checked against {v.texts_dir}" if v.texts_dir else \
        "article texts not found, locators not checked"
    print(f"valid: {v.points} points, {v.actors} actors, {v.sources} sources, "
          f"{v.updates} updates in {v.status_files} status files; {texts}", file=sys.stderr)
    return 0


def add_schema(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("schema", help="write the JSON Schemas of the data files (for editors)")
    p.add_argument("--out", type=Path, default=DEFAULT_ROOT / "schema")
    p.set_defaults(func=cmd_schema)


def cmd_schema(args: argparse.Namespace) -> int:
    from ..schema import write_all
    for path in write_all(args.out):
        print(path, file=sys.stderr)
    return 0


def add_docs(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("docs", help="write docs/methodology.md from the vocabulary")
    p.add_argument("--out", type=Path, default=DEFAULT_ROOT / "docs" / "methodology.md")
    p.set_defaults(func=cmd_docs)


def cmd_docs(args: argparse.Namespace) -> int:
    from ..methodology import document
    args.out.write_text(document(), encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


def add_check_yaml(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check-yaml", help="YAML syntax, duplicate keys and unsafe tags in the files given")
    p.add_argument("files", nargs="+", type=Path)
    p.set_defaults(func=cmd_check_yaml)


def cmd_check_yaml(args: argparse.Namespace) -> int:
    from ..yamlsafe import read_yaml
    problems = [p for f in args.files for p in read_yaml(f).problems]
    for p in problems:
        print(p)
    return 1 if problems else 0
