"""Snapshots of the main screen, the detail pane and the password screen, in en and zh.

Noise removed: probes off, a fixed clock and version, no cursor blink, answers with fixed
times, time zone UTC (see conftest). Update with `pytest --snapshot-update` after reviewing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot

from securecheck.tui.widgets.checklist import Checklist
from securecheck.tui.widgets.password_input import PasswordInput
from tui.tuikit import SIZE, make_app, settle

ANSWERS = """\
version: 1
answers:
  two_factor.enabled: {value: sms, answered_at: '2026-11-20T09:15:00+00:00'}
  login_activity.review: {value: weekly, answered_at: '2026-11-23T20:00:00+00:00'}
  withdrawal.address_check: {value: paste_only, answered_at: '2026-11-20T09:16:00+00:00'}
  device.os_updates: {value: automatic, answered_at: '2026-11-20T09:17:00+00:00'}
"""
LANGS = ["en", "zh", "zh-Hant"]

# pytest-textual-snapshot's fixture: snap_compare(app, *, press=…, run_before=…, …) -> bool
SnapCompare = Callable[..., bool]


@pytest.fixture
def answered(answers_path: Path) -> Path:
    answers_path.parent.mkdir(parents=True, exist_ok=True)
    answers_path.write_text(ANSWERS, encoding="utf-8")
    return answers_path


@pytest.mark.parametrize("lang", LANGS)
def test_main_screen(snap_compare: SnapCompare, answered: Path, tmp_path: Path, lang: str) -> None:
    assert snap_compare(make_app(answered, tmp_path, lang=lang), terminal_size=SIZE)


@pytest.mark.parametrize("lang", LANGS)
def test_detail_pane_of_an_answered_question(
    snap_compare: SnapCompare, answered: Path, tmp_path: Path, lang: str
) -> None:
    async def select(pilot: Pilot[int]) -> None:
        await pilot.pause()  # run_before may come before the first compose
        pilot.app.screen.query_one(Checklist).highlight_rule("two_factor.enabled")
        await pilot.pause()

    app = make_app(answered, tmp_path, lang=lang)
    assert snap_compare(app, terminal_size=SIZE, run_before=select)


@pytest.mark.parametrize("lang", LANGS)
def test_password_screen_with_feedback(
    snap_compare: SnapCompare, answered: Path, tmp_path: Path, lang: str
) -> None:
    async def type_password(pilot: Pilot[int]) -> None:
        await pilot.pause()
        await pilot.press("p")
        # Pasted, so that one verdict arrives: typed key by key, a verdict could arrive between
        # two keys on a slow machine, and the feedback keeps the lines of the longest verdict
        # it showed (the screen would depend on the machine's speed).
        app.screen.query_one(PasswordInput).post_message(events.Paste("monkey-banana"))
        await settle(app, pilot)

    app = make_app(answered, tmp_path, lang=lang)
    assert snap_compare(app, terminal_size=SIZE, run_before=type_password)
