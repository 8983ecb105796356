"""A crash report that cannot carry a password.

Textual prints an unhandled exception with rich's `Traceback(show_locals=True)`: a password in
any local variable of any frame would be printed in full. Ours has no locals, and any text still
held in a password field is cut out of the exception messages too (an exception raised with the
value in its message is the other way it escapes).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.segment import Segments
from textual.app import App

if TYPE_CHECKING:  # rich.traceback (and pygments with it) loads only for a crash
    from rich.console import Console
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
    from rich.traceback import Traceback

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


class CrashWithoutSecrets(App[int]):
    """Textual's crash report, minus the locals and any text in a password field."""

    # Textual has no public hook for an unhandled exception: `_handle_exception` is the one
    # place all of them arrive (the upper pin on textual in pyproject.toml is for this). It
    # prints an exception that is rich-renderable through the public `panic`, so the safe
    # report is attached to the error as `__rich__` and the rest (exit code 1, the exception
    # kept for run_test to re-raise) is left to Textual.
    def _handle_exception(self, error: Exception) -> None:
        try:
            report = render_crash(error, self.console, self._secrets_in_memory())
        except Exception:  # rendering must not hide the crash: say only what it was
            report = Segments([])
            error = RuntimeError(f"{type(error).__name__} (report could not be rendered)")
        try:
            error.__rich__ = lambda: report  # type: ignore[attr-defined]
        except AttributeError:  # an exception with __slots__: report a stand-in
            stand_in = RuntimeError(type(error).__name__)
            stand_in.__rich__ = lambda: report  # type: ignore[attr-defined]
            error = stand_in
        super()._handle_exception(error)

    def _secrets_in_memory(self) -> list[str]:
        from securecheck.tui.widgets.password_input import PasswordInput

        found: list[str] = []
        try:
            for screen in self.screen_stack:
                found.extend(w.value for w in screen.query(PasswordInput) if w.value)
        except Exception:  # a DOM half torn down must not stop the crash report
            pass
        return found
