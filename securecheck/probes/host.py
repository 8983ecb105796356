"""The one way probes touch the machine: run a command, read a file.

Every probe is a pure parser (text in, facts out) plus a thin runner that asks a `Host`
for text. The real host (`system.SystemHost`) runs commands without a shell, in the C
locale, with stdin closed, a timeout and an output cap; the fake host in the tests answers
from fixtures.
A command that cannot answer comes back with `problem` set to a human reason, never
with made-up output.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Concatenate, ParamSpec, Protocol

from securecheck.core.model import FactValue, ProbeOutcome
from securecheck.i18n import Localized, _, joined
from securecheck.log import get_logger
from securecheck.probes.facts import ProbeDeclaration

if TYPE_CHECKING:
    from securecheck.probes.cache import FactCache

log = get_logger("securecheck.probes")

FILE_CAP = 1 << 20
DEFAULT_TIMEOUT = 10.0


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
class FileStat:
    """What `stat` tells about a path: enough to notice that it changed."""

    size: int
    mtime_ns: int
    is_dir: bool = False


@dataclass(frozen=True)
class FileRead:
    path: str
    text: str | None
    problem: Localized | None = None
    truncated: bool = False  # the file is larger than FILE_CAP: `text` is its beginning

    @property
    def ok(self) -> bool:
        return self.problem is None and self.text is not None


@dataclass(frozen=True)
class FileBytes:
    """A file's first FILE_CAP bytes as they are on disk, for a probe that searches bytes
    (decoding a whole file to text and encoding it back costs more than the search)."""

    path: str
    data: bytes | None
    problem: Localized | None = None
    truncated: bool = False  # the file is larger than FILE_CAP: `data` is its beginning

    @property
    def ok(self) -> bool:
        return self.problem is None and self.data is not None

    def decoded(self) -> FileRead:
        """The same read as text (UTF-8; what is not UTF-8 becomes U+FFFD)."""
        text = None if self.data is None else self.data.decode("utf-8", errors="replace")
        return FileRead(self.path, text, self.problem, self.truncated)


def tool_missing(tool: str) -> Localized:
    return _("{tool} is not installed", tool=tool)


def timed_out(tool: str, seconds: float) -> Localized:
    return _("{tool} timed out after {seconds:g} s", tool=tool, seconds=seconds)


def exited(tool: str, code: int, stderr: str) -> Localized:
    detail = stderr.strip().splitlines()[0][:160] if stderr.strip() else ""
    if detail:
        return _("{tool} exited with code {code}: {detail}", tool=tool, code=code, detail=detail)
    return _("{tool} exited with code {code}", tool=tool, code=code)


INTERRUPTED = _("the audit was interrupted")


def permission_denied(what: str) -> Localized:
    return _("permission denied reading {what}", what=what)


def unparseable(what: str) -> Localized:
    return _("could not understand the output of {what}", what=what)


def not_on_this_os(probe: str, system: str) -> Localized:
    return _("{probe} does not apply on {system}", probe=probe, system=system)


def join_reasons(reasons: Sequence[Localized]) -> Localized:
    """Several reasons as one, in every language (the one join is `i18n.joined`)."""
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

    def read_bytes(self, path: str) -> FileBytes:
        """`read_text` without the decoding."""
        ...

    def exists(self, path: str) -> bool: ...

    def which(self, tool: str) -> str | None: ...

    def env(self, name: str) -> str | None: ...

    def list_dir(self, path: str) -> list[str] | None:
        """Entry names of a directory, sorted; None when it cannot be read."""
        ...

    def stat(self, path: str) -> FileStat | None:
        """Size and modification time of a path; None when it does not exist."""
        ...

    @property
    def cache(self) -> FactCache | None:
        """Where slow steps remember their facts between audits (None: nowhere)."""
        ...


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
    *,
    gathered_at: dt.datetime | None = None,
    from_cache: bool = False,
) -> ProbeOutcome:
    """Facts that are None are dropped: a fact nobody could see is unknown, not a value."""
    clean = {k: v for k, v in facts.items() if v is not None}
    return ProbeOutcome(
        probe,
        clean,
        reason=reason,
        sources=tuple(sources),
        fact_reasons=dict(fact_reasons or {}),
        gathered_at=gathered_at,
        from_cache=from_cache,
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
    # When the oldest facts of a remembered step were computed, and whether any step's facts
    # came from the fact cache (None: no such step ran; the probe's start time applies).
    gathered_at: dt.datetime | None = None
    from_cache: bool = False

    def _stamp(self, when: dt.datetime, recalled: bool) -> None:
        if self.gathered_at is None or when < self.gathered_at:
            self.gathered_at = when
        self.from_cache = self.from_cache or recalled

    def remembered(
        self,
        step: str,
        key: str | None,
        compute: Callable[[], Mapping[str, FactValue] | None],
        required: Sequence[str] = (),
    ) -> Mapping[str, FactValue] | None:
        """The facts of a slow step: from the host's fact cache while `key` is unchanged,
        else `compute()` (None: it failed). Only a complete answer is remembered: one with
        every `required` value; a failure, even a partial one, is computed again next time."""
        cache = self.host.cache
        if cache is not None and key is not None:
            recalled = cache.recall(step, key)
            if recalled is not None:
                when = recalled.at.isoformat(timespec="seconds")
                log.debug("recalled %s from the fact cache (%s)", step, when)
                self.sources.append(f"{step} (remembered from {when})")
                self._stamp(recalled.at, True)
                return recalled.values
        started = (cache.now() if cache is not None else dt.datetime.now(dt.UTC)).replace(
            microsecond=0
        )
        values = compute()
        complete = values is not None and all(values.get(k) is not None for k in required)
        if values is not None and complete and cache is not None and key is not None:
            started = cache.remember(step, key, values, at=started)
        self._stamp(started, False)
        return values

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
        return known(
            self.probe,
            self.facts,
            self.sources,
            reason,
            self.reasons,
            gathered_at=self.gathered_at,
            from_cache=self.from_cache,
        )


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
