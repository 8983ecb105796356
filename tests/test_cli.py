"""The installed command line, run as a user runs it: a subprocess, from another directory."""

from __future__ import annotations

import datetime as dt
import json
import stat
from pathlib import Path

import jsonschema
import pytest
from conftest import Cli, write

from securecheck.core.validation import load_schema

REPORT_SCHEMA = load_schema("report.schema.json")


def by_id(report: dict) -> dict[str, dict]:  # type: ignore[type-arg]
    return {r["id"]: r for r in report["results"]}


def test_version_and_help(cli) -> None:  # type: ignore[no-untyped-def]
    run = cli("--version")
    assert run.code == 0 and run.stdout.startswith("securecheck ")
    for args in (
        ["--help"],
        ["audit", "--help"],
        ["rules", "list", "--help"],
        ["rules", "validate", "--help"],
        ["facts", "--help"],
        ["answer", "--help"],
        ["vault", "--help"],
    ):
        assert cli(*args).code == 0, args


def test_rules_list_json_has_the_ten_advice_ids(cli) -> None:  # type: ignore[no-untyped-def]
    from test_rule_loading import ADVICE_IDS

    run = cli("rules", "list", "--format", "json")
    assert run.code == 0
    assert ADVICE_IDS <= {row["id"] for row in json.loads(run.stdout)}


def test_audit_with_2fa_off_fails_that_rule_and_caps_the_grade(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    answers = write(tmp_path / "a.yaml", "answers:\n  two_factor.enabled: none\n")
    run = cli("audit", "--no-probes", "--format", "json", "--answers", str(answers))
    assert run.code == 0, run.stderr
    report = json.loads(run.stdout)
    jsonschema.validate(report, REPORT_SCHEMA)
    results = by_id(report)
    assert results["two_factor.enabled"]["status"] == "fail"
    assert report["score"]["grade"] not in ("A", "B")
    assert "two_factor.enabled" in report["score"]["capped_by"]
    assert results["login_activity.review"]["status"] == "unknown"
    assert results["login_activity.review"]["message"] == "not answered yet"
    assert results["password.strength"]["status"] == "unknown"
    assert report["fix_first"][0] == "two_factor.enabled"


def test_fail_under_exits_1_when_the_score_is_below(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    answers = write(tmp_path / "a.yaml", "answers:\n  two_factor.enabled: none\n")
    run = cli(
        "audit", "--no-probes", "--format", "json", "--answers", str(answers), "--fail-under", "90"
    )
    assert run.code == 1
    assert json.loads(run.stdout)["score"]["value"] < 90


def test_good_answers_score_high(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    checked = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    answers = write(
        tmp_path / "a.yaml",
        f"""\
password: {{status: pass, score: 4, checked_at: '{checked}'}}
answers:
  two_factor.enabled: security_key
  login_activity.review: daily
  network.public_wifi: never
  phishing.official_site: bookmark_or_app
  account.recovery_email: protected
  withdrawal.address_check: whitelist
  account.anti_phishing_code: set
  device.os_updates: automatic
  device.antivirus: on_current
  device.os_supported: supported
  device.firewall: turned_on
  device.disk_encryption: encrypted
  device.screen_lock: within_15_min
  network.hosts_file: clean
  password.unique: unique
  device.remote_access: none
  wallet.seed_phrase_files: none
  browser.extensions: official_only
""",
    )
    run = cli(
        "audit", "--no-probes", "--format", "json", "--answers", str(answers), "--fail-under", "90"
    )
    assert run.code == 0, run.stdout
    assert json.loads(run.stdout)["score"]["grade"] == "A"


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_output_file_is_written_private_and_matches_stdout(cli, tmp_path: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "reports" / f"r.{fmt}"
    run = cli("audit", "--no-probes", "--format", fmt, "--output", str(out), "--lang", "zh")
    assert run.code == 0 and run.stdout == ""
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    text = out.read_text(encoding="utf-8")
    assert "得分" in text or '"lang": "zh-Hans"' in text


def test_output_format_follows_the_file_name(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "report.json"
    assert cli("audit", "--no-probes", "--output", str(out)).code == 0
    jsonschema.validate(json.loads(out.read_text()), REPORT_SCHEMA)


def test_text_report_shows_score_and_fix_first(cli) -> None:  # type: ignore[no-untyped-def]
    run = cli("audit", "--no-probes", "--lang", "en")
    assert run.code == 0
    assert "Score:" in run.stdout and "Fix first:" in run.stdout


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("severity.yaml", "rules:\n  - id: a.b\n    severity: hi\n"),
        ("bomb.yaml", "a: &a [x, x]\nb: &b [*a, *a]\nrules: *b\n"),
        ("latin1.yaml", b"rules:\n  - id: caf\xe9.x\n"),
        ("deep.yaml", "rules: " + "[" * 5000 + "\n"),
        ("garbage.yaml", b"\x00\x01\x02binary"),
    ],
)
def test_bad_rule_pack_exits_2_with_file_and_line(
    cli: Cli, tmp_path: Path, name: str, content: str | bytes
) -> None:
    pack = tmp_path / name
    pack.write_bytes(content if isinstance(content, bytes) else content.encode())
    out = tmp_path / "never.json"
    for args in (
        ["rules", "validate", str(pack)],
        ["audit", "--no-probes", "--rules", str(pack), "--output", str(out)],
    ):
        run = cli(*args)
        assert run.code == 2, (args, run.stderr)
        assert f"{pack}:" in run.stderr and "Traceback" not in run.stderr
        assert run.stdout == "" or args[0] == "rules"
    assert not out.exists()


def test_bad_answers_file_exits_2_and_is_left_untouched(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    answers = write(tmp_path / "a.yaml", "answers:\n  two_factor.enabled: sometimes\n")
    before = answers.read_bytes()
    run = cli("audit", "--no-probes", "--answers", str(answers))
    assert run.code == 2 and run.stdout == ""
    assert f"{answers}:2:" in run.stderr and "Traceback" not in run.stderr
    assert answers.read_bytes() == before


def test_unknown_option_exits_2(cli) -> None:  # type: ignore[no-untyped-def]
    run = cli("audit", "--password", "hunter2")
    assert run.code == 2 and "Traceback" not in run.stderr


def test_answer_command_saves_a_private_answers_file(cli, home) -> None:  # type: ignore[no-untyped-def]
    run = cli("answer", "two_factor.enabled", "totp")
    assert run.code == 0, run.stderr
    saved = home.config / "answers.yaml"
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    report = json.loads(cli("audit", "--no-probes", "--format", "json").stdout)
    assert by_id(report)["two_factor.enabled"]["status"] == "pass"
    assert cli("answer", "two_factor.enabled", "maybe").code == 2


def test_python_dash_m_works(home, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "securecheck", "--version"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=home.env,
    )
    assert proc.returncode == 0 and "securecheck" in proc.stdout


def test_check_site_tells_official_from_look_alike(cli) -> None:  # type: ignore[no-untyped-def]
    official = cli("check-site", "https://www.okx.com/account/login", "--lang", "en")
    assert official.code == 0 and "official" in official.stdout
    fake = cli("check-site", "https://okx.com@evil.io/login", "--lang", "zh")
    assert fake.code == 1 and "仿冒网站" in fake.stdout and "evil.io" in fake.stdout


def test_check_address_catches_a_poisoned_look_alike(cli) -> None:  # type: ignore[no-untyped-def]
    whitelisted = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
    same = cli("check-address", whitelisted, "--expected", whitelisted, "--lang", "en")
    assert same.code == 0 and "valid" in same.stdout
    broken = cli("check-address", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", "--lang", "en")
    assert broken.code == 1 and "INVALID" in broken.stdout


def test_empty_password_stdin_is_a_usage_error(cli) -> None:  # type: ignore[no-untyped-def]
    run = cli("audit", "--no-probes", "--password-stdin", stdin="")
    assert run.code == 2 and "no password" in run.stderr and run.stdout == ""


@pytest.mark.parametrize(("password", "status"), [("123456", "fail"), ("password101", "fail")])
def test_article_examples_fail_the_password_check(cli, password: str, status: str) -> None:  # type: ignore[no-untyped-def]
    run = cli("audit", "--no-probes", "--password-stdin", "--format", "json", stdin=password + "\n")
    assert run.code == 0, run.stderr
    # (The rule's own advice names these two examples, so no leak check here: see below.)
    assert by_id(json.loads(run.stdout))["password.strength"]["status"] == status


def test_random_20_character_password_passes_and_is_written_nowhere(cli, home, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import secrets
    import string

    password = "".join(
        secrets.choice(string.ascii_letters + string.digits + "!#%&*+-=?@^_") for _ in range(20)
    )
    out = tmp_path / "out" / "report.json"
    run = cli("audit", "--no-probes", "--password-stdin", "--output", str(out), stdin=password)
    assert run.code == 0, run.stderr
    report = json.loads(out.read_text())
    assert by_id(report)["password.strength"]["status"] == "pass"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    for path in [*home.files(), *tmp_path.rglob("*")]:
        if path.is_file():
            assert password.encode() not in path.read_bytes(), path
    assert password not in run.stdout + run.stderr


@pytest.mark.parametrize("columns", [None, "120", "0", "-5", "wide", ""])
def test_the_terminal_width_is_what_shutil_would_say(
    columns: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from securecheck.cli.common import terminal_width

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert terminal_width() == shutil.get_terminal_size().columns
