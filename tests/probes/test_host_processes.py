"""The real host ends whole process groups: a timed-out or interrupted command leaves nothing.

These start real `sleep` children and count the survivors in /proc. Time limits here are
generous safety nets, never the thing being measured (bench/bench_interrupt.py measures).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Home

from securecheck.probes.system import SystemHost

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/cmdline").exists() or sys.platform == "win32", reason="needs /proc"
)


def marker() -> str:
    """A `sleep` duration nobody else uses, so its processes can be found in /proc."""
    return f"{3000 + uuid.uuid4().int % 1000}.{uuid.uuid4().int % 10**6:06d}"


def survivors(mark: str) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
            status = Path(f"/proc/{entry}/status").read_text()
        except OSError:
            continue
        if "State:\tZ" in status:
            continue  # a zombie has ended; it only waits for its parent to notice
        if mark.encode() in cmdline:
            found.append(int(entry))
    return found


@pytest.fixture
def sigint_as_in_a_terminal() -> Iterator[None]:
    """Children inherit an ignored SIGINT, and a shell starts its background jobs (`pytest &`,
    some CI runners) with SIGINT ignored: the audit under test would never see the Ctrl+C.
    Give it the default a person's terminal gives (a Python handler is reset to the default
    in an exec'd child)."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def wait_for(predicate, limit: float = 10.0) -> bool:  # type: ignore[no-untyped-def]
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.02)
    return bool(predicate())


def test_a_timed_out_command_leaves_no_child_running() -> None:
    mark = marker()
    script = f"sleep {mark} & sleep {mark} & sleep {mark}; wait"
    result = SystemHost().run(["sh", "-c", script], timeout=0.5)
    assert result.returncode is None and result.problem is not None
    assert "timed out" in result.problem.get("en")
    assert wait_for(lambda: not survivors(mark)), survivors(mark)


def test_a_command_that_exits_but_leaves_a_child_holding_its_output_ends_that_child() -> None:
    mark = marker()
    result = SystemHost().run(["sh", "-c", f"echo started; sleep {mark} &"], timeout=20)
    assert result.stdout == "started\n"
    assert wait_for(lambda: not survivors(mark)), survivors(mark)


def test_a_cancelled_host_ends_running_commands_and_starts_no_more() -> None:
    import threading

    mark = marker()
    host = SystemHost()
    results = []
    worker = threading.Thread(
        target=lambda: results.append(host.run(["sh", "-c", f"sleep {mark}; true"], timeout=60))
    )
    worker.start()
    assert wait_for(lambda: bool(survivors(mark)))
    host.cancel()
    worker.join(10)
    assert not worker.is_alive()
    assert results[0].problem is not None and "interrupted" in results[0].problem.get("en")
    assert wait_for(lambda: not survivors(mark)), survivors(mark)
    again = host.run(["true"])
    assert again.returncode is None and again.problem is not None


INTERRUPTED_AUDIT = textwrap.dedent(
    """
    import sys
    from securecheck.core.model import ProbeOutcome
    from securecheck.probes import gather
    from securecheck.probes.facts import ProbeDeclaration
    from securecheck.probes.host import ProbeSpec

    def slow(host):
        host.run(["sh", "-c", "sleep {mark} & sleep {mark}; wait"], timeout=120)
        return ProbeOutcome("slow", {{}})

    spec = ProbeSpec(ProbeDeclaration("slow", ()), slow)
    gather.probe_spec = lambda name: spec
    try:
        gather.gather(["slow", "slower"], deadline_s=120)
    except KeyboardInterrupt:
        print("interrupted", flush=True)
        sys.exit(130)
    """
)


@pytest.mark.usefixtures("sigint_as_in_a_terminal")
def test_ctrl_c_during_gathering_ends_the_commands_and_the_process(tmp_path: Path) -> None:
    mark = marker()
    script = tmp_path / "audit.py"
    script.write_text(INTERRUPTED_AUDIT.format(mark=mark))
    proc = subprocess.Popen(
        [sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        assert wait_for(lambda: len(survivors(mark)) >= 4), "the commands never started"
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=20)
    finally:
        proc.kill()
    assert proc.returncode == 130, err
    assert out.decode().strip() == "interrupted"
    assert wait_for(lambda: not survivors(mark)), survivors(mark)


@pytest.mark.usefixtures("sigint_as_in_a_terminal")
def test_ctrl_c_stops_the_headless_audit_and_its_commands(tmp_path: Path, home: Home) -> None:
    """`securecheck audit` with a probe command that hangs: Ctrl+C ends both."""
    mark = marker()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("ip", "findmnt", "apt-get", "ufw", "iptables", "nft"):
        fake = bin_dir / tool
        fake.write_text(f"#!/bin/sh\nexec /bin/sleep {mark}\n")
        fake.chmod(0o755)
    env = {**home.env, "PATH": str(bin_dir)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "securecheck", "audit", "--format", "json"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert wait_for(lambda: bool(survivors(mark)), 30), "no probe command started"
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=20)
    finally:
        proc.kill()
    assert proc.returncode == 130, err
    assert out == b""
    assert b"interrupted" in err
    assert wait_for(lambda: not survivors(mark)), survivors(mark)
