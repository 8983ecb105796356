"""What `securecheck audit` is checking, on one updating line of stderr while probes run.

Only on a terminal: a pipe, a file or `--quiet` gets nothing, so stderr stays for errors and
stdout for the report. The line is cleared when the checks are done.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import TextIO

from securecheck.cli.common import terminal_width
from securecheck.i18n import _

CLEAR_LINE = "\r\x1b[K"  # back to column 0, erase to the end of the line


class ProgressLine:
    def __init__(self, stream: TextIO, lang: str) -> None:
        self._stream = stream
        self._lang = lang
        self._waiting: list[str] = []
        self._total = 0

    @classmethod
    def on(cls, stream: TextIO, lang: str) -> ProgressLine | None:
        """A progress line for `stream`, or None when it is not a terminal."""
        isatty = getattr(stream, "isatty", None)
        return cls(stream, lang) if isatty is not None and isatty() else None

    def start(self, names: Sequence[str]) -> None:
        self._waiting = list(names)
        self._total = len(names)
        self._show()

    def done(self, name: str, done: int, total: int) -> None:
        if name in self._waiting:
            self._waiting.remove(name)
        self._total = total
        self._show(done)

    def clear(self) -> None:
        self._control()
        self._stream.flush()

    def _control(self) -> None:
        # stderr escapes every control character (cli.streams); this one is ours, on purpose.
        control = getattr(self._stream, "control", None)
        if control is not None:
            control(CLEAR_LINE)
        else:
            self._stream.write(CLEAR_LINE)

    def _show(self, done: int = 0) -> None:
        text = _(
            "Checking this machine ({done}/{total}): {names}…",
            done=done,
            total=self._total,
            names=", ".join(self._waiting),
        ).get(self._lang)
        width = terminal_width()
        self._control()
        self._stream.write(fit(text, width - 1))
        self._stream.flush()


def _cells(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def fit(text: str, width: int) -> str:
    """`text` cut to `width` terminal cells (a Chinese character takes two), with an ellipsis,
    so the line never wraps (a wrapped line cannot be rewritten in place)."""
    if sum(_cells(c) for c in text) <= width:
        return text
    out, used = "", 0
    for char in text:
        if used + _cells(char) > width - 1:
            break
        out += char
        used += _cells(char)
    return out + "…"
