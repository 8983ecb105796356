"""A footer that rebuilds its keys only when the keys it would show have changed.

Textual's Footer throws its keys away and mounts new ones whenever the screen says its
bindings may have changed: on every focus move, every screen pushed or popped, every
language switch. Most of those change nothing the footer shows (Tab from the password
field to the e-mail field keeps the same keys), yet each rebuild mounts and styles six to ten
widgets and repaints the bottom line: a few milliseconds of the event loop each time, and
with every key pressed in a dialog that moves focus. This footer compares what it would show
with what it shows and keeps its keys when they are the same.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # private module: the class is not exported


class KeyFooter(Footer):
    """Textual's Footer, rebuilt only when its keys, words or states change."""

    _built_from: tuple[object, ...] | None = None  # what the keys on screen were built from

    def _would_show(self) -> tuple[object, ...]:
        # Everything Footer.compose reads, in its order: each binding it shows with its state
        # and tooltip (the command palette's key even where its binding says not to show),
        # the key as the app displays it, and the footer's own switches. Hidden bindings are
        # left out: a focus move between two inputs changes those and nothing on screen.
        app = self.app
        palette = app.COMMAND_PALETTE_BINDING
        keys = tuple(
            (key, binding, enabled, tooltip, app.get_key_display(binding))
            for key, (_node, binding, enabled, tooltip) in self.screen.active_bindings.items()
            if binding.show or key == palette
        )
        return (self._bindings_ready, self.show_command_palette, app.ENABLE_COMMAND_PALETTE, keys)

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey) and self.compact:
                # The class its `compact` watcher adds once mounted, given before: that
                # watcher then changes nothing, where it would restyle each key on its own
                # (about a millisecond a key, six to ten keys a rebuild).
                widget.add_class("-compact", update=False)
            yield widget

    async def recompose(self) -> None:
        if not self.is_attached:  # Textual's recompose does nothing then either
            return
        if self.screen is not self.app.screen:
            # Under a dialog, whose own footer covers this one: what the keys would be there
            # is never seen. Its screen publishes its bindings again when it is back on top
            # (Textual does on every resume), and this compares them then.
            return
        shows = self._would_show()
        if shows == self._built_from:
            return
        self._built_from = shows
        await super().recompose()
