"""The real machine as a `Host`: commands without a shell, files read with a cap.

Commands run in the C locale, with stdin closed, a timeout and an output cap, each in a
process group of its own (`process`) so that a timeout or Ctrl+C ends its children too.
"""

from __future__ import annotations

import os
import shutil
import stat as stat_module
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

from securecheck.i18n import _
from securecheck.log import get_logger
from securecheck.probes.host import (
    DEFAULT_TIMEOUT,
    FILE_CAP,
    INTERRUPTED,
    CommandResult,
    FileBytes,
    FileRead,
    FileStat,
    exited,
    permission_denied,
    timed_out,
    tool_missing,
)
from securecheck.probes.platform import system_name
from securecheck.probes.process import LiveProcesses, end_group, spawn

if TYPE_CHECKING:
    from securecheck.probes.cache import FactCache

log = get_logger("securecheck.probes")

OUTPUT_CAP = 1 << 20  # 1 MiB per stream: more than any real tool prints here


def _drain(stream: IO[bytes], sink: bytearray, cap: int, flags: dict[str, bool]) -> None:
    # Keep reading past the cap so a chatty tool never blocks on a full pipe.
    while chunk := stream.read(65536):
        room = cap - len(sink)
        if room > 0:
            sink.extend(chunk[:room])
        if len(chunk) > room:
            flags["truncated"] = True
    stream.close()


# How long the output pipes may stay open after a command exited (a child it left behind
# still holding them) before that child is ended too.
LINGER_GRACE = 1.0


@dataclass
class SystemHost:
    """The real machine. Read-only: it only runs the commands probes ask for."""

    deadline: float | None = None  # time.monotonic() by which every command must be done
    extra_env: Mapping[str, str] = field(default_factory=dict)
    cache: FactCache | None = None  # remembered facts of slow steps (None: always compute)
    live: LiveProcesses = field(default_factory=LiveProcesses)

    @property
    def system(self) -> str:
        return system_name()

    def which(self, tool: str) -> str | None:
        return shutil.which(tool)

    def env(self, name: str) -> str | None:
        return os.environ.get(name)

    def exists(self, path: str) -> bool:
        try:
            return Path(path).exists()
        except OSError:
            return False

    def stat(self, path: str) -> FileStat | None:
        try:
            st = os.stat(path)
        except (OSError, ValueError):
            return None
        return FileStat(st.st_size, st.st_mtime_ns, stat_module.S_ISDIR(st.st_mode))

    def list_dir(self, path: str) -> list[str] | None:
        try:
            return sorted(os.listdir(path))
        except OSError:
            return None

    def read_text(self, path: str) -> FileRead:
        return self.read_bytes(path).decoded()

    def read_bytes(self, path: str) -> FileBytes:
        try:
            with open(path, "rb") as fh:
                data = fh.read(FILE_CAP + 1)
        except FileNotFoundError:
            return FileBytes(path, None, _("{path} does not exist", path=path))
        except PermissionError:
            return FileBytes(path, None, permission_denied(path))
        except OSError as exc:
            return FileBytes(
                path,
                None,
                _("cannot read {path}: {strerror}", path=path, strerror=exc.strerror),
            )
        if len(data) > FILE_CAP:
            return FileBytes(path, data[:FILE_CAP], truncated=True)
        return FileBytes(path, data)

    def cancel(self) -> None:
        """End every running command with its children; start no more (Ctrl+C)."""
        self.live.cancel()

    def _child_env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
        # Tools print in the C locale so the parsers see one language (Windows tools are
        # translated regardless; their parsers cope).
        env.update({"LC_ALL": "C", "LANG": "C", "LANGUAGE": "C"})
        env.update(self.extra_env)
        return env

    def run(self, argv: Sequence[str], timeout: float = DEFAULT_TIMEOUT) -> CommandResult:
        args = tuple(argv)
        tool = os.path.basename(args[0])
        if self.live.cancelled:
            return CommandResult(args, None, problem=INTERRUPTED)
        if self.deadline is not None:
            timeout = max(0.05, min(timeout, self.deadline - time.monotonic()))
        exe = shutil.which(args[0])
        if exe is None:
            log.debug("not installed: %s", tool)
            return CommandResult(args, None, problem=tool_missing(tool))
        started = time.monotonic()
        if not self.live.starting():
            return CommandResult(args, None, problem=INTERRUPTED)
        try:
            proc = spawn([exe, *args[1:]], self._child_env())
        except BaseException as exc:
            self.live.admit(None)
            if isinstance(exc, PermissionError):
                return CommandResult(args, None, problem=permission_denied(tool))
            if isinstance(exc, OSError):
                why = _("could not start {tool}: {strerror}", tool=tool, strerror=exc.strerror)
                return CommandResult(args, None, problem=why)
            raise
        if not self.live.admit(proc):
            return CommandResult(args, None, problem=INTERRUPTED)
        try:
            return self._collect(proc, args, tool, timeout, started)
        finally:
            self.live.release(proc)

    def _collect(
        self,
        proc: subprocess.Popen[bytes],
        args: tuple[str, ...],
        tool: str,
        timeout: float,
        started: float,
    ) -> CommandResult:
        out, err = bytearray(), bytearray()
        flags: dict[str, bool] = {"truncated": False}
        assert proc.stdout is not None and proc.stderr is not None
        readers = [
            threading.Thread(
                target=_drain, args=(proc.stdout, out, OUTPUT_CAP, flags), daemon=True
            ),
            threading.Thread(
                target=_drain, args=(proc.stderr, err, OUTPUT_CAP, flags), daemon=True
            ),
        ]
        for t in readers:
            t.start()
        try:
            code = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            end_group(proc)
            for t in readers:
                t.join(1)
            log.info("timed out after %.1f s: %s", timeout, " ".join(args))
            return CommandResult(args, None, problem=timed_out(tool, round(timeout, 1)))
        for t in readers:
            t.join(LINGER_GRACE)
        if any(t.is_alive() for t in readers):
            # It exited but left a child holding its output: end that child too.
            end_group(proc)
            for t in readers:
                t.join(1)
        if self.live.cancelled:
            return CommandResult(args, None, problem=INTERRUPTED)
        stdout = out.decode("utf-8", errors="replace")
        stderr = err.decode("utf-8", errors="replace")
        problem = None if code == 0 else exited(tool, code, stderr)
        log.debug(
            "ran %s: exit %s, %d bytes, %.3f s",
            " ".join(args),
            code,
            len(out),
            time.monotonic() - started,
        )
        return CommandResult(args, code, stdout, stderr, problem, flags["truncated"])
