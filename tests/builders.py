"""Small builders for rules and outcomes, so engine and scoring tests read like the cases."""

from __future__ import annotations

from securecheck.core.model import (
    Choice,
    Condition,
    Expectation,
    ProbeCheck,
    ProbeOutcome,
    Question,
    QuestionCheck,
    Rule,
    Severity,
    Status,
)
from securecheck.i18n import Texts, Verbatim

T = Texts.of({"en": "x", "zh": "x"})


def question(qid: str, **choices: str) -> Question:
    pairs = choices or {"yes": "pass", "meh": "warn", "no": "fail"}
    return Question(qid, T, tuple(Choice(v, T, Status(s)) for v, s in pairs.items()))


def question_rule(rid: str, severity: str = "high", **kw: object) -> Rule:
    check = QuestionCheck(question(rid))
    return Rule(rid, T, "account", Severity(severity), T, T, T, T, check, **kw)  # type: ignore[arg-type]


def cond(fact: str, op: str, value: object) -> Condition:
    return Condition(fact, op, value)  # type: ignore[arg-type]


def probe_rule(
    rid: str,
    probe: str,
    *expect: Expectation,
    severity: str = "high",
    with_question: bool = False,
    combine: str = "fallback",
    applies_when: tuple[Condition, ...] = (),
    **kw: object,
) -> Rule:
    check = ProbeCheck(
        probe,
        tuple(expect),
        applies_when,
        question(rid) if with_question else None,
        combine,  # type: ignore[arg-type]
    )
    return Rule(rid, T, "device", Severity(severity), T, T, T, T, check, **kw)  # type: ignore[arg-type]


def expect(
    fact: str, op: str, value: object, otherwise: str = "fail", when: tuple[Condition, ...] = ()
) -> Expectation:
    return Expectation(cond(fact, op, value), Status(otherwise), when)


def outcome(probe: str, **facts: object) -> ProbeOutcome:
    return ProbeOutcome(probe, facts, reason=Verbatim(f"{probe} saw nothing"))  # type: ignore[arg-type]
