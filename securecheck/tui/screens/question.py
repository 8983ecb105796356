"""One question and its choices. Dismisses with the chosen value, SKIP, or None (Escape).

Used for a single answer (Enter on a checklist row) and for each step of guided mode.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.events import Key
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from securecheck.core.inert import inert
from securecheck.core.model import Rule
from securecheck.tui.screens.base import Dialog
from securecheck.tui.widgets.footer import KeyFooter
from securecheck.tui.words import t

SKIP = "\x00skip"  # not a valid choice value (schema ids are plain words)


class QuestionScreen(Dialog):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="back"),
        Binding("s", "skip", "Skip", id="skip"),
    ]

    def __init__(
        self, rule: Rule, current: str | None, step: tuple[int, int] | None = None
    ) -> None:
        super().__init__()  # no id: guided mode pushes the next before this one is gone
        if rule.question is None:
            raise ValueError(f"{rule.id} has no question")
        self.rule = rule
        self.question = rule.question
        self.current = current
        self.step = step  # (n, total) in guided mode

    def compose(self) -> ComposeResult:
        with Vertical(id="question-dialog", classes="dialog"):
            yield Label(markup=False, id="q-step", classes="dim")
            yield Label(markup=False, id="q-title", classes="dialog-title")
            yield Static(markup=False, id="q-text")
            yield Static(markup=False, id="q-help", classes="dim")
            yield OptionList(
                *[Option(Content(c.value), id=c.value) for c in self.question.choices],
                id="choices",
                markup=False,
            )
            yield Static(markup=False, id="q-hint", classes="hint")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        choices = self.query_one("#choices", OptionList)
        if self.current is not None and self.question.choice(self.current) is not None:
            choices.highlighted = choices.get_option_index(self.current)
        else:
            choices.highlighted = 0
        choices.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "skip":
            return self.step is not None  # skipping means something only in guided mode
        return True

    def relabel(self, lang: str) -> None:
        step = self.query_one("#q-step", Label)
        step.display = self.step is not None
        if self.step is not None:
            step.update(t("app.q.step", lang).format(n=self.step[0], total=self.step[1]))
        # Pack texts are untrusted: plain Content (never markup), control characters escaped.
        self.query_one("#q-title", Label).update(Content(inert(self.rule.title.get(lang))))
        self.query_one("#q-text", Static).update(
            Content.styled(inert(self.question.text.get(lang), multiline=True), "bold")
        )
        help_text = self.query_one("#q-help", Static)
        help_text.display = self.question.help is not None
        if self.question.help is not None:
            help_text.update(Content(inert(self.question.help.get(lang), multiline=True)))
        choices = self.query_one("#choices", OptionList)
        for n, choice in enumerate(self.question.choices, 1):
            chosen = "●" if choice.value == self.current else " "
            choices.replace_option_prompt(
                choice.value,
                Content.assemble((f"{n} ", "dim"), f"{chosen} ", inert(choice.label.get(lang))),
            )
        hint = "app.q.hint_guided" if self.step is not None else "app.q.hint"
        self.query_one("#q-hint", Static).update(t(hint, lang))

    @on(OptionList.OptionSelected, "#choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def on_key(self, event: Key) -> None:
        # 1-9 pick a choice directly: the fastest path when answering many questions.
        if event.character and event.character.isdigit() and event.character != "0":
            index = int(event.character) - 1
            if index < len(self.question.choices):
                event.stop()
                self.dismiss(self.question.choices[index].value)

    def action_skip(self) -> None:
        if self.step is not None:
            self.dismiss(SKIP)
