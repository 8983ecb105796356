"""Command palette (ctrl+p): the app's main actions, by name, in the current language."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from securecheck.tui.state import state_of
from securecheck.tui.words import t

# (catalogue id, action) — the same ids as the key bindings, so one word list serves both.
COMMANDS: tuple[tuple[str, str], ...] = (
    ("password", "password"),
    ("guided", "guided"),
    ("fix_first", "fix_first"),
    ("export", "export"),
    ("language", "switch_language"),
    ("rerun", "rerun_probes"),
    ("help", "help"),
)


class SecurecheckCommands(Provider):
    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        lang = state_of(self.app).lang
        return [
            (t(f"cmd.{cid}", lang), t(f"tip.{cid}", lang), partial(self.app.run_action, action))
            for cid, action in COMMANDS
        ]

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(Content(name), callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = max(matcher.match(name), matcher.match(help_text) * 0.8)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, text=name, help=help_text)
