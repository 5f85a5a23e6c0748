"""Command line: python -m tracker COMMAND ...

The commands and their output formats are a contract other tools rely on.

One module per kind of command, each command's options right above its code:
:mod:`.check` (validate, schema, docs, check-yaml), :mod:`.report` (status, snapshot, agreement),
:mod:`.edit` (new-source, new-update, ingest), :mod:`.publish` (publish, synth), :mod:`.release`
(release); what they share is in
:mod:`.common`. Importing this package stays light: each command imports the heavy modules (plotly, pandas,
ruamel, jinja2) when it runs.
"""
from __future__ import annotations

import argparse

from . import check, edit, publish, release, report, scaffold
from .check import SHOWN_PROBLEMS, cmd_check_yaml, cmd_docs, cmd_schema, cmd_validate
from .edit import SOURCE_OPTIONS, UPDATE_OPTIONS, cmd_ingest, cmd_new_source, cmd_new_update
from .publish import cmd_publish, cmd_synth
from .release import cmd_release
from .report import cmd_agreement, cmd_snapshot, cmd_status

__all__ = ["main", "build_parser", "COMMANDS", "SHOWN_PROBLEMS", "SOURCE_OPTIONS", "UPDATE_OPTIONS",
           "cmd_validate", "cmd_status", "cmd_snapshot", "cmd_agreement", "cmd_schema", "cmd_docs",
           "cmd_check_yaml", "cmd_new_source", "cmd_new_update", "cmd_ingest", "cmd_publish", "cmd_synth",
           "cmd_release"]

# Each adds one command. The order is the order `python -m tracker --help` lists them in, itself part of the
# contract, so it is written here once rather than following the modules.
COMMANDS = (
    check.add_validate,
    report.add_status, report.add_snapshot, report.add_agreement,
    check.add_schema, check.add_docs, check.add_check_yaml,
    edit.add_new_source, edit.add_new_update, edit.add_ingest,
    publish.add_publish, publish.add_synth,
    release.add_release, scaffold.add_init,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m tracker",
                                     description="Track how a multi-point plan is implemented, point by point.")
    sub = parser.add_subparsers(dest="command", required=True)
    for add in COMMANDS:
        add(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    import os

    from ..diskcache import CACHE_ENV
    args = build_parser().parse_args(argv)
    if getattr(args, "no_cache", False):
        os.environ[CACHE_ENV] = "off"
    return args.func(args)
