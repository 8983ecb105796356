"""Scoring: fixed maxima, partial credit, unknown outside the denominator, caps and gains."""

from __future__ import annotations

from builders import T, question_rule

from securecheck.core.model import EvidenceKind, Result, Status
from securecheck.core.scoring import score_results


def result(rid: str, status: str, severity: str = "high") -> Result:
    return Result(question_rule(rid, severity), Status(status), EvidenceKind.ATTESTED, T)


def test_max_points_do_not_depend_on_the_outcome() -> None:
    for status in ("pass", "warn", "fail", "unknown", "skipped", "error"):
        card = score_results([result("a.b", status)])
        assert card.results[0].max_points == 10


def test_pass_full_warn_half_fail_nothing() -> None:
    card = score_results([result("a.p", "pass"), result("a.w", "warn"), result("a.f", "fail")])
    assert [r.points for r in card.results] == [10, 5, 0]
    assert card.score.value == 50.0


def test_unknown_skipped_and_error_leave_the_denominator_and_lower_coverage() -> None:
    card = score_results(
        [
            result("a.p", "pass"),
            result("a.u", "unknown"),
            result("a.s", "skipped"),
            result("a.e", "error"),
        ]
    )
    assert card.score.value == 100.0
    assert card.score.coverage == 0.25


def test_nothing_known_scores_zero_not_full_marks() -> None:
    card = score_results([result("a.u", "unknown")])
    assert card.score.value == 0 and card.score.grade == "F" and card.score.coverage == 0


def test_failed_critical_rule_caps_the_grade_below_b() -> None:
    rules = [result(f"a.p{i}", "pass") for i in range(30)] + [
        result("two_factor.enabled", "fail", "critical")
    ]
    card = score_results(rules)
    assert card.score.value > 90
    assert card.score.grade == "C"
    assert card.score.capped_by == ("two_factor.enabled",)


def test_gain_is_exactly_what_passing_would_add() -> None:
    results = [
        result("a.p", "pass"),
        result("a.w", "warn"),
        result("a.f", "fail", "critical"),
        result("a.u", "unknown", "medium"),
    ]
    card = score_results(results)
    for i, scored in enumerate(card.results):
        fixed = list(results)
        fixed[i] = result(scored.rule.id, "pass", scored.rule.severity.value)
        rise = score_results(fixed).score.value - card.score.value
        assert abs(scored.gain - rise) < 0.11, scored.rule.id


def test_fix_first_orders_by_gain_then_severity_and_leaves_out_pass_and_skipped() -> None:
    card = score_results(
        [
            result("a.p", "pass"),
            result("a.low", "fail", "low"),
            result("a.crit", "fail", "critical"),
            result("a.s", "skipped"),
            result("a.u", "unknown", "medium"),
        ]
    )
    assert card.fix_first[0] == "a.crit"
    assert "a.p" not in card.fix_first and "a.s" not in card.fix_first
    gains = [next(r.gain for r in card.results if r.rule.id == rid) for rid in card.fix_first]
    assert gains == sorted(gains, reverse=True)


def test_summary_counts_every_status() -> None:
    card = score_results([result("a.p", "pass"), result("a.u", "unknown")])
    assert card.summary() == {
        "pass": 1,
        "warn": 0,
        "fail": 0,
        "unknown": 1,
        "skipped": 0,
        "error": 0,
    }


def test_skipped_rules_offer_no_gain() -> None:
    card = score_results([result("a.p", "pass"), result("a.s", "skipped")])
    assert card.results[1].gain == 0
