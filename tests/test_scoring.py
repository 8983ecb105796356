"""Scoring: fixed maxima, unknown earns nothing, potential, grades, caps, gains, packs."""

from __future__ import annotations

import itertools
import random

import pytest
from builders import T, question_rule

from securecheck.core.model import EvidenceKind, Result, Status
from securecheck.core.scoring import score_results

STATUSES = ("pass", "warn", "fail", "unknown", "skipped", "error")


def result(rid: str, status: str, severity: str = "high", **kw: object) -> Result:
    return Result(question_rule(rid, severity, **kw), Status(status), EvidenceKind.ATTESTED, T)


def test_max_points_do_not_depend_on_the_outcome() -> None:
    for status in STATUSES:
        card = score_results([result("a.b", status)])
        assert card.results[0].max_points == 10


def test_pass_full_warn_half_fail_nothing() -> None:
    card = score_results([result("a.p", "pass"), result("a.w", "warn"), result("a.f", "fail")])
    assert [r.points for r in card.results] == [10, 5, 0]
    assert card.score.value == 50.0


def test_unknown_and_error_earn_nothing_but_stay_in_the_denominator() -> None:
    card = score_results(
        [
            result("a.p", "pass"),
            result("a.u", "unknown"),
            result("a.s", "skipped"),
            result("a.e", "error"),
        ]
    )
    assert card.score.value == pytest.approx(33.3)  # 10 of 30: the skipped rule does not apply
    assert card.score.potential == 100.0  # if the unknown and the broken one passed
    assert card.score.coverage == pytest.approx(0.333)


def test_a_check_that_stops_seeing_never_raises_the_score() -> None:
    """Breaking a probe (fail → error) or leaving a question open (→ unknown) cannot help."""
    base = [result("a.p", "pass"), result("a.f", "fail"), result("a.w", "warn")]
    for i, blind in itertools.product(range(len(base)), ("unknown", "error")):
        changed = list(base)
        changed[i] = result(base[i].rule.id, blind)
        before, after = score_results(base).score, score_results(changed).score
        assert after.value <= before.value, (i, blind)


def test_nothing_known_scores_zero_and_has_no_letter_while_a_critical_rule_is_unknown() -> None:
    card = score_results([result("a.u", "unknown"), result("a.c", "unknown", "critical")])
    assert card.score.value == 0 and card.score.coverage == 0
    assert card.score.grade is None
    assert card.score.incomplete == ("a.c",)
    assert card.score.potential == 100.0


def test_a_known_critical_rule_gives_the_letter_back() -> None:
    card = score_results([result("a.u", "unknown"), result("a.c", "pass", "critical")])
    assert card.score.grade == "D"  # 20 of 30
    assert card.score.incomplete == ()


def test_failed_critical_rule_caps_the_grade_at_c() -> None:
    rules = [result(f"a.p{i}", "pass") for i in range(30)] + [
        result("two_factor.enabled", "fail", "critical")
    ]
    card = score_results(rules)
    assert card.score.value > 90
    assert card.score.grade == "C"
    assert card.score.capped_by == ("two_factor.enabled",)


def test_gain_is_what_passing_that_rule_alone_adds() -> None:
    results = [
        result("a.p", "pass"),
        result("a.w", "warn"),
        result("a.f", "fail", "critical"),
        result("a.u", "unknown", "medium"),
        result("a.e", "error", "low"),
    ]
    card = score_results(results)
    for i, scored in enumerate(card.results):
        fixed = list(results)
        fixed[i] = result(scored.rule.id, "pass", scored.rule.severity.value)
        rise = score_results(fixed).score.value - card.score.value
        assert abs(scored.gain - rise) < 0.11, scored.rule.id


@pytest.mark.parametrize("seed", range(30))
def test_gains_add_up_to_exactly_100_minus_the_score(seed: int) -> None:
    rng = random.Random(seed)
    severities = ("critical", "high", "medium", "low")
    results = [
        result(f"a.r{i}", rng.choice(STATUSES), rng.choice(severities))
        for i in range(rng.randint(1, 25))
    ]
    card = score_results(results)
    if all(r.status == Status.SKIPPED for r in results):
        return
    total = sum(s.gain for s in card.results)
    assert round(total, 1) == round(100 - card.score.value, 1)


def test_fix_first_orders_by_gain_then_severity_then_fail_unknown_warn() -> None:
    card = score_results(
        [
            result("a.p", "pass"),
            result("a.low", "fail", "low"),
            result("a.crit", "fail", "critical"),
            result("a.s", "skipped"),
            result("a.u", "unknown", "medium"),
            result("a.w", "warn", "high"),  # loses 5, as much as the unknown medium
            result("a.f", "fail", "medium"),  # loses 5 too
            result("a.weighted", "unknown", "low", weight=5),  # low, but 5 points
        ]
    )
    assert card.fix_first == ("a.crit", "a.w", "a.f", "a.u", "a.weighted", "a.low")
    assert "a.p" not in card.fix_first and "a.s" not in card.fix_first


def test_with_nothing_known_the_critical_rules_come_first() -> None:
    results = [result(f"a.h{i}", "unknown") for i in range(8)] + [
        result("password.strength", "unknown", "critical"),
        result("two_factor.enabled", "unknown", "critical"),
    ]
    assert score_results(results).fix_first[:2] == ("password.strength", "two_factor.enabled")


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


def test_a_user_pack_of_always_true_heavy_rules_leaves_the_headline_alone() -> None:
    shipped = [result("a.f", "fail"), result("a.p", "pass")]
    padding = [result(f"org.p{i}", "pass", weight=100, pack="org.yaml") for i in range(12)]
    alone = score_results(shipped)
    padded = score_results(shipped + padding)
    assert padded.score == alone.score
    assert padded.fix_first == alone.fix_first
    (pack,) = padded.packs
    assert pack.name == "org.yaml" and pack.score.value == 100 and pack.score.grade == "A"


def test_a_failing_user_pack_does_not_lower_the_headline_and_has_its_own_fix_first() -> None:
    shipped = [result("a.p", "pass")]
    pack = [result("org.f", "fail", pack="org.yaml"), result("org.p", "pass", pack="org.yaml")]
    card = score_results(shipped + pack)
    assert card.score.value == 100 and card.fix_first == ()
    assert card.packs[0].score.value == 50 and card.packs[0].fix_first == ("org.f",)
    assert next(s for s in card.results if s.rule.id == "org.f").gain == 50


def test_no_applicable_rule_has_no_letter() -> None:
    card = score_results([result("a.s", "skipped")])
    assert card.score.value == 0 and card.score.grade is None
