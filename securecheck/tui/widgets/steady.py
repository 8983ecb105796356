"""A Static that repaints only what changed, and lays the screen out again only when it must.

`Static.update` re-lays the whole screen out by default (its size might change), and the
password screen updates several lines on every keystroke and every verdict, mostly with the
text they already show: a full layout and render of the dialog and the checklist behind it,
up to 10 ms of the event loop each time. The main screen shows every scorecard again in full
(score, reminders, detail, title; the title on every spinner tick too), most often unchanged.
`SteadyStatic.set_content` skips an update that changes nothing and repaints in place when
the new content takes the lines the old one took.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class SteadyStatic(Static):
    """Static text that lays out again only when its height can change. Never markup."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(markup=False, id=id, classes=classes)

    def set_content(self, content: Content, *, grow_only: bool = False) -> None:
        """Show `content`. With `grow_only`, a shorter text is padded with blank lines to the
        height shown now, so it takes the place of a longer one without a layout."""
        width = self.content_size.width
        before = self._height_at(width) if width > 0 else None
        if grow_only and before is not None:
            missing = before - content.get_height(self.styles, width)  # type: ignore[arg-type]  # as Widget does
            if missing > 0:
                content = Content("\n").join([content, *[Content()] * missing])
        old = self.visual
        if isinstance(old, Content) and old.is_same(content):
            return
        if width <= 0 or self.styles.is_auto_width:  # not laid out yet, or as wide as its text
            self.update(content)
            return
        self.update(content, layout=False)
        if self._height_at(width) != before:
            self.refresh(layout=True)

    def _height_at(self, width: int) -> int | None:
        """The height the content takes at `width`, or None when the layout sets it."""
        styles = self.styles
        if styles.height is not None and not styles.is_auto_height:
            return None  # a fixed or relative height: the same whatever the text
        size = self.content_size
        return self.get_content_height(size, size, width)
