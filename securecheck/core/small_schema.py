"""Is a small document valid against a schema that uses only a few JSON Schema keywords?

The answers file is read by every audit of a user who has answered a question, and it is
tiny: importing jsonschema-rs to check it (~13 ms, most of it the `email.utils` its package
imports) cost more than the rest of the audit's work. This checks the keywords the answers
schema uses (`supports` says whether a schema stays within them); anything else, and any
document it calls invalid, goes to the validators in `validation`, which say what is wrong.
The semantics are JSON Schema 2020-12's; `tests/test_small_schema.py` holds them to
jsonschema's on generated documents.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any

# Keywords that only describe (no effect on validity).
_ANNOTATIONS = frozenset({"$schema", "$id", "title", "description", "$comment", "$defs"})
_CHECKED = frozenset(
    {
        "type",
        "const",
        "enum",
        "properties",
        "additionalProperties",
        "required",
        "propertyNames",
        "oneOf",
        "$ref",
        "pattern",
        "minLength",
        "maxLength",
        "minimum",
        "maximum",
    }
)
_TYPES = frozenset({"object", "string", "integer", "number", "boolean", "null", "array"})


def supports(schema: Mapping[str, Any]) -> bool:
    """True if every keyword of `schema` (and of the schemas inside it) is one this checks."""
    defs = schema.get("$defs", {})

    def ok(node: object) -> bool:
        if isinstance(node, bool):
            return True
        if not isinstance(node, dict):
            return False
        for key, value in node.items():
            if key in _ANNOTATIONS:
                continue
            if key not in _CHECKED:
                return False
            if key == "$ref" and not (
                isinstance(value, str)
                and value.startswith("#/$defs/")
                and value.removeprefix("#/$defs/") in defs
            ):
                return False
            if key == "type" and not all(
                t in _TYPES for t in (value if isinstance(value, list) else [value])
            ):
                return False
            if key == "pattern" and not isinstance(value, str):
                return False
            nested: list[object] = []
            if key == "properties":
                nested = list(value.values())
            elif key in ("additionalProperties", "propertyNames"):
                nested = [value]
            elif key == "oneOf":
                nested = list(value)
            if not all(ok(n) for n in nested):
                return False
        return True

    return ok(schema) and all(ok(d) for d in defs.values())


@cache
def _pattern(text: str) -> re.Pattern[str]:
    return re.compile(text)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _of_type(value: object, kind: str) -> bool:
    if kind == "object":
        return isinstance(value, dict)
    if kind == "string":
        return isinstance(value, str)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "null":
        return value is None
    if kind == "array":
        return isinstance(value, list)
    if kind == "number":
        return _is_number(value)
    # integer: 1.0 is one in JSON Schema, true is not
    if isinstance(value, float):
        return value.is_integer()
    return isinstance(value, int) and not isinstance(value, bool)


def _equal(a: object, b: object) -> bool:
    """JSON equality: true is not 1, 1 is 1.0."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b, strict=True))
    if _is_number(a) and _is_number(b):
        return a == b
    return type(a) is type(b) and a == b


def _json(value: object) -> bool:
    """Only JSON's types: YAML can also give dates, byte strings and non-string keys."""
    if value is None or isinstance(value, str | bool | int):
        return True
    if isinstance(value, float):
        return value == value and value not in (float("inf"), float("-inf"))
    if isinstance(value, list):
        return all(_json(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _json(v) for k, v in value.items())
    return False


def is_valid(document: object, schema: Mapping[str, Any]) -> bool:
    """Whether `document` is valid against `schema` (which `supports` must accept). A
    document holding anything JSON cannot is invalid: the full validator says where."""
    if not _json(document):
        return False
    defs: Mapping[str, Any] = schema.get("$defs", {})

    def valid(value: object, node: object) -> bool:
        if isinstance(node, bool):
            return node
        assert isinstance(node, dict)
        if "$ref" in node and not valid(value, defs[node["$ref"].removeprefix("#/$defs/")]):
            return False
        if "type" in node:
            kinds = node["type"] if isinstance(node["type"], list) else [node["type"]]
            if not any(_of_type(value, k) for k in kinds):
                return False
        if "const" in node and not _equal(value, node["const"]):
            return False
        if "enum" in node and not any(_equal(value, e) for e in node["enum"]):
            return False
        if "oneOf" in node and sum(valid(value, s) for s in node["oneOf"]) != 1:
            return False
        if isinstance(value, str):
            if "minLength" in node and len(value) < node["minLength"]:
                return False
            if "maxLength" in node and len(value) > node["maxLength"]:
                return False
            if "pattern" in node and _pattern(node["pattern"]).search(value) is None:
                return False
        if _is_number(value):
            if "minimum" in node and value < node["minimum"]:
                return False
            if "maximum" in node and value > node["maximum"]:
                return False
        if isinstance(value, dict):
            properties: Mapping[str, Any] = node.get("properties", {})
            if any(name not in value for name in node.get("required", ())):
                return False
            names = node.get("propertyNames")
            extra = node.get("additionalProperties", True)
            for key, item in value.items():
                if names is not None and not valid(key, names):
                    return False
                if key in properties:
                    if not valid(item, properties[key]):
                        return False
                elif not valid(item, extra):
                    return False
        return True

    return valid(document, schema)


__all__ = ["is_valid", "supports"]
