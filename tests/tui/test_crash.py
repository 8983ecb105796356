"""A crash with a password in the field, in a worker and in a local prints no password.

The app runs in a child process through `run_app` (headless, driven by an auto-pilot), so what
reaches the real stdout/stderr and the exit code are what a user would get.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from tui.tuikit import CANARY

CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path

    import securecheck.password.analyse as password
    from securecheck.tui import run_app
    from securecheck.tui.app import SecurecheckApp
    from securecheck.tui.widgets import strength

    canary, answers = sys.argv[1], Path(sys.argv[2])

    def analyse(secret, *args, **kwargs):  # a worker failure carrying the password
        raise ValueError(f"cannot analyse {secret.reveal()}")

    password.analyse = analyse
    show_quick = strength.StrengthMeter.show_quick

    def show_quick_then_crash(self, estimate, lang):  # a UI crash with it in a local
        typed_password = self.screen.query_one("#password").value
        if typed_password.endswith("!"):
            raise RuntimeError(f"meter broke on {typed_password}")
        return show_quick(self, estimate, lang)

    strength.StrengthMeter.show_quick = show_quick_then_crash

    async def drive(pilot):
        await pilot.press("p")
        await pilot.press(*canary)
        await pilot.pause(0.5)  # the analysis worker fails (and is reported)
        await pilot.press("!")  # the UI crashes
        await pilot.pause(0.5)

    run = SecurecheckApp.run
    SecurecheckApp.run = lambda self, **kw: run(self, headless=True, size=(110, 32),
                                                auto_pilot=drive)
    sys.exit(run_app(answers_path=answers, probes=False, lang="en"))
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
    assert "RuntimeError" in out and "meter broke on ***" in out  # the crash was reported
    assert CANARY not in out
    assert CANARY[:-1] not in out
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert CANARY.encode() not in path.read_bytes(), path
