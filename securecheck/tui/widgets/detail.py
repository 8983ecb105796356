"""The detail pane: everything about the selected rule, as the core established it.

What was found (in sentences, with how and when it was established), why it matters (which
advice), how to fix it; for a question, its choices; then the raw evidence the finding rests
on. Presentation only: no judging happens here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content

from securecheck.core.inert import inert
from securecheck.core.model import PasswordCheck, ProbeCheck, ScoredResult
from securecheck.core.scoring import max_points
from securecheck.i18n import Localized
from securecheck.i18n.words import colon
from securecheck.tui.widgets.rows import STATUS_STYLE, mark
from securecheck.tui.widgets.steady import SteadyStatic
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
    """The raw evidence as `name: value` lines; probe facts one per line."""
    lines: list[str] = []
    for key, value in evidence.items():
        if key == "pending" or value is None or value == [] or value == ():
            continue
        if isinstance(value, Mapping):
            lines.extend(f"{k}: {_plain(v, lang)}" for k, v in value.items())
        elif isinstance(value, dt.datetime):
            lines.append(f"{key}: {when(value)}")
        else:
            lines.append(f"{key}: {_plain(value, lang)}")
    return [inert(line) for line in lines]


def when(moment: dt.datetime) -> str:
    """Local time, to the minute: what a person compares with their own memory."""
    try:
        local = moment.astimezone()
    except (OverflowError, ValueError, OSError):  # 9999-12-31 in UTC+8 is past year 9999
        return moment.strftime("%Y-%m-%d %H:%M %Z")
    return local.strftime("%Y-%m-%d %H:%M")


def pack_text(text: str) -> Content:
    """A rule pack's long text: plain (never markup), control characters escaped."""
    return Content(inert(text, multiline=True))


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
            (inert(rule.title.get(lang)), "bold"),
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
        Content(inert(result.message.get(lang), multiline=True)),
    ]
    if result.status.decided:  # an unknown was not established by anything
        kind = t("evidence." + result.evidence_kind.value, lang)
        established = t("established", lang) + colon(lang) + kind
        if result.answered_at is not None:
            established += f" · {t('answered_at', lang)}{colon(lang)}{when(result.answered_at)}"
        lines.append(Content.styled(established, "italic"))
    lines.append(Content(""))

    source = f" ({t('source', lang)} {rule.source})" if rule.source else ""
    lines += [heading("why", lang, inert(source)), pack_text(rule.why.get(lang)), Content("")]
    lines += [heading("advice", lang), pack_text(rule.advice.get(lang)), Content("")]
    lines += [
        heading("how_to_fix", lang),
        Content.styled(inert(rule.action.get(lang)), "bold"),
        pack_text(rule.remediation.get(lang)),
        Content(""),
    ]

    question = rule.question
    if question is not None:
        lines += [heading("app.question", lang), pack_text(question.text.get(lang))]
        if isinstance(rule.check, ProbeCheck) and rule.check.combine == "fallback":
            lines.append(Content.styled(t("app.question_fallback", lang), "dim"))
        for choice in question.choices:
            chosen = choice.value == current_answer
            lines.append(
                Content.assemble(
                    ("  ● " if chosen else "  ○ ", "bold" if chosen else ""),
                    (inert(choice.label.get(lang)), "bold" if chosen else ""),
                )
            )
        lines += [Content.styled(t("app.answer_hint", lang), "$text-accent"), Content("")]
    elif isinstance(rule.check, PasswordCheck):
        lines += [Content.styled(t("app.password_hint", lang), "$text-accent"), Content("")]
    elif isinstance(rule.check, ProbeCheck):
        lines += [Content.styled(t("app.probe_hint", lang), "dim"), Content("")]

    raw = evidence_lines(result.evidence, lang)
    if raw:  # what the finding rests on, after what to do about it
        lines.append(heading("app.raw_evidence", lang))
        lines.extend(Content.styled(line, "dim") for line in raw)
        lines.append(Content(""))
    if rule.references:
        lines.append(heading("references", lang))
        lines.extend(Content(inert(f"{ref.title} — {ref.url}")) for ref in rule.references)
    return Content("\n").join(lines)


class DetailPane(VerticalScroll):
    """A scrollable pane holding one `describe()` at a time."""

    def compose(self) -> ComposeResult:
        yield SteadyStatic(id="detail-body")

    def show(self, scored: ScoredResult | None, lang: str, current_answer: str | None) -> None:
        body = self.query_one("#detail-body", SteadyStatic)
        if scored is None:
            body.set_content(Content(t("app.select_rule", lang)))
            return
        body.set_content(describe(scored, lang, current_answer))
