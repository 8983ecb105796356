"""What a probe can report: each fact with its type, declared beside the probe.

The declarations are data the rule loader reads (without importing any probe's runner), so a
rule that compares a fact with a value of the wrong type (`value: "yes"` for a bool) is an
error at its file and line, not a check that stays unknown forever. The same declaration
checks what a probe returns: a value of the wrong type is a probe bug, shown as `error`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

FactKind = Literal["bool", "int", "number", "text", "date", "enum", "list"]

ORDER_OPS = ("lt", "le", "gt", "ge")
EQUALITY_OPS = ("eq", "ne")
SET_OPS = ("in", "not_in")
# Which comparisons mean something for each kind of fact.
OPERATORS: dict[FactKind, tuple[str, ...]] = {
    "bool": EQUALITY_OPS,
    "int": EQUALITY_OPS + ORDER_OPS + SET_OPS,
    "number": EQUALITY_OPS + ORDER_OPS,
    "text": EQUALITY_OPS + SET_OPS,
    "date": EQUALITY_OPS + ORDER_OPS,
    "enum": EQUALITY_OPS + SET_OPS,
    "list": EQUALITY_OPS,
}


def _is_date(value: object) -> bool:
    if not isinstance(value, str) or len(value) != 10:
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Fact:
    """One fact a probe may report; `choices` for an enum."""

    name: str
    kind: FactKind
    choices: tuple[str, ...] = ()

    @classmethod
    def boolean(cls, name: str) -> Fact:
        return cls(name, "bool")

    @classmethod
    def integer(cls, name: str) -> Fact:
        return cls(name, "int")

    @classmethod
    def number(cls, name: str) -> Fact:
        return cls(name, "number")

    @classmethod
    def text(cls, name: str) -> Fact:
        return cls(name, "text")

    @classmethod
    def date(cls, name: str) -> Fact:
        return cls(name, "date")

    @classmethod
    def enum(cls, name: str, choices: tuple[str, ...]) -> Fact:
        return cls(name, "enum", choices)

    @classmethod
    def strings(cls, name: str) -> Fact:
        return cls(name, "list")

    def accepts(self, value: object) -> bool:
        """Whether a probe's value has this fact's type (None is unknown, never a value)."""
        kind = self.kind
        if kind == "bool":
            return isinstance(value, bool)
        if kind == "int":
            return isinstance(value, int) and not isinstance(value, bool)
        if kind == "number":
            return isinstance(value, int | float) and not isinstance(value, bool)
        if kind == "text":
            return isinstance(value, str)
        if kind == "date":
            return _is_date(value)
        if kind == "enum":
            return isinstance(value, str) and value in self.choices
        return isinstance(value, list) and all(isinstance(v, str) for v in value)

    def describe(self) -> str:
        if self.kind == "enum":
            return f"one of {', '.join(self.choices)}"
        return {
            "bool": "true or false",
            "int": "a whole number",
            "number": "a number",
            "text": "a text",
            "date": "a date (YYYY-MM-DD)",
            "list": "a list of texts",
        }[self.kind]

    def comparison_problem(self, op: str, value: object, label: str = "") -> str | None:
        """Why `fact op value` in a rule cannot be right for this fact, or None.

        `label` names the fact in the message (a rule writes `probe.fact`)."""
        name = label or self.name
        if op not in OPERATORS[self.kind]:
            return f"'{op}' does not apply to {name}, which is {self.describe()}"
        if op in SET_OPS:
            if not isinstance(value, list) or not value:
                return f"'{op}' needs a non-empty list of values for {name}"
            for item in value:
                if not self.accepts(item):
                    return f"{item!r} is not a possible value of {name} ({self.describe()})"
            return None
        if not self.accepts(value):
            return f"{value!r} is not a possible value of {name} ({self.describe()})"
        return None


@dataclass(frozen=True)
class ProbeDeclaration:
    """A probe as rules see it: its name, where it runs, the facts it can report."""

    name: str
    facts: tuple[Fact, ...]
    platforms: tuple[str, ...] = ("linux", "macos", "windows")

    def fact(self, name: str) -> Fact | None:
        return next((f for f in self.facts if f.name == name), None)

    @property
    def fact_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.facts)
