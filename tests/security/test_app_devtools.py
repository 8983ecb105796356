"""Devtools attack: with textual-dev installed and TEXTUAL=devtools set, Textual would send
every key event (each character of a typed password) to a console on 127.0.0.1. The app must
never connect, whatever the environment says.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from securecheck.core import audit
from securecheck.tui import quiet_textual
from securecheck.tui.app import SecurecheckApp

CANARY = "Canary-Pw-7fQ2zR9x"

pytest.importorskip("textual_dev", reason="the attack needs textual-dev installed ([test] extra)")

CHILD = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path

    from securecheck.tui import run_app
    from securecheck.tui.app import SecurecheckApp

    canary, answers = sys.argv[1], Path(sys.argv[2])
    seen = {}

    async def drive(pilot):
        await pilot.press("p")
        await pilot.press(*canary)
        await pilot.pause(0.3)
        seen["devtools"] = pilot.app.devtools is not None
        await pilot.press("escape")
        await pilot.press("ctrl+q")

    run = SecurecheckApp.run
    SecurecheckApp.run = lambda self, **kw: run(self, headless=True, size=(110, 32),
                                                auto_pilot=drive)
    code = run_app(answers_path=answers, probes=False, lang="en", history=False)
    seen["textual_dev_loaded"] = any(m.startswith("textual_dev") for m in sys.modules)
    print(json.dumps(seen))
    sys.exit(code)
    """
)


class Console:
    """A TCP listener where the devtools console would be; counts what connects to it."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.accepted = 0
        self.received = b""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            self.accepted += 1
            conn.settimeout(1)
            with contextlib.suppress(OSError):
                self.received += conn.recv(65536)
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.sock.close()


def test_devtools_attack_env_opens_no_socket_and_loads_no_devtools(tmp_path: Path) -> None:
    console = Console()
    try:
        env = {
            "HOME": str(tmp_path),
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "PATH": "/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "TEXTUAL": "devtools,debug",
            "TEXTUAL_DEVTOOLS_HOST": "127.0.0.1",
            "TEXTUAL_DEVTOOLS_PORT": str(console.port),
            "TEXTUAL_LOG": str(tmp_path / "textual.log"),
        }
        proc = subprocess.run(
            [sys.executable, "-c", CHILD, CANARY, str(tmp_path / "answers.yaml")],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=120,
        )
    finally:
        console.close()
    assert proc.returncode == 0, proc.stderr
    seen = proc.stdout.strip().splitlines()[-1]
    assert seen == '{"devtools": false, "textual_dev_loaded": false}'
    assert console.accepted == 0
    assert CANARY.encode() not in console.received
    assert not (tmp_path / "textual.log").exists()


def test_devtools_attack_an_app_built_past_the_entry_point_drops_its_client(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEXTUAL", "devtools")
    app = SecurecheckApp(audit.load_setup(tmp_path / "answers.yaml"), probes=False)
    assert app.devtools is None
    assert "devtools" not in app.features and "debug" not in app.features


def test_quiet_textual_keeps_harmless_features_only() -> None:
    environ = {"TEXTUAL": "Devtools, headless ,debug", "TEXTUAL_LOG": "/tmp/x.log", "X": "1"}
    quiet_textual(environ)
    assert environ == {"TEXTUAL": "headless", "X": "1"}
