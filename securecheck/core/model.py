"""The nouns of securecheck: rules, checks, facts and results.

Plain typed frozen records (records.py: dataclasses that cost less to import); nothing
here does I/O or knows about a face.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import datetime
from typing import Literal

from securecheck.i18n import Localized, _
from securecheck.records import field, record


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


@record
class Choice:
    value: str
    label: Localized
    status: Status


@record
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


@record
class Condition:
    """`fact op value`, e.g. `os_updates.pending_security eq 0`."""

    fact: str
    op: Operator
    value: FactValue


@record
class Expectation:
    """What must hold for a pass; `otherwise` is the status when it does not."""

    condition: Condition
    otherwise: Status = Status.FAIL
    when: tuple[Condition, ...] = ()
    message: Localized | None = None


@record
class QuestionCheck:
    question: Question
    # The choice a password-manager audit stands for when it found an authenticator (TOTP)
    # secret stored with the exchange's entry and the question is not answered yet.
    vault_totp: str | None = None
    kind: Literal["question"] = "question"


@record
class PasswordCheck:
    min_score: int = 3
    min_length: int = 12
    kind: Literal["password"] = "password"


@record
class ProbeCheck:
    probe: str
    expect: tuple[Expectation, ...]
    applies_when: tuple[Condition, ...] = ()
    question: Question | None = None
    # fallback: the question is asked only when the probe cannot tell.
    # worst: probe and answer both count; the worse known one wins.
    combine: Literal["fallback", "worst"] = "fallback"
    kind: Literal["probe"] = "probe"


@record
class BreachCheck:
    """The exchange password is in no breach corpus (offline file, or the opt-in range API)."""

    kind: Literal["breach"] = "breach"


@record
class ReuseCheck:
    """The exchange password is used for no other entry of a password-manager audit; the
    question is asked when no audit was done."""

    question: Question
    kind: Literal["reuse"] = "reuse"


Check = QuestionCheck | PasswordCheck | ProbeCheck | BreachCheck | ReuseCheck


@record
class Reference:
    title: str
    url: str


@record
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
    # The user pack it came from (its name), or None for a shipped rule. A user pack is
    # scored on its own: it can neither add to nor take from the headline score.
    pack: str | None = None

    @property
    def question(self) -> Question | None:
        if isinstance(self.check, QuestionCheck | ReuseCheck):
            return self.check.question
        if isinstance(self.check, ProbeCheck):
            return self.check.question
        return None


# --- facts --------------------------------------------------------------------------------


@record
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


@record
class Answer:
    value: str
    answered_at: datetime | None = None


@record
class Exemption:
    reason: str
    until: datetime | None = None  # the end of the last day it holds; the loader requires it


@record
class PasswordRecord:
    """The password check's outcome as kept in the answers file: never the password, a hash
    of it, or its length; only the verdict, zxcvbn's 0-4 score and when it was checked."""

    status: Status  # pass, warn or fail
    score: int
    checked_at: datetime


@record
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


@record
class VaultSummary:
    """What a password-manager audit found about the exchange's entries: results, never a
    password, a hash, a title or a user name. Remembered in the answers file."""

    checked_at: datetime
    entries_checked: int
    exchange_entries: int  # entries whose domain is an exchange securecheck knows
    # How many other entries share an exchange entry's password (0: unique).
    reused_by: int = 0
    # Whether an exchange entry's password is in the breach corpus; None: nothing searched.
    breached: bool | None = None
    # Whether an exchange entry stores an authenticator (TOTP) secret.
    totp: bool = False


# --- results ------------------------------------------------------------------------------


@record
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


@record
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


@record
class Score:
    value: float  # 100 × earned ÷ maximum of the applicable rules; unknown earns nothing
    potential: float  # the value if every unknown (or broken) check passed
    grade: str | None  # None while a critical rule is unknown (`incomplete`)
    coverage: float  # share of the applicable points whose result is known
    capped_by: tuple[str, ...]  # failed critical rules: the grade is C at best
    incomplete: tuple[str, ...] = ()  # critical rules not known yet: no letter until they are


@record
class PackScore:
    """A user pack's own score: reported on its own line, never mixed into the headline."""

    name: str
    score: Score
    fix_first: tuple[str, ...]


@record
class Scorecard:
    score: Score  # the shipped rules only
    results: tuple[ScoredResult, ...]  # every rule, user packs' too
    fix_first: tuple[str, ...]  # the shipped rules only; each pack has its own
    packs: tuple[PackScore, ...] = ()

    def summary(self) -> dict[str, int]:
        counts = {s.value: 0 for s in Status}
        for r in self.results:
            counts[r.status.value] += 1
        return counts
