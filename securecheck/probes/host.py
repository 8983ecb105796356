"""The one way probes touch the machine: run a command, read a file.

Every probe is a pure parser (text in, facts out) plus a thin runner that asks a `Host`
for text. The real host runs commands without a shell, in the C locale, with stdin
closed, a timeout and an output cap; the fake host in the tests answers from fixtures.
A command that cannot answer comes back with `problem` set to a human reason, never
with made-up output.
"""

from __future__ import annotations

import logging
import os
import platform
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Concatenate, ParamSpec, Protocol

from securecheck.core.model import FactValue, ProbeOutcome
from securecheck.i18n import Localized, _, joined
from securecheck.probes.facts import ProbeDeclaration

log = logging.getLogger("securecheck.probes")

OUTPUT_CAP = 1 << 20  # 1 MiB per stream: more than any real tool prints here
FILE_CAP = 1 << 20
DEFAULT_TIMEOUT = 10.0


def system_name() -> str:
    """`linux`, `macos`, `windows` or the lower-case platform name."""
    name = platform.system().lower()
    return {"darwin": "macos"}.get(name, name)


@dataclass(frozen=True)
class CommandResult:
    argv: tuple[str, ...]
    returncode: int | None
    stdout: str = ""
    stderr: str = ""
    # Why the command gave no usable answer (missing, timed out, exit code...); None if it ran
    # and exited 0.
    problem: Localized | None = None
    truncated: bool = False

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def label(self) -> str:
        return " ".join(self.argv)


@dataclass(frozen=True)
class FileRead:
    path: str
    text: str | None
    problem: Localized | None = None
    truncated: bool = False  # the file is larger than FILE_CAP: `text` is its beginning

    @property
    def ok(self) -> bool:
        return self.problem is None and self.text is not None


def tool_missing(tool: str) -> Localized:
    return _("{tool} is not installed", tool=tool)


def timed_out(tool: str, seconds: float) -> Localized:
    return _("{tool} timed out after {seconds:g} s", tool=tool, seconds=seconds)


def exited(tool: str, code: int, stderr: str) -> Localized:
    detail = stderr.strip().splitlines()[0][:160] if stderr.strip() else ""
    if detail:
        return _("{tool} exited with code {code}: {detail}", tool=tool, code=code, detail=detail)
    return _("{tool} exited with code {code}", tool=tool, code=code)


def permission_denied(what: str) -> Localized:
    return _("permission denied reading {what}", what=what)


def unparseable(what: str) -> Localized:
    return _("could not understand the output of {what}", what=what)


def not_on_this_os(probe: str, system: str) -> Localized:
    return _("{probe} does not apply on {system}", probe=probe, system=system)


def join_reasons(reasons: Sequence[Localized]) -> Localized:
    """Several reasons as one, in both languages."""
    return joined(reasons)


def powershell(script: str) -> tuple[str, ...]:
    """The argv that runs `script` in Windows PowerShell, without profile or prompts."""
    return ("powershell", "-NoProfile", "-NonInteractive", "-Command", script)


class Host(Protocol):
    """What a probe may ask of the machine."""

    @property
    def system(self) -> str: ...

    def run(self, argv: Sequence[str], timeout: float = DEFAULT_TIMEOUT) -> CommandResult: ...

    def read_text(self, path: str) -> FileRead: ...

    def exists(self, path: str) -> bool: ...

    def which(self, tool: str) -> str | None: ...

    def env(self, name: str) -> str | None: ...

    def list_dir(self, path: str) -> list[str] | None:
        """Entry names of a directory, sorted; None when it cannot be read."""
        ...


def _drain(stream: IO[bytes], sink: bytearray, cap: int, flags: dict[str, bool]) -> None:
    # Keep reading past the cap so a chatty tool never blocks on a full pipe.
    while chunk := stream.read(65536):
        room = cap - len(sink)
        if room > 0:
            sink.extend(chunk[:room])
        if len(chunk) > room:
            flags["truncated"] = True
    stream.close()


@dataclass
class SystemHost:
    """The real machine. Read-only: it only runs the commands probes ask for."""

    deadline: float | None = None  # time.monotonic() by which every command must be done
    extra_env: Mapping[str, str] = field(default_factory=dict)

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

    def list_dir(self, path: str) -> list[str] | None:
        try:
            return sorted(os.listdir(path))
        except OSError:
            return None

    def read_text(self, path: str) -> FileRead:
        try:
            with open(path, "rb") as fh:
                data = fh.read(FILE_CAP + 1)
        except FileNotFoundError:
            return FileRead(path, None, _("{path} does not exist", path=path))
        except PermissionError:
            return FileRead(path, None, permission_denied(path))
        except OSError as exc:
            return FileRead(
                path,
                None,
                _("cannot read {path}: {strerror}", path=path, strerror=exc.strerror),
            )
        truncated = len(data) > FILE_CAP
        text = data[:FILE_CAP].decode("utf-8", errors="replace")
        return FileRead(path, text, truncated=truncated)

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
        if self.deadline is not None:
            timeout = max(0.05, min(timeout, self.deadline - time.monotonic()))
        exe = shutil.which(args[0])
        if exe is None:
            log.debug("not installed: %s", tool)
            return CommandResult(args, None, problem=tool_missing(tool))
        started = time.monotonic()
        try:
            proc = subprocess.Popen(
                [exe, *args[1:]],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=self._child_env(),
                close_fds=True,
            )
        except PermissionError:
            return CommandResult(args, None, problem=permission_denied(tool))
        except OSError as exc:
            return CommandResult(
                args,
                None,
                problem=_("could not start {tool}: {strerror}", tool=tool, strerror=exc.strerror),
            )
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
            proc.kill()
            proc.wait()
            for t in readers:
                t.join(1)
            log.info("timed out after %.1f s: %s", timeout, " ".join(args))
            return CommandResult(args, None, problem=timed_out(tool, round(timeout, 1)))
        for t in readers:
            t.join(5)
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


# --- building outcomes --------------------------------------------------------------------


def unknown(probe: str, reason: Localized, sources: Sequence[str] = ()) -> ProbeOutcome:
    """Nothing could be learned; every fact of the probe is unknown for `reason`."""
    return ProbeOutcome(probe, {}, reason=reason, sources=tuple(sources))


def not_applicable(probe: str, reason: Localized) -> ProbeOutcome:
    return ProbeOutcome(probe, {}, reason=reason, applicable=False)


def known(
    probe: str,
    facts: Mapping[str, FactValue],
    sources: Sequence[str] = (),
    reason: Localized | None = None,
    fact_reasons: Mapping[str, Localized] | None = None,
) -> ProbeOutcome:
    """Facts that are None are dropped: a fact nobody could see is unknown, not a value."""
    clean = {k: v for k, v in facts.items() if v is not None}
    return ProbeOutcome(
        probe, clean, reason=reason, sources=tuple(sources), fact_reasons=dict(fact_reasons or {})
    )


P = ParamSpec("P")


def by_system(
    host: Host,
    handlers: Mapping[str, Callable[Concatenate[Host, P], ProbeOutcome]],
    probe: str,
    *args: P.args,
    **kwargs: P.kwargs,
) -> ProbeOutcome:
    """Ask the handler for this host's system; on any other system the probe does not apply."""
    handler = handlers.get(host.system)
    if handler is None:
        return not_applicable(probe, not_on_this_os(probe, host.system))
    return handler(host, *args, **kwargs)


@dataclass
class Findings:
    """Facts, per-fact reasons and the commands/files read, gathered as a probe goes."""

    probe: str
    host: Host
    facts: dict[str, FactValue] = field(default_factory=dict)
    reasons: dict[str, Localized] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)

    def run(self, argv: Sequence[str], timeout: float) -> CommandResult:
        result = self.host.run(argv, timeout=timeout)
        self.sources.append(result.label[:120])
        return result

    def set(self, name: str, value: FactValue, reason: Localized | None = None) -> None:
        self.facts[name] = value
        if reason is not None:
            self.reasons[name] = reason

    def missing(self, names: Sequence[str], reason: Localized) -> None:
        for name in names:
            self.reasons.setdefault(name, reason)

    def outcome(self, reason: Localized | None = None) -> ProbeOutcome:
        # Reasons on known facts explain the value ("APT::Periodic is off"); on missing
        # facts they say why the fact is unknown.
        return known(self.probe, self.facts, self.sources, reason, self.reasons)


def problem_of(result: CommandResult) -> Localized:
    """Why `result` gave no answer: its own problem, else that its output made no sense."""
    return result.problem or unparseable(result.label)


@dataclass(frozen=True)
class ProbeSpec:
    """A probe's declaration (what rules may ask of it) and the function that reads the machine."""

    declaration: ProbeDeclaration
    run: Callable[[Host], ProbeOutcome]

    @property
    def name(self) -> str:
        return self.declaration.name

    @property
    def facts(self) -> tuple[str, ...]:
        return self.declaration.fact_names

    @property
    def platforms(self) -> tuple[str, ...]:
        return self.declaration.platforms
