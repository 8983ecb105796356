"""The score panel: score, what it could reach, grade (or why there is none yet), a gauge,
coverage, what capped the grade, each user pack's own score, and the tally.

The figures are the core's (one formula everywhere); this only shows them. While the machine
is being checked again it keeps showing the last complete figures, so the header does not
jump as each probe lands; the first check shows no figures until it is complete.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual.content import Content

from securecheck.core.inert import inert
from securecheck.core.model import Score, Scorecard, Status
from securecheck.i18n import Localized, _
from securecheck.i18n.words import colon, paren
from securecheck.report import MARKS
from securecheck.tui.widgets.rows import STATUS_STYLE
from securecheck.tui.widgets.steady import SteadyStatic
from securecheck.tui.words import t

CHECKING = _("checking…")  # the first check is running: no figure yet
GAUGE_CELLS = 24
GRADE_STYLE = {"A": "$success", "B": "$success", "C": "$warning", "D": "$error", "F": "$error"}


def gauge(value: float, cells: int = GAUGE_CELLS) -> Content:
    filled = max(0, min(cells, round(value / 100 * cells)))
    return Content.assemble(("█" * filled, "$accent"), ("░" * (cells - filled), "$foreground 30%"))


def is_checking(card: Scorecard) -> bool:
    """Some probe is still running (the engine marks its results `pending`)."""
    return any(s.result.evidence.get("pending") for s in card.results)


def rule_names(ids: Sequence[str], titles: Mapping[str, Localized], lang: str) -> str:
    join = "、".join if lang.startswith("zh") else ", ".join
    return join(inert(titles[rid].get(lang)) if rid in titles else rid for rid in ids)


def figures(score: Score, lang: str) -> Content:
    """`Score 12.5/100 (up to 71)   Grade —   ████░░░░   Coverage 26%`"""
    grade = score.grade or "—"
    up_to = (
        paren(t("app.up_to", lang).format(potential=f"{score.potential:g}"), lang)
        if score.potential > score.value
        else ""
    )
    return Content.assemble(
        (f"{t('score', lang)} ", "bold"),
        (f"{score.value:g}", "bold"),
        "/100",
        (up_to, "dim"),
        "   ",
        (f"{t('grade', lang)} ", "bold"),
        (grade, f"bold {GRADE_STYLE.get(grade, '$foreground')}"),
        "   ",
        gauge(score.value),
        "   ",
        f"{t('coverage', lang)} {score.coverage * 100:.0f}%",
    )


def grade_note(score: Score, titles: Mapping[str, Localized], lang: str) -> Content:
    """Why the grade is what it is: incomplete (answer …), capped (by …), or neither."""
    parts: list[Content] = []
    if score.incomplete:
        parts.append(
            Content.assemble(
                (t("app.incomplete", lang) + " ", "bold $warning"),
                rule_names(score.incomplete, titles, lang),
            )
        )
    if score.capped_by:
        parts.append(
            Content.assemble(
                (t("capped_by", lang) + colon(lang), "bold $error"),
                rule_names(score.capped_by, titles, lang),
            )
        )
    return Content(" · ").join(parts) if parts else Content(t("app.not_capped", lang))


class ScorePanel(SteadyStatic):
    """Shows a Scorecard; knows nothing of how it was computed."""

    # Three lines, each cut with an ellipsis rather than wrapped, so a long list of rule
    # names never pushes the tally out of the panel.
    DEFAULT_CSS = """
    ScorePanel {
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    _complete: Scorecard | None = None  # the last card no probe was running for

    def show(
        self,
        card: Scorecard,
        lang: str,
        titles: Mapping[str, Localized],
        *,
        unsaved: bool = False,
    ) -> None:
        checking = is_checking(card)
        if not checking:
            self._complete = card
        shown = self._complete
        if shown is None:  # the first check is still running: no figures yet
            first = Content.assemble(
                (f"{t('score', lang)} ", "bold"), (CHECKING.get(lang), "bold"), "   ", gauge(0)
            )
            lines = [
                first,
                Content.styled(t("app.score_waits", lang), "dim"),
                self._tally(card, lang),
            ]
        else:
            first = figures(shown.score, lang)
            if checking:
                first = first + Content.styled(f"   {t('app.rechecking', lang)}", "dim italic")
            second = grade_note(shown.score, titles, lang)
            lines = [first, second, self._tally(shown, lang)]
        if unsaved:
            lines[2] = lines[2] + Content.styled(f"   {t('app.unsaved', lang)}", "bold $error")
        self.set_content(Content("\n").join(lines))

    @staticmethod
    def _tally(card: Scorecard, lang: str) -> Content:
        counts = card.summary()
        statuses = [Status.PASS, Status.WARN, Status.FAIL, Status.UNKNOWN, Status.SKIPPED]
        if counts.get(Status.ERROR.value):
            statuses.append(Status.ERROR)
        tally = [
            Content.assemble(
                (MARKS[s.value], STATUS_STYLE[s]),
                f" {t('status.' + s.value, lang)} {counts[s.value]}",
            )
            for s in statuses
        ]
        # A user pack's own score, beside the tally: never part of the headline.
        packs = [
            Content.styled(
                t("app.pack", lang).format(name=inert(p.name), value=f"{p.score.value:g}"), "dim"
            )
            for p in card.packs
        ]
        return Content("   ").join([*tally, *packs])
