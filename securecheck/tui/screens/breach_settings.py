"""Where the breach check looks, set in the app and remembered in settings.yaml.

The corpus path is checked (opened and validated) before it is saved, so a wrong file is
said here with its file:line, not at the next check. The online check is off unless ticked;
the note under the box says exactly what it sends.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Checkbox, Input, Label, Static

from securecheck.core.inert import inert
from securecheck.i18n import _
from securecheck.tui.messages import BreachSettingsChanged
from securecheck.tui.screens.base import Dialog
from securecheck.tui.screens.breach_line import BreachSettings
from securecheck.tui.widgets.footer import KeyFooter

TITLE = _("Breach check")
CORPUS = _("Pwned Passwords corpus: a file ordered by hash, or the downloader's folder")
ONLINE = _("Also ask Have I Been Pwned online (k-anonymity range API)")
ONLINE_NOTE = _(
    "Only the first 5 of the 40 characters of the password's SHA-1 are sent; the answer lists "
    "about a thousand hashes and the match is found here. Off unless ticked."
)
HINT = _("Enter saves · Escape: back")
SAVED = _("Breach check settings saved.")


class BreachSettingsScreen(Dialog):
    def compose(self) -> ComposeResult:
        current = self.state.breach_settings
        with VerticalScroll(id="breach-dialog", classes="dialog"):
            yield Label(markup=False, id="breach-title", classes="dialog-title")
            yield Input(value=str(current.corpus or ""), id="breach-corpus")
            yield Checkbox(id="breach-online", value=current.online)
            yield Static(markup=False, id="breach-note", classes="dim")
            yield Static(markup=False, id="breach-error")
            yield Static(markup=False, id="breach-hint", classes="hint")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#breach-corpus", Input).focus()

    def relabel(self, lang: str) -> None:
        self.query_one("#breach-title", Label).update(TITLE.get(lang))
        self.query_one("#breach-corpus", Input).placeholder = CORPUS.get(lang)
        self.query_one("#breach-online", Checkbox).label = Content(ONLINE.get(lang))
        self.query_one("#breach-note", Static).update(ONLINE_NOTE.get(lang))
        self.query_one("#breach-hint", Static).update(HINT.get(lang))

    @on(Input.Submitted, "#breach-corpus")
    def _save(self, event: Input.Submitted) -> None:
        from securecheck.core.errors import SecurecheckError
        from securecheck.core.settings import update_settings
        from securecheck.password.corpus import open_corpus

        event.stop()
        text = event.value.strip()
        corpus = Path(text).expanduser() if text else None
        online = self.query_one("#breach-online", Checkbox).value
        api = self.state.breach_settings.api
        try:
            if corpus is not None:
                open_corpus(corpus).close()  # validated now, not at the next check
            update_settings(
                self.state.settings_path, lambda s: s.with_breaches(corpus, online, api)
            )
        except (SecurecheckError, OSError) as exc:
            self.query_one("#breach-error", Static).update(Text(inert(str(exc))))
            return
        self.post_message(BreachSettingsChanged(BreachSettings(corpus, online, api)))
        self.notify(SAVED.get(self.lang), timeout=3)
        self.dismiss(None)
