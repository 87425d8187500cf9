"""Would a new JSON Schema of an event break a consumer built on the old one?

Rules (a consumer may be older than the producer, and a new consumer may replay old events
from the topic, so a change must be safe in both directions):

- removing a field is breaking;
- changing a field's shape is breaking: its type, format, ``$ref`` target, nullability,
  constraints (length, pattern, bounds), default, or enum values;
- enum values are frozen, additions included: consumers validate enums exhaustively (a
  pydantic model rejects an unknown value), so a new value would send an old consumer's
  messages to its dead-letter topic;
- making an optional field required is breaking (old events lack it), and so is making a
  required field optional (old consumers rely on it);
- adding a required field is breaking (old events in the topic lack it);
- adding an optional field is allowed: consumers ignore fields they do not know.
- titles, descriptions and examples are documentation and never breaking.

A breaking change is published as a new event type (``.v2``), never as an edit.
"""

import json
from collections.abc import Mapping
from typing import Any

Schema = Mapping[str, Any]

_ANNOTATIONS = frozenset({"title", "description", "examples", "$comment", "$schema", "$id"})
_COMBINATORS = ("anyOf", "oneOf", "allOf")
_DEFINITIONS = frozenset({"$defs", "definitions"})  # compared where they are referenced


def breaking_changes(old: Schema, new: Schema) -> list[str]:
    """Every change from ``old`` to ``new`` that would break a consumer, as readable lines.

    Pure function; an empty list means ``new`` can replace ``old`` under the same type.
    Local ``$ref`` (``#/...``) are resolved against each document's own root.
    """
    problems: list[str] = []
    _compare(_Side(old, old), _Side(new, new), "", problems, frozenset())
    return problems


class _Side:
    """A sub-schema together with the document root its ``$ref`` resolve against."""

    def __init__(self, schema: Schema, root: Schema) -> None:
        self.root = root
        self.refs: tuple[str, ...] = ()
        while isinstance(schema.get("$ref"), str) and schema["$ref"].startswith("#/"):
            ref = schema["$ref"]
            self.refs += (ref,)
            siblings = {k: v for k, v in schema.items() if k != "$ref"}
            schema = {**_pointer(root, ref), **siblings}
        self.schema: dict[str, Any] = {k: v for k, v in schema.items() if k not in _ANNOTATIONS}

    def sub(self, schema: Schema) -> "_Side":
        return _Side(schema, self.root)


def _compare(
    old: _Side, new: _Side, path: str, problems: list[str], seen: frozenset[tuple[str, ...]]
) -> None:
    visit = (*old.refs, "|", *new.refs)
    if old.refs and visit in seen:  # recursive schemas: compared once
        return
    seen = seen | {visit}
    o, n = old.schema, new.schema
    if "properties" in o or "properties" in n:
        _compare_objects(old, new, path, problems, seen)
    elif any(_same_length_list(o, n, key) for key in _COMBINATORS):
        key = next(k for k in _COMBINATORS if _same_length_list(o, n, k))
        for i, (a, b) in enumerate(zip(o[key], n[key], strict=True)):
            _compare(old.sub(a), new.sub(b), f"{path}[{key} {i}]", problems, seen)
        _compare_rest(o, n, {key}, path, problems)
    elif isinstance(o.get("items"), Mapping) and isinstance(n.get("items"), Mapping):
        _compare(old.sub(o["items"]), new.sub(n["items"]), f"{path}[]", problems, seen)
        _compare_rest(o, n, {"items"}, path, problems)
    else:
        _compare_rest(o, n, set(), path, problems)


def _compare_objects(
    old: _Side, new: _Side, path: str, problems: list[str], seen: frozenset[tuple[str, ...]]
) -> None:
    o_props: Mapping[str, Any] = old.schema.get("properties", {})
    n_props: Mapping[str, Any] = new.schema.get("properties", {})
    o_req, n_req = set(old.schema.get("required", ())), set(new.schema.get("required", ()))
    for name, o_field in o_props.items():
        where = f"{path}.{name}" if path else name
        if name not in n_props:
            problems.append(f"field '{where}' was removed")
            continue
        _compare(old.sub(o_field), new.sub(n_props[name]), where, problems, seen)
        if name not in o_req and name in n_req:
            problems.append(f"field '{where}' changed from optional to required")
        if name in o_req and name not in n_req:
            problems.append(f"field '{where}' changed from required to optional")
    for name in n_props.keys() - o_props.keys():
        if name in n_req:
            where = f"{path}.{name}" if path else name
            problems.append(f"field '{where}' was added as required (old events lack it)")
    _compare_rest(old.schema, new.schema, {"properties", "required"}, path, problems)


def _compare_rest(o: Schema, n: Schema, skip: set[str], path: str, problems: list[str]) -> None:
    where = f"field '{path}'" if path else "the event"
    if isinstance(o.get("enum"), list) and isinstance(n.get("enum"), list):
        added = [v for v in n["enum"] if v not in o["enum"]]
        removed = [v for v in o["enum"] if v not in n["enum"]]
        if added:
            problems.append(f"{where}: enum values added {added} (enums are frozen)")
        if removed:
            problems.append(f"{where}: enum values removed {removed}")
        skip = skip | {"enum"}
    if "default" in o and "default" in n and o["default"] != n["default"]:
        problems.append(
            f"{where}: default changed from {_show(o['default'])} to {_show(n['default'])}"
        )
    # A default appears or goes with optionality, which the object rules report.
    skip = skip | _DEFINITIONS | {"default"}
    rest_o = _strip({k: v for k, v in o.items() if k not in skip})
    rest_n = _strip({k: v for k, v in n.items() if k not in skip})
    if rest_o != rest_n:
        problems.append(f"{where}: type changed from {_show(rest_o)} to {_show(rest_n)}")


def _strip(value: Any, in_properties: bool = False) -> Any:
    """``value`` without documentation keys, at any depth (property names are kept)."""
    if isinstance(value, Mapping):
        return {
            k: _strip(v, in_properties=(k == "properties" and not in_properties))
            for k, v in value.items()
            if in_properties or k not in _ANNOTATIONS
        }
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def _same_length_list(o: Schema, n: Schema, key: str) -> bool:
    a, b = o.get(key), n.get(key)
    return isinstance(a, list) and isinstance(b, list) and len(a) == len(b)


def _pointer(root: Schema, ref: str) -> Mapping[str, Any]:
    target: Any = root
    for part in ref[2:].split("/"):
        target = target[part.replace("~1", "/").replace("~0", "~")]
    if not isinstance(target, Mapping):
        raise ValueError(f"$ref {ref} does not point to a schema")
    return target


def _show(schema: Any) -> str:
    text = json.dumps(schema, sort_keys=True, ensure_ascii=False)
    return text if len(text) <= 160 else text[:157] + "..."
