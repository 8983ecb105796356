"""What several probes share per OS (linux, macos, windows), and the name of this OS.

`system_name` lives here rather than in `probes.host`, so that scoring an audit without
probes (which needs the OS name) does not import the command runner.
"""

from __future__ import annotations

import platform


def system_name() -> str:
    """`linux`, `macos`, `windows` or the lower-case platform name."""
    name = platform.system().lower()
    return {"darwin": "macos"}.get(name, name)
