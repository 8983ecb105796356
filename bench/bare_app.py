"""The cold-start baseline: a bare Textual app that mounts 50 one-line rows and a footer.

With SECURECHECK_BENCH_EXIT_ON_READY=1 it exits on its first painted frame, exactly like
`securecheck` does under the same variable, so bench_app.py can compare the two.
"""

from __future__ import annotations

import os

from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static


class BareApp(App[int]):
    def compose(self) -> ComposeResult:
        with VerticalScroll():
            for n in range(50):
                yield Static(f"? row {n:02d}  a rule title of ordinary length        +5 points")
        yield Footer()

    def on_ready(self) -> None:
        if os.environ.get("SECURECHECK_BENCH_EXIT_ON_READY") == "1":
            self.exit(0)


if __name__ == "__main__":
    BareApp().run()
