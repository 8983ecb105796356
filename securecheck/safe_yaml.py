"""YAML for files a stranger may have written: data only, bounded, with positions.

PyYAML's `safe_load` runs no code, but it still accepts aliases (a few hundred bytes of
nested aliases expand to gigabytes when walked), any depth, any size, and it forgets
where each value stood. Rule packs come from the internet and answers files get edited
by hand, so here: no aliases, a size cap, strict UTF-8, a depth cap, duplicate keys are
errors, and every value keeps its line and column for error messages.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from securecheck.errors import InputError, Problem

MAX_BYTES = 1 << 20  # 1 MiB: a generous rule pack is ~50 KiB
MAX_DEPTH = 64

PathKey = tuple[str | int, ...]


@dataclass
class Document:
    """Parsed data plus where each value (and each mapping key) stood in the file."""

    path: str
    data: Any
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: PathKey, *, key: bool = False) -> tuple[int, int] | None:
        """Line and column (1-based) of `path`, or of its nearest ancestor that has one."""
        table = self.key_positions if key else self.positions
        if key and path in table:
            return table[path]
        probe = tuple(path)
        while True:
            if probe in self.positions:
                return self.positions[probe]
            if not probe:
                return None
            probe = probe[:-1]

    def problem(self, path: PathKey, message: str, *, key: bool = False) -> Problem:
        pos = self.where(path, key=key)
        line, col = pos if pos else (None, None)
        return Problem(self.path, message, line, col, dotted(path) or None)


def dotted(path: PathKey) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses aliases and deep nesting while composing."""

    def __init__(self, stream: str, path: str) -> None:
        super().__init__(stream)
        self._path = path
        self._depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(AliasEvent):
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise InputError(
                [
                    Problem(
                        self._path,
                        "aliases (*name) are not allowed: securecheck files are plain data",
                        mark.line + 1,
                        mark.column + 1,
                    )
                ]
            )
        self._depth += 1
        if self._depth > MAX_DEPTH:
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise InputError(
                [
                    Problem(
                        self._path,
                        f"nested deeper than {MAX_DEPTH} levels",
                        mark.line + 1,
                        mark.column + 1,
                    )
                ]
            )
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


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


def read_bounded(path: Path, limit: int = MAX_BYTES) -> bytes:
    shown = str(path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read(limit + 1)
    except FileNotFoundError:
        raise InputError([Problem(shown, "no such file")]) from None
    except IsADirectoryError:
        raise InputError([Problem(shown, "is a directory, not a file")]) from None
    except PermissionError:
        raise InputError([Problem(shown, "permission denied")]) from None
    except OSError as exc:
        raise InputError([Problem(shown, f"cannot read: {exc.strerror}")]) from None
    if len(raw) > limit:
        raise InputError([Problem(shown, f"larger than {limit // 1024} KiB; refusing to parse")])
    return raw


def load_file(path: Path, limit: int = MAX_BYTES) -> Document:
    return load_bytes(read_bounded(path, limit), str(path))


def load_bytes(raw: bytes, shown: str) -> Document:
    text = _decode(raw, shown)
    loader = _Loader(text, shown)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or "not valid YAML"
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise InputError([Problem(shown, f"not valid YAML: {what}", line, col)]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(shown, f"not valid YAML: {exc}")]) from None
    except RecursionError:
        raise InputError([Problem(shown, "nested too deeply")]) from None
    finally:
        loader.dispose()
    doc = Document(shown, None)
    if node is None:
        return doc
    problems: list[Problem] = []
    doc.data = _build(node, (), doc, problems)
    if problems:
        raise InputError(problems)
    return doc


def _mark(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


_CONSTRUCTOR = yaml.constructor.SafeConstructor()


def _scalar(node: ScalarNode, doc: Document, problems: list[Problem]) -> Any:
    build = _CONSTRUCTOR.yaml_constructors.get(node.tag)
    line, col = _mark(node)
    if build is None:
        problems.append(Problem(doc.path, f"tag {node.tag} is not allowed", line, col))
        return None
    try:
        return build(_CONSTRUCTOR, node)
    except (yaml.constructor.ConstructorError, ValueError) as exc:
        problems.append(Problem(doc.path, f"bad value: {exc}", line, col))
        return None


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
