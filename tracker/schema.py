"""JSON Schemas of the data files, generated from the typed models.

Kept within JSON Schema draft 7, which is what yaml-language-server (VS Code's YAML
extension) reads: definitions live under ``definitions`` and no tuple keywords are used.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from . import vocab
from .model import ActorsFile, Plan, PointsFile, ReviewRound, SourcesFile, StatusFile

SCHEMAS: dict[str, type[BaseModel]] = {
    "plan": Plan,
    "points": PointsFile,
    "actors": ActorsFile,
    "sources": SourcesFile,
    "status": StatusFile,
    "review": ReviewRound,
}
DRAFT7 = "http://json-schema.org/draft-07/schema#"


def schema_for(name: str) -> dict[str, Any]:
    raw = SCHEMAS[name].model_json_schema(ref_template="#/definitions/{model}")
    defs = raw.pop("$defs", {})
    out = {"$schema": DRAFT7, "$id": f"{name}.schema.json", **raw}
    if defs:
        out["definitions"] = defs
    return _draft7(out)


_VOCABS = {frozenset(vocab.ids(terms)): terms for terms in vocab.VOCABULARIES.values()}


def _draft7(node: Any) -> Any:
    """Check for what draft 7 lacks (tuples), and give each closed vocabulary its definitions,
    which editors show while completing (`enumDescriptions`)."""
    if isinstance(node, dict):
        if "prefixItems" in node:
            raise ValueError("tuple types (prefixItems) are not draft 7; use a list or a model")
        out = {k: _draft7(v) for k, v in node.items()}
        terms = _VOCABS.get(frozenset(node.get("enum", ()))) if "enum" in node else None
        if terms:
            by = vocab.by_id(terms)
            out["enumDescriptions"] = [f"{by[v].label}: {by[v].definition}" for v in node["enum"]]
        return out
    if isinstance(node, list):
        return [_draft7(v) for v in node]
    return node


def render(name: str) -> str:
    return json.dumps(schema_for(name), indent=2, ensure_ascii=False) + "\n"


def write_all(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SCHEMAS:
        path = folder / f"{name}.schema.json"
        path.write_text(render(name), encoding="utf-8")
        written.append(path)
    return written
