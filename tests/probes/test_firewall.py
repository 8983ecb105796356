"""firewall probe: an "off" needs evidence as much as an "on" does."""

from __future__ import annotations

import pytest
from fakehost import FakeHost, Reply, fixture

from securecheck.probes.firewall import runner as firewall
from securecheck.probes.firewall.parsers import (
    parse_firewalld_state,
    parse_iptables_rules,
    parse_nft_ruleset,
    parse_nftables_conf,
    parse_socketfilterfw,
    parse_ufw_conf,
    parse_ufw_status,
    parse_windows_firewall,
)

UFW = " ".join(firewall.UFW_STATUS)
FIREWALLD = " ".join(firewall.FIREWALLD_STATE)
NFT = " ".join(firewall.NFT_RULESET)
IPT = " ".join(firewall.IPTABLES_RULES)
ALF = " ".join(firewall.SOCKETFILTERFW)
WIN = " ".join(firewall.WINDOWS)

NOT_ROOT = {
    UFW: Reply(stderr=fixture("firewall/linux_ufw_status_not_root.stderr"), code=1),
    NFT: Reply(stderr=fixture("firewall/linux_nft_not_root.stderr"), code=1),
    IPT: Reply(stderr=fixture("firewall/linux_iptables_not_root.stderr"), code=4),
}


# --- parsers -------------------------------------------------------------------------------


def test_ufw_conf() -> None:
    assert parse_ufw_conf(fixture("firewall/linux_ufw_conf_enabled.txt")) is True
    assert parse_ufw_conf(fixture("firewall/linux_ufw_conf_disabled.txt")) is False
    assert parse_ufw_conf('ENABLED="yes"\n') is True
    assert parse_ufw_conf("ENABLED=maybe\n") is None
    assert parse_ufw_conf("# nothing here\n") is None


def test_ufw_status() -> None:
    assert parse_ufw_status(fixture("firewall/linux_ufw_status_active.txt")) is True
    assert parse_ufw_status(fixture("firewall/linux_ufw_status_inactive.txt")) is False
    assert parse_ufw_status(fixture("firewall/linux_ufw_status_not_root.stderr")) is None


def test_firewalld_state() -> None:
    assert parse_firewalld_state(fixture("firewall/linux_firewalld_running.txt")) is True
    assert parse_firewalld_state(fixture("firewall/linux_firewalld_not_running.txt")) is False
    assert parse_firewalld_state(fixture("firewall/linux_firewalld_no_dbus.stderr")) is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("linux_nft_empty.json", False),
        ("linux_nft_ufw.json", True),  # INPUT policy drop (iptables-nft)
        ("linux_nft_ufw_disabled.json", False),  # ufw's chains left behind, nothing drops
        ("linux_nft_custom_drop.json", True),  # hand-made table, one drop rule on input
        # Docker's chains: drops on the forward path only (a false pass before 2026-12-02).
        ("linux_nft_docker.json", False),
        ("linux_nft_docker_jump_to_drop.json", True),  # INPUT jumps to a chain that drops
    ],
)
def test_nft_ruleset(name: str, expected: bool) -> None:
    assert parse_nft_ruleset(fixture(f"firewall/{name}")) is expected


@pytest.mark.parametrize("text", ["", "{", '{"nftables": 1}', '{"nftables": [1]}', "[]"])
def test_nft_garbage(text: str) -> None:
    assert parse_nft_ruleset(text) is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("linux_iptables_accept.txt", False),
        ("linux_iptables_ufw.txt", True),
        ("linux_iptables_ufw_disabled.txt", False),
        ("linux_iptables_docker.txt", False),  # FORWARD policy DROP, isolation DROP rules
        ("linux_iptables_docker_jump_to_drop.txt", True),
        ("linux_iptables_not_root.stderr", None),
    ],
)
def test_iptables_rules(name: str, expected: bool | None) -> None:
    assert parse_iptables_rules(fixture(f"firewall/{name}")) is expected


def test_iptables_reject_rule_counts() -> None:
    text = "-P INPUT ACCEPT\n-A INPUT -p tcp -m tcp --dport 23 -j REJECT --reject-with x\n"
    assert parse_iptables_rules(text) is True


def test_nftables_conf() -> None:
    assert parse_nftables_conf(fixture("firewall/linux_nftables_conf_drop.txt")) is True
    assert parse_nftables_conf(fixture("firewall/linux_nftables_conf_debian_default.txt")) is False
    assert parse_nftables_conf("# chain input { hook input; policy drop; }\n") is False


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("macos_socketfilterfw_enabled.txt", True),
        ("macos_socketfilterfw_disabled.txt", False),
        ("macos_socketfilterfw_block_all.txt", True),
    ],
)
def test_socketfilterfw(name: str, expected: bool) -> None:
    assert parse_socketfilterfw(fixture(f"firewall/{name}")) is expected


def test_socketfilterfw_garbage() -> None:
    assert parse_socketfilterfw("usage: socketfilterfw ...") is None
    assert parse_socketfilterfw("Firewall state (State = 7)") is None


@pytest.mark.parametrize(
    ("name", "profiles"),
    [
        ("windows_all_on.json", {"Domain": True, "Private": True, "Public": True}),
        ("windows_public_off.json", {"Domain": True, "Private": True, "Public": False}),
        ("windows_bools.json", {"Domain": True, "Private": True, "Public": True}),
        ("windows_strings.json", {"Domain": True, "Private": False, "Public": True}),
        ("windows_not_configured.json", {"Domain": True, "Private": None, "Public": True}),
    ],
)
def test_windows_profiles_in_every_serialisation(name: str, profiles: dict[str, bool]) -> None:
    parsed = parse_windows_firewall(fixture(f"firewall/{name}"))
    assert parsed is not None and parsed.profiles == profiles


def test_windows_third_party_state_bit() -> None:
    on = parse_windows_firewall(fixture("firewall/windows_third_party_on.json"))
    off = parse_windows_firewall(fixture("firewall/windows_third_party_off.json"))
    assert on is not None and on.products == [("Norton 360", True)]
    assert off is not None and off.products == [("Example Firewall", False)]


@pytest.mark.parametrize("text", ["", "[]", '{"profiles": []}', '{"profiles": 3}', "Error"])
def test_windows_garbage(text: str) -> None:
    assert parse_windows_firewall(text) is None


# --- runner: Linux -------------------------------------------------------------------------


def test_linux_ufw_enabled_in_config_is_enough_without_root() -> None:
    host = FakeHost(
        "linux",
        commands=dict(NOT_ROOT),
        files={"/etc/ufw/ufw.conf": fixture("firewall/linux_ufw_conf_enabled.txt")},
    )
    assert firewall.run(host).facts == {"enabled": True, "product": "ufw"}


def test_linux_ufw_status_as_root_overrides_the_config() -> None:
    host = FakeHost(
        "linux",
        commands={
            UFW: fixture("firewall/linux_ufw_status_inactive.txt"),
            NFT: fixture("firewall/linux_nft_empty.json"),
            IPT: fixture("firewall/linux_iptables_accept.txt"),
        },
        files={"/etc/ufw/ufw.conf": fixture("firewall/linux_ufw_conf_enabled.txt")},
    )
    assert firewall.run(host).facts == {"enabled": False}


def test_linux_firewalld_running() -> None:
    host = FakeHost("linux", commands={FIREWALLD: fixture("firewall/linux_firewalld_running.txt")})
    assert firewall.run(host).facts == {"enabled": True, "product": "firewalld"}


def test_linux_ufw_off_without_root_is_unknown_not_off() -> None:
    host = FakeHost(
        "linux",
        commands={
            **NOT_ROOT,
            FIREWALLD: Reply(stdout=fixture("firewall/linux_firewalld_not_running.txt"), code=252),
        },
        files={"/etc/ufw/ufw.conf": fixture("firewall/linux_ufw_conf_disabled.txt")},
    )
    outcome = firewall.run(host)
    assert outcome.facts == {}
    assert outcome.reason is not None
    for words in ("ufw is off", "firewalld is not running", "need root"):
        assert words in outcome.reason.get("en")


def test_linux_nothing_installed_is_unknown() -> None:
    outcome = firewall.run(FakeHost("linux"))
    assert outcome.facts == {}
    assert outcome.reason is not None and "no ufw or firewalld" in outcome.reason.get("en")


def test_linux_only_raw_rules_unreadable_says_so() -> None:
    outcome = firewall.run(FakeHost("linux", commands={NFT: NOT_ROOT[NFT], IPT: NOT_ROOT[IPT]}))
    assert outcome.facts == {}
    assert outcome.reason is not None
    assert "no ufw or firewalld found" in outcome.reason.get("en")
    assert "need root" in outcome.reason.get("en")


def test_linux_root_reads_hand_made_nftables_rules() -> None:
    host = FakeHost(
        "linux",
        commands={
            NFT: fixture("firewall/linux_nft_custom_drop.json"),
            IPT: fixture("firewall/linux_iptables_accept.txt"),
        },
    )
    assert firewall.run(host).facts == {"enabled": True, "product": "nftables"}


def test_linux_root_with_empty_rules_is_off() -> None:
    host = FakeHost(
        "linux",
        commands={
            NFT: fixture("firewall/linux_nft_empty.json"),
            IPT: fixture("firewall/linux_iptables_accept.txt"),
        },
    )
    outcome = firewall.run(host)
    assert outcome.facts == {"enabled": False}


def test_linux_nftables_service_with_filtering_config_without_root() -> None:
    host = FakeHost(
        "linux",
        commands={NFT: NOT_ROOT[NFT]},
        files={
            firewall.NFTABLES_ENABLED[0]: "",
            "/etc/nftables.conf": fixture("firewall/linux_nftables_conf_drop.txt"),
        },
    )
    assert firewall.run(host).facts == {"enabled": True, "product": "nftables"}


def test_linux_nftables_service_with_default_config_is_still_unknown() -> None:
    host = FakeHost(
        "linux",
        commands={NFT: NOT_ROOT[NFT]},
        files={
            firewall.NFTABLES_ENABLED[0]: "",
            "/etc/nftables.conf": fixture("firewall/linux_nftables_conf_debian_default.txt"),
        },
    )
    assert firewall.run(host).facts == {}


@pytest.mark.parametrize("reply", [Reply(timeout=True), Reply(stdout="{garbage"), Reply(code=2)])
def test_linux_broken_rule_readers_are_unknown(reply: Reply) -> None:
    host = FakeHost("linux", commands={NFT: reply, IPT: reply})
    outcome = firewall.run(host)
    assert outcome.facts == {}
    assert outcome.reason is not None


def test_linux_unreadable_ufw_conf_is_not_taken_as_off() -> None:
    host = FakeHost("linux", commands=dict(NOT_ROOT), unreadable=["/etc/ufw/ufw.conf"])
    assert firewall.run(host).facts == {}


# --- runner: macOS and Windows -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "enabled"),
    [("macos_socketfilterfw_enabled.txt", True), ("macos_socketfilterfw_disabled.txt", False)],
)
def test_macos(name: str, enabled: bool) -> None:
    host = FakeHost("macos", commands={ALF: fixture(f"firewall/{name}")})
    assert firewall.run(host).facts == {"enabled": enabled, "product": "macos-alf"}


@pytest.mark.parametrize("reply", [Reply(timeout=True), Reply(stdout="???"), Reply(code=1)])
def test_macos_failures_are_unknown(reply: Reply) -> None:
    assert firewall.run(FakeHost("macos", commands={ALF: reply})).facts == {}


def test_windows_all_profiles_on() -> None:
    host = FakeHost("windows", commands={WIN: fixture("firewall/windows_all_on.json")})
    assert firewall.run(host).facts == {"enabled": True, "product": "windows-firewall"}


def test_windows_one_profile_off_is_off_and_named() -> None:
    host = FakeHost("windows", commands={WIN: fixture("firewall/windows_public_off.json")})
    outcome = firewall.run(host)
    assert outcome.facts == {"enabled": False, "product": "windows-firewall"}
    assert outcome.reason is not None and "Public" in outcome.reason.get("en")


def test_windows_third_party_firewall_on() -> None:
    host = FakeHost("windows", commands={WIN: fixture("firewall/windows_third_party_on.json")})
    assert firewall.run(host).facts == {"enabled": True, "product": "Norton 360"}


def test_windows_third_party_firewall_off_does_not_help() -> None:
    host = FakeHost("windows", commands={WIN: fixture("firewall/windows_third_party_off.json")})
    assert firewall.run(host).facts == {"enabled": False, "product": "windows-firewall"}


def test_windows_not_configured_profile_is_unknown() -> None:
    host = FakeHost("windows", commands={WIN: fixture("firewall/windows_not_configured.json")})
    outcome = firewall.run(host)
    assert outcome.facts == {}
    assert outcome.reason is not None and "Private" in outcome.reason.get("en")


@pytest.mark.parametrize("reply", [Reply(timeout=True), Reply(stdout="oops"), Reply(code=1)])
def test_windows_failures_are_unknown(reply: Reply) -> None:
    assert firewall.run(FakeHost("windows", commands={WIN: reply})).facts == {}


@pytest.mark.parametrize(
    ("conf", "expected"),
    [
        # A forward chain's drop policy filters nothing addressed to this machine.
        (
            "table inet filter {\n\tchain input {\n\t\ttype filter hook input priority filter;\n"
            "\t}\n\tchain forward {\n\t\ttype filter hook forward priority filter; policy drop;\n"
            "\t}\n}\n",
            False,
        ),
        # The input chain jumps to one that rejects.
        (
            "table inet filter {\n  chain input { type filter hook input priority 0; jump mine }\n"
            "  chain mine { tcp dport 23 reject }\n}\n",
            True,
        ),
        ("table inet filter {\n  chain input { type filter hook input priority 0;\n", None),
    ],
)
def test_nftables_conf_counts_only_what_input_reaches(conf: str, expected: bool | None) -> None:
    assert parse_nftables_conf(conf) is expected


def test_windows_firewall_product_state_as_a_string_is_read() -> None:
    text = (
        '{"profiles": [{"Name": "Public", "Enabled": 0}],'
        ' "products": [{"displayName": "ESET Firewall", "productState": "266256"},'
        ' {"displayName": "Other", "productState": "0x41000"}, {"displayName": "Bad",'
        ' "productState": "on"}]}'
    )
    fw = parse_windows_firewall(text)
    assert fw is not None
    assert fw.products == [("ESET Firewall", True), ("Other", True)]
