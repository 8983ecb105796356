"""Rule packs: the shipped set, the schema, and hostile files → file:line errors."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest
from conftest import write

from securecheck.core.errors import InputError
from securecheck.core.model import ProbeCheck, QuestionCheck, Status
from securecheck.core.rulepacks import load_rules, shipped_rules_dir, validate

ADVICE_IDS = {
    "password.strength",
    "two_factor.enabled",
    "login_activity.review",
    "device.os_updates",
    "device.os_supported",
    "device.antivirus",
    "network.public_wifi",
    "phishing.official_site",
    "account.recovery_email",
    "withdrawal.address_check",
}

GOOD_RULE = """\
version: 1
rules:
  - id: custom.example
    category: account
    severity: {severity}
    title: {{en: Example, zh: 示例}}
    why: {{en: Because, zh: 因为}}
    advice: {{en: Do it, zh: 去做}}
    action: {{en: Do it, zh: 去做}}
    remediation: {{en: Fix it, zh: 修复}}
    check:
      kind: question
      question:
        id: custom.example
        text: {{en: "Done?", zh: "完成了吗?"}}
        choices:
          - {{value: "yes", status: pass, label: {{en: "Yes", zh: 是}}}}
          - {{value: "no", status: fail, label: {{en: "No", zh: 否}}}}
"""


def problems_of(path: Path) -> list[str]:
    return [str(p) for p in validate([path])]


def test_shipped_rules_contain_every_advice_id() -> None:
    ids = {r.id for r in load_rules()}
    assert ADVICE_IDS <= ids


def test_every_question_id_equals_its_rule_id() -> None:
    for rule in load_rules():
        if rule.question is not None:
            assert rule.question.id == rule.id


@pytest.mark.parametrize(
    ("rule_id", "mapping"),
    [
        (
            "two_factor.enabled",
            {
                "none": "fail",
                "sms": "warn",
                "email": "warn",
                "totp": "pass",
                "security_key": "pass",
            },
        ),
        (
            "login_activity.review",
            {"daily": "pass", "weekly": "pass", "monthly": "warn", "never": "fail"},
        ),
        (
            "network.public_wifi",
            {"never": "pass", "with_vpn": "pass", "sometimes": "fail", "often": "fail"},
        ),
    ],
)
def test_contract_question_values_map_to_statuses(rule_id: str, mapping: dict[str, str]) -> None:
    rule = next(r for r in load_rules() if r.id == rule_id)
    assert rule.question is not None
    assert {c.value: c.status.value for c in rule.question.choices} == mapping


def test_login_review_answers_expire_after_30_days() -> None:
    rule = next(r for r in load_rules() if r.id == "login_activity.review")
    assert rule.expires_after_days == 30


def test_every_shipped_text_exists_in_both_languages() -> None:
    for rule in load_rules():
        for text in (rule.title, rule.why, rule.advice, rule.action, rule.remediation):
            assert text.get("en").strip() and text.get("zh").strip()
            assert any("\u4e00" <= ch <= "\u9fff" for ch in text.get("zh")), rule.id


def test_probe_rules_name_real_probes_and_facts() -> None:
    probe_rules = [r for r in load_rules() if isinstance(r.check, ProbeCheck)]
    assert {r.id for r in probe_rules} >= {"device.os_updates", "network.public_wifi"}


def test_shipped_rules_found_from_another_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert (shipped_rules_dir() / "account.yaml").is_file()


def test_bad_severity_names_file_line_column_and_field(tmp_path: Path) -> None:
    pack = write(tmp_path / "bad.yaml", GOOD_RULE.format(severity="hi"))
    (problem,) = problems_of(pack)
    assert problem == (
        f"{pack}:5:15: rules[0].severity: 'hi' is not one of critical, high, medium, low, info"
    )


def test_unknown_key_is_an_error_at_its_line(tmp_path: Path) -> None:
    text = GOOD_RULE.format(severity="low").replace(
        "    category:", "    colour: red\n    category:"
    )
    pack = write(tmp_path / "extra.yaml", text)
    (problem,) = problems_of(pack)
    assert problem.startswith(f"{pack}:4:5: rules[0].colour: unknown key 'colour'")


def test_duplicate_ids_are_errors_across_packs(tmp_path: Path) -> None:
    text = GOOD_RULE.format(severity="low").replace("custom.example", "two_factor.enabled")
    pack = write(tmp_path / "dup.yaml", text)
    (problem,) = problems_of(pack)
    assert "duplicate rule id 'two_factor.enabled'" in problem
    assert problem.startswith(f"{pack}:3")


def test_duplicate_yaml_keys_are_errors(tmp_path: Path) -> None:
    text = GOOD_RULE.format(severity="low").replace(
        "    category: account\n", "    category: account\n    category: x\n"
    )
    (problem,) = problems_of(write(tmp_path / "k.yaml", text))
    assert "duplicate key 'category'" in problem and ":5:" in problem


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    lines.append("rules: *a9")
    pack = write(tmp_path / "bomb.yaml", "\n".join(lines) + "\n")
    tracemalloc.start()
    try:
        (problem,) = problems_of(pack)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert problem.startswith(f"{pack}:2:") and "aliases" in problem
    # 9^10 strings expanded would need gigabytes: refused at the aliases, not after building.
    assert peak < 16 * 1024 * 1024, peak


def test_non_utf8_bytes_name_their_line(tmp_path: Path) -> None:
    pack = tmp_path / "latin1.yaml"
    pack.write_bytes(GOOD_RULE.format(severity="low").encode().replace(b"Example", b"Caf\xe9", 1))
    (problem,) = problems_of(pack)
    assert problem.startswith(f"{pack}:6:20:") and "not UTF-8" in problem


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    pack = write(tmp_path / "deep.yaml", "rules: " + "[" * 5000 + "]" * 5000 + "\n")
    (problem,) = problems_of(pack)
    assert "nested deeper" in problem and problem.startswith(f"{pack}:1:")


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    pack = write(tmp_path / "big.yaml", "# " + "x" * (2 << 20) + "\n")
    (problem,) = problems_of(pack)
    assert "larger than" in problem


def test_unknown_probe_and_fact_are_errors(tmp_path: Path) -> None:
    text = GOOD_RULE.format(severity="low")
    check = text[text.index("    check:") :]
    probe = (
        "    check:\n      kind: probe\n      probe: telepathy\n      expect:\n"
        "        - {fact: telepathy.mood, op: eq, value: calm}\n"
    )
    (problem,) = problems_of(write(tmp_path / "p.yaml", text.replace(check, probe)))
    assert "no probe named 'telepathy'" in problem
    probe2 = probe.replace("probe: telepathy", "probe: wifi").replace("telepathy.mood", "wifi.mood")
    (problem,) = problems_of(write(tmp_path / "q.yaml", text.replace(check, probe2)))
    assert "probe 'wifi' has no fact 'mood'" in problem


def test_code_in_a_rule_is_just_an_unknown_key(tmp_path: Path) -> None:
    text = GOOD_RULE.format(severity="low").replace(
        "      kind: question\n", "      kind: question\n      command: rm -rf ~\n"
    )
    (problem,) = problems_of(write(tmp_path / "cmd.yaml", text))
    assert "unknown key 'command'" in problem


def test_python_tags_are_refused(tmp_path: Path) -> None:
    pack = write(tmp_path / "tag.yaml", "rules: !!python/object/apply:os.system [id]\n")
    (problem,) = problems_of(pack)
    assert "not allowed" in problem or "not valid YAML" in problem


def test_user_pack_adds_rules(tmp_path: Path) -> None:
    pack = write(tmp_path / "mine.yaml", GOOD_RULE.format(severity="medium"))
    rules = load_rules([pack])
    custom = next(r for r in rules if r.id == "custom.example")
    assert isinstance(custom.check, QuestionCheck)
    assert custom.check.question.choice("no").status == Status.FAIL  # type: ignore[union-attr]


def test_load_rules_raises_with_every_problem(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", GOOD_RULE.format(severity="hi"))
    write(tmp_path / "b.yaml", "rules: []\n")
    with pytest.raises(InputError) as info:
        load_rules([tmp_path])
    assert len(info.value.problems) == 2


def test_an_installed_package_carries_its_rule_packs() -> None:
    import securecheck

    package = Path(securecheck.__file__).parent
    if (package.parent / "rules").is_dir() and (package.parent / "pyproject.toml").is_file():
        pytest.skip("running from a source checkout (editable install)")
    assert shipped_rules_dir() == package / "_rules"
    assert {p.name for p in shipped_rules_dir().glob("*.yaml")} >= {
        "account.yaml",
        "device.yaml",
        "network.yaml",
    }


# --- typed facts -----------------------------------------------------------------------------


def _probe_pack(condition: str) -> str:
    return f"""version: 1
rules:
  - id: my.firewall
    category: device
    severity: low
    title: {{en: t}}
    why: {{en: w}}
    advice: {{en: a}}
    action: {{en: d}}
    remediation: {{en: r}}
    check:
      kind: probe
      probe: firewall
      expect:
        - {condition}
"""


@pytest.mark.parametrize(
    ("condition", "field", "words"),
    [
        (
            '{fact: firewall.enabled, op: eq, value: "yes"}',
            "value",
            "'yes' is not a possible value",
        ),
        ("{fact: firewall.enabled, op: lt, value: 1}", "op", "'lt' does not apply"),
        ("{fact: wifi.security, op: eq, value: wpa9}", "value", "one of open, owe"),
        ("{fact: wifi.security, op: in, value: [open, nope]}", "value", "'nope' is not"),
        ("{fact: os_updates.pending_updates, op: gt, value: true}", "value", "whole number"),
        ('{fact: os_supported.eol_date, op: lt, value: "13/01/2026"}', "value", "YYYY-MM-DD"),
    ],
)
def test_a_comparison_of_the_wrong_type_for_its_fact_is_an_error_at_its_line(
    tmp_path: Path, condition: str, field: str, words: str
) -> None:
    path = tmp_path / "typed.yaml"
    path.write_text(_probe_pack(condition), encoding="utf-8")
    problems = validate([path])
    assert len(problems) == 1, problems
    problem = problems[0]
    assert problem.path == str(path) and problem.line == 15
    assert problem.field is not None and problem.field.endswith(f"expect[0].{field}")
    assert words in problem.message


def test_comparisons_that_fit_their_facts_load(tmp_path: Path) -> None:
    path = tmp_path / "typed.yaml"
    path.write_text(_probe_pack("{fact: wifi.security, op: in, value: [open, wep]}"), "utf-8")
    assert validate([path]) == []


def test_every_shipped_probe_rule_has_a_question_to_fall_back_on() -> None:
    """So answering can reach 100% coverage whatever a probe can see on this machine."""
    from securecheck.core.model import ProbeCheck
    from securecheck.core.rulepacks import load_rules

    probe_rules = [r for r in load_rules() if isinstance(r.check, ProbeCheck)]
    assert probe_rules
    assert [r.id for r in probe_rules if r.question is None] == []


def test_every_report_field_of_schema_version_2_is_described() -> None:
    from securecheck.core.validation import load_schema

    schema = load_schema("report.schema.json")
    score = schema["$defs"]["score"]["properties"]
    result = schema["$defs"]["result"]["properties"]
    described = [*score.values(), schema["properties"]["packs"], schema["properties"]["exemptions"]]
    described += [result[k] for k in ("action", "pack", "gain", "points", "message")]
    assert all(field.get("description") for field in described)
    assert schema["properties"]["schema_version"]["const"] == 2
