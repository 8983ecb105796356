"""The cold-start baseline: a bare Textual app that mounts 50 one-line rows and a footer.

bench_app.py times it to its first complete frame (rows and footer) from outside, as it does
`securecheck`.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static


class BareApp(App[int]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("h", "help_quit", "Help"),
        Binding("ctrl+q", "quit", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            for n in range(50):
                yield Static(f"? row {n:02d}  a rule title of ordinary length        +5 points")
        yield Footer()


if __name__ == "__main__":
    BareApp().run()
