"""The main screen: title bar, score panel, checklist and the detail of the selected rule."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.timer import Timer
from textual.widgets import OptionList

import securecheck
from securecheck.core.model import Scorecard
from securecheck.tui.messages import FirstFrameShown, RuleChosen
from securecheck.tui.screens.base import AppScreen
from securecheck.tui.widgets.checklist import Checklist
from securecheck.tui.widgets.detail import DetailPane
from securecheck.tui.widgets.footer import KeyFooter
from securecheck.tui.widgets.rows import SPINNER
from securecheck.tui.widgets.score_panel import ScorePanel
from securecheck.tui.widgets.since import SinceBar
from securecheck.tui.widgets.steady import SteadyStatic
from securecheck.tui.words import t

SPINNER_INTERVAL = 0.1


class StartFooter(KeyFooter):
    """The checklist's footer: says once that its keys are on screen (it fills itself a frame
    or two after the rest, when the bindings are known), after that frame has been painted."""

    _shown = False

    async def recompose(self) -> None:
        await super().recompose()
        if self.children and not self._shown:
            self._shown = True
            self.call_after_refresh(self._say_shown)

    def _say_shown(self) -> None:
        # Built here, so the footer is its sender and it bubbles up to the app.
        self.post_message(FirstFrameShown())


class MainScreen(AppScreen):
    """Everything at once: the checklist is there on the first frame."""

    def compose(self) -> ComposeResult:
        yield SteadyStatic(id="title-bar")
        yield ScorePanel(id="score-panel")
        yield SinceBar(id="since")
        with Horizontal(id="body"):
            yield Checklist(self.state.rules, id="checklist")
            yield DetailPane(id="detail")
        yield StartFooter(compact=True)

    def on_mount(self) -> None:
        self._spinner: Timer = self.set_interval(SPINNER_INTERVAL, self._tick, pause=True)
        self._frame = 0
        checklist = self.query_one(Checklist)
        first = next((r.id for r in self.state.rules), None)
        if first is not None:
            checklist.highlight_rule(first)
        checklist.focus()
        self.watch(self.app, "card", self._show_card, init=True)
        self.watch(self.app, "lang", self._lang_changed, init=False)
        self.watch(self.app, "unsaved", self._show_score, init=False)

    # --- showing state ------------------------------------------------------------------

    def _show_card(self, card: Scorecard | None) -> None:
        if card is None:
            return
        lang = self.lang
        self.query_one(Checklist).show(card, lang)
        self._show_score()
        self._show_detail()
        self._show_title()
        if self.state.pending:
            self._spinner.resume()
        else:
            self._spinner.pause()

    def _show_score(self, *_: object) -> None:
        app = self.state
        if app.card is None:
            return
        titles = {r.id: r.title for r in app.rules}
        self.query_one(ScorePanel).show(app.card, self.lang, titles, unsaved=app.unsaved)
        self.query_one(SinceBar).show(app.card, app.session, self.lang, app.now(), titles)

    def _show_detail(self) -> None:
        app = self.state
        rule_id = self.query_one(Checklist).highlighted_rule_id
        scored = app.result_for(rule_id) if rule_id else None
        answer = app.current_answer(rule_id) if rule_id else None
        self.query_one(DetailPane).show(scored, self.lang, answer)

    def _show_title(self) -> None:
        app = self.state
        lang = self.lang
        state: Content
        if not app.probes_enabled:
            state = Content.styled(t("app.probes_off", lang), "dim")
        elif app.pending:
            done = len(app.probe_names) - len(app.pending)
            state = Content.styled(
                f"{SPINNER[self._frame % len(SPINNER)]} "
                + t("app.probes_running", lang).format(done=done, total=len(app.probe_names)),
                "$accent",
            )
        else:
            state = Content.styled(t("app.probes_done", lang), "dim")
        title = Content.assemble(
            (t("title", lang), "bold"), (f"  v{securecheck.__version__}", "dim")
        )
        self.query_one("#title-bar", SteadyStatic).set_content(
            Content.assemble(title, "   ", state)
        )

    def _lang_changed(self, lang: str) -> None:
        self._show_card(self.state.card)
        self.refresh_bindings()

    def _tick(self) -> None:
        self._frame += 1
        if self.state.card is not None:
            self.query_one(Checklist).tick(self.state.card, self.lang)
        self._show_title()

    # --- reacting to the user -----------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#checklist")
    def _highlighted(self) -> None:
        self._show_detail()

    @on(OptionList.OptionSelected, "#checklist")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.post_message(RuleChosen(event.option.id))

    def go_to(self, rule_id: str) -> None:
        """Highlight a rule (from the fix-first list) and give the checklist focus."""
        checklist = self.query_one(Checklist)
        checklist.highlight_rule(rule_id)
        checklist.focus()
