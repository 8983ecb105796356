"""Markup attack on the app: a rule pack whose every text is Textual/Rich markup.

A title `[@click=app.screenshot('x')]` once overwrote the answers file with an SVG when
clicked, `[@click=screen.dismiss('hacked')]` saved a forged answer, `[link=…]` drew a link to a
fake login page and `Close [/b]` crashed the question dialog with MarkupError. Every screen of
the app is opened here with such a pack: the texts must show literally, a click on them must do
nothing, and no file may be written, no answer saved, nothing may crash.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from security.hostile import STRUCTURAL, TERMINAL, hostile_pack, no_pack_text_check, write_pack
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import Input

from securecheck.core import audit
from securecheck.tui.app import SecurecheckApp
from securecheck.tui.screens.breach_settings import BreachSettingsScreen
from securecheck.tui.screens.export import ExportScreen
from securecheck.tui.screens.fix_first import FixFirstScreen
from securecheck.tui.screens.help import HelpScreen
from securecheck.tui.screens.main import MainScreen
from securecheck.tui.screens.password import PasswordScreen
from securecheck.tui.screens.question import QuestionScreen
from securecheck.tui.screens.vault import VaultScreen
from securecheck.tui.widgets.checklist import Checklist
from securecheck.tui.widgets.detail import DetailPane

SHOT = "[@click=app.screenshot('x')]S[/]"
DISMISS = "[@click=screen.dismiss('hacked')]D[/]"
LINK = "[link=https://evil.example/login]L[/link]"
BROKEN = "Close [/b]"
MARKUP = f"{SHOT} {DISMISS} {LINK} {BROKEN} [b]B"
LITERALS = (SHOT, DISMISS, LINK, BROKEN)
SIZE = (160, 50)
__all__ = ["no_pack_text_check"]  # a fixture, used by name
NOW = dt.datetime(2026, 11, 24, 15, 30, tzinfo=dt.UTC)


def _prefix(node: Any, payload: str) -> Any:
    """Every free text of the pack starts with `payload` (rows cut long texts at the end)."""
    if isinstance(node, dict):
        return {k: node[k] if k in STRUCTURAL else _prefix(v, payload) for k, v in node.items()}
    if isinstance(node, list):
        return [_prefix(v, payload) for v in node]
    if isinstance(node, str):
        return f"{payload} {node}"
    return node


def _app(tmp_path: Path, payload: str) -> SecurecheckApp:
    pack = write_pack(tmp_path / "evil.yaml", _prefix(hostile_pack(""), payload))
    setup = audit.load_setup(tmp_path / "answers.yaml", [pack])
    return SecurecheckApp(
        setup,
        probes=False,
        clock=lambda: NOW,
        cwd=tmp_path,
        cursor_blink=False,
        settings_path=tmp_path / "settings.yaml",
    )


def _text(app: SecurecheckApp) -> str:
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text.rstrip() for strip in strips)


def _files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


async def _click_every(
    pilot: Pilot[Any], app: SecurecheckApp, fragment: str, within: Region | None = None
) -> int:
    """Click where `fragment` shows on screen (each occurrence, inside `within`); how many
    there were. Text that is not markup does nothing when clicked."""
    clicks = 0
    for y, line in enumerate(_text(app).splitlines()):
        x = line.find(fragment)
        if x >= 0 and (within is None or within.contains(x + 1, y)) and clicks < 3:
            await pilot.click(offset=(x + 1, y))
            await pilot.pause()
            clicks += 1
    return clicks


def _run(tmp_path: Path, payload: str, scenario: Callable[..., Awaitable[None]]) -> None:
    app = _app(tmp_path, payload)
    before = _files(tmp_path)

    async def main() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await scenario(pilot, app)
            await pilot.pause()

    asyncio.run(main())
    assert app.return_code in (None, 0)  # nothing crashed
    written = _files(tmp_path) - before
    assert written <= {tmp_path / "settings.yaml"}, written  # no screenshot, no report
    answers = tmp_path / "answers.yaml"
    assert not answers.exists() or "hacked" not in answers.read_text("utf-8")
    assert "hacked" not in str(app.answers.answers)


def _shows_literally(app: SecurecheckApp, where: str) -> None:
    text = _text(app)
    for literal in LITERALS:
        assert literal in text, f"{literal!r} not shown literally in {where}:\n{text}"


def test_markup_attack_checklist_and_rule_detail_show_it_literally(tmp_path: Path) -> None:
    async def scenario(pilot: Pilot[Any], app: SecurecheckApp) -> None:
        assert isinstance(app.screen, MainScreen)
        app.screen.query_one(Checklist).highlight_rule("evil.probe")
        await pilot.pause()
        _shows_literally(app, "the rule detail")
        assert "[@click=app.screenshot('x')]" in _text(app)  # the checklist row too
        detail = app.screen.query_one(DetailPane).region
        for fragment in (SHOT, DISMISS, LINK):  # not on the rows: a click there opens one
            assert await _click_every(pilot, app, fragment, detail) > 0
        assert isinstance(app.screen, MainScreen)

    _run(tmp_path, MARKUP, scenario)


def test_markup_attack_question_dialog_cannot_dismiss_or_crash(tmp_path: Path) -> None:
    async def scenario(pilot: Pilot[Any], app: SecurecheckApp) -> None:
        app.screen.query_one(Checklist).highlight_rule("evil.question")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        _shows_literally(app, "the question dialog")
        # On the title and the help (a click on a choice answers, as it should).
        clicks = 0
        for part in ("#q-title", "#q-help"):
            region = app.screen.query_one(part).region
            for fragment in (SHOT, DISMISS, LINK):
                clicks += await _click_every(pilot, app, fragment, region)
        assert clicks >= 2  # each starts with the attack, so it shows on its first line
        assert isinstance(app.screen, QuestionScreen)  # no click closed it
        await pilot.press("escape")

    _run(tmp_path, MARKUP, scenario)


def test_markup_attack_fix_first_and_help_open_and_close(tmp_path: Path) -> None:
    # A user pack's rules have their own score and stay out of the headline's fix-first list;
    # the dialog must still open and close with the pack loaded.
    async def scenario(pilot: Pilot[Any], app: SecurecheckApp) -> None:
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FixFirstScreen)
        await pilot.press("end", "escape")
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)

    _run(tmp_path, MARKUP, scenario)


def test_markup_attack_in_paths_of_export_vault_and_breach_settings_is_plain(
    tmp_path: Path,
) -> None:
    # A path the user pastes (or a file name an attacker chose) ends up in error messages.
    bad = tmp_path / "evil.yaml" / f"{SHOT} {BROKEN}"  # under a file: cannot be written

    async def scenario(pilot: Pilot[Any], app: SecurecheckApp) -> None:
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        app.screen.query_one("#export-path", Input).value = str(bad)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)  # the write failed: it stays open
        assert any(SHOT in str(n.message) for n in app._notifications)
        await pilot.press("escape")

        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, VaultScreen)
        app.screen.query_one("#vault-path", Input).value = str(bad) + ".csv"
        await pilot.press("enter")
        for _ in range(200):  # a safety net: the worker says the file is missing
            if isinstance(app.screen, VaultScreen) and app.screen.finished:
                break
            await pilot.pause(0.05)
        assert SHOT in _text(app)
        await pilot.press("escape")

        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, BreachSettingsScreen)
        app.screen.query_one("#breach-corpus", Input).value = str(bad)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BreachSettingsScreen)  # refused, said on the screen
        assert SHOT in _text(app)
        await pilot.press("escape")

        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PasswordScreen)
        await pilot.press("escape")

    _run(tmp_path, MARKUP, scenario)


@pytest.mark.usefixtures("no_pack_text_check")
def test_markup_and_escape_attack_past_the_loader_shows_no_control_byte(tmp_path: Path) -> None:
    """The loader refuses control characters in packs; were it to let them through, the app
    still shows them escaped (`\\x1b`), never raw."""

    async def scenario(pilot: Pilot[Any], app: SecurecheckApp) -> None:
        app.screen.query_one(Checklist).highlight_rule("evil.question")
        await pilot.pause()
        text = _text(app)
        assert "\\x1b]52;" in text and "\x1b" not in text and "\u202e" not in text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        text = _text(app)
        assert "\\x1b]52;" in text and "\x1b" not in text
        _shows_literally(app, "the question dialog")

    _run(tmp_path, f"{MARKUP} {TERMINAL}", scenario)
