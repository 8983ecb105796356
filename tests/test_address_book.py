"""The address book: saved withdrawal addresses, and check-address comparing against them."""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import jsonschema
import pytest
from conftest import Run

from securecheck.cli import main
from securecheck.core.errors import UsageError
from securecheck.core.validation import load_schema
from securecheck.tools.address.book import add_address, default_book_path, load_book
from securecheck.tools.address.verify import to_checksum_address

COLD = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"  # EIP-55's first test address
OTHER = "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"
# A poisoner's address: the same first and last four characters, another middle, and a
# correct checksum (made for the job, as poisoners do).
POISONED = to_checksum_address("0x5aae" + "0123456789abcdef0123456789abcdef" + "eaed")
GENESIS = "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"
ADDRESS_SCHEMA = load_schema("address.schema.json")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> Run:
    code = main([*args, "--lang", "en"])
    out = capsys.readouterr()
    return Run(code, out.out, out.err)


@pytest.fixture
def book(capsys: pytest.CaptureFixture[str]) -> Path:
    assert run(capsys, "address", "add", "cold wallet", COLD).code == 0
    return default_book_path()


def test_added_address_is_listed_and_kept_private(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listing = run(capsys, "address", "list")
    assert listing.code == 0 and "cold wallet\tethereum/EVM\t" + COLD in listing.stdout
    if os.name == "posix":
        assert stat.S_IMODE(book.stat().st_mode) == 0o600
    assert [e.label for e in load_book(book)] == ["cold wallet"]


def test_an_invalid_address_is_not_saved(capsys: pytest.CaptureFixture[str]) -> None:
    broken = COLD[:-1] + "D"  # one letter's case changed: the EIP-55 checksum fails
    result = run(capsys, "address", "add", "hot", broken)
    assert result.code == 2 and "not saved: the address is not valid" in result.stderr
    assert not default_book_path().exists()


def test_a_label_is_used_once(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, "address", "add", "Cold Wallet", OTHER)
    assert result.code == 2 and "already in the address book" in result.stderr
    assert len(load_book(book)) == 1


@pytest.mark.parametrize("label", ["", "   ", "evil\x1b[2Jlabel", "x" * 65])
def test_unprintable_empty_or_long_labels_are_refused(label: str) -> None:
    with pytest.raises(UsageError):
        add_address(default_book_path(), label, COLD)


def test_markup_in_a_label_is_kept_as_plain_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "address", "add", "[bold red]mine[/]", COLD).code == 0
    assert "[bold red]mine[/]" in run(capsys, "check-address", COLD).stdout


def test_saved_address_is_recognised_by_name(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run(capsys, "check-address", COLD)
    lines = result.stdout.splitlines()
    assert result.code == 0
    assert lines[0].startswith("✓ one of your saved addresses")
    assert lines[1] == "  - this is your saved address 'cold wallet'"


def test_poisoned_look_alike_of_a_saved_address_fails_first(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run(capsys, "check-address", POISONED)  # no --expected
    lines = result.stdout.splitlines()
    assert result.code == 1
    assert lines[0].startswith("✗ ADDRESS POISONING")
    assert lines[1].startswith("  - poisoned look-alike of 'cold wallet'")
    assert "EIP-55 checksum correct" in lines[2]  # the checksum line comes after


def test_valid_address_not_in_the_book_is_never_a_green_pass(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run(capsys, "check-address", OTHER)
    assert result.code == 3
    assert result.stdout.startswith("? valid, but not one of your saved addresses")
    assert "✓" not in result.stdout


def test_with_an_empty_book_a_valid_address_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, "check-address", OTHER)
    assert result.code == 3 and "your address book is empty" in result.stdout


def test_only_addresses_of_the_same_chain_are_compared(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "address", "add", "btc", GENESIS).code == 0
    result = run(capsys, "check-address", OTHER)
    assert result.code == 3 and "not one of your saved addresses" in result.stdout


def test_expected_still_wins_over_the_book(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "check-address", OTHER, "--expected", OTHER).code == 0


def test_removed_address_is_gone(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "address", "remove", "cold wallet").code == 0
    assert load_book(book) == []
    assert run(capsys, "address", "remove", "cold wallet").code == 2


def test_a_broken_book_is_named_and_never_overwritten(capsys: pytest.CaptureFixture[str]) -> None:
    path = default_book_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("version: 1\naddresses:\n  - label: x\n    address: nope\n    network: tron\n")
    before = path.read_bytes()
    result = run(capsys, "address", "add", "cold", COLD)
    assert result.code == 2 and str(path) in result.stderr and ":4:" in result.stderr
    assert result.stderr.count("\n") == 1 and path.read_bytes() == before


def test_adds_at_the_same_time_all_survive() -> None:
    path = default_book_path()
    addresses = [to_checksum_address("0x" + f"{i:040x}") for i in range(1, 9)]
    threads = [
        threading.Thread(target=add_address, args=(path, f"w{i}", a))
        for i, a in enumerate(addresses)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(e.label for e in load_book(path)) == [f"w{i}" for i in range(8)]


@pytest.mark.parametrize("address", [COLD, POISONED, OTHER, "nonsense"])
def test_json_output_matches_its_schema(
    book: Path, capsys: pytest.CaptureFixture[str], address: str
) -> None:
    result = run(capsys, "check-address", address, "--format", "json")
    document = json.loads(result.stdout)
    jsonschema.validate(document, ADDRESS_SCHEMA)
    assert document["saved_label"] == ("cold wallet" if address in (COLD, POISONED) else None)
