"""SHA-256 of our own files (the shipped packs' manifest, the fact cache's key), cheaply.

`hashlib` loads OpenSSL's libcrypto when imported: about 6 ms of a 120 ms headless start on
this machine, to hash a few files we wrote. CPython also builds its own SHA-256 as a small
extension (`_sha256` up to 3.11, `_sha2` from 3.12), which loads in under a millisecond and
gives the same digest. It is private to CPython, so it is looked up by name and hashlib is
the answer wherever it is missing (another Python, a build without it).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Protocol


class _Hash(Protocol):
    def hexdigest(self) -> str: ...


_sha256: Callable[[bytes], _Hash] | None = None


def _constructor() -> Callable[[bytes], _Hash]:
    for name in ("_sha2", "_sha256"):
        try:
            found: Callable[[bytes], _Hash] = importlib.import_module(name).sha256
        except (ImportError, AttributeError):
            continue
        return found
    import hashlib

    return hashlib.sha256


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of `data`, in hex, as `sha256sum` prints it."""
    global _sha256
    if _sha256 is None:
        _sha256 = _constructor()
    return _sha256(data).hexdigest()
