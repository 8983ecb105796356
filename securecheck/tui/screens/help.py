"""Help: every key (read from the bindings themselves, so it cannot drift), mouse and score."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Label, Static

from securecheck.tui.screens.base import Dialog, localize
from securecheck.tui.widgets.footer import KeyFooter
from securecheck.tui.words import t

# Keys that belong to the dialogs rather than to the app, shown after the app's own.
DIALOG_KEYS: tuple[tuple[str, str], ...] = (
    ("escape", "back"),
    ("enter", "app.help.enter"),
    ("ctrl+r", "reveal"),
    ("ctrl+p", "app.help.palette"),
    ("tab", "app.help.tab"),
)


class HelpScreen(Dialog):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="back"),
        Binding("question_mark", "back", "Back", key_display="?", show=False),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog", classes="dialog"):
            yield Label(markup=False, id="help-title", classes="dialog-title")
            with VerticalScroll(id="help-scroll"):
                yield Static(markup=False, id="help-body")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()

    def relabel(self, lang: str) -> None:
        self.query_one("#help-title", Label).update(t("app.help.title", lang))
        self.query_one("#help-body", Static).update(self.body(lang))

    def body(self, lang: str) -> Content:
        app = self.state
        lines: list[Content] = []
        for binding in app.main_bindings():
            shown = localize(binding, lang)
            key = binding.key_display or app.get_key_display(binding)
            lines.append(
                Content.assemble(
                    (f"{key:>7}  ", "bold $accent"),
                    (f"{shown.description}", "bold"),
                    (f" — {shown.tooltip}" if shown.tooltip else "", ""),
                )
            )
        lines.append(Content(""))
        for key, word in DIALOG_KEYS:
            text = t(f"key.{word}", lang) if not word.startswith("app.") else t(word, lang)
            tip = t(f"tip.{word}", lang) if not word.startswith("app.") else ""
            lines.append(
                Content.assemble(
                    (f"{key:>7}  ", "bold $accent"), (text, "bold"), (f" — {tip}" if tip else "")
                )
            )
        lines += [
            Content(""),
            Content.styled(t("app.help.mouse", lang), "italic"),
            Content(""),
            Content.styled(t("app.help.scoring_title", lang), "bold $text-accent"),
            Content(t("app.help.scoring", lang)),
        ]
        return Content("\n").join(lines)
