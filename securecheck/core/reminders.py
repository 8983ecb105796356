"""Reminders: answers that go stale soon, or already have ("due").

A rule with `expires_after_days` (the login review: 30 days; the kept password verdict)
counts an answer as unknown once it is more than that many whole days old, exactly as the
engine judges it. An answer is *due* when that moment is within DUE_WITHIN_DAYS, and
*overdue* once it has passed. Both faces show these first.
"""

from __future__ import annotations

import datetime as dt

from securecheck.core.model import Scorecard, Status
from securecheck.records import record

DUE_WITHIN_DAYS = 7


@record
class Due:
    rule_id: str
    stale_at: dt.datetime  # from this moment the answer no longer counts
    overdue: bool
    days: int  # calendar days (UTC) from today to stale_at: 0 today, negative when overdue


def due(card: Scorecard, now: dt.datetime, within_days: int = DUE_WITHIN_DAYS) -> list[Due]:
    """The answers due within `within_days` or overdue, the most urgent first."""
    found: list[Due] = []
    for scored in card.results:
        rule, result = scored.rule, scored.result
        if rule.expires_after_days is None or result.answered_at is None:
            continue
        if result.status == Status.SKIPPED:  # exempted, or not for this system
            continue
        # The engine: stale when (now - answered_at).days > expires_after_days.
        stale_at = result.answered_at + dt.timedelta(days=rule.expires_after_days + 1)
        if stale_at - now > dt.timedelta(days=within_days):
            continue
        days = (stale_at.astimezone(dt.UTC).date() - now.astimezone(dt.UTC).date()).days
        found.append(Due(rule.id, stale_at, now >= stale_at, days))
    found.sort(key=lambda d: (d.stale_at, d.rule_id))
    return found
