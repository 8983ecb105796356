"""The app: holds the audit's state (rules, answers, facts, password verdict) and its work.

Every judgement comes from the core (`audit.score`); screens and widgets only show the
Scorecard (`card`, a reactive they watch) and ask. Background work (probes, the password
analysis) runs in thread workers started here, so their failures all arrive in one handler,
`on_worker_state_changed`, which turns them into a visible error. Screens read the app through
the `AppState` protocol (state.py) and ask through messages (messages.py), handled here with
`@on`. What the keys do (bar the password dialog) is the `KeyActions` mixin, in actions.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from securecheck.core import audit, engine
from securecheck.core.answers import AnswerSet, update_answers
from securecheck.core.errors import SecurecheckError
from securecheck.core.fileio import atomic_write
from securecheck.core.inert import inert
from securecheck.core.model import (
    PasswordCheck,
    ProbeOutcome,
    Profile,
    Rule,
    Scorecard,
    ScoredResult,
)
from securecheck.core.secret import Secret
from securecheck.core.settings import default_settings_path
from securecheck.i18n import _
from securecheck.tui.actions import KeyActions
from securecheck.tui.commands import SecurecheckCommands
from securecheck.tui.crash import CrashWithoutSecrets
from securecheck.tui.jobs import analyse_job, probe_job, start_password_service
from securecheck.tui.messages import (
    BreachSettingsChanged,
    ExportRequested,
    FirstFrameShown,
    ProbeFinished,
    ProfileEdited,
    RuleChosen,
    VaultSummaryReady,
    WorkFailed,
)
from securecheck.tui.screens.breach_line import BreachSettings, breach_job
from securecheck.tui.screens.main import MainScreen
from securecheck.tui.session import SessionHistory
from securecheck.tui.words import t

if TYPE_CHECKING:
    from textual.message_pump import MessagePump
    from textual.notifications import SeverityLevel

    from securecheck.password.breaches import BreachVerdict
    from securecheck.password.service import PasswordService
    from securecheck.password.verdict import PasswordVerdict
    from securecheck.tui.actions import ActionHost

PROBES_START_AT_LATEST_S = 1.0
# gather(names, fresh=False): `fresh` recomputes facts the fact cache remembers (`r`).
Gather = Callable[..., Mapping[str, ProbeOutcome]]
Clock = Callable[[], dt.datetime]


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _gather(names: Iterable[str], *, fresh: bool = False) -> Mapping[str, ProbeOutcome]:
    from securecheck.probes import gather as probes

    return probes.gather(names, fresh=fresh)


class SecurecheckApp(KeyActions, CrashWithoutSecrets, inherit_bindings=False):
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {SecurecheckCommands}
    # The key contract; every binding has an id (words: key.<id>, tip.<id> in the catalogue).
    # Not inherited from App, so the footer lists them in this order (quit last).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "password", "Password", id="password"),
        Binding("g", "guided", "Guided", id="guided"),
        Binding("f", "fix_first", "Fix first", id="fix_first"),
        Binding("e", "export", "Export", id="export"),
        Binding("l", "switch_language", "Language", id="language"),
        Binding("r", "rerun_probes", "Re-check", id="rerun"),
        Binding("v", "vault", "Vault", id="vault"),
        Binding("b", "breach_settings", "Breaches", id="breaches", show=False),
        Binding("question_mark", "help", "Help", key_display="?", id="help"),
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
        Binding("ctrl+c", "help_quit", show=False, system=True),
    ]

    lang: reactive[str] = reactive("en", init=False)
    card: reactive[Scorecard | None] = reactive(None, init=False, always_update=True)
    unsaved: reactive[bool] = reactive(False, init=False)

    def __init__(
        self,
        setup: audit.Setup,
        *,
        lang: str = "en",
        probes: bool = True,
        gather: Gather | None = None,
        clock: Clock | None = None,
        cwd: Path | None = None,
        cursor_blink: bool = True,
        settings_path: Path | None = None,
        history: Path | None = None,
        breaches: BreachSettings | None = None,
    ) -> None:
        super().__init__()
        # Devtools record every key event: a typed password would leave one character at a
        # time. The entry point (`run_app`) strips it from the environment before Textual is
        # imported; should an app be built without it (a test, an embedding), the client
        # Textual has just built is dropped before it could connect (it connects in `run`).
        self.features = frozenset(self.features - {"devtools", "debug"})
        self.devtools = None
        self._devtools_redirector = None
        self.rules: tuple[Rule, ...] = setup.rules
        self.rules_by_id = {r.id: r for r in self.rules}
        self.answers: AnswerSet = setup.answers
        # Changes made in the app that the file does not hold yet (a save failed).
        self._pending: list[Callable[[AnswerSet], AnswerSet]] = []
        self.answers_path = setup.answers_path
        self.settings_path = settings_path or default_settings_path()
        self.probes_enabled = probes
        self.probe_names = frozenset(engine.probes_needed(self.rules))
        self.outcomes: dict[str, ProbeOutcome] | None = {} if probes else None
        # Every probe counts as running until the first frame is up and they are started.
        self.pending: frozenset[str] = self.probe_names if probes else frozenset()
        self.verdict: PasswordVerdict | None = None
        # The breach check: where to look (settings, --breaches), and the recorded verdict.
        self.breach_settings = breaches or BreachSettings()
        self.breach: BreachVerdict | None = None
        self._password_service: PasswordService | None = None
        self.cursor_blink = cursor_blink
        self._gather = gather or _gather
        self._clock = clock or _utc_now
        self._cwd = cwd
        self._started = False  # the probes have been started once (after the first frame)
        self._results: dict[str, ScoredResult] = {}
        self.session = SessionHistory.open(history)  # None: this session is not recorded
        self.set_reactive(SecurecheckApp.lang, lang)
        self.title = t("title", lang)
        self.rescore()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification is plain text, whoever asks: a message may quote a path, a file
        or an error, and none of it may be parsed as markup (an `[@click=…]` would run)."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def get_default_screen(self) -> Screen[Any]:
        return MainScreen(id="main")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Textual binds ctrl+p with priority, so it would open the palette over a dialog too,
        # with the password screen underneath. The palette is for the checklist only.
        if action == "command_palette":
            return isinstance(self.screen, MainScreen)
        return True

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        # "Screenshot" writes an SVG of the screen to ~/Downloads unasked: not for an app
        # whose screens can hold a (revealed) password.
        for command in super().get_system_commands(screen):
            if command.title != "Screenshot":
                yield command

    def on_ready(self) -> None:
        # The probes start once the first complete frame is painted (FirstFrameShown), so
        # their threads never hold it up; this timer starts them should that never be said.
        self.set_timer(PROBES_START_AT_LATEST_S, self._start_after_first_frame)

    @on(FirstFrameShown)
    def _start_after_first_frame(self) -> None:
        if self._started:
            return
        self._started = True
        if self.probes_enabled:
            self.start_probes()
        elif self.card is not None:  # nothing to wait for: this session is a run already
            self.session.record(self.card, self.lang, self._clock(), final=False)

    # --- state ---------------------------------------------------------------------------

    def rescore(self) -> None:
        card = audit.score(
            self.rules,
            self.answers,
            self.outcomes,
            self.verdict,
            pending=self.pending,
            now=self._clock(),
            breach=self.breach,
        )
        self._results = {s.rule.id: s for s in card.results}
        self.card = card
        # The machine has been checked: this session is a run (recorded after the first
        # frame, which the history file must not hold up).
        if not self.pending and self._started:
            self.session.record(card, self.lang, self._clock(), final=False)

    def result_for(self, rule_id: str) -> ScoredResult | None:
        return self._results.get(rule_id)

    def now(self) -> dt.datetime:
        return self._clock()

    def current_answer(self, rule_id: str) -> str | None:
        question = self.rules_by_id[rule_id].question if rule_id in self.rules_by_id else None
        answer = self.answers.answers.get(question.id) if question else None
        return answer.value if answer else None

    def main_bindings(self) -> list[Binding]:
        return [b for b in self.BINDINGS if isinstance(b, Binding) and b.id]

    def watch_lang(self, lang: str) -> None:
        self.title = t("title", lang)
        for screen in self.screen_stack:
            screen.refresh_bindings()

    # --- answers -------------------------------------------------------------------------

    def answer(self, question_id: str, value: str) -> None:
        """Record an answer: in memory at once (the score moves), then in the file."""
        now = self._clock().replace(microsecond=0)
        self._change(lambda answers: answers.with_answer(question_id, value, now), "app.saved")

    def save_profile(self, profile: Profile) -> None:
        self._change(lambda answers: answers.with_profile(profile), "app.pw.profile_saved")

    def _change(self, change: Callable[[AnswerSet], AnswerSet], saved_key: str) -> None:
        self.answers = change(self.answers)
        self.rescore()
        self._pending.append(change)
        if self._save():
            self.notify(t(saved_key, self.lang), timeout=2)

    def _save(self) -> bool:
        """Apply every change not yet on disk to the file as it is now, keeping what was saved
        meanwhile elsewhere; on failure keep them in memory (and pending) and say so."""
        questions = [r.question for r in self.rules if r.question is not None]
        pending = list(self._pending)

        def apply_all(answers: AnswerSet) -> AnswerSet:
            for change in pending:
                answers = change(answers)
            return answers

        try:
            on_disk = update_answers(self.answers_path, questions, apply_all)
        except (SecurecheckError, OSError, ValueError) as exc:
            self.unsaved = True
            self.notify(
                t("app.save_failed", self.lang).format(error=exc),
                title=t("app.save_failed_title", self.lang),
                severity="error",
                timeout=30,
            )
            return False
        self._pending.clear()
        self.unsaved = False
        self.answers = on_disk
        self.rescore()
        return True

    # --- probes --------------------------------------------------------------------------

    def start_probes(self) -> None:
        self.pending = self.probe_names
        self.rescore()
        # After the first run (`r`), read the machine anew, not remembered facts.
        gather = partial(self._gather, fresh=True) if self.outcomes else self._gather
        for name in sorted(self.probe_names):
            self.run_worker(
                partial(probe_job, self, gather, name),
                name=f"probe:{name}",
                group="probes",
                description=f"probe {name}",
                thread=True,
                exit_on_error=False,
            )

    def on_probe_finished(self, message: ProbeFinished) -> None:
        self._probe_done(message.probe, message.outcome)

    def _probe_done(self, name: str, outcome: ProbeOutcome) -> None:
        if self.outcomes is None:
            return
        self.outcomes[name] = outcome
        self.pending = self.pending - {name}
        self.rescore()

    # --- password ------------------------------------------------------------------------

    def analyse_password(
        self, target: MessagePump, secret: Secret, generation: int, user_inputs: tuple[str, ...]
    ) -> None:
        """Analyse off the UI thread; the newest request cancels older ones (exclusive)."""
        check = next(
            (r.check for r in self.rules if isinstance(r.check, PasswordCheck)), PasswordCheck()
        )
        words = user_inputs
        if self._password_service is None:  # analysed without the dialog (tests do)
            from securecheck.password.service import PasswordService

            self._password_service = PasswordService()
        service = self._password_service
        job = partial(analyse_job, target, secret, generation, words, check, service)
        # An explicit description: the default one is built from the arguments.
        self.run_worker(
            job,
            name="password",
            group="password",
            description="password analysis",
            thread=True,
            exclusive=True,
            exit_on_error=False,
        )

    def check_breach(
        self, target: MessagePump, secret: Secret, generation: int, online: bool
    ) -> None:
        """Search the breach corpus (and the range API if `online`) off the UI thread."""
        job = partial(breach_job, target, secret, generation, self.breach_settings, online)
        self.run_worker(
            job,
            name="breach",
            group="breach",
            description="breach check",
            thread=True,
            exclusive=True,
            exit_on_error=False,
        )

    def stop_password_service(self) -> None:
        if self._password_service is not None:
            self._password_service.close()
            self._password_service = None

    def on_unmount(self) -> None:
        self.stop_password_service()  # no child outlives the app
        if self.card is not None and not self.pending:
            self.session.record(self.card, self.lang, self._clock(), final=True)

    def record_password(
        self, verdict: PasswordVerdict, breach: BreachVerdict | None = None
    ) -> None:
        """Keep the verdict (status, 0-4 score, date; never the password) in the answers file,
        so a restart shows it; one of an analysis that broke is shown, not kept. The breach
        verdict stays in memory."""
        self.verdict = verdict
        self.breach = breach
        record = audit.password_record(verdict, self._clock())
        if record is None:
            self.rescore()
            return
        self._change(lambda answers: answers.with_password(record), "app.pw.recorded")

    def action_password(self) -> None:
        from securecheck.tui.screens.password import PasswordScreen

        screen = PasswordScreen()

        def done(verdict: PasswordVerdict | None) -> None:
            self.stop_password_service()
            if verdict is not None:
                self.record_password(verdict, screen.recorded_breach)

        # zxcvbn's word lists cost ~12 MiB: they load in a child process that lives as long as
        # the dialog, started off the UI thread while the dialog opens.
        from securecheck.password.service import PasswordService  # not needed before this

        self.stop_password_service()
        service = self._password_service = PasswordService()
        self.run_worker(
            partial(start_password_service, service),
            thread=True,
            group="preload",
            description="start the password analyser",
            exit_on_error=False,
        )
        self.push_screen(screen, done)

    # --- export --------------------------------------------------------------------------

    def default_export_path(self) -> Path:
        stamp = self._clock().astimezone().strftime("%Y%m%d-%H%M%S")
        return (self._cwd or Path.cwd()) / f"securecheck-report-{stamp}.json"

    def export_report(self, path: Path) -> bool:
        from securecheck import report

        if self.card is None:
            return False
        data = report.build(self.card, self.lang, now=self._clock())
        try:
            from securecheck.tui.screens.export import report_paths

            json_path, md_path = report_paths(path, self.default_export_path().name)
            atomic_write(json_path, report.to_json(data).encode("utf-8"))
            atomic_write(md_path, report.to_markdown(data).encode("utf-8"))
        except (SecurecheckError, OSError, ValueError) as exc:  # ValueError: NUL in a path
            self.notify(
                inert(str(exc)),
                title=t("app.export.failed", self.lang),
                severity="error",
                timeout=15,
                markup=False,
            )
            return False
        self.notify(
            t("app.export.done", self.lang).format(
                json=inert(str(json_path)), md=inert(str(md_path))
            ),
            timeout=10,
            markup=False,
        )
        return True

    # --- what screens ask --------------------------------------------------------------

    @on(RuleChosen)
    def _rule_chosen(self, message: RuleChosen) -> None:
        self.open_rule(message.rule_id)

    @on(ExportRequested)
    def _export_requested(self, message: ExportRequested) -> None:
        if self.export_report(message.path):
            message.dialog.dismiss(message.path)

    @on(ProfileEdited)
    def _profile_edited(self, message: ProfileEdited) -> None:
        self.save_profile(message.profile)

    @on(VaultSummaryReady)
    def _vault_summary(self, message: VaultSummaryReady) -> None:
        """A password-manager audit's results (never a password) into the answers file."""
        summary = message.summary
        self._change(lambda answers: answers.with_vault(summary), "app.vault.saved")

    @on(BreachSettingsChanged)
    def _breach_settings_changed(self, message: BreachSettingsChanged) -> None:
        self.breach_settings = message.settings

    # --- failures ------------------------------------------------------------------------

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place a background failure becomes visible (never a silent blank)."""
        worker = event.worker
        if event.state != WorkerState.ERROR:
            return
        error = worker.error
        kind = type(error).__name__
        if worker.group == "probes":
            name = worker.name.removeprefix("probe:")
            self._probe_done(
                name,
                ProbeOutcome(
                    name,
                    {},
                    reason=_("the {name} check could not run ({kind})", name=name, kind=kind),
                ),
            )
        # Our own errors are written for users; anything else could hold anything (even a
        # password in its message), so only its type is shown.
        detail = str(error) if isinstance(error, SecurecheckError) else kind
        task_key = f"app.task.{worker.group}"
        self.notify(
            t("app.error.body", self.lang).format(task=t(task_key, self.lang), error=detail),
            title=t("app.error.title", self.lang),
            severity="error",
            timeout=15,
        )
        for screen in self.screen_stack:
            screen.post_message(WorkFailed(worker.group))


if TYPE_CHECKING:  # the app provides what its screens and its key actions are typed against

    def _provides(app: SecurecheckApp) -> ActionHost:
        return app
