"""A crash with a password in the field, in the analysis and in a local prints no password.

The app runs in a child process through `run_app` (headless, driven by an auto-pilot), so what
reaches the real stdout/stderr and the exit code are what a user would get. The failures happen
where the work really runs: the password service's child process is a real one that kills
itself on the request (SIGKILL, no core file), the app then analyses in-process as it does
after any such death, and that analysis raises with the password in its message; then the UI
itself crashes with the password in a local variable.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from tui.tuikit import CANARY

CHILD = textwrap.dedent(
    """
    import json, signal, sys
    from pathlib import Path

    import securecheck.password.analyse as password
    import securecheck.password.service as service_module
    from securecheck.password.service import PasswordService
    from securecheck.tui import run_app
    from securecheck.tui.app import SecurecheckApp
    from securecheck.tui.widgets import strength

    canary, answers = sys.argv[1], Path(sys.argv[2])
    DYING = (sys.executable, "-c",
             "import os, signal, sys; sys.stdin.readline(); os.kill(os.getpid(), signal.SIGKILL)")
    children = []

    class DyingService(PasswordService):  # a real child that dies on the first request
        def __init__(self):
            super().__init__(DYING)

        def _ensure_started(self):
            proc = super()._ensure_started()
            children.append(proc)
            return proc

    service_module.PasswordService = DyingService  # the app loads it when it needs it

    def analyse(secret, *args, **kwargs):  # the in-process fallback fails, password in hand
        raise ValueError(f"cannot analyse {secret.reveal()}")

    password.analyse = analyse
    show_quick = strength.StrengthMeter.show_quick

    def show_quick_then_crash(self, estimate, lang):  # a UI crash with it in a local
        typed_password = self.screen.query_one("#password").value
        if typed_password.endswith("!"):
            raise RuntimeError(f"meter broke on {typed_password}")
        return show_quick(self, estimate, lang)

    strength.StrengthMeter.show_quick = show_quick_then_crash
    seen = {}

    async def drive(pilot):
        await pilot.press("p")
        await pilot.press(*canary)
        for _ in range(600):  # a safety net: until the analysis has failed and said so
            await pilot.pause(0.05)
            shown = [n.message for n in pilot.app._notifications if n.severity == "error"]
            if shown:
                break
        seen["shown"] = shown
        seen["child_exit"] = [child.poll() for child in children]
        await pilot.press("!")  # the UI crashes
        await pilot.pause(0.5)

    run = SecurecheckApp.run
    SecurecheckApp.run = lambda self, **kw: run(self, headless=True, size=(110, 32),
                                                auto_pilot=drive)
    code = run_app(answers_path=answers, probes=False, lang="en", history=False)
    print("SEEN " + json.dumps(seen))
    sys.exit(code)
    """
)


def test_a_crash_prints_no_password_and_exits_non_zero(tmp_path: Path) -> None:
    log = tmp_path / "textual.log"
    env = {
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "TEXTUAL_LOG": str(log),
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "COLUMNS": "110",
        "LINES": "32",
    }
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, CANARY, str(tmp_path / "answers.yaml")],
        capture_output=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    out = proc.stdout.decode("utf-8", "replace") + proc.stderr.decode("utf-8", "replace")
    assert proc.returncode != 0
    seen = json.loads(next(ln for ln in out.splitlines() if ln.startswith("SEEN "))[5:])
    # The analysis child really died (killed by its own SIGKILL), the fallback failed, and the
    # user was told which task broke and how, without the exception's message.
    assert -9 in seen["child_exit"]
    assert set(seen["shown"]) == {"The password analysis failed: ValueError"}
    assert "RuntimeError" in out and "meter broke on ***" in out  # the crash was reported
    assert CANARY not in out
    assert CANARY[:-1] not in out
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert CANARY.encode() not in path.read_bytes(), path
