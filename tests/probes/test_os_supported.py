"""os_supported probe: OS release in, "still gets free security updates" out."""

from __future__ import annotations

from datetime import date

import pytest
from fakehost import FakeHost, Reply, fixture

from securecheck.core.model import ProbeOutcome
from securecheck.probes.os_supported import runner as os_supported
from securecheck.probes.os_supported.parsers import (
    EolTableError,
    load_eol_table,
    parse_distro_info_csv,
    parse_eol_table,
    parse_os_release,
    parse_windows_current_version,
    windows_edition_family,
)
from securecheck.probes.platform.parsers import parse_reg_query as reg_values
from securecheck.probes.platform.parsers import parse_sw_vers

TODAY = date(2026, 12, 2)  # the table's capture date
TABLE = "securecheck EOL table 2026-12-02"
DEBIAN_CSV = "/usr/share/distro-info/debian.csv"
UBUNTU_CSV = "/usr/share/distro-info/ubuntu.csv"
SW_VERS = "sw_vers -productVersion"
REG = " ".join(["reg", "query", os_supported.WINDOWS_VERSION_KEY])


def linux(release: str, csvs: bool = True, **extra: str) -> FakeHost:
    files = {"/etc/os-release": fixture(f"os_supported/{release}"), **extra}
    if csvs:
        files[DEBIAN_CSV] = fixture("os_supported/distro-info_debian.csv")
        files[UBUNTU_CSV] = fixture("os_supported/distro-info_ubuntu.csv")
    return FakeHost(system="linux", files=files)


def assess(host: FakeHost, today: date = TODAY) -> ProbeOutcome:
    return os_supported.assess(host, today)


def parse_reg_query(text: str) -> dict[str, tuple[str, str]] | None:
    """(type, data) by the name as reg printed it; None when reg printed no value."""
    return {v.name: (v.kind, v.data) for v in reg_values(text).values()} or None


# --- parsers ------------------------------------------------------------------------------


def test_os_release_fields_are_unquoted() -> None:
    fields = parse_os_release(fixture("os_supported/os-release_debian12"))
    assert fields is not None
    assert (fields["ID"], fields["VERSION_ID"], fields["VERSION_CODENAME"]) == (
        "debian",
        "12",
        "bookworm",
    )
    assert fields["NAME"] == "Debian GNU/Linux"


@pytest.mark.parametrize("text", ["", "garbage\nnot=an os-release\n", "NAME=Foo\n"])
def test_os_release_without_id_is_unparseable(text: str) -> None:
    assert parse_os_release(text) is None


def test_debian_csv_counts_free_lts_not_paid_elts() -> None:
    rows = parse_distro_info_csv(fixture("os_supported/distro-info_debian.csv"), "debian")
    assert rows is not None
    assert rows["bookworm"].eol == date(2028, 6, 30)  # eol-lts, not eol-elts 2033
    assert rows["buster"].eol == date(2024, 6, 30)
    assert rows["lenny"].eol == date(2012, 2, 6)  # only eol known
    assert rows["sid"].released is None


def test_ubuntu_csv_counts_standard_support_not_esm() -> None:
    rows = parse_distro_info_csv(fixture("os_supported/distro-info_ubuntu.csv"), "ubuntu")
    assert rows is not None
    assert rows["noble"].eol == date(2029, 5, 31) and rows["noble"].lts
    assert rows["noble"].version == "24.04"
    assert rows["xenial"].eol == date(2021, 4, 30)  # ESM until 2026 does not count
    assert rows["oracular"].eol == date(2025, 7, 10)


@pytest.mark.parametrize("text", ["", "a,b,c\n1,2,3\n", "\x00\x01garbage"])
def test_csv_that_is_not_distro_info_is_unparseable(text: str) -> None:
    assert parse_distro_info_csv(text, "debian") is None


def test_shipped_table_loads_with_its_capture_date() -> None:
    table = load_eol_table()
    assert table.captured == date(2026, 12, 2)
    assert table.label == TABLE
    assert {"26", "15", "14", "13"} <= set(table.macos)
    assert table.macos["13"].eol == date(2025, 9, 15)
    assert table.windows[22631]["consumer"].eol == date(2025, 11, 11)
    assert table.windows[19045]["consumer"].eol == date(2025, 10, 14)
    assert table.linux["debian"]["12"].eol == date(2028, 6, 30)
    assert "arch" in table.rolling


@pytest.mark.parametrize(
    "text",
    [
        "macos: {}\n",
        "captured: 2026-11-24\nmacos:\n  '15': {name: Sequoia}\n",
        "captured: 2026-11-24\nmacos:\n  '15': {eol: soon}\n",
    ],
)
def test_malformed_table_is_rejected(text: str) -> None:
    with pytest.raises(EolTableError):
        parse_eol_table(text)


def test_reg_query_parses_crlf_output_in_any_locale() -> None:
    text = (
        "\r\nHKEY_LOCAL_MACHINE\\X\r\n"
        "    CurrentBuild    REG_SZ    22631\r\n"
        "    UBR    REG_DWORD    0x1186\r\n"
    )
    assert parse_reg_query(text) == {
        "CurrentBuild": ("REG_SZ", "22631"),
        "UBR": ("REG_DWORD", "0x1186"),
    }
    assert parse_reg_query("ERROR: Zugriff verweigert\r\n") is None


def test_windows_build_and_edition_come_from_the_registry() -> None:
    info = parse_windows_current_version(
        fixture("os_supported/reg_currentversion_win11_23h2_pro.txt")
    )
    assert info is not None
    assert (info.build, info.edition_id, info.display_version, info.server) == (
        22631,
        "Professional",
        "23H2",
        False,
    )


@pytest.mark.parametrize(
    ("edition", "family"),
    [
        ("Core", "consumer"),
        ("CoreN", "consumer"),
        ("Professional", "consumer"),
        ("Education", "enterprise"),
        ("EnterpriseS", "ltsc"),
        ("EnterpriseSN", "ltsc"),
        ("IoTEnterpriseS", "iot_ltsc"),
        ("SomethingNew", None),
        ("", None),
    ],
)
def test_windows_editions_map_to_support_families(edition: str, family: str | None) -> None:
    assert windows_edition_family(edition) == family


@pytest.mark.parametrize("text", ["", "macOS\n", "15.x\n", "Error: bad\n"])
def test_sw_vers_garbage_is_unparseable(text: str) -> None:
    assert parse_sw_vers(text) is None


# --- Linux --------------------------------------------------------------------------------


@pytest.mark.parametrize("csvs", [True, False])
def test_debian_12_is_supported_with_and_without_distro_info(csvs: bool) -> None:
    out = assess(linux("os-release_debian12", csvs=csvs))
    assert out.facts["os_name"] == "Debian GNU/Linux"
    assert out.facts["os_version"] == "12"
    assert out.facts["supported"] is True
    assert out.facts["eol_date"] == "2028-06-30"
    assert out.facts["data_source"] == ("distro-info-data" if csvs else TABLE)


@pytest.mark.parametrize("csvs", [True, False])
def test_debian_11_has_lost_support(csvs: bool) -> None:
    out = assess(linux("os-release_debian11", csvs=csvs))
    assert out.facts["supported"] is False
    assert out.facts["eol_date"] == "2026-08-31"


def test_support_ends_after_the_last_day() -> None:
    host = linux("os-release_debian12")
    assert assess(host, date(2028, 6, 30)).facts["supported"] is True
    assert assess(host, date(2028, 7, 1)).facts["supported"] is False


def test_a_stale_csv_is_extended_by_the_newer_table() -> None:
    # An old distro-info-data without the LTS column only knows the regular end.
    old_csv = (
        "version,codename,series,created,release,eol\n"
        "12,Bookworm,bookworm,2021-08-14,2023-06-10,2026-07-11\n"
    )
    host = linux("os-release_debian12", csvs=False, **{DEBIAN_CSV: old_csv})
    out = assess(host)
    assert out.facts["supported"] is True
    assert out.facts["data_source"] == TABLE


def test_debian_testing_is_treated_as_rolling() -> None:
    out = assess(linux("os-release_debian_testing"))
    assert out.facts["supported"] is True
    assert "eol_date" not in out.facts
    assert out.facts["os_version"] == "forky"
    assert out.reason is not None and "rolling" in out.reason.get("en")


@pytest.mark.parametrize("csvs", [True, False])
def test_ubuntu_lts_is_supported(csvs: bool) -> None:
    out = assess(linux("os-release_ubuntu2404", csvs=csvs))
    assert out.facts["supported"] is True
    assert out.facts["eol_date"] == "2029-05-31"


def test_old_ubuntu_is_decided_by_the_csv_but_unknown_without_it() -> None:
    with_csv = assess(linux("os-release_ubuntu2010"))
    assert with_csv.facts["supported"] is False
    assert with_csv.facts["eol_date"] == "2021-07-22"
    # Without the CSVs the shipped table answers (it lists every release since 12.04) …
    without = assess(linux("os-release_ubuntu2010", csvs=False))
    assert (without.facts["supported"], without.facts["eol_date"]) == (False, "2021-07-22")
    # … but not one older than it covers.
    old = fixture("os_supported/os-release_ubuntu2010").replace("20.10", "11.10")
    old = old.replace("groovy", "oneiric").replace("Groovy Gorilla", "Oneiric Ocelot")
    older = assess(FakeHost(system="linux", files={"/etc/os-release": old}))
    assert "supported" not in older.facts
    assert "not in securecheck's end-of-life table" in older.why_unknown("supported").get("en")


def test_mint_is_judged_by_its_ubuntu_base() -> None:
    out = assess(linux("os-release_linuxmint22"))
    assert out.facts["os_name"] == "Linux Mint"
    assert out.facts["supported"] is True
    assert out.facts["eol_date"] == "2029-05-31"
    assert out.reason is not None and "ubuntu base (noble)" in out.reason.get("en")


def test_fedora_from_the_table() -> None:
    out = assess(linux("os-release_fedora43", csvs=False))
    assert (out.facts["supported"], out.facts["eol_date"]) == (True, "2026-12-09")
    assert out.facts["data_source"] == TABLE
    assert assess(linux("os-release_fedora43"), date(2026, 12, 10)).facts["supported"] is False


FEDORA_46 = fixture("os_supported/os-release_fedora45").replace("45", "46")


def test_release_missing_from_the_table_is_unknown_not_guessed() -> None:
    out = assess(FakeHost(system="linux", files={"/etc/os-release": FEDORA_46}))
    assert "supported" not in out.facts and "eol_date" not in out.facts
    assert out.facts["os_version"] == "46"
    assert "Fedora Linux 46" in out.why_unknown("supported").get("en")


def test_os_release_support_end_decides_a_release_the_table_lacks() -> None:
    text = FEDORA_46 + "SUPPORT_END=2028-05-31\n"
    host = FakeHost(system="linux", files={"/etc/os-release": text})
    out = assess(host)
    assert (out.facts["supported"], out.facts["eol_date"]) == (True, "2028-05-31")
    assert out.facts["data_source"] == "os-release SUPPORT_END"


def test_rhel_family_is_looked_up_by_major_version() -> None:
    out = assess(linux("os-release_rocky9"))
    assert (out.facts["supported"], out.facts["eol_date"]) == (True, "2032-05-31")
    assert out.facts["os_version"] == "9.6"


def test_arch_is_rolling() -> None:
    out = assess(linux("os-release_arch"))
    assert out.facts["supported"] is True
    assert "eol_date" not in out.facts


def test_opensuse_leap_15_6_has_ended() -> None:
    out = assess(linux("os-release_opensuse_leap156"))
    assert (out.facts["supported"], out.facts["eol_date"]) == (False, "2026-04-30")


def test_unreadable_os_release_is_unknown_with_the_reason() -> None:
    host = FakeHost(system="linux", unreadable=["/etc/os-release", "/usr/lib/os-release"])
    out = assess(host)
    assert out.facts == {}
    assert out.reason is not None and "permission denied" in out.reason.get("en")


def test_garbage_os_release_is_unknown() -> None:
    host = FakeHost(system="linux", files={"/etc/os-release": "\x7fELF\x02\x01binary"})
    out = assess(host)
    assert "supported" not in out.facts
    assert out.reason is not None and "could not understand" in out.reason.get("en")


def test_falls_back_to_usr_lib_os_release() -> None:
    host = FakeHost(
        system="linux", files={"/usr/lib/os-release": fixture("os_supported/os-release_arch")}
    )
    assert assess(host).facts["supported"] is True


# --- macOS --------------------------------------------------------------------------------


def test_sequoia_is_supported() -> None:
    host = FakeHost(system="macos", commands={SW_VERS: fixture("os_supported/sw_vers_sequoia.txt")})
    out = assess(host)
    assert out.facts == {
        "os_name": "macOS",
        "os_version": "15.7.2",
        "supported": True,
        "data_source": TABLE,
    }
    assert "no end of support has been announced" in out.why_unknown("eol_date").get("en")


def test_monterey_has_ended() -> None:
    host = FakeHost(
        system="macos", commands={SW_VERS: fixture("os_supported/sw_vers_monterey.txt")}
    )
    out = assess(host)
    assert (out.facts["supported"], out.facts["eol_date"]) == (False, "2024-09-16")


def test_an_unknown_macos_major_is_not_guessed() -> None:
    out = assess(FakeHost(system="macos", commands={SW_VERS: "28.1\n"}))
    assert "supported" not in out.facts
    assert "macOS 28" in out.why_unknown("supported").get("en")


def test_an_old_table_stops_vouching_for_open_ended_support() -> None:
    host = FakeHost(system="macos", commands={SW_VERS: fixture("os_supported/sw_vers_sequoia.txt")})
    out = assess(host, date(2028, 1, 1))
    assert "supported" not in out.facts
    assert "update securecheck" in out.why_unknown("supported").get("en")
    # A dated end stays decidable however old the table is.
    old = FakeHost(system="macos", commands={SW_VERS: "13.7.8\n"})
    assert assess(old, date(2030, 1, 1)).facts["supported"] is False


@pytest.mark.parametrize(
    ("commands", "expected"),
    [
        ({}, "sw_vers is not installed"),
        ({SW_VERS: Reply(timeout=True)}, "timed out"),
        ({SW_VERS: Reply("", "boom", code=1)}, "exited with code 1"),
        ({SW_VERS: "ProductName: macOS\n"}, "could not understand"),
    ],
)
def test_sw_vers_failures_are_unknown(commands: dict[str, Reply | str], expected: str) -> None:
    out = assess(FakeHost(system="macos", commands=commands))
    assert out.facts == {}
    assert out.reason is not None and expected in out.reason.get("en")


# --- Windows ------------------------------------------------------------------------------


def windows(name: str) -> FakeHost:
    return FakeHost(system="windows", commands={REG: fixture(f"os_supported/{name}")})


def test_windows_11_23h2_home_pro_ended_on_2025_11_11() -> None:
    out = assess(windows("reg_currentversion_win11_23h2_pro.txt"))
    assert out.facts["os_name"] == "Windows 11"  # ProductName says "Windows 10 Pro"
    assert out.facts["os_version"] == "23H2 (build 22631)"
    assert (out.facts["supported"], out.facts["eol_date"]) == (False, "2025-11-11")


def test_windows_11_23h2_enterprise_gets_a_year_longer() -> None:
    host = windows("reg_currentversion_win11_23h2_enterprise.txt")
    assert assess(host, date(2026, 11, 10)).facts["supported"] is True
    assert assess(host, date(2026, 11, 11)).facts["supported"] is False


def test_windows_10_22h2_without_paid_esu_has_ended() -> None:
    out = assess(windows("reg_currentversion_win10_22h2_home.txt"))
    assert out.facts["os_name"] == "Windows 10"
    assert (out.facts["supported"], out.facts["eol_date"]) == (False, "2025-10-14")


def test_windows_server_is_unknown() -> None:
    out = assess(windows("reg_currentversion_server2025.txt"))
    assert "supported" not in out.facts
    assert "Windows Server" in out.why_unknown("supported").get("en")


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        (None, "reg is not installed"),
        (Reply(timeout=True), "timed out"),
        (Reply("", "ERROR: Access is denied.", code=1), "exited with code 1"),
        (Reply("\r\nHKEY_LOCAL_MACHINE\\X\r\n"), "could not understand"),
    ],
)
def test_registry_failures_are_unknown(reply: Reply | None, expected: str) -> None:
    commands = {} if reply is None else {REG: reply}
    out = assess(FakeHost(system="windows", commands=commands))
    assert "supported" not in out.facts
    assert out.reason is not None and expected in out.reason.get("en")


def test_other_systems_are_not_applicable() -> None:
    out = assess(FakeHost(system="freebsd"))
    assert out.applicable is False
