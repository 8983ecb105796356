"""What a keystroke costs the screen: the lines that changed are repainted, nothing is laid out.

How long that takes is measured in bench/bench_app.py (the event loop's longest stall); here:
that typing asks for no layout, that a line which grows still gets one, and that the password
field scrolls exactly as a plain Input does although its value no longer asks for a layout.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.content import Content
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input

from securecheck.tui.app import SecurecheckApp
from securecheck.tui.screens import password as password_screen
from securecheck.tui.state import state_of
from securecheck.tui.widgets.footer import KeyFooter
from securecheck.tui.widgets.password_input import PasswordInput
from securecheck.tui.widgets.steady import SteadyStatic
from securecheck.tui.widgets.strength import StrengthMeter
from securecheck.tui.words import t
from tui.tuikit import SIZE, make_app, pw_screen, screen_text, settle


def _count_layouts(monkeypatch: pytest.MonkeyPatch) -> list[Screen[object]]:
    """Every layout of a screen from now on (Screen._refresh_layout is where Textual does it)."""
    laid_out: list[Screen[object]] = []
    real = Screen._refresh_layout

    def spy(self: Screen[object], *args: object, **kwargs: object) -> None:
        laid_out.append(self)
        real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Screen, "_refresh_layout", spy)
    return laid_out


async def test_typing_a_password_lays_nothing_out(
    answers_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(password_screen, "DEBOUNCE_S", 30.0)  # no verdict arrives meanwhile
    app = make_app(answers_path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.press("T")  # the feedback line says "analysing" from here on
        await pilot.pause()
        laid_out = _count_layouts(monkeypatch)
        # 90 characters: past the width of the field, so it scrolls as it fills.
        await pilot.press(*("r0ub4dor&3-xyzq" * 6))
        await pilot.pause()
        assert laid_out == []
        field = app.screen.query_one(PasswordInput)
        assert len(field.value) == 91 and field.scroll_x > 0
        assert "•" * 40 in screen_text(app)
        meter = str(app.screen.query_one(StrengthMeter).render())
        assert "(analysing)" in meter


async def _weak_verdict(app: SecurecheckApp, pilot: Pilot[int]) -> SteadyStatic:
    """The password dialog, showing the verdict on "password1" (a warning and suggestions)."""
    await pilot.press("p")
    body = app.screen.query_one("#feedback", SteadyStatic)
    await pilot.press(*"password1")
    await settle(app, pilot)
    return body


async def test_the_verdict_sets_the_feedback_height_and_typing_on_keeps_it(
    answers_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(answers_path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        body = await _weak_verdict(app, pilot)
        lines = str(body.render()).count("\n") + 1
        assert lines > 3 and body.size.height == lines  # laid out at the verdict's height
        assert "Suggestions:" in screen_text(app)
        monkeypatch.setattr(password_screen, "DEBOUNCE_S", 30.0)  # no new verdict meanwhile
        laid_out = _count_layouts(monkeypatch)
        # Typing on: "Analysing…" in the verdict's lines. Before, the first key after each
        # verdict shrank the feedback and the next verdict grew it: two layouts of the whole
        # screen per pause in typing.
        await pilot.press("x")
        await pilot.pause()
        shown = body.visual
        assert isinstance(shown, Content) and shown.plain.rstrip("\n") == "analysing…"
        assert "analysing…" in screen_text(app)
        app.screen.query_one(PasswordInput).value = ""  # cleared: blank lines, same height
        await pilot.pause()
        assert "analysing…" not in screen_text(app)
        assert laid_out == [] and body.size.height == lines


async def test_a_shorter_verdict_takes_the_longer_ones_lines_without_a_layout(
    answers_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(answers_path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        body = await _weak_verdict(app, pilot)
        field = app.screen.query_one(PasswordInput)
        lines = body.size.height
        assert lines > 3
        laid_out = _count_layouts(monkeypatch)
        field.value = "vX9#qL2!mT7@zR4$wK"  # strong: 2 lines of verdict
        await settle(app, pilot)
        assert "strong enough" in screen_text(app)
        shown = body.visual
        assert isinstance(shown, Content) and shown.plain.rstrip("\n").count("\n") == 1
        # The area kept its height: the dialog was repainted, not laid out again.
        assert laid_out == [] and body.size.height == lines


class _Lines(App[None]):
    def compose(self) -> ComposeResult:
        yield SteadyStatic(id="auto")
        yield SteadyStatic(id="fixed")

    CSS = "#fixed { height: 2; }"


async def test_steady_text_is_laid_out_only_when_its_height_changes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = _Lines()
    async with app.run_test(size=(40, 10)) as pilot:
        auto = app.query_one("#auto", SteadyStatic)
        fixed = app.query_one("#fixed", SteadyStatic)
        auto.set_content(Content("one line"))
        await pilot.pause()
        laid_out = _count_layouts(monkeypatch)
        auto.set_content(Content("one line"))  # the same: nothing at all
        await pilot.pause()
        assert laid_out == [] and not auto._repaint_required
        auto.set_content(Content("another line"))  # the same height: repainted in place
        fixed.set_content(Content("a\nb\nc"))  # a fixed height: whatever the text
        await pilot.pause()
        assert laid_out == []
        assert str(auto.render()) == "another line" and auto.size.height == 1
        assert str(fixed.render()) == "a\nb\nc" and fixed.size.height == 2
        auto.set_content(Content("a line far too long to fit in forty columns at once"))
        await pilot.pause()
        assert laid_out and auto.size.height == 2
        auto.set_content(Content.from_markup("[b]styled[/b] line"))  # same text, new spans
        await pilot.pause()
        shown = auto.visual
        assert isinstance(shown, Content) and shown.is_same(
            Content.from_markup("[b]styled[/b] line")
        )


async def test_a_scorecard_that_changes_nothing_shown_lays_nothing_out(
    answers_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every card the app scores is shown again in full (score, reminders, detail, title):
    # one that reads the same, as at the end of every start, costs no layout of the screen.
    app = make_app(answers_path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = screen_text(app)
        laid_out = _count_layouts(monkeypatch)
        app.rescore()
        await pilot.pause()
        assert laid_out == [] and screen_text(app) == before
        await pilot.press("l")  # another language: every line changes, and is laid out
        await pilot.pause()
        assert laid_out and screen_text(app) != before


class _TwoFields(App[None]):
    def compose(self) -> ComposeResult:
        yield Input(password=True, id="plain")
        yield PasswordInput(id="ours")


class _NarrowFields(_TwoFields):
    # 14 columns of text: far past them in 40 keys (each key a pilot round trip).
    CSS = "Input { width: 20; }"


async def test_the_password_field_scrolls_as_a_plain_input_does() -> None:
    # Where the shortened value comes to fit the field, the two differ on purpose: Input keeps
    # its old offset (scroll_x beyond max_scroll_x, the first bullets hidden) until its next
    # layout, ours clamps at once. The values here stay wider than the field.
    app = _NarrowFields()
    async with app.run_test(size=(40, 10)) as pilot:

        async def scrolled(field: Input) -> list[float]:
            field.focus()
            await pilot.pause()
            seen: list[float] = []
            for keys in (
                ["x"] * 40,  # far past the 14 columns of text
                ["backspace"] * 10,  # shorter: the view follows the end back
                ["home"],
                ["end", "y", "y"],
            ):
                await pilot.press(*keys)
                await pilot.pause()
                seen.append(field.scroll_x)
            # Scrolled by hand, as the wheel does (the field's scrollbar is hidden: 0 cells).
            field.scroll_left(animate=False, immediate=True)
            await pilot.pause()
            seen.append(field.scroll_x)
            await pilot.press(*["left"] * 10)
            field.value = field.value[: field.cursor_position + 1]  # the cursor stays put
            await pilot.pause()
            seen.append(field.scroll_x)  # no further than the shorter value allows
            field.value = "short"
            await pilot.pause()
            seen.append(field.scroll_x)
            return seen

        plain = await scrolled(app.query_one("#plain", Input))
        ours = await scrolled(app.query_one(PasswordInput))
        assert plain == ours
        assert plain[0] > plain[1] > plain[2] == 0 < plain[5] < plain[4] < plain[3]
        assert plain[6] == 0


def test_state_of_refuses_a_host_that_is_not_the_app() -> None:
    with pytest.raises(TypeError, match="does not provide the securecheck app state"):
        state_of(App())
    with pytest.raises(TypeError):  # asked again: the answer is not cached the wrong way
        state_of(App())


async def test_state_of_gives_the_app_back(answers_path: Path, tmp_path: Path) -> None:
    app = make_app(answers_path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        assert state_of(app) is app and pw_screen(app).state is app


def _cells(field: Input) -> list[tuple[str, object]]:
    """The field's text line, cell by cell, with the style of each."""
    return [(char, segment.style) for segment in field.render_line(0) for char in segment.text]


@pytest.mark.parametrize("length", [1, 20, 34, 35, 36, 90, 1024])
async def test_the_password_field_draws_what_a_plain_masked_input_draws(length: int) -> None:
    app = _TwoFields()
    async with app.run_test(size=(40, 10)) as pilot:
        fields = (app.query_one("#plain", Input), app.query_one(PasswordInput))
        value = ("a\u0301" + "日本" + "x9!Q") * (length // 7 + 1)  # marks and wide characters
        for field in fields:
            field.select_on_focus = False  # each keeps its cursor between the steps
            field.value = value[:length]
        await pilot.pause()
        frames: dict[int, list[list[tuple[str, object]]]] = {0: [], 1: []}

        async def step(*keys: str) -> None:
            for index, field in enumerate(fields):
                field.focus()
                await pilot.press(*keys)
                await pilot.pause()
                frames[index].append(_cells(field))
                field._cursor_visible = False  # the other half of a blink
                frames[index].append(_cells(field))
                field._cursor_visible = True

        await step("end")
        await step("left", "left", "left")
        await step("shift+left", "shift+left")  # a selection
        await step("home")
        await step("shift+end")
        await step("end", "backspace")
        app.set_focus(None)
        await pilot.pause()
        for index, field in enumerate(fields):
            frames[index].append(_cells(field))
        assert frames[0] == frames[1]
        assert any("•" in char for frame in frames[1] for char, _ in frame)


async def test_no_full_collection_while_the_password_dialog_is_open(
    answers_path: Path, tmp_path: Path
) -> None:
    import gc
    import sys

    # Whether Python starts a full collection of its own depends on the heap; what the app
    # controls is the threshold while the dialog is open, and the collection it asks for as
    # the dialog closes.
    asked: list[bool] = []  # each full collection: whether the closing dialog asked for it

    def spy(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and info["generation"] == 2:
            frame = sys._getframe(1)
            names = set()
            while frame is not None:
                names.add(frame.f_code.co_name)
                frame = frame.f_back  # type: ignore[assignment]
            asked.append("collect_after_typing" in names)

    before = gc.get_threshold()
    app = make_app(answers_path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.pause()
        assert gc.get_threshold()[:2] == before[:2] and gc.get_threshold()[2] >= 1 << 30
        gc.callbacks.append(spy)
        try:
            await pilot.press("escape")
            await pilot.pause()
        finally:
            gc.callbacks.remove(spy)
        assert gc.get_threshold() == before  # closed: full collections as before
        assert asked and asked[0]  # the first, as the dialog went, was the app's own


async def test_the_footer_keeps_its_keys_until_what_it_shows_changes(
    answers_path: Path, tmp_path: Path
) -> None:
    app = make_app(answers_path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.pause()
        footer = app.screen.query_one(KeyFooter)
        keys = list(footer.query("FooterKey"))  # Textual's key widgets (not exported)
        assert [getattr(key, "key", None) for key in keys][:2] == ["escape", "ctrl+r"]
        # Tab: from the password field to the e-mail field, two inputs with the same keys.
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is app.screen.query_one("#email", Input)
        assert list(footer.query("FooterKey")) == keys  # the same widgets: nothing rebuilt
        # A language switch changes every word: the keys are rebuilt in the new language.
        await app.run_action("app.switch_language")
        await pilot.pause()
        rebuilt = list(footer.query("FooterKey"))
        assert rebuilt and not set(rebuilt) & set(keys)
        reveal = next(key for key in rebuilt if getattr(key, "key", None) == "ctrl+r")
        words = t("key.reveal", "zh-Hans")
        assert getattr(reveal, "description", None) == words != t("key.reveal", "en")
        assert words in screen_text(app)


async def test_a_dialog_leaves_the_checklists_footer_keys_as_they_were(
    answers_path: Path, tmp_path: Path
) -> None:
    # Under a dialog, the checklist's footer is covered by the dialog's own: it keeps its
    # keys (and the same widgets) rather than building the ones it would show there, twice.
    app = make_app(answers_path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        main = app.screen
        footer = main.query_one(KeyFooter)
        keys = list(footer.query("FooterKey"))
        assert "Password" in [getattr(key, "description", None) for key in keys]
        for dialog in ("f", "question_mark", "g"):
            await pilot.press(dialog)
            await pilot.pause()
            assert app.screen is not main
            assert list(footer.query("FooterKey")) == keys
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is main
            assert list(footer.query("FooterKey")) == keys
        await app.run_action("app.switch_language")  # on top again: it follows its screen
        await pilot.pause()
        assert not set(footer.query("FooterKey")) & set(keys)
