"""Mends for Textual bugs that have no public hook. Each is applied once per process, by
`run_app` (and by the tests, which run the app as `run_app` does), names the upstream issue it
waits for, and stands down by itself when the code it mends has changed shape: `textual` is
pinned below 9 in pyproject.toml, so each is re-read when that bound moves.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from textual import _styles_cache  # private: the leak below is inside it, with no hook

_CACHE_SIZE = 1024  # Textual's own bound for the same cache


def mend_textual() -> None:
    """Apply every mend (idempotent)."""
    _styles_cache_keeps_no_widget()


def _styles_cache_keeps_no_widget() -> None:
    """Textual issue #6665: `StylesCache.get_inner_outer` is an instance method under
    `functools.lru_cache`, so the cache's key holds the `StylesCache` itself, and with it
    every line its widget last rendered (each `Strip` with seven caches of its own). Up to
    1,024 removed widgets stay alive that way, memory the app never gets back and objects
    each full collection walks again: after eight password dialogs and language switches the
    app held 116,000 objects instead of 97,000; a test worker, which starts hundreds of apps,
    held ~184,000 instead of ~10,000. The pair it computes depends only on the two colours, so
    the same function is cached on those alone."""
    cls = _styles_cache.StylesCache
    current: Any = cls.__dict__.get("get_inner_outer")
    original = getattr(current, "__wrapped__", None)
    if not callable(getattr(current, "cache_clear", None)) or not callable(original):
        return  # mended already, or fixed upstream: nothing of the old shape to replace
    compute: Callable[..., Any] = original

    @lru_cache(_CACHE_SIZE)
    def by_colours(base_background: Any, background: Any) -> Any:
        return compute(None, base_background, background)  # its first argument is unused

    current.cache_clear()  # let go of the widgets it holds now
    cls.get_inner_outer = staticmethod(by_colours)  # type: ignore[assignment,method-assign]
