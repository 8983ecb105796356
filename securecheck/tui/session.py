"""This app session in the history: its record, "since last time", the trend, what is due.

The session is one run (one run id, `via: app`): recorded once the machine has been checked
(every probe done), and again as the app closes, replacing that record with the final state.
The comparison is with the last run recorded before the session began.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from securecheck.core import history
from securecheck.core.errors import SecurecheckError
from securecheck.core.history import RunRecord
from securecheck.core.model import Scorecard
from securecheck.i18n import Localized
from securecheck.log import get_logger

log = get_logger("securecheck.tui.session")
TREND_RUNS = 12  # the sparkline: the last runs before this one, and this one


class SessionHistory:
    def __init__(self, path: Path | None, earlier: list[RunRecord], problem: str | None = None):
        self.path = path
        self.earlier = earlier
        self.problem = problem  # why the history cannot be read or written, to show
        self.run_id = history.new_run_id()
        self._recorded: RunRecord | None = None

    @classmethod
    def open(cls, path: Path | None) -> SessionHistory:
        """`path` None: no history (--no-history, or a test)."""
        if path is None:
            return cls(None, [])
        try:
            return cls(path, history.load_history(path))
        except SecurecheckError as exc:
            # A broken history is never overwritten: this session is then not recorded.
            return cls(None, [], str(exc))

    @property
    def baseline(self) -> RunRecord | None:
        return self.earlier[-1] if self.earlier else None

    def current(self, card: Scorecard, lang: str, now: dt.datetime) -> RunRecord:
        from securecheck import report

        return history.from_report(report.build(card, lang, now), self.run_id, "app")

    def record(self, card: Scorecard, lang: str, now: dt.datetime, *, final: bool) -> None:
        """The first full check, then (final) the state as the app closes, if it changed."""
        if self.path is None or (self._recorded is not None and not final):
            return
        record = self.current(card, lang, now)
        if self._recorded is not None and _same(record, self._recorded):
            return
        try:
            history.record_run(record, self.path)
        except SecurecheckError as exc:
            self.problem = str(exc)
            self.path = None
            log.warning("history not recorded: %s", exc)
            return
        self._recorded = record

    def since_last_time(
        self, card: Scorecard, lang: str, now: dt.datetime, titles: Mapping[str, Localized]
    ) -> Localized | None:
        if self.baseline is None:
            return None
        diff = history.compare(self.baseline, self.current(card, lang, now))
        return history.since_last_time(diff, titles)

    def trend(self, card: Scorecard) -> list[float]:
        return [r.score for r in self.earlier[-(TREND_RUNS - 1) :]] + [card.score.value]


def _same(a: RunRecord, b: RunRecord) -> bool:
    return (a.score, a.grade, a.coverage, a.rules, a.counts) == (
        b.score,
        b.grade,
        b.coverage,
        b.rules,
        b.counts,
    )
