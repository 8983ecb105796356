"""`securecheck vault`: every export format finds the planted entries; errors at file:line;
the results feed the audit's rules; the export is never modified."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import Home, Run, write
from corpus_maker import write_file_corpus
from vault_maker import CORPUS, MASTER, WRITERS, write_export

from securecheck.core.validation import load_schema

Cli = Callable[..., Run]
VAULT_SCHEMA = load_schema("vault.schema.json")
EXPECTED = {
    ("OKX", "reused"),
    ("Forum", "reused"),
    ("Old mail", "weak"),
    ("Old mail", "breached"),
    ("Shop", "breached"),
    ("OKX", "two_factor_available"),
    ("GitHub", "two_factor_available"),
}
FIREFOX_TITLES = {
    "OKX": "okx.com",
    "Forum": "forum.example.org",
    "Old mail": "mail.example.net",
    "Shop": "shop.example.com",
    "GitHub": "github.com",
}


# The tests of what the audit finds and says run the command in this process (`cli_here`); the
# ones of how it refuses an export, and the hygiene tests (tests/security), run the installed
# program.
def vault(cli: Cli, export: Path, *args: str, **kw: Any) -> Run:
    stdin = MASTER + "\n" if export.suffix == ".kdbx" else None
    extra = ["--password-stdin"] if stdin else []
    return cli("vault", str(export), *extra, *args, stdin=stdin, **kw)


def findings(report: dict[str, Any]) -> set[tuple[str, str]]:
    return {(f["title"], f["kind"]) for f in report["findings"]}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_file_corpus(tmp_path / "corpus" / "pwned.txt", CORPUS)


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_every_format_finds_the_planted_entries(
    cli_here: Cli, tmp_path: Path, corpus: Path, fmt: str
) -> None:
    export = write_export(fmt, tmp_path / "in")
    before = (export.read_bytes(), export.stat().st_mtime_ns)
    run = vault(cli_here, export, "--format", "json", "--breaches", str(corpus))
    assert run.code == 0, run.stderr
    report = json.loads(run.stdout)
    jsonschema.validate(report, VAULT_SCHEMA)
    assert report["format"] == fmt
    assert report["entries_checked"] == 6 and report["exchange_entries"] == 1
    expected = EXPECTED
    if fmt == "firefox-csv":  # Firefox keeps no titles: entries are named by their domain
        expected = {(FIREFOX_TITLES[t], k) for t, k in EXPECTED}
    assert findings(report) == expected
    okx = [f for f in report["findings"] if f["domain"] == "okx.com"]
    assert okx and all(f.get("exchange") is True for f in okx)
    assert all("exchange" not in f for f in report["findings"] if f["domain"] != "okx.com")
    assert (export.read_bytes(), export.stat().st_mtime_ns) == before


def test_text_and_markdown_show_the_same_findings(
    cli_here: Cli, tmp_path: Path, corpus: Path
) -> None:
    export = write_export("bitwarden-csv", tmp_path / "in")
    text = vault(cli_here, export, "--breaches", str(corpus), "--no-save")
    markdown = vault(
        cli_here, export, "--format", "markdown", "--breaches", str(corpus), "--no-save"
    )
    assert text.code == 0 and markdown.code == 0
    for title in ("OKX (okx.com) [exchange]", "Old mail", "seen 3,861 times in breaches"):
        assert title in text.stdout
    assert "| OKX **[exchange]** | okx.com | reused |" in markdown.stdout
    zh = vault(cli_here, export, "--lang", "zh", "--no-save")
    assert "可开启双重验证，但未设置" in zh.stdout and "未搜索" in zh.stdout


def test_without_a_corpus_nothing_is_called_breached(cli_here: Cli, tmp_path: Path) -> None:
    export = write_export("chrome-csv", tmp_path / "in")
    report = json.loads(vault(cli_here, export, "--format", "json").stdout)
    assert report["checks"]["breached"] is None
    assert all(f["kind"] != "breached" for f in report["findings"])


# --- the audit's rules ----------------------------------------------------------------------


def audit_results(cli: Cli) -> dict[str, dict[str, Any]]:
    run = cli("audit", "--no-probes", "--format", "json")
    assert run.code == 0, run.stderr
    return {r["id"]: r for r in json.loads(run.stdout)["results"]}


def test_vault_results_feed_the_audit_and_are_remembered(
    cli_here: Cli, home: Home, tmp_path: Path, corpus: Path
) -> None:
    assert audit_results(cli_here)["password.unique"]["message"] == "not answered yet"
    export = write_export("bitwarden-json", tmp_path / "in")
    assert vault(cli_here, export, "--breaches", str(corpus)).code == 0
    saved = (home.config / "answers.yaml").read_text("utf-8")
    assert "vault:" in saved and "reused_by: 1" in saved and "breached: false" in saved
    results = audit_results(cli_here)
    assert results["password.unique"]["status"] == "fail"
    assert results["password.unique"]["message"] == (
        "the exchange password is also the password of 1 other entry"
    )
    assert results["password.breached"]["status"] == "pass"
    assert results["two_factor.enabled"]["status"] == "unknown"  # no TOTP stored for OKX


def test_a_totp_stored_for_the_exchange_answers_the_2fa_question(
    cli_here: Cli, tmp_path: Path
) -> None:
    export = write(
        tmp_path / "e.csv",
        "name,url,username,password,note\nOKX,https://okx.com,a,Canary-Unique-Exch-1q2w3e4r,\n",
    )
    assert cli_here("vault", str(export)).code == 0
    results = audit_results(cli_here)
    assert results["password.unique"]["status"] == "pass"  # no other entry has it
    assert results["two_factor.enabled"]["status"] == "unknown"  # Chrome keeps no TOTP
    export = write(
        tmp_path / "b.csv",
        "folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,"
        "login_password,login_totp\n"
        ",,login,OKX,,,0,https://okx.com,a,Canary-Unique-Exch-1q2w3e4r,otpauth://totp/x\n",
    )
    assert cli_here("vault", str(export)).code == 0
    two_factor = audit_results(cli_here)["two_factor.enabled"]
    assert two_factor["status"] == "pass" and "authenticator (TOTP)" in two_factor["message"]
    assert cli_here("answer", "two_factor.enabled", "sms").code == 0  # an answer wins
    assert audit_results(cli_here)["two_factor.enabled"]["status"] == "warn"


def test_no_save_leaves_the_answers_file_alone(cli_here: Cli, home: Home, tmp_path: Path) -> None:
    export = write_export("keepassxc-csv", tmp_path / "in")
    assert vault(cli_here, export, "--no-save").code == 0
    assert not (home.config / "answers.yaml").exists()


# --- wrong and truncated files --------------------------------------------------------------


def truncated(path: Path, keep: float) -> Path:
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    return path


@pytest.mark.parametrize(
    ("make", "where", "message"),
    [
        (
            lambda d: write(
                d / "x.csv", 'name,url,username,password\nA,https://a.com,u,"unclosed\n'
            ),
            ":2:",
            "truncated",
        ),
        (
            lambda d: write(d / "x.csv", "name,url,username,password\nA,https://a.com,u\n"),
            ":2:",
            "3 fields where the header has 4",
        ),
        (lambda d: write(d / "x.csv", "a,b,c\n1,2,3\n"), ":1:", "not a password-manager export"),
        (lambda d: truncated(write_export("bitwarden-json", d), 0.5), ":", "not valid JSON"),
        (
            lambda d: write(d / "x.json", '{"encrypted": true, "data": "2.abc|def"}'),
            ":1:",
            "encrypted Bitwarden export",
        ),
        (lambda d: write(d / "x.json", '{"items": [1]}'), ": items[0]:", "expected an object"),
        (lambda d: truncated(write_export("1pux", d), 0.6), ": ", "not a readable ZIP"),
        (lambda d: write(d / "empty.csv", ""), ":1:", "empty"),
    ],
    ids=[
        "unclosed",
        "short-row",
        "unknown-csv",
        "cut-json",
        "encrypted",
        "shape",
        "cut-zip",
        "empty",
    ],
)
def test_bad_exports_are_errors_naming_the_file(
    cli: Cli, tmp_path: Path, make: Callable[[Path], Path], where: str, message: str
) -> None:
    export = make(tmp_path)
    run = cli("vault", str(export), "--output", "out.json", cwd=tmp_path)
    assert run.code == 2, run.stderr
    assert f"{export}{where}" in run.stderr and message in run.stderr, run.stderr
    assert "Traceback" not in run.stderr and run.stdout == ""
    assert not (tmp_path / "out.json").exists()


def test_1pux_without_export_data_is_refused(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "x.1pux"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    run = cli("vault", str(path))
    assert run.code == 2 and "without export.data" in run.stderr


def test_kdbx_needs_the_master_password_on_stdin(cli: Cli, tmp_path: Path) -> None:
    export = write_export("kdbx", tmp_path / "in")
    digest = hashlib.sha256(export.read_bytes()).hexdigest()
    run = cli("vault", str(export))
    assert run.code == 2 and "--password-stdin" in run.stderr
    wrong = cli("vault", str(export), "--password-stdin", stdin="not-the-master\n")
    assert wrong.code == 2 and "master password is wrong" in wrong.stderr
    assert hashlib.sha256(export.read_bytes()).hexdigest() == digest


def test_output_over_the_export_itself_is_refused(cli: Cli, tmp_path: Path) -> None:
    export = write_export("chrome-csv", tmp_path / "in")
    run = cli("vault", str(export), "--output", str(export))
    assert run.code == 2 and "overwrite the export" in run.stderr
