"""A fake machine for probe tests: commands and files answer from fixtures."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from securecheck.model import Text
from securecheck.probes.base import (
    CommandResult,
    FileRead,
    exited,
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


@dataclass
class FakeHost:
    system: str = "linux"
    # argv joined by spaces -> reply; a missing key means the tool is not installed.
    commands: Mapping[str, Reply | str] = field(default_factory=dict)
    files: Mapping[str, str] = field(default_factory=dict)
    unreadable: Sequence[str] = ()
    environ: Mapping[str, str] = field(default_factory=dict)
    calls: list[tuple[str, ...]] = field(default_factory=list)

    def which(self, tool: str) -> str | None:
        known = {key.split(" ", 1)[0] for key in self.commands}
        return f"/usr/bin/{tool}" if tool in known else None

    def env(self, name: str) -> str | None:
        return self.environ.get(name)

    def exists(self, path: str) -> bool:
        return path in self.files or path in self.unreadable

    def list_dir(self, path: str) -> list[str] | None:
        prefix = path.rstrip("/") + "/"
        names = {p[len(prefix) :].split("/", 1)[0] for p in self.files if p.startswith(prefix)}
        return sorted(names) if names else None

    def read_text(self, path: str) -> FileRead:
        if path in self.unreadable:
            return FileRead(path, None, Text(f"permission denied reading {path}", "无权限"))
        if path not in self.files:
            return FileRead(path, None, Text(f"{path} does not exist", f"{path} 不存在"))
        return FileRead(path, self.files[path])

    def run(self, argv: Sequence[str], timeout: float = 10.0) -> CommandResult:
        args = tuple(argv)
        self.calls.append(args)
        key = " ".join(args)
        reply = self.commands.get(key)
        tool = args[0].rsplit("/", 1)[-1]
        if reply is None:
            if any(k.split(" ", 1)[0] == args[0] for k in self.commands):
                # The tool exists but this invocation was not recorded: treat as a failure.
                return CommandResult(args, 1, "", "unexpected invocation", exited(tool, 1, ""))
            return CommandResult(args, None, problem=tool_missing(tool))
        if isinstance(reply, str):
            reply = Reply(reply)
        if reply.timeout:
            return CommandResult(args, None, problem=timed_out(tool, timeout))
        problem = None if reply.code == 0 else exited(tool, reply.code, reply.stderr)
        return CommandResult(args, reply.code, reply.stdout, reply.stderr, problem)
