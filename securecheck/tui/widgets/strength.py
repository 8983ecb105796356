"""Password feedback: the 0–4 meter and zxcvbn's verdict in words. Never the password."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

from securecheck.core.model import Status
from securecheck.i18n.words import colon
from securecheck.password.feedback import PASS_SCORE
from securecheck.tui.widgets.rows import STATUS_STYLE, mark
from securecheck.tui.widgets.steady import SteadyStatic
from securecheck.tui.words import t

if TYPE_CHECKING:
    from securecheck.password.quick import QuickEstimate
    from securecheck.password.verdict import PasswordVerdict

# One scale for the meter and the verdict: zxcvbn's 0-4, where a pass begins at PASS_SCORE
# (with the length); the bar marks that point and takes the verdict's colour.
VERDICT_STYLE = {
    Status.PASS: "$success",
    Status.WARN: "$warning",
    Status.FAIL: "$error",
    Status.ERROR: "$error",
}
PROVISIONAL_STYLE = "$accent 60%"  # no verdict yet: no pass or fail colour either
CELLS_PER_STEP = 5
PASS_MARK = "┃"


def meter_bar(level: int, style: str) -> Content:
    """Four steps of cells with a mark where a pass begins (before the last step)."""
    level = max(0, min(4, level))
    cells = [("■", f"bold {style}") if i < level * CELLS_PER_STEP else ("□", "$foreground 30%")
             for i in range(4 * CELLS_PER_STEP)]  # fmt: skip
    at = (PASS_SCORE - 1) * CELLS_PER_STEP
    parts = [*cells[:at], (PASS_MARK, "bold $foreground 70%"), *cells[at:]]
    return Content.assemble(*parts)


class StrengthMeter(SteadyStatic):
    """`Strength ■■■■■■■■■■■■■■■┃□□□□□ 3/4 nearly strong enough (a pass needs 4/4)`.

    While the analysis runs, the instant estimate shows in a neutral colour with no verdict
    word; the verdict then sets the words and the colour, so the two never disagree."""

    def show(self, level: int | None, lang: str, *, provisional: bool) -> None:
        if level is None:
            self.set_content(
                Content.assemble(
                    (t("app.pw.strength", lang) + " ", "bold"), meter_bar(0, PROVISIONAL_STYLE)
                )
            )
            return
        note = f"  ({t('app.pw.analysing', lang)})" if provisional else ""
        self.set_content(
            Content.assemble(
                (t("app.pw.strength", lang) + " ", "bold"),
                meter_bar(level, PROVISIONAL_STYLE),
                f" {level}/4",
                (note, "dim italic"),
            )
        )

    def show_quick(self, estimate: QuickEstimate, lang: str) -> None:
        self.show(estimate.meter, lang, provisional=True)

    def show_verdict(self, verdict: PasswordVerdict, lang: str) -> None:
        style = VERDICT_STYLE.get(verdict.status, "$error")
        self.set_content(
            Content.assemble(
                (t("app.pw.strength", lang) + " ", "bold"),
                meter_bar(verdict.score, style),
                f" {verdict.score}/4 ",
                (t(f"app.pw.status.{verdict.status.value}", lang), f"bold {style}"),
                ("  " + t("app.pw.pass_needs", lang).format(score=PASS_SCORE), "dim"),
            )
        )


def feedback(verdict: PasswordVerdict, lang: str) -> Content:
    """Crack time, warning, suggestions and the verdict's reasons, in `lang`."""
    status = verdict.status
    lines: list[Content] = [
        Content.assemble(
            (t("app.pw.crack", lang) + colon(lang), "bold"), verdict.crack_time.get(lang)
        ),
        Content.assemble(
            (t("app.pw.verdict", lang) + colon(lang), "bold"),
            mark(status),
            " ",
            (t(f"app.pw.status.{status.value}", lang), STATUS_STYLE[status]),
        ),
    ]
    if verdict.warning is not None:
        lines.append(
            Content.assemble(
                (t("app.pw.warning", lang) + colon(lang), "bold $warning"),
                verdict.warning.get(lang),
            )
        )
    lines.extend(Content(f"• {reason.get(lang)}") for reason in verdict.reasons)
    if verdict.suggestions:
        lines.append(Content.styled((t("app.pw.suggestions", lang) + colon(lang)).rstrip(), "bold"))
        lines.extend(Content(f"• {s.get(lang)}") for s in verdict.suggestions)
    if verdict.analysed_prefix_only:
        lines.append(Content.styled(t("app.pw.prefix_only", lang), "dim"))
    return Content("\n").join(lines)
