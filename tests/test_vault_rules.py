"""What the vault audit and the breach check feed the rules, and how they are remembered."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import write

from securecheck.core import engine
from securecheck.core.answers import AnswerSet, dump_answers, load_answers
from securecheck.core.model import (
    Result,
    Status,
    VaultSummary,
)
from securecheck.core.rulepacks import load_rules
from securecheck.core.settings import Settings, dump_settings, load_settings
from securecheck.password.breaches import absent, found

NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
RULES = load_rules()


def results(**kw: object) -> dict[str, Result]:
    audit = engine.AuditInput(rules=RULES, now=NOW, **kw)  # type: ignore[arg-type]
    return {r.rule.id: r for r in engine.run(audit)}


def summary(**kw: object) -> VaultSummary:
    base: dict[str, object] = {"checked_at": NOW, "entries_checked": 40, "exchange_entries": 1}
    base.update(kw)
    return VaultSummary(**base)  # type: ignore[arg-type]


def test_unique_passes_fails_or_asks() -> None:
    assert results()["password.unique"].status == Status.UNKNOWN
    assert results(vault=summary())["password.unique"].status == Status.PASS
    assert results(vault=summary(reused_by=2))["password.unique"].status == Status.FAIL
    none = results(vault=summary(exchange_entries=0))["password.unique"]
    assert none.status == Status.UNKNOWN and "no entry for an exchange" in none.message.get("en")


def test_a_vault_audit_older_than_90_days_no_longer_counts() -> None:
    old = summary(checked_at=NOW - dt.timedelta(days=91), reused_by=1)
    assert results(vault=old)["password.unique"].status == Status.UNKNOWN


def test_breached_from_the_check_or_the_vault_exchange_entry() -> None:
    assert results(breach=found(3861, "file"))["password.breached"].status == Status.FAIL
    assert results(breach=absent("file"))["password.breached"].status == Status.PASS
    assert results(vault=summary(breached=True))["password.breached"].status == Status.FAIL
    both = results(breach=absent("online"), vault=summary(breached=True))["password.breached"]
    assert both.status == Status.FAIL  # a known breach wins
    assert results(vault=summary(breached=None))["password.breached"].status == Status.UNKNOWN


def test_stored_totp_answers_an_unanswered_2fa_question_only() -> None:
    assert results(vault=summary(totp=True))["two_factor.enabled"].status == Status.PASS
    answered = AnswerSet().with_answer("two_factor.enabled", "none", NOW)
    result = results(vault=summary(totp=True), answers=answered)["two_factor.enabled"]
    assert result.status == Status.FAIL


def test_vault_summary_round_trips_through_the_answers_file(tmp_path: Path) -> None:
    vault = summary(reused_by=3, breached=False, totp=True)
    path = tmp_path / "answers.yaml"
    path.write_bytes(dump_answers(AnswerSet().with_vault(vault)))
    assert load_answers(path).vault == vault
    text = path.read_text("utf-8")
    assert "password" not in text.replace("# securecheck answers. Never put a password", "")


def test_breach_settings_round_trip(tmp_path: Path) -> None:
    settings = Settings().with_breaches(Path("/data/pwned.txt"), True, "https://mirror.example/r/")
    path = write(tmp_path / "settings.yaml", dump_settings(settings).decode("utf-8"))
    assert load_settings(path) == settings
