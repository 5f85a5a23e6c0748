"""JSON Schemas for editors: fresh, draft 7, and agreeing with the validator."""
import datetime
import json

import jsonschema
import pytest
import yaml

from helpers import FIXTURE, REPO
from tracker import schema


def data_files(root):
    """Each schema name with the data files of a root it describes."""
    return {"plan": ["plan/plan.yaml"], "points": ["plan/points.yaml"], "actors": ["plan/actors.yaml"],
            "sources": ["seeds/sources.yaml"],
            "status": sorted(str(p.relative_to(root)) for p in (root / "status").glob("*.yaml"))}


def as_json(value):
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    return value.isoformat() if isinstance(value, datetime.date) else value


@pytest.mark.parametrize("name", list(schema.SCHEMAS))
def test_committed_schema_is_fresh(name):
    committed = (REPO / "schema" / f"{name}.schema.json").read_text()
    assert committed == schema.render(name), "stale schema: run `python -m tracker schema`"


@pytest.mark.parametrize("name", list(schema.SCHEMAS))
def test_schema_is_draft7(name):
    doc = schema.schema_for(name)
    jsonschema.Draft7Validator.check_schema(doc)
    text = json.dumps(doc)
    assert "$defs" not in text and "prefixItems" not in text
    assert doc["$schema"] == schema.DRAFT7


def check_schemas(root, schema_dir):
    """Every data file of root declares its schema, found at schema_dir, and passes it."""
    checked = 0
    for name, files in data_files(root).items():
        validator = jsonschema.Draft7Validator(schema.schema_for(name))
        for rel in files:
            text = (root / rel).read_text()
            assert text.startswith(f"# yaml-language-server: $schema={schema_dir}/{name}.schema.json"), rel
            errors = list(validator.iter_errors(as_json(yaml.safe_load(text))))
            assert errors == [], (rel, errors[:2])
            checked += 1
    return checked


def test_every_fixture_file_declares_and_passes_its_schema():
    checked = check_schemas(FIXTURE, "../../../../schema")
    assert checked >= 9  # the filter found the files: an empty pass proves nothing
    status = FIXTURE / "status"  # the modeline leads an editor to the project's schema
    assert (status / "../../../../schema/status.schema.json").resolve() == REPO / "schema" / "status.schema.json"


def test_every_shipped_data_file_declares_and_passes_its_schema(record):
    """The shipped data, and the same grown by one report through the CLI."""
    assert check_schemas(record.root, "../schema") >= 9


def test_schema_rejects_what_the_validator_rejects():
    validator = jsonschema.Draft7Validator(schema.schema_for("status"))
    bad = {"source": "x", "updates": [{"points": [4], "date": "2025-10-03", "level": "high", "note": "n",
                                        "evidence": [{"paragraph": 1, "phrase": "ab"}], "extra": 1}]}
    messages = " ".join(e.message for e in validator.iter_errors(bad))
    assert "'high' is not one of" in messages and "'extra' was unexpected" in messages


def test_vocabulary_definitions_reach_the_editor():
    levels = schema.schema_for("status")["definitions"]["Update"]["properties"]["level"]
    assert levels["enumDescriptions"][0].startswith("Not initiated: ")


def test_vscode_maps_every_schema():
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text())["yaml.schemas"]
    assert {f"./schema/{n}.schema.json" for n in schema.SCHEMAS} == set(settings)


def test_methodology_doc_is_fresh_and_complete():
    from tracker import methodology, vocab
    text = (REPO / "docs" / "methodology.md").read_text()
    assert text == methodology.document(), "stale: run `python -m tracker docs`"
    for terms in vocab.VOCABULARIES.values():
        for t in terms:
            assert f"(`{t.id}`): {t.definition}" in text


def test_readme_names_every_command():
    from tracker.cli import build_parser
    readme = (REPO / "README.md").read_text()
    commands = build_parser()._subparsers._group_actions[0].choices
    for name in commands:
        assert name in readme, name
