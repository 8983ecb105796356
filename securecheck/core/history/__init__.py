"""The run history: one compact record per audit, kept in the user data directory.

`record` (what a run is), `store` (the file: locked, atomic, bounded), `compare` (two runs),
`summary` (the "since last time" line). Nothing here keeps a password, an answer's value, a
message, a host or user name, or a path.
"""

from securecheck.core.history.compare import RunDiff, compare
from securecheck.core.history.record import RunRecord, from_report, new_run_id
from securecheck.core.history.store import (
    MAX_RUNS,
    default_history_path,
    load_history,
    record_run,
)
from securecheck.core.history.summary import since_last_time

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
