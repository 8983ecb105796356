"""Keep a password that is in memory out of core files and away from debuggers.

A crash, `kill -ABRT` or Ctrl+\\ makes the kernel write the process's memory to a core file,
and a password that was typed is in there (Python strings are immutable: the text lingers
until its memory is reused, whatever we clear). So a process that may hold a password (the
app, `audit --password-stdin`, the password service child) calls `forbid_core_dumps()` first:

- Linux and macOS: RLIMIT_CORE 0, soft and hard (the process cannot raise it again, and the
  commands it starts inherit it).
- Linux also: prctl(PR_SET_DUMPABLE, 0). No core even through a core_pattern pipe
  (systemd-coredump, apport), and processes of the same user can no longer attach with
  ptrace or read /proc/<pid>/mem. Children are dumpable again after their exec.
- Windows: nothing here (no core files; Windows Error Reporting is configured by the system).

Best effort: a platform that refuses leaves the process as it was and says so at debug level.
"""

from __future__ import annotations

import sys

from securecheck.log import get_logger

PR_SET_DUMPABLE = 4  # linux/prctl.h
PR_GET_DUMPABLE = 3

log = get_logger(__name__)


def forbid_core_dumps() -> None:
    """No core file and (Linux) no ptrace for this process, from now on."""
    if sys.platform not in ("linux", "darwin"):
        return
    import resource

    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ValueError, OSError) as exc:
        log.debug("cannot set RLIMIT_CORE to 0: %s", exc)
    if sys.platform == "linux":
        _set_dumpable(False)


def _libc() -> object | None:
    import ctypes

    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


def _set_dumpable(flag: bool) -> None:
    libc = _libc()
    prctl = getattr(libc, "prctl", None)
    if prctl is None or prctl(PR_SET_DUMPABLE, int(flag), 0, 0, 0) != 0:
        log.debug("prctl(PR_SET_DUMPABLE) failed")


def is_dumpable() -> bool | None:
    """Linux: whether this process may still dump core or be traced; None elsewhere."""
    if sys.platform != "linux":
        return None
    prctl = getattr(_libc(), "prctl", None)
    if prctl is None:
        return None
    return bool(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0))


__all__ = ["forbid_core_dumps", "is_dumpable"]
