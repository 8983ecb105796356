"""The "since last time" line and the due reminders."""

from __future__ import annotations

import datetime as dt

from builders import question_rule

from securecheck.core.answers import AnswerSet
from securecheck.core.audit import score
from securecheck.core.history import compare, since_last_time
from securecheck.core.history.record import RuleEntry, RunRecord
from securecheck.core.reminders import due
from securecheck.i18n import Verbatim
from securecheck.report.build import build
from securecheck.report.due import due_lines

NOW = dt.datetime(2026, 11, 24, 9, 30, tzinfo=dt.UTC)


def run(score_value: float, counts: dict[str, int], **statuses: str) -> RunRecord:
    return RunRecord(
        "0" * 32,
        "2026-11-24T09:30:00Z",
        "0.1.0",
        score_value,
        None,
        "C",
        0.5,
        {rid.replace("__", "."): RuleEntry(s, 0.0) for rid, s in statuses.items()},
        counts,
    )


def test_since_last_time_tells_the_score_change_what_was_fixed_and_new_updates() -> None:
    before = run(50, {"os_updates.pending_updates": 2}, two_factor__enabled="fail")
    after = run(62, {"os_updates.pending_updates": 5}, two_factor__enabled="pass")
    line = since_last_time(compare(before, after), {"two_factor.enabled": Verbatim("2FA")})
    assert line.get("en") == "since last time: +12, 2FA fixed, 3 new updates"
    assert line.get("zh-Hans") == "自上次以来：+12，2FA 已修复，3 个新更新"


def test_since_last_time_counts_many_fixes_and_names_what_got_worse() -> None:
    before = run(50, {}, a__a="fail", b__b="fail", c__c="fail", d__d="pass", e__e="pass")
    after = run(45.5, {}, a__a="pass", b__b="pass", c__c="pass", d__d="fail", e__e="unknown")
    line = since_last_time(compare(before, after), {})
    assert line.get("en") == "since last time: −4.5, 3 fixed, d.d got worse, 1 to check again"


def test_fewer_pending_updates_is_not_news() -> None:
    before = run(50, {"os_updates.pending_updates": 9})
    after = run(50, {"os_updates.pending_updates": 1})
    assert since_last_time(compare(before, after), {}).get("en") == "since last time: ±0"


def _card(answered_days_ago: float, expires: int = 30, exempt: bool = False):  # type: ignore[no-untyped-def]
    rule = question_rule("login_activity.review", expires_after_days=expires)
    answers = AnswerSet().with_answer(
        "login_activity.review", "yes", NOW - dt.timedelta(days=answered_days_ago)
    )
    if exempt:
        from securecheck.core.model import Exemption

        answers = AnswerSet(answers.answers, exemptions={"login_activity.review": Exemption("x")})
    return score([rule], answers, None, now=NOW)


def test_an_answer_stale_within_seven_days_is_due_with_its_days_left() -> None:
    (item,) = due(_card(answered_days_ago=25), NOW)
    assert item.rule_id == "login_activity.review" and not item.overdue
    assert item.days == 6  # fresh through day 30, stale from day 31


def test_an_answer_further_from_going_stale_is_not_due() -> None:
    assert due(_card(answered_days_ago=20), NOW) == []


def test_a_stale_answer_is_overdue_and_its_rule_is_unknown() -> None:
    card = _card(answered_days_ago=35)
    (item,) = due(card, NOW)
    assert item.overdue and item.days == -4
    assert card.results[0].status.value == "unknown"


def test_the_last_fresh_day_is_due_today_and_overdue_from_the_next() -> None:
    # Answered 30 days and 12 hours ago: still counts (30 whole days), stale in 12 hours.
    (item,) = due(_card(answered_days_ago=30.5), NOW)
    assert not item.overdue and item.days in (0, 1)
    assert _card(answered_days_ago=30.5).results[0].status.value == "pass"


def test_an_exempted_rule_is_never_due() -> None:
    assert due(_card(answered_days_ago=35, exempt=True), NOW) == []


def test_due_answers_come_first_in_the_text_report() -> None:
    from securecheck.report.text import to_text

    data = build(_card(answered_days_ago=35), "en", now=NOW)
    assert data["due"] == [
        {
            "id": "login_activity.review",
            "stale_at": "2026-11-20T09:30:00+00:00",
            "overdue": True,
            "days": -4,
        }
    ]
    text = to_text(data)
    assert text.index("Due — answer again soon:") < text.index("Fix first")
    assert "login_activity.review): overdue by 4 days" in text
    zh = due_lines(build(_card(answered_days_ago=25), "zh-Hans", now=NOW), "zh-Hans")
    assert zh[-1].endswith("6 天后到期")
