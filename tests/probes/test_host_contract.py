"""FakeHost answers as SystemHost does: the probe tests are only as good as the fake.

The same small world is built twice, for real on this machine (files in a temporary folder,
real commands) and as a FakeHost, and every call the probes make is asked of both: the same
types, the same values, the same reasons for a missing file or tool, a non-zero exit and a
timeout. A difference here means a probe test can pass on the fake and fail on a machine.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from fakehost import FakeHost, Reply

from securecheck.probes.host import FILE_CAP, CommandResult, FileBytes, FileRead, FileStat, Host
from securecheck.probes.system import SystemHost

SH = shutil.which("sh")
FAILS = ("sh", "-c", "echo partial; echo 'E: no permission' >&2; echo more >&2; exit 3")
QUIET_FAIL = ("sh", "-c", "exit 2")
WORKS = ("sh", "-c", "printf 'one\\ntwo\\n'")
HANGS = ("sh", "-c", "sleep 30")
MISSING = ("securecheck-no-such-tool", "--version")
ENV_SET, ENV_UNSET = "SECURECHECK_CONTRACT_VAR", "SECURECHECK_CONTRACT_UNSET"


def _seen(result: FileRead | FileBytes | CommandResult, *fields: str) -> dict[str, Any]:
    """What a probe can see of a result: its type, the fields it reads, the problem's text."""
    seen = {name: getattr(result, name) for name in (*fields, "ok", "truncated")}
    problem = None if result.problem is None else result.problem.get("en")
    return {"type": type(result).__name__, **seen, "problem": problem}


def _read(result: FileRead) -> dict[str, Any]:
    return _seen(result, "path", "text")


def _read_bytes(result: FileBytes) -> dict[str, Any]:
    return _seen(result, "path", "data")


def _ran(result: CommandResult) -> dict[str, Any]:
    return _seen(result, "argv", "returncode", "stdout", "stderr")


def _stat(result: FileStat | None) -> tuple[int | None, bool] | None:
    # The mtime is the machine's own, and so is a folder's size (4096 on ext4, 0 on tmpfs):
    # what probes use is that both are ints, and a file's size.
    if result is None:
        return None
    assert isinstance(result.mtime_ns, int) and isinstance(result.size, int)
    return (None if result.is_dir else result.size, result.is_dir)


def observe(host: Host, root: Path) -> dict[str, Any]:
    """Every kind of answer a probe gets from `host`, as plain data."""
    small, big, folder = root / "small.txt", root / "big.txt", root / "folder"
    missing = root / "missing.txt"
    seen: dict[str, Any] = {"system": host.system}
    for name, path in (
        ("small", small),
        ("big", big),
        ("folder", folder),
        ("missing", missing),
    ):
        where = str(path)
        seen[f"exists {name}"] = host.exists(where)
        seen[f"stat {name}"] = _stat(host.stat(where))
        seen[f"list {name}"] = host.list_dir(where)
        if name != "folder":
            seen[f"read {name}"] = _read(host.read_text(where))
            seen[f"read bytes {name}"] = _read_bytes(host.read_bytes(where))
    seen["list root"] = host.list_dir(str(root))
    seen["which sh"] = isinstance(host.which("sh"), str)
    seen["which missing"] = host.which(MISSING[0])
    seen["env set"] = host.env(ENV_SET)
    seen["env unset"] = host.env(ENV_UNSET)
    for argv in (WORKS, FAILS, QUIET_FAIL, MISSING):
        seen[f"run {argv}"] = _ran(host.run(argv, timeout=20))
    seen["run hangs"] = _ran(host.run(HANGS, timeout=0.5))
    return seen


@pytest.mark.skipif(SH is None or os.name != "posix", reason="needs a POSIX shell")
def test_fakehost_answers_every_probe_call_as_the_real_host_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "world"
    (root / "folder" / "inner").mkdir(parents=True)
    (root / "folder" / "b.conf").write_text("b = 1\n")
    (root / "folder" / "a.conf").write_text("a = 1\n")
    (root / "small.txt").write_text("alpha\nbeta ✓\n", encoding="utf-8")
    (root / "big.txt").write_text("x" * (FILE_CAP + 100))
    monkeypatch.setenv(ENV_SET, "on")
    monkeypatch.delenv(ENV_UNSET, raising=False)

    real = SystemHost()
    fake = FakeHost(
        system=real.system,
        files={
            str(root / "small.txt"): "alpha\nbeta ✓\n",
            str(root / "big.txt"): "x" * (FILE_CAP + 100),
            str(root / "folder" / "a.conf"): "a = 1\n",
            str(root / "folder" / "b.conf"): "b = 1\n",
        },
        dirs=[str(root / "folder"), str(root / "folder" / "inner")],
        environ={ENV_SET: "on"},
        commands={
            " ".join(WORKS): "one\ntwo\n",
            " ".join(FAILS): Reply("partial\n", "E: no permission\nmore\n", 3),
            " ".join(QUIET_FAIL): Reply(code=2),
            " ".join(HANGS): Reply(timeout=True),
        },
    )
    assert observe(fake, root) == observe(real, root)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_an_unreadable_file_reads_the_same_on_both(tmp_path: Path) -> None:
    secret = tmp_path / "shadow"
    secret.write_text("x")
    secret.chmod(0)
    fake = FakeHost(unreadable=[str(secret)])
    assert _read(fake.read_text(str(secret))) == _read(SystemHost().read_text(str(secret)))
    real_bytes = SystemHost().read_bytes(str(secret))
    assert _read_bytes(fake.read_bytes(str(secret))) == _read_bytes(real_bytes)
    assert fake.exists(str(secret)) and SystemHost().exists(str(secret))
