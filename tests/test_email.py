"""check-email: genuine exchange mail passes; each forgery a phisher makes is caught."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import jsonschema
import pytest
from conftest import Home, Run
from email_maker import CODE, PROVIDER_AR, make_mail, write_mail

from securecheck.cli import main
from securecheck.core.validation import load_schema
from securecheck.tools.email.judge import EmailVerdict, judge_mail
from securecheck.tools.email.message import parse_auth_results, parse_mail

EMAIL_SCHEMA = load_schema("email.schema.json")


def judge(code: str | None = CODE, **changes: object) -> EmailVerdict:
    return judge_mail(parse_mail(make_mail(**changes)), code)  # type: ignore[arg-type]


def said(verdict: EmailVerdict, severity: str | None = None) -> str:
    return " | ".join(
        f.text.get("en") for f in verdict.findings if severity is None or f.severity == severity
    )


def test_genuine_mail_from_the_exchange_is_genuine() -> None:
    verdict = judge()
    assert verdict.kind == "genuine", said(verdict)
    assert verdict.brand == "OKX"
    assert "DKIM signature verified by mx.google.com for okx.com" in said(verdict, "ok")
    assert "your anti-phishing code is in the message" in said(verdict, "ok")


def test_display_name_spoofing_is_forged() -> None:
    verdict = judge(
        sender="OKX Support <x@gmail.com>",
        provider_ar="mx.google.com; dkim=pass header.d=gmail.com; spf=pass; dmarc=pass",
    )
    assert verdict.kind == "forged"
    assert "display-name spoofing" in said(verdict, "forged")


def test_look_alike_sender_domain_is_forged() -> None:
    verdict = judge(
        sender="OKX <noreply@okx-support.com>",
        provider_ar="mx.google.com; dkim=pass header.d=okx-support.com; spf=pass; dmarc=pass",
    )
    assert verdict.kind == "forged"
    assert "the sender's domain okx-support.com imitates okx.com (OKX)" in said(verdict)


def test_failed_dkim_for_an_official_sender_is_forged() -> None:
    verdict = judge(provider_ar="mx.google.com; dkim=fail header.d=okx.com; spf=pass")
    assert verdict.kind == "forged"
    assert "found no valid DKIM signature (dkim=fail)" in said(verdict, "forged")


def test_dkim_pass_for_another_domain_is_not_aligned() -> None:
    verdict = judge(provider_ar="mx.example; dkim=pass header.d=mailer.example.net")
    assert verdict.kind == "forged"
    assert "DKIM passed only for mailer.example.net" in said(verdict)


def test_dkim_of_a_subdomain_of_the_sender_is_aligned() -> None:
    verdict = judge(provider_ar="mx.example; dkim=pass header.d=mail.okx.com; dmarc=pass")
    assert verdict.kind == "genuine", said(verdict)


def test_forged_authentication_results_below_the_providers_is_ignored_and_noted() -> None:
    verdict = judge(
        provider_ar="mx.google.com; dkim=none; spf=softfail; dmarc=fail header.from=okx.com",
        forged_ar_below=PROVIDER_AR,  # says dkim=pass for okx.com: written by the sender
    )
    assert verdict.kind == "forged"
    assert "1 more Authentication-Results header below the top-most one" in said(verdict, "note")
    assert "DKIM signature verified" not in said(verdict)


def test_missing_authentication_results_is_suspicious_not_genuine() -> None:
    verdict = judge(provider_ar=None)
    assert verdict.kind == "suspicious"
    assert "no Authentication-Results header" in said(verdict, "suspicious")


def test_failing_spf_alone_makes_it_suspicious() -> None:
    verdict = judge(provider_ar="mx.google.com; dkim=pass header.d=okx.com; spf=softfail")
    assert verdict.kind == "suspicious"
    assert "SPF=softfail at your provider" in said(verdict)


def test_link_to_a_look_alike_is_forged() -> None:
    verdict = judge(links=(("https://okx-security-verify.com/login", "Log in"),))
    assert verdict.kind == "forged"
    assert "a link leads to okx-security-verify.com, a look-alike of okx.com" in said(verdict)
    assert ("okx-security-verify.com", "lookalike") in [(x.host, x.kind) for x in verdict.links]


def test_link_text_showing_the_official_domain_but_leading_elsewhere_is_forged() -> None:
    verdict = judge(links=(("https://203.0.113.9/login", "https://www.okx.com/login"),))
    assert verdict.kind == "forged"
    assert "a link shows www.okx.com but leads to 203.0.113.9" in said(verdict, "forged")


def test_link_to_an_unknown_site_is_suspicious() -> None:
    verdict = judge(links=(("https://tracker.example.net/c/1", "Security"),))
    assert verdict.kind == "suspicious"
    assert "tracker.example.net, which is not an official domain" in said(verdict)


def test_link_in_the_plain_text_part_is_judged_too() -> None:
    verdict = judge(plain_url="https://0kx.com/support")
    assert verdict.kind == "forged"
    assert "0kx.com" in said(verdict, "forged")


def test_missing_anti_phishing_code_is_suspicious() -> None:
    verdict = judge(code="Another-Code-1")
    assert verdict.kind == "suspicious"
    assert "anti-phishing code is NOT in the message" in said(verdict, "suspicious")


def test_skipped_code_is_said() -> None:
    verdict = judge(code=None)
    assert verdict.kind == "genuine"
    assert "anti-phishing code not checked (--no-code)" in said(verdict, "note")


def test_reasons_read_in_both_chinese_scripts() -> None:
    verdict = judge(sender="OKX Support <x@gmail.com>")
    hans = " ".join(f.text.get("zh-Hans") for f in verdict.findings)
    hant = " ".join(f.text.get("zh-Hant") for f in verdict.findings)
    assert "冒用显示名称" in hans and "冒用顯示名稱" in hant


def test_authentication_results_parsing_skips_comments_and_reads_properties() -> None:
    header = parse_auth_results(
        "mx.example.org (version 1); dkim=pass (2048-bit key; secure) header.d=okx.com "
        'header.s="s1"; spf=fail (sender IP is 192.0.2.9) smtp.mailfrom=evil.io'
    )
    assert header.authserv_id == "mx.example.org"
    assert [(r.method, r.result) for r in header.results] == [("dkim", "pass"), ("spf", "fail")]
    assert header.results[0].prop("header.d") == "okx.com"
    assert header.results[0].prop("header.s") == "s1"


# --- the command ------------------------------------------------------------------------------


def run_in_process(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], stdin: str, *args: str
) -> Run:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(["check-email", *args, "--lang", "en"])
    out = capsys.readouterr()
    return Run(code, out.out, out.err)


@pytest.mark.parametrize(
    ("changes", "code", "verdict"),
    [
        ({}, 0, "genuine"),
        ({"sender": "OKX Support <x@gmail.com>"}, 1, "forged"),
        ({"code": None}, 1, "suspicious"),
    ],
)
def test_exit_code_and_json_follow_the_verdict(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    changes: dict[str, object],
    code: int,
    verdict: str,
) -> None:
    path = write_mail(tmp_path, **cast(dict[str, Any], changes))
    run = run_in_process(
        monkeypatch, capsys, CODE + "\n", str(path), "--code-stdin", "--format", "json"
    )
    document = json.loads(run.stdout)
    jsonschema.validate(document, EMAIL_SCHEMA)
    assert (run.code, document["verdict"]) == (code, verdict)


@pytest.mark.parametrize("content", [b"", b"\x00\x01 not a mail", None])
def test_unreadable_input_exits_2_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    content: bytes | None,
) -> None:  # fmt: skip
    path = tmp_path / "mail.eml"
    if content is not None:
        path.write_bytes(content)
    run = run_in_process(monkeypatch, capsys, CODE + "\n", str(path), "--code-stdin")
    assert run.code == 2 and run.stdout == ""
    assert run.stderr.startswith("securecheck: error: ") and run.stderr.count("\n") == 1


def test_no_terminal_and_no_code_option_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    run = run_in_process(monkeypatch, capsys, "", str(write_mail(tmp_path)))
    assert run.code == 2 and "--code-stdin or --no-code" in run.stderr


def test_code_is_asked_without_echo_on_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    asked: list[str] = []

    def fake_getpass(prompt: str = "") -> str:
        asked.append(prompt)
        return CODE

    monkeypatch.setattr("getpass.getpass", fake_getpass)
    tty = io.StringIO()
    tty.isatty = lambda: True  # type: ignore[method-assign]
    monkeypatch.setattr("sys.stdin", tty)
    code = main(["check-email", str(write_mail(tmp_path)), "--lang", "en"])
    assert code == 0 and len(asked) == 1 and CODE not in capsys.readouterr().out


def test_the_code_never_appears_in_any_output_or_file(
    cli: Callable[..., Run], home: Home, tmp_path: Path
) -> None:
    # The code is also in a link text and the sender's name: still never shown.
    path = write_mail(
        tmp_path,
        sender=f"OKX {CODE} <noreply@okx.com>",
        links=(("https://okx-login.io/", f"code {CODE} okx.com"),),
    )
    for fmt in ("text", "json"):
        for lang in ("en", "zh-Hant"):
            run = cli("check-email", str(path), "--code-stdin", "--format", fmt, "--lang", lang,
                      stdin=CODE + "\n")  # fmt: skip
            assert run.code == 1, run.stderr
            assert CODE not in run.stdout + run.stderr
    for file in home.files():
        assert CODE.encode() not in file.read_bytes(), file


def test_microsofts_header_without_an_authserv_id_is_read() -> None:
    header = parse_auth_results(
        "spf=pass (sender IP is 192.0.2.1) smtp.mailfrom=okx.com; dkim=pass (signature was "
        "verified) header.d=okx.com;dmarc=pass action=none header.from=okx.com;compauth=pass "
        "reason=100"
    )
    assert header.authserv_id == ""
    methods = [(r.method, r.result) for r in header.results]
    assert methods == [("spf", "pass"), ("dkim", "pass"), ("dmarc", "pass"), ("compauth", "pass")]


def test_a_short_code_is_hidden_without_breaking_the_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_mail(tmp_path, code="e", sender="OKX Support <x@gmail.com>")
    run = run_in_process(monkeypatch, capsys, "e\n", str(path), "--code-stdin", "--format", "json")
    document = json.loads(run.stdout)  # the keys are intact
    jsonschema.validate(document, EMAIL_SCHEMA)
    assert all("e" not in f["text"] for f in document["findings"])


def test_escape_sequences_in_the_message_are_inert_in_the_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    osc52 = "\x1b]52;c;ZXZpbA==\x07"
    path = write_mail(
        tmp_path,
        sender=f"=?utf-8?q?OKX_Support{osc52.replace(' ', '_')}?= <x@gmail.com>",
        links=((f"https://okx-login.io/{osc52}", "x"),),
    )
    for fmt in ("text", "json"):
        run = run_in_process(monkeypatch, capsys, CODE + "\n", str(path), "--code-stdin",
                             "--format", fmt)  # fmt: skip
        assert run.code == 1 and "\x1b" not in run.stdout and "\x07" not in run.stdout
