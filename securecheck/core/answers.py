"""The answers file: the user's answers, profile words and exemptions. Never a password.

Default place: `answers.yaml` in the user's config directory (`core.dirs`).
A file that does not exist is an empty set of answers; a file that exists but is broken is
an error naming file and line, and is never overwritten.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from securecheck.core import answers_policy as policy
from securecheck.core import dirs
from securecheck.core.document import Document, read_bounded
from securecheck.core.errors import InputError, Problem
from securecheck.core.fileio import atomic_write, locked
from securecheck.core.model import (
    Answer,
    Exemption,
    PasswordRecord,
    Profile,
    Question,
    Rule,
    VaultSummary,
)
from securecheck.core.validation import schema_problems
from securecheck.records import field, record, replace

MAX_ANSWERS_BYTES = 256 * 1024


def default_answers_path() -> Path:
    return dirs.config_dir() / "answers.yaml"


@record
class AnswerSet:
    answers: Mapping[str, Answer] = field(default_factory=dict)
    profile: Profile = field(default_factory=Profile)
    exemptions: Mapping[str, Exemption] = field(default_factory=dict)
    password: PasswordRecord | None = None  # the last password verdict; never the password
    vault: VaultSummary | None = None  # the last password-manager audit's results

    def with_vault(self, vault: VaultSummary) -> AnswerSet:
        return replace(self, vault=vault)

    def with_answer(self, question_id: str, value: str, when: dt.datetime) -> AnswerSet:
        updated = dict(self.answers)
        updated[question_id] = Answer(value, when)
        return replace(self, answers=updated)

    def without_answer(self, question_id: str) -> AnswerSet:
        return replace(self, answers={k: v for k, v in self.answers.items() if k != question_id})

    def with_profile(self, profile: Profile) -> AnswerSet:
        return replace(self, profile=profile)

    def with_password(self, record: PasswordRecord) -> AnswerSet:
        return replace(self, password=record)


def _plain(value: Any) -> Any:
    """YAML dates become ISO text, so the schema and the code see one form."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


_parse_time = policy.parse_time


def refuse_oversized(path: Path) -> None:
    """InputError if the answers file is too large to read: checked first, before any rule
    pack is parsed, so a 100 MB file costs nothing but this `stat`."""
    try:
        size = path.stat().st_size
    except OSError:
        return  # missing or unreadable: load_answers says which
    if size > MAX_ANSWERS_BYTES:
        limit = MAX_ANSWERS_BYTES // 1024
        raise InputError([Problem(str(path), f"larger than {limit} KiB; refusing to parse")])


def load_answers(
    path: Path,
    questions: Iterable[Question] | None = None,
    *,
    missing_ok: bool = True,
    rules: Sequence[Rule] | None = None,
    now: dt.datetime | None = None,
) -> AnswerSet:
    """Read and validate an answers file; unknown questions and choices are errors, and so
    are exemptions of critical (or, given `rules`, unknown) rules and dates in the future."""
    policy.check_ownership(path, default_answers_path().parent)
    if not path.exists() and missing_ok:
        return AnswerSet()
    from securecheck.core.safe_yaml import load_bytes  # PyYAML: only when there is a file

    raw = read_bounded(path, MAX_ANSWERS_BYTES)
    doc = load_bytes(raw, str(path))
    if doc.data is None:
        return AnswerSet()
    doc.data = _plain(doc.data)
    problems = schema_problems(doc, "answers.schema.json")
    if problems:
        raise InputError(problems)
    # A hand-written answer without a date counts as given when the file was last saved.
    saved = dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC)
    answers: dict[str, Answer] = {}
    for qid, entry in doc.data.get("answers", {}).items():
        if isinstance(entry, str):
            answers[qid] = Answer(entry, saved)
            continue
        when = saved
        if "answered_at" in entry:
            try:
                when = _parse_time(entry["answered_at"])
            except ValueError:
                raise InputError(
                    [doc.problem(("answers", qid, "answered_at"), "not a valid date and time")]
                ) from None
        answers[qid] = Answer(entry["value"], when)
    exemptions: dict[str, Exemption] = {}
    for rid, entry in doc.data.get("exemptions", {}).items():
        until = None
        if "until" in entry:
            try:
                until = _parse_time(entry["until"] + "T23:59:59")
            except ValueError:
                raise InputError(
                    [doc.problem(("exemptions", rid, "until"), "not a valid date (YYYY-MM-DD)")]
                ) from None
        exemptions[rid] = Exemption(entry["reason"], until)
    prof = doc.data.get("profile", {})
    result = AnswerSet(
        answers,
        Profile(prof.get("email", ""), prof.get("username", "")),
        exemptions,
        password=policy.password_record(doc, doc.data.get("password")),
        vault=_vault(doc),
    )
    problems = []
    if questions is not None:
        problems += check_against_questions(doc, result, questions)
    moment = now or dt.datetime.now(dt.UTC)
    problems += policy.exemption_problems(doc, exemptions, rules, moment)
    problems += policy.future_problems(doc, answers, result.password, moment)
    if problems:
        raise InputError(problems)
    return result


def _vault(doc: Document) -> VaultSummary | None:
    raw = doc.data.get("vault")
    if raw is None:
        return None
    try:
        when = _parse_time(raw["checked_at"])
    except ValueError:
        raise InputError(
            [doc.problem(("vault", "checked_at"), "not a valid date and time")]
        ) from None
    return VaultSummary(
        checked_at=when,
        entries_checked=raw["entries_checked"],
        exchange_entries=raw["exchange_entries"],
        reused_by=raw.get("reused_by", 0),
        breached=raw.get("breached"),
        totp=raw.get("totp", False),
    )


def _vault_data(vault: VaultSummary) -> dict[str, Any]:
    data: dict[str, Any] = {
        "checked_at": vault.checked_at.isoformat(timespec="seconds"),
        "entries_checked": vault.entries_checked,
        "exchange_entries": vault.exchange_entries,
        "reused_by": vault.reused_by,
    }
    if vault.breached is not None:
        data["breached"] = vault.breached
    data["totp"] = vault.totp
    return data


def check_against_questions(
    doc: Document, answers: AnswerSet, questions: Iterable[Question]
) -> list[Problem]:
    by_id = {q.id: q for q in questions}
    problems = []
    for qid, answer in answers.answers.items():
        question = by_id.get(qid)
        if question is None:
            problems.append(
                doc.problem(("answers", qid), f"no question '{qid}' in the loaded rules", key=True)
            )
        elif question.choice(answer.value) is None:
            options = ", ".join(c.value for c in question.choices)
            problems.append(
                doc.problem(("answers", qid), f"'{answer.value}' is not one of {options}")
            )
    return problems


def dump_answers(answers: AnswerSet) -> bytes:
    data: dict[str, Any] = {"version": 1}
    data["answers"] = {
        qid: {
            "value": a.value,
            **(
                {"answered_at": a.answered_at.isoformat(timespec="seconds")}
                if a.answered_at
                else {}
            ),
        }
        for qid, a in sorted(answers.answers.items())
    }
    profile = {
        k: v
        for k, v in (("email", answers.profile.email), ("username", answers.profile.username))
        if v
    }
    if profile:
        data["profile"] = profile
    if answers.password is not None:
        data["password"] = policy.password_entry(answers.password)
    if answers.vault is not None:
        data["vault"] = _vault_data(answers.vault)
    if answers.exemptions:
        data["exemptions"] = {
            rid: {"reason": e.reason, **({"until": e.until.date().isoformat()} if e.until else {})}
            for rid, e in sorted(answers.exemptions.items())
        }
    import yaml

    header = "# securecheck answers. Never put a password here: securecheck never does.\n"
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False)
    return (header + body).encode("utf-8")


def save_answers(
    path: Path, answers: AnswerSet, questions: Iterable[Question] | None = None
) -> None:
    """Replace the file atomically (0600). Refuses to overwrite a file that does not load
    (against `questions`, when given): the user's hand edits are worth more than our copy."""
    with locked(path) as target:
        if path.exists():
            load_answers(path, questions)  # raises InputError on a broken file: left untouched
        atomic_write(target, dump_answers(answers))


def update_answers(
    path: Path, questions: Iterable[Question], change: Callable[[AnswerSet], AnswerSet]
) -> AnswerSet:
    """Apply one change to the file as it is now, and return what was saved.

    Re-reading first keeps whatever another program (`securecheck answer`, a second app, an
    editor) saved meanwhile; a file that no longer loads is left untouched (InputError).
    """
    with locked(path) as target:  # no other writer between our read and our rename
        current = load_answers(path, list(questions))
        updated = change(current)
        atomic_write(target, dump_answers(updated))
    return updated
