"""Results → score, grade, coverage, gains and the fix-first list.

The formula (also in the README):
- Each rule has fixed maximum points: its `weight`, or by severity critical 20, high 10,
  medium 5, low 2, info 0. The maximum never depends on the outcome.
- pass earns the maximum, warn half of it, fail nothing.
- unknown, skipped and error results leave the denominator: they are not counted as pass
  or as fail. `coverage` is the share of all points whose result is known.
- score = 100 × earned / counted maximum (0 when nothing is known).
- grade: A ≥ 90, B ≥ 80, C ≥ 70, D ≥ 60, F below. A failed critical rule caps the grade
  at C (2FA off can never read A or B); the capping rule ids are in `capped_by`.
- gain: how many points the score would rise if that rule alone passed (0 for skipped:
  a rule that does not apply, or is exempted, has nothing to fix).
- fix_first: the non-passing, non-skipped results, by gain, then severity.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from securecheck.core.model import (
    SEVERITY_ORDER,
    Result,
    Rule,
    Score,
    Scorecard,
    ScoredResult,
    Severity,
    Status,
)

SEVERITY_POINTS: Mapping[Severity, float] = {
    Severity.CRITICAL: 20,
    Severity.HIGH: 10,
    Severity.MEDIUM: 5,
    Severity.LOW: 2,
    Severity.INFO: 0,
}
CREDIT: Mapping[Status, float] = {Status.PASS: 1.0, Status.WARN: 0.5, Status.FAIL: 0.0}
GRADES: tuple[tuple[float, str], ...] = ((90, "A"), (80, "B"), (70, "C"), (60, "D"), (0, "F"))
CRITICAL_FAIL_CAP = "C"


def max_points(rule: Rule) -> float:
    return rule.weight if rule.weight is not None else SEVERITY_POINTS[rule.severity]


def grade_for(value: float) -> str:
    return next(letter for floor, letter in GRADES if value >= floor)


def _percent(earned: float, counted: float) -> float:
    return 100.0 * earned / counted if counted else 0.0


def score_results(results: Sequence[Result]) -> Scorecard:
    maxima = [max_points(r.rule) for r in results]
    earned = sum(
        m * CREDIT[r.status] for r, m in zip(results, maxima, strict=True) if r.status.decided
    )
    counted = sum(m for r, m in zip(results, maxima, strict=True) if r.status.decided)
    total = sum(maxima)
    value = _percent(earned, counted)

    scored: list[ScoredResult] = []
    for r, m in zip(results, maxima, strict=True):
        points = m * CREDIT[r.status] if r.status.decided else 0.0
        if r.status in (Status.PASS, Status.SKIPPED):
            gain = 0.0  # nothing to fix: passed, not applicable here, or exempted
        elif r.status.decided:
            gain = _percent(earned - points + m, counted) - value
        else:
            gain = _percent(earned + m, counted + m) - value
        scored.append(ScoredResult(r, round(points, 2), m, round(max(gain, 0.0), 1)))

    capped_by = tuple(
        r.rule.id
        for r in results
        if r.status == Status.FAIL and r.rule.severity == Severity.CRITICAL
    )
    grade = grade_for(value)
    if capped_by and grade < CRITICAL_FAIL_CAP:  # letters: "A" < "B" < "C"
        grade = CRITICAL_FAIL_CAP
    score = Score(
        value=round(value, 1),
        grade=grade,
        coverage=round(counted / total, 3) if total else 0.0,
        capped_by=capped_by,
    )
    return Scorecard(score, tuple(scored), fix_first(scored))


def fix_first(scored: Sequence[ScoredResult]) -> tuple[str, ...]:
    todo = [s for s in scored if s.status not in (Status.PASS, Status.SKIPPED)]
    todo.sort(key=lambda s: (-s.gain, -SEVERITY_ORDER[s.rule.severity], s.rule.id))
    return tuple(s.rule.id for s in todo)
