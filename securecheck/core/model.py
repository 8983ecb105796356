"""The nouns of securecheck: rules, checks, facts and results.

Plain typed dataclasses; nothing here does I/O or knows about a face.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from securecheck.i18n import Localized, _


class Status(enum.StrEnum):
    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"
    UNKNOWN = "unknown"
    SKIPPED = "skipped"
    ERROR = "error"

    @property
    def decided(self) -> bool:
        """Whether the result counts towards the score (pass, warn, fail)."""
        return self in (Status.PASS, Status.WARN, Status.FAIL)


# How bad a status is when two parts of a check disagree: the worse one wins.
STATUS_BADNESS: Mapping[Status, int] = {
    Status.PASS: 0,
    Status.WARN: 1,
    Status.FAIL: 2,
}


def worst(statuses: list[Status]) -> Status:
    return max(statuses, key=lambda s: STATUS_BADNESS.get(s, -1))


class Severity(enum.StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"


SEVERITY_ORDER: Mapping[Severity, int] = {
    Severity.CRITICAL: 4,
    Severity.HIGH: 3,
    Severity.MEDIUM: 2,
    Severity.LOW: 1,
    Severity.INFO: 0,
}


class EvidenceKind(enum.StrEnum):
    DETECTED = "detected"  # a probe read it off the machine
    ATTESTED = "attested"  # the user answered a question
    COMPUTED = "computed"  # securecheck computed it (password analysis)


# --- checks -------------------------------------------------------------------------------

FactValue = bool | int | float | str | list[str] | None
Operator = Literal["eq", "ne", "lt", "le", "gt", "ge", "in", "not_in"]


@dataclass(frozen=True)
class Choice:
    value: str
    label: Localized
    status: Status


@dataclass(frozen=True)
class Question:
    id: str
    text: Localized
    choices: tuple[Choice, ...]
    help: Localized | None = None

    def choice(self, value: str) -> Choice | None:
        for c in self.choices:
            if c.value == value:
                return c
        return None


@dataclass(frozen=True)
class Condition:
    """`fact op value`, e.g. `os_updates.pending_security eq 0`."""

    fact: str
    op: Operator
    value: FactValue


@dataclass(frozen=True)
class Expectation:
    """What must hold for a pass; `otherwise` is the status when it does not."""

    condition: Condition
    otherwise: Status = Status.FAIL
    when: tuple[Condition, ...] = ()
    message: Localized | None = None


@dataclass(frozen=True)
class QuestionCheck:
    question: Question
    kind: Literal["question"] = "question"


@dataclass(frozen=True)
class PasswordCheck:
    min_score: int = 3
    min_length: int = 12
    kind: Literal["password"] = "password"


@dataclass(frozen=True)
class ProbeCheck:
    probe: str
    expect: tuple[Expectation, ...]
    applies_when: tuple[Condition, ...] = ()
    question: Question | None = None
    # fallback: the question is asked only when the probe cannot tell.
    # worst: probe and answer both count; the worse known one wins.
    combine: Literal["fallback", "worst"] = "fallback"
    kind: Literal["probe"] = "probe"


Check = QuestionCheck | PasswordCheck | ProbeCheck


@dataclass(frozen=True)
class Reference:
    title: str
    url: str


@dataclass(frozen=True)
class Rule:
    id: str
    title: Localized
    category: str
    severity: Severity
    why: Localized
    advice: Localized
    action: Localized  # what to do, as a short imperative (the fix-first list)
    remediation: Localized
    check: Check
    source: str = ""  # which advice of the article it follows (e.g. "FAQ 3.2")
    weight: float | None = None
    platforms: tuple[str, ...] = ("any",)
    references: tuple[Reference, ...] = ()
    expires_after_days: int | None = None
    origin: str = ""  # the file the rule came from

    @property
    def question(self) -> Question | None:
        if isinstance(self.check, QuestionCheck):
            return self.check.question
        if isinstance(self.check, ProbeCheck):
            return self.check.question
        return None


# --- facts --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProbeOutcome:
    """What one probe learned. A fact missing from `facts` is unknown; `reason` says why."""

    probe: str
    facts: Mapping[str, FactValue]
    # Why facts are missing, or why the probe does not apply here.
    reason: Localized | None = None
    applicable: bool = True
    sources: tuple[str, ...] = ()  # commands or files read, for `securecheck facts`
    duration_s: float = 0.0
    fact_reasons: Mapping[str, Localized] = field(default_factory=dict)
    # Set when the probe itself broke (a bug of ours): its rules show `error`, never a pass.
    error: Localized | None = None
    # When the facts were read off the machine (UTC), and whether they were remembered from
    # an earlier audit (a slow step whose inputs had not changed) rather than read just now.
    gathered_at: datetime | None = None
    from_cache: bool = False

    def why_unknown(self, fact: str) -> Localized:
        return (
            self.fact_reasons.get(fact)
            or self.reason
            or _("{probe} could not tell {fact}", probe=self.probe, fact=fact)
        )


# --- answers ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    value: str
    answered_at: datetime | None = None


@dataclass(frozen=True)
class Exemption:
    reason: str
    until: datetime | None = None


@dataclass(frozen=True)
class Profile:
    email: str = ""
    username: str = ""

    def user_inputs(self) -> list[str]:
        words: list[str] = []
        if self.email:
            words.append(self.email)
            words.append(self.email.split("@", 1)[0])
        if self.username:
            words.append(self.username)
        return [w for w in words if w]


# --- results ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    rule: Rule
    status: Status
    evidence_kind: EvidenceKind
    message: Localized
    evidence: Mapping[str, object] = field(default_factory=dict)
    answered_at: datetime | None = None
    # For a result read off the machine: when its facts were gathered (UTC), and whether
    # they came from the fact cache. None for answers and computed results.
    gathered_at: datetime | None = None
    from_cache: bool | None = None


@dataclass(frozen=True)
class ScoredResult:
    result: Result
    points: float
    max_points: float
    gain: float

    @property
    def rule(self) -> Rule:
        return self.result.rule

    @property
    def status(self) -> Status:
        return self.result.status


@dataclass(frozen=True)
class Score:
    value: float
    grade: str
    coverage: float
    capped_by: tuple[str, ...]


@dataclass(frozen=True)
class Scorecard:
    score: Score
    results: tuple[ScoredResult, ...]
    fix_first: tuple[str, ...]

    def summary(self) -> dict[str, int]:
        counts = {s.value: 0 for s in Status}
        for r in self.results:
            counts[r.status.value] += 1
        return counts
