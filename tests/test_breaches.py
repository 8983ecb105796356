"""The offline breach check: both corpus layouts, the look-up, the validation, the rule."""

from __future__ import annotations

import json
import pickle
import random
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
from conftest import Home, Run, write
from corpus_maker import sha1_hex, write_dir_corpus, write_file_corpus
from hypothesis import given, settings
from hypothesis import strategies as st

from securecheck.core.errors import InputError
from securecheck.core.secret import Secret
from securecheck.core.validation import load_schema
from securecheck.password.breaches import PasswordHash, check_secret
from securecheck.password.corpus import open_corpus

Cli = Callable[..., Run]
REPORT_SCHEMA = load_schema("report.schema.json")
LEAKED = "Sunflower-Leaked-77"
PLANTED = {LEAKED: 3861, "hunter2": 1}


def result(run: Run, rule: str = "password.breached") -> dict[str, object]:
    assert run.code == 0, run.stderr
    report = json.loads(run.stdout)
    jsonschema.validate(report, REPORT_SCHEMA)
    found: dict[str, object] = next(r for r in report["results"] if r["id"] == rule)
    return found


def count(corpus: Path, password: str) -> int:
    opened = open_corpus(corpus)
    try:
        return opened.count(sha1_hex(password).encode())
    finally:
        opened.close()


# --- the look-up ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("newline", "final"), [("\n", True), ("\r\n", True), ("\r\n", False), ("\n", False)]
)
def test_file_corpus_finds_planted_hashes_with_their_counts(
    tmp_path: Path, newline: str, final: bool
) -> None:
    corpus = write_file_corpus(tmp_path / "p.txt", PLANTED, newline=newline, final_newline=final)
    assert count(corpus, LEAKED) == 3861
    assert count(corpus, "hunter2") == 1
    assert count(corpus, "never-in-any-breach-x9") == 0


def test_every_line_of_a_file_corpus_is_found_and_nothing_between(tmp_path: Path) -> None:
    corpus = write_file_corpus(tmp_path / "p.txt", {}, filler=5000, newline="\r\n")
    opened = open_corpus(corpus)
    rows = [line.split(b":") for line in corpus.read_bytes().split(b"\r\n") if line]
    for key, n in rows:
        assert opened.count(key) == int(n)
    # A hash one above each listed one is absent: the search stops between lines too.
    for key, _n in random.Random(3).sample(rows, 300):
        above = f"{int(key, 16) + 1:040X}".encode()
        assert opened.count(above) == 0 or above in {k for k, _ in rows}
    assert opened.count(b"0" * 40) == 0 and opened.count(b"F" * 40) == 0
    opened.close()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.binary(min_size=20, max_size=20), min_size=1, max_size=300, unique=True))
def test_search_agrees_with_a_set_on_any_sorted_corpus(digests: list[bytes]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.txt"
        rows = sorted(d.hex().upper() for d in digests)
        path.write_text("".join(f"{h}:{i + 1}\n" for i, h in enumerate(rows)), encoding="ascii")
        opened = open_corpus(path)
        for i, key in enumerate(rows):
            assert opened.count(key.encode()) == i + 1
        assert opened.count(b"7" * 40) == (rows.index("7" * 40) + 1 if "7" * 40 in rows else 0)
        opened.close()


def test_lower_case_corpus_is_searched_in_its_case(tmp_path: Path) -> None:
    path = write_file_corpus(tmp_path / "p.txt", PLANTED)
    path.write_bytes(path.read_bytes().lower())
    assert count(path, LEAKED) == 3861


def test_directory_corpus_finds_planted_and_not_absent(tmp_path: Path) -> None:
    corpus = write_dir_corpus(tmp_path / "ranges", PLANTED, absent=["not-there-q"])
    assert count(corpus, LEAKED) == 3861
    assert count(corpus, "not-there-q") == 0


def test_directory_without_the_prefix_file_is_incomplete(tmp_path: Path) -> None:
    corpus = write_dir_corpus(tmp_path / "ranges", PLANTED)
    with pytest.raises(InputError, match="download is incomplete"):
        count(corpus, "no-file-for-this-prefix-probably")


# --- validation -----------------------------------------------------------------------------


def test_ntlm_file_is_refused_clearly(tmp_path: Path) -> None:
    path = write(tmp_path / "ntlm.txt", "".join(f"{i:032X}:{i}\n" for i in range(1, 50)))
    with pytest.raises(InputError, match="NTLM") as caught:
        open_corpus(path)
    assert str(caught.value).startswith(f"{path}:1:")


def test_ntlm_directory_is_refused_clearly(tmp_path: Path) -> None:
    for name in ("00000.txt", "FFFFF.txt"):
        write(tmp_path / "d" / name, "0" * 27 + ":3\r\n" + "1" * 27 + ":4")
    with pytest.raises(InputError, match="NTLM"):
        open_corpus(tmp_path / "d")


def test_one_range_file_given_as_the_corpus_points_to_the_directory(tmp_path: Path) -> None:
    path = write(tmp_path / "00000.txt", "0005AD76BD555C1D6D771DE417A4B87E4B4:10\r\n")
    with pytest.raises(InputError, match="give the directory"):
        open_corpus(path)


def test_corpus_ordered_by_count_is_refused_with_the_right_edition(tmp_path: Path) -> None:
    path = write_file_corpus(tmp_path / "p.txt", {}, filler=2000)
    lines = path.read_text().splitlines()
    random.Random(5).shuffle(lines)
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError, match="ordered by hash"):
        open_corpus(path)


def test_broken_line_is_reported_at_its_line_number(tmp_path: Path) -> None:
    path = write_file_corpus(tmp_path / "p.txt", {}, filler=400)
    lines = path.read_text().splitlines()
    # A tenth of the file broken: opening samples 16 spread lines, so one of them is in it.
    start, end = len(lines) * 45 // 100, len(lines) * 55 // 100
    lines[start:end] = ["Z" * 40 + ":1234"] * (end - start)  # as long as the others
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError) as caught:
        open_corpus(path)
    where = str(caught.value).split(":")
    assert where[0] == str(path) and start < int(where[1]) <= end, caught.value


@pytest.mark.parametrize("text", ["", "\n", "hello world\n"])
def test_empty_or_wrong_file_is_an_input_error(tmp_path: Path, text: str) -> None:
    path = write(tmp_path / "p.txt", text)
    with pytest.raises(InputError, match=str(path)):
        open_corpus(path)


# --- the hash is a secret --------------------------------------------------------------------


def test_password_hash_never_shows_itself() -> None:
    digest = PasswordHash.of(Secret(LEAKED))
    hexed = sha1_hex(LEAKED)
    for shown in (repr(digest), str(digest), f"{digest}", f"{digest!r:>60}"):
        assert hexed not in shown.upper() and "***" in shown
    with pytest.raises(TypeError):
        pickle.dumps(digest)
    assert digest.range_prefix() == hexed[:5]
    digest.clear()
    assert digest.reveal() == b""


def test_check_secret_without_corpus_or_online_is_unknown() -> None:
    verdict = check_secret(Secret(LEAKED))
    assert verdict.status.value == "unknown"
    assert verdict.message.get("en") == "no breach corpus configured"


# --- through the CLI ------------------------------------------------------------------------
# What the audit says of the password runs the command in this process (`cli_here`); how it
# refuses bad settings and a broken corpus runs the installed program (`cli`).


@pytest.mark.parametrize("layout", ["file", "directory"])
def test_audit_fails_a_password_in_the_corpus_with_its_count(
    cli_here: Cli, tmp_path: Path, layout: str
) -> None:
    corpus = (
        write_file_corpus(tmp_path / "p.txt", PLANTED, newline="\r\n")
        if layout == "file"
        else write_dir_corpus(tmp_path / "ranges", PLANTED)
    )
    args = ("audit", "--no-probes", "--password-stdin", "--format", "json")
    found = result(cli_here(*args, "--breaches", str(corpus), stdin=LEAKED + "\n"))
    assert found["status"] == "fail"
    assert found["message"] == "seen 3,861 times in breaches"
    assert found["evidence"] == {"checked": f"offline, in the corpus {layout}", "count": 3861}
    zh = result(cli_here(*args, "--lang", "zh", "--breaches", str(corpus), stdin=LEAKED + "\n"))
    assert "3,861" in str(zh["message"]) and zh["message"] != found["message"]


def test_audit_passes_a_password_absent_from_the_corpus(cli_here: Cli, tmp_path: Path) -> None:
    absent = "Quiet-Orchard-Lantern-51"
    for corpus in (
        write_file_corpus(tmp_path / "p.txt", PLANTED),
        write_dir_corpus(tmp_path / "ranges", PLANTED, absent=[absent]),
    ):
        run = cli_here(
            "audit", "--no-probes", "--password-stdin", "--format", "json",
            "--breaches", str(corpus), stdin=absent + "\n",
        )  # fmt: skip
        assert result(run)["status"] == "pass"


def test_audit_without_a_corpus_leaves_the_rule_unknown(cli_here: Cli) -> None:
    run = cli_here("audit", "--no-probes", "--password-stdin", "--format", "json", stdin=LEAKED)
    found = result(run)
    assert found["status"] == "unknown"
    assert found["message"] == "no breach corpus configured"
    assert "haveibeenpwned-downloader" in str(found["remediation"])
    assert result(cli_here("audit", "--no-probes", "--format", "json"))["status"] == "unknown"


def test_corpus_saved_in_the_settings_is_used(cli_here: Cli, home: Home, tmp_path: Path) -> None:
    corpus = write_file_corpus(tmp_path / "p.txt", PLANTED)
    write(home.config / "settings.yaml", f"version: 1\nbreaches: {corpus}\n")
    run = cli_here("audit", "--no-probes", "--password-stdin", "--format", "json", stdin=LEAKED)
    assert result(run)["status"] == "fail"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("breaches: 12", "breaches: must be the path"),
        ("breaches_online: yes please", "breaches_online: must be true or false"),
        ("breaches_api: http://example.com/range/", "breaches_api: must start with https://"),
        ("breach: /x", "unknown key 'breach'"),
    ],
)
def test_bad_breach_settings_are_errors_at_their_line(
    cli: Cli, home: Home, line: str, message: str
) -> None:
    settings_file = write(home.config / "settings.yaml", f"version: 1\n{line}\n")
    run = cli("audit", "--no-probes", "--password-stdin", stdin=LEAKED)
    assert run.code == 2 and message in run.stderr and f"{settings_file}:2" in run.stderr
    assert "Traceback" not in run.stderr and run.stdout == ""


def test_broken_corpus_stops_the_audit_with_file_and_line(cli: Cli, tmp_path: Path) -> None:
    corpus = write(tmp_path / "p.txt", "not a corpus\n")
    run = cli(
        "audit", "--no-probes", "--password-stdin", "--breaches", str(corpus),
        "--output", "r.json", stdin=LEAKED, cwd=tmp_path,
    )  # fmt: skip
    assert run.code == 2
    assert f"{corpus}:1: expected 40 hexadecimal characters" in run.stderr
    assert not (tmp_path / "r.json").exists()
