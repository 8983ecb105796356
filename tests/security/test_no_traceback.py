"""What a user can cause ends in one line and exit 2, never a traceback; our bugs still show one.

Attacks (issue 10 §6): `audit --no-probes >/dev/full` raised OSError with exit 1 (the code
`--fail-under` uses), so did `rules list` and `check-site`; `rules list --format json | true`
raised BrokenPipeError; `audit --password-stdin <&-` raised AttributeError and `0>file`
OSError; an answers file dated in year 9999 crashed the app with OverflowError.
"""

from __future__ import annotations

import asyncio
import os
import shlex
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Home, securecheck_command, write

from securecheck import cli as cli_module
from securecheck.core.errors import InputError

SAFETY_NET_S = 60
SIGPIPE_EXIT = 141  # 128 + SIGPIPE, what a shell shows for a writer whose reader left


def _run(home: Home, args: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
    done: subprocess.CompletedProcess[str] = subprocess.run(
        [*securecheck_command(), *args],
        env=home.env,
        stderr=subprocess.PIPE,
        text=True,
        timeout=SAFETY_NET_S,
        **kw,  # type: ignore[call-overload]
    )
    return done


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize(
    "args",
    [
        ["audit", "--no-probes"],
        ["audit", "--no-probes", "--format", "json"],
        ["rules", "list"],
        ["check-site", "okx.com"],
        ["--help"],
    ],
    ids=["audit", "audit-json", "rules-list", "check-site", "help"],
)
def test_stdout_on_a_full_disk_is_one_line_and_exit_2(home: Home, args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        done = _run(home, args, stdout=full)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1
    assert "No space left on device" in done.stderr


def test_stdout_closed_is_one_line_and_exit_2(home: Home) -> None:
    command = " ".join(shlex.quote(a) for a in [*securecheck_command(), "rules", "list"])
    done = subprocess.run(
        ["sh", "-c", f"exec {command} >&-"],
        env=home.env,
        capture_output=True,
        text=True,
        timeout=SAFETY_NET_S,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1


@pytest.mark.parametrize(
    "args", [["rules", "list", "--format", "json"], ["audit", "--no-probes"]], ids=str
)
def test_reader_that_went_away_ends_the_command_quietly(home: Home, args: list[str]) -> None:
    # `securecheck rules list --format json | true`: the reader is gone before the first write.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = _run(home, args, stdout=write_end)
    finally:
        os.close(write_end)
    assert done.stderr == ""
    assert done.returncode == SIGPIPE_EXIT


def test_password_stdin_closed_is_a_usage_error(home: Home) -> None:
    argv = [*securecheck_command(), "audit", "--no-probes", "--password-stdin"]
    command = " ".join(shlex.quote(a) for a in argv)
    done = subprocess.run(
        ["sh", "-c", f"exec {command} <&-"],
        env=home.env,
        capture_output=True,
        text=True,
        timeout=SAFETY_NET_S,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "standard input is closed" in done.stderr
    assert done.stdout == ""


def test_password_stdin_open_for_writing_only_is_a_usage_error(home: Home, tmp_path: Path) -> None:
    with open(tmp_path / "file", "w") as write_only:  # `0>file`
        done = _run(home, ["audit", "--no-probes", "--password-stdin"], stdin=write_only)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "cannot read standard input" in done.stderr


def test_oserror_of_our_own_still_shows_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Not a blanket `except Exception`: only the streams' own failures become one line.
    from securecheck.core import audit

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError(28, "a bug of ours, not the user's stdout")

    monkeypatch.setattr(audit, "score", broken)
    with pytest.raises(OSError, match="a bug of ours"):
        cli_module.main(["audit", "--no-probes", "--answers", str(tmp_path / "a.yaml")])


# --- a date at the end of time ----------------------------------------------------------------

YEAR_9999 = """\
version: 1
answers:
  two_factor.enabled:
    value: totp
    answered_at: 9999-12-31T23:59:59+00:00
"""


@pytest.fixture
def east_of_utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # 9999-12-31 23:59 UTC is already year 10000 in Shanghai: local time overflows there.
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("east_of_utc")
def test_answer_dated_year_9999_is_no_traceback_in_audit(home: Home) -> None:
    write(home.config / "answers.yaml", YEAR_9999)
    env = {**home.env, "TZ": "Asia/Shanghai"}
    done = subprocess.run(
        [*securecheck_command(), "audit", "--no-probes"],
        env=env,
        capture_output=True,
        text=True,
        timeout=SAFETY_NET_S,
    )
    assert done.returncode in (0, 2) and "Traceback" not in done.stderr


@pytest.mark.usefixtures("east_of_utc")
def test_answer_dated_year_9999_does_not_crash_the_app(tmp_path: Path) -> None:
    from securecheck.core import audit

    answers = write(tmp_path / "answers.yaml", YEAR_9999)
    try:
        setup = audit.load_setup(answers)
    except InputError:
        return  # refused as a date in the future: as good as shown, and no crash
    from securecheck.tui.app import SecurecheckApp
    from securecheck.tui.widgets.checklist import Checklist

    app = SecurecheckApp(setup, probes=False, cwd=tmp_path, cursor_blink=False)

    async def scenario() -> None:
        async with app.run_test(size=(110, 32)) as pilot:
            app.screen.query_one(Checklist).highlight_rule("two_factor.enabled")
            await pilot.pause()
            await pilot.pause()
            await pilot.press("ctrl+q")

    asyncio.run(scenario())
    assert app.return_code == 0
