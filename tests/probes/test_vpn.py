"""vpn probe: routing answers in, "does a tunnel carry the traffic" out."""

from __future__ import annotations

import pytest
from fakehost import FakeHost, Reply, fixture

from securecheck.probes.vpn import runner as vpn
from securecheck.probes.vpn.parsers import (
    NOT_A_TUNNEL,
    Egress,
    Verdict,
    classify_linux,
    classify_macos,
    classify_windows,
    judge,
    parse_ip_route_get,
    parse_macos_route_get,
    parse_nmcli_active,
    parse_proc_ipv6_route,
    parse_proc_route,
    parse_windows_network,
)

IP4 = " ".join(vpn.IP_GET["IPv4"])
IP6 = " ".join(vpn.IP_GET["IPv6"])
NMCLI = " ".join(vpn.NMCLI_ACTIVE)
MAC4 = " ".join(vpn.MACOS_GET["IPv4"])
MAC6 = " ".join(vpn.MACOS_GET["IPv6"])
WIN = " ".join(vpn.WINDOWS)
UNREACHABLE = Reply(stderr=fixture("vpn/linux_ip_get_unreachable.stderr"), code=2)


def sysfs(dev: str, kind: str) -> dict[str, str]:
    """/sys/class/net/<dev> files as recorded for eth0, tun, tap and WireGuard devices."""
    base = f"/sys/class/net/{dev}"
    if kind == "eth":
        return {
            f"{base}/uevent": fixture("vpn/linux_uevent_eth0.txt"),
            f"{base}/type": fixture("vpn/linux_type_eth0.txt"),
        }
    if kind == "wireguard":
        return {
            f"{base}/uevent": fixture("vpn/linux_uevent_wireguard.txt"),
            f"{base}/type": fixture("vpn/linux_type_wireguard.txt"),
        }
    return {
        f"{base}/uevent": fixture("vpn/linux_uevent_tun.txt"),
        f"{base}/type": fixture(f"vpn/linux_type_{kind}.txt"),
        f"{base}/tun_flags": fixture(f"vpn/linux_tun_flags_{kind}.txt"),
    }


# --- parsers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "dev"),
    [
        ("linux_ip_get_v4_eth.json", "eth0"),
        ("linux_ip_get_v6_eth.json", "eth0"),
        ("linux_ip_get_v4_policy_tun.json", "tuntest0"),  # wg-quick style rule + table 51820
        ("linux_ip_get_v4_split_tun.json", "tuntest0"),  # OpenVPN def1: 0/1 + 128/1
        ("linux_ip_get_v6_tun.json", "tuntest0"),
        ("linux_ip_get_v4_wg.json", "wg0"),
    ],
)
def test_ip_route_get_gives_the_output_device(name: str, dev: str) -> None:
    assert parse_ip_route_get(fixture(f"vpn/{name}")) == dev


@pytest.mark.parametrize("text", ["", "[]", "{}", "[{}]", '[{"dev": 3}]', "RTNETLINK"])
def test_ip_route_get_garbage(text: str) -> None:
    assert parse_ip_route_get(text) is None


def test_classify_linux_recorded_devices() -> None:
    tun = fixture("vpn/linux_tun_flags_tun.txt")
    tap = fixture("vpn/linux_tun_flags_tap.txt")
    uevent = fixture("vpn/linux_uevent_tun.txt")
    # Names that say nothing: the kernel's tun_flags decide.
    assert classify_linux("vpn0", uevent, tun, "65534\n") == "tun"
    assert classify_linux("vpn1", uevent, tap, "1\n") == "tap"
    wg = fixture("vpn/linux_uevent_wireguard.txt")
    assert classify_linux("home", wg, "", "65534\n") == "wireguard"
    eth = fixture("vpn/linux_uevent_eth0.txt")
    assert classify_linux("eth0", eth, "", "1\n") == NOT_A_TUNNEL


@pytest.mark.parametrize(
    ("name", "arp_type", "kind"),
    [
        ("ppp0", "512", "ppp"),
        ("vti0", "768", "ipsec"),
        ("he-ipv6", "776", NOT_A_TUNNEL),  # 6in4 tunnel broker: not a VPN
        ("gre1", "778", NOT_A_TUNNEL),
        ("odd0", "65534", "tunnel"),
        ("wlan0", "1", NOT_A_TUNNEL),
    ],
)
def test_classify_linux_by_type_and_name(name: str, arp_type: str, kind: str) -> None:
    assert classify_linux(name, "", "", arp_type) == kind


def test_proc_route_longest_prefix_wins() -> None:
    assert parse_proc_route(fixture("vpn/linux_proc_net_route.txt")) == (True, "eth0")
    assert parse_proc_route(fixture("vpn/linux_proc_net_route_split_tun.txt")) == (
        True,
        "tuntest0",
    )


def test_proc_ipv6_route() -> None:
    assert parse_proc_ipv6_route(fixture("vpn/linux_proc_net_ipv6_route.txt")) == (True, "eth0")
    split = fixture("vpn/linux_proc_net_ipv6_route_split_tun.txt")
    assert parse_proc_ipv6_route(split) == (True, "tuntest0")


def test_proc_ipv6_route_tie_between_tables_is_not_guessed() -> None:
    tie = fixture("vpn/linux_proc_net_ipv6_route_policy_tie.txt")
    assert parse_proc_ipv6_route(tie) == (False, None)


@pytest.mark.parametrize(
    "text", ["", "garbage\n", "Iface\tDestination\nx\tzz\t0\t0\t0\t0\t0\tzz\n"]
)
def test_proc_route_garbage(text: str) -> None:
    assert parse_proc_route(text) == (False, None)


def test_proc_ipv6_route_garbage() -> None:
    assert parse_proc_ipv6_route("not a route table\n") == (False, None)


def test_nmcli_active_types() -> None:
    assert parse_nmcli_active(fixture("vpn/linux_nmcli_active_vpn.txt")) == [
        "802-11-wireless",
        "vpn",
        "loopback",
    ]
    assert parse_nmcli_active("garbage") is None


def test_macos_route_get() -> None:
    assert parse_macos_route_get(fixture("vpn/macos_route_get_v4_en0.txt")) == "en0"
    assert parse_macos_route_get(fixture("vpn/macos_route_get_v4_utun.txt")) == "utun4"
    assert parse_macos_route_get("route: bad address") is None
    assert classify_macos("utun4") == "utun"
    assert classify_macos("ipsec0") == "ipsec"
    assert classify_macos("en0") == NOT_A_TUNNEL


@pytest.mark.parametrize(
    ("name", "kinds"),
    [
        ("windows_plain_wifi.json", {"IPv4": NOT_A_TUNNEL}),
        ("windows_wireguard.json", {"IPv4": "wireguard", "IPv6": "wireguard"}),
        ("windows_ras_ikev2.json", {"IPv4": "ipsec"}),
        ("windows_tap_ipv6_leak.json", {"IPv4": "tap", "IPv6": NOT_A_TUNNEL}),
        ("windows_undescribed_interface.json", {"IPv4": None}),
    ],
)
def test_windows_routes_classified(name: str, kinds: dict[str, str | None]) -> None:
    net = parse_windows_network(fixture(f"vpn/{name}"))
    assert net is not None
    got = {f: classify_windows(r, net) for f, r in net.routes.items() if r is not None}
    assert got == kinds


@pytest.mark.parametrize("text", ["", "[]", '{"route4": null}', "Find-NetRoute : error"])
def test_windows_garbage(text: str) -> None:
    assert parse_windows_network(text) is None


@pytest.mark.parametrize(
    ("routes", "verdict"),
    [
        ([Egress("IPv4", "eth0", ""), Egress("IPv6", None)], Verdict(False, None)),
        ([Egress("IPv4", "wg0", "wireguard"), Egress("IPv6", None)], Verdict(True, "wireguard")),
        (
            [Egress("IPv4", "tun0", "tun"), Egress("IPv6", "eth0", "")],
            Verdict(False, "tun", "IPv6"),
        ),
        ([Egress("IPv4", "x", None)], Verdict(None, None)),
        ([Egress("IPv4", None), Egress("IPv6", None)], Verdict(False, None)),
    ],
)
def test_judge(routes: list[Egress], verdict: Verdict) -> None:
    assert judge(routes) == verdict


# --- runner: Linux -------------------------------------------------------------------------


def test_linux_plain_ethernet_is_not_a_vpn() -> None:
    host = FakeHost(
        "linux",
        commands={
            IP4: fixture("vpn/linux_ip_get_v4_eth.json"),
            IP6: fixture("vpn/linux_ip_get_v6_eth.json"),
        },
        files=sysfs("eth0", "eth"),
    )
    outcome = vpn.run(host)
    assert outcome.facts == {"active": False}


def test_linux_wireguard_policy_route_is_active() -> None:
    host = FakeHost(
        "linux",
        commands={
            IP4: fixture("vpn/linux_ip_get_v4_wg.json"),
            IP6: fixture("vpn/linux_ip_get_v6_wg.json"),
        },
        files=sysfs("wg0", "wireguard"),
    )
    assert vpn.run(host).facts == {"active": True, "kind": "wireguard"}


def test_linux_tunnel_for_ipv4_only_is_not_active_and_says_why() -> None:
    host = FakeHost(
        "linux",
        commands={
            IP4: fixture("vpn/linux_ip_get_v4_split_tun.json"),
            IP6: fixture("vpn/linux_ip_get_v6_eth.json"),
        },
        files={**sysfs("tuntest0", "tun"), **sysfs("eth0", "eth")},
    )
    outcome = vpn.run(host)
    assert outcome.facts == {"active": False, "kind": "tun"}
    assert outcome.reason is not None and "IPv6" in outcome.reason.get("en")


def test_linux_no_ipv6_route_counts_only_ipv4() -> None:
    host = FakeHost(
        "linux",
        commands={IP4: fixture("vpn/linux_ip_get_v4_policy_tun.json"), IP6: UNREACHABLE},
        files=sysfs("tuntest0", "tun"),
    )
    assert vpn.run(host).facts == {"active": True, "kind": "tun"}


def test_linux_without_ip_reads_proc() -> None:
    host = FakeHost(
        "linux",
        files={
            "/proc/net/route": fixture("vpn/linux_proc_net_route_split_tun.txt"),
            "/proc/net/ipv6_route": fixture("vpn/linux_proc_net_ipv6_route_split_tun.txt"),
            **sysfs("tuntest0", "tun"),
        },
    )
    assert vpn.run(host).facts == {"active": True, "kind": "tun"}


def test_linux_without_ip_and_ipv6_disabled() -> None:
    host = FakeHost(
        "linux",
        files={"/proc/net/route": fixture("vpn/linux_proc_net_route.txt"), **sysfs("eth0", "eth")},
    )
    assert vpn.run(host).facts == {"active": False}


@pytest.mark.parametrize("reply", [Reply(timeout=True), Reply(stdout="[]"), Reply(code=1)])
def test_linux_failing_ip_without_proc_is_unknown(reply: Reply) -> None:
    host = FakeHost("linux", commands={IP4: reply, IP6: reply}, unreadable=["/proc/net/route"])
    outcome = vpn.run(host)
    assert outcome.facts == {}
    assert outcome.reason is not None and "routing table" in outcome.reason.get("en")


def test_linux_networkmanager_vpn_without_tunnel_leaves_active_unknown() -> None:
    host = FakeHost(
        "linux",
        commands={
            IP4: fixture("vpn/linux_ip_get_v4_eth.json"),
            IP6: UNREACHABLE,
            NMCLI: fixture("vpn/linux_nmcli_active_vpn.txt"),
        },
        files=sysfs("eth0", "eth"),
    )
    outcome = vpn.run(host)
    assert outcome.facts == {"kind": "networkmanager-vpn"}
    assert "IPsec" in outcome.why_unknown("active").get("en")


@pytest.mark.parametrize(
    "reply",
    [
        fixture("vpn/linux_nmcli_active_plain.txt"),
        Reply(stderr=fixture("vpn/linux_nmcli_no_daemon.stderr"), code=1),
    ],
)
def test_linux_networkmanager_without_vpn_keeps_the_route_verdict(reply: Reply | str) -> None:
    host = FakeHost(
        "linux",
        commands={IP4: fixture("vpn/linux_ip_get_v4_eth.json"), IP6: UNREACHABLE, NMCLI: reply},
        files=sysfs("eth0", "eth"),
    )
    assert vpn.run(host).facts == {"active": False}


# --- runner: macOS and Windows -------------------------------------------------------------


def test_macos_utun_for_both_families_is_active() -> None:
    host = FakeHost(
        "macos",
        commands={
            MAC4: fixture("vpn/macos_route_get_v4_utun.txt"),
            MAC6: fixture("vpn/macos_route_get_v6_utun.txt"),
        },
    )
    assert vpn.run(host).facts == {"active": True, "kind": "utun"}


def test_macos_plain_route_without_ipv6() -> None:
    host = FakeHost(
        "macos",
        commands={
            MAC4: fixture("vpn/macos_route_get_v4_en0.txt"),
            MAC6: Reply(stderr=fixture("vpn/macos_route_get_not_in_table.stderr"), code=1),
        },
    )
    assert vpn.run(host).facts == {"active": False}


@pytest.mark.parametrize("reply", [Reply(timeout=True), Reply(stdout="nonsense"), Reply(code=64)])
def test_macos_failures_are_unknown(reply: Reply) -> None:
    outcome = vpn.run(FakeHost("macos", commands={MAC4: reply, MAC6: reply}))
    assert outcome.facts == {}


def test_windows_wireguard_is_active() -> None:
    host = FakeHost("windows", commands={WIN: fixture("vpn/windows_wireguard.json")})
    assert vpn.run(host).facts == {"active": True, "kind": "wireguard"}


def test_windows_builtin_ikev2_is_active() -> None:
    host = FakeHost("windows", commands={WIN: fixture("vpn/windows_ras_ikev2.json")})
    assert vpn.run(host).facts == {"active": True, "kind": "ipsec"}


def test_windows_undescribed_interface_is_unknown() -> None:
    host = FakeHost("windows", commands={WIN: fixture("vpn/windows_undescribed_interface.json")})
    outcome = vpn.run(host)
    assert outcome.facts == {}
    assert "does not describe" in outcome.why_unknown("active").get("en")


@pytest.mark.parametrize("reply", [Reply(timeout=True), Reply(stdout="oops"), Reply(code=1)])
def test_windows_failures_are_unknown(reply: Reply) -> None:
    outcome = vpn.run(FakeHost("windows", commands={WIN: reply}))
    assert outcome.facts == {}
    assert outcome.reason is not None


def test_windows_powershell_missing_is_unknown() -> None:
    outcome = vpn.run(FakeHost("windows"))
    assert outcome.facts == {} and outcome.reason is not None
    assert "not installed" in outcome.reason.get("en")


def test_windows_pppoe_dsl_link_is_not_a_vpn() -> None:
    text = (
        '{"route4": {"ifIndex": 21, "InterfaceAlias": "Breitband"}, "route6": null,'
        ' "adapters": [{"ifIndex": 21, "InterfaceDescription": "WAN Miniport (PPPOE)"}],'
        ' "vpn": []}'
    )
    net = parse_windows_network(text)
    assert net is not None
    assert classify_windows((21, "Breitband"), net) == NOT_A_TUNNEL
