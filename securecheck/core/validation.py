"""JSON Schema validation of parsed YAML, with errors that point at file, line and field.

Two validators, one schema: jsonschema-rs (compiled, about 20x faster, and cheap to import)
says whether a document is valid; only for an invalid one does the pure-Python jsonschema load,
since its errors carry what our messages need (the failing keyword, its value, the branches of
a `oneOf`). A valid 1,000-rule pack never imports it. A schema within the few keywords
`small_schema` checks (the answers file's) needs neither for a valid document.
"""

from __future__ import annotations

import itertools
import json
import re
from functools import cache
from typing import TYPE_CHECKING, Any, cast

from securecheck.core import small_schema
from securecheck.core.document import MAX_PROBLEMS, Document, PathKey, capped, dotted
from securecheck.core.errors import Problem
from securecheck.core.inert import quote
from securecheck.files import shipped

if TYPE_CHECKING:
    import jsonschema
    import jsonschema_rs


@cache
def load_schema(name: str) -> dict[str, Any]:
    """A schema shipped in securecheck/schemas/ (rules, answers, report)."""
    text = shipped(f"schemas/{name}").read_text("utf-8")
    return cast(dict[str, Any], json.loads(text))


@cache
def _fast_validator(name: str) -> jsonschema_rs.Validator:
    import jsonschema_rs

    return jsonschema_rs.Draft202012Validator(load_schema(name))


@cache
def _small(name: str) -> bool:
    return small_schema.supports(load_schema(name))


def schema_problems(doc: Document, schema_name: str) -> list[Problem]:
    if _small(schema_name):  # the answers file: checked without importing a validator
        if small_schema.is_valid(doc.data, load_schema(schema_name)):
            return []
        return detailed_problems(doc, schema_name)
    try:
        if _fast_validator(schema_name).is_valid(doc.data):
            return []
    except ValueError:
        # jsonschema-rs takes only JSON types; YAML can also give dates (`rules: 2000-01-01`).
        # Such a document is never valid JSON data, so the slow validator says where it is wrong.
        pass
    return detailed_problems(doc, schema_name)


def detailed_problems(doc: Document, schema_name: str) -> list[Problem]:
    """Every problem, described (the slow validator; for a document known to be invalid)."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(load_schema(schema_name))
    problems: list[Problem] = []
    # Stop early on a file with thousands of errors: the first screenful is what helps.
    for err in itertools.islice(validator.iter_errors(doc.data), MAX_PROBLEMS + 1):
        problems.extend(_describe(doc, err))
    # In file order, each problem once (nested schemas can report the same one twice).
    seen: set[tuple[int | None, int | None, str | None, str]] = set()
    unique = []
    for p in sorted(problems, key=lambda p: (p.line or 0, p.column or 0)):
        key = (p.line, p.column, p.field, p.message)
        if key not in seen:
            seen.add(key)
            unique.append(p)
    if not unique:
        # The two validators disagree (a bug in one of them): refuse rather than guess.
        unique = [Problem(doc.path, f"does not match {schema_name}", 1, 1)]
    return capped(unique)


def _describe(doc: Document, err: jsonschema.ValidationError) -> list[Problem]:
    path: PathKey = tuple(err.absolute_path)
    kind = err.validator
    if kind in ("allOf", "if", "then", "oneOf", "anyOf") and err.context:
        # For oneOf/anyOf the branch that got furthest into the value says the most.
        if kind in ("oneOf", "anyOf"):
            best = max(err.context, key=lambda e: len(e.absolute_path))
            if len(best.absolute_path) > len(err.absolute_path):
                return _describe(doc, best)
            return [doc.problem(path, f"expected {_expected(err)}, got {_type_name(err.instance)}")]
        return [q for sub in err.context for q in _describe(doc, sub)]
    if kind == "additionalProperties" and isinstance(err.instance, dict):
        schema = cast(dict[str, Any], err.schema)
        allowed = set(schema.get("properties", {}))
        if not allowed:
            return [doc.problem(path, err.message[:200])]
        # The key is quoted short and escaped, and the field names only where it stands: a
        # file that is not ours must not be printed line by line in "unknown key" errors.
        return [
            _at_key(
                doc,
                path,
                key,
                f"unknown key {quote(key)} (allowed: {', '.join(sorted(allowed))})",
            )
            for key in itertools.islice(
                (k for k in err.instance if k not in allowed), MAX_PROBLEMS + 1
            )
        ]
    if kind == "propertyNames":
        return [_at_key(doc, path, err.instance, f"{quote(err.instance)} is not a valid id")]
    if kind == "enum":
        options = ", ".join(str(o) for o in cast(list[Any], err.validator_value))
        return [doc.problem(path, f"{quote(err.instance)} is not one of {options}")]
    if kind == "const":
        return [doc.problem(path, f"must be {err.validator_value!r}")]
    if kind == "required":
        missing = err.message.split("'")[1] if "'" in err.message else err.message
        return [doc.problem(path, f"missing required key '{missing}'")]
    if kind == "type":
        return [
            doc.problem(path, f"expected {err.validator_value}, got {_type_name(err.instance)}")
        ]
    if kind == "pattern":
        return [
            doc.problem(
                path,
                f"{_short(err.instance)} does not have the expected form ({err.validator_value})",
            )
        ]
    # jsonschema's messages quote the whole value ("'…' is too long"): quote it short instead.
    message = err.message.replace(repr(err.instance), quote(err.instance))
    message = message if len(message) < 200 else message[:200] + "…"
    return [doc.problem(path, message)]


_PLAIN_KEY = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


def _at_key(doc: Document, path: PathKey, key: object, message: str) -> Problem:
    """A problem with a mapping key, at its line and column. The field names the key only
    when it is a short plain word; otherwise the mapping (the message quotes it, cut short)."""
    problem = doc.problem((*path, str(key)), message, key=True)
    if isinstance(key, str) and _PLAIN_KEY.match(key):
        return problem
    return Problem(problem.path, message, problem.line, problem.column, dotted(path) or None)


def _expected(err: jsonschema.ValidationError) -> str:
    kinds = []
    for branch in cast(list[dict[str, Any]], err.validator_value):
        kind = branch.get("type", "value")
        kinds.append(" or ".join(kind) if isinstance(kind, list) else str(kind))
    return " or ".join(kinds)


def _short(value: object) -> str:
    return quote(value, 60)


def _type_name(value: object) -> str:
    if value is None:
        return "nothing (null)"
    names = {
        dict: "a mapping",
        list: "a list",
        str: "text",
        bool: "true/false",
        int: "a number",
        float: "a number",
    }
    return names.get(type(value), type(value).__name__)
