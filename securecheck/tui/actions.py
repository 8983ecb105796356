"""What the keys do: open a rule, walk the open questions, and the other main actions.

A mixin of the app (`SecurecheckApp`), kept apart from its state: each action opens a screen
and hands what the user chose back to the app's own methods (`answer`, `start_probes`,
`action_password`), so no screen here changes the audit's state itself.
"""

from __future__ import annotations

from securecheck.core.errors import SecurecheckError
from securecheck.core.model import PasswordCheck, ProbeCheck, Status
from securecheck.core.settings import update_settings
from securecheck.i18n import LANGUAGES
from securecheck.tui.screens.export import ExportScreen
from securecheck.tui.screens.fix_first import FixFirstScreen
from securecheck.tui.screens.help import HelpScreen
from securecheck.tui.screens.main import MainScreen
from securecheck.tui.screens.question import SKIP, QuestionScreen
from securecheck.tui.widgets.checklist import is_pending
from securecheck.tui.words import t


class KeyActions:
    """App mixin: the actions of the key contract (bindings and command palette), bar the
    password dialog, which belongs with the password service the app runs."""

    def open_rule(self, rule_id: str) -> None:
        rule = self.rules_by_id[rule_id]
        if isinstance(rule.check, PasswordCheck):
            self.action_password()
        elif rule.question is not None:
            question_id = rule.question.id

            def answered(value: str | None) -> None:
                if value and value != SKIP:
                    self.answer(question_id, value)

            self.push_screen(QuestionScreen(rule, self.current_answer(rule_id)), answered)
        else:
            self.notify(t("app.probe_hint", self.lang), timeout=4)

    def action_guided(self) -> None:
        queue = [rid for rid in self.card.fix_first if self._needs_answer(rid)]
        if not queue:
            self.notify(t("app.q.all_answered", self.lang), timeout=4)
            return
        self._guide(queue, 0)

    def _needs_answer(self, rule_id: str) -> bool:
        """Unanswered (or stale, by the core's judgement) and still able to change the result:
        a fallback question only matters while its probe cannot tell."""
        from securecheck.core.checks.question import judge_answer

        scored = self.result_for(rule_id)
        rule = self.rules_by_id[rule_id]
        question = rule.question
        if question is None or scored is None or is_pending(scored):
            return False
        judged = judge_answer(
            question, self.answers.answers.get(question.id), self._clock(), rule.expires_after_days
        )
        if judged.status != Status.UNKNOWN:
            return False
        check = rule.check
        fallback = isinstance(check, ProbeCheck) and check.combine == "fallback"
        # A broken probe (error) cannot tell either: its question is worth asking too.
        return not fallback or scored.status in (Status.UNKNOWN, Status.ERROR)

    def _guide(self, queue: list[str], index: int) -> None:
        while index < len(queue) and not self._needs_answer(queue[index]):
            index += 1  # answered meanwhile (or its probe has since decided it)
        if index >= len(queue):
            self.notify(t("app.q.done", self.lang), timeout=4)
            return
        rule = self.rules_by_id[queue[index]]
        assert rule.question is not None
        question_id = rule.question.id

        def answered(value: str | None) -> None:
            if value is None:
                return  # Escape ends guided mode
            if value != SKIP:
                self.answer(question_id, value)
            self._guide(queue, index + 1)

        screen = QuestionScreen(rule, self.current_answer(rule.id), (index + 1, len(queue)))
        self.push_screen(screen, answered)

    def action_fix_first(self) -> None:
        def chosen(rule_id: str | None) -> None:
            if rule_id and isinstance(self.screen, MainScreen):
                self.screen.go_to(rule_id)

        self.push_screen(FixFirstScreen(id="fix-first-screen"), chosen)

    def action_export(self) -> None:
        self.push_screen(ExportScreen(self.default_export_path()))

    def action_switch_language(self) -> None:
        """The next language, remembered for the next start (a failed save only warns)."""
        order = list(LANGUAGES)
        self.lang = order[(order.index(self.lang) + 1) % len(order)] if self.lang in order else "en"
        try:
            update_settings(self.settings_path, lambda s: s.with_language(self.lang))
        except SecurecheckError as exc:
            self.notify(str(exc), severity="warning", timeout=6)

    def action_rerun_probes(self) -> None:
        if not self.probes_enabled:
            self.notify(t("app.rerun.off", self.lang), severity="warning", timeout=4)
        elif self.pending:
            self.notify(t("app.rerun.busy", self.lang), timeout=3)
        else:
            self.start_probes()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(id="help-screen"))
