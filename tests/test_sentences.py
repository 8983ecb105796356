"""Probe facts in words: every fact of every shipped probe has a phrase, in every language."""

from __future__ import annotations

import pytest

from securecheck.core.checks.sentences import (
    PHRASES,
    Facts,
    describe_facts,
    fact_phrase,
    sentence,
)
from securecheck.probes.facts import Fact
from securecheck.probes.registry import declarations

LANGS = ("en", "zh-Hans", "zh-Hant")


def sample(fact: Fact) -> list[object]:
    samples: dict[str, list[object]] = {
        "bool": [True, False],
        "int": [0, 1, 7, 900],
        "number": [0.5],
        "text": ["ufw"],
        "date": ["2027-04-30"],
        "enum": list(fact.choices),
        "list": [["okx.com"], []],
    }
    return samples[fact.kind]


ALL_FACTS = [
    (f"{probe}.{fact.name}", fact)
    for probe, declaration in sorted(declarations().items())
    for fact in declaration.facts
]


@pytest.mark.parametrize(("name", "fact"), ALL_FACTS, ids=[n for n, _f in ALL_FACTS])
def test_every_declared_fact_has_a_phrase_in_every_language(name: str, fact: Fact) -> None:
    assert name in PHRASES, f"add a phrase for {name} to core/checks/sentences.py"
    for value in sample(fact):
        for lang in LANGS:
            text = fact_phrase(name, value).get(lang)  # type: ignore[arg-type]
            assert text and name not in text and "True" not in text and "{" not in text


def test_a_fact_without_a_phrase_still_reads_as_words() -> None:
    said = fact_phrase("future_probe.shiny", True).get("en")
    assert said == "future_probe.shiny: yes"


def test_counts_read_together_with_their_plural() -> None:
    def en(facts: Facts) -> str:
        return sentence(describe_facts(facts)).get("en")

    updates: Facts = {"os_updates.pending_updates": 1, "os_updates.pending_security_updates": 1}
    assert en(updates) == "1 update is waiting, a security update."
    updates = {"os_updates.pending_updates": 141, "os_updates.pending_security_updates": 90}
    assert en(updates) == "141 updates are waiting, 90 of them security updates."
    zh = sentence(describe_facts(updates)).get("zh-Hans")
    assert zh == "有 141 个更新等待安装，其中 90 个是安全更新。"


def test_a_machine_value_cannot_carry_control_characters_into_a_message() -> None:
    said = fact_phrase("firewall.product", "ufw\x1b]0;pwned\x07").get("en")
    assert "\x1b" not in said and "\\x1b" in said
