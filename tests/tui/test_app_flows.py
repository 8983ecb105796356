"""The main flows of the app, driven by keys and the mouse through Textual's Pilot."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from textual.widgets import Input, OptionList

from securecheck.core.model import Status
from securecheck.core.settings import default_settings_path, load_settings
from securecheck.core.validation import load_schema
from securecheck.tui.screens.fix_first import FixFirstScreen
from securecheck.tui.screens.help import HelpScreen
from securecheck.tui.screens.main import MainScreen
from securecheck.tui.screens.question import QuestionScreen
from securecheck.tui.widgets.checklist import Checklist
from tui.tuikit import CANARY, SIZE, card, errors, make_app, notifications, result, screen_text


def saved(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


async def test_checklist_is_there_on_the_first_frame_grouped_with_score(
    answers_path: Path, tmp_path: Path
) -> None:
    app = make_app(answers_path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Score" in text and "Grade" in text and "Coverage" in text
        for category in ("Account", "Device", "Network"):
            assert category in text
        checklist = app.screen.query_one(Checklist)
        ids = [o.id for o in checklist.options]
        assert ids[0] == "category:account"
        assert {r.id for r in app.rules} <= set(ids)
        assert "? Two-factor authentication" in text  # unknown mark before the title
        gain = result(app, "two_factor.enabled").gain
        assert gain > 8 and f"+{gain:g} points" in text  # the gain of a fix


async def test_answering_a_question_saves_0600_and_moves_the_score(
    answers_path: Path, tmp_path: Path
) -> None:
    app = make_app(answers_path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        before = card(app).score
        app.screen.query_one(Checklist).highlight_rule("two_factor.enabled")
        await pilot.press("enter")
        assert isinstance(app.screen, QuestionScreen)
        await pilot.press("down", "down", "down", "enter")  # none, sms, email, totp
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        data = saved(answers_path)
        assert data["answers"]["two_factor.enabled"]["value"] == "totp"
        assert data["answers"]["two_factor.enabled"]["answered_at"] == "2026-11-24T15:30:00+00:00"
        assert stat.S_IMODE(answers_path.stat().st_mode) == 0o600
        assert card(app).score != before
        assert result(app, "two_factor.enabled").status == Status.PASS
        assert f"{card(app).score.value:g}/100" in screen_text(app)
        assert "Answer saved." in " ".join(notifications(app))


async def test_number_keys_and_mouse_clicks_answer(answers_path: Path, tmp_path: Path) -> None:
    app = make_app(answers_path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        checklist = app.screen.query_one(Checklist)
        row = checklist.get_option_index("login_activity.review")
        # One line per option, below the top border: clicking the row opens its question.
        await pilot.click(Checklist, offset=(5, row + 1))
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        await pilot.press("4")  # never
        await pilot.pause()
        assert saved(answers_path)["answers"]["login_activity.review"]["value"] == "never"
        assert result(app, "login_activity.review").status == Status.FAIL


async def test_a_save_error_is_shown_and_the_answer_kept(
    answers_path: Path, tmp_path: Path
) -> None:
    app = make_app(answers_path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        # The file turns corrupt on disk while the app runs: save_answers refuses to overwrite it.
        answers_path.parent.mkdir(parents=True, exist_ok=True)
        answers_path.write_text("answers: [unclosed\n", encoding="utf-8")
        app.screen.query_one(Checklist).highlight_rule("account.anti_phishing_code")
        await pilot.press("enter", "1")
        await pilot.pause()
        assert result(app, "account.anti_phishing_code").status == Status.PASS  # kept
        assert app.unsaved
        assert errors(app) and "Answer not saved" in errors(app)[0]
        assert "NOT saved" in screen_text(app)
        assert answers_path.read_text(encoding="utf-8") == "answers: [unclosed\n"  # untouched
        # Once the file is fixed the next answer saves everything, the earlier one too.
        answers_path.unlink()
        app.screen.query_one(Checklist).highlight_rule("withdrawal.address_check")
        await pilot.press("enter", "1")
        await pilot.pause()
        assert not app.unsaved
        assert set(saved(answers_path)["answers"]) == {
            "account.anti_phishing_code",
            "withdrawal.address_check",
        }


async def test_guided_mode_walks_the_open_questions_in_fix_first_order(
    answers_path: Path, tmp_path: Path
) -> None:
    app = make_app(answers_path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        expected = [rid for rid in card(app).fix_first if app.rules_by_id[rid].question is not None]
        await pilot.press("g")
        assert isinstance(app.screen, QuestionScreen)
        assert app.screen.rule.id == expected[0]
        assert app.screen.step == (1, len(expected))
        assert f"Question 1 of {len(expected)}" in screen_text(app)
        await pilot.press("1")  # answer the first
        await pilot.pause()
        assert app.screen.rule.id == expected[1]
        await pilot.press("s")  # skip the second
        await pilot.pause()
        assert app.screen.rule.id == expected[2]
        await pilot.press("escape")  # stop
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        answered = saved(answers_path)["answers"]
        question = app.rules_by_id[expected[0]].question
        assert question is not None and set(answered) == {question.id}


async def test_guided_mode_says_so_when_nothing_is_open(answers_path: Path, tmp_path: Path) -> None:
    app = make_app(answers_path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        for rule in app.rules:
            if rule.question is not None:
                app.answer(rule.question.id, rule.question.choices[0].value)
        await pilot.press("g")
        assert isinstance(app.screen, MainScreen)
        assert any("Every question is answered" in n for n in notifications(app))


async def test_fix_first_lists_by_gain_and_jumps_to_the_rule(
    answers_path: Path, tmp_path: Path
) -> None:
    app = make_app(answers_path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        app.answer("two_factor.enabled", "none")  # a critical fail: the biggest gain
        await pilot.press("f")
        assert isinstance(app.screen, FixFirstScreen)
        listing = app.screen.query_one("#fix-list", OptionList)
        assert [o.id for o in listing.options] == list(card(app).fix_first)
        assert listing.options[0].id == "two_factor.enabled"
        text = screen_text(app)
        top = result(app, "two_factor.enabled").gain
        assert f"+{top:g} points" in text
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.screen.query_one(Checklist).highlighted_rule_id == card(app).fix_first[1]


async def test_detail_pane_shows_why_evidence_fix_and_how_established(
    answers_path: Path, tmp_path: Path
) -> None:
    app = make_app(answers_path, tmp_path)
    async with app.run_test(size=(140, 60)) as pilot:
        app.answer("two_factor.enabled", "sms")
        app.screen.query_one(Checklist).highlight_rule("two_factor.enabled")
        await pilot.pause()
        text = screen_text(app)
        for words in (
            "Why it matters (From the advice FAQ 3.2)",
            "Evidence",
            "You answered: Yes, SMS codes",
            "How to fix",
            "Established by: your answer",
            "Answered: 2026-11-24 15:30",
            "● Yes, SMS codes",
        ):
            assert words in text, words


async def test_language_switch_relabels_everything_and_back(
    answers_path: Path, tmp_path: Path
) -> None:
    app = make_app(answers_path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await pilot.pause()
        text = screen_text(app)
        assert app.lang == "zh-Hans"
        assert "得分" in text and "账户" in text and "已开启双重验证" in text
        assert "密码" in text and "语言" in text  # the footer
        await pilot.press("l")
        await pilot.pause()
        text = screen_text(app)
        assert app.lang == "zh-Hant"
        assert "得分" in text and "帳戶" in text and "已開啟雙重驗證" in text
        assert "密碼" in text and "語言" in text
        await pilot.press("l")
        await pilot.pause()
        assert app.lang == "en"
        assert "Score" in screen_text(app)


async def test_the_language_chosen_is_remembered_for_the_next_start(
    answers_path: Path, tmp_path: Path
) -> None:
    app = make_app(answers_path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "l")
        await pilot.pause()
    assert load_settings(default_settings_path()).language == "zh-Hant"


async def test_lang_option_sets_the_starting_language(answers_path: Path, tmp_path: Path) -> None:
    app = make_app(answers_path, tmp_path, lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "得分" in screen_text(app)


async def test_help_lists_every_key(answers_path: Path, tmp_path: Path) -> None:
    app = make_app(answers_path, tmp_path)
    async with app.run_test(size=(110, 50)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for key, word in (
            ("p", "Password"),
            ("g", "Guided"),
            ("f", "Fix first"),
            ("e", "Export"),
            ("l", "Language"),
            ("r", "Re-check"),
            ("?", "Help"),
            ("^q", "Quit"),
            ("escape", "Back"),
        ):
            assert f"{key}  {word}" in text, (key, word)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_ctrl_q_quits_with_exit_code_0(answers_path: Path, tmp_path: Path) -> None:
    app = make_app(answers_path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+q")
    assert app.return_code == 0


async def test_escape_goes_back_from_every_dialog(answers_path: Path, tmp_path: Path) -> None:
    app = make_app(answers_path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        for key in ("p", "f", "e", "question_mark", "g"):
            await pilot.press(key)
            assert not isinstance(app.screen, MainScreen), key
            await pilot.press("escape")
            assert isinstance(app.screen, MainScreen), key


async def test_command_palette_offers_the_main_actions(answers_path: Path, tmp_path: Path) -> None:
    app = make_app(answers_path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"fix first")
        await pilot.pause(0.3)
        assert "Show what to fix first" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FixFirstScreen)


@pytest.mark.parametrize("size", [(80, 24), (110, 32)])
async def test_works_at_small_sizes_and_without_colour(
    answers_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(answers_path, tmp_path)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert app.no_color
        text = screen_text(app)
        assert "Score" in text and "Account" in text
        assert "? Account password" in text  # marks carry the status without colour
        await pilot.press("p")
        await pilot.pause()
        assert "Check your exchange password" in screen_text(app)


async def test_export_writes_json_and_markdown_0600_valid_with_password(
    answers_path: Path, tmp_path: Path
) -> None:
    app = make_app(answers_path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.press(*CANARY)
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.verdict is not None
        await pilot.press("e")
        await pilot.press("enter")  # confirm the default path
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    json_path = tmp_path / "securecheck-report-20261124-153000.json"
    md_path = json_path.with_suffix(".md")
    for path in (json_path, md_path):
        assert path.exists()
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert CANARY not in path.read_text(encoding="utf-8")
    data = json.loads(json_path.read_text(encoding="utf-8"))
    jsonschema.validate(data, load_schema("report.schema.json"))
    strength = next(r for r in data["results"] if r["id"] == "password.strength")
    assert strength["evidence_kind"] == "computed" and strength["status"] != "unknown"
    assert any(str(json_path) in n for n in notifications(app))
    assert not answers_path.exists() or CANARY not in answers_path.read_text(encoding="utf-8")


async def test_export_to_a_typed_path_and_a_failure_is_visible(
    answers_path: Path, tmp_path: Path
) -> None:
    app = make_app(answers_path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        field = app.screen.query_one("#export-path", Input)
        (tmp_path / "a-file").write_text("x")
        field.value = str(tmp_path / "a-file" / "report")  # a file where a folder must be
        await pilot.press("enter")
        await pilot.pause()
        assert errors(app), "a failed export must be visible"
        assert not isinstance(app.screen, MainScreen)  # the dialog stays for another try
        field.value = str(tmp_path / "out" / "mine")
        await pilot.press("enter")
        await pilot.pause()
    assert (tmp_path / "out" / "mine.json").exists()
    assert (tmp_path / "out" / "mine.md").exists()


async def test_the_checklist_follows_a_resized_terminal_and_back(
    answers_path: Path, tmp_path: Path
) -> None:
    # Resizes to the screen's own size are skipped (MainScreen); real ones must still lay out.
    app = make_app(answers_path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        checklist = app.screen.query_one(Checklist)
        before = checklist.size
        await pilot.resize_terminal(SIZE[0] + 40, SIZE[1] + 10)
        await pilot.pause()
        assert app.screen.size == (SIZE[0] + 40, SIZE[1] + 10)
        assert checklist.size.width > before.width and checklist.size.height > before.height
        await pilot.resize_terminal(*SIZE)
        await pilot.pause()
        assert app.screen.size == SIZE and checklist.size == before
