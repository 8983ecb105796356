"""The answers file: validated, private, replaced atomically, never clobbered when broken."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest
from builders import question
from conftest import write

from securecheck.core import fileio
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

    monkeypatch.setattr(fileio.os, "replace", broken_replace)
    with pytest.raises(OutputError):
        save_answers(path, AnswerSet().with_answer("two_factor.enabled", "none", NOW))
    assert path.read_bytes() == before
    # No temporary file left behind (the empty lock file stays, by design).
    assert sorted(os.listdir(tmp_path)) == [".answers.yaml.lock", "answers.yaml"]
