"""Files securecheck writes are private and never half-written; files it cannot read it leaves
alone.

Answers and reports go through a temporary file and a rename, mode 0600 whatever the umask.
A write that fails at any point leaves the old file whole and no temporary file behind. An
answers file that does not load is reported with its line and never overwritten.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import errno
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import Home, Run, write

from securecheck import cli as cli_module
from securecheck.core.answers import load_answers, save_answers
from securecheck.core.errors import OutputError

NOW = dt.datetime(2026, 11, 24, 9, 30, tzinfo=dt.UTC)

Cli = Callable[..., Run]

VALID = "version: 1\nanswers:\n  two_factor.enabled: sms\n"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def snapshot(directory: Path) -> dict[str, bytes]:
    # The lock file (`.answers.yaml.lock`, empty) stays between writes by design.
    return {
        p.name: p.read_bytes()
        for p in directory.iterdir()
        if p.is_file() and not p.name.endswith(".lock")
    }


@pytest.fixture
def umask_000() -> Iterator[None]:
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


# --- atomic replacement -----------------------------------------------------------------------


def _fail_rename(src: object, dst: object) -> None:
    raise OSError(errno.EXDEV, "Invalid cross-device link")


def _fail_fsync(fd: int) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def _interrupt_rename(src: object, dst: object) -> None:
    raise KeyboardInterrupt


@pytest.mark.parametrize(
    ("target", "failure", "raised"),
    [
        ("replace", _fail_rename, OutputError),
        ("fsync", _fail_fsync, OutputError),
        ("replace", _interrupt_rename, KeyboardInterrupt),
    ],
    ids=["rename-fails", "disk-full", "interrupted-before-rename"],
)
def test_failed_answers_write_keeps_the_old_file_whole_and_leaves_no_temp_file(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    target: str,
    failure: Callable[..., None],
    raised: type[BaseException],
) -> None:
    path = write(tmp_path / "answers.yaml", VALID)
    before = snapshot(tmp_path)
    new = load_answers(path).with_answer("two_factor.enabled", "totp", NOW)
    monkeypatch.setattr(os, target, failure)
    with pytest.raises(raised):
        save_answers(path, new)
    monkeypatch.undo()
    assert snapshot(tmp_path) == before  # same names (no temp file), same bytes
    assert load_answers(path).answers["two_factor.enabled"].value == "sms"


def test_failed_report_write_keeps_the_old_report_and_exits_2(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    report = write(tmp_path / "out" / "report.json", '{"old": true}\n')
    before = snapshot(report.parent)
    monkeypatch.setattr(os, "replace", _fail_rename)
    code = cli_module.main(
        [
            "audit",
            "--no-probes",
            "--answers",
            str(tmp_path / "none.yaml"),
            "--output",
            str(report),
        ]
    )
    monkeypatch.undo()
    assert code == 2
    assert f"{report}: cannot write" in capsys.readouterr().err
    assert snapshot(report.parent) == before


def test_report_output_through_a_symlink_replaces_the_link_not_its_target(
    cli: Cli, tmp_path: Path
) -> None:
    # A planted link must not turn "write my report" into "overwrite that file".
    victim = write(tmp_path / "victim.txt", "precious\n")
    link = tmp_path / "cwd" / "report.json"
    link.parent.mkdir()
    link.symlink_to(victim)
    run = cli("audit", "--no-probes", "--output", str(link))
    assert run.code == 0, run.stderr
    assert victim.read_text() == "precious\n"
    assert not link.is_symlink() and mode(link) == 0o600


# --- modes ------------------------------------------------------------------------------------


def test_files_are_private_even_with_umask_000(
    cli: Cli, home: Home, tmp_path: Path, umask_000: None
) -> None:
    answered = cli("answer", "two_factor.enabled", "totp")
    assert answered.code == 0, answered.stderr
    answers = home.config / "answers.yaml"
    report = tmp_path / "reports" / "report.md"
    audited = cli("audit", "--no-probes", "--output", str(report))
    assert audited.code == 0, audited.stderr
    assert mode(answers) == 0o600
    assert mode(report) == 0o600
    assert mode(answers.parent) & 0o077 == 0  # the directory we made is ours alone
    assert mode(report.parent) & 0o077 == 0


def test_rewriting_a_readable_file_makes_it_private(cli: Cli, home: Home, tmp_path: Path) -> None:
    answers = write(home.config / "answers.yaml", VALID)
    report = write(tmp_path / "report.txt", "old\n")
    answers.chmod(0o644)
    report.chmod(0o666)
    assert cli("answer", "two_factor.enabled", "totp").code == 0
    assert cli("audit", "--no-probes", "--output", str(report)).code == 0
    assert mode(answers) == 0o600
    assert mode(report) == 0o600


# --- corrupt answers files --------------------------------------------------------------------

CORRUPT = {
    "bad-yaml": ("version: 1\nanswers:\n  two_factor.enabled: [sms\n", 4),
    "unknown-key": ("version: 1\nanswerz:\n  two_factor.enabled: sms\n", 2),
    "unknown-question": ("version: 1\nanswers:\n  two_factor.enabld: sms\n", 3),
    "bad-choice": ("version: 1\nanswers:\n  two_factor.enabled: maybe\n", 3),
}


@pytest.mark.parametrize("case", sorted(CORRUPT))
def test_answer_command_reports_a_corrupt_file_and_leaves_it_untouched(
    cli: Cli, home: Home, case: str
) -> None:
    text, line = CORRUPT[case]
    path = write(home.config / "answers.yaml", text)
    os.utime(path, (1_000_000_000, 1_000_000_000))
    before = snapshot(path.parent)
    run = cli("answer", "login_activity.review", "weekly")
    assert run.code == 2
    assert f"{path}:{line}:" in run.stderr, run.stderr
    assert "Traceback" not in run.stderr
    assert run.stdout == ""
    assert snapshot(path.parent) == before
    assert path.stat().st_mtime == 1_000_000_000


# --- the app ----------------------------------------------------------------------------------


def _app(answers: Path, cwd: Path) -> Any:
    from securecheck.core import audit
    from securecheck.tui.app import SecurecheckApp

    return SecurecheckApp(audit.load_setup(answers), probes=False, cwd=cwd, cursor_blink=False)


async def _answer(app: Any, pilot: Any, rule_id: str, choice: str) -> None:
    """Open the rule's question from the checklist and pick a choice by its number key."""
    from securecheck.tui.screens.main import MainScreen
    from securecheck.tui.screens.question import QuestionScreen
    from securecheck.tui.widgets.checklist import Checklist

    assert isinstance(app.screen, MainScreen)
    app.screen.query_one(Checklist).highlight_rule(rule_id)
    await pilot.press("enter")
    assert isinstance(app.screen, QuestionScreen)
    await pilot.press(choice)
    await pilot.pause()


@pytest.fixture
def app_home(home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Home:
    for name, value in home.env.items():
        if name == "HOME" or name.startswith("XDG_"):
            monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)
    return home


@pytest.mark.parametrize(
    "case",
    [
        "bad-yaml",
        "unknown-key",
        pytest.param(
            "unknown-question",
        ),
        pytest.param("bad-choice"),
    ],
)
def test_app_shows_an_error_and_leaves_a_file_that_turned_corrupt_alone(
    app_home: Home, tmp_path: Path, case: str
) -> None:
    path = write(app_home.config / "answers.yaml", VALID)
    app = _app(path, tmp_path)
    text, line = CORRUPT[case]

    async def scenario() -> None:
        async with app.run_test(size=(110, 32)) as pilot:
            path.write_text(text, encoding="utf-8")  # edited by hand while the app runs
            before = snapshot(path.parent)
            await _answer(app, pilot, "login_activity.review", "1")
            assert snapshot(path.parent) == before
            errors = [n for n in app._notifications if n.severity == "error"]
            assert errors and f"answers.yaml:{line}" in str(errors[0].message)
            # The answer is not lost: it stays in memory, marked unsaved.
            assert app.answers.answers["login_activity.review"].value == "daily"
            assert app.unsaved
            await pilot.press("ctrl+q")

    asyncio.run(scenario())
    assert path.read_text("utf-8") == text


def test_app_never_loses_an_answer_the_user_gave(app_home: Home, tmp_path: Path) -> None:
    path = app_home.config / "answers.yaml"

    async def give_answers() -> None:
        app = _app(path, tmp_path)
        async with app.run_test(size=(110, 32)) as pilot:
            await _answer(app, pilot, "two_factor.enabled", "4")  # totp
            await _answer(app, pilot, "login_activity.review", "2")  # weekly
            await pilot.press("ctrl+q")

    async def read_them_back() -> dict[str, str]:
        app = _app(path, tmp_path)
        async with app.run_test(size=(110, 32)) as pilot:
            shown = {
                rid: app.current_answer(rid)
                for rid in ("two_factor.enabled", "login_activity.review")
            }
            await pilot.press("ctrl+q")
        return shown

    asyncio.run(give_answers())
    assert mode(path) == 0o600
    assert asyncio.run(read_them_back()) == {
        "two_factor.enabled": "totp",
        "login_activity.review": "weekly",
    }


def test_app_keeps_an_answer_given_meanwhile_from_the_command_line(
    app_home: Home, tmp_path: Path
) -> None:
    path = write(app_home.config / "answers.yaml", VALID)
    app = _app(path, tmp_path)

    async def scenario() -> None:
        async with app.run_test(size=(110, 32)) as pilot:
            # Another terminal: `securecheck answer login_activity.review weekly`.
            assert cli_module.main(["answer", "login_activity.review", "weekly"]) == 0
            await _answer(app, pilot, "withdrawal.address_check", "1")
            await pilot.press("ctrl+q")

    asyncio.run(scenario())
    saved = load_answers(path).answers
    assert saved["withdrawal.address_check"].value == "whitelist"
    assert saved["login_activity.review"].value == "weekly"
