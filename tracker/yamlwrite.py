"""YAML written in the house style, the one home of writing data files: new status updates
and sources rendered as the shipped files are written (key order, flow lists, plain dates,
text quoted where a YAML reader could misread it). Editing inserts what this renders;
ingest's drafts are rendered by it too."""
from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import SingleQuotedScalarString

UPDATE_KEYS = ("id", "points", "date", "level", "momentum", "note", "rationale", "confidence", "indicators",
               "milestones", "claims", "actors", "blockers", "resolves", "confirms", "evidence", "disputed", "draft",
               "recorded")
SOURCE_KEYS = ("id", "label", "outlet", "headline", "kind", "via", "author", "published", "date_basis", "url",
               "archive_url", "file", "summary", "boilerplate")
STATUS_HEADER = "# yaml-language-server: $schema=../schema/status.schema.json\n"

def writer() -> YAML:
    """A ruamel writer set to the house style (width 100, lists indented under their key)."""
    y = YAML()
    y.width = 100
    y.indent(mapping=2, sequence=4, offset=2)
    return y


# Inside [..] and {..} the YAML writer leaves some text bare that libyaml then cannot read back
# (": the truce", "?)", and for PyYAML without libyaml "weapons up?"): such text is written quoted.
_FLOW_UNSAFE = re.compile(r"""[?:#,\[\]{}&*!|>%@`"']|^\s|\s$|^$""")


def _flow_scalar(value: Any) -> Any:
    return SingleQuotedScalarString(value) if isinstance(value, str) and _FLOW_UNSAFE.search(value) else value


def _flow(items: list) -> CommentedSeq:
    seq = CommentedSeq(_flow_scalar(v) for v in items)
    seq.fa.set_flow_style()
    return seq


def _map(data: dict, flow: bool = False) -> CommentedMap:
    m = CommentedMap({k: _flow_scalar(v) for k, v in data.items()} if flow else data)
    if flow:
        m.fa.set_flow_style()
    return m


def _day(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)  # written plain (2025-10-10), as people write it
        except ValueError:
            return value
    return value


def clean_update(update: dict[str, Any]) -> dict[str, Any]:
    """The update's keys in the house order, empty optional parts dropped."""
    out = {}
    for key in UPDATE_KEYS:
        value = update.get(key)
        if value in (None, "", [], {}) or (key == "draft" and value is False):
            continue
        out[key] = value
    return out


def update_node(update: dict[str, Any]) -> CommentedMap:
    """An update as YAML nodes in the style of the shipped files."""
    u = clean_update(update)
    node = CommentedMap()
    for key, value in u.items():
        if key in ("date", "recorded"):
            node[key] = _day(value)
        elif key in ("points", "actors", "resolves", "confirms"):
            node[key] = _flow(list(value))
        elif key == "indicators":
            node[key] = _map({k: _number(v) for k, v in dict(value).items()}, flow=True)
        elif key in ("milestones", "claims"):
            node[key] = _map(dict(value), flow=True)
        elif key == "evidence":
            node[key] = CommentedSeq([_map(clean_evidence(e), flow=True) for e in value])
        elif key == "blockers":
            node[key] = CommentedSeq([_blocker(b) for b in value])
        elif key == "disputed":
            d = dict(value)
            d["by"] = _flow(list(d.get("by", [])))
            d["evidence"] = CommentedSeq([_map(clean_evidence(e), flow=True) for e in d.get("evidence", [])])
            node[key] = _map(d)
        else:
            node[key] = value
    return node


def _number(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def clean_evidence(e: dict[str, Any]) -> dict[str, Any]:
    return {k: e[k] for k in ("source", "paragraph", "phrase", "claimed_by") if e.get(k) not in (None, "")}


def _blocker(b: dict[str, Any]) -> CommentedMap:
    m = CommentedMap()
    for key in ("id", "text", "category", "actors", "since", "resolved", "until", "same_as"):
        value = b.get(key)
        if value in (None, "", [], {}):
            continue
        if key == "until":
            m[key] = _map({k: v for k, v in dict(value).items() if v not in (None, "")}, flow=True)
        else:
            m[key] = _flow(list(value)) if key == "actors" else (_day(value) if key in ("since", "resolved") else value)
    return m


def _render_item(node: CommentedMap) -> str:
    out = io.StringIO()
    writer().dump(CommentedSeq([node]), out)
    return "".join(line.rstrip() + "\n" for line in out.getvalue().splitlines())


def render_update(update: dict[str, Any]) -> str:
    """The YAML of one update as it will appear in the file (a list item)."""
    return _render_item(update_node(update))


def source_node(source: dict[str, Any]) -> CommentedMap:
    entry = CommentedMap()
    for key in SOURCE_KEYS:
        value = source.get(key)
        if value in (None, "", []):
            continue
        entry[key] = _day(value) if key == "published" else value
    return entry


_yaml = writer  # the name editing and ingest used before the move


def new_status_file(source_id: str) -> str:
    """The text a source's status file starts as: the schema modeline, its source, no update yet."""
    return STATUS_HEADER + f"source: {source_id}\nupdates: []\n"
