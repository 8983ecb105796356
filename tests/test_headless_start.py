"""A headless start loads what it needs and no more: shipped packs are validated here, at test
time, and trusted at run time by their SHA-256; probe modules and the slow validator load only
when a rule or a broken file needs them; an oversized answers file is refused before any rule.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import write
from test_global_options import CUSTOM_RULE

from securecheck.core import rulepacks
from securecheck.core.errors import InputError
from securecheck.core.rulepacks import load_pack, load_rules, manifest_text, pack_files

SHIPPED = pack_files(rulepacks.shipped_rules_dir())
REGENERATE = "python -m securecheck.core.rulepacks --trust"


def test_the_shipped_packs_validate_in_full_and_the_manifest_lists_exactly_them() -> None:
    recorded = rulepacks._manifest_path().read_text("utf-8")
    assert manifest_text(SHIPPED) == recorded, f"a shipped pack changed: run `{REGENERATE}`"


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_a_trusted_pack_gives_the_same_rules_as_a_full_validation(path: Path) -> None:
    assert load_pack(path) == load_pack(path, trust=False)


def test_the_parsed_packs_file_is_the_one_the_manifest_records() -> None:
    # Otherwise every start quietly falls back to parsing YAML (correct, but slow).
    parsed = rulepacks.parsed_packs()
    assert set(parsed) == rulepacks.trusted_digests()
    assert rulepacks.trusted_files(SHIPPED)[1] == rulepacks._parsed_path().read_bytes()


def test_an_altered_parsed_packs_file_is_never_read_as_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = load_rules()
    altered = rulepacks._parsed_path().read_bytes().replace(b"critical", b"low")
    assert altered != rulepacks._parsed_path().read_bytes()
    (tmp_path / "validated_rules.json").write_bytes(altered)
    monkeypatch.setattr(rulepacks, "_parsed_path", lambda: tmp_path / "validated_rules.json")
    rulepacks.parsed_packs.cache_clear()
    try:
        assert rulepacks.parsed_packs() == {}
        assert load_rules() == expected  # each trusted pack parsed from its YAML instead
    finally:
        rulepacks.parsed_packs.cache_clear()


def test_data_that_json_would_change_is_refused_at_trust_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt

    pack = write(tmp_path / "mine.yaml", CUSTOM_RULE)
    assert rulepacks.trusted_files([pack])[1]  # as it is, it can be stored
    parse = rulepacks._parse_trusted
    # What no JSON gives back as it was: a date, a tuple, a key that is not text.
    for odd in (dt.date(2024, 1, 1), ("a",), {1: "a"}):
        monkeypatch.setattr(
            rulepacks, "_parse_trusted", lambda raw, odd=odd: {**parse(raw), "x": odd}
        )
        with pytest.raises(InputError, match="JSON round trip"):
            rulepacks.trusted_files([pack])


def test_a_shipped_pack_that_changed_is_validated_in_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = tmp_path / "rules"
    shutil.copytree(rulepacks.shipped_rules_dir(), shipped)
    pack = shipped / SHIPPED[0].name
    pack.write_text(pack.read_text("utf-8").replace("severity: critical", "severity: hi", 1))
    monkeypatch.setattr(rulepacks, "shipped_rules_dir", lambda: shipped)
    with pytest.raises(InputError) as caught:
        load_rules()
    (problem,) = caught.value.problems
    assert problem.path == str(pack) and problem.line is not None
    assert "'hi' is not one of" in problem.message


# One child process answers every "what did it load" question (a process per question costs
# more than the questions do).
PROBE = """
import json, sys
HEAVY = {"logging", "filelock", "dataclasses", "inspect", "platform", "platformdirs",
         "tempfile", "uuid", "shutil", "_hashlib"}
from securecheck.cli import main

def loaded():
    names = sorted(sys.modules)
    return {
        "probes": [m for m in names if m.startswith("securecheck.probes.")
                   and m.split(".")[2] not in ("facts", "gather", "host", "privacy",
                                               "process", "registry", "system", "cache",
                                               "platform")],
        "jsonschema": [m for m in names if m == "jsonschema" or m.startswith("jsonschema.")],
        "compiled validator": [m for m in names if m == "jsonschema_rs"],
        "textual": [m for m in names if m.startswith("textual")],
        "yaml": [m for m in names if m == "yaml"],
        "heavy": [m for m in names if m in HEAVY],
    }

report = {}
argv = json.loads(sys.argv[1])
for name, args in argv:
    code = main(args)
    report[name] = {"code": code, **loaded()}
sys.stdout.flush()
sys.stderr.write("\\n@@" + json.dumps(report))
"""


def _loaded(*runs: tuple[str, list[str]], env: dict[str, str]) -> dict[str, dict[str, object]]:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(runs)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert "@@" in proc.stderr, proc.stderr
    report: dict[str, dict[str, object]] = json.loads(proc.stderr.rsplit("@@", 1)[1])
    return report


def test_a_headless_audit_loads_no_probe_module_no_slow_validator_and_no_textual(
    home: object, tmp_path: Path
) -> None:
    env = home.env  # type: ignore[attr-defined]
    answers = write(tmp_path / "answers.yaml", "answers:\n  two_factor.enabled: totp\n")
    big = tmp_path / "big.yaml"
    rules = CUSTOM_RULE.split("rules:\n", 1)[1]
    big.write_text(
        "version: 1\nrules:\n"
        + "".join(rules.replace("hardware_key", f"key{i}") for i in range(1000)),
        "utf-8",
    )
    plain = ["audit", "--no-probes", "--no-history", "--format", "json"]
    report = _loaded(
        ("as typed", ["audit", "--no-probes"]),
        ("bare", plain),
        ("answers", [*plain, "--answers", str(answers)]),
        ("big pack", [*plain, "--answers", str(answers), "--rules", str(big)]),
        env=env,
    )
    bare, with_answers, with_pack = report["bare"], report["answers"], report["big pack"]
    # As a person types it (text report, run recorded in the history): none of the modules
    # that made a headless start slow (logging, a lock library, dataclasses and inspect,
    # platform, platformdirs with tempfile, uuid, shutil for argparse's help width, OpenSSL
    # for hashing the shipped packs) is loaded.
    nothing_slow = {
        "code": 0,
        "probes": [],
        "jsonschema": [],
        "compiled validator": [],
        "textual": [],
        "yaml": [],
        "heavy": [],
    }
    assert report["as typed"] == nothing_slow
    # No YAML file of the user's to read: the shipped packs come parsed, PyYAML never loads.
    assert bare == nothing_slow
    # An answers file needs PyYAML, and no validator library for its small schema.
    assert with_answers == {**nothing_slow, "yaml": ["yaml"]}
    # A user pack is checked against the probes' declarations (each probe's package, never
    # its runner), and passes the compiled validator without the slow one.
    assert with_pack["code"] == 0 and with_pack["jsonschema"] == []
    assert with_pack["probes"] and not [m for m in with_pack["probes"] if "runner" in m]  # type: ignore[attr-defined]


def test_a_broken_user_pack_still_names_file_and_line(tmp_path: Path) -> None:
    pack = write(tmp_path / "mine.yaml", CUSTOM_RULE.replace("severity: low", "severity: hi"))
    with pytest.raises(InputError) as caught:
        load_rules([pack])
    (problem,) = caught.value.problems
    assert str(problem).startswith(f"{pack}:5:15: rules[0].severity: 'hi' is not one of")


def test_an_oversized_answers_file_is_refused_before_any_rule_is_parsed(
    cli: object, tmp_path: Path
) -> None:
    answers = tmp_path / "answers.yaml"
    with answers.open("wb") as fh:
        fh.truncate(100 * 1024 * 1024)  # sparse: 100 MB that cost no disk
    broken = write(tmp_path / "broken.yaml", "rules: [")
    run = cli("audit", "--no-probes", "--answers", str(answers), "--rules", str(broken))  # type: ignore[operator]
    assert run.code == 2
    assert f"{answers}: larger than" in run.stderr
    assert str(broken) not in run.stderr  # the pack was never read
