"""The password field: an Input that never lets its value out except onto the screen it masks.

`Input(password=True)` masks only the display. Its copy/cut actions put the plaintext on the
clipboard and send it to the terminal (OSC 52); its messages carry the value in their repr, which
Textual's log writes out; mouse selection can copy what it renders. Each is closed here.
"""

from __future__ import annotations

from typing import ClassVar

import rich.repr
from rich.text import Text
from textual.geometry import Size
from textual.reactive import Reactive
from textual.strip import Strip
from textual.widgets import Input

from securecheck.password.quick import MAX_ANALYSED_CHARS
from securecheck.tui.words import t

MASKED = "value=***"
# Nothing past the first MAX_ANALYSED_CHARS is analysed (password/quick.py); the field keeps
# four times that, so a 100,000-character paste costs the UI a copy of 1,024 characters, not
# a re-render of all of them at every keystroke. A longer paste is cut, not refused.
MAX_PASSWORD_CHARS = 4 * MAX_ANALYSED_CHARS


class PasswordInput(Input):
    """A masked Input whose copy and cut do nothing but say so."""

    # Screen-level text selection copies what a widget renders; keep this one out of it.
    ALLOW_SELECT: ClassVar[bool] = False

    class Changed(Input.Changed):
        """Input.Changed with the value kept out of its repr (Textual logs messages)."""

        def __repr__(self) -> str:
            return f"PasswordInput.Changed({MASKED})"

        def __rich_repr__(self) -> rich.repr.Result:
            yield "value", "***"

    class Submitted(Input.Submitted):
        def __repr__(self) -> str:
            return f"PasswordInput.Submitted({MASKED})"

        def __rich_repr__(self) -> rich.repr.Result:
            yield "value", "***"

    class Blurred(Input.Blurred):
        def __repr__(self) -> str:
            return f"PasswordInput.Blurred({MASKED})"

        def __rich_repr__(self) -> rich.repr.Result:
            yield "value", "***"

    # Input's horizontal scrollbar is 0 cells wide, but showing or hiding it (when the value
    # outgrows the field or is cleared) lays the screen out again. Hidden for good; the value
    # still scrolls with the cursor, and with the wheel whenever it is wider than the field.
    DEFAULT_CSS = """
    PasswordInput { overflow-x: hidden; }
    """

    @property
    def allow_horizontal_scroll(self) -> bool:
        return not self.loading and not self.disabled and self.max_scroll_x > 0

    # Input sets its virtual size (the value's width) on every keystroke, and Widget declares
    # it with layout=True: a layout of the whole screen per key, the dialog and the checklist
    # behind it repainted. This field's size comes from CSS, not from its value (an auto-sized
    # Input asks for its own layout when its value changes); a longer value changes only how
    # far the field scrolls, which is what the layout settled for it.
    virtual_size = Reactive(Size(0, 0), layout=False)

    def watch_virtual_size(self, size: Size) -> None:
        self._scroll_update(size)

    # Masked, every character shows as one bullet. Input renders all of them and then crops to
    # the few dozen that fit: ~4 ms a frame (every key, every cursor blink) for a 1,024-character
    # paste. Here only the visible bullets are rendered, styled as Input styles them.
    def render_line(self, y: int) -> Strip:
        length = len(self.value)
        if y != 0 or not self.password or not length or self._suggestion:
            return super().render_line(y)
        view = self.scrollable_content_region.width + 1  # Input's crop: the text and a cursor
        scroll_x, _ = self.scroll_offset
        cursor = self.cursor_position
        focused = self.has_focus
        show_cursor = focused and self._cursor_visible
        end = length + 1 if show_cursor and cursor == length else length  # a cell for the cursor
        first = min(max(scroll_x, 0), end)
        last = max(first, min(end, scroll_x + view))
        shown = Text(
            "•" * (min(last, length) - first) + " " * (last - max(first, length)),
            no_wrap=True,
            overflow="ignore",
            end="",
        )
        if focused:
            start, stop = sorted(self.selection)
            start, stop = max(start, first) - first, min(stop, last) - first
            if start < stop:
                shown.stylize_before(self.get_component_rich_style("input--selection"), start, stop)
            if show_cursor and first <= cursor < last:
                style = self.get_component_rich_style("input--cursor")
                shown.stylize(style, cursor - first, cursor - first + 1)
        options = self.app.console_options.update_width(last - first + 1)
        strip = Strip(self.app.console.render(shown, options)).extend_cell_length(view)
        return strip.apply_style(self.rich_style)

    @property
    def content_width(self) -> int:
        if self.password and self.value:
            return len(self.value) + 1  # one cell a bullet, and one for the cursor
        return super().content_width

    def __init__(self, *, password: bool = True, id: str | None = None) -> None:
        super().__init__(password=password, max_length=MAX_PASSWORD_CHARS, id=id)

    def __repr__(self) -> str:
        return f"PasswordInput(id={self.id!r})"

    def replace(self, text: str, start: int, end: int) -> None:
        # Input refuses a whole paste that would pass max_length; cut it to the room left.
        start, end = sorted((max(0, start), min(len(self.value), end)))
        room = MAX_PASSWORD_CHARS - (len(self.value) - (end - start))
        super().replace(text[: max(0, room)], start, end)

    def action_copy(self) -> None:
        # Deliberately not raising SkipAction: that would hand ctrl+c on to the screen's
        # copy_text, which copies whatever is selected there.
        self._refuse()

    def action_cut(self) -> None:
        self._refuse()

    def _refuse(self) -> None:
        lang = getattr(self.app, "lang", "en")
        self.notify(t("app.pw.copy_disabled", lang), severity="warning", timeout=3)
