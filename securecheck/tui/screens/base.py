"""What every screen shares: key hints in the current language, and the dialog frame.

Bindings carry ids; the footer and the help screen read their words from the catalogue by id
(`key.<id>`, `tip.<id>`), so a language switch relabels every key without rebuilding bindings.
A screen reads the app through the declared `AppState` (`self.state`) and never through the
app's concrete class.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, ClassVar

from textual import events
from textual.binding import ActiveBinding, Binding, BindingType
from textual.geometry import Size
from textual.screen import ModalScreen, Screen

from securecheck.tui.state import AppState, state_of
from securecheck.tui.words import CATALOGUE, t


def localize(binding: Binding, lang: str) -> Binding:
    """The binding with its description and tooltip in `lang` (unchanged without an id)."""
    if not binding.id or f"key.{binding.id}" not in CATALOGUE:
        return binding
    tip_key = f"tip.{binding.id}"
    tooltip = t(tip_key, lang) if tip_key in CATALOGUE else binding.tooltip
    return replace(binding, description=t(f"key.{binding.id}", lang), tooltip=tooltip)


def localized_bindings(bindings: dict[str, ActiveBinding], lang: str) -> dict[str, ActiveBinding]:
    """`active_bindings` (what the Footer shows) in `lang`."""
    shown: dict[str, ActiveBinding] = {}
    for key, active in bindings.items():
        binding = localize(active.binding, lang)
        shown[key] = active._replace(binding=binding, tooltip=binding.tooltip)
    return shown


class AppScreen(Screen[Any]):
    """A full screen of this app."""

    _laid_out_at: Size | None = None  # the size Textual last laid this screen out at

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Textual's own handler, which lays the screen out at the app's size.
        self._laid_out_at = self.app.size

    async def _on_resize(self, event: events.Resize) -> None:
        # At start Textual tells the screen its size up to three times, though it was laid out
        # at that size already: each time a full layout and a repaint of the whole terminal
        # (about 12 KB with this app's colours) before the first complete frame. A resize to
        # the size the screen was laid out at changes nothing, so Textual's own handler (run
        # after this one unless prevented) is skipped; any other size goes through.
        if event.size == self._laid_out_at:
            event.prevent_default()
            event.stop()
            return
        self._laid_out_at = event.size

    @property
    def state(self) -> AppState:
        return state_of(self.app)

    @property
    def lang(self) -> str:
        return self.state.lang

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return localized_bindings(super().active_bindings, self.lang)


class Dialog(ModalScreen[Any]):
    """A modal on top of the checklist: Escape goes back; `l` and `?` still work.

    A modal stops the app's own bindings (Textual ends the binding chain at a modal), so
    the keys that make sense everywhere are repeated here.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="back", tooltip="Back to the checklist"),
        Binding("l", "app.switch_language", "Language", id="language"),
        Binding("question_mark", "app.help", "Help", key_display="?", id="help"),
    ]

    @property
    def state(self) -> AppState:
        return state_of(self.app)

    @property
    def lang(self) -> str:
        return self.state.lang

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return localized_bindings(super().active_bindings, self.lang)

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self._lang_changed, init=True)

    def _lang_changed(self, lang: str) -> None:
        self.relabel(lang)
        self.refresh_bindings()

    def relabel(self, lang: str) -> None:
        """Put every word of the dialog in `lang` (called on mount and on a switch)."""

    def action_back(self) -> None:
        self.dismiss(None)
