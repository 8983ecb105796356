"""The Textual mends (tui/mends.py) do what they say in the app as it runs."""

from __future__ import annotations

import gc
import weakref

from textual._styles_cache import StylesCache
from textual.app import App, ComposeResult
from textual.color import Color
from textual.containers import Vertical
from textual.widgets import Label

from securecheck.tui.mends import mend_textual


class Cards(App[None]):
    """Textual issue #6665's own example: a list of styled widgets built again and again."""

    CSS = "Label { background: $panel; padding: 0 1; }"

    def compose(self) -> ComposeResult:
        yield Vertical(id="cards")


async def test_removed_widgets_leave_none_of_their_rendered_lines_in_memory() -> None:
    # Unmended, a cache keyed on each widget's StylesCache kept every removed widget's last
    # rendered lines alive (up to 1,024 of them): memory the app never got back, and objects
    # every full collection walked again.
    app = Cards()
    async with app.run_test(size=(40, 50)) as pilot:
        cards = app.query_one("#cards", Vertical)
        await cards.mount_all(Label(f"card {i}") for i in range(40))
        await pilot.pause()
        caches = [label._styles_cache for label in app.query(Label)]
        assert len(caches) == 40 and all(cache._cache for cache in caches)  # lines rendered
        rendered = [weakref.ref(cache) for cache in caches]
        del caches
        await cards.remove_children()
        await cards.mount_all(Label(f"card {i}") for i in range(40))
        await pilot.pause()
        gc.collect()
        assert [ref for ref in rendered if ref() is not None] == []


def test_the_mend_is_applied_once_and_gives_the_colours_pair() -> None:
    mend_textual()  # the harness mended already (tests/conftest.py): a second time is a no-op
    mended = StylesCache.__dict__["get_inner_outer"]
    mend_textual()
    assert StylesCache.__dict__["get_inner_outer"] is mended
    base, background = Color(10, 20, 30), Color(200, 100, 0, 0.5)
    inner, outer = StylesCache.get_inner_outer(base, background)
    assert inner.background == base + background and outer.background == base
