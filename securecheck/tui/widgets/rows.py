"""One line of a list: a status mark, a title that gives way, and a right-aligned figure.

Shared by the checklist and the fix-first list. Colour is never the only signal: each status
has its own mark (✓ ! ✗ ? –), so the list reads the same with NO_COLOR.
"""

from __future__ import annotations

from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

from securecheck.core.inert import inert
from securecheck.core.model import ScoredResult, Status
from securecheck.report import MARKS
from securecheck.tui.words import t

# Theme variables, so a theme change or NO_COLOR is honoured at render time.
STATUS_STYLE: dict[Status, str] = {
    Status.PASS: "bold $success",
    Status.WARN: "bold $warning",
    Status.FAIL: "bold $error",
    Status.UNKNOWN: "dim",
    Status.SKIPPED: "dim",
    Status.ERROR: "bold reverse $error",
}
SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"


def mark(status: Status, spinner_frame: int | None = None) -> Content:
    """The status mark; a spinner frame instead while a probe is still running."""
    if spinner_frame is not None:
        return Content.styled(SPINNER[spinner_frame % len(SPINNER)], "bold $accent")
    return Content.styled(MARKS[status.value], STATUS_STYLE[status])


def gain_text(gain: float, lang: str) -> Content:
    if gain <= 0:
        return Content("")
    return Content.styled(f"+{gain:g} {t('points', lang)}", "$text-success")


def fix_row(n: int, scored: ScoredResult, lang: str) -> Row:
    """A fix-first line: a thing to do (the rule's action), not a state, and what it gains."""
    left = Content.assemble(
        (f"{n:>2}. ", "dim"), mark(scored.status), " ", inert(scored.rule.action.get(lang))
    )
    return Row(left, gain_text(scored.gain, lang))


class Row(Visual):
    """`left` truncated with an ellipsis to leave room for `right`, on exactly one line."""

    def __init__(self, left: Content, right: Content) -> None:
        self.left = left
        self.right = right

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        if width <= 0:
            return []
        right = self.right if self.right.cell_length < width - 4 else Content("")
        room = width - right.cell_length - (1 if right.cell_length else 0)
        left = self.left.truncate(room, ellipsis=True, pad=True)
        line = left + (Content(" ") + right if right.cell_length else Content(""))
        return line.render_strips(width, 1, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.left.cell_length + 1 + self.right.cell_length

    def get_height(self, rules: RulesMap, width: int) -> int:
        return 1
