"""The history file: `history.jsonl` in the user data directory, one run per line.

Written under a lock (`core.fileio.locked`: a lock file beside it) by reading it whole,
adding the run and replacing the file atomically (temporary file + rename, mode 0600), so
two audits at once lose neither run, and a reader sees the old file or the new one, never
half a line. It keeps the newest MAX_RUNS runs; older ones are dropped whole. A file with
a line that is not a record of ours is reported with file and line and never overwritten.
"""

from __future__ import annotations

import json
from pathlib import Path

from securecheck.core import dirs
from securecheck.core.document import read_bounded
from securecheck.core.errors import InputError, Problem
from securecheck.core.fileio import atomic_write, locked
from securecheck.core.history.record import BadRecord, RunRecord, parse_record

MAX_RUNS = 1000
MAX_HISTORY_BYTES = 32 * 1024 * 1024  # 1,000 runs of a few hundred rules fit many times over


def default_history_path() -> Path:
    return dirs.data_dir() / "history.jsonl"


def _parse(path: Path, raw: bytes) -> list[tuple[RunRecord, str]]:
    """Each record with its line as written (kept as it is when the file is written again)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError([Problem(str(path), "not UTF-8 text")]) from None
    records: list[tuple[RunRecord, str]] = []
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            records.append((parse_record(json.loads(line)), line))
        except (ValueError, RecursionError) as exc:  # BadRecord and JSONDecodeError
            reason = str(exc) if isinstance(exc, BadRecord) else "not a JSON object"
            raise InputError(
                [Problem(str(path), f"not a securecheck history record: {reason}", number)]
            ) from None
    return records


def load_history(path: Path | None = None) -> list[RunRecord]:
    """Every run kept, oldest first; no file is no runs. Raises InputError on a broken file."""
    return [record for record, _ in _load(path or default_history_path())]


def _load(target: Path) -> list[tuple[RunRecord, str]]:
    if not target.exists():
        return []
    return _parse(target, read_bounded(target, MAX_HISTORY_BYTES))


def _line(record: RunRecord) -> str:
    return json.dumps(record.to_data(), ensure_ascii=False, separators=(",", ":"))


def record_run(
    record: RunRecord, path: Path | None = None, *, keep: int = MAX_RUNS
) -> list[RunRecord]:
    """Add one run (or replace the run with the same id: the app records its session twice)
    and return the history as written."""
    target = path or default_history_path()
    with locked(target):
        rows = [row for row in _load(target) if row[0].run_id != record.run_id]
        rows.append((record, _line(record)))
        kept = rows[-keep:] if keep > 0 else []
        atomic_write(target, "".join(line + "\n" for _, line in kept).encode("utf-8"))
    return [r for r, _ in kept]
