"""The password analysis runs in a child process: the password reaches it only over its stdin,
a dead child falls back to the in-process analysis, and no child outlives the screen or app."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
from pathlib import Path
from typing import Any, NoReturn

import pytest

from securecheck.core.model import Status
from securecheck.password import analyse as password
from securecheck.password import service as password_service
from securecheck.tui.screens.main import MainScreen
from tui.tuikit import CANARY, SIZE, make_app, pw_screen, settle

# Every child the password service started: (the process, its argv and environment).
Children = list[tuple[subprocess.Popen[bytes], dict[str, Any]]]


@pytest.fixture
def children(monkeypatch: pytest.MonkeyPatch) -> Children:
    """Every child the password service starts, with how it was started."""
    started: Children = []
    real = subprocess.Popen

    def spy(args: list[str], **kwargs: Any) -> subprocess.Popen[bytes]:
        proc = real(args, **kwargs)
        env = kwargs.get("env")
        started.append(
            (proc, {"argv": list(args), "env": dict(os.environ if env is None else env)})
        )
        return proc

    monkeypatch.setattr(subprocess, "Popen", spy)
    return started


def in_process_analysis_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> NoReturn:
        raise AssertionError("analysed in the app process")

    monkeypatch.setattr(password, "analyse", refuse)


async def test_the_child_gets_the_password_only_over_stdin(
    answers_path: Path, tmp_path: Path, children: Children, monkeypatch: pytest.MonkeyPatch
) -> None:
    in_process_analysis_fails(monkeypatch)  # so the verdict below must come from the child
    app = make_app(answers_path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.press(*CANARY)
        await settle(app, pilot)
        assert (verdict := pw_screen(app)._verdict) is not None and verdict.status is Status.PASS
    assert len(children) == 1
    _, started = children[0]
    assert started["argv"] == list(password_service.COMMAND)
    assert not any(CANARY in arg for arg in started["argv"])
    assert not any(CANARY in f"{name}={value}" for name, value in started["env"].items())


async def test_a_killed_child_falls_back_to_the_in_process_analysis(
    answers_path: Path,
    tmp_path: Path,
    children: Children,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app(answers_path, tmp_path)
    with caplog.at_level(logging.DEBUG, logger="securecheck.tui.jobs"):
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("p")
            await pilot.press(*"abc")
            await settle(app, pilot)
            proc, _ = children[0]
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(5)

            # The next request would start a new child: refuse that, so the fallback answers.
            def dead(self: object) -> NoReturn:
                raise password_service.ServiceUnavailable("gone")

            monkeypatch.setattr(password_service.PasswordService, "_ensure_started", dead)
            await pilot.press(*"-Correct-Horse-Battery-Staple-42")
            await settle(app, pilot)
            verdict = pw_screen(app)._verdict
            assert verdict is not None and verdict.status is Status.PASS
            assert "4/4 strong enough" in str(app.screen.query_one("#meter").render())
    assert "analysing in-process" in caplog.text
    assert CANARY not in caplog.text


async def test_a_child_that_died_is_restarted_for_the_next_analysis(
    answers_path: Path, tmp_path: Path, children: Children, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(answers_path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.press(*"abc")
        await settle(app, pilot)
        first, _ = children[0]
        os.kill(first.pid, signal.SIGKILL)
        first.wait(5)
        in_process_analysis_fails(monkeypatch)
        await pilot.press(*"-Correct-Horse-Battery-Staple-42")
        await settle(app, pilot)
        verdict = pw_screen(app)._verdict
        assert verdict is not None and verdict.status is Status.PASS
        assert len(children) == 2


async def test_no_child_survives_the_screen_or_the_app(
    answers_path: Path, tmp_path: Path, children: Children
) -> None:
    app = make_app(answers_path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.press(*CANARY)
        await settle(app, pilot)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        assert all(proc.poll() is not None for proc, _ in children)
        await pilot.press("p")
        await pilot.press(*"abc")
        await settle(app, pilot)
        assert len(children) == 2 and children[1][0].poll() is None
    assert all(proc.poll() is not None for proc, _ in children)


def test_a_hung_child_is_given_up_on_instead_of_blocking_forever(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys

    from securecheck.core.secret import Secret
    from securecheck.password import service as password_service

    monkeypatch.setattr(password_service, "ANSWER_TIMEOUT_S", 0.3)
    # A "service" that reads its request and never answers.
    hung = (sys.executable, "-c", "import sys, time; sys.stdin.readline(); time.sleep(30)")
    service = password_service.PasswordService(hung)
    try:
        with pytest.raises(password_service.ServiceUnavailable):
            service.analyse(Secret("x"), (), min_score=3, min_length=12)
        assert service.pid is None  # the hung child was stopped
    finally:
        service.close()
