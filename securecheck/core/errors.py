"""Errors a user can cause. Each prints as one line fit for a terminal; no traceback."""

from __future__ import annotations

from securecheck.core.inert import inert
from securecheck.records import record


@record
class Problem:
    """One thing wrong with one input file: `file:line:col: field: problem`."""

    path: str
    message: str
    line: int | None = None
    column: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        # Every part may quote the input (a path, a key, a value): shown inert, on one line.
        where = inert(self.path)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        what = f"{self.field}: {self.message}" if self.field else self.message
        return f"{where}: {inert(what)}"


class SecurecheckError(Exception):
    """Base for every error caused by input rather than by a bug of ours."""


class InputError(SecurecheckError):
    """One or more problems with an input file (rules, answers)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class UsageError(SecurecheckError):
    """The command line asked for something that cannot be done."""


class OutputError(SecurecheckError):
    """A report or answers file could not be written."""
