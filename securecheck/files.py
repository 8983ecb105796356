"""Where the files that ship inside the package live: on disk, beside its modules.

A plain path from `__file__` (what `importlib.resources.files` returns for a package on disk,
without importing it: ~10 ms of a headless start). securecheck is never run from a zip.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).parent


def shipped(relative: str) -> Path:
    """A file shipped in the package, e.g. `shipped("data/eol.yaml")`."""
    return PACKAGE / relative
