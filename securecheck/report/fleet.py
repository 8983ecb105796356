"""What every fleet record (NDJSON, OCSF) shares: the run, the device, the time.

The device id is the only identity a fleet record carries: no host name, user name, IP or
MAC address, path, answer value, message evidence or password verdict detail.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FleetContext:
    run_id: str
    device_id: str


def epoch_ms(timestamp: str) -> int:
    """The report's `generated_at` (ISO 8601, Z) as milliseconds since the epoch."""
    when = dt.datetime.fromisoformat(timestamp.replace("Z", "+00:00"))
    return int(when.timestamp() * 1000)


def lines(objects: Iterable[Mapping[str, Any]]) -> str:
    """One compact JSON object per line, each ending in a newline (what shippers expect)."""
    return "".join(
        json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n"
        for obj in objects
    )
