"""Fix first: what to do next, ranked by the points each fix gains (the core's order)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from securecheck.tui.screens.base import Dialog
from securecheck.tui.widgets.footer import KeyFooter
from securecheck.tui.widgets.rows import fix_row
from securecheck.tui.words import t


class FixFirstScreen(Dialog):
    """Dismisses with the id of the chosen rule, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="back"),
        Binding("f", "back", "Back", show=False),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="fix-dialog", classes="dialog"):
            yield Label(markup=False, id="fix-title", classes="dialog-title")
            yield OptionList(id="fix-list", markup=False)
            yield Static(markup=False, id="fix-empty")
            yield Static(markup=False, id="fix-hint", classes="hint")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#fix-list", OptionList).focus()

    def relabel(self, lang: str) -> None:
        app = self.state
        card = app.card
        self.query_one("#fix-title", Label).update(t("fix_first", lang))
        listing = self.query_one("#fix-list", OptionList)
        highlighted = listing.highlighted
        listing.clear_options()
        options = []
        for n, rule_id in enumerate(card.fix_first if card else (), 1):
            scored = app.result_for(rule_id)
            if scored is None:
                continue
            options.append(Option(fix_row(n, scored, lang), id=rule_id))
        listing.add_options(options)
        if options:
            listing.highlighted = min(highlighted or 0, len(options) - 1)
        listing.display = bool(options)
        empty = self.query_one("#fix-empty", Static)
        empty.display = not options
        empty.update(t("nothing_to_fix", lang))
        self.query_one("#fix-hint", Static).update(t("app.fix.hint", lang))

    @on(OptionList.OptionSelected, "#fix-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)
