"""Helpers for the app's tests: a deterministic app, what the screen shows, what it said."""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from securecheck.core import audit
from securecheck.core.model import ProbeOutcome, Scorecard, ScoredResult
from securecheck.tui.app import SecurecheckApp
from securecheck.tui.screens.password import PasswordScreen

FIXED_NOW = dt.datetime(2026, 11, 24, 15, 30, 0, tzinfo=dt.UTC)
SIZE = (110, 32)
CANARY = "Canary-Pw-7fQ2zR9x"  # the same canary as tests/conftest.py


def fixed_clock() -> dt.datetime:
    return FIXED_NOW


def make_app(answers_path: Path, cwd: Path, **options: Any) -> SecurecheckApp:
    """The app as `securecheck` builds it, minus the noise: no probes, a fixed clock."""
    setup = audit.load_setup(answers_path)
    options.setdefault("probes", False)
    options.setdefault("clock", fixed_clock)
    options.setdefault("cursor_blink", False)
    app = SecurecheckApp(setup, cwd=cwd, **options)
    _record_notifications(app)
    return app


def card(app: SecurecheckApp) -> Scorecard:
    """The app's scorecard (there is one from the first frame on)."""
    assert app.card is not None
    return app.card


def result(app: SecurecheckApp, rule_id: str) -> ScoredResult:
    scored = app.result_for(rule_id)
    assert scored is not None, rule_id
    return scored


def pw_screen(app: SecurecheckApp) -> PasswordScreen:
    screen = app.screen
    assert isinstance(screen, PasswordScreen), screen
    return screen


def screen_text(app: SecurecheckApp) -> str:
    """The characters on the terminal right now (all layers composited)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text.rstrip() for strip in strips)


async def wait_until(pilot: Pilot[int], condition: Callable[[], bool], what: str) -> None:
    """Pause until `condition` holds; the 120 s limit is a safety net, not a measurement."""
    for _ in range(2400):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"timed out waiting for {what}")


async def checked(app: SecurecheckApp, pilot: Pilot[int]) -> None:
    """Wait until the machine has been checked: the probes start once the first complete
    frame is painted, then every one reports (a real probe may take seconds)."""
    await wait_until(pilot, lambda: not app.pending, "the probes")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def settle(app: SecurecheckApp, pilot: Pilot[int]) -> None:
    """Wait until the password screen's debounced analysis has started, then for every worker
    and the messages they posted. The loop is a safety net (30 s), not a measurement."""
    for _ in range(600):
        await pilot.pause(0.05)
        if getattr(app.screen, "_debounce", None) is None:
            break
    await app.workers.wait_for_complete()
    await pilot.pause()


# Everything each app said, kept past the toasts' timeouts (a slow machine outlives them).
_SAID: weakref.WeakKeyDictionary[SecurecheckApp, list[tuple[str, str]]] = (
    weakref.WeakKeyDictionary()
)


def _record_notifications(app: SecurecheckApp) -> None:
    said: list[tuple[str, str]] = []
    _SAID[app] = said
    real = app.notify

    def notify(message: str, *, title: str = "", **options: Any) -> None:
        said.append((options.get("severity", "information"), f"{title}: {message}"))
        real(message, title=title, **options)

    setattr(app, "notify", notify)  # noqa: B010 (this one app's method, wrapped)


def notifications(app: SecurecheckApp) -> list[str]:
    return [text for _, text in _SAID.get(app, [])]


def errors(app: SecurecheckApp) -> list[str]:
    return [text for severity, text in _SAID.get(app, []) if severity == "error"]


class FakeGather:
    """Answers probe requests from a table; `hold` keeps named probes running until released."""

    def __init__(self, outcomes: Mapping[str, ProbeOutcome], hold: Iterable[str] = ()) -> None:
        import threading

        self.outcomes = dict(outcomes)
        self.release = threading.Event()
        self.hold = set(hold)
        self.calls: list[str] = []
        self.fresh: list[bool] = []  # per call: whether remembered facts were to be ignored

    def __call__(self, names: Iterable[str], *, fresh: bool = False) -> dict[str, ProbeOutcome]:
        found = {}
        for name in names:
            self.calls.append(name)
            self.fresh.append(fresh)
            if name in self.hold:
                self.release.wait(10)
            found[name] = self.outcomes.get(name) or ProbeOutcome(name, {})
        return found
