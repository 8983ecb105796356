"""Facts of slow probe steps, remembered between audits while what determines them is unchanged.

`apt-get -s dist-upgrade` takes seconds; its answer depends only on the dpkg status file, the
package lists and the configured sources. A step names those files; their sizes and
modification times (hashed, with the step's name) are its *key*. The next audit that finds
the same key within a day reuses the facts; a changed key, an older entry, or `--fresh`
computes them again. Only fact values are stored (counts, flags), never command output,
paths or anything typed: the file (user cache dir, mode 0600) holds step names, key hashes,
times and values. A file that is unreadable, malformed or from the future is ignored and
rewritten; it can make an audit slower, never make a fact up (values are checked against
the types facts may have).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from securecheck.core import dirs
from securecheck.core.digest import sha256_hex
from securecheck.core.model import FactValue
from securecheck.log import get_logger

if TYPE_CHECKING:
    from securecheck.probes.host import Host

log = get_logger("securecheck.probes")

MAX_AGE = dt.timedelta(days=1)
FORMAT = 1
FILE_NAME = "facts-cache.json"
MAX_FILE = 256 * 1024  # far more than a few dozen small entries
_KEY = re.compile(r"[0-9a-f]{64}")
_STEP = re.compile(r"[a-z][a-z0-9_.:-]{0,63}")

Clock = Callable[[], dt.datetime]


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def default_path() -> Path:
    return dirs.cache_dir() / FILE_NAME


@dataclass(frozen=True)
class Recalled:
    """Facts a step computed at `at` (UTC)."""

    values: Mapping[str, FactValue]
    at: dt.datetime


def _is_value(value: object) -> bool:
    if isinstance(value, bool | int | float | str):
        return True
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def state_key(
    host: Host, step: str, files: Iterable[str] = (), dirs: Iterable[str] = (), extra: str = ""
) -> str:
    """A hash of the size and modification time of `files` and of every entry of `dirs`.

    A missing file counts as a state too ("absent"): creating it changes the key.
    """
    parts: list[Any] = [FORMAT, step, extra]
    for path in files:
        st = host.stat(path)
        parts.append([path, None if st is None else [st.size, st.mtime_ns]])
    for directory in dirs:
        names = host.list_dir(directory)
        entries: list[Any] = []
        for name in names or []:
            st = host.stat(f"{directory.rstrip('/')}/{name}")
            entries.append([name, None if st is None else [st.size, st.mtime_ns]])
        parts.append([directory, None if names is None else entries])
    blob = json.dumps(parts, separators=(",", ":"), ensure_ascii=True).encode("ascii")
    return sha256_hex(blob)


_LOCKS: dict[Path, threading.Lock] = {}
_LOCKS_LOCK = threading.Lock()


def _lock_for(path: Path) -> threading.Lock:
    """One lock per cache file, shared by every FactCache on it (the app gathers each probe
    with its own host), so concurrent read-merge-writes never drop an entry."""
    with _LOCKS_LOCK:
        return _LOCKS.setdefault(path, threading.Lock())


class FactCache:
    """The remembered facts in one file. `fresh`: never recall, still remember."""

    def __init__(self, path: Path, *, fresh: bool = False, clock: Clock = _utc_now) -> None:
        self.path = path
        self.fresh = fresh
        self._clock = clock
        self._lock = _lock_for(path)

    def now(self) -> dt.datetime:
        return self._clock().astimezone(dt.UTC)

    def recall(self, step: str, key: str) -> Recalled | None:
        if self.fresh:
            return None
        with self._lock:
            entry = self._load().get(step)
        if entry is None or entry["key"] != key:
            return None
        at: dt.datetime = entry["at"]
        age = self._clock() - at
        if age > MAX_AGE or age < -dt.timedelta(minutes=5):  # too old, or from the future
            return None
        return Recalled(dict(entry["values"]), at)

    def remember(
        self,
        step: str,
        key: str,
        values: Mapping[str, FactValue],
        at: dt.datetime | None = None,
    ) -> dt.datetime:
        """Store `values` for `step` under `key`, computed at `at` (default: now); returns
        that time as stored (UTC, whole seconds)."""
        at = (at or self._clock()).astimezone(dt.UTC).replace(microsecond=0)
        clean = {k: v for k, v in values.items() if v is not None and _is_value(v)}
        if not _STEP.fullmatch(step) or not _KEY.fullmatch(key):
            return at
        with self._lock:
            entries = self._load()
            entries[step] = {"key": key, "at": at, "values": clean}
            self._save(entries)
        return at

    def _load(self) -> dict[str, dict[str, Any]]:
        try:
            with open(self.path, "rb") as fh:
                raw = fh.read(MAX_FILE + 1)
        except OSError:
            return {}
        if len(raw) > MAX_FILE:
            return {}
        try:
            doc = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            log.info("ignoring a malformed fact cache: %s", self.path)
            return {}
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            return {}
        steps = doc.get("steps")
        found: dict[str, dict[str, Any]] = {}
        for step, entry in (steps if isinstance(steps, dict) else {}).items():
            parsed = _entry(step, entry)
            if parsed is not None:
                found[step] = parsed
        return found

    def _save(self, entries: Mapping[str, Mapping[str, Any]]) -> None:
        from securecheck.core.errors import OutputError
        from securecheck.core.fileio import atomic_write

        doc = {
            "format": FORMAT,
            "steps": {
                step: {
                    "key": e["key"],
                    "at": e["at"].isoformat(timespec="seconds"),
                    "values": e["values"],
                }
                for step, e in sorted(entries.items())
            },
        }
        data = json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=True).encode("ascii")
        try:
            atomic_write(self.path, data + b"\n")
        except OutputError as exc:  # a read-only home: the next audit is slow, nothing worse
            log.info("cannot write the fact cache: %s", exc)


def _entry(step: object, entry: object) -> dict[str, Any] | None:
    if not isinstance(step, str) or not _STEP.fullmatch(step) or not isinstance(entry, dict):
        return None
    key, at_text, values = entry.get("key"), entry.get("at"), entry.get("values")
    if not isinstance(key, str) or not _KEY.fullmatch(key) or not isinstance(at_text, str):
        return None
    try:
        at = dt.datetime.fromisoformat(at_text)
    except ValueError:
        return None
    if at.tzinfo is None or not isinstance(values, dict):
        return None
    if not all(isinstance(k, str) and _is_value(v) for k, v in values.items()):
        return None
    return {"key": key, "at": at, "values": values}
