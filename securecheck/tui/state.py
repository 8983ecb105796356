"""What a screen may read of the app, declared: the `AppState` protocol.

Screens and widgets never import the app's class. They read the audit's state through this
protocol (`state_of(self.app)`), speak upward with the messages in messages.py (the app
handles each with `@on`, in one place), and may ask for the two pieces of background work that
carry a password (`analyse_password`, `check_breach`): a `Secret` is handed over in a direct
call, so it never waits in a message queue.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast, runtime_checkable

if TYPE_CHECKING:
    from textual.binding import Binding
    from textual.message_pump import MessagePump

    from securecheck.core.answers import AnswerSet
    from securecheck.core.model import Rule, Scorecard, ScoredResult
    from securecheck.core.secret import Secret
    from securecheck.tui.screens.breach_line import BreachSettings
    from securecheck.tui.session import SessionHistory


@runtime_checkable
class AppState(Protocol):
    """The audit as the app holds it now (read-only for screens)."""

    @property
    def lang(self) -> str: ...
    @property
    def card(self) -> Scorecard | None: ...
    @property
    def unsaved(self) -> bool: ...
    @property
    def rules(self) -> tuple[Rule, ...]: ...
    @property
    def answers(self) -> AnswerSet: ...
    @property
    def pending(self) -> frozenset[str]: ...
    @property
    def probe_names(self) -> frozenset[str]: ...
    @property
    def probes_enabled(self) -> bool: ...
    @property
    def session(self) -> SessionHistory: ...
    @property
    def breach_settings(self) -> BreachSettings: ...
    @property
    def cursor_blink(self) -> bool: ...
    @property
    def settings_path(self) -> Path: ...

    def result_for(self, rule_id: str) -> ScoredResult | None: ...
    def current_answer(self, rule_id: str) -> str | None: ...
    def now(self) -> dt.datetime: ...
    def main_bindings(self) -> list[Binding]: ...
    def get_key_display(self, binding: Binding) -> str: ...

    def analyse_password(
        self, target: MessagePump, secret: Secret, generation: int, user_inputs: tuple[str, ...]
    ) -> None:
        """Start the full analysis (`user_inputs`: the profile words it looks for); the
        verdict comes back to `target` as PasswordAnalysed."""

    def check_breach(
        self, target: MessagePump, secret: Secret, generation: int, online: bool
    ) -> None:
        """Start the breach search; the verdict comes back to `target` as BreachChecked."""


# Classes already seen to provide AppState. A runtime isinstance() against a Protocol walks
# every member of it on each call (~0.2 ms), and screens read the state several times per
# keystroke; what a class provides does not change while the app runs.
_PROVIDERS: set[type] = set()


def state_of(app: object) -> AppState:
    """The app as its screens see it (a TypeError names a host that is not our app)."""
    kind = type(app)
    if kind not in _PROVIDERS:
        if not isinstance(app, AppState):
            raise TypeError(f"{kind.__name__} does not provide the securecheck app state")
        _PROVIDERS.add(kind)
    return cast("AppState", app)


__all__ = ["AppState", "state_of"]
