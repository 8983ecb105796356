"""The password check: live feedback, reveal, record, leave, and every way it must not leak."""

from __future__ import annotations

import base64
import gc
import uuid
from pathlib import Path

import pytest
import yaml
from textual.widgets import Input

from securecheck.core.model import Status
from securecheck.tui.screens import password as password_screen
from securecheck.tui.screens.export import ExportScreen
from securecheck.tui.screens.main import MainScreen
from securecheck.tui.screens.password import PasswordScreen
from securecheck.tui.widgets.password_input import MAX_PASSWORD_CHARS, PasswordInput
from securecheck.tui.widgets.strength import StrengthMeter
from tui.tuikit import (
    CANARY,
    SIZE,
    make_app,
    notifications,
    pw_screen,
    result,
    screen_text,
    settle,
)


async def test_the_instant_estimate_comes_before_the_analysis(
    answers_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(password_screen, "DEBOUNCE_S", 30.0)  # the analysis never starts
    app = make_app(answers_path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.press(*"Tr0ub4dor&3-and-more")
        meter = str(app.screen.query_one(StrengthMeter).render())
        # No verdict yet: the estimate's level, without a pass or fail word.
        assert "4/4" in meter and "(analysing)" in meter and "strong" not in meter
        assert not list(app.workers)


async def test_typing_shows_meter_crack_time_warning_and_suggestions(
    answers_path: Path, tmp_path: Path
) -> None:
    app = make_app(answers_path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        assert isinstance(app.screen, PasswordScreen)
        await pilot.press(*"password1")
        await settle(app, pilot)
        text = screen_text(app)
        assert "Strength" in text and "0/4 too weak" in text and "a pass needs 4/4" in text
        assert "Time to crack if the exchange's database leaked: less than a second" in text
        assert "Warning:" in text and "common password" in text
        assert "Verdict: ✗ too weak" in text
        assert "password1" not in text  # masked
        assert "•••••••••" in text


async def test_feedback_in_chinese(answers_path: Path, tmp_path: Path) -> None:
    app = make_app(answers_path, tmp_path, lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.press(*"password1")
        await settle(app, pilot)
        text = screen_text(app)
        assert "强度" in text and "强度不够" in text
        assert "不到一秒" in text
        assert "这是" in text and "常见" in text  # zxcvbn's warning, translated


async def test_latest_input_wins(answers_path: Path, tmp_path: Path) -> None:
    app = make_app(answers_path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.press(*"abc")
        await settle(app, pilot)
        await pilot.press(*"-Correct-Horse-Battery-Staple-42")
        await settle(app, pilot)
        assert "4/4 strong enough" in screen_text(app)
        verdict = pw_screen(app)._verdict
        assert verdict is not None and verdict.status == Status.PASS


@pytest.mark.parametrize(
    "paste",
    [
        pytest.param("x9!" * 3334, id="10 000 chars"),
        pytest.param("a" + "\u0301" * 100_000, id="marks"),
    ],
)
async def test_a_huge_paste_is_cut_to_the_field_bound_and_gets_a_verdict(
    answers_path: Path, tmp_path: Path, paste: str
) -> None:
    # How long it takes is measured in bench/bench_app.py (loop stalls); here: what is kept.
    app = make_app(answers_path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        field = app.screen.query_one(PasswordInput)
        field.insert_text_at_cursor(paste)
        await pilot.pause()
        assert field.value == paste[:MAX_PASSWORD_CHARS]
        await pilot.press("z")  # at the bound: typing on adds nothing
        assert field.value == paste[:MAX_PASSWORD_CHARS]
        await settle(app, pilot)
        assert "Only the first 64 characters were analysed." in screen_text(app)


async def test_reveal_toggle_shows_and_hides_the_password(
    answers_path: Path, tmp_path: Path
) -> None:
    app = make_app(answers_path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.press(*CANARY)
        await pilot.pause()
        assert CANARY not in screen_text(app)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert CANARY in screen_text(app)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert CANARY not in screen_text(app)
        await pilot.click("#reveal")  # the mouse way
        await pilot.pause()
        assert CANARY in screen_text(app)


async def test_enter_keeps_the_verdict_never_the_password_and_clears(
    answers_path: Path, tmp_path: Path
) -> None:
    app = make_app(answers_path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        app.answer("two_factor.enabled", "totp")  # the answers file exists
        await pilot.press("p")
        await pilot.press(*CANARY)
        await pilot.press("enter")  # before the debounce fired: recorded when analysed
        await settle(app, pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.verdict is not None
        assert result(app, "password.strength").status != Status.UNKNOWN
        assert any("never the password" in n for n in notifications(app))
        saved = yaml.safe_load(answers_path.read_text(encoding="utf-8"))
        assert set(saved) == {"version", "answers", "password"}
        assert set(saved["password"]) == {"status", "score", "checked_at"}
        assert saved["password"]["status"] == app.verdict.status.value
        assert saved["password"]["checked_at"] == "2026-11-24T15:30:00+00:00"
        assert set(saved["answers"]) == {"two_factor.enabled"}
        assert CANARY not in answers_path.read_text(encoding="utf-8")
        await pilot.press("p")  # a fresh, empty field
        assert app.screen.query_one(PasswordInput).value == ""


async def test_a_restart_shows_the_same_password_verdict(
    answers_path: Path, tmp_path: Path
) -> None:
    app = make_app(answers_path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.press(*"-Correct-Horse-Battery-Staple-42")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        before = result(app, "password.strength").status
    assert before == Status.PASS
    again = make_app(answers_path, tmp_path)
    async with again.run_test(size=SIZE):
        kept = result(again, "password.strength")
        assert kept.status == Status.PASS and kept.result.answered_at is not None


async def test_escape_leaves_without_recording(answers_path: Path, tmp_path: Path) -> None:
    app = make_app(answers_path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.press(*CANARY)
        await settle(app, pilot)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        assert app.verdict is None
        assert result(app, "password.strength").status == Status.UNKNOWN


async def test_copy_and_cut_put_nothing_on_the_clipboard(
    answers_path: Path, tmp_path: Path
) -> None:
    app = make_app(answers_path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        written: list[str] = []
        driver = app._driver
        assert driver is not None
        driver_write = driver.write

        def spy(data: str) -> None:
            written.append(data)
            driver_write(data)

        setattr(driver, "write", spy)  # noqa: B010 (a method replaced on one instance)
        await pilot.press("p")
        await pilot.press(*CANARY)
        field = app.screen.query_one(PasswordInput)
        for keys in (
            ("ctrl+shift+a", "ctrl+c"),
            ("ctrl+shift+a", "ctrl+x"),
            ("ctrl+shift+a", "super+c"),
        ):
            await pilot.press(*keys)
            await pilot.pause()
        field.action_copy()
        field.action_cut()
        await pilot.pause()
        assert app.clipboard == ""
        assert field.value == CANARY  # cut did not remove it either
        encoded = base64.b64encode(CANARY.encode()).decode()
        assert not any("\x1b]52" in w or encoded in w for w in written)
        assert any("Copying the password is disabled" in n for n in notifications(app))


async def test_single_letter_keys_do_not_type_into_a_focused_input(
    answers_path: Path, tmp_path: Path
) -> None:
    app = make_app(answers_path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        # The key that opens a dialog is not typed into the input that dialog focuses.
        await pilot.press("p")
        assert app.screen.query_one(PasswordInput).value == ""
        await pilot.press("escape", "e")
        assert isinstance(app.screen, ExportScreen)
        field = app.screen.query_one("#export-path", Input)
        assert field.value == str(app.default_export_path())
        await pilot.press("escape")
        # In a text input, letters are text: no shortcut fires, nothing is lost.
        await pilot.press("p")
        await pilot.press(*"pgfelr")
        await pilot.press("question_mark")
        assert isinstance(app.screen, PasswordScreen)
        assert app.screen.query_one(PasswordInput).value == "pgfelr?"
        assert app.lang == "en"
        # Outside an input (a dialog without one) the keys work again.
        await pilot.press("escape", "question_mark", "l")
        assert app.lang == "zh-Hans"


async def test_profile_words_are_saved_and_feed_the_analysis(
    answers_path: Path, tmp_path: Path
) -> None:
    app = make_app(answers_path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.press(*"Satoshi-Nakamura-Blue-Meadow-77")
        await settle(app, pilot)
        verdict = pw_screen(app)._verdict
        assert verdict is not None and not verdict.contains_personal
        app.screen.query_one("#username", Input).focus()
        await pilot.press(*"meadow", "enter")
        await settle(app, pilot)
        assert app.answers.profile.username == "meadow"
        assert "username: meadow" in answers_path.read_text(encoding="utf-8")
        verdict = pw_screen(app)._verdict
        assert verdict is not None and verdict.contains_personal
        assert "Satoshi" not in answers_path.read_text(encoding="utf-8")


async def test_the_password_never_reaches_a_notification_or_worker_description(
    answers_path: Path, tmp_path: Path
) -> None:
    app = make_app(answers_path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.press(*CANARY)
        await pilot.pause(0.1)
        descriptions = [repr(w) + w.description for w in app.workers]
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert not any(CANARY in d for d in descriptions)
        assert not any(CANARY in n for n in notifications(app))
        assert CANARY not in repr(app.verdict) and CANARY not in screen_text(app)


async def test_no_palette_over_the_password_screen_and_no_screenshot_command(
    answers_path: Path, tmp_path: Path
) -> None:
    app = make_app(answers_path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Screenshot" not in titles and "Quit" in titles
        await pilot.press("p", *CANARY, "ctrl+r", "ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, PasswordScreen)  # ctrl+p did nothing here
        await pilot.press("tab")  # from the password straight to the e-mail field
        focused = app.screen.focused
        assert focused is not None and focused.id == "email"


def _holders_of(parts: list[str]) -> list[str]:
    """Every live container object that refers to a string holding all of `parts` (the
    password exists only in the app: the test keeps nothing but its pieces)."""
    gc.collect()
    found = []
    for obj in gc.get_objects():
        for ref in gc.get_referents(obj):
            if type(ref) is str and all(part in ref for part in parts):
                found.append(type(obj).__name__)
                break
    return found


@pytest.mark.parametrize("leave", ["escape", "enter"])
async def test_no_object_refers_to_the_password_once_the_dialog_closes(
    answers_path: Path, tmp_path: Path, leave: str
) -> None:
    # What Python cannot promise (README): the immutable text may linger in freed memory
    # until it is reused. What the app can: no reference is left (field, history, render
    # cache, worker arguments, messages), so nothing can show or send it again.
    parts = ["Tq9", uuid.uuid4().hex[:12], "-Zx!"]
    app = make_app(answers_path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        for part in parts:
            await pilot.press(*part)
        await pilot.press("ctrl+r")  # revealed: the plain text is rendered too
        await settle(app, pilot)
        assert _holders_of(parts)  # the scan sees it while the dialog is open
        await pilot.press(leave)
        await settle(app, pilot)
        assert isinstance(app.screen, MainScreen)
        await pilot.press("down", "up")  # a few frames later
        await pilot.pause()
        assert _holders_of(parts) == []
