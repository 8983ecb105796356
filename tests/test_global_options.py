"""The global options (`--lang`, `--answers`, `--rules`, `--no-probes`) mean the same before the
command and after it, for every command: `securecheck --lang zh audit` speaks Chinese and
`securecheck --answers X answer …` writes X.

Each command runs in-process (`securecheck.cli.main`), so the whole file costs no subprocess.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import write

from securecheck.cli import COMMANDS, build_parser, main
from securecheck.cli.common import finish_globals

CUSTOM_RULE = """\
version: 1
rules:
  - id: custom.hardware_key
    category: account
    severity: low
    title: {en: Keep a hardware key, zh: 准备硬件密钥}
    why: {en: Phones get lost, zh: 手机会丢}
    advice: {en: Buy one, zh: 买一个}
    action: {en: Buy one, zh: 买一个}
    remediation: {en: Buy one, zh: 买一个}
    check:
      kind: question
      question:
        id: custom.hardware_key
        text: {en: "Do you keep one?", zh: "你有吗？"}
        choices:
          - {value: "yes", status: pass, label: {en: "Yes", zh: 有}}
          - {value: "no", status: fail, label: {en: "No", zh: 没有}}
"""

# The arguments each command needs besides the global options (a real, harmless run).
COMMAND_ARGS: dict[str, list[str]] = {
    "audit": ["audit", "--format", "json"],
    "history": ["history"],
    "diff": ["diff"],
    "rules": ["rules", "list"],
    "facts": ["facts"],
    "answer": ["answer", "two_factor.enabled", "totp"],
    "site": ["check-site", "https://www.okx.com/"],
    "address": ["check-address", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb"],
    "vault": ["vault", "vault.csv"],
    "email": ["check-email", "mail.eml", "--no-code"],
    "serve": ["serve", "--no-browser"],
}


def parse(argv: list[str]) -> argparse.Namespace:
    return finish_globals(build_parser().parse_args(argv))


def test_every_command_is_covered_here() -> None:
    assert set(COMMAND_ARGS) == set(COMMANDS)


@pytest.mark.parametrize("command", [*COMMANDS, "rules-validate"])
def test_global_options_parse_the_same_before_and_after_every_command(
    command: str, tmp_path: Path
) -> None:
    args = ["rules", "validate", "x.yaml"] if command == "rules-validate" else COMMAND_ARGS[command]
    answers, pack = str(tmp_path / "a.yaml"), str(tmp_path / "p.yaml")
    options = ["--lang", "zh-Hant", "--answers", answers, "--rules", pack, "--no-probes"]
    before = parse([*options, *args])
    after = parse([*args, *options])
    for parsed in (before, after):
        assert parsed.lang == "zh-Hant", command
        assert str(parsed.answers) == answers, command
        assert [str(p) for p in parsed.rules] == [pack], command
        assert parsed.no_probes is True, command
    plain = parse(args)
    assert (plain.lang, plain.answers, plain.rules, plain.no_probes) == (None, None, [], False)


def test_after_the_command_wins_and_rules_add_up(tmp_path: Path) -> None:
    one, two = tmp_path / "1.yaml", tmp_path / "2.yaml"
    parsed = parse(
        ["--lang", "zh", "--rules", str(one), "audit", "--lang", "en", "--rules", str(two)]
    )
    assert parsed.lang == "en"
    assert parsed.rules == [one, two]


Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("LC_ALL", "C.UTF-8")

    def go(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out = capsys.readouterr()
        return code, out.out, out.err

    return go


def both_orders(run: Run, options: list[str], args: list[str]) -> str:
    """The output of the command with the options before it; the same with them after it."""
    code, before, err = run(*options, *args)
    assert code in (0, 1), err
    code, after, err = run(*args, *options)
    assert code in (0, 1), err
    assert before == after, args
    return before


def han(text: str) -> int:
    """How many Chinese characters `text` has."""
    return sum("\u4e00" <= c <= "\u9fff" for c in text)


@pytest.mark.parametrize(
    "args",
    [
        ["audit", "--no-probes", "--no-history"],
        ["rules", "list"],
        ["check-site", "https://www.okx.com/"],
        ["check-address", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb"],
        ["history"],
    ],
)
def test_lang_before_or_after_reaches_the_command(run: Run, args: list[str]) -> None:
    shown = both_orders(run, ["--lang", "zh-Hant"], args)
    _, english, _ = run(*args, "--lang", "en")
    assert han(shown) > 0 and han(english) == 0, shown
    if args[0] == "audit":
        assert "得分" in shown and "帳戶" in shown  # Traditional, not Simplified 帐户


def test_answers_before_or_after_answer_writes_that_file(run: Run, tmp_path: Path) -> None:
    for i, order in enumerate(("before", "after")):
        target = tmp_path / f"{order}.yaml"
        options = ["--answers", str(target)]
        args = ["answer", "two_factor.enabled", "totp"]
        code, _, err = run(*(options + args if order == "before" else args + options))
        assert code == 0, err
        assert "value: totp" in target.read_text(), order
        assert len(list(tmp_path.glob("*.yaml"))) == i + 1  # no default file appeared instead


def test_answers_before_or_after_audit_reads_that_file(run: Run, tmp_path: Path) -> None:
    answers = write(tmp_path / "mine.yaml", "answers:\n  two_factor.enabled: none\n")
    report = both_orders(
        run, ["--answers", str(answers)], ["audit", "--no-probes", "--no-history", "--lang", "en"]
    )
    _, default, _ = run("audit", "--no-probes", "--no-history", "--lang", "en")
    assert report != default


@pytest.mark.parametrize("args", [["audit", "--no-probes", "--no-history"], ["rules", "list"]])
def test_rules_before_or_after_adds_the_pack(run: Run, tmp_path: Path, args: list[str]) -> None:
    pack = write(tmp_path / "mine.yaml", CUSTOM_RULE)
    shown = both_orders(run, ["--rules", str(pack), "--lang", "en"], args)
    assert "hardware key" in shown


def test_rules_before_or_after_validate_checks_the_pack(run: Run, tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.yaml", "rules:\n  - id: a.b\n    severity: hi\n")
    good = write(tmp_path / "good.yaml", CUSTOM_RULE)
    for argv in (
        ["--rules", str(bad), "rules", "validate", str(good)],
        ["rules", "validate", str(good), "--rules", str(bad)],
    ):
        code, _, err = run(*argv)
        assert code == 2 and f"{bad}:" in err, argv


def test_no_probes_before_or_after_audit_runs_no_probe(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    import securecheck.probes.gather as gather

    def refuse(*args: object, **kwargs: object) -> object:
        raise AssertionError("a probe ran despite --no-probes")

    monkeypatch.setattr(gather, "gather", refuse)
    report = both_orders(run, ["--no-probes"], ["audit", "--no-history", "--lang", "en"])
    assert "Score" in report


APP_LINES = [
    [],
    ["--lang", "zh"],
    ["--no-probes", "--lang", "en", "--no-history"],
    ["--answers", "x.yaml", "--rules", "a", "--rules", "b"],
    ["-vv", "--lang=zh-Hant"],
    ["--breaches", "corpus.txt", "--breaches-online"],
    ["--no-pro"],  # an abbreviation, as argparse allows
]


@pytest.mark.parametrize("argv", APP_LINES, ids=" ".join)
def test_the_app_s_quick_parse_reads_a_line_as_the_full_parser_does(argv: list[str]) -> None:
    from securecheck import cli

    quick = cli._app_args(argv)
    assert quick is not None
    assert vars(quick) == vars(cli.build_parser().parse_args(argv))


@pytest.mark.parametrize(
    "argv",
    [
        ["audit"],
        ["--lang", "en", "audit", "--format", "json"],
        ["-h"],
        ["--help"],
        ["--lang", "xx"],
        ["--frobnicate"],
        ["--answers"],
        ["history", "--lang", "zh"],
    ],
    ids=" ".join,
)
def test_a_command_help_or_a_mistake_goes_to_the_full_parser(argv: list[str]) -> None:
    from securecheck import cli

    assert cli._app_args(argv) is None  # the full parser then runs it, or says what is wrong


def _outcome(read: Callable[[], object], capsys: pytest.CaptureFixture[str]) -> tuple[object, ...]:
    try:
        result: object = vars(read())
    except SystemExit as exc:
        result = ("exit", exc.code)
    out = capsys.readouterr()
    return result, out.out, out.err


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--lang", "zh"],
        ["audit", "--no-probes", "--format", "json"],
        ["--lang", "zh", "audit", "--lang", "en", "--rules", "a"],
        ["--answers", "audit"],  # an option's value that reads like a command
        ["audit", "--output", "history"],
        ["rules", "validate", "x.yaml"],
        ["audit", "-h"],
        ["-h"],
        ["--version"],
        ["audit", "--frobnicate"],
        ["--frobnicate", "audit"],
        ["audit", "--lang", "xx"],
        ["nosuchcommand"],
        ["history", "--lang", "zh-Hant"],
    ],
    ids=" ".join,
)
def test_parse_builds_less_but_reads_every_line_as_the_full_parser(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    from securecheck import cli

    full = _outcome(lambda: finish_globals(build_parser().parse_args(argv)), capsys)
    assert _outcome(lambda: cli.parse(argv), capsys) == full
