"""Starting a probe's command so that all of it can be ended: its children and theirs too.

A command that times out, or an audit stopped with Ctrl+C, must not leave work behind. Each
command starts as the leader of its own process group (POSIX: a new session, so a terminal's
Ctrl+C does not reach it either, and we end it ourselves); ending it kills the whole group.
On Windows each command starts in a new process group (`CREATE_NEW_PROCESS_GROUP`, and no
console window) and is ended with `taskkill /T /F`, which walks the tree of processes it
started; we chose that over a job object because it needs nothing beyond the standard
library and `taskkill.exe` ships with every Windows since XP.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Mapping, Sequence

from securecheck.log import get_logger

log = get_logger("securecheck.probes")

_TASKKILL_TIMEOUT = 5.0


def spawn(argv: Sequence[str], env: Mapping[str, str]) -> subprocess.Popen[bytes]:
    """Start `argv` in a process group of its own, stdin closed, both outputs piped."""
    if sys.platform == "win32":
        flags = subprocess.CREATE_NEW_PROCESS_GROUP | subprocess.CREATE_NO_WINDOW
        return _popen(argv, env, creationflags=flags)
    return _popen(argv, env, start_new_session=True)


def _popen(
    argv: Sequence[str],
    env: Mapping[str, str],
    *,
    creationflags: int = 0,
    start_new_session: bool = False,
) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        list(argv),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=dict(env),
        close_fds=True,
        creationflags=creationflags,
        start_new_session=start_new_session,
    )


def end_group(proc: subprocess.Popen[bytes]) -> None:
    """Kill `proc` and every process it started that is still in its group (or tree)."""
    if sys.platform == "win32":
        _taskkill(proc)
    else:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass  # the whole group is already gone
        except PermissionError:  # a setuid child changed hands: at least end our own
            log.info("cannot kill process group %d", proc.pid)
    with contextlib.suppress(OSError):
        proc.kill()
    try:
        proc.wait(timeout=_TASKKILL_TIMEOUT)
    except subprocess.TimeoutExpired:
        log.warning("process %d did not end after being killed", proc.pid)


def _taskkill(proc: subprocess.Popen[bytes]) -> None:
    if sys.platform != "win32":
        return
    if proc.poll() is not None:
        return  # its children were orphaned when it ended; taskkill /T cannot find them
    try:
        subprocess.run(
            ["taskkill", "/T", "/F", "/PID", str(proc.pid)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=_TASKKILL_TIMEOUT,
            check=False,
            creationflags=subprocess.CREATE_NO_WINDOW,
        )
    except (OSError, subprocess.TimeoutExpired):
        log.info("taskkill could not end process %d", proc.pid)


class LiveProcesses:
    """The commands running right now, so that an interrupted audit can end all of them.

    A command is announced (`starting`) before it is spawned and `admit`ted after, so that
    `cancel()` also ends one caught between the two. After `cancel()` nothing new starts.
    """

    SPAWN_WAIT = 2.0  # how long cancel() waits for a command being spawned to appear

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._running: set[subprocess.Popen[bytes]] = set()
        self._starting = 0
        self.cancelled = False

    def starting(self) -> bool:
        """Announce a command about to be spawned; False when cancelling has begun."""
        with self._changed:
            if self.cancelled:
                return False
            self._starting += 1
            return True

    def admit(self, proc: subprocess.Popen[bytes] | None) -> bool:
        """Track the spawned `proc` (None: spawning failed); False (`proc` ended) when
        cancelling has begun meanwhile."""
        with self._changed:
            self._starting -= 1
            self._changed.notify_all()
            if proc is None:
                return False
            if not self.cancelled:
                self._running.add(proc)
                return True
        end_group(proc)
        return False

    def release(self, proc: subprocess.Popen[bytes]) -> None:
        with self._changed:
            self._running.discard(proc)

    def cancel(self) -> None:
        """Refuse new commands and end every running one with its children."""
        with self._changed:
            self.cancelled = True
            # A command being spawned right now is ended by admit(); wait for that, since
            # the process may exit before the spawning thread gets to run again.
            self._changed.wait_for(lambda: self._starting == 0, timeout=self.SPAWN_WAIT)
            running = list(self._running)
            self._running.clear()
        for proc in running:
            end_group(proc)
