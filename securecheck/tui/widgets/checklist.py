"""The checklist: every rule grouped by category, one row each (mark, title, points to gain).

The rows are built once, in rule order; an update only replaces their prompts, so the
highlighted row stays where the user left it while answers and probe results come in.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from securecheck.core.inert import inert
from securecheck.core.model import Rule, Scorecard, ScoredResult
from securecheck.tui.widgets.rows import Row, gain_text, mark
from securecheck.tui.words import t

CATEGORY_PREFIX = "category:"


def is_pending(result: ScoredResult) -> bool:
    """The engine marks a result whose probe is still running with evidence `pending`."""
    return bool(result.result.evidence.get("pending"))


class Checklist(OptionList):
    """Rules grouped by category; a category header is a disabled (unselectable) row."""

    def __init__(self, rules: Sequence[Rule], *, id: str | None = None) -> None:
        self._rules = list(rules)
        self._categories: list[str] = []
        for rule in self._rules:
            if rule.category not in self._categories:
                self._categories.append(rule.category)
        options: list[Option] = []
        for category in self._categories:
            prompt = Content(inert(category))
            options.append(Option(prompt, id=CATEGORY_PREFIX + category, disabled=True))
            options.extend(
                Option(Content(inert(r.id)), id=r.id) for r in self._rules if r.category == category
            )
        super().__init__(*options, id=id, markup=False)
        self._spinner_frame = 0

    def show(self, card: Scorecard, lang: str) -> None:
        """Re-render every row from `card` in `lang`."""
        for category in self._categories:
            title = Content.styled(inert(t(f"category.{category}", lang)), "bold")
            self.replace_option_prompt(CATEGORY_PREFIX + category, title)
        for scored in card.results:
            self.replace_option_prompt(scored.rule.id, self._row(scored, lang))

    def tick(self, card: Scorecard, lang: str) -> None:
        """Advance the spinner of the rows whose probes are still running."""
        self._spinner_frame += 1
        for scored in card.results:
            if is_pending(scored):
                self.replace_option_prompt(scored.rule.id, self._row(scored, lang))

    def _row(self, scored: ScoredResult, lang: str) -> Row:
        frame = self._spinner_frame if is_pending(scored) else None
        left = Content.assemble(mark(scored.status, frame), " ", inert(scored.rule.title.get(lang)))
        return Row(left, gain_text(scored.gain, lang))

    @property
    def highlighted_rule_id(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None else None

    def highlight_rule(self, rule_id: str) -> None:
        self.highlighted = self.get_option_index(rule_id)
