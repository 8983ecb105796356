"""Password feedback: the 0–4 meter and zxcvbn's verdict in words. Never the password."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from securecheck.tui.widgets.rows import STATUS_STYLE, mark
from securecheck.tui.words import t

if TYPE_CHECKING:
    from securecheck.password.quick import QuickEstimate
    from securecheck.password.verdict import PasswordVerdict

METER_STYLE = ("$error", "$error", "$warning", "$success", "$success")
CELLS_PER_STEP = 5


def meter_bar(level: int) -> Content:
    level = max(0, min(4, level))
    filled = "■" * (level * CELLS_PER_STEP)
    empty = "□" * ((4 - level) * CELLS_PER_STEP)
    return Content.assemble((filled, f"bold {METER_STYLE[level]}"), (empty, "$foreground 30%"))


class StrengthMeter(Static):
    """`Strength ■■■■■■■■■■□□□□□□□□□□ 2/4 fair` (provisional until the verdict arrives)."""

    def show(self, level: int | None, lang: str, *, provisional: bool) -> None:
        if level is None:
            self.update(Content.assemble((t("app.pw.strength", lang) + " ", "bold"), meter_bar(0)))
            return
        note = f"  ({t('app.pw.analysing', lang)})" if provisional else ""
        self.update(
            Content.assemble(
                (t("app.pw.strength", lang) + " ", "bold"),
                meter_bar(level),
                f" {level}/4 ",
                (t(f"app.meter.{level}", lang), f"bold {METER_STYLE[level]}"),
                (note, "dim italic"),
            )
        )

    def show_quick(self, estimate: QuickEstimate, lang: str) -> None:
        self.show(estimate.meter, lang, provisional=True)


def feedback(verdict: PasswordVerdict, lang: str) -> Content:
    """Crack time, warning, suggestions and the verdict's reasons, in `lang`."""
    status = verdict.status
    lines: list[Content] = [
        Content.assemble((t("app.pw.crack", lang) + ": ", "bold"), verdict.crack_time.get(lang)),
        Content.assemble(
            (t("app.pw.verdict", lang) + ": ", "bold"),
            mark(status),
            " ",
            (t(f"app.pw.status.{status.value}", lang), STATUS_STYLE[status]),
        ),
    ]
    if verdict.warning is not None:
        lines.append(
            Content.assemble(
                (t("app.pw.warning", lang) + ": ", "bold $warning"), verdict.warning.get(lang)
            )
        )
    lines.extend(Content(f"• {reason.get(lang)}") for reason in verdict.reasons)
    if verdict.suggestions:
        lines.append(Content.styled(t("app.pw.suggestions", lang) + ":", "bold"))
        lines.extend(Content(f"• {s.get(lang)}") for s in verdict.suggestions)
    if verdict.analysed_prefix_only:
        lines.append(Content.styled(t("app.pw.prefix_only", lang), "dim"))
    return Content("\n").join(lines)
