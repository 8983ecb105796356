"""hosts_file probe: parser over recorded hosts files, runner over a fake machine."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakehost import FakeHost, Reply, fixture

from securecheck.core.domains import parse_domain_list, shipped_domains
from securecheck.probes.host import FILE_CAP
from securecheck.probes.hosts_file import runner as hosts_file
from securecheck.probes.hosts_file.parsers import (
    find_hijacks,
    is_blocking,
    normalize_name,
    parse_hosts,
    search_argv,
    watched,
)
from securecheck.probes.system import SystemHost

DOMAINS = shipped_domains().domains
WIN_HOSTS = r"C:\Windows\System32\drivers\etc\hosts"
REG_DB = " ".join(hosts_file.REG_DATABASE_PATH)


def hijacks_in(name: str) -> list[str]:
    return find_hijacks(parse_hosts(fixture(f"hosts_file/{name}")).entries, DOMAINS)


# --- the shipped domain list ----------------------------------------------------------------


def test_shipped_list_has_the_article_exchange_and_a_capture_date() -> None:
    shipped = shipped_domains()
    assert {"okx.com", "okex.com", "binance.com", "metamask.io", "paypal.com"} <= DOMAINS
    assert shipped.captured == "2026-11-24"


def test_domain_list_rejects_upper_case_wildcards_and_unknown_groups() -> None:
    good = {
        "captured": "2026-01-01",
        "exchanges": ["okx.com"],
        "wallets": ["ledger.com"],
        "banks_and_payments": ["paypal.com"],
    }
    assert parse_domain_list(good).domains == {"okx.com", "ledger.com", "paypal.com"}
    for bad in (
        {**good, "exchanges": ["OKX.com"]},
        {**good, "exchanges": ["*.okx.com"]},
        {**good, "exchanges": ["com"]},
        {**good, "extra": ["x.com"]},
        {**good, "captured": "yesterday"},
        {**good, "wallets": []},
    ):
        with pytest.raises(ValueError):
            parse_domain_list(bad)


# --- parser ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "linux_debian_default.txt",
        "macos_default.txt",
        "windows_default.txt",
        "linux_container_default.txt",
    ],
)
def test_default_hosts_files_redirect_nothing(name: str) -> None:
    parsed = parse_hosts(fixture(f"hosts_file/{name}"))
    assert parsed.skipped_lines == 0
    assert find_hijacks(parsed.entries, DOMAINS) == []


def test_debian_default_counts_every_name_on_a_line() -> None:
    parsed = parse_hosts(fixture("hosts_file/linux_debian_default.txt"))
    assert len(parsed.entries) == 8
    assert [e.name for e in parsed.entries if e.address == "::1"] == [
        "localhost",
        "ip6-localhost",
        "ip6-loopback",
    ]


def test_windows_default_is_all_comments() -> None:
    assert parse_hosts(fixture("hosts_file/windows_default.txt")).entries == ()


def test_mixed_file_reports_redirections_not_blocks() -> None:
    assert hijacks_in("linux_hijack_mixed.txt") == [
        "app.uniswap.org -> 2a01:4f8:c17::1",
        "coinbase.com -> 185.220.101.7",
        "gate.io -> fe80::1%lo0",
        "login.paypal.com -> 10.0.0.5",
        "www.coinbase.com -> 185.220.101.7",
    ]


def test_mixed_file_counts_garbage_and_keeps_unreadable_addresses_aside() -> None:
    parsed = parse_hosts(fixture("hosts_file/linux_hijack_mixed.txt"))
    assert parsed.skipped_lines == 4
    assert {e.address for e in parsed.unreadable} == {"this", "999.1.1.1", "1.2.3"}
    assert {e.name for e in parsed.unreadable if watched(e.name, DOMAINS)} == {
        "kucoin.com",
        "bybit.com",
    }


def test_bom_crlf_tabs_case_and_trailing_dot_are_understood() -> None:
    raw = Path(__file__).parent.parent / "fixtures/hosts_file/windows_bom_crlf_hijack.txt"
    text = raw.read_bytes().decode("utf-8")  # keep the BOM and CRLF as the host reads them
    assert text.startswith("\ufeff") and "\r\n" in text
    assert find_hijacks(parse_hosts(text).entries, DOMAINS) == [
        "accounts.binance.com -> 45.133.1.21",
        "binance.com -> 45.133.1.21",
        "okx.com -> 45.133.1.20",
        "www.okx.com -> 45.133.1.20",
    ]


def test_a_bom_before_an_entry_does_not_hide_it() -> None:
    assert find_hijacks(parse_hosts("\ufeff1.2.3.4 okx.com\n").entries, DOMAINS) == [
        "okx.com -> 1.2.3.4"
    ]


def test_one_bad_name_does_not_void_the_good_ones_on_its_line() -> None:
    entries = parse_hosts("198.51.100.1 okx.com b@d!name\n").entries
    assert find_hijacks(entries, DOMAINS) == ["okx.com -> 198.51.100.1"]


def test_duplicates_are_reported_once() -> None:
    text = "198.51.100.1 okx.com\n198.51.100.1 OKX.COM.\n"
    assert find_hijacks(parse_hosts(text).entries, DOMAINS) == ["okx.com -> 198.51.100.1"]


def test_nul_bytes_mark_the_file_as_not_text() -> None:
    utf16 = "127.0.0.1 localhost\r\n".encode("utf-16-le").decode("latin-1")
    assert parse_hosts(utf16).binary


@pytest.mark.parametrize(
    ("address", "blocking"),
    [
        ("0.0.0.0", True),
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("::1", True),
        ("::", True),
        ("::ffff:127.0.0.1", True),
        ("::ffff:0.0.0.0", True),
        ("10.0.0.1", False),
        ("192.168.1.1", False),
        ("8.8.8.8", False),
        ("fe80::1%lo0", False),
        ("2001:db8::1", False),
        ("not-an-ip", False),
    ],
)
def test_only_loopback_and_unspecified_addresses_block(address: str, blocking: bool) -> None:
    assert is_blocking(address) is blocking


@pytest.mark.parametrize(
    ("name", "hit"),
    [
        ("okx.com", True),
        ("www.okx.com", True),
        ("a.b.okx.com", True),
        ("notokx.com", False),
        ("okx.com.evil.example", False),
        ("com", False),
        ("www.barclays.co.uk", True),
        ("co.uk", False),
    ],
)
def test_listed_domains_match_themselves_and_subdomains_only(name: str, hit: bool) -> None:
    assert watched(name, DOMAINS) is hit


def test_names_are_lower_cased_without_trailing_dot_and_junk_rejected() -> None:
    assert normalize_name("WWW.OKX.COM.") == "www.okx.com"
    assert normalize_name("bad/name") is None
    assert normalize_name("-leading.example") is None


# --- runner: Linux and macOS ----------------------------------------------------------------


@pytest.mark.parametrize("system", ["linux", "macos"])
def test_clean_file_gives_zero_hijacks(system: str) -> None:
    host = FakeHost(system=system, files={"/etc/hosts": fixture("hosts_file/macos_default.txt")})
    out = hosts_file.run(host)
    assert out.facts == {"hijacked_domains": [], "hijack_count": 0, "entries_checked": 3}


def test_hijacks_are_listed_with_their_targets() -> None:
    host = FakeHost(files={"/etc/hosts": fixture("hosts_file/linux_hijack_mixed.txt")})
    out = hosts_file.run(host)
    assert out.facts["hijack_count"] == 5
    assert "coinbase.com -> 185.220.101.7" in out.facts["hijacked_domains"]  # type: ignore[operator]
    assert out.reason is not None and "4 line(s)" in out.reason.get("en")
    # Unreadable addresses on watched names are reported too.
    assert "kucoin.com" in out.reason.get("en") and "bybit.com" in out.reason.get("en")


def test_watched_name_on_an_unreadable_address_makes_a_clean_count_unknown() -> None:
    host = FakeHost(files={"/etc/hosts": "127.0.0.1 localhost\n1.2.3 okx.com\n"})
    out = hosts_file.run(host)
    assert "hijack_count" not in out.facts
    assert "1.2.3" in out.why_unknown("hijack_count").get("en")
    assert out.facts["entries_checked"] == 1


def test_unreadable_hosts_file_is_unknown_with_the_reason() -> None:
    out = hosts_file.run(FakeHost(unreadable=["/etc/hosts"]))
    assert out.facts == {}
    assert out.reason is not None and "permission denied" in out.reason.get("en")


def test_missing_hosts_file_redirects_nothing() -> None:
    out = hosts_file.run(FakeHost())
    assert out.facts == {"hijacked_domains": [], "hijack_count": 0, "entries_checked": 0}
    assert out.reason is not None and "no hosts file" in out.reason.get("en")


def test_binary_hosts_file_is_unknown() -> None:
    out = hosts_file.run(FakeHost(files={"/etc/hosts": "1\x002\x00"}))
    assert out.facts == {}
    assert out.reason is not None and "not plain text" in out.reason.get("en")


def over_cap(tail: str) -> str:
    line = "0.0.0.0 ads.tracker.example\n"
    return line * (FILE_CAP // len(line) + 1) + tail


def test_file_over_the_cap_is_searched_whole_for_the_listed_domains() -> None:
    argv = " ".join(search_argv("linux", "/etc/hosts", DOMAINS))
    host = FakeHost(
        files={"/etc/hosts": over_cap("198.51.100.66 www.okx.com\n")},
        commands={argv: Reply("0.0.0.0 okx.com.phish.example\n198.51.100.66 www.okx.com\n")},
    )
    out = hosts_file.run(host)
    assert out.facts["hijacked_domains"] == ["www.okx.com -> 198.51.100.66"]
    assert out.facts["hijack_count"] == 1
    assert out.reason is not None and "searched" in out.reason.get("en")


def test_file_over_the_cap_with_no_match_in_the_search_is_clean() -> None:
    argv = " ".join(search_argv("linux", "/etc/hosts", DOMAINS))
    host = FakeHost(files={"/etc/hosts": over_cap("")}, commands={argv: Reply(code=1)})
    assert hosts_file.run(host).facts["hijack_count"] == 0


@pytest.mark.parametrize("reply", [None, Reply(timeout=True), Reply(code=2, stderr="grep: boom")])
def test_file_over_the_cap_without_a_search_leaves_the_count_unknown(reply: Reply | None) -> None:
    argv = " ".join(search_argv("linux", "/etc/hosts", DOMAINS))
    host = FakeHost(files={"/etc/hosts": over_cap("")}, commands={argv: reply} if reply else {})
    out = hosts_file.run(host)
    assert "hijack_count" not in out.facts and "hijacked_domains" not in out.facts
    assert "could not be searched whole" in out.why_unknown("hijack_count").get("en")
    assert out.facts["entries_checked"] > 30_000  # type: ignore[operator]


def test_real_grep_finds_a_hijack_past_the_cap(tmp_path: Path) -> None:
    path = tmp_path / "hosts"
    path.write_text(over_cap("198.51.100.66 www.okx.com\n"))
    out = hosts_file.check(SystemHost(), str(path), [], [])
    assert out.facts["hijacked_domains"] == ["www.okx.com -> 198.51.100.66"]


def test_real_grep_with_no_match_gives_zero(tmp_path: Path) -> None:
    path = tmp_path / "hosts"
    path.write_text(over_cap("0.0.0.0 www.okx.com\n"))
    out = hosts_file.check(SystemHost(), str(path), [], [])
    assert out.facts["hijack_count"] == 0


def test_the_real_host_says_when_a_file_was_cut_at_the_cap(tmp_path: Path) -> None:
    full, over = tmp_path / "full", tmp_path / "over"
    full.write_bytes(b"x" * FILE_CAP)
    over.write_bytes(b"x" * (FILE_CAP + 1))
    assert SystemHost().read_text(str(full)).truncated is False
    cut = SystemHost().read_text(str(over))
    assert cut.truncated is True and cut.text == "x" * FILE_CAP


# --- runner: Windows ------------------------------------------------------------------------

REG_DB_DEFAULT = (
    "\r\nHKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters\r\n"
    "    DataBasePath    REG_EXPAND_SZ    %SystemRoot%\\System32\\drivers\\etc\r\n\r\n"
)


def test_windows_reads_the_hosts_file_under_system_root() -> None:
    host = FakeHost(
        system="windows",
        environ={"SystemRoot": "C:\\Windows"},
        commands={REG_DB: REG_DB_DEFAULT},
        files={WIN_HOSTS: fixture("hosts_file/windows_bom_crlf_hijack.txt")},
    )
    out = hosts_file.run(host)
    assert out.facts["hijack_count"] == 4
    assert out.reason is None or "non-standard" not in out.reason.get("en")


def test_windows_without_reg_does_not_guess_the_folder() -> None:
    # Malware moves the hosts file rather than editing it: without the registry's word on
    # where it is, reading the default folder could vouch for the wrong file.
    host = FakeHost(system="windows", files={WIN_HOSTS: fixture("hosts_file/windows_default.txt")})
    out = hosts_file.run(host)
    assert out.facts == {}
    assert out.reason is not None and "reg" in out.reason.get("en")


def test_windows_moved_database_path_is_followed_and_reported() -> None:
    moved = REG_DB_DEFAULT.replace("%SystemRoot%\\System32\\drivers\\etc", "C:\\ProgramData\\x")
    host = FakeHost(
        system="windows",
        environ={"SystemRoot": "C:\\Windows"},
        commands={REG_DB: moved},
        files={
            "C:\\ProgramData\\x\\hosts": "203.0.113.5 okx.com\n",
            WIN_HOSTS: fixture("hosts_file/windows_default.txt"),
        },
    )
    out = hosts_file.run(host)
    assert out.facts["hijacked_domains"] == ["okx.com -> 203.0.113.5"]
    assert out.reason is not None and "non-standard folder" in out.reason.get("en")


def test_windows_search_command_is_findstr_with_literal_strings() -> None:
    argv = search_argv("windows", WIN_HOSTS, ["okx.com", "binance.com"])
    assert argv == ("findstr", "/I", "/L", "/C:binance.com", "/C:okx.com", WIN_HOSTS)


def test_other_systems_are_not_applicable() -> None:
    assert not hosts_file.run(FakeHost(system="freebsd")).applicable
