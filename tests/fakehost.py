"""A fake machine for probe tests: commands and files answer from fixtures."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from securecheck.i18n import Verbatim
from securecheck.probes.cache import FactCache
from securecheck.probes.host import (
    FILE_CAP,
    CommandResult,
    FileBytes,
    FileRead,
    FileStat,
    exited,
    permission_denied,
    timed_out,
    tool_missing,
)

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(relpath: str) -> str:
    """The text of tests/fixtures/<relpath> (each fixture records the command that made it)."""
    return (FIXTURES / relpath).read_text(encoding="utf-8")


@dataclass
class Reply:
    stdout: str = ""
    stderr: str = ""
    code: int = 0
    timeout: bool = False
    truncated: bool = False  # the output went past the host's cap and was cut


@dataclass
class FakeHost:
    system: str = "linux"
    # argv joined by spaces -> reply. A tool with no key (and not in `tools`) is not installed;
    # an installed tool asked for an invocation with no key exits 1.
    commands: Mapping[str, Reply | str] = field(default_factory=dict)
    # path -> content. Like the real host, a read gives at most FILE_CAP bytes and says so.
    files: Mapping[str, str] = field(default_factory=dict)
    unreadable: Sequence[str] = ()  # files that exist (and are listed) but cannot be read
    environ: Mapping[str, str] = field(default_factory=dict)
    calls: list[tuple[str, ...]] = field(default_factory=list)
    tools: Collection[str] = ()  # installed, whatever commands holds
    dirs: Collection[str] = ()  # directories that exist even when nothing is in them
    # path -> size and mtime; a file without an entry has its length and mtime 0.
    stats: Mapping[str, FileStat] = field(default_factory=dict)
    cache: FactCache | None = None  # None: nothing is remembered between runs

    def stat(self, path: str) -> FileStat | None:
        if path in self.stats:
            return self.stats[path]
        if path in self.files:
            return FileStat(len(self.files[path].encode("utf-8")), 0)
        if path in self.unreadable:
            return FileStat(0, 0)
        if path.rstrip("/") in self._dirs() or self.list_dir(path) is not None:
            return FileStat(0, 0, is_dir=True)
        return None

    def _installed(self, tool: str) -> bool:
        return tool in self.tools or any(key.split(" ", 1)[0] == tool for key in self.commands)

    def which(self, tool: str) -> str | None:
        return f"/usr/bin/{tool}" if self._installed(tool) else None

    def env(self, name: str) -> str | None:
        return self.environ.get(name)

    def exists(self, path: str) -> bool:
        return path in self.files or path in self.unreadable or path.rstrip("/") in self._dirs()

    def _dirs(self) -> set[str]:
        return {d.rstrip("/") for d in self.dirs}

    def list_dir(self, path: str) -> list[str] | None:
        prefix = path.rstrip("/") + "/"
        paths = [*self.files, *self.unreadable, *self._dirs()]
        names = {p[len(prefix) :].split("/", 1)[0] for p in paths if p.startswith(prefix)}
        if not names and path.rstrip("/") not in self._dirs():
            return None
        return sorted(names)

    def read_text(self, path: str) -> FileRead:
        if path in self.unreadable:
            return FileRead(path, None, permission_denied(path))
        if path not in self.files:
            return FileRead(path, None, Verbatim(f"{path} does not exist"))
        data = self.files[path].encode("utf-8")
        if len(data) <= FILE_CAP:
            return FileRead(path, self.files[path])
        head = data[:FILE_CAP].decode("utf-8", errors="replace")
        return FileRead(path, head, truncated=True)

    def read_bytes(self, path: str) -> FileBytes:
        if path in self.unreadable:
            return FileBytes(path, None, permission_denied(path))
        if path not in self.files:
            return FileBytes(path, None, Verbatim(f"{path} does not exist"))
        data = self.files[path].encode("utf-8")
        return FileBytes(path, data[:FILE_CAP], truncated=len(data) > FILE_CAP)

    def run(self, argv: Sequence[str], timeout: float = 10.0) -> CommandResult:
        args = tuple(argv)
        self.calls.append(args)
        reply = self.commands.get(" ".join(args))
        tool = args[0].rsplit("/", 1)[-1]
        if reply is None:
            if self._installed(args[0]):
                # The tool exists but this invocation was not recorded: treat as a failure.
                return CommandResult(args, 1, "", "unexpected invocation", exited(tool, 1, ""))
            return CommandResult(args, None, problem=tool_missing(tool))
        if isinstance(reply, str):
            reply = Reply(reply)
        if reply.timeout:
            return CommandResult(args, None, problem=timed_out(tool, round(timeout, 1)))
        problem = None if reply.code == 0 else exited(tool, reply.code, reply.stderr)
        return CommandResult(
            args, reply.code, reply.stdout, reply.stderr, problem, truncated=reply.truncated
        )
