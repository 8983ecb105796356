"""A check that cannot see never claims a pass.

Every probe runs on machines where everything goes wrong: nothing is installed, every command
times out, prints garbage, or fails. Whatever the probes make of that is judged by the engine
against the shipped rules, exactly as an audit would, and no probe rule may pass. A warn or
fail is allowed only with the facts that decided it (they are printed); an unknown must say why.
"""

from __future__ import annotations

import functools
import json
import os
import random
import shutil
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from conftest import Run
from fakehost import FIXTURES, FakeHost

from securecheck.core import engine
from securecheck.core.model import ProbeCheck, ProbeOutcome, Rule, Status
from securecheck.core.rulepacks import load_rules
from securecheck.probes import gather as probes
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
from securecheck.probes.registry import registry

SYSTEMS = ("linux", "macos", "windows")
RULES = tuple(load_rules())
# The hosts-file rule is judged on the file, not on commands: see its own tests below.
HOSTS_RULE = "network.hosts_file"
PROBE_RULES = tuple(r for r in RULES if isinstance(r.check, ProbeCheck) and r.id != HOSTS_RULE)
# A desktop session, so the screen-lock probe runs its commands instead of skipping.
SESSION = {"DISPLAY": ":0", "XDG_CURRENT_DESKTOP": "GNOME", "HOME": "/home/user"}

Command = Callable[[tuple[str, ...], float], CommandResult]


@dataclass
class FaultyHost(FakeHost):
    """Every tool and every file behaves the same broken way."""

    command: Command | None = None  # None: no tool is installed
    content: str | None = None  # None: no file exists; otherwise every file holds this
    listing: Sequence[str] | None = None
    environ: Mapping[str, str] = field(default_factory=lambda: dict(SESSION))

    def _installed(self, tool: str) -> bool:
        return self.command is not None

    def exists(self, path: str) -> bool:
        return self.content is not None

    def list_dir(self, path: str) -> list[str] | None:
        return list(self.listing) if self.listing is not None else None

    def read_text(self, path: str) -> FileRead:
        if self.content is None:
            return FileRead(path, None, tool_missing(path))
        data = self.content.encode("utf-8", "surrogatepass")
        if len(data) > FILE_CAP:
            return FileRead(path, data[:FILE_CAP].decode("utf-8", "replace"), truncated=True)
        return FileRead(path, self.content)

    def read_bytes(self, path: str) -> FileBytes:
        if self.content is None:
            return FileBytes(path, None, tool_missing(path))
        data = self.content.encode("utf-8", "surrogatepass")
        return FileBytes(path, data[:FILE_CAP], truncated=len(data) > FILE_CAP)

    def run(self, argv: Sequence[str], timeout: float = 10.0) -> CommandResult:
        args = tuple(argv)
        self.calls.append(args)
        if self.command is None:
            return CommandResult(args, None, problem=tool_missing(_tool(args)))
        return self.command(args, timeout)


def _tool(args: tuple[str, ...]) -> str:
    return args[0].replace("\\", "/").rsplit("/", 1)[-1]


def times_out(args: tuple[str, ...], timeout: float) -> CommandResult:
    return CommandResult(args, None, problem=timed_out(_tool(args), timeout))


def prints(text: str, code: int = 0, stderr: str = "") -> Command:
    truncated = len(text.encode("utf-8", "surrogatepass")) > FILE_CAP
    if truncated:
        text = text.encode("utf-8", "surrogatepass")[:FILE_CAP].decode("utf-8", "replace")

    def command(args: tuple[str, ...], timeout: float) -> CommandResult:
        problem = None if code == 0 else exited(_tool(args), code, stderr)
        return CommandResult(args, code, text, stderr, problem, truncated)

    return command


def _random_text(seed: int, size: int) -> str:
    return random.Random(seed).randbytes(size).decode("utf-8", "replace")


def _huge_text() -> str:
    rng = random.Random(7)
    words = [
        "".join(rng.choices("abcdefghijklmnopqrstuvwxyz:=-/0123456789", k=9)) for _ in range(500)
    ]
    line = " ".join(words) + "\n"
    return line * (FILE_CAP // len(line) + 64)  # past the cap: the host cuts it and says so


GARBAGE = {
    "random-bytes": _random_text(1, 4096),
    "huge": _huge_text(),
    "truncated-json": '{"blockdevices": [{"name": "sda", "type": "disk", "children": [{"na',
    "truncated-json-list": '[{"Name": "Domain", "Enabled": tr',
    "german": "Status: aktiv\nFirewall ist aktiviert\nAutomatische Updates: ein\nVerschlüsselt: ja",
    "chinese": "状态:活动\n防火墙已启用\n自动更新:开启\n磁盘已加密\n",
    "empty": "",
}


def _garbage_host(text: str, system: str) -> FaultyHost:
    return FaultyHost(system, command=prints(text), content=text, listing=["garbage0", "wlan0"])


FAULTS: dict[str, Callable[[str], FaultyHost]] = {
    "nothing-installed": lambda system: FaultyHost(system),
    "every-command-times-out": lambda system: FaultyHost(system, command=times_out),
    "every-command-exits-1": lambda system: FaultyHost(
        system, command=prints("", 1, "error: something went wrong")
    ),
    "every-command-exits-127": lambda system: FaultyHost(
        system, command=prints("", 127, "sh: 1: not found")
    ),
    **{f"garbage-{name}": functools.partial(_garbage_host, text) for name, text in GARBAGE.items()},
}


def run_all(host: FaultyHost) -> dict[str, ProbeOutcome]:
    """Each probe's SPEC.run, unguarded: a probe that raises fails the test."""
    return {name: spec.run(host) for name, spec in registry().items()}


def judge(rules: Sequence[Rule], outcomes: Mapping[str, ProbeOutcome], system: str) -> list[Any]:
    audit = engine.AuditInput(rules=RULES, outcomes=outcomes, system=system)
    return [engine.evaluate(rule, audit) for rule in rules]


def problems_with(results: list[Any], outcomes: Mapping[str, ProbeOutcome]) -> list[str]:
    problems = []
    for result in results:
        rid, status = result.rule.id, result.status
        facts = result.evidence.get("facts") or {}
        if status == Status.PASS:
            problems.append(f"{rid} passed on a faulty machine: {facts}")
        elif status in (Status.WARN, Status.FAIL):
            print(f"{rid}: {status.value} on evidence {facts} ({result.message.get('en')})")
            if not facts:
                problems.append(f"{rid} is {status.value} without any fact behind it")
        elif status == Status.UNKNOWN and not (
            result.message.get("en").strip() and result.message.get("zh")
        ):
            problems.append(f"{rid} is unknown without a reason")
    for name, outcome in outcomes.items():
        if not outcome.applicable:
            if outcome.reason is None or not outcome.reason.get("en").strip():
                problems.append(f"{name} does not apply, without a reason")
            continue
        for fact in registry()[name].facts:
            why = outcome.fact_reasons.get(fact) or outcome.reason
            unexplained = why is None or not why.get("en").strip() or not why.get("zh")
            if fact not in outcome.facts and unexplained:
                problems.append(f"{name}.{fact} is unknown without a reason")
    return problems


@pytest.mark.parametrize("fault", sorted(FAULTS))
@pytest.mark.parametrize("system", SYSTEMS)
def test_faulty_machine_never_makes_a_probe_rule_pass(system: str, fault: str) -> None:
    outcomes = run_all(FAULTS[fault](system))
    results = judge(PROBE_RULES, outcomes, system)
    assert problems_with(results, outcomes) == []


def _fixture_files() -> list[Path]:
    return sorted(p for p in FIXTURES.rglob("*") if p.is_file() and p.suffix != ".md")


@pytest.mark.parametrize(
    "fixture_path", _fixture_files(), ids=lambda p: f"{p.parent.name}/{p.name}"
)
def test_command_that_exits_nonzero_is_never_believed_even_if_its_output_looks_fine(
    fixture_path: Path,
) -> None:
    # Every command prints what some tool prints on a good day, then exits 1 (files absent).
    text = fixture_path.read_text("utf-8", errors="replace")
    for system in SYSTEMS:
        host = FaultyHost(system, command=prints(text, 1, "error"))
        outcomes = run_all(host)
        passed = [r.rule.id for r in judge(PROBE_RULES, outcomes, system) if r.status == "pass"]
        assert passed == [], system


def _json_fixtures() -> list[Path]:
    return [p for p in _fixture_files() if p.read_text("utf-8", "replace").lstrip()[:1] in "[{"]


@pytest.mark.parametrize(
    "fixture_path", _json_fixtures(), ids=lambda p: f"{p.parent.name}/{p.name}"
)
def test_json_cut_short_is_never_believed(fixture_path: Path) -> None:
    text = fixture_path.read_text("utf-8", errors="replace").rstrip()
    for cut in (text[: len(text) // 2], text[:-1]):
        for system in SYSTEMS:
            outcomes = run_all(FaultyHost(system, command=prints(cut)))
            passed = [r.rule.id for r in judge(PROBE_RULES, outcomes, system) if r.status == "pass"]
            assert passed == [], (system, cut[-40:])


# --- the hosts file -----------------------------------------------------------------------------
# /etc/hosts is read, not asked for: a hosts file that is absent, or whose lines a resolver would
# ignore, really does redirect nothing, so the rule may pass on it whatever the commands do. It
# must not pass when the file could not be read whole, or (Windows) when nobody could say which
# file Windows uses.


def _hosts_result(host: FaultyHost | FakeHost) -> Any:
    outcome = registry()["hosts_file"].run(host)
    (result,) = judge(
        [r for r in RULES if r.id == HOSTS_RULE], {"hosts_file": outcome}, host.system
    )
    return result


HIJACK_AFTER_THE_CAP = "# " + "x" * 120 + "\n"


@pytest.mark.parametrize("system", ["linux", "macos"])
@pytest.mark.parametrize(
    "case",
    ["unreadable", "binary", "truncated-and-search-times-out", "truncated-and-search-fails"],
)
def test_hosts_file_that_cannot_be_read_whole_never_passes(system: str, case: str) -> None:
    path = "/etc/hosts"
    big = HIJACK_AFTER_THE_CAP * (FILE_CAP // len(HIJACK_AFTER_THE_CAP) + 10)
    host: FakeHost
    if case == "unreadable":
        host = FakeHost(system, unreadable=[path])
    elif case == "binary":
        host = FakeHost(system, files={path: "1\x002\x007\x00.\x000\x00"})
    else:
        host = FaultyHost(
            system,
            command=times_out if case.endswith("times-out") else prints("", 2, "grep: error"),
            content=big,
        )
    result = _hosts_result(host)
    assert result.status != Status.PASS, result.message.get("en")
    assert result.message.get("en").strip()


REG_FAULTS: dict[str, Command | None] = {
    "reg-missing": None,
    "reg-times-out": times_out,
    "reg-fails": prints("", 1, "ERROR: Access is denied."),
    "reg-prints-garbage": prints(_random_text(3, 512)),
}


@pytest.mark.parametrize("fault", sorted(REG_FAULTS))
def test_windows_hosts_file_never_passes_when_the_registry_cannot_say_where_it_is(
    fault: str,
) -> None:
    clean = "127.0.0.1 localhost\n"
    host = FaultyHost("windows", command=REG_FAULTS[fault], content=clean)
    result = _hosts_result(host)
    assert result.status != Status.PASS, result.message.get("en")


# --- the overall deadline -----------------------------------------------------------------------


@dataclass
class SlowHost:
    """Every call hangs until released (at most a minute, so no thread outlives the test) and
    counts itself once it returns."""

    system: str = "linux"
    release: threading.Event = field(default_factory=threading.Event)
    returned: list[int] = field(default_factory=list)
    cache: FactCache | None = None

    def _slow(self) -> None:
        self.release.wait(60)
        self.returned.append(1)

    def run(self, argv: Sequence[str], timeout: float = 10.0) -> CommandResult:
        self._slow()
        return times_out(tuple(argv), timeout)

    def read_text(self, path: str) -> FileRead:
        self._slow()
        return FileRead(path, None, permission_denied(path))

    def read_bytes(self, path: str) -> FileBytes:
        self._slow()
        return FileBytes(path, None, permission_denied(path))

    def exists(self, path: str) -> bool:
        self._slow()
        return False

    def which(self, tool: str) -> str | None:
        self._slow()
        return None

    def env(self, name: str) -> str | None:
        self._slow()
        return None

    def list_dir(self, path: str) -> list[str] | None:
        self._slow()
        return None

    def stat(self, path: str) -> FileStat | None:
        self._slow()
        return None


@pytest.mark.parametrize("system", ["linux", "windows"])
def test_overall_deadline_holds_when_every_probe_hangs(system: str) -> None:
    host = SlowHost(system)
    names = sorted(registry())
    try:
        outcomes = probes.gather(names, host=host, deadline_s=0.5)
        # Released only now: had gather waited for any call, it would not have returned yet.
        returned_before = len(host.returned)
    finally:
        host.release.set()
    assert returned_before == 0, "gather waited for a hanging call instead of its deadline"
    assert sorted(outcomes) == names
    for name, outcome in outcomes.items():
        if not outcome.applicable:  # decided from the system name alone, before any wait
            assert outcome.reason is not None, name
            continue
        assert outcome.facts == {}, name
        assert outcome.reason is not None and "0.5 s" in outcome.reason.get("en"), name
    results = judge(PROBE_RULES, outcomes, system)
    assert all(r.status != Status.PASS for r in results)


# Seconds to hang: two minutes, far beyond the test's timeout, so that a deadline that does not
# cut commands off fails the test; this process's id is in the decimals so that our sleepers
# can be told from anyone else's (another run of this suite, say).
HANG = f"120.{os.getpid():07d}1"


def _hanging() -> list[str]:
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if HANG.encode() in cmdline.read_bytes():
                found.append(cmdline.parent.name)
        except OSError:
            continue
    return found


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="needs Linux /proc")
@pytest.mark.timeout(60)
def test_overall_deadline_kills_real_commands_that_hang(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every tool a Linux probe may call is a script that sleeps; the real host must cut them
    # off at the deadline (commands get at most the time left) instead of waiting 10 s each.
    tools = {"apt-get", "dnf", "zypper", "pacman", "lsblk", "nmcli", "iw"}  # behind file checks
    for make in FAULTS.values():
        recorder = make("linux")
        run_all(recorder)
        tools.update(_tool(call) for call in recorder.calls)
    assert {"findmnt", "ip", "nft"} <= tools, tools
    sleep = shutil.which("sleep")
    assert sleep is not None
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in tools:
        script = bin_dir / tool
        script.write_text(f"#!/bin/sh\nexec {sleep} {HANG}\n")
        script.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    # Without the deadline this would wait two minutes a command: the timeout fails it first.
    outcomes = probes.gather(sorted(registry()), deadline_s=0.5)
    for name, outcome in outcomes.items():
        if outcome.applicable and not outcome.facts:
            assert outcome.reason is not None, name
    give_up = time.monotonic() + 30  # a safety net: a killed command is gone at once
    while _hanging() and time.monotonic() < give_up:
        time.sleep(0.05)
    assert _hanging() == [], "commands were left running after the deadline"
    results = judge(PROBE_RULES, outcomes, "linux")
    passed = [r.rule.id for r in results if r.status == Status.PASS]
    # Rules decided by files alone (the OS release) may pass; none that needs a command.
    needs_command = {"device.os_updates", "device.firewall", "device.disk_encryption"}
    assert not needs_command & set(passed), passed


# --- a machine with no tools at all -------------------------------------------------------------


def test_audit_with_an_empty_path_finishes_and_os_updates_does_not_pass(
    cli: Callable[..., Run],
) -> None:
    run = cli("audit", "--format", "json", env={"PATH": ""})
    assert run.code == 0, run.stderr
    assert "Traceback" not in run.stderr
    report = json.loads(run.stdout)
    by_id = {r["id"]: r for r in report["results"]}
    assert by_id["device.os_updates"]["status"] != "pass"
    for rule in PROBE_RULES:
        result = by_id[rule.id]
        assert result["message"].strip(), rule.id
        if result["status"] == "pass":
            assert result["evidence"].get("facts"), rule.id


def test_the_fault_matrix_would_see_a_pass() -> None:
    # The matrix proves something only if a tool that says all is well does make a rule pass
    # through the same harness: firewalld answering "running" (exit 0) does.
    outcomes = run_all(FaultyHost("linux", command=prints("running\n")))
    problems = problems_with(judge(PROBE_RULES, outcomes, "linux"), outcomes)
    assert any(p.startswith("device.firewall passed") for p in problems), problems
