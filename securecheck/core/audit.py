"""One audit, start to end, shared by both faces: load rules and answers, gather facts,
judge, score. The faces only decide when to call what, and how to show it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from securecheck.core import engine
from securecheck.core.answers import AnswerSet, load_answers, refuse_oversized, update_answers
from securecheck.core.model import (
    PasswordCheck,
    PasswordRecord,
    ProbeOutcome,
    Profile,
    Rule,
    Scorecard,
    Status,
    VaultSummary,
)
from securecheck.core.rulepacks import load_rules
from securecheck.core.scoring import score_results
from securecheck.core.secret import Secret
from securecheck.records import record

if TYPE_CHECKING:
    from securecheck.password.analyse import PasswordVerdict
    from securecheck.password.breaches import BreachVerdict
    from securecheck.probes import gather as probes


@record
class Setup:
    rules: tuple[Rule, ...]
    answers: AnswerSet
    answers_path: Path


def load_setup(answers_path: Path, extra_rules: Sequence[Path] = ()) -> Setup:
    """Rules first (the answers are checked against their questions); raises InputError.
    An answers file too large to read is refused before any rule is parsed."""
    refuse_oversized(answers_path)
    rules = tuple(load_rules(extra_rules))
    questions = [r.question for r in rules if r.question is not None]
    return Setup(rules, load_answers(answers_path, questions, rules=rules), answers_path)


def check_password(rules: Sequence[Rule], secret: Secret, profile: Profile) -> PasswordVerdict:
    """Analyse a password with the thresholds of the password rule in the loaded packs."""
    from securecheck.password.analyse import analyse  # zxcvbn loads only when a password is typed

    check = next((r.check for r in rules if isinstance(r.check, PasswordCheck)), PasswordCheck())
    return analyse(
        secret, profile.user_inputs(), min_score=check.min_score, min_length=check.min_length
    )


def password_record(verdict: PasswordVerdict, when: dt.datetime) -> PasswordRecord | None:
    """What of a verdict is kept: its status, zxcvbn's score and the date. A verdict of an
    analysis that broke (error) is not kept: it says nothing about the password."""
    if verdict.status not in (Status.PASS, Status.WARN, Status.FAIL):
        return None
    return PasswordRecord(verdict.status, verdict.score, when.replace(microsecond=0))


def save_password_verdict(setup: Setup, record: PasswordRecord) -> AnswerSet:
    """Keep the verdict in the answers file (re-read first, so other changes stay)."""
    questions = [r.question for r in setup.rules if r.question is not None]
    return update_answers(setup.answers_path, questions, lambda a: a.with_password(record))


def check_breach(
    secret: Secret, corpus: Path | None, online: bool, api: str | None = None
) -> BreachVerdict:
    """Search the breach corpus (InputError for a broken one), then the range API if on."""
    from securecheck.password.breaches import check_secret

    return check_secret(secret, corpus=corpus, online=online, api=api)


def gather_facts(
    rules: Sequence[Rule], *, fresh: bool = False, progress: probes.Progress | None = None
) -> dict[str, ProbeOutcome]:
    """The facts the rules need; `fresh`: recompute remembered ones (`--fresh`, `r`);
    `progress` is told as each probe finishes (the CLI's progress line)."""
    from securecheck.probes import gather as probes  # not loaded by --no-probes

    return probes.gather(engine.probes_needed(rules), fresh=fresh, progress=progress)


def score(
    rules: Sequence[Rule],
    answers: AnswerSet,
    outcomes: Mapping[str, ProbeOutcome] | None,
    password: PasswordVerdict | None = None,
    *,
    pending: frozenset[str] = frozenset(),
    now: dt.datetime | None = None,
    breach: BreachVerdict | None = None,
    vault: VaultSummary | None = None,
) -> Scorecard:
    from securecheck.probes.platform import system_name

    audit = engine.AuditInput(
        rules=rules,
        answers=answers,
        outcomes=outcomes,
        password=password,
        system=system_name(),
        now=now or dt.datetime.now(dt.UTC),
        probes_pending=pending,
        breach=breach,
        vault=vault if vault is not None else answers.vault,
    )
    return score_results(engine.run(audit))
