"""Judging probe facts against a rule's expectations, in three-valued logic.

A fact nobody could see is unknown, and unknown never turns into a pass: an expectation
holds, fails, or is unknown; a definite failure decides, otherwise any unknown does.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from securecheck.core.checks.sentences import (
    describe_facts,
    expected,
    in_a_row,
    sentence,
)
from securecheck.core.model import (
    Condition,
    FactValue,
    ProbeCheck,
    ProbeOutcome,
    Status,
    worst,
)
from securecheck.i18n import Localized, _
from securecheck.records import record

Truth = bool | None  # None: unknown
# Facts a rule may compare but no message or evidence repeats unasked: a WiFi name can say
# where the user lives or works.
PRIVATE_FACTS = frozenset({"wifi.ssid"})
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@record
class Facts:
    """Every probe outcome of this run, looked up as `probe.fact`."""

    outcomes: Mapping[str, ProbeOutcome]
    off_reason: Localized | None = None  # set when probes were not run at all

    def value(self, name: str) -> tuple[FactValue, Localized | None]:
        probe, _dot, fact = name.partition(".")
        if self.off_reason is not None:
            return None, self.off_reason
        outcome = self.outcomes.get(probe)
        if outcome is None:
            return None, _("the {probe} probe did not run", probe=probe)
        if not outcome.applicable:
            return None, outcome.reason or _("{probe} does not apply here", probe=probe)
        if fact in outcome.facts:
            return outcome.facts[fact], None
        return None, outcome.why_unknown(fact)


def compare(actual: FactValue, op: str, expected: FactValue) -> Truth:
    """`actual op expected`; None when the two cannot be compared."""
    if actual is None:
        return None
    if op in ("eq", "ne"):
        same = _same(actual, expected)
        return None if same is None else (same if op == "eq" else not same)
    if op in ("in", "not_in"):
        if not isinstance(expected, list) or isinstance(actual, list):
            return None
        inside = str(actual) in expected
        return inside if op == "in" else not inside
    order = _order(actual, expected)
    if order is None:
        return None
    return {"lt": order < 0, "le": order <= 0, "gt": order > 0, "ge": order >= 0}.get(op)


def _order(actual: FactValue, expected: FactValue) -> int | None:
    """-1, 0 or 1 as `actual` is below, at or above `expected`; None if they do not order."""
    if isinstance(actual, str) and isinstance(expected, str):
        # Dates (the only text facts that order) are ISO YYYY-MM-DD: text order is date order.
        if _ISO_DATE.fullmatch(actual) and _ISO_DATE.fullmatch(expected):
            return (actual > expected) - (actual < expected)
        return None
    if isinstance(actual, bool) or isinstance(expected, bool):
        return None  # true is not 1
    if isinstance(actual, int | float) and isinstance(expected, int | float):
        return (actual > expected) - (actual < expected)
    return None


def _same(actual: FactValue, expected: FactValue) -> bool | None:
    # true must not equal 1: a bool fact compared with a number is a rule mistake.
    if isinstance(actual, bool) != isinstance(expected, bool):
        return None
    if isinstance(actual, int | float) and isinstance(expected, int | float):
        return actual == expected
    if type(actual) is not type(expected):
        return None
    return actual == expected


def _all(values: list[Truth]) -> Truth:
    if any(v is False for v in values):
        return False
    if any(v is None for v in values):
        return None
    return True


@record
class Judgement:
    status: Status  # pass, warn, fail, unknown, or skipped (does not apply)
    message: Localized
    facts: Mapping[str, FactValue]
    reasons: tuple[Localized, ...] = ()
    # The probe itself does not work on this OS: a question, if the rule has one, may answer.
    probe_not_here: bool = False


def _expected(cond: Condition) -> Localized:
    """A failed expectation of a rule that brought no message of its own: what it expects
    (what was seen is said beside it, with the other facts)."""
    return sentence([expected(cond.fact, cond.op, cond.value)])


def _probes_read(check: ProbeCheck) -> list[str]:
    conditions = [*check.applies_when]
    for exp in check.expect:
        conditions += [exp.condition, *exp.when]
    return [check.probe, *sorted({c.fact.partition(".")[0] for c in conditions} - {check.probe})]


def judge(check: ProbeCheck, facts: Facts) -> Judgement:
    # A probe that broke is our bug: the rule says so (error) and earns nothing.
    for name in _probes_read(check):
        outcome = facts.outcomes.get(name)
        if facts.off_reason is None and outcome is not None and outcome.error is not None:
            return Judgement(Status.ERROR, outcome.error, {}, (outcome.error,))
    main = facts.outcomes.get(check.probe)
    if facts.off_reason is None and main is not None and not main.applicable:
        why = main.reason or _("does not apply to this machine")
        return Judgement(Status.SKIPPED, why, {}, (why,), probe_not_here=True)
    # Everything the rule's own probe saw is told (the system's name beside "supported"),
    # bar facts that would say where the user is (PRIVATE_FACTS).
    seen: dict[str, FactValue] = {}
    if facts.off_reason is None and main is not None:
        for name, value in main.facts.items():
            full = f"{check.probe}.{name}"
            if value is not None and full not in PRIVATE_FACTS:
                seen[full] = value
    reasons: list[Localized] = []

    def truth(cond: Condition) -> Truth:
        value, why = facts.value(cond.fact)
        if value is not None:
            seen[cond.fact] = value
        elif why is not None and why not in reasons:
            reasons.append(why)
        return compare(value, cond.op, cond.value)

    applies = _all([truth(c) for c in check.applies_when])
    if applies is False:
        return Judgement(
            Status.SKIPPED,
            _("does not apply to this machine"),
            seen,
            tuple(reasons),
        )
    # status, the rule's words (None: it has none), the yes/no fact those words state
    failed: list[tuple[Status, Localized | None, str | None, Condition]] = []
    unknown = applies is None
    for exp in check.expect:
        when = _all([truth(c) for c in exp.when])
        holds: Truth = True if when is False else truth(exp.condition)
        if holds is False and when is None:
            holds = None  # it fails only if its precondition is known to hold
        if holds is False:
            actual, _why = facts.value(exp.condition.fact)
            # A yes/no fact is stated by its message; a number still needs saying.
            states = exp.condition.fact if isinstance(actual, bool) and exp.message else None
            failed.append((exp.otherwise, exp.message, states, exp.condition))
        elif holds is None:
            unknown = True
    if failed:
        # The worst problem's own words; what else was seen follows, with its numbers.
        status = worst([f[0] for f in failed])
        top = [f for f in failed if f[0] == status]
        texts = [msg for _s, msg, _fact, _c in top if msg is not None]
        wants = [_expected(c) for _s, msg, _fact, c in top if msg is None]
        said = {fact for _s, _msg, fact, _c in top}
        details = {k: v for k, v in seen.items() if k not in said}
        return Judgement(status, _in_words(texts, details, wants), seen, tuple(reasons))
    if unknown:
        why = sentence(reasons) if reasons else sentence([_("the probe could not tell")])
        return Judgement(Status.UNKNOWN, _in_words([why], seen), seen, tuple(reasons))
    return Judgement(Status.PASS, _in_words([], seen), seen)


def _in_words(
    texts: list[Localized], seen: Mapping[str, FactValue], wants: list[Localized] | None = None
) -> Localized:
    """The rule's own sentences, then what was seen with its numbers, then what a rule
    without words of its own expected."""
    clauses = describe_facts(seen)
    parts = [*texts, *([sentence(clauses)] if clauses else []), *(wants or [])]
    return in_a_row(parts) if parts else sentence([_("nothing was seen")])
