"""A crash report that cannot carry a password.

Textual prints an unhandled exception with rich's `Traceback(show_locals=True)`: a password in
any local variable of any frame would be printed in full. Ours has no locals, and any text still
held in a password field is cut out of the exception messages too (an exception raised with the
value in its message is the other way it escapes).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.console import Console
from rich.segment import Segments
from rich.traceback import Trace, Traceback

REDACTED = "***"


def scrub(text: str, secrets: Iterable[str]) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    return text


def safe_traceback(error: BaseException, secrets: Iterable[str] = ()) -> Traceback:
    """A rich Traceback of `error` without local variables and with `secrets` cut out."""
    # The text as typed, and as repr() escapes it (a message built with !r, a KeyError).
    forms = {form for s in secrets if s for form in (s, repr(s)[1:-1], ascii(s)[1:-1])}
    hidden = sorted(forms, key=len, reverse=True)  # longest first
    trace = Traceback.extract(type(error), error, error.__traceback__, show_locals=False)
    _clean(trace, hidden)
    return Traceback(trace, show_locals=False, width=100, max_frames=30)


def _clean(trace: Trace, hidden: list[str]) -> None:
    for stack in trace.stacks:
        stack.exc_value = scrub(stack.exc_value, hidden)
        stack.notes = [scrub(note, hidden) for note in stack.notes]
        for frame in stack.frames:
            frame.locals = None
        for inner in stack.exceptions:  # an ExceptionGroup's members
            _clean(inner, hidden)


def render_crash(error: BaseException, console: Console, secrets: Iterable[str] = ()) -> Segments:
    """Pre-rendered, so nothing re-reads the live objects when it is printed at exit."""
    return Segments(console.render(safe_traceback(error, secrets), console.options))


class CrashWithoutSecrets:
    """App mixin: Textual's crash report, minus the locals and any text in a password field."""

    def _handle_exception(self, error: Exception) -> None:
        # Textual's own version prints rich's Traceback(show_locals=True): every local of
        # every frame, including any str holding the password. Ours prints no locals and cuts
        # the field's text out of the messages; the exit code is still 1.
        app: Any = self
        app._return_code = 1
        if app._exception is None:  # run_test re-raises the first one
            app._exception = error
            app._exception_event.set()
        try:
            app._exit_renderables.append(
                render_crash(error, app.console, self._secrets_in_memory())
            )
        finally:
            app._close_messages_no_wait()

    def _secrets_in_memory(self) -> list[str]:
        from securecheck.tui.widgets.password_input import PasswordInput

        app: Any = self
        found: list[str] = []
        try:
            for screen in app.screen_stack:
                found.extend(w.value for w in screen.query(PasswordInput) if w.value)
        except Exception:  # a DOM half torn down must not stop the crash report
            pass
        return found
