"""The password check: type, see the strength at once, Enter records, Escape leaves.

Every keystroke gets the instant estimate on the UI thread (linear, no zxcvbn). The full
analysis runs in a child process (password_service), asked from a thread worker after a short
pause in typing; each run is tagged with a
generation number and only the newest one is shown, so the latest input always wins.

The password lives in the Input's value only. It goes to the analysis wrapped in a `Secret`,
is never an attribute of this screen, and is cleared from the field when the screen closes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Checkbox, Input, Label, Static

from securecheck.core.model import Profile, Status
from securecheck.core.secret import Secret
from securecheck.tui.jobs import collect_after_typing, hold_full_collections
from securecheck.tui.messages import BreachChecked, PasswordAnalysed, ProfileEdited, WorkFailed
from securecheck.tui.screens import breach_line
from securecheck.tui.screens.base import Dialog
from securecheck.tui.screens.breach_line import BreachLine
from securecheck.tui.widgets.footer import KeyFooter
from securecheck.tui.widgets.password_input import PasswordInput
from securecheck.tui.widgets.steady import SteadyStatic
from securecheck.tui.widgets.strength import StrengthMeter, feedback
from securecheck.tui.words import t

if TYPE_CHECKING:
    from securecheck.password.breaches import BreachVerdict
    from securecheck.password.verdict import PasswordVerdict

# Long enough to skip the keystrokes of a fast typist, short enough to feel immediate.
DEBOUNCE_S = 0.06


class PasswordScreen(Dialog):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="back_unrecorded"),
        Binding("ctrl+r", "toggle_reveal", "Show/hide", id="reveal"),
        Binding("ctrl+b", "app.breach_settings", "Breaches", id="breaches"),
        Binding("question_mark", "app.help", "Help", key_display="?", id="help"),
    ]

    def __init__(self) -> None:
        super().__init__(id="password-screen")
        self._generation = 0
        self._shown_generation = -1
        self._verdict: PasswordVerdict | None = None
        self._record_when_ready = False
        self._debounce: Timer | None = None
        # The breach line: the verdict for the current input, and the pause before online.
        self.breach_verdict: BreachVerdict | None = None
        self.recorded_breach: BreachVerdict | None = None  # what Enter recorded with it
        self._online_timer: Timer | None = None
        self._profile: Profile | None = None  # the words the analysis looks for

    def compose(self) -> ComposeResult:
        profile = self._profile = self.state.answers.profile
        with VerticalScroll(id="pw-dialog", classes="dialog"):
            yield Label(markup=False, id="pw-title", classes="dialog-title")
            yield Static(markup=False, id="pw-privacy", classes="dim")
            yield PasswordInput(password=True, id="password")
            # Not in the Tab order (ctrl+r or a click toggles it): Tab goes from the password
            # straight to the profile fields.
            reveal = Checkbox(id="reveal", value=False)
            reveal.can_focus = False
            yield reveal
            yield StrengthMeter(id="meter")
            yield SteadyStatic(id="feedback")
            yield BreachLine(id="breach-line")
            yield Static(markup=False, id="pw-hint", classes="hint")
            yield Static(markup=False, id="profile-note", classes="dim")
            with Horizontal(id="profile"):
                yield Input(value=profile.email, id="email")
                yield Input(value=profile.username, id="username")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        hold_full_collections()
        field = self.query_one(PasswordInput)
        field.cursor_blink = self.state.cursor_blink
        for other in self.query(Input):
            other.cursor_blink = self.state.cursor_blink
        field.focus()

    def relabel(self, lang: str) -> None:
        self.query_one("#pw-title", Label).update(t("app.pw.title", lang))
        self.query_one("#pw-privacy", Static).update(t("app.pw.privacy", lang))
        self.query_one(PasswordInput).placeholder = t("app.pw.placeholder", lang)
        self.query_one("#reveal", Checkbox).label = Content(t("app.pw.reveal", lang))
        self.query_one("#pw-hint", Static).update(t("app.pw.enter_hint", lang))
        self.query_one("#profile-note", Static).update(t("app.pw.profile", lang))
        self.query_one("#email", Input).placeholder = t("app.pw.email", lang)
        self.query_one("#username", Input).placeholder = t("app.pw.username", lang)
        self._show_feedback()
        self._show_breach()

    # --- typing ---------------------------------------------------------------------------

    @on(PasswordInput.Changed)
    def _typed(self, event: PasswordInput.Changed) -> None:
        from securecheck.password.quick import quick_estimate

        event.stop()
        self._generation += 1
        self._verdict = None
        secret = Secret(event.value)
        if secret:
            self.query_one(StrengthMeter).show_quick(quick_estimate(secret), self.lang)
        self._show_feedback()
        secret.clear()
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(DEBOUNCE_S, self._analyse) if event.value else None
        self.breach_verdict = None
        self._show_breach()
        if self._online_timer is not None:
            self._online_timer.stop()
        online = self.state.breach_settings.online and bool(event.value)
        self._online_timer = (
            self.set_timer(breach_line.ONLINE_PAUSE_S, self._online) if online else None
        )

    def _analyse(self) -> None:
        self._debounce = None
        value = self.query_one(PasswordInput).value
        if value:
            words = tuple((self._profile or self.state.answers.profile).user_inputs())
            self.state.analyse_password(self, Secret(value), self._generation, words)
            if self.state.breach_settings.corpus is not None:
                self.state.check_breach(self, Secret(value), self._generation, online=False)

    def _online(self) -> None:
        """The input has been still for a while: ask the range API once (it is turned on)."""
        self._online_timer = None
        value = self.query_one(PasswordInput).value
        if value:
            self.state.check_breach(self, Secret(value), self._generation, online=True)

    def on_breach_checked(self, message: BreachChecked) -> None:
        if message.generation != self._generation:
            return  # typed on since
        verdict = message.verdict
        # Offline found it: that stands, whatever the online answer says later.
        if self.breach_verdict is None or self.breach_verdict.status != Status.FAIL:
            self.breach_verdict = verdict
        self._show_breach()

    def _show_breach(self) -> None:
        typed = bool(self.query_one(PasswordInput).value)
        line = self.query_one(BreachLine)
        line.display = typed or not self.state.breach_settings.any
        line.show(self.breach_verdict, self.state.breach_settings, self.lang)

    def on_password_analysed(self, message: PasswordAnalysed) -> None:
        if message.generation != self._generation:
            return  # typed on since: a newer analysis is on its way
        self._verdict = message.verdict
        self._shown_generation = message.generation
        self._show_feedback()
        if self._record_when_ready:
            self._record()

    def on_work_failed(self, message: WorkFailed) -> None:
        if message.group == "password":
            self._record_when_ready = False
            self.query_one(StrengthMeter).show(None, self.lang, provisional=False)

    def _show_feedback(self) -> None:
        lang = self.lang
        meter = self.query_one(StrengthMeter)
        body = self.query_one("#feedback", SteadyStatic)
        # The feedback only ever grows while the dialog is open: "Analysing…", a cleared field
        # and a shorter verdict keep the lines the longest verdict took, so neither a keystroke
        # nor a verdict lays the dialog out again (a layout and repaint of the whole centred
        # dialog, 10-20 ms of the event loop) once the area has reached its height.
        if self._verdict is not None:
            meter.show_verdict(self._verdict, lang)
            body.set_content(feedback(self._verdict, lang), grow_only=True)
        elif not self.query_one(PasswordInput).value:
            meter.show(None, lang, provisional=False)
            body.set_content(Content(), grow_only=True)
        else:
            body.set_content(Content(t("app.pw.analysing", lang) + "…"), grow_only=True)

    # --- reveal, record, leave -------------------------------------------------------------

    def action_toggle_reveal(self) -> None:
        box = self.query_one("#reveal", Checkbox)
        box.value = not box.value

    @on(Checkbox.Changed, "#reveal")
    def _reveal(self, event: Checkbox.Changed) -> None:
        self.query_one(PasswordInput).password = not event.value

    @on(PasswordInput.Submitted)
    def _submitted(self, event: PasswordInput.Submitted) -> None:
        event.stop()
        if not self.query_one(PasswordInput).value:
            self.notify(t("app.pw.empty", self.lang), severity="warning", timeout=3)
            return
        if self._verdict is not None:
            self._record()
            return
        # Not analysed yet (Enter right after typing): analyse now and record when it lands.
        self._record_when_ready = True
        if self._debounce is not None:
            self._debounce.stop()
        self._analyse()

    def _record(self) -> None:
        verdict = self._verdict
        self._record_when_ready = False
        if verdict is None:
            return
        self.recorded_breach = self.breach_verdict  # clearing the field resets the line
        self._clear()
        self.dismiss(verdict)  # the app records it once the checklist is back

    def action_back(self) -> None:
        self._clear()
        self.dismiss(None)

    def on_unmount(self) -> None:
        collect_after_typing()

    def _clear(self) -> None:
        if self._online_timer is not None:
            self._online_timer.stop()
            self._online_timer = None
        field = self.query_one(PasswordInput)
        field.password = True
        field.value = ""
        self._verdict = None

    # --- profile words (they feed the analysis and are saved with the answers) ------------

    @on(Input.Submitted, "#email, #username")
    @on(Input.Blurred, "#email, #username")
    def _profile_edited(self, event: Input.Submitted | Input.Blurred) -> None:
        event.stop()
        profile = Profile(
            email=self.query_one("#email", Input).value.strip(),
            username=self.query_one("#username", Input).value.strip(),
        )
        if profile == (self._profile or self.state.answers.profile):
            return
        self._profile = profile
        self.post_message(ProfileEdited(profile))
        if self.query_one(PasswordInput).value:
            self._generation += 1
            self._verdict = None
            self._show_feedback()
            self._analyse()
        if isinstance(event, Input.Submitted):
            self.query_one(PasswordInput).focus()
