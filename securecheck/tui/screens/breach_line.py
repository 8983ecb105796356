"""The breach line of the password screen: is the typed password in a breach corpus?

After the same debounce as the strength analysis, the offline corpus (from the settings or
`--breaches`) is searched in a thread worker; the line shows "seen 3,861 times in breaches",
"not in the breach corpus" or why it cannot tell. The online range API, when the user turned
it on, is asked only once the input has been still for ONLINE_PAUSE_S (a request per pause in
typing would send a prefix for every partial password), and the line says it is on.

The password reaches the worker as a `Secret` and its SHA-1 lives in the worker's frame only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual.content import Content
from textual.worker import get_current_worker

from securecheck.core.model import Status
from securecheck.core.secret import Secret
from securecheck.i18n import Localized, _
from securecheck.tui.messages import BreachChecked
from securecheck.tui.widgets.steady import SteadyStatic

if TYPE_CHECKING:
    from textual.message_pump import MessagePump

    from securecheck.password.breaches import BreachVerdict

ONLINE_PAUSE_S = 1.0
LABEL = _("Breaches")
CHECKING = _("checking…")
HOW_TO = _(
    "no breach corpus configured: ctrl+b sets one (the Pwned Passwords file or folder), or "
    "start with --breaches PATH or --breaches-online"
)
MARKS = {Status.FAIL: "✗", Status.PASS: "✓"}


@dataclass(frozen=True)
class BreachSettings:
    corpus: Path | None = None
    online: bool = False
    api: str | None = None

    @property
    def any(self) -> bool:
        return self.corpus is not None or self.online


def breach_job(
    target: MessagePump,
    secret: Secret,
    generation: int,
    settings: BreachSettings,
    online: bool,
) -> None:
    """Search the corpus (and the range API when `online`); post the verdict."""
    from securecheck.core.errors import SecurecheckError
    from securecheck.password.breaches import check_secret, unknown

    try:
        if get_current_worker().is_cancelled:
            return
        try:
            verdict = check_secret(secret, corpus=settings.corpus, online=online, api=settings.api)
        except SecurecheckError as exc:  # a broken corpus: say so, on the line
            verdict = unknown(_("the breach corpus cannot be used: {error}", error=str(exc)))
    finally:
        secret.clear()
    target.post_message(BreachChecked(generation, verdict))


class BreachLine(SteadyStatic):
    """One line: the breach verdict of the input, or why there is none."""

    DEFAULT_CSS = """
    BreachLine { height: auto; color: $text-muted; }
    BreachLine.breached { color: $error; text-style: bold; }
    """

    def show(self, verdict: BreachVerdict | None, settings: BreachSettings, lang: str) -> None:
        text = self._text(verdict, settings, lang)
        if settings.online:
            notice = _(
                "online check on: 5 of the 40 characters of the SHA-1 are sent to {url}",
                url=settings.api or "api.pwnedpasswords.com",
            )
            text += "\n" + notice.get(lang)
        self.set_class(verdict is not None and verdict.status == Status.FAIL, "breached")
        self.set_content(Content(text))

    @staticmethod
    def _text(verdict: BreachVerdict | None, settings: BreachSettings, lang: str) -> str:
        label = LABEL.get(lang)
        if not settings.any:
            return f"{label}: {HOW_TO.get(lang)}"
        if verdict is None:
            return f"{label}: {CHECKING.get(lang)}"
        message: Localized = verdict.message
        mark = MARKS.get(verdict.status, "?")
        return f"{label}: {mark} {message.get(lang)}"
