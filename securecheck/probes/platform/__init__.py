"""What several probes share per OS (linux, macos, windows), and the name of this OS.

`system_name` lives here rather than in `probes.host`, so that scoring an audit without
probes (which needs the OS name) does not import the command runner.
"""

from __future__ import annotations

import os
import sys


def system_and_release() -> tuple[str, str]:
    """What `platform.system()` and `platform.release()` say ("Linux", "6.1.0-18-amd64").

    On Linux and macOS both are the kernel's `uname`, read directly: the `platform` module
    costs a headless start about 2 ms to import. Windows gets them from `platform`, which
    reads the version from the system rather than from a uname it does not have.
    """
    if sys.platform == "win32" or not hasattr(os, "uname"):
        import platform

        return platform.system(), platform.release()
    uname = os.uname()
    return uname.sysname, uname.release


def system_name() -> str:
    """`linux`, `macos`, `windows` or the lower-case platform name."""
    name = system_and_release()[0].lower()
    return {"darwin": "macos"}.get(name, name)
