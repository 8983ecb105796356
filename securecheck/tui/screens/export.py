"""Export: confirm (or edit) where the report goes; Enter writes it, Escape cancels."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from securecheck.tui.messages import ExportRequested
from securecheck.tui.screens.base import Dialog
from securecheck.tui.widgets.footer import KeyFooter
from securecheck.tui.words import t

REPORT_SUFFIXES = (".json", ".md", ".markdown")


def report_paths(path: Path, default_name: str) -> tuple[Path, Path]:
    """The JSON report and its Markdown copy for what the user typed: a file name with or
    without a suffix, or a directory (the default name goes inside it)."""
    if path.is_dir():
        path = path / default_name
    base = path.with_suffix("") if path.suffix.lower() in REPORT_SUFFIXES else path
    return base.with_name(base.name + ".json"), base.with_name(base.name + ".md")


class ExportScreen(Dialog):
    """Stays open when the write fails, so the user can fix the path and try again."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="back"),
    ]

    def __init__(self, default_path: Path) -> None:
        super().__init__(id="export-screen")
        self.default_path = default_path

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog", classes="dialog"):
            yield Label(markup=False, id="export-title", classes="dialog-title")
            yield Static(markup=False, id="export-note")
            yield Input(value=str(self.default_path), id="export-path")
            yield Static(markup=False, id="export-hint", classes="hint")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        field = self.query_one("#export-path", Input)
        field.cursor_blink = self.state.cursor_blink
        field.focus()

    def relabel(self, lang: str) -> None:
        self.query_one("#export-title", Label).update(t("app.export.title", lang))
        self.query_one("#export-note", Static).update(t("app.export.note", lang))
        self.query_one("#export-hint", Static).update(t("app.export.hint", lang))

    @on(Input.Submitted, "#export-path")
    def _confirmed(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        path = Path(text).expanduser() if text else self.default_path
        self.post_message(ExportRequested(path, self))
