"""The password never leaves memory.

A canary password goes through every path a user can send one down, and then we look for it —
as text, as its SHA-1 and SHA-256 hex, as UTF-8 base64 at any alignment — in stdout, stderr,
every file under the temporary HOME, XDG dirs and working directory, the report, and the argv
and environment of every child process the audit starts (recorded from inside the process by
an audit hook). It must be in none of them.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import re
import subprocess
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import CANARY, Home, Run, write
from rich.console import Console
from rich.traceback import Traceback
from security.secscan import Watch, found_in, leaks_in_tree, numbers_in

from securecheck.core.engine import PASSWORD_NOT_CHECKED
from securecheck.core.secret import Secret

# Three passwords that take different paths through the analysis: strong (pass), built on the
# user's own name (fail, with reasons and zxcvbn feedback), and non-ASCII (NFKC, UTF-8).
# Each is longer than the largest number the evidence may hold (guesses_log10 is capped at
# 14), so a number equal to its length in the evidence can only be the length.
STRONG = CANARY
PERSONAL = "Zorbaxq-password-2024"
CJK = "密码甲乙丙丁戊-Canary-7fQ2"
CANARIES = {"strong": STRONG, "personal": PERSONAL, "cjk": CJK}
EXPECTED_STATUS = {"strong": {"pass"}, "personal": {"fail"}, "cjk": {"pass", "warn", "fail"}}

PROFILE = "version: 1\nprofile:\n  email: zorbaxq@example.com\n  username: zorbaxq\n"

Cli = Callable[..., Run]


@pytest.fixture
def cwd(tmp_path: Path) -> Path:
    path = tmp_path / "cwd"
    path.mkdir()
    return path


@pytest.fixture
def watch(tmp_path: Path) -> Watch:
    return Watch.create(tmp_path / "watch")


def answers_file(home: Home) -> Path:
    return write(home.config / "answers.yaml", PROFILE)


def assert_nowhere(secret: str, run: Run, home: Home, cwd: Path, watch: Watch | None) -> None:
    """The secret is in no output, no file and no child process's argv or environment."""
    assert found_in(run.stdout, secret) == [], "stdout"
    assert found_in(run.stderr, secret) == [], "stderr"
    assert leaks_in_tree([home.root, cwd], secret) == {}
    if watch is not None:
        assert watch.installed(), "the audit hook did not run: this test would prove nothing"
        for child in watch.children():
            shown = json.dumps(child, ensure_ascii=False)
            assert found_in(shown, secret) == [], f"child process: {child.get('argv')}"


def password_result(report: dict[str, Any]) -> dict[str, Any]:
    return next(r for r in report["results"] if r["id"] == "password.strength")


def assert_analysed(text: str, fmt: str, canary: str) -> None:
    """Guard against a vacuous pass: the password really went through the analysis."""
    for lang in ("en", "zh"):
        assert PASSWORD_NOT_CHECKED.get(lang) not in text
    if fmt == "json":
        result = password_result(json.loads(text))
        assert result["status"] in EXPECTED_STATUS[canary]
        assert result["evidence_kind"] == "computed"


# --- headless ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "to_file", "lang", "canary"),
    [
        ("text", False, "en", "strong"),
        ("json", False, "zh", "personal"),
        ("markdown", False, "en", "cjk"),
        ("json", True, "en", "cjk"),
        ("markdown", True, "zh", "strong"),
        ("text", True, "zh", "personal"),
    ],
)
def test_headless_audit_writes_the_password_nowhere(
    cli: Cli, home: Home, cwd: Path, watch: Watch, fmt: str, to_file: bool, lang: str, canary: str
) -> None:
    secret = CANARIES[canary]
    answers_file(home)
    output = ["--output", "report.out"] if to_file else []
    run = cli(
        "-vv",
        "audit",
        "--password-stdin",
        "--no-probes",
        "--format",
        fmt,
        "--lang",
        lang,
        *output,
        stdin=secret + "\n",
        cwd=cwd,
        env=watch.env(),
    )
    assert run.code == 0, run.stderr
    report = (cwd / "report.out").read_text("utf-8") if to_file else run.stdout
    assert_analysed(report, fmt, canary)
    assert_nowhere(secret, run, home, cwd, watch)


# Every probe command goes through the same runner (argv and environment built one way):
# the children of an audit that reuses the run's update count (no apt-get) show it as well.
@pytest.mark.usefixtures("shared_facts")
def test_full_audit_gives_no_child_process_the_password(
    cli: Cli, home: Home, cwd: Path, watch: Watch
) -> None:
    # The probes run after the analysis and see none of its input; one password is enough.
    canary = "personal"
    secret = CANARIES[canary]
    answers_file(home)
    run = cli(
        "-vv",
        "audit",
        "--password-stdin",
        "--format",
        "json",
        "--output",
        "report.json",
        stdin=secret + "\n",
        cwd=cwd,
        env=watch.env(),
    )
    assert run.code == 0, run.stderr
    assert_analysed((cwd / "report.json").read_text("utf-8"), "json", canary)
    assert watch.children(), "no probe ran a command: the child check would prove nothing"
    assert_nowhere(secret, run, home, cwd, watch)


@pytest.mark.parametrize("canary", sorted(CANARIES))
def test_password_evidence_does_not_give_away_its_length(
    cli: Cli, home: Home, cwd: Path, canary: str
) -> None:
    secret = CANARIES[canary]
    answers_file(home)
    run = cli("audit", "--password-stdin", "--no-probes", "--format", "json", stdin=secret, cwd=cwd)
    assert run.code == 0, run.stderr
    evidence = password_result(json.loads(run.stdout))["evidence"]
    assert evidence, "no evidence at all: nothing to check"
    assert len(secret) not in numbers_in(evidence), evidence
    assert not {"length", "password", "hash"} & set(evidence)


def test_broken_answers_file_stops_the_audit_without_echoing_the_password(
    cli: Cli, home: Home, cwd: Path, watch: Watch
) -> None:
    broken = write(home.config / "answers.yaml", "version: 1\nanswers: [unclosed\n")
    before = broken.read_bytes()
    run = cli(
        "-vv",
        "audit",
        "--password-stdin",
        "--output",
        "report.json",
        stdin=STRONG + "\n",
        cwd=cwd,
        env=watch.env(),
    )
    assert run.code == 2
    assert f"{broken}:3:" in run.stderr or f"{broken}:2:" in run.stderr, run.stderr
    assert "Traceback" not in run.stderr
    assert run.stdout == ""
    assert not (cwd / "report.json").exists()
    assert broken.read_bytes() == before
    assert_nowhere(STRONG, run, home, cwd, watch)


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        (STRONG.encode() + b"\xff\xfe\n", "not UTF-8"),
        ((STRONG * 60_000).encode() + b"\n", "longer than 1 MiB"),
    ],
    ids=["not-utf8", "over-1mib"],
)
def test_refused_password_input_is_not_echoed(
    cli: Cli, home: Home, cwd: Path, stdin: bytes, message: str
) -> None:
    # The first line is the canary plus bytes that make it unusable: the error must say why
    # without quoting what it got.
    run = cli("-vv", "audit", "--password-stdin", "--no-probes", stdin=stdin, cwd=cwd)
    assert run.code == 2
    assert message in run.stderr
    assert "Traceback" not in run.stderr
    assert_nowhere(STRONG, run, home, cwd, None)


# --- crashes ------------------------------------------------------------------------------------

# zxcvbn is what sees the password; a bug there that raises with the password in the message
# (KeyError(token) is the classic) is the likeliest way it would reach a terminal.
RAISE_IN_ZXCVBN = """
import zxcvbn.matching as _matching
def _explode(password, *args, **kwargs):
    raise KeyError(password)
_matching.sequence_match = _explode
"""

# A bug of ours after the password was read, with it in a local and the Secret formatted into
# the message: a traceback is expected (our bug), the password in it is not.
RAISE_AFTER_READING = """
import securecheck.core.audit as _audit
def _check_password(rules, secret, profile):
    text = secret.reveal()
    raise RuntimeError(f"could not analyse {secret!r} ({secret}, {secret:>30})")
_audit.check_password = _check_password
"""


def test_crash_inside_the_analysis_is_an_error_result_without_the_password(
    cli: Cli, home: Home, cwd: Path, tmp_path: Path
) -> None:
    watch = Watch.create(tmp_path / "watch", extra=RAISE_IN_ZXCVBN)
    run = cli(
        "-vv",
        "audit",
        "--password-stdin",
        "--no-probes",
        "--format",
        "json",
        stdin=STRONG + "\n",
        cwd=cwd,
        env=watch.env(),
    )
    assert run.code == 0, run.stderr
    assert "Traceback" not in run.stderr
    result = password_result(json.loads(run.stdout))
    assert result["status"] == "error"  # never a pass, never a blank
    assert_nowhere(STRONG, run, home, cwd, watch)


def test_crash_after_the_password_was_read_prints_no_password(
    cli: Cli, home: Home, cwd: Path, tmp_path: Path
) -> None:
    watch = Watch.create(tmp_path / "watch", extra=RAISE_AFTER_READING)
    run = cli(
        "-vv",
        "audit",
        "--password-stdin",
        "--no-probes",
        "--output",
        "report.json",
        stdin=STRONG + "\n",
        cwd=cwd,
        env=watch.env(),
    )
    assert run.code != 0
    assert "could not analyse Secret(***)" in run.stderr  # the injected bug did fire
    assert run.stdout == ""
    assert not (cwd / "report.json").exists()
    assert_nowhere(STRONG, run, home, cwd, watch)


def _frame_holding(secret: Secret) -> BaseException:
    try:
        raise RuntimeError(f"while checking {secret!r}")
    except RuntimeError as exc:
        return exc


def test_secret_in_a_frame_stays_hidden_in_tracebacks_with_locals(
    caplog: pytest.LogCaptureFixture,
) -> None:
    secret = Secret(STRONG)
    error = _frame_holding(secret)
    shown = "".join(
        traceback.TracebackException.from_exception(error, capture_locals=True).format()
    )
    assert "Secret(***)" in shown
    assert found_in(shown, STRONG) == []
    # rich's Traceback with locals is what Textual prints on a crash by default.
    console = Console(record=True, width=200, color_system=None)
    console.print(
        Traceback.from_exception(type(error), error, error.__traceback__, show_locals=True)
    )
    assert found_in(console.export_text(), STRONG) == []
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("securecheck.test").debug("got %s %r", secret, secret, exc_info=error)
    assert found_in(caplog.text, STRONG) == []


# --- the app ------------------------------------------------------------------------------------
# Driven in-process through Textual's Pilot, in the temporary HOME. Besides files and logs, the
# app has three ways out: the screen, the clipboard (app.clipboard, and the OSC 52 escape it
# writes to the terminal) and notifications.

SIZE = (110, 32)


@pytest.fixture
def app_home(home: Home, cwd: Path, monkeypatch: pytest.MonkeyPatch) -> Home:
    for name, value in home.env.items():
        if name == "HOME" or name.startswith("XDG_"):
            monkeypatch.setenv(name, value)
    (home.root / "Downloads").mkdir()  # where Textual's screenshot command would save
    monkeypatch.chdir(cwd)
    return home


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Everything the app writes to its terminal driver (OSC 52 copies go this way)."""
    from textual.drivers.headless_driver import HeadlessDriver

    written: list[str] = []
    monkeypatch.setattr(HeadlessDriver, "write", lambda self, data: written.append(data))
    return written


def make_app(home: Home, cwd: Path, **options: Any) -> Any:
    from securecheck.core import audit
    from securecheck.tui.app import SecurecheckApp

    setup = audit.load_setup(home.config / "answers.yaml")
    return SecurecheckApp(setup, probes=False, cwd=cwd, cursor_blink=False, **options)


def screen_text(app: Any) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def said(app: Any) -> str:
    return "\n".join(f"{n.title} {n.message}" for n in app._notifications)


async def paste(app: Any, pilot: Any, text: str) -> None:
    """What a password manager does: one paste event into the focused password field."""
    from textual import events

    from securecheck.tui.widgets.password_input import PasswordInput

    app.screen.query_one(PasswordInput).post_message(events.Paste(text))
    await pilot.pause()


async def settle(app: Any, pilot: Any) -> None:
    await pilot.pause(0.15)
    await app.workers.wait_for_complete()
    await pilot.pause()


def osc52_payloads(written: list[str]) -> list[bytes]:
    """The decoded payloads of every OSC 52 (set clipboard) escape in the terminal stream."""
    found = re.findall(r"\x1b\]52;[^;]*;([A-Za-z0-9+/]*)", "".join(written))
    return [base64.b64decode(payload + "=" * (-len(payload) % 4)) for payload in found]


def assert_app_leaked_nothing(
    secret: str, app: Any, terminal: list[str], home: Home, cwd: Path
) -> None:
    assert found_in(app.clipboard, secret) == [], "clipboard"
    assert found_in("".join(terminal), secret) == [], "terminal stream"
    for payload in osc52_payloads(terminal):
        assert found_in(payload, secret) == [], "OSC 52 payload"
    assert found_in(said(app), secret) == [], "notifications"
    assert leaks_in_tree([home.root, cwd], secret) == {}


@pytest.mark.parametrize(("canary", "typed"), [("strong", True), ("personal", False)])
def test_app_password_screen_leaks_the_password_nowhere(
    app_home: Home,
    cwd: Path,
    terminal: list[str],
    caplog: pytest.LogCaptureFixture,
    canary: str,
    typed: bool,
) -> None:
    from securecheck.tui.screens.main import MainScreen
    from securecheck.tui.screens.password import PasswordScreen

    secret = CANARIES[canary]
    answers_file(app_home)
    app = make_app(app_home, cwd)
    screens: list[str] = []

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("p")
            assert isinstance(app.screen, PasswordScreen)
            if typed:
                await pilot.press(*secret)
            else:
                await paste(app, pilot, secret)
            screens.append(screen_text(app))
            await pilot.press("ctrl+shift+a", "ctrl+c", "ctrl+x", "super+c")  # copy, cut
            await pilot.press("ctrl+r")  # reveal: now it is on screen, as asked
            await pilot.pause()
            assert secret in screen_text(app)  # so the screen check below can see it
            await pilot.press("ctrl+shift+a", "ctrl+c", "ctrl+x")
            await pilot.press("ctrl+r")
            await settle(app, pilot)
            screens.append(screen_text(app))
            await pilot.press("enter")  # record
            await settle(app, pilot)
            assert isinstance(app.screen, MainScreen)
            screens.append(screen_text(app))
            await pilot.press("l")  # 中文 and back
            await pilot.pause()
            screens.append(screen_text(app))
            await pilot.press("l", "e")  # export, to the proposed path in cwd
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            screens.append(screen_text(app))
            await pilot.press("ctrl+q")

    with caplog.at_level(logging.DEBUG):
        asyncio.run(scenario())
    for shown in screens:
        assert found_in(shown, secret) == [], shown
    assert found_in(caplog.text, secret) == []
    assert_app_leaked_nothing(secret, app, terminal, app_home, cwd)
    exported = sorted(cwd.glob("securecheck-report-*.json"))
    assert exported, "the export did not happen: the file check proved nothing"
    result = password_result(json.loads(exported[0].read_text("utf-8")))
    assert result["status"] in EXPECTED_STATUS[canary]
    assert len(secret) not in numbers_in(result["evidence"])
    assert sorted(cwd.glob("securecheck-report-*.md"))


def test_app_keeps_the_password_out_of_errors_about_a_broken_answers_file(
    app_home: Home, cwd: Path, terminal: list[str]
) -> None:
    from securecheck.tui.widgets.checklist import Checklist

    answers = answers_file(app_home)
    app = make_app(app_home, cwd)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            answers.write_text("version: 1\nanswers: [unclosed\n", encoding="utf-8")
            await pilot.press("p")
            await paste(app, pilot, STRONG)
            await settle(app, pilot)
            app.screen.query_one("#email").focus()
            await pilot.press("end", "x", "enter")  # edit the e-mail: the save fails
            await settle(app, pilot)
            await pilot.press("enter")  # record the password
            await settle(app, pilot)
            app.screen.query_one(Checklist).highlight_rule("two_factor.enabled")
            await pilot.press("enter", "4")  # answer: save fails again
            await pilot.pause()
            assert found_in(screen_text(app), STRONG) == []
            await pilot.press("ctrl+q")

    asyncio.run(scenario())
    assert app.unsaved and "answers.yaml:3" in said(app)  # the error was shown
    assert answers.read_text("utf-8") == "version: 1\nanswers: [unclosed\n"
    assert_app_leaked_nothing(STRONG, app, terminal, app_home, cwd)


def test_app_screenshot_command_never_saves_the_password(
    app_home: Home, cwd: Path, terminal: list[str]
) -> None:
    app = make_app(app_home, cwd)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            offered = {c.title for c in app.get_system_commands(app.screen)}
            await pilot.press("p")
            await paste(app, pilot, STRONG)
            await pilot.press("ctrl+r", "ctrl+p")  # revealed, then the command palette
            await pilot.pause()
            offered |= {c.title for c in app.get_system_commands(app.screen)}
            await pilot.press(*"screenshot", "enter")
            await pilot.pause(0.2)  # a screenshot is saved from a thread
            await pilot.press("escape", "ctrl+q")
            assert "Screenshot" not in offered

    asyncio.run(scenario())
    # Textual's own Screenshot command writes an SVG of the screen to ~/Downloads.
    assert list((app_home.root / "Downloads").iterdir()) == []
    assert leaks_in_tree([app_home.root, cwd], STRONG) == {}


# A child process runs the real `run_app` (headless, auto-piloted), so stdout, stderr and the
# exit code are what a user would see. The fault: the analysis worker raises with the password
# in its message, then the strength meter raises on the UI thread with the password in a local,
# in the message (repr-escaped too) and in a note.
APP_CRASH = """
import sys
from pathlib import Path

import securecheck.password.analyse as password
import securecheck.password.service as password_service
from securecheck.tui import run_app
from securecheck.tui.app import SecurecheckApp
from securecheck.tui.widgets import strength

canary, answers, crash_ui = sys.argv[1], Path(sys.argv[2]), sys.argv[3] == "ui"

def analyse(secret, *args, **kwargs):
    raise ValueError(f"cannot analyse {secret.reveal()}")

def no_service(self, *args, **kwargs):  # so the worker analyses in-process, and raises
    raise password_service.ServiceUnavailable("gone")

password.analyse = analyse
password_service.PasswordService.analyse = no_service
show_quick = strength.StrengthMeter.show_quick

def show_quick_then_crash(self, estimate, lang):
    typed = self.screen.query_one("#password").value
    if crash_ui and typed == canary:
        error = KeyError(typed)
        error.add_note(f"while showing {typed!r}")
        raise error
    return show_quick(self, estimate, lang)

strength.StrengthMeter.show_quick = show_quick_then_crash

async def drive(pilot):
    from textual import events

    await pilot.press("p")
    await pilot.pause()
    pilot.app.screen.query_one("#password").post_message(events.Paste(canary))
    await pilot.pause(0.5)
    await pilot.press("enter")
    await pilot.pause(0.3)
    await pilot.press("escape", "ctrl+q")

run = SecurecheckApp.run
SecurecheckApp.run = lambda self, **kw: run(self, headless=True, size=(110, 32), auto_pilot=drive)
sys.exit(run_app(answers_path=answers, probes=False, lang="en"))
"""

# A backslash and a quote: repr() escapes them, so an exact-text scrub would miss the repr.
ESCAPED = "Canary\\Pw'7fQ2zR9x"


@pytest.mark.parametrize(
    ("crash", "secret"),
    [
        ("ui", STRONG),
        ("worker-only", STRONG),
        ("ui", ESCAPED),
    ],
    ids=["ui-plain", "worker-plain", "ui-escaped"],
)
def test_app_crash_prints_no_password(home: Home, cwd: Path, crash: str, secret: str) -> None:
    env = {**home.env, "TEXTUAL_LOG": str(home.root / "textual.log"), "COLUMNS": "110"}
    done = subprocess.run(
        [sys.executable, "-c", APP_CRASH, secret, str(home.config / "answers.yaml"), crash],
        capture_output=True,
        env=env,
        cwd=cwd,
        timeout=120,
    )
    out = done.stdout + done.stderr
    if crash == "ui":
        assert done.returncode != 0
        assert b"KeyError" in out  # the crash was reported, just not the password
    else:
        assert done.returncode == 0, out.decode("utf-8", "replace")[-2000:]
    for form in (secret, repr(secret)[1:-1], repr(secret)[1:-1].replace("\\\\", "\\")):
        assert found_in(out, form) == [], out.decode("utf-8", "replace")[-2000:]
    assert leaks_in_tree([home.root, cwd], secret) == {}
