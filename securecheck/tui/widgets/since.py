"""Under the score: what is due (first), then "since last time" and the score's trend."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from textual.content import Content

from securecheck.core.history.summary import sparkline
from securecheck.core.inert import inert
from securecheck.core.model import Scorecard
from securecheck.core.reminders import due
from securecheck.i18n import SEPARATOR, Localized, _, ngettext
from securecheck.i18n.words import COLON
from securecheck.report.due import when_due
from securecheck.tui.session import SessionHistory
from securecheck.tui.widgets.steady import SteadyStatic

DUE = _("Due")
TREND = _("trend")
SHOWN_DUE = 3


class SinceBar(SteadyStatic):
    """One or two lines; hidden when nothing is due and there is no earlier run."""

    def show(
        self,
        card: Scorecard | None,
        session: SessionHistory,
        lang: str,
        now: dt.datetime,
        titles: Mapping[str, Localized],
    ) -> None:
        lines: list[Content] = []
        if card is not None:
            items = due(card, now)
            if items:
                parts = [
                    f"{inert(titles[d.rule_id].get(lang)) if d.rule_id in titles else d.rule_id}"
                    f" — {when_due(d.overdue, d.days).get(lang)}"
                    for d in items[:SHOWN_DUE]
                ]
                more = len(items) - SHOWN_DUE
                if more > 0:
                    parts.append(ngettext("{n} more", "{n} more", more).get(lang))
                style = "bold $error" if any(d.overdue for d in items) else "bold $warning"
                lines.append(
                    Content.assemble(
                        (DUE.get(lang) + COLON.get(lang), style), SEPARATOR.get(lang).join(parts)
                    )
                )
            since = session.since_last_time(card, lang, now, titles)
            if since is not None:
                lines.append(
                    Content.assemble(
                        (since.get(lang), ""),
                        (f"   {TREND.get(lang)} ", "dim"),
                        (sparkline(session.trend(card)), "$accent"),
                    )
                )
        if session.problem:
            lines.append(Content.styled(inert(session.problem), "dim"))
        self.display = bool(lines)
        self.set_content(Content("\n").join(lines))
