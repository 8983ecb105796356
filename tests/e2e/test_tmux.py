"""End to end in a real terminal: the installed `securecheck` inside tmux at 110x32.

Types a canary password, answers a question, exports, quits; every screen captured on the way,
the export and every file under the test's HOME / XDG dirs must be free of the canary, and the
exit code must be 0. States are awaited by polling capture-pane, never by sleeping blindly.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import shared_facts_dir

CANARY = "Canary-Pw-7fQ2zR9x"
TMUX = shutil.which("tmux")
SECURECHECK = shutil.which(
    "securecheck",
    path=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
)

pytestmark = [
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed (CI installs it)"),
    pytest.mark.skipif(
        SECURECHECK is None,
        reason="the securecheck console script is not installed next to this Python",
    ),
]


class Terminal:
    def __init__(self, socket: str) -> None:
        self.socket = socket
        self.screens: list[str] = []

    def tmux(self, *args: str) -> str:
        assert TMUX is not None
        done = subprocess.run(
            [TMUX, "-L", self.socket, *args],
            capture_output=True,
            text=True,
            timeout=30,
            env={**os.environ, "TMUX": ""},
        )
        return done.stdout

    def capture(self) -> str:
        screen = self.tmux("capture-pane", "-p", "-t", "sc")
        self.screens.append(screen)
        return screen

    def wait_for(self, test: Callable[[str], bool], what: str, timeout: float = 20) -> float:
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if test(self.capture()):
                return time.monotonic() - started
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}; screen:\n{self.screens[-1]}")

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.tmux("send-keys", "-t", "sc", *(["-l"] if literal else []), *keys)


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    term = Terminal(f"sc-{uuid.uuid4().hex[:8]}")
    yield term
    term.tmux("kill-server")


def test_password_answer_export_quit_in_a_real_terminal(
    tmp_path: Path, terminal: Terminal, tmp_path_factory: pytest.TempPathFactory
) -> None:
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    exit_file = tmp_path / "exit-code"
    env = {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        # The run's shared fact cache: the probes run, apt's update count is reused.
        "XDG_CACHE_HOME": str(shared_facts_dir(tmp_path_factory)),
        "XDG_STATE_HOME": str(home / "state"),
        "LANG": "C.UTF-8",
        "TERM": "xterm-256color",
    }
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    command = (
        f"cd {shlex.quote(str(work))} && env {exports} {shlex.quote(str(SECURECHECK))} "
        f"--lang en; echo EXIT=$? > {shlex.quote(str(exit_file))}"
    )
    terminal.tmux(
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

    # How fast it shows is measured in bench/bench_app.py; here only that it shows.
    terminal.wait_for(lambda s: "Score" in s and "Two-factor" in s, "the checklist")

    terminal.keys("p")
    terminal.wait_for(lambda s: "Check your exchange password" in s, "the password screen")
    terminal.keys(CANARY, literal=True)
    terminal.wait_for(lambda s: "Verdict:" in s and "/4" in s, "the password verdict")
    terminal.keys("Enter")
    terminal.wait_for(lambda s: "result saved" in s, "the saved notice")

    terminal.keys("g")
    terminal.wait_for(lambda s: "Question 1 of" in s, "guided mode")
    terminal.keys("1")
    terminal.wait_for(lambda s: "Question 2 of" in s, "the next question")
    terminal.keys("Escape")
    terminal.wait_for(
        lambda s: "Check your exchange" not in s and "Question" not in s, "the checklist again"
    )

    terminal.keys("e")
    terminal.wait_for(lambda s: "Export the report" in s, "the export dialog")
    terminal.keys("Enter")
    terminal.wait_for(lambda s: "Report saved" in s, "the export notice")

    terminal.keys("C-q")
    deadline = time.monotonic() + 20
    while not exit_file.exists() and time.monotonic() < deadline:
        terminal.capture()
        time.sleep(0.05)
    assert exit_file.read_text().strip() == "EXIT=0"

    assert not [s for s in terminal.screens if CANARY in s], "the canary reached the screen"
    reports = list(work.glob("securecheck-report-*.json"))
    assert len(reports) == 1 and reports[0].with_suffix(".md").exists()
    data = json.loads(reports[0].read_text(encoding="utf-8"))
    strength = next(r for r in data["results"] if r["id"] == "password.strength")
    assert strength["evidence_kind"] == "computed"
    answers = home / "config" / "securecheck" / "answers.yaml"
    kept = answers.read_text(encoding="utf-8")
    assert "answered_at" in kept and "password:" in kept  # the verdict, never the password
    for path in [*home.rglob("*"), *work.rglob("*")]:
        if path.is_file():
            assert CANARY.encode() not in path.read_bytes(), path
