"""Results → score, potential, grade, coverage, gains and the fix-first list.

The formula (also in the README; one formula for the report, the CLI and the app):
- A rule that applies (not skipped) has fixed maximum points: its `weight`, or by severity
  critical 20, high 10, medium 5, low 2, info 0. The maximum never depends on the outcome.
- Earned: pass = the maximum, warn = half of it, fail, unknown and error = 0. A check that
  cannot see proves nothing, so it earns nothing; it stays in the denominator, so breaking
  a probe or leaving a question open can never raise the score.
- value = 100 × Σearned ÷ Σmax over the applicable rules (0 when none applies).
- potential = the value if every unknown (or broken) check passed.
- coverage = the share of the applicable points whose result is known (pass, warn, fail).
- grade: A ≥ 90, B ≥ 80, C ≥ 70, D ≥ 60, F below; none (None) while a critical rule is
  unknown or broken (`incomplete` names them); a failed critical rule caps it at C.
- gain of a non-passing result = 100 × (max − earned) ÷ Σmax: fixed for the rule, and the
  gains of all non-passing results add up to 100 − value (rounded so that they do exactly).
- fix_first: by gain, then severity, then fail before unknown before warn, then id.
- The headline covers the shipped rules; each user pack is scored the same way on its own.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from securecheck.core.model import (
    SEVERITY_ORDER,
    PackScore,
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
CREDIT: Mapping[Status, float] = {Status.PASS: 1.0, Status.WARN: 0.5}
GRADES: tuple[tuple[float, str], ...] = ((90, "A"), (80, "B"), (70, "C"), (60, "D"), (0, "F"))
CRITICAL_FAIL_CAP = "C"
UNSEEN = (Status.UNKNOWN, Status.ERROR)  # the check could not see: earns nothing, may pass
# Among equal gains and severities: a known failure first, then what is not known, then warn.
FIX_ORDER: Mapping[Status, int] = {
    Status.FAIL: 0,
    Status.UNKNOWN: 1,
    Status.ERROR: 1,
    Status.WARN: 2,
}


def max_points(rule: Rule) -> float:
    return rule.weight if rule.weight is not None else SEVERITY_POINTS[rule.severity]


def earned_points(rule: Rule, status: Status) -> float:
    return max_points(rule) * CREDIT.get(status, 0.0)


def grade_for(value: float) -> str:
    return next(letter for floor, letter in GRADES if value >= floor)


def _percent(part: float, whole: float) -> float:
    return 100.0 * part / whole if whole else 0.0


def _apportion(raw: Sequence[float], total_tenths: int) -> list[float]:
    """Round `raw` to tenths so that they add up to exactly `total_tenths` tenths
    (largest remainder), instead of drifting by a tenth per rule."""
    scaled = [round(x * 10, 6) for x in raw]
    floors = [math.floor(x) for x in scaled]
    left = total_tenths - sum(floors)
    order = sorted(range(len(raw)), key=lambda i: (floors[i] - scaled[i], i))
    for i in order[: max(0, left)]:
        floors[i] += 1
    return [f / 10 for f in floors]


def _score_group(results: Sequence[Result]) -> tuple[Score, dict[int, ScoredResult], list[int]]:
    """Score one group of results (the shipped rules, or one user pack)."""
    applicable = [i for i, r in enumerate(results) if r.status != Status.SKIPPED]
    maxima = {i: max_points(results[i].rule) for i in applicable}
    earned = {i: earned_points(results[i].rule, results[i].status) for i in applicable}
    total = sum(maxima.values())
    unseen = sum(maxima[i] for i in applicable if results[i].status in UNSEEN)
    value = round(_percent(sum(earned.values()), total), 1)
    potential = round(_percent(sum(earned.values()) + unseen, total), 1)

    todo = [i for i in applicable if results[i].status != Status.PASS]
    raw = [_percent(maxima[i] - earned[i], total) for i in todo]
    target = round((100.0 - value) * 10) if total else 0
    gains = dict(zip(todo, _apportion(raw, target), strict=True)) if total else {}
    scored = {
        i: ScoredResult(r, round(earned.get(i, 0.0), 2), max_points(r.rule), gains.get(i, 0.0))
        for i, r in enumerate(results)
    }

    critical = [i for i in applicable if results[i].rule.severity == Severity.CRITICAL]
    capped_by = tuple(results[i].rule.id for i in critical if results[i].status == Status.FAIL)
    incomplete = tuple(results[i].rule.id for i in critical if results[i].status in UNSEEN)
    grade: str | None = grade_for(value) if total and not incomplete else None
    if grade is not None and capped_by and grade < CRITICAL_FAIL_CAP:  # "A" < "B" < "C"
        grade = CRITICAL_FAIL_CAP
    score = Score(
        value=value,
        potential=potential,
        grade=grade,
        coverage=round((total - unseen) / total, 3) if total else 0.0,
        capped_by=capped_by,
        incomplete=incomplete,
    )

    def order(i: int) -> tuple[float, int, int, str]:
        r = results[i]
        missing = maxima[i] - earned[i]
        return (-missing, -SEVERITY_ORDER[r.rule.severity], FIX_ORDER[r.status], r.rule.id)

    return score, scored, sorted(todo, key=order)


def score_results(results: Sequence[Result]) -> Scorecard:
    """The headline over the shipped rules; each user pack (`rule.pack`) on its own."""
    groups: dict[str | None, list[int]] = {}
    for i, r in enumerate(results):
        groups.setdefault(r.rule.pack, []).append(i)
    scored: dict[int, ScoredResult] = {}
    headline = Score(0.0, 0.0, None, 0.0, (), ())
    fix: tuple[str, ...] = ()
    packs: list[PackScore] = []
    for pack, members in groups.items():
        group = [results[i] for i in members]
        score, by_index, order = _score_group(group)
        scored.update({members[j]: s for j, s in by_index.items()})
        ids = tuple(group[j].rule.id for j in order)
        if pack is None:
            headline, fix = score, ids
        else:
            packs.append(PackScore(pack, score, ids))
    return Scorecard(headline, tuple(scored[i] for i in range(len(results))), fix, tuple(packs))
