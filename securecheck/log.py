"""Logging that costs nothing until there is something to log.

The standard `logging` module and what it imports (traceback, string, tokenize, …) take
about 7 ms, a tenth of a headless audit that logs nothing. A `Logger` here has the three
methods our code calls; it hands a record to `logging` only when `logging` would show it:

- While nothing has imported `logging`, nobody can have lowered a level or added a
  handler, so a debug or info record would be dropped by the root logger's WARNING; it is
  dropped here without loading the module. A warning loads it and goes through.
- Once `logging` is loaded (by `configure` asking for more detail, by a test's `caplog`,
  by the app's libraries), every record goes through as with `logging.getLogger`.

`configure` is the CLI's `basicConfig`: for `-v`/`-vv` it applies at once; at the default
level it is kept until the first record that is shown, so that warning has the same format.
"""

from __future__ import annotations

import sys
from typing import Any

_WARNING = 30  # logging.WARNING, without importing logging
_pending: tuple[int, str] | None = None  # (level, format) of a basicConfig not yet applied


def _logging() -> Any:
    global _pending
    import logging

    if _pending is not None:
        level, fmt = _pending
        _pending = None
        logging.basicConfig(level=level, format=fmt)
    return logging


def configure(level: int, fmt: str) -> None:
    """`logging.basicConfig(level=level, format=fmt)`, deferred while it changes nothing."""
    global _pending
    _pending = (level, fmt)
    if level < _WARNING or "logging" in sys.modules:
        _logging()


class Logger:
    """`logging.getLogger(name)`, loaded on the first record that can be shown."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def _emit(self, level: int, msg: str, args: tuple[object, ...], kwargs: Any) -> None:
        if level < _WARNING and "logging" not in sys.modules:
            return
        kwargs.setdefault("stacklevel", 3)  # the record names our caller, not this module
        _logging().getLogger(self.name).log(level, msg, *args, **kwargs)

    def debug(self, msg: str, *args: object, **kwargs: Any) -> None:
        self._emit(10, msg, args, kwargs)

    def info(self, msg: str, *args: object, **kwargs: Any) -> None:
        self._emit(20, msg, args, kwargs)

    def warning(self, msg: str, *args: object, **kwargs: Any) -> None:
        self._emit(_WARNING, msg, args, kwargs)


def get_logger(name: str) -> Logger:
    return Logger(name)
