"""The engine: rules + answers + facts (+ a password verdict) → one Result per rule.

Facts are gathered once per run by the caller (`probes.gather`) and shared by every rule;
the engine itself does no I/O, so the app can re-judge instantly when an answer changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from securecheck.core.answers import AnswerSet
from securecheck.core.checks.probe import Facts, judge
from securecheck.core.checks.question import NOT_ANSWERED, AnswerJudgement, judge_answer
from securecheck.core.checks.sentences import in_a_row, sentence
from securecheck.core.checks.vault import fresh_vault, judge_breach, judge_reuse, vault_totp_answer
from securecheck.core.model import (
    STATUS_BADNESS,
    BreachCheck,
    EvidenceKind,
    PasswordCheck,
    ProbeCheck,
    ProbeOutcome,
    QuestionCheck,
    Result,
    ReuseCheck,
    Rule,
    Severity,
    Status,
    VaultSummary,
)
from securecheck.i18n import Localized, _
from securecheck.log import get_logger
from securecheck.records import field, record, replace

if TYPE_CHECKING:  # the password module loads zxcvbn, which a rules listing does not need
    from securecheck.password.analyse import PasswordVerdict
    from securecheck.password.breaches import BreachVerdict

log = get_logger("securecheck.core.engine")

PROBES_OFF = _("probes were turned off (--no-probes)")
PASSWORD_NOT_CHECKED = _(
    "not checked yet: run `securecheck audit --password-stdin`, or press p in the app"
)


@record
class AuditInput:
    rules: Sequence[Rule]
    answers: AnswerSet = field(default_factory=AnswerSet)
    # None: probes were not run (--no-probes); the probe rules then rely on their questions.
    outcomes: Mapping[str, ProbeOutcome] | None = None
    password: PasswordVerdict | None = None
    system: str = "linux"
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    probes_pending: frozenset[str] = frozenset()  # probes still running (the app fills these in)
    breach: BreachVerdict | None = None  # the exchange password's breach check, if it ran
    vault: VaultSummary | None = None  # the last password-manager audit, if any


def probes_needed(rules: Iterable[Rule]) -> set[str]:
    """Every probe some rule reads a fact of."""
    names: set[str] = set()
    for rule in rules:
        check = rule.check
        if isinstance(check, ProbeCheck):
            names.add(check.probe)
            conds = [*check.applies_when]
            for exp in check.expect:
                conds += [exp.condition, *exp.when]
            names.update(c.fact.partition(".")[0] for c in conds)
    return names


def run(audit: AuditInput) -> list[Result]:
    results = [evaluate(rule, audit) for rule in audit.rules]
    for r in results:
        log.debug("%s: %s (%s)", r.rule.id, r.status.value, r.evidence_kind.value)
    return results


def evaluate(rule: Rule, audit: AuditInput) -> Result:
    exemption = audit.answers.exemptions.get(rule.id)
    # A critical rule is never exempted: the answers loader refuses such an exemption, and
    # one that got here some other way is ignored rather than trusted.
    in_force = exemption is not None and (exemption.until is None or exemption.until >= audit.now)
    if exemption is not None and in_force and rule.severity != Severity.CRITICAL:
        until = exemption.until.date().isoformat() if exemption.until else None
        message = (
            _("exempted: {reason} (until {until})", reason=exemption.reason, until=until)
            if until
            else _("exempted: {reason}", reason=exemption.reason)
        )
        return Result(
            rule,
            Status.SKIPPED,
            EvidenceKind.ATTESTED,
            message,
            {"exempted": True, "reason": exemption.reason, "until": until},
        )
    if "any" not in rule.platforms and audit.system not in rule.platforms:
        shown = ", ".join(rule.platforms)
        return Result(
            rule,
            Status.SKIPPED,
            EvidenceKind.DETECTED,
            _("applies to {shown} only", shown=shown),
        )
    check = rule.check
    if isinstance(check, QuestionCheck):
        judged = _answer(rule, audit)
        from_vault = vault_totp_answer(
            rule, check, fresh_vault(audit.vault, rule, audit.now), judged
        )
        return from_vault or _from_answer(rule, judged)
    if isinstance(check, PasswordCheck):
        return _password(rule, audit)
    if isinstance(check, BreachCheck):
        return judge_breach(rule, audit.breach, fresh_vault(audit.vault, rule, audit.now))
    if isinstance(check, ReuseCheck):
        vault = fresh_vault(audit.vault, rule, audit.now)
        return judge_reuse(rule, vault, _from_answer(rule, _answer(rule, audit)))
    return _stamped(_probe(rule, check, audit), audit, probes_needed([rule]))


def _answer(rule: Rule, audit: AuditInput) -> AnswerJudgement:
    question = rule.question
    if question is None:
        return AnswerJudgement(Status.UNKNOWN, NOT_ANSWERED)
    return judge_answer(
        question, audit.answers.answers.get(question.id), audit.now, rule.expires_after_days
    )


def _from_answer(rule: Rule, judged: AnswerJudgement) -> Result:
    evidence: dict[str, object] = {}
    if judged.answer is not None:
        evidence["answer"] = judged.answer.value
    return Result(
        rule,
        judged.status,
        EvidenceKind.ATTESTED,
        judged.message,
        evidence,
        judged.answer.answered_at if judged.answer else None,
    )


def _password(rule: Rule, audit: AuditInput) -> Result:
    verdict = audit.password
    if verdict is not None:  # checked in this run
        return Result(
            rule, verdict.status, EvidenceKind.COMPUTED, verdict.summary(), verdict.evidence_texts()
        )
    record = audit.answers.password
    if record is None:
        return Result(rule, Status.UNKNOWN, EvidenceKind.COMPUTED, PASSWORD_NOT_CHECKED)
    evidence: dict[str, object] = {"score": record.score, "checked_at": record.checked_at}
    age = (audit.now - record.checked_at).days
    if rule.expires_after_days is not None and age > rule.expires_after_days:
        stale = _(
            "checked {age} days ago (older than {days} days): check it again",
            age=age,
            days=rule.expires_after_days,
        )
        return Result(
            rule, Status.UNKNOWN, EvidenceKind.COMPUTED, stale, evidence, record.checked_at
        )
    message = _(
        "{verdict} (checked on {date})",
        verdict=recorded_summary(record.status, record.score),
        date=record.checked_at.date().isoformat(),
    )
    return Result(rule, record.status, EvidenceKind.COMPUTED, message, evidence, record.checked_at)


_RECORDED: Mapping[Status, Localized] = {
    Status.PASS: _("Strong enough"),
    Status.WARN: _("Nearly strong enough"),
    Status.FAIL: _("Too weak"),
}
_NOT_CHECKED = _("Not checked")


def recorded_summary(status: Status, score: int) -> Localized:
    return _(
        "{verdict}: strength {score}/4",
        verdict=_RECORDED.get(status, _NOT_CHECKED),
        score=score,
    )


def _probe(rule: Rule, check: ProbeCheck, audit: AuditInput) -> Result:
    needed = probes_needed([rule])
    if needed & audit.probes_pending:
        return Result(
            rule,
            Status.UNKNOWN,
            EvidenceKind.DETECTED,
            _("checking this machine…"),
            {"pending": True},
        )
    facts = Facts(audit.outcomes or {}, PROBES_OFF if audit.outcomes is None else None)
    judged = judge(check, facts)
    evidence: dict[str, object] = {"facts": dict(judged.facts)}
    sources = sorted({s for name in needed for s in _sources(audit, name)})
    if sources:
        evidence["sources"] = sources
    detected = Result(rule, judged.status, EvidenceKind.DETECTED, judged.message, evidence)
    if check.question is None or (judged.status == Status.SKIPPED and not judged.probe_not_here):
        return detected
    answered = _from_answer(rule, _answer(rule, audit))
    if judged.probe_not_here:
        return answered  # the machine cannot tell here, so the user's answer is the check
    if check.combine == "fallback":
        if judged.status == Status.ERROR and answered.status.decided:
            # The probe broke (our bug, still shown): the user's answer stands meanwhile.
            return Result(
                rule,
                answered.status,
                answered.evidence_kind,
                _both(answered.message, judged.message),
                {**evidence, **answered.evidence, "probe_error": True},
                answered.answered_at,
            )
        # A probe that can tell wins over any answer, so an answer never hides a detected fail.
        if judged.status not in (Status.UNKNOWN, Status.ERROR):
            return detected
        if judged.status == Status.ERROR:
            return Result(
                rule,
                Status.ERROR,
                EvidenceKind.DETECTED,
                _both(judged.message, answered.message),
                evidence,
            )
        if answered.status == Status.UNKNOWN:
            return Result(
                rule,
                Status.UNKNOWN,
                EvidenceKind.DETECTED,
                _both(judged.message, answered.message),
                evidence,
            )
        return answered
    # combine: worst: the probe sees this moment, the answer the habit. A known warn/fail of
    # either decides at once; a pass needs the answer, and the probe too when it can see.
    parts = [detected, answered]
    bad = [p for p in parts if p.status in (Status.FAIL, Status.WARN)]
    if bad:
        # The worse one wins; on a tie what the machine showed beats what was said.
        return max(bad, key=lambda p: STATUS_BADNESS[p.status])
    if detected.status in (Status.UNKNOWN, Status.ERROR) and answered.status == Status.PASS:
        # The machine cannot tell (or its check broke): the habit the user stated decides.
        return Result(
            rule,
            Status.PASS,
            EvidenceKind.ATTESTED,
            _both(answered.message, detected.message),
            {**evidence, **answered.evidence},
            answered.answered_at,
        )
    broken = [p for p in parts if p.status == Status.ERROR]
    if broken:
        return broken[0]
    if any(p.status == Status.UNKNOWN for p in parts):
        return Result(
            rule,
            Status.UNKNOWN,
            EvidenceKind.DETECTED,
            _both(
                detected.message if detected.status == Status.UNKNOWN else None,
                answered.message if answered.status == Status.UNKNOWN else None,
            ),
            {**evidence, **answered.evidence},
            answered.answered_at,
        )
    return Result(
        rule,
        Status.PASS,
        EvidenceKind.DETECTED,
        _both(detected.message, answered.message),
        {**evidence, **answered.evidence},
        answered.answered_at,
    )


def _stamped(result: Result, audit: AuditInput, probes: set[str]) -> Result:
    """A detected result says when its facts were gathered (the oldest of its probes) and
    whether any came from the fact cache."""
    if result.evidence_kind != EvidenceKind.DETECTED or not audit.outcomes:
        return result
    outcomes = [o for name in probes if (o := audit.outcomes.get(name)) is not None]
    times = [o.gathered_at for o in outcomes if o.gathered_at is not None]
    if not times:
        return result
    return replace(result, gathered_at=min(times), from_cache=any(o.from_cache for o in outcomes))


def _sources(audit: AuditInput, probe: str) -> tuple[str, ...]:
    outcome = (audit.outcomes or {}).get(probe)
    return outcome.sources if outcome else ()


def _both(first: Localized | None, second: Localized | None) -> Localized:
    """Two findings as two sentences ("The probe could not tell. Not answered yet.")."""
    return in_a_row([sentence([t]) for t in (first, second) if t is not None])
