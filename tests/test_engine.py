"""The engine: answers, staleness, exemptions, platforms, and probe facts in 3-valued logic."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from builders import expect, outcome, probe_rule, question_rule

from securecheck.core.answers import AnswerSet
from securecheck.core.engine import AuditInput, evaluate, probes_needed
from securecheck.core.model import (
    Answer,
    EvidenceKind,
    Exemption,
    PasswordRecord,
    ProbeOutcome,
    Result,
    Rule,
    Severity,
    Status,
)
from securecheck.i18n import Verbatim

NOW = dt.datetime(2026, 11, 24, 12, tzinfo=dt.UTC)


def answers(**values: str) -> AnswerSet:
    return AnswerSet({k.replace("__", "."): Answer(v, NOW) for k, v in values.items()})


def run(
    rule: Rule,
    answers_: AnswerSet | None = None,
    outcomes: Mapping[str, ProbeOutcome] | None = None,
    system: str = "linux",
) -> Result:
    return evaluate(rule, AuditInput([rule], answers_ or AnswerSet(), outcomes, None, system, NOW))


def test_unanswered_question_is_unknown_not_pass_or_fail() -> None:
    result = run(question_rule("a.b"))
    assert result.status == Status.UNKNOWN
    assert result.message.get("en") == "not answered yet"


def test_answer_maps_to_its_choice_status_and_is_attested() -> None:
    result = run(question_rule("a.b"), answers(a__b="meh"))
    assert result.status == Status.WARN
    assert result.evidence_kind == EvidenceKind.ATTESTED
    assert result.answered_at == NOW


def test_stale_answer_asks_again() -> None:
    rule = question_rule("a.b", expires_after_days=30)
    old = AnswerSet({"a.b": Answer("yes", NOW - dt.timedelta(days=31))})
    fresh = AnswerSet({"a.b": Answer("yes", NOW - dt.timedelta(days=29))})
    assert run(rule, old).status == Status.UNKNOWN
    assert "answer again" in run(rule, old).message.get("en")
    assert run(rule, fresh).status == Status.PASS


def test_exemption_skips_until_its_date_then_counts_again() -> None:
    rule = question_rule("a.b")
    until_future = AnswerSet(
        {}, exemptions={"a.b": Exemption("managed by IT", NOW + dt.timedelta(days=1))}
    )
    until_past = AnswerSet({}, exemptions={"a.b": Exemption("old", NOW - dt.timedelta(days=1))})
    skipped = run(rule, until_future)
    assert skipped.status == Status.SKIPPED and "managed by IT" in skipped.message.get("en")
    assert run(rule, until_past).status == Status.UNKNOWN


def test_rule_for_another_platform_is_skipped() -> None:
    rule = question_rule("a.b", platforms=("windows",))
    assert run(rule, answers(a__b="no"), system="linux").status == Status.SKIPPED


def test_probe_facts_pass_only_with_evidence() -> None:
    rule = probe_rule("d.fw", "firewall", expect("firewall.enabled", "eq", True))
    assert run(rule, outcomes={"firewall": outcome("firewall", enabled=True)}).status == Status.PASS
    assert (
        run(rule, outcomes={"firewall": outcome("firewall", enabled=False)}).status == Status.FAIL
    )
    unseen = run(rule, outcomes={"firewall": outcome("firewall")})
    assert unseen.status == Status.UNKNOWN
    assert "firewall saw nothing" in unseen.message.get("en").lower()


def test_probes_off_is_unknown_with_the_reason() -> None:
    rule = probe_rule("d.fw", "firewall", expect("firewall.enabled", "eq", True))
    result = run(rule, outcomes=None)
    assert result.status == Status.UNKNOWN and "--no-probes" in result.message.get("en")


def test_a_known_failure_decides_even_when_other_facts_are_unknown() -> None:
    rule = probe_rule(
        "d.up",
        "os_updates",
        expect("os_updates.pending_security_updates", "eq", 0),
        expect("os_updates.automatic_updates", "eq", True, "warn"),
    )
    result = run(rule, outcomes={"os_updates": outcome("os_updates", pending_security_updates=3)})
    assert result.status == Status.FAIL


def test_warn_expectation_gives_warn() -> None:
    rule = probe_rule(
        "d.up",
        "os_updates",
        expect("os_updates.pending_security_updates", "eq", 0),
        expect("os_updates.automatic_updates", "eq", True, "warn"),
    )
    facts = outcome("os_updates", pending_security_updates=0, automatic_updates=False)
    assert run(rule, outcomes={"os_updates": facts}).status == Status.WARN


def test_bool_fact_never_equals_a_number() -> None:
    rule = probe_rule("d.fw", "firewall", expect("firewall.enabled", "eq", 1))
    result = run(rule, outcomes={"firewall": outcome("firewall", enabled=True)})
    assert result.status == Status.UNKNOWN


def wifi_rule(**kw: Any) -> Rule:
    when = (
        expect("wifi.connected", "eq", True).condition,
        expect("vpn.active", "eq", False).condition,
    )
    return probe_rule(
        "network.public_wifi",
        "wifi",
        expect("wifi.security", "not_in", ["open", "wep"], when=when),
        **kw,
    )


def test_open_wifi_without_vpn_fails_and_with_vpn_passes() -> None:
    rule = wifi_rule()
    open_wifi = outcome("wifi", connected=True, security="open")
    assert (
        run(rule, outcomes={"wifi": open_wifi, "vpn": outcome("vpn", active=False)}).status
        == Status.FAIL
    )
    assert (
        run(rule, outcomes={"wifi": open_wifi, "vpn": outcome("vpn", active=True)}).status
        == Status.PASS
    )


def test_open_wifi_with_unknown_vpn_is_unknown_not_pass() -> None:
    result = run(
        wifi_rule(),
        outcomes={"wifi": outcome("wifi", connected=True, security="open"), "vpn": outcome("vpn")},
    )
    assert result.status == Status.UNKNOWN


def test_not_on_wifi_passes_the_probe_part() -> None:
    result = run(
        wifi_rule(),
        outcomes={"wifi": outcome("wifi", connected=False), "vpn": outcome("vpn", active=False)},
    )
    assert result.status == Status.PASS


def test_worst_combination_needs_both_parts_for_a_pass() -> None:
    rule = wifi_rule(with_question=True, combine="worst")
    safe = {"wifi": outcome("wifi", connected=False), "vpn": outcome("vpn", active=False)}
    assert run(rule, outcomes=safe).status == Status.UNKNOWN
    assert run(rule, answers(network__public_wifi="yes"), safe).status == Status.PASS
    bad_habit = run(rule, answers(network__public_wifi="no"), safe)
    assert bad_habit.status == Status.FAIL and bad_habit.evidence_kind == EvidenceKind.ATTESTED


def test_fallback_question_answers_when_the_probe_cannot() -> None:
    rule = probe_rule(
        "d.up", "os_updates", expect("os_updates.pending_updates", "eq", 0), with_question=True
    )
    blind = {"os_updates": outcome("os_updates")}
    assert run(rule, outcomes=blind).status == Status.UNKNOWN
    attested = run(rule, answers(d__up="no"), blind)
    assert attested.status == Status.FAIL and attested.evidence_kind == EvidenceKind.ATTESTED
    seen = {"os_updates": outcome("os_updates", pending_updates=0)}
    assert run(rule, answers(d__up="no"), seen).status == Status.PASS


def test_applies_when_false_skips_the_rule() -> None:
    rule = probe_rule(
        "d.av",
        "antivirus",
        expect("antivirus.enabled", "eq", True),
        applies_when=(expect("antivirus.present", "eq", True).condition,),
        with_question=True,
    )
    result = run(rule, outcomes={"antivirus": outcome("antivirus", present=False)})
    assert result.status == Status.SKIPPED


def test_probe_for_another_os_gives_skipped_or_its_question() -> None:
    not_here = ProbeOutcome("disk", {}, Verbatim("n/a"), applicable=False)
    rule = probe_rule("d.x", "disk", expect("disk.on", "eq", True))
    assert run(rule, outcomes={"disk": not_here}).status == Status.SKIPPED
    asked = probe_rule("d.x", "disk", expect("disk.on", "eq", True), with_question=True)
    assert run(asked, outcomes={"disk": not_here}).status == Status.UNKNOWN
    assert run(asked, answers(d__x="no"), {"disk": not_here}).status == Status.FAIL


def test_probes_needed_includes_facts_of_other_probes() -> None:
    assert probes_needed([wifi_rule()]) == {"wifi", "vpn"}


def test_worst_combination_takes_the_answer_when_the_machine_cannot_tell() -> None:
    rule = wifi_rule(with_question=True, combine="worst")
    blind = {"wifi": outcome("wifi"), "vpn": outcome("vpn")}
    assert run(rule, outcomes=blind).status == Status.UNKNOWN
    said = run(rule, answers(network__public_wifi="yes"), blind)
    assert said.status == Status.PASS and said.evidence_kind == EvidenceKind.ATTESTED
    assert run(rule, answers(network__public_wifi="yes"), None).status == Status.PASS


def test_a_broken_probe_falls_back_to_the_answer_and_still_says_it_broke() -> None:
    rule = probe_rule(
        "d.fw", "firewall", expect("firewall.enabled", "eq", True), with_question=True
    )
    broken = {"firewall": ProbeOutcome("firewall", {}, error=Verbatim("the firewall check broke"))}
    assert run(rule, outcomes=broken).status == Status.ERROR
    answered = run(rule, answers(d__fw="no"), broken)
    assert answered.status == Status.FAIL
    assert "broke" in answered.message.get("en") and answered.evidence["probe_error"] is True


def test_an_answer_never_overrides_a_detected_fail() -> None:
    rule = probe_rule(
        "d.fw", "firewall", expect("firewall.enabled", "eq", True), with_question=True
    )
    off = {"firewall": outcome("firewall", enabled=False)}
    result = run(rule, answers(d__fw="yes"), off)
    assert result.status == Status.FAIL and result.evidence_kind == EvidenceKind.DETECTED


def test_a_critical_rule_is_never_exempted_even_if_an_exemption_gets_through() -> None:
    rule = question_rule("two_factor.enabled", "critical")
    exempt = AnswerSet(
        {"two_factor.enabled": Answer("no", NOW)},
        exemptions={"two_factor.enabled": Exemption("trust me", NOW + dt.timedelta(days=30))},
    )
    assert run(rule, exempt).status == Status.FAIL


def password_rule(days: int | None = 90) -> Rule:
    from builders import T

    from securecheck.core.model import PasswordCheck

    return Rule(
        "password.strength", T, "account", Severity.CRITICAL, T, T, T, T, PasswordCheck(),
        expires_after_days=days,
    )  # fmt: skip


def test_a_kept_password_verdict_counts_until_it_expires() -> None:
    rule = password_rule()
    fresh = AnswerSet(password=PasswordRecord(Status.PASS, 4, NOW - dt.timedelta(days=89)))
    result = run(rule, fresh)
    assert result.status == Status.PASS and result.evidence_kind == EvidenceKind.COMPUTED
    assert result.answered_at == NOW - dt.timedelta(days=89)
    assert result.evidence["score"] == 4
    assert "4/4" in result.message.get("en")
    old = AnswerSet(password=PasswordRecord(Status.PASS, 4, NOW - dt.timedelta(days=91)))
    stale = run(rule, old)
    assert stale.status == Status.UNKNOWN and "check it again" in stale.message.get("en")


def test_probe_messages_are_sentences_with_numbers_not_code() -> None:
    rule = probe_rule(
        "d.up",
        "os_updates",
        expect("os_updates.pending_security_updates", "eq", 0),
        expect("os_updates.pending_updates", "le", 10, otherwise="warn"),
        expect("os_updates.automatic_updates", "eq", True, otherwise="warn"),
    )
    seen = {
        "os_updates": outcome(
            "os_updates", pending_updates=141, pending_security_updates=90, automatic_updates=True
        )
    }
    for lang in ("en", "zh-Hans", "zh-Hant"):
        text = run(rule, outcomes=seen).message.get(lang)
        assert "141" in text and "90" in text and " = " not in text and "True" not in text
    assert "141 updates are waiting, 90 of them security updates" in run(
        rule, outcomes=seen
    ).message.get("en")
    fine = {
        "os_updates": outcome(
            "os_updates", pending_updates=0, pending_security_updates=0, automatic_updates=True
        )
    }
    assert run(rule, outcomes=fine).message.get("en") == (
        "No updates are waiting; automatic updates are on."
    )
