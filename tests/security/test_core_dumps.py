"""A process that may hold a password writes no core file and cannot be traced.

Attack (issue 10 §4): `kill -ABRT` of the app wrote a 139 MB core with the password in it four
times; Ctrl+\\ during `audit --password-stdin` wrote one too. Each process is started here with
core files allowed (`ulimit -c unlimited`, as on many desktops), and must have turned them off
itself: /proc/<pid>/limits shows a core file size of 0, soft and hard.
"""

from __future__ import annotations

import os
import resource
import shlex
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import Home, securecheck_command

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not Path("/proc/self/limits").exists(),
    reason="reads /proc/<pid>/limits (Linux)",
)
SAFETY_NET_S = 30


def _allow_cores() -> None:
    # What the user's shell may have: a core file for any crash.
    _, hard = resource.getrlimit(resource.RLIMIT_CORE)
    resource.setrlimit(resource.RLIMIT_CORE, (hard, hard))


@pytest.fixture(autouse=True)
def cores_can_be_allowed() -> None:
    if resource.getrlimit(resource.RLIMIT_CORE)[1] == 0:
        pytest.skip("core files are forbidden here already (hard limit 0)")


def core_limit(pid: int) -> tuple[str, str] | None:
    """(soft, hard) of 'Max core file size' in /proc/<pid>/limits, None while unreadable."""
    try:
        text = Path(f"/proc/{pid}/limits").read_text()
    except OSError:
        return None
    line = next(ln for ln in text.splitlines() if ln.startswith("Max core file size"))
    soft, hard = line.split()[4:6]
    return soft, hard


def wait_for(test: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + SAFETY_NET_S
    while time.monotonic() < deadline:
        if test():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def test_audit_reading_a_password_turns_core_files_off(home: Home, tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [*securecheck_command(), "audit", "--no-probes", "--password-stdin"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=home.env,
        cwd=tmp_path,
        preexec_fn=_allow_cores,
    )
    try:
        # It waits for the password now; by then it must have forbidden cores.
        wait_for(lambda: core_limit(proc.pid) == ("0", "0"), "RLIMIT_CORE 0 of the audit")
        assert proc.stdin is not None
        proc.stdin.write(b"Tr0ub4dor&3-correct-horse\n")
        proc.stdin.close()
        assert proc.wait(SAFETY_NET_S) == 0
    finally:
        proc.kill()
        proc.wait()


def test_audit_without_a_password_leaves_core_files_alone(home: Home) -> None:
    # Only a process that may hold a password gives up its core files.
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import resource, sys\n"
            "from securecheck import cli\n"
            "cli.main(['audit', '--no-probes', '--format', 'json'])\n"
            "sys.stderr.write(str(resource.getrlimit(resource.RLIMIT_CORE)[0]))\n",
        ],
        env=home.env,
        capture_output=True,
        text=True,
        timeout=SAFETY_NET_S,
        preexec_fn=_allow_cores,
    )
    assert done.stderr.strip() != "0"


def test_kill_abrt_of_a_password_audit_writes_no_core_file(home: Home, tmp_path: Path) -> None:
    if Path("/proc/sys/kernel/core_pattern").read_text().startswith("|"):
        pytest.skip("cores go to a helper program here, not to a file we can look for")
    proc = subprocess.Popen(
        [*securecheck_command(), "audit", "--no-probes", "--password-stdin"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=home.env,
        cwd=tmp_path,
        preexec_fn=_allow_cores,
    )
    wait_for(lambda: core_limit(proc.pid) == ("0", "0"), "RLIMIT_CORE 0 of the audit")
    os.kill(proc.pid, signal.SIGABRT)  # what Ctrl+\ (SIGQUIT) and a crash do too
    assert proc.wait(SAFETY_NET_S) == -signal.SIGABRT
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("core")]


def test_password_service_child_turns_core_files_off() -> None:
    from securecheck.password.service import PasswordService

    old = resource.getrlimit(resource.RLIMIT_CORE)
    _allow_cores()  # the child inherits what the app had before it hardened itself
    service = PasswordService()
    try:
        service.start()
        pid = service.pid
        assert pid is not None
        wait_for(lambda: core_limit(pid) == ("0", "0"), "RLIMIT_CORE 0 of the service")
    finally:
        service.close()
        resource.setrlimit(resource.RLIMIT_CORE, old)


def test_hardened_process_cannot_be_traced_or_dumped() -> None:
    code = (
        "from securecheck.core.hardening import forbid_core_dumps, is_dumpable\n"
        "before = is_dumpable()\n"
        "forbid_core_dumps()\n"
        "print(before, is_dumpable())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=SAFETY_NET_S
    )
    assert done.stdout.split() == ["True", "False"], done.stderr


# --- the app, in a real terminal -----------------------------------------------------------

TMUX = shutil.which("tmux")


@pytest.fixture
def tmux_socket() -> Iterator[str]:
    socket = f"sc-core-{uuid.uuid4().hex[:8]}"
    yield socket
    subprocess.run([str(TMUX), "-L", socket, "kill-server"], capture_output=True, timeout=30)


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed (CI installs it)")
def test_app_turns_core_files_off(home: Home, tmp_path: Path, tmux_socket: str) -> None:
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in home.env.items())
    app = " ".join(shlex.quote(a) for a in [*securecheck_command(), "--lang", "en", "--no-probes"])
    # `exec`: the pane's process is the app itself, started with core files allowed.
    command = f"ulimit -c unlimited; cd {shlex.quote(str(tmp_path))} && exec env {exports} {app}"

    def tmux(*args: str) -> str:
        done = subprocess.run(
            [str(TMUX), "-L", tmux_socket, *args],
            capture_output=True,
            text=True,
            timeout=30,
            env={**os.environ, "TMUX": ""},
        )
        return done.stdout

    tmux(
        "-f",
        "/dev/null",
        "new-session",
        "-d",
        "-x",
        "110",
        "-y",
        "32",
        "-s",
        "sc",
        "sh",
        "-c",
        command,
    )
    wait_for(lambda: "Score" in tmux("capture-pane", "-p", "-t", "sc"), "the checklist")
    pid = int(tmux("list-panes", "-t", "sc", "-F", "#{pane_pid}").split()[0])
    assert "securecheck" in Path(f"/proc/{pid}/cmdline").read_text()
    assert core_limit(pid) == ("0", "0")
    tmux("send-keys", "-t", "sc", "C-q")
