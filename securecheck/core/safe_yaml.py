"""YAML for files a stranger may have written: data only, bounded, with positions.

PyYAML's `safe_load` runs no code, but it still accepts aliases (a few hundred bytes of
nested aliases expand to gigabytes when walked), any depth, any size, and it forgets
where each value stood. Rule packs come from the internet and answers files get edited
by hand, so here: no aliases, a size cap, strict UTF-8, a depth cap, duplicate keys are
errors, and every value keeps its line and column for error messages.
"""

from __future__ import annotations

import gc
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from securecheck.core.document import (
    MAX_BYTES,
    Document,
    PathKey,
    capped,
    dotted,
    read_bounded,
)
from securecheck.core.errors import InputError, Problem
from securecheck.core.inert import quote

MAX_DEPTH = 64
NESTED = f"nested deeper than {MAX_DEPTH} levels"


def _decode(raw: bytes, path: str) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError([Problem(path, "the file is not UTF-8 text", line, col)]) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise InputError([Problem(path, "the file contains NUL bytes (binary?)", line)])
    return text.removeprefix("\ufeff")


def load_file(path: Path, limit: int = MAX_BYTES) -> Document:
    return load_bytes(read_bounded(path, limit), str(path))


def _yaml_problem(exc: yaml.YAMLError, text: str, shown: str) -> InputError:
    if isinstance(exc, yaml.reader.ReaderError):
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        what = f"the control character U+{ord(char):04X} is not allowed"
        return InputError([Problem(shown, f"not valid YAML: {what}", line, col)])
    if isinstance(exc, yaml.MarkedYAMLError):
        what = exc.problem or exc.context or "not valid YAML"
        if "nesting depth" in what:  # libyaml's own limit, met before ours on flow collections
            return _at(shown, NESTED, exc.problem_mark or exc.context_mark)
        return _at(shown, f"not valid YAML: {what}", exc.problem_mark or exc.context_mark)
    return InputError([Problem(shown, f"not valid YAML: {exc}")])


# libyaml when PyYAML has it: ~30x faster than the pure-Python parser on a 1 MiB file.
_PARSER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_OPEN = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSE = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def _at(shown: str, message: str, mark: Any) -> InputError:
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
    return InputError([Problem(shown, message, line, col)])


def _check_events(text: str, shown: str) -> None:
    """Refuse aliases and deep nesting from the flat event stream, before building a tree
    (the tree builders recurse, and an alias bomb only explodes once it is walked)."""
    depth = 0
    for event in yaml.parse(text, Loader=_PARSER):
        if isinstance(event, AliasEvent):
            raise _at(
                shown,
                "aliases (*name) are not allowed: securecheck files are plain data",
                event.start_mark,
            )
        if isinstance(event, _OPEN):
            depth += 1
            if depth > MAX_DEPTH:
                raise _at(shown, NESTED, event.start_mark)
        elif isinstance(event, _CLOSE):
            depth -= 1


def load_bytes(raw: bytes, shown: str) -> Document:
    # A 1 MiB file builds a few hundred thousand objects, none of them cyclic: the cyclic
    # collector would walk every live object of the process again and again meanwhile (2x
    # slower inside a big process, such as the app or a test run). It resumes afterwards.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load_bytes(raw, shown)
    finally:
        if enabled:
            gc.enable()


def _load_bytes(raw: bytes, shown: str) -> Document:
    text = _decode(raw, shown)
    try:
        _check_events(text, shown)
        loader = _PARSER(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        raise _yaml_problem(exc, text, shown) from None
    doc = Document(shown, None)
    if node is None:
        return doc
    problems: list[Problem] = []
    doc.data = _build(node, (), doc, problems)
    if problems:
        raise InputError(capped(problems))
    return doc


def _mark(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


_CONSTRUCTOR = yaml.constructor.SafeConstructor()
# YAML 1.1 reads `1:30` as 90 (base 60), `0x10` as 16, `010` as 8 and `1_000` as 1000: in
# our files a number is written in decimal, or it is an error. (.inf and .nan: see below.)
_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
_DECIMAL = re.compile(
    r"^[-+]?((0|[1-9][0-9]*)(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?$"
    r"|^[-+]?\.(inf|Inf|INF|nan|NaN|NAN)$"
)


def _scalar(node: ScalarNode, doc: Document, problems: list[Problem]) -> Any:
    build = _CONSTRUCTOR.yaml_constructors.get(node.tag)
    line, col = _mark(node)
    if build is None:
        problems.append(Problem(doc.path, f"tag {node.tag} is not allowed", line, col))
        return None
    if node.tag in _NUMBER_TAGS and not _DECIMAL.match(node.value):
        problems.append(
            Problem(
                doc.path,
                f"{quote(node.value)} is not a plain decimal number: write it in decimal "
                "digits, or quote it to mean text",
                line,
                col,
            )
        )
        return None
    try:
        value = build(_CONSTRUCTOR, node)
    except (yaml.constructor.ConstructorError, ValueError) as exc:
        problems.append(Problem(doc.path, f"bad value: {exc}", line, col))
        return None
    if isinstance(value, float) and not math.isfinite(value):
        # .nan and .inf slip past every range check and are not JSON: no rule needs them.
        problems.append(Problem(doc.path, f"{node.value} is not a finite number", line, col))
        return None
    return value


def _children(node: MappingNode) -> Iterator[tuple[Node, Node]]:
    yield from node.value


PLAIN_TAGS = ("tag:yaml.org,2002:seq", "tag:yaml.org,2002:map")


def _build(node: Node, path: PathKey, doc: Document, problems: list[Problem]) -> Any:
    doc.positions[path] = _mark(node)
    if not isinstance(node, ScalarNode) and node.tag not in PLAIN_TAGS:
        line, col = _mark(node)
        problems.append(Problem(doc.path, f"tag {node.tag} is not allowed", line, col))
        return None
    if isinstance(node, ScalarNode):
        return _scalar(node, doc, problems)
    if isinstance(node, SequenceNode):
        return [_build(child, (*path, i), doc, problems) for i, child in enumerate(node.value)]
    if isinstance(node, MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in _children(node):
            line, col = _mark(key_node)
            key = _scalar(key_node, doc, problems) if isinstance(key_node, ScalarNode) else None
            if not isinstance(key, str):
                problems.append(
                    Problem(doc.path, "keys must be plain text", line, col, dotted(path) or None)
                )
                continue
            if key in out:
                problems.append(
                    Problem(doc.path, f"duplicate key '{key}'", line, col, dotted((*path, key)))
                )
                continue
            doc.key_positions[(*path, key)] = (line, col)
            out[key] = _build(value_node, (*path, key), doc, problems)
        return out
    return None
