"""Validation errors in plain words, and the small readers the checks share: pydantic's
errors turned into "field: what was expected", the partial model of an invalid record, an
actor found by name, a number as people write it."""
from __future__ import annotations

import difflib
from types import SimpleNamespace
from typing import Annotated, Any, get_args

from pydantic import BaseModel, TypeAdapter, ValidationError

from ..problems import Problem


def _num(x: float) -> str:
    return f"{int(x):,}" if float(x).is_integer() else repr(x)


def actor_by_name(actors: dict, text: str) -> str | None:
    """The id of the actor whose id, name or alias is `text` (ignoring case and spacing)."""
    want = " ".join(text.lower().split())
    for a in actors.values():
        if want in {a.id.lower(), " ".join(a.name.lower().split()), *(" ".join(x.lower().split()) for x in a.aliases)}:
            return a.id
    return None


def kind_of(value: Any) -> str:
    return {dict: "mapping", list: "list", str: "text", int: "number", float: "number",
            bool: "true/false", type(None): "empty value"}.get(type(value), type(value).__name__)


def _field_path(prefix: str, loc: tuple) -> str:
    out = prefix
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _message(err: dict, model: type[BaseModel], prefix: str) -> str:
    loc = tuple(err["loc"])
    where = _field_path(prefix, loc)
    kind = err["type"]
    got = err.get("input")
    if kind == "missing":
        return f"{_field_path(prefix, loc[:-1]) or 'top level'}: missing field {loc[-1]!r}"
    if kind == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1])
        hint = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        more = f"; did you mean {hint[0]!r}?" if hint else f"; expected one of {', '.join(allowed)}"
        return f"{_field_path(prefix, loc[:-1]) or 'top level'}: unknown field {loc[-1]!r}{more}"
    if kind == "literal_error":
        choices = [x.strip() for x in err["ctx"]["expected"].replace("'", "").replace(" or ", ", ").split(",")]
        expected = ", ".join(choices)
        hint = difflib.get_close_matches(str(got), choices, n=1)
        more = f"; did you mean {hint[0]!r}?" if hint else ""
        return f"{where}: {got!r} is not one of: {expected}{more}"
    msg = err["msg"].removeprefix("Value error, ")
    ctx = err.get("ctx") or {}
    field_name = next((p for p in reversed(loc) if isinstance(p, str)), "")
    if kind == "value_error":
        return f"{where}: {msg}"
    if kind in ("greater_than_equal", "greater_than") and field_name in ("paragraph", "points", "id", "phase"):
        what = {"paragraph": "paragraphs", "points": "points", "phase": "phases"}.get(field_name, "numbers")
        return f"{where}: {got!r} is too small; {what} count from {ctx.get('ge', ctx.get('gt'))}"
    if kind == "greater_than_equal":
        return f"{where}: {got!r} is too small; expected {ctx['ge']:g} or more"
    if kind == "greater_than":
        return f"{where}: {got!r} is too small; expected more than {ctx['gt']:g}"
    if kind in ("less_than_equal", "less_than"):
        return f"{where}: {got!r} is too large; expected at most {ctx.get('le', ctx.get('lt')):g}"
    if kind == "string_too_long":
        return f"{where}: the text is {len(got):,} characters long; the limit is {ctx['max_length']:,}"
    if kind == "string_too_short":
        return f"{where}: the text is empty or too short; write at least {ctx['min_length']} character(s)"
    if kind == "too_short":
        return f"{where}: needs at least {ctx['min_length']} item(s), got {ctx.get('actual_length', 0)}"
    if kind == "too_long":
        return f"{where}: at most {ctx['max_length']} item(s) allowed"
    if kind == "string_pattern_mismatch":
        return f"{where}: {got!r} is not a valid id: use lower-case letters, digits, - and _"
    if kind.endswith("_type") or kind.endswith("_parsing"):
        return f"{where}: {msg.lower().replace('input should be', 'expected')}, got {kind_of(got)} {got!r}"[:300]
    return f"{where}: {msg}"[:300]


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """Names of the fields of the model reached by following loc (for hints)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field_info = getattr(current, "model_fields", {}).get(part)
        if field_info is None:
            return []
        current = _inner_model(field_info.annotation)
    return list(getattr(current, "model_fields", {}))


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


_ADAPTERS: dict[type, TypeAdapter] = {}


def _adapter(model: type[BaseModel]) -> TypeAdapter:
    if model not in _ADAPTERS:
        _ADAPTERS[model] = TypeAdapter(model)
    return _ADAPTERS[model]


_FIELD_ADAPTERS: dict[tuple, TypeAdapter] = {}


def _field_adapter(model: type[BaseModel], name: str, item: bool) -> TypeAdapter:
    key = (model, name, item)
    if key not in _FIELD_ADAPTERS:
        info = model.model_fields[name]
        annotation = get_args(info.annotation)[0] if item else Annotated[(info.annotation, *info.metadata)]
        _FIELD_ADAPTERS[key] = TypeAdapter(annotation)
    return _FIELD_ADAPTERS[key]


def _partial(model: type[BaseModel], raw: Any) -> SimpleNamespace:
    """The fields of an invalid record that do validate (each on its own; a list keeps its
    valid items), the others None or empty: enough to check the record's cross-references."""
    raw = raw if isinstance(raw, dict) else {}
    out = {}
    for name, info in model.model_fields.items():
        listy = getattr(info.annotation, "__origin__", None) is list
        value = raw.get(name)
        if value is None:
            out[name] = [] if listy else None
        elif listy and isinstance(value, list):
            good = []
            for item in value:
                try:
                    good.append(_field_adapter(model, name, True).validate_python(item))
                except (ValidationError, TypeError):
                    pass
            out[name] = good
        else:
            try:
                out[name] = _field_adapter(model, name, False).validate_python(value)
            except (ValidationError, TypeError):
                out[name] = [] if listy else None
    return SimpleNamespace(**out)


def _order(p: Problem) -> tuple:
    return (p.path, p.line or 0, p.column or 0, p.message)
