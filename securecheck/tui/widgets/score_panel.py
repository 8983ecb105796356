"""The score panel: score and grade, a gauge, coverage, what capped the grade, the tally."""

from __future__ import annotations

from collections.abc import Mapping

from textual.content import Content
from textual.widgets import Static

from securecheck.core.model import Scorecard, Status
from securecheck.i18n import Localized
from securecheck.report import MARKS
from securecheck.tui.widgets.rows import STATUS_STYLE
from securecheck.tui.words import t

GAUGE_CELLS = 24
GRADE_STYLE = {"A": "$success", "B": "$success", "C": "$warning", "D": "$error", "F": "$error"}


def gauge(value: float, cells: int = GAUGE_CELLS) -> Content:
    filled = max(0, min(cells, round(value / 100 * cells)))
    return Content.assemble(("█" * filled, "$accent"), ("░" * (cells - filled), "$foreground 30%"))


class ScorePanel(Static):
    """Shows a Scorecard; knows nothing of how it was computed."""

    def show(
        self,
        card: Scorecard,
        lang: str,
        titles: Mapping[str, Localized],
        *,
        unsaved: bool = False,
    ) -> None:
        score = card.score
        grade_style = f"bold {GRADE_STYLE.get(score.grade, '$foreground')}"
        first = Content.assemble(
            (f"{t('score', lang)} ", "bold"),
            (f"{score.value:g}", "bold"),
            "/100   ",
            (f"{t('grade', lang)} ", "bold"),
            (score.grade, grade_style),
            "   ",
            gauge(score.value),
            "   ",
            f"{t('coverage', lang)} {score.coverage * 100:.0f}%",
        )
        if score.capped_by:
            names = "、".join if lang.startswith("zh") else ", ".join
            capped = names(
                titles[rid].get(lang) if rid in titles else rid for rid in score.capped_by
            )
            second = Content.assemble((f"{t('capped_by', lang)}: ", "bold $error"), capped)
        else:
            second = Content(t("app.not_capped", lang))
        counts = card.summary()
        tally = [
            Content.assemble(
                (MARKS[s.value], STATUS_STYLE[s]),
                f" {t('status.' + s.value, lang)} {counts[s.value]}",
            )
            for s in (Status.PASS, Status.WARN, Status.FAIL, Status.UNKNOWN, Status.SKIPPED)
        ]
        if counts.get(Status.ERROR.value):
            tally.append(
                Content.assemble(
                    (MARKS["error"], STATUS_STYLE[Status.ERROR]),
                    f" {t('status.error', lang)} {counts['error']}",
                )
            )
        third = Content("   ").join(tally)
        if unsaved:
            third = third + Content.styled(f"   {t('app.unsaved', lang)}", "bold $error")
        self.update(Content("\n").join([first, second, third]))
