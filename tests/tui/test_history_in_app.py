"""The app and the history: a session is a run; the app tells what changed and what is due."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from conftest import write

from securecheck.core.history import from_report, load_history, new_run_id, record_run
from securecheck.report.build import build
from securecheck.tui.widgets.since import SinceBar
from tui.tuikit import FIXED_NOW, SIZE, card, make_app, screen_text, wait_until


def earlier_run(history: Path, answers_path: Path, tmp_path: Path) -> None:
    """A run recorded before the session: 2FA off (the app's answers file says totp)."""
    write(answers_path, "answers:\n  two_factor.enabled: none\n")
    app = make_app(answers_path, tmp_path)
    record_run(from_report(build(card(app), "en", FIXED_NOW), new_run_id()), history)


async def test_the_app_tells_what_changed_since_last_time_with_a_trend(
    answers_path: Path, tmp_path: Path
) -> None:
    history = tmp_path / "history.jsonl"
    earlier_run(history, answers_path, tmp_path)
    write(answers_path, "answers:\n  two_factor.enabled: totp\n")
    app = make_app(answers_path, tmp_path, history=history)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(SinceBar)
        assert bar.display
        text = screen_text(app)
        assert "since last time: +" in text
        assert "Two-factor authentication is on, with a strong method fixed" in text
        assert "trend ▁" in text
    runs = load_history(history)
    assert len(runs) == 2 and runs[-1].via == "app"
    assert runs[-1].rules["two_factor.enabled"].status == "pass"


async def test_a_session_is_one_run_holding_its_final_state(
    answers_path: Path, tmp_path: Path
) -> None:
    history = tmp_path / "history.jsonl"
    app = make_app(answers_path, tmp_path, history=history)
    async with app.run_test(size=SIZE) as pilot:
        # Recorded once the machine was checked, which starts after the first complete frame:
        # on a loaded machine that is more than one pause away.
        await wait_until(pilot, lambda: len(load_history(history)) == 1, "the session's run")
        app.answer("two_factor.enabled", "security_key")
        await pilot.pause()
    runs = load_history(history)
    assert len(runs) == 1  # the same run, replaced on the way out
    assert runs[0].rules["two_factor.enabled"].status == "pass"
    assert "security_key" not in history.read_text()  # statuses only, never the answer


async def test_without_a_history_the_app_records_nothing_and_shows_no_bar(
    answers_path: Path, tmp_path: Path
) -> None:
    app = make_app(answers_path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not app.screen.query_one(SinceBar).display
    assert not list(tmp_path.rglob("history.jsonl"))


async def test_due_answers_show_first_under_the_score(answers_path: Path, tmp_path: Path) -> None:
    answered = (FIXED_NOW - dt.timedelta(days=27)).isoformat()
    write(
        answers_path,
        f"answers:\n  login_activity.review: {{value: weekly, answered_at: '{answered}'}}\n",
    )
    app = make_app(answers_path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()  # the bar appears: one more layout pass
        lines = screen_text(app).splitlines()
        due = next(n for n, line in enumerate(lines) if "Due: " in line)
        assert "Login activity is reviewed regularly — due in 4 days" in lines[due]
        checklist = next(n for n, line in enumerate(lines) if "│Account" in line)
        assert due < checklist


async def test_a_broken_history_is_left_alone_and_said(answers_path: Path, tmp_path: Path) -> None:
    history = tmp_path / "history.jsonl"
    history.write_text("{broken\n")
    app = make_app(answers_path, tmp_path, history=history)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        shown = " ".join(line.strip() for line in screen_text(app).splitlines()[:12])
        assert "history.jsonl:1: not a securecheck history record" in shown, shown
    assert history.read_text() == "{broken\n"


def test_the_served_app_gets_the_global_options(tmp_path: Path) -> None:
    from securecheck.cli import build_parser
    from securecheck.cli.common import finish_globals
    from securecheck.cli.serve import app_command

    args = finish_globals(
        build_parser().parse_args(
            ["serve", "--answers", "a.yaml", "--lang", "zh", "--no-probes", "--no-history"]
        )
    )
    command = app_command(args)
    assert "-m securecheck" in command
    assert f"--answers {Path('a.yaml').resolve()}" in command
    assert "--lang zh-Hans" in command and "--no-probes" in command and "--no-history" in command
    assert json.dumps(command)  # one shell-quoted line
