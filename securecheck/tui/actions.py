"""What the keys do: open a rule, walk the open questions, and the other main actions.

A mixin of the app, typed against the `ActionHost` protocol (what it needs of the app,
declared below) rather than the app's class. Each action opens a screen and hands what the
user chose back to the app's own methods (`answer`, `start_probes`, `action_password`), so no
screen changes the audit's state itself. Sequences of dialogs are `@work` coroutines awaiting
`push_screen_wait`: guided mode is a loop, not a chain of callbacks.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from textual import work

from securecheck.core.errors import SecurecheckError
from securecheck.core.model import PasswordCheck, ProbeCheck, Rule, Status
from securecheck.core.settings import update_settings
from securecheck.i18n import LANGUAGES
from securecheck.tui.screens.main import MainScreen
from securecheck.tui.screens.question import SKIP, QuestionScreen
from securecheck.tui.state import AppState
from securecheck.tui.widgets.checklist import is_pending
from securecheck.tui.words import t

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel
    from textual.screen import Screen
    from textual.worker import Worker

ScreenResult = TypeVar("ScreenResult")


class ActionHost(AppState, Protocol):
    """What the actions need of the app beyond what screens read."""

    lang: str  # the actions switch it

    @property
    def rules_by_id(self) -> Mapping[str, Rule]: ...
    @property
    def screen(self) -> Screen[object]: ...

    def answer(self, question_id: str, value: str) -> None: ...
    def start_probes(self) -> None: ...
    def action_password(self) -> None: ...
    def default_export_path(self) -> Path: ...
    def push_screen(self, screen: Screen[Any]) -> object: ...
    async def push_screen_wait(self, screen: Screen[ScreenResult]) -> ScreenResult: ...
    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None: ...
    def needs_answer(self, rule_id: str) -> bool: ...
    def ask(self, rule: Rule) -> Worker[None]: ...
    def guide(self, queue: list[str]) -> Worker[None]: ...
    def choose_fix(self) -> Worker[None]: ...


class KeyActions:
    """App mixin: the actions of the key contract (bindings and command palette), bar the
    password dialog, which belongs with the password service the app runs."""

    def open_rule(self: ActionHost, rule_id: str) -> None:
        rule = self.rules_by_id[rule_id]
        if isinstance(rule.check, PasswordCheck):
            self.action_password()
        elif rule.question is not None:
            self.ask(rule)
        else:
            self.notify(t("app.probe_hint", self.lang), timeout=4)

    @work(group="dialog", exclusive=True)
    async def ask(self: ActionHost, rule: Rule) -> None:
        """One question (Enter on its row): record the choice, if one was made."""
        assert rule.question is not None
        value = await self.push_screen_wait(QuestionScreen(rule, self.current_answer(rule.id)))
        if value and value != SKIP:
            self.answer(rule.question.id, value)

    def action_guided(self: ActionHost) -> None:
        card = self.card
        queue = [rid for rid in card.fix_first if self.needs_answer(rid)] if card else []
        if not queue:
            self.notify(t("app.q.all_answered", self.lang), timeout=4)
            return
        self.guide(queue)

    @work(group="dialog", exclusive=True)
    async def guide(self: ActionHost, queue: list[str]) -> None:
        """The open questions, one after another, until the last or Escape."""
        for step, rule_id in enumerate(queue, 1):
            if not self.needs_answer(rule_id):
                continue  # answered meanwhile (or its probe has since decided it)
            rule = self.rules_by_id[rule_id]
            assert rule.question is not None
            dialog = QuestionScreen(rule, self.current_answer(rule_id), (step, len(queue)))
            value = await self.push_screen_wait(dialog)
            if value is None:
                return  # Escape ends guided mode
            if value != SKIP:
                self.answer(rule.question.id, value)
        self.notify(t("app.q.done", self.lang), timeout=4)

    def needs_answer(self: ActionHost, rule_id: str) -> bool:
        """Unanswered (or stale, by the core's judgement) and still able to change the result:
        a fallback question only matters while its probe cannot tell."""
        from securecheck.core.checks.question import judge_answer

        scored = self.result_for(rule_id)
        rule = self.rules_by_id[rule_id]
        question = rule.question
        if question is None or scored is None or is_pending(scored):
            return False
        judged = judge_answer(
            question, self.answers.answers.get(question.id), self.now(), rule.expires_after_days
        )
        if judged.status != Status.UNKNOWN:
            return False
        check = rule.check
        fallback = isinstance(check, ProbeCheck) and check.combine == "fallback"
        # A broken probe (error) cannot tell either: its question is worth asking too.
        return not fallback or scored.status in (Status.UNKNOWN, Status.ERROR)

    def action_fix_first(self: ActionHost) -> None:
        self.choose_fix()

    @work(group="dialog", exclusive=True)
    async def choose_fix(self: ActionHost) -> None:
        from securecheck.tui.screens.fix_first import FixFirstScreen

        rule_id = await self.push_screen_wait(FixFirstScreen(id="fix-first-screen"))
        if rule_id and isinstance(self.screen, MainScreen):
            self.screen.go_to(rule_id)

    def action_export(self: ActionHost) -> None:
        from securecheck.tui.screens.export import ExportScreen

        self.push_screen(ExportScreen(self.default_export_path()))

    def action_switch_language(self: ActionHost) -> None:
        """The next language, remembered for the next start (a failed save only warns)."""
        order = list(LANGUAGES)
        self.lang = order[(order.index(self.lang) + 1) % len(order)] if self.lang in order else "en"
        lang = self.lang
        try:
            update_settings(self.settings_path, lambda s: s.with_language(lang))
        except SecurecheckError as exc:
            self.notify(str(exc), severity="warning", timeout=6, markup=False)

    def action_rerun_probes(self: ActionHost) -> None:
        if not self.probes_enabled:
            self.notify(t("app.rerun.off", self.lang), severity="warning", timeout=4)
        elif self.pending:
            self.notify(t("app.rerun.busy", self.lang), timeout=3)
        else:
            self.start_probes()

    def action_help(self: ActionHost) -> None:
        from securecheck.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(id="help-screen"))

    def action_vault(self: ActionHost) -> None:
        from securecheck.tui.screens.vault import VaultScreen

        self.push_screen(VaultScreen())

    def action_breach_settings(self: ActionHost) -> None:
        from securecheck.tui.screens.breach_settings import BreachSettingsScreen

        self.push_screen(BreachSettingsScreen())
