"""The answers file: validated, private, replaced atomically, never clobbered when broken."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest
from builders import question
from conftest import write

from securecheck.core.answers import AnswerSet, load_answers, save_answers
from securecheck.core.errors import InputError, OutputError
from securecheck.core.model import Profile

NOW = dt.datetime(2026, 11, 24, 8, 30, tzinfo=dt.UTC)
QUESTIONS = [question("two_factor.enabled", none="fail", totp="pass")]


def test_missing_file_is_no_answers(tmp_path: Path) -> None:
    assert load_answers(tmp_path / "nope.yaml", QUESTIONS).answers == {}


def test_round_trip_keeps_answer_time_profile_and_exemptions(tmp_path: Path) -> None:
    path = write(
        tmp_path / "a.yaml",
        """\
answers:
  two_factor.enabled: totp
profile: {email: alice@example.com, username: alice}
exemptions:
  device.firewall: {reason: corporate laptop, until: 2027-01-31}
""",
    )
    loaded = load_answers(path, QUESTIONS)
    assert loaded.answers["two_factor.enabled"].value == "totp"
    assert loaded.profile == Profile("alice@example.com", "alice")
    assert loaded.exemptions["device.firewall"].until.date() == dt.date(2027, 1, 31)  # type: ignore[union-attr]
    updated = loaded.with_answer("two_factor.enabled", "none", NOW)
    save_answers(path, updated)
    again = load_answers(path, QUESTIONS)
    assert again.answers["two_factor.enabled"].value == "none"
    assert again.answers["two_factor.enabled"].answered_at == NOW
    assert again.profile == loaded.profile
    assert again.exemptions == loaded.exemptions


def test_saved_file_is_private(tmp_path: Path) -> None:
    path = tmp_path / "cfg" / "answers.yaml"
    save_answers(path, AnswerSet().with_answer("two_factor.enabled", "totp", NOW))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ("answers:\n  two_factor.enabled: maybe\n", ":2:", "'maybe' is not one of none, totp"),
        ("answers:\n  nope.question: x\n", ":2:", "no question 'nope.question'"),
        ("answers: [1, 2]\n", ":1:10", "expected object"),
        ("answers:\n  two_factor.enabled: [totp]\n", ":2:23", "expected string or object"),
        ("answers: {a: 1\n", ":2:", "not valid YAML"),
        ("profile: {password: hunter2}\n", ":1:11", "unknown key 'password'"),
        ("a: &x [1]\nb: *x\n", ":2:4", "aliases"),
        ("answers: " + "[" * 5000 + "]" * 5000 + "\n", ":1:", "nested deeper"),
    ],
)
def test_broken_answers_name_file_and_line(
    tmp_path: Path, text: str, where: str, words: str
) -> None:
    path = write(tmp_path / "answers.yaml", text)
    with pytest.raises(InputError) as info:
        load_answers(path, QUESTIONS)
    message = str(info.value)
    assert message.startswith(f"{path}{where}"), message
    assert words in message


def test_corrupt_file_is_never_overwritten(tmp_path: Path) -> None:
    path = write(tmp_path / "answers.yaml", "answers: {two_factor.enabled: [\n")
    before = path.read_bytes()
    with pytest.raises(InputError):
        save_answers(path, AnswerSet().with_answer("two_factor.enabled", "totp", NOW))
    assert path.read_bytes() == before


def test_failure_between_write_and_rename_leaves_the_old_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "answers.yaml"
    save_answers(path, AnswerSet().with_answer("two_factor.enabled", "totp", NOW))
    before = path.read_bytes()

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OutputError):
        save_answers(path, AnswerSet().with_answer("two_factor.enabled", "none", NOW))
    assert path.read_bytes() == before
    # No temporary file left behind (the empty lock file stays, by design).
    assert sorted(os.listdir(tmp_path)) == [".answers.yaml.lock", "answers.yaml"]


# --- what the file may not say (answers_policy) ----------------------------------------------


def test_the_password_verdict_round_trips_without_the_password(tmp_path: Path) -> None:
    from securecheck.core.model import PasswordRecord, Status

    path = tmp_path / "a.yaml"
    record = PasswordRecord(Status.WARN, 3, NOW)
    save_answers(path, AnswerSet().with_password(record), QUESTIONS)
    text = path.read_text()
    assert "password:" in text and "status: warn" in text and "score: 3" in text
    assert load_answers(path, QUESTIONS, now=NOW).password == record


def test_a_date_within_a_day_of_clock_skew_is_accepted_and_beyond_it_refused(
    tmp_path: Path,
) -> None:
    ahead = (NOW + dt.timedelta(hours=23)).isoformat()
    path = write(
        tmp_path / "a.yaml",
        f"answers:\n  two_factor.enabled: {{value: totp, answered_at: '{ahead}'}}\n",
    )
    assert load_answers(path, QUESTIONS, now=NOW).answers["two_factor.enabled"].value == "totp"
    with pytest.raises(InputError, match="future"):
        load_answers(path, QUESTIONS, now=NOW - dt.timedelta(hours=2))


def test_an_exemption_of_a_rule_that_is_not_loaded_is_named(tmp_path: Path) -> None:
    from builders import question_rule

    path = write(
        tmp_path / "a.yaml", "exemptions:\n  no.such_rule: {reason: typo, until: 2026-12-01}\n"
    )
    with pytest.raises(InputError, match=r"no rule 'no\.such_rule'") as caught:
        load_answers(path, QUESTIONS, rules=[question_rule("two_factor.enabled")], now=NOW)
    assert caught.value.problems[0].line == 2


def test_an_exemption_may_end_366_days_ahead_but_not_367(tmp_path: Path) -> None:
    for days, ok in ((366, True), (367, False)):
        until = (NOW + dt.timedelta(days=days)).date().isoformat()
        path = write(
            tmp_path / f"a{days}.yaml",
            f"exemptions:\n  device.firewall: {{reason: managed, until: {until}}}\n",
        )
        if ok:
            assert load_answers(path, QUESTIONS, now=NOW).exemptions["device.firewall"]
        else:
            with pytest.raises(InputError, match="366 days"):
                load_answers(path, QUESTIONS, now=NOW)
