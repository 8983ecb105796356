"""The run history: one compact record per audit, kept in the user data directory.

`record` (what a run is), `store` (the file: locked, atomic, bounded), `compare` (two runs),
`summary` (the "since last time" line). Nothing here keeps a password, an answer's value, a
message, a host or user name, or a path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

# `compare` is loaded at once: the function shares its module's name, and a submodule, once
# imported, would shadow a lazily loaded attribute of that name.
from securecheck.core.history.compare import RunDiff, compare
from securecheck.core.lazy import lazy_attributes

if TYPE_CHECKING:
    from securecheck.core.history.record import RunRecord, from_report, new_run_id
    from securecheck.core.history.store import (
        MAX_RUNS,
        default_history_path,
        load_history,
        record_run,
    )
    from securecheck.core.history.summary import since_last_time

# Each name loads its module on first use: `history` alone (say for the sparkline a command's
# help needs) does not import the store and its file locking.
_HOME = {
    "RunRecord": "record",
    "from_report": "record",
    "new_run_id": "record",
    "MAX_RUNS": "store",
    "default_history_path": "store",
    "load_history": "store",
    "record_run": "store",
    "since_last_time": "summary",
}

__getattr__ = lazy_attributes(__name__, _HOME)


__all__ = [
    "MAX_RUNS",
    "RunDiff",
    "RunRecord",
    "compare",
    "default_history_path",
    "from_report",
    "load_history",
    "new_run_id",
    "record_run",
    "since_last_time",
]
