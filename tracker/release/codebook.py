"""The codebook of a release, generated: every table and column with its type and meaning,
every value of every closed vocabulary with its definition, the rules that derive the panels,
and an example of each column from the record. Markdown, and HTML rendered from it."""
from __future__ import annotations

from markdown_it import MarkdownIt
from markupsafe import Markup

from .. import methodology
from ..model import AgeRules
from ..site.dataset_tables import Table
from ..site.render import render
from .fields import TABLES
from .package import LICENSE, Names, resource_path


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _example_row(table: Table | None) -> tuple | None:
    """One row to show every column's example from, so the examples fit together: the fullest
    of the first rows (the panels' first days are mostly empty), else the first."""
    if table is None or not table.rows:
        return None
    rows = table.rows[::max(1, len(table.rows) // 200)][:200]
    return max(rows, key=lambda r: sum(v not in (None, "") for v in r))


def _example(table: Table | None, column: str, row: tuple | None) -> str:
    if table is None or row is None:
        return ""
    value = row[table.columns.index(column)]
    if value in (None, ""):
        return ""
    shown = str(value)
    return f"`{_cell(shown[:60] + ('…' if len(shown) > 60 else ''))}`"


def markdown(version: str, as_of: str, tables: dict[str, Table], citation: str, who: Names,
             age_rules: AgeRules | None = None, given: dict[str, str] | None = None) -> str:
    out = [f"# Codebook: {who.title}, release {version}", "",
           who.description, "",
           f"- Data as of: {as_of}", f"- Licence: {LICENSE['title']} ({LICENSE['name']}), {LICENSE['path']}",
           f"- Made by: {who.creator}", f"- How to cite this release: {citation}", "",
           "The unit of the record is the *update*: what one report says of one or more points of the plan, "
           "rated on the scale below and traced to the report's paragraph and phrase. The panels are derived "
           "from the updates by the rules of the method, day by day, as the site shows them, up to the day "
           "the data stand at (the latest report). Each column's example is taken from one row of its table.", "",
           "## Files", "",
           "| file | table | rows | key |", "| --- | --- | ---: | --- |"]
    for name in TABLES:
        t = tables.get(name)
        key = ", ".join(t.key) if t and t.key else ""
        out.append(f"| `{resource_path(name)}` | {name} | {len(t.rows) if t else 0:,} | {key} |")
    out += ["", "The same tables are in `tracker.sqlite` (one table each, same names and columns). "
            "`datapackage.json` describes them as a Frictionless Data Package (v2); `metadata.json` is for "
            "Datasette. Empty cells are missing values. A text cell that a spreadsheet would run as a formula "
            "(starting with `=`, `+`, `-` or `@`) is written with a leading `'` in the CSV files only.", ""]
    for name, info in TABLES.items():
        t = tables.get(name)
        out += [f"## {info.title} (`{name}`)", "", info.description, ""]
        if info.foreign_keys:
            out.append("Links: " + "; ".join(f"{', '.join(f)} → {table}.{', '.join(ref)}"
                                               for f, table, ref in info.foreign_keys) + ".")
            out.append("")
        out += ["| column | type | meaning | example |", "| --- | --- | --- | --- |"]
        row = _example_row(t)
        for c in info.columns:
            meaning = c.description + (" (required)" if c.required else "")
            if c.terms:
                meaning += ("; values, in order: " if c.ordered else "; values: ") + ", ".join(
                    f"`{x.id}` ({x.label})" for x in c.terms)
            out.append(f"| `{c.name}` | {c.type} | {_cell(meaning)} | {_example(t, c.name, row)} |")
        out.append("")
    out += ["## Rules of the method", "", methodology.rules_text(age_rules, given).strip(), "",
            "## Vocabularies", "", methodology.vocabulary_markdown().strip(), ""]
    return "\n".join(out)


def html(text: str, version: str, who: Names) -> str:
    body = Markup(MarkdownIt("commonmark", {"html": False}).enable("table").render(text))  # our own text, no raw HTML
    return render("codebook.html", body=body, title=f"Codebook: {who.title}, release {version}")
