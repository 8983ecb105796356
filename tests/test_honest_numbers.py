"""Honest numbers, end to end through the CLI: what cannot be seen earns nothing, packs and
exemptions cannot game the headline, the password verdict stays, and reports say what was
found in sentences.

Most tests prove what a report says, and run the CLI's `main` in this process (`cli_here`:
the same parsing, loading, scoring and writing, ~0.1 s less a command than a new process).
The installed program runs where the process itself is the point: a terminal or a pipe, an
empty PATH, the real probes."""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import string
import subprocess
from pathlib import Path

import jsonschema
import pytest
from conftest import Cli, Home, securecheck_command, write

from securecheck.core.validation import load_schema

REPORT_SCHEMA = load_schema("report.schema.json")
CRITICAL = {"password.strength", "password.unique", "two_factor.enabled", "network.hosts_file"}
PROBE_RULES = (
    "device.os_updates",
    "device.os_supported",
    "device.antivirus",
    "device.firewall",
    "device.disk_encryption",
    "device.screen_lock",
    "network.public_wifi",
    "network.hosts_file",
)


def report_of(run) -> dict:  # type: ignore[no-untyped-def,type-arg]
    assert run.code == 0, run.stderr
    report = json.loads(run.stdout)
    jsonschema.validate(report, REPORT_SCHEMA)
    assert report["schema_version"] == 2
    return report  # type: ignore[no-any-return]


def by_id(report: dict) -> dict[str, dict]:  # type: ignore[type-arg]
    return {r["id"]: r for r in report["results"]}


def now_iso(**delta: float) -> str:
    return (dt.datetime.now(dt.UTC) + dt.timedelta(**delta)).replace(microsecond=0).isoformat()


# --- 1. the score ----------------------------------------------------------------------------


def test_a_fresh_install_scores_low_has_no_letter_and_leads_with_the_critical_rules(
    cli_here: Cli, tmp_path: Path
) -> None:
    report = report_of(
        cli_here(
            "audit", "--no-probes", "--format", "json", "--answers", str(tmp_path / "none.yaml")
        )
    )
    score = report["score"]
    assert score["grade"] is None and score["value"] < 20
    assert {"password.strength", "two_factor.enabled"} <= set(score["incomplete"])
    opening = report["fix_first"][: len(CRITICAL)]
    assert set(opening) == CRITICAL
    results = by_id(report)
    gains = sum(results[rid]["gain"] for rid in report["fix_first"])
    assert abs(gains - (100 - score["value"])) <= 0.5
    assert score["potential"] == 100


def test_answering_honestly_is_never_punished_against_not_answering(
    cli_here: Cli, tmp_path: Path
) -> None:
    none = report_of(
        cli_here(
            "audit", "--no-probes", "--format", "json", "--answers", str(tmp_path / "none.yaml")
        )
    )
    sms = write(tmp_path / "sms.yaml", "answers:\n  two_factor.enabled: sms\n")
    answered = report_of(
        cli_here("audit", "--no-probes", "--format", "json", "--answers", str(sms))
    )
    assert answered["score"]["value"] > none["score"]["value"]


ANSWERS = """\
answers:
  two_factor.enabled: totp
  login_activity.review: weekly
  network.public_wifi: never
  phishing.official_site: bookmark_or_app
  account.recovery_email: protected
  withdrawal.address_check: whitelist
  account.anti_phishing_code: set
"""


@pytest.mark.usefixtures("shared_facts")
def test_an_empty_path_never_scores_higher_than_the_real_one(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    answers = write(tmp_path / "a.yaml", ANSWERS)
    real = report_of(cli("audit", "--format", "json", "--answers", str(answers)))
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    # The blind run gets a cache of its own: the shared one would hand it the update count
    # that the real run's apt-get found, which an empty PATH cannot see.
    blind_env = {"PATH": str(empty), "XDG_CACHE_HOME": str(tmp_path / "blind-cache")}
    blind = report_of(cli("audit", "--format", "json", "--answers", str(answers), env=blind_env))
    assert blind["score"]["value"] <= real["score"]["value"]
    assert blind["score"]["coverage"] <= real["score"]["coverage"]


# --- 2. what cannot game it ------------------------------------------------------------------


def padding_pack(path: Path) -> Path:
    rules = "".join(
        f"""\
  - id: org.always{i}
    category: org
    severity: low
    weight: 100
    title: {{en: Always true {i}}}
    why: {{en: padding}}
    advice: {{en: padding}}
    action: {{en: Do nothing}}
    remediation: {{en: nothing}}
    check:
      kind: question
      question:
        id: org.always{i}
        text: {{en: Is it true?}}
        choices:
          - {{value: "yes", status: pass, label: {{en: "Yes"}}}}
          - {{value: "no", status: fail, label: {{en: "No"}}}}
"""
        for i in range(12)
    )
    return write(path, "version: 1\nrules:\n" + rules)


def test_a_pack_of_always_true_heavy_rules_leaves_the_headline_unchanged(
    cli_here: Cli, tmp_path: Path
) -> None:
    pack = padding_pack(tmp_path / "my-org.yaml")
    plain = write(tmp_path / "plain.yaml", ANSWERS)
    padded = write(
        tmp_path / "padded.yaml",
        ANSWERS + "".join(f'  org.always{i}: "yes"\n' for i in range(12)),
    )
    base = report_of(cli_here("audit", "--no-probes", "--format", "json", "--answers", str(plain)))
    with_pack = report_of(
        cli_here(
            "audit", "--no-probes", "--format", "json", "--answers", str(padded),
            "--rules", str(pack), "--fail-under", "1",
        )
    )  # fmt: skip
    assert with_pack["score"] == base["score"]
    assert with_pack["fix_first"] == base["fix_first"]
    (own,) = with_pack["packs"]
    assert own["name"] == "my-org.yaml" and own["score"]["value"] == 100
    text = cli_here("audit", "--no-probes", "--answers", str(padded), "--rules", str(pack))
    assert "pack my-org.yaml: 100/100" in text.stdout


def test_fail_under_looks_at_the_headline_only(cli_here: Cli, tmp_path: Path) -> None:
    pack = padding_pack(tmp_path / "my-org.yaml")
    padded = write(
        tmp_path / "padded.yaml",
        "answers:\n" + "".join(f'  org.always{i}: "yes"\n' for i in range(12)),
    )
    run = cli_here(
        "audit", "--no-probes", "--answers", str(padded), "--rules", str(pack),
        "--fail-under", "50",
    )  # fmt: skip
    assert run.code == 1


def test_exempting_a_critical_rule_is_an_input_error_naming_file_and_line(
    cli_here: Cli, tmp_path: Path
) -> None:
    answers = write(
        tmp_path / "a.yaml",
        "answers:\n  two_factor.enabled: none\nexemptions:\n"
        "  two_factor.enabled: {reason: trust me, until: 2026-12-31}\n",
    )
    run = cli_here("audit", "--no-probes", "--format", "json", "--answers", str(answers))
    assert run.code == 2 and run.stdout == ""
    assert f"{answers}:4:" in run.stderr and "critical" in run.stderr


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ("{reason: managed by IT}", "until"),
        ("{reason: managed by IT, until: 9999-12-31}", "366 days"),
        ("{until: 2026-12-31}", "reason"),
    ],
)
def test_an_exemption_needs_a_reason_and_an_end_within_a_year(
    cli_here: Cli, tmp_path: Path, entry: str, problem: str
) -> None:
    answers = write(tmp_path / "a.yaml", f"exemptions:\n  device.firewall: {entry}\n")
    run = cli_here("audit", "--no-probes", "--answers", str(answers))
    assert run.code == 2 and problem in run.stderr and str(answers) in run.stderr


def test_every_report_lists_the_exemptions_in_force(cli_here: Cli, tmp_path: Path) -> None:
    until = (dt.date.today() + dt.timedelta(days=100)).isoformat()
    answers = write(
        tmp_path / "a.yaml",
        f"exemptions:\n  device.firewall: {{reason: managed by my employer, until: {until}}}\n",
    )
    report = report_of(
        cli_here("audit", "--no-probes", "--format", "json", "--answers", str(answers))
    )
    assert report["exemptions"] == [
        {"id": "device.firewall", "reason": "managed by my employer", "until": until}
    ]
    assert by_id(report)["device.firewall"]["status"] == "skipped"
    for fmt, shown in (("text", until), ("markdown", until.replace("-", "\\-"))):
        out = cli_here("audit", "--no-probes", "--format", fmt, "--answers", str(answers)).stdout
        assert "Exemptions in force" in out and "managed by my employer" in out and shown in out


def test_an_answer_dated_in_the_future_is_an_input_error(cli_here: Cli, tmp_path: Path) -> None:
    answers = write(
        tmp_path / "a.yaml",
        "answers:\n  login_activity.review: {value: daily, answered_at: 2099-01-01T00:00:00Z}\n",
    )
    run = cli_here("audit", "--no-probes", "--answers", str(answers))
    assert run.code == 2 and f"{answers}:2:" in run.stderr and "future" in run.stderr


def test_an_answer_a_few_hours_ahead_is_clock_skew_and_accepted(
    cli_here: Cli, tmp_path: Path
) -> None:
    when = now_iso(hours=5)
    answers = write(
        tmp_path / "a.yaml",
        f"answers:\n  login_activity.review: {{value: daily, answered_at: '{when}'}}\n",
    )
    assert cli_here("audit", "--no-probes", "--answers", str(answers)).code == 0


def test_an_answers_file_others_can_write_is_refused(cli_here: Cli, tmp_path: Path) -> None:
    answers = write(tmp_path / "a.yaml", "answers:\n  two_factor.enabled: totp\n")
    answers.chmod(0o664)
    run = cli_here("audit", "--no-probes", "--answers", str(answers))
    assert run.code == 2 and "group or others can write it" in run.stderr
    assert cli_here("answer", "two_factor.enabled", "none", "--answers", str(answers)).code == 2
    assert "totp" in answers.read_text()  # never silently used, nor rewritten


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to chown")
def test_an_answers_file_another_user_owns_is_refused(cli_here: Cli, tmp_path: Path) -> None:
    answers = write(tmp_path / "a.yaml", "answers:\n  two_factor.enabled: totp\n")
    answers.chmod(0o600)
    os.chown(answers, 4242, -1)
    run = cli_here("audit", "--no-probes", "--answers", str(answers))
    assert run.code == 2 and "owned by another user" in run.stderr


def test_a_default_config_directory_others_can_write_is_refused(cli_here: Cli, home: Home) -> None:
    home.config.mkdir(parents=True)
    home.config.chmod(0o777)
    run = cli_here("audit", "--no-probes")
    assert run.code == 2 and "other users can write this directory" in run.stderr
    home.config.chmod(0o700)
    assert cli_here("audit", "--no-probes").code == 0


# --- 3. every rule can reach a known state ----------------------------------------------------


@pytest.mark.parametrize("rule_id", PROBE_RULES)
def test_every_probe_rule_can_be_answered_from_the_command_line(
    cli_here: Cli, tmp_path: Path, rule_id: str
) -> None:
    listing = cli_here("answer", rule_id)
    assert listing.code == 0 and listing.stdout.count("\n") >= 3
    first_choice = listing.stdout.splitlines()[1].split()[0]
    answers = tmp_path / "a.yaml"
    assert cli_here("answer", rule_id, first_choice, "--answers", str(answers)).code == 0
    report = report_of(
        cli_here("audit", "--no-probes", "--format", "json", "--answers", str(answers))
    )
    assert by_id(report)[rule_id]["status"] in ("pass", "warn", "fail", "skipped")


def test_answering_everything_reaches_full_coverage(cli_here: Cli, tmp_path: Path) -> None:
    cli = cli_here  # some forty commands
    answers = tmp_path / "a.yaml"
    rules = json.loads(cli("rules", "list", "--format", "json").stdout)
    for rule in rules:
        listing = cli("answer", rule["id"])
        if listing.code == 0:
            choice = listing.stdout.splitlines()[1].split()[0]
            assert cli("answer", rule["id"], choice, "--answers", str(answers)).code == 0
    run = cli(
        "audit", "--no-probes", "--format", "json", "--answers", str(answers), "--password-stdin",
        stdin=strong_password() + "\n",
    )  # fmt: skip
    report = report_of(run)
    # Only the breach check needs more than answers (a corpus, or the opt-in online check).
    unknown = [r["id"] for r in report["results"] if r["status"] in ("unknown", "error")]
    assert unknown == ["password.breached"]
    assert report["score"]["grade"] is not None


# --- 4. the password verdict stays ------------------------------------------------------------


def strong_password() -> str:
    alphabet = string.ascii_letters + string.digits + string.punctuation
    return "".join(secrets.choice(alphabet) for _ in range(24))


def test_the_password_verdict_is_kept_without_the_password(
    cli_here: Cli, home: Home, tmp_path: Path
) -> None:
    password = strong_password()
    answers = tmp_path / "a.yaml"
    first = cli_here(
        "audit", "--no-probes", "--format", "json", "--answers", str(answers),
        "--password-stdin", stdin=password + "\n",
    )  # fmt: skip
    assert by_id(report_of(first))["password.strength"]["status"] == "pass"
    second = report_of(
        cli_here("audit", "--no-probes", "--format", "json", "--answers", str(answers))
    )
    kept = by_id(second)["password.strength"]
    assert kept["status"] == "pass" and kept["answered_at"] is not None
    assert kept["evidence"]["score"] == 4
    saved = answers.read_text()
    assert "status: pass" in saved and "score: 4" in saved
    for path in [answers, *home.files()]:
        data = path.read_bytes()
        assert password.encode() not in data, path
        assert f"length: {len(password)}".encode() not in data


def test_no_save_keeps_the_verdict_out_of_the_file(cli_here: Cli, tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    run = cli_here(
        "audit", "--no-probes", "--answers", str(answers), "--password-stdin", "--no-save",
        stdin=strong_password() + "\n",
    )  # fmt: skip
    assert run.code == 0 and not answers.exists()


def test_a_kept_verdict_older_than_90_days_asks_for_a_new_check(
    cli_here: Cli, tmp_path: Path
) -> None:
    answers = write(
        tmp_path / "a.yaml",
        f"password: {{status: pass, score: 4, checked_at: '{now_iso(days=-91)}'}}\n",
    )
    result = by_id(
        report_of(cli_here("audit", "--no-probes", "--format", "json", "--answers", str(answers)))
    )["password.strength"]
    assert result["status"] == "unknown" and "check it again" in result["message"]


def test_a_kept_verdict_dated_in_the_future_is_an_input_error(
    cli_here: Cli, tmp_path: Path
) -> None:
    answers = write(
        tmp_path / "a.yaml",
        f"password: {{status: pass, score: 4, checked_at: '{now_iso(days=30)}'}}\n",
    )
    run = cli_here("audit", "--no-probes", "--answers", str(answers))
    assert run.code == 2 and "future" in run.stderr


# --- 5. evidence in sentences -----------------------------------------------------------------


@pytest.mark.usefixtures("shared_facts")
@pytest.mark.parametrize("lang", ["en", "zh", "zh-Hant"])
def test_no_message_reads_like_code(cli, tmp_path: Path, lang: str) -> None:  # type: ignore[no-untyped-def]
    report = report_of(
        cli("audit", "--format", "json", "--lang", lang, "--answers", str(tmp_path / "a.yaml"))
    )
    for result in report["results"]:
        message = result["message"]
        for code in (" = True", " = False", "= None", "_updates", "{", "}"):
            assert code not in message, (result["id"], message)


def test_text_and_markdown_name_rules_by_title(cli_here: Cli, tmp_path: Path) -> None:
    answers = write(tmp_path / "a.yaml", "answers:\n  two_factor.enabled: none\n")
    text = cli_here("audit", "--no-probes", "--answers", str(answers)).stdout
    capped = next(line for line in text.splitlines() if line.startswith("Grade capped by"))
    assert "Two-factor authentication is on" in capped and "two_factor.enabled" not in capped
    fix = text.split("Fix first:")[1].split("Checklist:")[0]
    assert "Turn on 2FA with an authenticator app or a security key" in fix  # the action
    markdown = cli_here("audit", "--no-probes", "--format", "markdown", "--answers", str(answers))
    assert "not answered yet" in markdown.stdout
    assert "not answered yet (your answer)" not in markdown.stdout


# --- 6. while it works ------------------------------------------------------------------------


@pytest.mark.skipif(os.name == "nt", reason="needs a pseudo-terminal (pty)")
@pytest.mark.usefixtures("shared_facts")
def test_audit_shows_progress_on_a_terminal_only(cli, home: Home, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import pty

    answers = str(tmp_path / "a.yaml")
    piped = cli("audit", "--answers", answers)
    assert piped.code == 0 and piped.stderr == ""

    def on_a_terminal(*extra: str) -> str:
        leader, follower = pty.openpty()
        proc = subprocess.run(
            [*securecheck_command(), "audit", "--answers", answers, *extra],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=follower,
            env=home.env,
            timeout=120,
            check=False,
        )
        os.close(follower)
        seen = b""
        try:
            while chunk := os.read(leader, 65536):
                seen += chunk
        except OSError:
            pass  # the follower is closed: nothing more to read
        os.close(leader)
        assert proc.returncode == 0
        return seen.decode()

    shown = on_a_terminal()
    assert "Checking this machine" in shown and shown.endswith("\r\x1b[K")
    assert on_a_terminal("--quiet") == ""


# --- a probe that breaks, times out or goes missing cannot help ---------------------------------


def test_a_crashed_timed_out_or_missing_probe_never_raises_the_shipped_score() -> None:
    from securecheck.core import audit
    from securecheck.core.answers import AnswerSet
    from securecheck.core.model import ProbeOutcome
    from securecheck.core.rulepacks import load_rules
    from securecheck.i18n import Verbatim

    rules = load_rules()
    seen = {
        "os_updates": ProbeOutcome(
            "os_updates",
            {"pending_updates": 141, "pending_security_updates": 90, "automatic_updates": False},
        ),
        "firewall": ProbeOutcome("firewall", {"enabled": False}),
        "hosts_file": ProbeOutcome(
            "hosts_file",
            {"hijack_count": 0, "hijacked_domains": [], "entries_checked": 4},
        ),
    }
    honest = audit.score(rules, AnswerSet(), seen).score
    for name in seen:
        variants = {
            "crashed": ProbeOutcome(name, {}, error=Verbatim("the check broke")),
            "timed out": ProbeOutcome(name, {}, reason=Verbatim("did not finish within 30 s")),
        }
        for how, broken in variants.items():
            worse = audit.score(rules, AnswerSet(), {**seen, name: broken}).score
            assert worse.value <= honest.value, (name, how)
            assert worse.grade is None or honest.grade is not None, (name, how)
        missing = {k: v for k, v in seen.items() if k != name}
        assert audit.score(rules, AnswerSet(), missing).score.value <= honest.value, name
