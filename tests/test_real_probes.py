"""The real probes on this very machine (in CI: a Linux container without WiFi or systemd)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from securecheck.core.validation import load_schema

STATUSES = {"pass", "warn", "fail", "unknown", "skipped", "error"}


@pytest.mark.usefixtures("shared_facts")
def test_facts_command_reports_every_probe_with_reasons(cli) -> None:  # type: ignore[no-untyped-def]
    run = cli("facts", "--format", "json")
    assert run.code == 0, run.stderr
    facts = json.loads(run.stdout)
    assert set(facts) >= {
        "os_updates",
        "os_supported",
        "wifi",
        "vpn",
        "firewall",
        "disk_encryption",
        "screen_lock",
        "antivirus",
        "hosts_file",
    }
    for name, row in facts.items():
        # A probe that learned nothing must say why.
        if not row["facts"] or not row["applicable"]:
            assert row["reason"], name


@pytest.mark.usefixtures("shared_facts")
def test_real_audit_gives_every_probe_rule_a_valid_status_and_message(cli) -> None:  # type: ignore[no-untyped-def]
    run = cli("audit", "--format", "json")
    assert run.code == 0, run.stderr
    report = json.loads(run.stdout)
    jsonschema.validate(report, load_schema("report.schema.json"))
    detected = [r for r in report["results"] if r["evidence_kind"] == "detected"]
    assert detected
    for result in report["results"]:
        assert result["status"] in STATUSES
        assert result["message"].strip(), result["id"]
        if result["status"] == "pass" and result["evidence_kind"] == "detected":
            # Nothing passes without evidence: the facts it was judged on are in the report.
            assert result["evidence"].get("facts"), result["id"]


@pytest.mark.usefixtures("shared_facts")
@pytest.mark.skipif(not Path("/etc/debian_version").exists(), reason="needs Debian or Ubuntu")
def test_os_support_is_decided_from_real_data_on_debian(cli) -> None:  # type: ignore[no-untyped-def]
    report = json.loads(cli("audit", "--format", "json").stdout)
    (result,) = [r for r in report["results"] if r["id"] == "device.os_supported"]
    assert result["status"] in ("pass", "fail"), result["message"]
    assert result["evidence"]["facts"]["os_supported.supported"] in (True, False)


def test_emptied_path_never_passes_os_updates(cli) -> None:  # type: ignore[no-untyped-def]
    run = cli("audit", "--format", "json", env={"PATH": ""})
    assert run.code == 0, run.stderr
    report = json.loads(run.stdout)
    (updates,) = [r for r in report["results"] if r["id"] == "device.os_updates"]
    assert updates["status"] != "pass"
    assert updates["message"].strip()


def test_probe_sources_never_show_the_home_directory() -> None:
    from fakehost import FakeHost

    from securecheck.core.model import ProbeOutcome
    from securecheck.i18n import Verbatim
    from securecheck.probes.facts import ProbeDeclaration
    from securecheck.probes.gather import run_probe
    from securecheck.probes.host import ProbeSpec

    def reads_kde_config(host):  # type: ignore[no-untyped-def]
        return ProbeOutcome(
            "x",
            {},
            reason=Verbatim("cannot read /home/alice/.config/kscreenlockerrc"),
            sources=("/home/alice/.config/kscreenlockerrc", "/etc/x"),
        )

    spec = ProbeSpec(ProbeDeclaration("x", ()), reads_kde_config)
    outcome = run_probe(spec, FakeHost(environ={"HOME": "/home/alice"}))
    assert outcome.sources == ("~/.config/kscreenlockerrc", "/etc/x")
    assert outcome.reason is not None and "alice" not in outcome.reason.get("en")
    # A home that is only a prefix of another user's name is not that user's home.
    other = run_probe(spec, FakeHost(environ={"HOME": "/home/al"}))
    assert other.sources == ("/home/alice/.config/kscreenlockerrc", "/etc/x")
