"""`securecheck history` and `securecheck diff`, run as a user runs them."""

from __future__ import annotations

import json
import stat
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
from conftest import CANARY, Home, Run, write
from security.secscan import leaks_in_tree

from securecheck.core.validation import load_schema

Cli = Callable[..., Run]


def history_file(home: Home) -> Path:
    return home.root / "data" / "securecheck" / "history.jsonl"


def audit(cli: Cli, answers: Path, *extra: str, stdin: str | None = None) -> Run:
    run = cli("audit", "--no-probes", "--answers", str(answers), *extra, stdin=stdin)
    assert run.code == 0, run.stderr
    return run


def test_two_audits_are_listed_and_diff_names_the_rule_that_changed(
    cli: Cli, home: Home, tmp_path: Path
) -> None:
    answers = write(tmp_path / "a.yaml", "answers:\n  two_factor.enabled: none\n")
    audit(cli, answers, "--password-stdin", stdin=CANARY + "\n")
    write(answers, "answers:\n  two_factor.enabled: totp\n")
    audit(cli, answers, "--password-stdin", stdin=CANARY + "\n")

    listed = cli("history", "--format", "json")
    assert listed.code == 0, listed.stderr
    document = json.loads(listed.stdout)
    jsonschema.validate(document, load_schema("history.schema.json"))
    runs = document["runs"]
    assert [r["n"] for r in runs] == [1, 2]
    assert [r["rules"]["two_factor.enabled"]["status"] for r in runs] == ["fail", "pass"]
    assert runs[1]["score"] > runs[0]["score"]
    assert document["trend"]["scores"] == [runs[0]["score"], runs[1]["score"]]

    diff = cli("diff", "--format", "json")
    assert diff.code == 0, diff.stderr
    changes = json.loads(diff.stdout)
    jsonschema.validate(changes, load_schema("diff.schema.json"))
    assert [c["id"] for c in changes["changes"]["better"]] == ["two_factor.enabled"]
    assert changes["changes"]["worse"] == [] and changes["changes"]["unknown"] == []

    text = cli("diff")
    assert text.code == 0
    assert "two_factor.enabled): fail → pass, +20 points" in text.stdout

    path = history_file(home)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert leaks_in_tree([home.root, tmp_path], CANARY) == {}


@pytest.mark.usefixtures("shared_facts")
def test_the_history_holds_no_host_user_or_path(cli: Cli, home: Home, tmp_path: Path) -> None:
    import getpass
    import socket

    answers = write(tmp_path / "a.yaml", "answers:\n  two_factor.enabled: sms\n")
    audit(cli, answers)
    run = cli("audit", "--answers", str(answers))  # with the probes: they read files
    assert run.code == 0, run.stderr
    text = history_file(home).read_text()
    for private in (socket.gethostname(), getpass.getuser(), str(home.root), "/etc/", "sms"):
        assert private not in text, private


def test_no_history_leaves_no_record(cli: Cli, home: Home, tmp_path: Path) -> None:
    audit(cli, tmp_path / "none.yaml", "--no-history")
    cli("--no-history", "audit", "--no-probes", "--answers", str(tmp_path / "none.yaml"))
    assert not history_file(home).exists()
    assert cli("history", "--format", "json").stdout.count('"run_id"') == 0


def test_history_text_shows_a_sparkline_of_the_scores(cli: Cli, tmp_path: Path) -> None:
    answers = write(tmp_path / "a.yaml", "answers:\n  two_factor.enabled: none\n")
    audit(cli, answers)
    write(answers, "answers:\n  two_factor.enabled: totp\n  login_activity.review: daily\n")
    audit(cli, answers)
    run = cli("history")
    assert run.code == 0
    lines = run.stdout.splitlines()
    assert lines[0] == "History: 2 runs"
    trend = lines[1]
    assert trend.startswith("Trend: ") and trend.split()[1][0] == "▁" and trend.split()[1][1] > "▁"
    assert len([line for line in lines if line[:1].isdigit()]) == 2


def test_history_in_chinese(cli: Cli, tmp_path: Path) -> None:
    audit(cli, tmp_path / "none.yaml")
    run = cli("history", "--lang", "zh")
    assert run.stdout.splitlines()[0] == "历史记录：1 次运行"


def test_an_empty_history_says_how_to_fill_it(cli: Cli) -> None:
    run = cli("history")
    assert run.code == 0 and "No runs in the history yet" in run.stdout
    assert json.loads(cli("history", "--format", "json").stdout)["runs"] == []


def test_diff_picks_runs_by_number_from_the_end_or_by_id(cli_here: Cli, tmp_path: Path) -> None:
    # Nine commands, each proved by what it prints: in this process (`cli_here`).
    cli = cli_here
    answers = write(tmp_path / "a.yaml", "answers:\n  two_factor.enabled: none\n")
    audit(cli, answers)
    write(answers, "answers:\n  two_factor.enabled: sms\n")
    audit(cli, answers)
    write(answers, "answers:\n  two_factor.enabled: totp\n")
    audit(cli, answers)
    runs = json.loads(cli("history", "--format", "json").stdout)["runs"]

    def changed(*picks: str) -> tuple[str | None, str | None]:
        run = cli("diff", *picks, "--format", "json")
        assert run.code == 0, run.stderr
        data = json.loads(run.stdout)
        change = next(
            c for kind in data["changes"].values() for c in kind if c["id"] == "two_factor.enabled"
        )
        return change["from"], change["to"]

    assert changed() == ("warn", "pass")
    assert changed("1", "3") == ("fail", "pass")
    assert changed("1") == ("fail", "pass")
    assert changed("-3", "-2") == ("fail", "warn")
    assert changed(runs[0]["run_id"][:8], runs[1]["run_id"]) == ("fail", "warn")


def test_diff_refuses_runs_it_does_not_have(cli_here: Cli, tmp_path: Path) -> None:
    cli = cli_here  # seven commands, proved by their exit codes and what they print
    only = cli("diff")
    assert only.code == 2 and "diff needs two" in only.stderr and only.stdout == ""
    audit(cli, tmp_path / "none.yaml")
    audit(cli, tmp_path / "none.yaml")
    for bad in ("7", "0", "zzzz", "abc"):
        run = cli("diff", bad)
        assert run.code == 2 and run.stdout == "", bad
        assert "securecheck: error: no run" in run.stderr


def test_a_broken_history_is_an_error_for_history_and_a_warning_for_audit(
    cli: Cli, home: Home, tmp_path: Path
) -> None:
    path = history_file(home)
    write(path, "not json\n")
    run = cli("history")
    assert run.code == 2 and run.stdout == ""
    assert f"{path}:1: not a securecheck history record" in run.stderr
    assert cli("diff").code == 2
    report = cli("audit", "--no-probes", "--format", "json", "--answers", str(tmp_path / "x.yaml"))
    assert report.code == 0 and json.loads(report.stdout)["schema_version"] >= 1
    assert "warning: this run is not in the history" in report.stderr
    assert path.read_text() == "not json\n"


def test_a_run_id_prefix_of_digits_only_is_found_and_a_small_number_is_a_run_number() -> None:
    # Run ids are hex: about one 8-character prefix in forty is all digits.
    from types import SimpleNamespace
    from typing import cast

    from securecheck.cli.diff import pick
    from securecheck.core.errors import UsageError
    from securecheck.core.history.record import RunRecord

    ids = ["53687458aa", "1f00", "2abc00"]
    records = cast("list[RunRecord]", [SimpleNamespace(run_id=i) for i in ids])
    assert pick(records, "53687458") == 0
    assert pick(records, "1") == 0 and pick(records, "-1") == 2  # numbers, not id prefixes
    assert pick(records, "1f00") == 1
    with pytest.raises(UsageError, match="runs 1 to 3"):
        pick(records, "99999999")
