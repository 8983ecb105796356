"""A rule pack, an answers file, a pasted link or a planted file cannot act on the terminal.

Attack (issue 10 §1): YAML escapes in a shared pack ("\\e]52;…" puts an attacker's address on
the clipboard, "\\e]0;…" sets the title, "\\e[1A\\e[2K" rewrites the line above) reached the
terminal raw through `rules list`, `audit` and error messages. Two defences, each tested alone:
the loader refuses such packs at file:line:col, and every output escapes what did not come from
our code even when the loader is switched off (`no_pack_text_check`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import Run, write
from security.hostile import (
    BIDI,
    DANGEROUS,
    INVISIBLE,
    OSC52,
    TERMINAL,
    hostile_pack,
    no_pack_text_check,
    write_pack,
)

from securecheck import cli as cli_module
from securecheck.core.errors import InputError
from securecheck.core.rulepacks import load_pack, probe_facts

Cli = Callable[..., Run]
FACTS = probe_facts()
__all__ = ["no_pack_text_check"]  # a fixture, used by name


def _raw(text: str) -> bool:
    return DANGEROUS.search(text) is not None


def _strings(data: Any) -> list[str]:
    if isinstance(data, dict):
        return [s for v in data.values() for s in _strings(v)]
    if isinstance(data, list):
        return [s for v in data for s in _strings(v)]
    return [data] if isinstance(data, str) else []


# --- the loader refuses them ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("payload", "named"),
    [
        (OSC52, "U+001B"),
        ("\x9b2J", "U+009B"),
        (BIDI, "U+202E"),
        ("\u2066x", "U+2066"),
        (INVISIBLE, "U+200B"),
        ("\u200d", "U+200D"),
        ("\x07", "U+0007"),
    ],
    ids=["osc52-clipboard", "c1-csi", "rtl-override", "bidi-isolate", "zero-width", "zwj", "bel"],
)
def test_pack_with_terminal_escapes_is_refused_at_file_line_col(
    tmp_path: Path, payload: str, named: str
) -> None:
    pack = write_pack(tmp_path / "evil.yaml", hostile_pack(payload))
    with pytest.raises(InputError) as caught:
        load_pack(pack, FACTS)
    problems = caught.value.problems
    titles = [p for p in problems if p.field == "rules[0].title.en"]
    assert titles, [str(p) for p in problems]
    assert titles[0].line is not None and titles[0].column is not None
    assert named in titles[0].message
    assert str(titles[0]).startswith(f"{pack}:{titles[0].line}:{titles[0].column}: ")
    # Every poisoned text is named, long ones (advice) and one-line ones (labels) alike.
    fields = {p.field for p in problems}
    assert {"rules[0].advice.en", "rules[0].check.question.choices[0].label.en"} <= fields
    assert "rules[0].references[0].title" in fields
    assert not any(_raw(str(p)) for p in problems)


def test_line_break_in_a_title_is_refused_but_allowed_in_advice(tmp_path: Path) -> None:
    pack = hostile_pack("")
    pack["rules"][0]["title"]["en"] = "Looks fine\n✓ Everything passed"
    pack["rules"][0]["advice"]["en"] = "First line.\n\n\tSecond paragraph."
    with pytest.raises(InputError) as caught:
        load_pack(write_pack(tmp_path / "evil.yaml", pack), FACTS)
    assert [p.field for p in caught.value.problems] == ["rules[0].title.en"]
    assert "one line" in caught.value.problems[0].message


def test_rules_validate_names_the_escape_without_printing_it(cli: Cli, tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "evil.yaml", hostile_pack(TERMINAL))
    run = cli("rules", "validate", str(pack))
    assert run.code == 2
    assert f"{pack}:" in run.stderr and "U+001B" in run.stderr
    assert not _raw(run.stderr) and not _raw(run.stdout)
    assert "Traceback" not in run.stderr


# --- the output escapes them, even when the loader lets them through -----------------------


def _main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli_module.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def evil_pack(tmp_path: Path) -> Path:
    return write_pack(tmp_path / "evil.yaml", hostile_pack(TERMINAL))


@pytest.mark.usefixtures("no_pack_text_check")
@pytest.mark.parametrize(
    "command",
    [
        ("rules", "list"),
        ("rules", "list", "--format", "json"),
        ("audit", "--no-probes"),
        ("audit", "--no-probes", "--format", "markdown"),
        ("audit", "--no-probes", "--format", "json"),
        ("answer", "evil.question"),
    ],
    ids=["rules-list", "rules-list-json", "audit-text", "audit-markdown", "audit-json", "answer"],
)
def test_escape_pack_that_passes_the_loader_still_emits_no_escape_byte(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    evil_pack: Path,
    command: tuple[str, ...],
) -> None:
    answers = tmp_path / "answers.yaml"
    code, out, err = _main(capsys, *command, "--rules", str(evil_pack), "--answers", str(answers))
    assert code == 0, err
    assert "\x1b" not in out and "\x9b" not in out
    assert not _raw(out), repr(DANGEROUS.search(out))
    assert not _raw(err)
    assert "evil" in out  # the text is shown, escaped: \u202eevil
    if "json" in command:  # still valid JSON, still the same strings
        assert any(OSC52 in text for text in _strings(json.loads(out)))


@pytest.mark.usefixtures("no_pack_text_check")
@pytest.mark.parametrize("fmt", ["md", "txt", "json"])
def test_report_file_from_an_escape_pack_holds_no_escape_byte(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, evil_pack: Path, fmt: str
) -> None:
    # `cat report.md` must be as harmless as the terminal output.
    report = tmp_path / f"report.{fmt}"
    code, _, err = _main(
        capsys,
        "audit",
        "--no-probes",
        "--rules",
        str(evil_pack),
        "--answers",
        str(tmp_path / "answers.yaml"),
        "--output",
        str(report),
    )
    assert code == 0, err
    assert not _raw(report.read_text("utf-8"))


def test_error_quoting_a_hostile_answer_value_is_inert(cli: Cli, home: Any) -> None:
    run = cli("answer", "two_factor.enabled", f"totp{OSC52}")
    assert run.code == 2
    assert "\\x1b]52" in run.stderr
    assert not _raw(run.stderr)


def test_answers_file_with_escapes_in_an_error_is_inert(cli: Cli, home: Any) -> None:
    answers = write(
        home.config / "answers.yaml",
        'version: 1\nanswers:\n  two_factor.enabled: "totp\\e]0;pwned\\a"\n',
    )
    run = cli("audit", "--no-probes")
    assert run.code == 2
    assert f"{answers}:3:" in run.stderr
    assert not _raw(run.stderr)


def test_pasted_link_with_escapes_is_shown_inert_by_check_site(cli: Cli) -> None:
    run = cli("check-site", f"https://okx.com.evil.example/{OSC52}")
    assert not _raw(run.stdout) and not _raw(run.stderr)
    assert "Traceback" not in run.stderr


def test_file_name_with_escapes_is_inert_in_errors(cli: Cli, tmp_path: Path) -> None:
    name = tmp_path / f"pack{OSC52}.yaml"
    name.write_text("version: 1\nrules: 3\n", encoding="utf-8")
    run = cli("rules", "validate", str(name))
    assert run.code == 2
    assert "\\x1b]52" in run.stderr
    assert not _raw(run.stderr)


# --- a planted link to a file that is not a pack ---------------------------------------------

SHADOW = (
    "root:$6$Sa1tSa1t$4nAttackerWantsThisHashVeryMuchIndeed0123456789abcdefXYZ:19700:0:99999:7:::\n"
    "daemon:*:19700:0:99999:7:::\n"
    "alice:$y$j9T$An0therSaltHere$AndAnotherHashThatMustNotBePrinted0123456789:19700:0:99999:7:::\n"
)


def test_pack_symlinked_to_etc_shadow_prints_no_line_of_it(cli: Cli, tmp_path: Path) -> None:
    shadow = write(tmp_path / "shadow", SHADOW)
    os.chmod(shadow, 0o600)
    link = tmp_path / "rules" / "extra.yaml"
    link.parent.mkdir()
    link.symlink_to(shadow)
    for run in (cli("rules", "validate", str(link)), cli("audit", "--rules", str(link.parent))):
        assert run.code == 2
        assert "not a securecheck rule pack" in run.stderr
        for secret in ("Sa1tSa1t", "4nAttacker", "An0therSalt", "19700"):
            assert secret not in run.stderr + run.stdout


def test_unknown_key_error_quotes_the_key_short_and_escaped(tmp_path: Path) -> None:
    pack = hostile_pack("")
    long_key = "k" * 30 + "\x1b]52;c;" + "SECRETTAIL" * 20
    pack["rules"][0][long_key] = 1
    with pytest.raises(InputError) as caught:
        load_pack(write_pack(tmp_path / "evil.yaml", pack), FACTS)
    (problem,) = [p for p in caught.value.problems if "unknown key" in p.message]
    shown = str(problem)
    assert "SECRETTAIL" not in shown
    assert "k" * 30 + "\\x1b]52" in shown
    assert problem.field == "rules[0]"
    assert not _raw(shown)
