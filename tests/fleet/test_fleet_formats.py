"""NDJSON and OCSF: what a fleet's shipper and engine read, validated as they would be."""

from __future__ import annotations

import datetime as dt
import getpass
import json
import socket
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import CANARY, Home, Run, write
from ocsf_json_schema import OcsfJsonSchemaEmbedded, get_ocsf_schema  # type: ignore[import-untyped]
from py_ocsf_models.events.findings.compliance_finding import ComplianceFinding  # type: ignore[import-untyped]
from security.secscan import found_in

from securecheck.core.validation import load_schema

Cli = Callable[..., Run]
ANSWERS = "answers:\n  two_factor.enabled: sms\n  login_activity.review: daily\n"


def fleet_lines(cli: Cli, fmt: str, *extra: str, stdin: str | None = None) -> list[Any]:
    run = cli("audit", "--format", fmt, *extra, stdin=stdin)
    assert run.code == 0, run.stderr
    assert run.stdout.endswith("\n")
    lines = run.stdout.split("\n")[:-1]
    return [json.loads(line) for line in lines]  # each line on its own is JSON


@pytest.fixture(scope="module")
def ocsf_validator() -> jsonschema.Draft202012Validator:
    schema = OcsfJsonSchemaEmbedded(get_ocsf_schema(version="1.5.0"))
    class_name = schema.lookup_class_name_from_uid(class_uid=2003)
    assert class_name == "compliance_finding"
    return jsonschema.Draft202012Validator(schema.get_class_schema(class_name, profiles=[]))


def test_ndjson_is_one_schema_valid_object_per_result_and_a_summary(
    cli: Cli, tmp_path: Path
) -> None:
    answers = write(tmp_path / "a.yaml", ANSWERS)
    lines = fleet_lines(cli, "ndjson", "--no-probes", "--answers", str(answers))
    validator = jsonschema.Draft202012Validator(load_schema("ndjson.schema.json"))
    for line in lines:
        validator.validate(line)
    *results, summary = lines
    assert {r["record"] for r in results} == {"result"} and summary["record"] == "summary"
    rules = json.loads(cli("rules", "list", "--format", "json").stdout)
    assert [r["rule_id"] for r in results] == [r["id"] for r in rules]
    assert len({line["run_id"] for line in lines}) == 1
    assert len({line["device_id"] for line in lines}) == 1
    by_id = {r["rule_id"]: r for r in results}
    assert by_id["two_factor.enabled"]["status"] == "warn"
    assert by_id["two_factor.enabled"]["evidence_kind"] == "attested"
    assert summary["counts"]["warn"] >= 1


def test_the_fleet_run_id_is_the_history_run_id(cli: Cli, home: Home) -> None:
    lines = fleet_lines(cli, "ndjson", "--no-probes")
    history = json.loads(cli("history", "--format", "json").stdout)
    assert history["runs"][-1]["run_id"] == lines[0]["run_id"]


def test_the_kept_device_id_is_random_private_and_stable(cli: Cli, home: Home) -> None:
    first = fleet_lines(cli, "ndjson", "--no-probes")[0]["device_id"]
    second = fleet_lines(cli, "ocsf", "--no-probes")[0]["device"]["uid"]
    assert first == second and len(first) == 32
    kept = home.config / "device-id"
    assert kept.read_text().strip() == first
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    for derived in (socket.gethostname(), getpass.getuser()):
        assert derived.lower() not in first
    kept.unlink()  # a new one on demand: nothing ties it to the machine
    assert fleet_lines(cli, "ndjson", "--no-probes")[0]["device_id"] != first


def test_device_id_option_names_the_device_and_a_bad_one_is_refused(cli: Cli, home: Home) -> None:
    lines = fleet_lines(cli, "ndjson", "--no-probes", "--device-id", "desk-07.trading")
    assert {line["device_id"] for line in lines} == {"desk-07.trading"}
    assert not (home.config / "device-id").exists()
    for bad in ("", "two words", "x" * 129, "-leading", "tab\there"):
        run = cli("audit", "--format", "ndjson", "--no-probes", "--device-id", bad)
        assert run.code == 2 and run.stdout == "", bad
        assert "--device-id" in run.stderr


def assert_private(output: str, home: Home) -> None:
    assert found_in(output, CANARY) == []
    for private in (socket.gethostname(), getpass.getuser(), str(home.root)):
        assert private not in output, private


@pytest.mark.usefixtures("shared_facts")
def test_ndjson_carries_no_host_user_path_or_password(cli: Cli, home: Home) -> None:
    run = cli("audit", "--format", "ndjson", "--password-stdin", stdin=CANARY + "\n")
    assert run.code == 0, run.stderr
    assert_private(run.stdout, home)


@pytest.mark.usefixtures("shared_facts")
def test_ocsf_events_validate_against_the_ocsf_schema_and_model(
    cli: Cli, home: Home, tmp_path: Path, ocsf_validator: jsonschema.Draft202012Validator
) -> None:
    answers = write(tmp_path / "a.yaml", ANSWERS)
    # With the probes and a password: every kind of result, and nothing private in any.
    run = cli(
        "audit",
        "--format",
        "ocsf",
        "--answers",
        str(answers),
        "--password-stdin",
        stdin=CANARY + "\n",
    )
    assert run.code == 0, run.stderr
    assert_private(run.stdout, home)
    events = [json.loads(line) for line in run.stdout.splitlines()]
    rules = json.loads(cli("rules", "list", "--format", "json").stdout)
    assert len(events) == len(rules)
    for event in events:
        errors = sorted(ocsf_validator.iter_errors(event), key=str)
        assert errors == [], (event["compliance"]["control"], [e.message for e in errors])
        # py-ocsf-models' Device wants a host name, an IP and a cloud region, which OCSF
        # itself does not require (any one of uid, name, hostname, ip… will do) and which a
        # fleet record never carries; the rest of the event must fit the model.
        without_device = {k: v for k, v in event.items() if k != "device"}
        model = ComplianceFinding.model_validate(without_device)
        assert model.class_uid == 2003 and model.type_uid == 200301
        assert model.compliance.control == event["compliance"]["control"]
    assert len({e["metadata"]["correlation_uid"] for e in events}) == 1


def test_ocsf_maps_statuses_and_severities(
    cli: Cli, tmp_path: Path, ocsf_validator: jsonschema.Draft202012Validator
) -> None:
    until = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    answers = write(
        tmp_path / "a.yaml",
        "answers:\n  two_factor.enabled: none\n  login_activity.review: daily\n"
        "  account.recovery_email: password_only\n"
        f"exemptions:\n  account.anti_phishing_code: {{reason: not offered, until: {until}}}\n",
    )
    events = {
        e["compliance"]["control"]: e
        for e in fleet_lines(cli, "ocsf", "--no-probes", "--answers", str(answers))
    }
    two_factor = events["two_factor.enabled"]
    assert (two_factor["compliance"]["status_id"], two_factor["severity_id"]) == (3, 5)
    assert events["login_activity.review"]["compliance"]["status_id"] == 1
    assert events["account.recovery_email"]["compliance"]["status_id"] == 3
    assert events["account.recovery_email"]["unmapped"]["securecheck"]["status"] == "warn"
    assert events["password.strength"]["compliance"]["status_id"] == 2  # unknown
    exempted = events["account.anti_phishing_code"]
    assert exempted["unmapped"]["securecheck"]["status"] == "skipped"
    assert (exempted["compliance"]["status_id"], exempted["status_id"]) == (99, 3)
    for event in events.values():
        assert ocsf_validator.is_valid(event)


def test_ndjson_and_ocsf_files_come_from_their_suffix_or_format(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "run.ndjson"
    assert cli("audit", "--no-probes", "--output", str(out)).code == 0
    assert json.loads(out.read_text().splitlines()[-1])["record"] == "summary"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    ocsf = tmp_path / "run.ocsf.jsonl"
    assert cli("audit", "--no-probes", "--format", "ocsf", "--output", str(ocsf)).code == 0
    assert json.loads(ocsf.read_text().splitlines()[0])["class_uid"] == 2003
