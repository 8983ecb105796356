"""Every probe declares its facts with types; what it returns is held to that declaration."""

from __future__ import annotations

import pytest
from builders import expect, probe_rule
from fakehost import FakeHost

from securecheck.core import engine
from securecheck.core.checks.probe import Facts, judge
from securecheck.core.model import FactValue, ProbeCheck, ProbeOutcome, Status
from securecheck.probes.facts import Fact, ProbeDeclaration
from securecheck.probes.gather import run_probe
from securecheck.probes.host import Host, ProbeSpec
from securecheck.probes.registry import PROBES, declarations, registry

DECLARED = ProbeDeclaration("toy", (Fact.boolean("on"), Fact.enum("mode", ("a", "b"))))


def spec_returning(**facts: FactValue) -> ProbeSpec:
    def run(host: Host) -> ProbeOutcome:
        return ProbeOutcome("toy", facts)

    return ProbeSpec(DECLARED, run)


def test_every_probe_has_a_declaration_and_a_runner_of_the_same_name() -> None:
    assert set(declarations()) == set(PROBES) == set(registry())
    for name, spec in registry().items():
        assert spec.declaration is declarations()[name]
        assert spec.facts and len(set(spec.facts)) == len(spec.facts)


def test_a_declared_value_of_the_right_type_passes_through() -> None:
    out = run_probe(spec_returning(on=True, mode="b"), FakeHost())
    assert out.error is None and out.facts == {"on": True, "mode": "b"}


@pytest.mark.parametrize(
    "facts",
    [{"on": "yes"}, {"on": 1}, {"mode": "c"}, {"colour": "red"}],
    ids=["text-for-bool", "int-for-bool", "enum-outside-choices", "undeclared"],
)
def test_a_value_that_does_not_fit_the_declaration_is_a_probe_error(
    facts: dict[str, FactValue],
) -> None:
    out = run_probe(spec_returning(**facts), FakeHost())
    assert out.error is not None and out.facts == {}
    assert "broke" in out.error.get("en")


def test_a_probe_that_crashes_is_an_error_not_a_pass() -> None:
    def run(host: Host) -> ProbeOutcome:
        raise RuntimeError("boom")

    out = run_probe(ProbeSpec(DECLARED, run), FakeHost())
    assert out.error is not None and "RuntimeError" in out.error.get("en")


def test_a_rule_on_a_broken_probe_is_error_and_earns_nothing() -> None:
    rule = probe_rule("toy.on", "toy", expect("toy.on", "eq", True))
    assert isinstance(rule.check, ProbeCheck)
    broken = run_probe(spec_returning(on="yes"), FakeHost())
    judged = judge(rule.check, Facts({"toy": broken}))
    assert judged.status == Status.ERROR
    result = engine.evaluate(rule, engine.AuditInput(rules=[rule], outcomes={"toy": broken}))
    assert result.status == Status.ERROR


@pytest.mark.parametrize(
    ("fact", "good", "bad"),
    [
        (Fact.boolean("x"), [True, False], ["true", 1, None]),
        (Fact.integer("x"), [0, 12], [1.5, True, "3"]),
        (Fact.number("x"), [1, 2.5], [True, "1"]),
        (Fact.date("x"), ["2026-12-01"], ["2026-13-01", "yesterday", 20261201]),
        (Fact.strings("x"), [[], ["a"]], [["a", 1], "a"]),
    ],
)
def test_fact_types_accept_only_their_values(
    fact: Fact, good: list[FactValue], bad: list[FactValue]
) -> None:
    assert all(fact.accepts(v) for v in good)
    assert not any(fact.accepts(v) for v in bad)
