"""The detail pane: everything about the selected rule, as the core established it.

Why it matters (which advice), the evidence, how to fix, how it was established and when it
was answered; for a question, its choices. Presentation only: no judging happens here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from securecheck.core.model import PasswordCheck, ProbeCheck, ScoredResult
from securecheck.core.scoring import max_points
from securecheck.i18n import Localized
from securecheck.tui.widgets.rows import STATUS_STYLE, mark
from securecheck.tui.words import t


def _plain(value: object, lang: str) -> str:
    if isinstance(value, Localized):
        return value.get(lang)
    if isinstance(value, list | tuple):
        return ", ".join(_plain(v, lang) for v in value) or "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "—"
    return str(value)


def evidence_lines(evidence: Mapping[str, object], lang: str) -> list[str]:
    """Evidence as `name: value` lines; probe facts one per line."""
    lines: list[str] = []
    for key, value in evidence.items():
        if key == "pending" or value is None or value == [] or value == ():
            continue
        if isinstance(value, Mapping):
            lines.extend(f"{k} = {_plain(v, lang)}" for k, v in value.items())
        else:
            lines.append(f"{key}: {_plain(value, lang)}")
    return lines


def when(moment: dt.datetime) -> str:
    """Local time, to the minute: what a person compares with their own memory."""
    try:
        local = moment.astimezone()
    except (OverflowError, ValueError, OSError):  # 9999-12-31 in UTC+8 is past year 9999
        return moment.strftime("%Y-%m-%d %H:%M %Z")
    return local.strftime("%Y-%m-%d %H:%M")


def heading(key: str, lang: str, extra: str = "") -> Content:
    return Content.styled(t(key, lang) + extra, "bold $text-accent")


def describe(scored: ScoredResult, lang: str, current_answer: str | None = None) -> Content:
    """The whole pane for one result, as one Content."""
    result = scored.result
    rule = scored.rule
    status_word = t(f"status.{scored.status.value}", lang)
    lines: list[Content] = [
        Content.assemble(
            mark(scored.status),
            " ",
            (status_word, STATUS_STYLE[scored.status]),
            "  ",
            (rule.title.get(lang), "bold"),
        ),
        Content.styled(
            " · ".join(
                part
                for part in (
                    t(f"severity.{rule.severity.value}", lang),
                    t(f"category.{rule.category}", lang),
                    t("app.worth", lang).format(points=f"{max_points(rule):g}"),
                    t("app.gain_if_fixed", lang).format(gain=f"{scored.gain:g}")
                    if scored.gain > 0
                    else "",
                    rule.id,
                )
                if part
            ),
            "dim",
        ),
        Content(""),
        heading("evidence", lang),
        Content(result.message.get(lang)),
    ]
    lines.extend(Content.styled(line, "dim") for line in evidence_lines(result.evidence, lang))
    established = f"{t('established', lang)}: {t('evidence.' + result.evidence_kind.value, lang)}"
    if result.answered_at is not None:
        established += f" · {t('answered_at', lang)}: {when(result.answered_at)}"
    lines += [Content.styled(established, "italic"), Content("")]

    source = f" ({t('source', lang)} {rule.source})" if rule.source else ""
    lines += [heading("why", lang, source), Content(rule.why.get(lang)), Content("")]
    lines += [heading("advice", lang), Content(rule.advice.get(lang)), Content("")]
    lines += [heading("how_to_fix", lang), Content(rule.remediation.get(lang)), Content("")]

    question = rule.question
    if question is not None:
        lines += [heading("app.question", lang), Content(question.text.get(lang))]
        if isinstance(rule.check, ProbeCheck) and rule.check.combine == "fallback":
            lines.append(Content.styled(t("app.question_fallback", lang), "dim"))
        for choice in question.choices:
            chosen = choice.value == current_answer
            lines.append(
                Content.assemble(
                    ("  ● " if chosen else "  ○ ", "bold" if chosen else ""),
                    (choice.label.get(lang), "bold" if chosen else ""),
                )
            )
        lines += [Content.styled(t("app.answer_hint", lang), "$text-accent"), Content("")]
    elif isinstance(rule.check, PasswordCheck):
        lines += [Content.styled(t("app.password_hint", lang), "$text-accent"), Content("")]
    elif isinstance(rule.check, ProbeCheck):
        lines += [Content.styled(t("app.probe_hint", lang), "dim"), Content("")]

    if rule.references:
        lines.append(heading("references", lang))
        lines.extend(Content(f"{ref.title} — {ref.url}") for ref in rule.references)
    return Content("\n").join(lines)


class DetailPane(VerticalScroll):
    """A scrollable pane holding one `describe()` at a time."""

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(id="detail-body")

    def show(self, scored: ScoredResult | None, lang: str, current_answer: str | None) -> None:
        body = self.query_one("#detail-body", Static)
        if scored is None:
            body.update(t("app.select_rule", lang))
            return
        body.update(describe(scored, lang, current_answer))
