"""wifi probe: parsers over recorded outputs, and the runner over a fake machine."""

from __future__ import annotations

import pytest
from fakehost import FakeHost, Reply, fixture

from securecheck.probes.wifi import runner as wifi
from securecheck.probes.wifi.netsh import (
    NetshProblem,
    parse_netsh_interfaces,
    security_from_netsh,
)
from securecheck.probes.wifi.parsers import (
    WifiLink,
    parse_iw_link,
    parse_iw_scan_dump,
    parse_nmcli_wifi_list,
    parse_system_profiler,
    security_from_iw_bss,
    security_from_macos,
    security_from_nmcli,
    split_terse,
    wireless_operstate,
)

NMCLI = " ".join(wifi.NMCLI_LIST)
SP = " ".join(wifi.SYSTEM_PROFILER)
NETSH = " ".join(wifi.NETSH)
ADAPTERS = " ".join(wifi.WINDOWS_ADAPTERS)


def wifi_files(*names: str, state: str = "up") -> dict[str, str]:
    """/sys/class/net with eth0 and lo plus the named wireless interfaces."""
    files = {"/sys/class/net/eth0/type": "1\n", "/sys/class/net/lo/type": "772\n"}
    for name in names:
        files[f"/sys/class/net/{name}/wireless"] = ""
        files[f"/sys/class/net/{name}/operstate"] = state + "\n"
    return files


# --- parsers: NetworkManager ---------------------------------------------------------------


def test_terse_split_unescapes_colons_and_backslashes() -> None:
    assert split_terse(r"*:Cafe\:Guest \\ Free:") == ["*", "Cafe:Guest \\ Free", ""]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", "open"),
        ("--", "open"),
        ("WEP", "wep"),
        ("WPA1", "wpa"),
        ("WPA1 WPA2", "wpa"),  # mixed mode: the weaker one may be in use
        ("WPA2", "wpa2"),
        ("WPA2 WPA3", "wpa2"),
        ("WPA3", "wpa3"),
        ("OWE", "owe"),
        ("OWE-TM", "open"),
        ("WPA2 802.1X", "enterprise"),
        ("WPA1 WPA2 802.1X", "wpa"),
        ("WAPI", None),
    ],
)
def test_nmcli_security_maps_to_levels(value: str, expected: str | None) -> None:
    assert security_from_nmcli(value) == expected


def test_nmcli_in_use_row_gives_network_and_security() -> None:
    link = parse_nmcli_wifi_list(fixture("wifi/linux_nmcli_wpa2.txt"))
    assert link == WifiLink(True, "wpa2", "HomeNet", security_raw="WPA2")


def test_nmcli_escaped_ssid_of_open_network() -> None:
    link = parse_nmcli_wifi_list(fixture("wifi/linux_nmcli_escaped_open.txt"))
    assert link is not None
    assert (link.ssid, link.security) == ("Cafe:Guest \\ Free", "open")


@pytest.mark.parametrize(
    ("name", "security"),
    [("linux_nmcli_transition.txt", "wpa2"), ("linux_nmcli_enterprise.txt", "enterprise")],
)
def test_nmcli_recorded_security(name: str, security: str) -> None:
    link = parse_nmcli_wifi_list(fixture(f"wifi/{name}"))
    assert link is not None and link.security == security


def test_nmcli_without_in_use_row_is_not_connected() -> None:
    assert parse_nmcli_wifi_list(fixture("wifi/linux_nmcli_none_in_use.txt")) == WifiLink(False)


def test_nmcli_garbage_is_not_understood() -> None:
    assert parse_nmcli_wifi_list("Error: something odd happened here") is None


# --- parsers: iw and the kernel ------------------------------------------------------------


def test_iw_link_connected_gives_ssid_only() -> None:
    link = parse_iw_link(fixture("wifi/linux_iw_link_connected.txt"))
    assert link == WifiLink(True, None, "HomeNet")


def test_iw_link_not_connected() -> None:
    assert parse_iw_link(fixture("wifi/linux_iw_link_not_connected.txt")) == WifiLink(False)
    assert parse_iw_link(fixture("wifi/linux_iw_no_nl80211.stderr")) is None


def test_iw_scan_dump_reads_the_associated_bss_and_reports_the_weaker_mode() -> None:
    # PSK and SAE offered together (WPA2/WPA3 transition): a client may use WPA2.
    assert parse_iw_scan_dump(fixture("wifi/linux_iw_scan_dump.txt")) == "wpa2"


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["\tcapability: ESS (0x0401)"], "open"),
        (["\tcapability: ESS Privacy (0x0411)"], "wep"),
        (["\tRSN:\t * Version: 1", "\t\t * Authentication suites: SAE"], "wpa3"),
        (["\tRSN:\t * Version: 1", "\t\t * Authentication suites: FT/IEEE 802.1X"], "enterprise"),
        (["\tRSN:\t * Version: 1", "\t\t * Authentication suites: OWE"], "owe"),
        (["\tRSN:\t * Version: 1", "\t\t * Authentication suites: 00-0f-ac:99"], None),
        (["\tWPA:\t * Version: 1", "\t\t * Authentication suites: PSK"], "wpa"),
    ],
)
def test_iw_bss_security(lines: list[str], expected: str | None) -> None:
    assert security_from_iw_bss(["BSS 00:00:5e:00:53:aa(on wlan0) -- associated", *lines]) == (
        expected
    )


def test_iw_scan_dump_without_associated_bss_is_unknown() -> None:
    assert (
        parse_iw_scan_dump(fixture("wifi/linux_iw_scan_dump.txt").replace("associated", "")) is None
    )


def test_operstate() -> None:
    assert wireless_operstate(["down\n", "up\n"]) is True
    assert wireless_operstate(["dormant\n"]) is False
    assert wireless_operstate(["unknown\n"]) is None
    assert wireless_operstate([]) is None


# --- parsers: macOS ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("spairport_security_mode_none", "open"),
        ("spairport_security_mode_owe", "owe"),
        ("spairport_security_mode_wep", "wep"),
        ("spairport_security_mode_wpa_personal", "wpa"),
        ("spairport_security_mode_wpa2_personal_mixed", "wpa"),
        ("spairport_security_mode_wpa2_personal", "wpa2"),
        ("pairport_security_mode_wpa3_transition", "wpa2"),  # Apple's own missing "s"
        ("spairport_security_mode_wpa3_personal", "wpa3"),
        ("spairport_security_mode_wpa2_enterprise", "enterprise"),
        ("spairport_security_mode_wpa_enterprise", "wpa"),
        ("spairport_security_mode_something_new", None),
        ("", None),
    ],
)
def test_macos_security_modes(mode: str, expected: str | None) -> None:
    assert security_from_macos(mode) == expected


def test_macos_connected_wpa2() -> None:
    link = parse_system_profiler(fixture("wifi/macos_sp_wpa2.json"))
    assert link == WifiLink(True, "wpa2", "HomeNet", "spairport_security_mode_wpa2_personal")


def test_macos_redacted_ssid_still_gives_security() -> None:
    link = parse_system_profiler(fixture("wifi/macos_sp_redacted_transition.json"))
    assert link is not None
    assert (link.connected, link.security, link.ssid, link.ssid_redacted) == (
        True,
        "wpa2",
        None,
        True,
    )


@pytest.mark.parametrize("name", ["macos_sp_off.json", "macos_sp_no_wifi.json"])
def test_macos_not_connected(name: str) -> None:
    assert parse_system_profiler(fixture(f"wifi/{name}")) == WifiLink(False)


@pytest.mark.parametrize("text", ["", "{", '{"SPAirPortDataType": 3}', "[]"])
def test_macos_garbage_is_not_understood(text: str) -> None:
    assert parse_system_profiler(text) is None


# --- parsers: Windows netsh in several languages ------------------------------------------


@pytest.mark.parametrize(
    ("name", "ssid", "security"),
    [
        ("windows_netsh_en_wpa2.txt", "HomeNet", "wpa2"),
        ("windows_netsh_en_open_wep.txt", "OldRouter", "wep"),
        ("windows_netsh_de_wpa3.txt", "FRITZ!Box 7590 XY", "wpa3"),
        ("windows_netsh_fr_wpa2.txt", "Livebox-1234", "wpa2"),
        ("windows_netsh_es_open.txt", "CafeLibre", "open"),
        ("windows_netsh_it_enterprise.txt", "Ufficio", "enterprise"),
        ("windows_netsh_zh_wpa2.txt", "TP-LINK_5G_3A7F", "wpa2"),
        ("windows_netsh_fr_win10_wpa2.txt", "Freebox-5C1D", "wpa2"),
        ("windows_netsh_fr_win11_open.txt", "FreeWifi", "open"),
        ("windows_netsh_de_open.txt", "Telekom_FON", "open"),
        ("windows_netsh_de_redacted_guid.txt", "eduroam", "enterprise"),
        ("windows_netsh_it_open.txt", "Stazione-WiFi", "open"),
        ("windows_netsh_es_wpa2.txt", "MOVISTAR_7A2B", "wpa2"),
        ("windows_netsh_ptbr_wpa2.txt", "VIVOFIBRA-9F10", "wpa2"),
        ("windows_netsh_ptbr_open.txt", "Aeroporto-Gratis", "open"),
        ("windows_netsh_ru_wpa2.txt", "Keenetic-4410", "wpa2"),
        ("windows_netsh_ru_open.txt", "MT_FREE", "open"),
        ("windows_netsh_zh_open.txt", "CMCC-WEB", "open"),
        ("windows_netsh_ja_wpa3.txt", "aterm-1f2e3d-a", "wpa3"),
        ("windows_netsh_ja_open.txt", "FREE_Wi-Fi", "open"),
        ("windows_netsh_ko_wpa2.txt", "iptime5G", "wpa2"),
        ("windows_netsh_ko_open.txt", "Public WiFi Free", "open"),
        ("windows_netsh_en_two_interfaces_open.txt", "Airport_Free_WiFi", "open"),
    ],
)
def test_netsh_in_any_language(name: str, ssid: str, security: str) -> None:
    link = parse_netsh_interfaces(fixture(f"wifi/{name}"))
    assert isinstance(link, WifiLink)
    assert (link.connected, link.ssid, link.security) == (True, ssid, security)


def test_netsh_disconnected_interface() -> None:
    link = parse_netsh_interfaces(fixture("wifi/windows_netsh_en_disconnected.txt"))
    assert link == WifiLink(False)


def test_netsh_location_refusal_is_recognised() -> None:
    problem = parse_netsh_interfaces(fixture("wifi/windows_netsh_en_location.txt"))
    assert problem == NetshProblem("location")


def test_netsh_no_interface_message() -> None:
    problem = parse_netsh_interfaces(fixture("wifi/windows_netsh_en_no_interface.txt"))
    assert isinstance(problem, NetshProblem) and problem.kind == "no_interface"


@pytest.mark.parametrize(
    ("auth", "cipher", "expected"),
    [
        ("WPA2-Personal", "CCMP", "wpa2"),
        ("WPA3-Personal", "GCMP-256", "wpa3"),
        ("WPA3-Enterprise 192 Bits", "GCMP-256", "enterprise"),
        ("WPA2 - 企业", "CCMP", "enterprise"),
        ("WPA-Personal", "TKIP", "wpa"),
        ("OWE", "CCMP", "owe"),
        ("Offen", "Keine", "open"),
        ("开放式", "无", "open"),
        ("Open", "WEP", "wep"),
        ("Freigegeben", "WEP", "wep"),
        ("Ismeretlen", "CCMP", None),
        ("Ouvrir", "Aucun", "open"),
        ("Aperta", "Nessuna", "open"),
        ("Aberta", "Nenhuma", "open"),
        ("Открытая", "Нет", "open"),
        ("オープン", "なし", "open"),
        ("개방", "없음", "open"),
        ("Ismeretlen", "Nincs", "open"),  # no cipher and no WPA: only open is like that
        ("WPA2-Pessoal", "CCMP", "wpa2"),
        ("WPA2 - Personnel", "CCMP", "wpa2"),
        ("WPA3-パーソナル", "GCMP", "wpa3"),
        ("WPA2-개인", "CCMP", "wpa2"),
        ("WPA2 - Entreprise", "CCMP", "enterprise"),
        ("WPA2-エンタープライズ", "CCMP", "enterprise"),
        ("WPA2PSK", "AES", "wpa2"),
        ("WPA2-Zzyzx", "CCMP", None),
    ],
)
def test_netsh_security_values(auth: str, cipher: str, expected: str | None) -> None:
    assert security_from_netsh(auth, cipher) == expected


def test_netsh_reads_the_ssid_by_position_when_its_label_is_not_ssid() -> None:
    text = fixture("wifi/windows_netsh_en_wpa2.txt").replace("    SSID ", "    XSID ")
    link = parse_netsh_interfaces(text)
    assert isinstance(link, WifiLink) and (link.connected, link.ssid) == (True, "HomeNet")


def test_netsh_in_a_language_no_table_knows_is_read_by_value_shapes() -> None:
    """Every label unknown: position and value shapes still find the network; the
    authentication word is unknown, so security is declined, never guessed."""
    link = parse_netsh_interfaces(fixture("wifi/windows_netsh_unknown_language_wpa2.txt"))
    assert isinstance(link, WifiLink)
    assert (link.connected, link.ssid, link.security) == (True, "Cafe Central", None)
    assert link.security_raw == "WPA2-Zzyzx"


def test_netsh_open_network_in_french_windows_11_is_connected_and_open() -> None:
    """The false pass this parser must never repeat: the French Windows 11 BSSID label does
    not contain "BSSID"; the open network was read as not connected."""
    link = parse_netsh_interfaces(fixture("wifi/windows_netsh_fr_win11_open.txt"))
    assert link == WifiLink(True, "open", "FreeWifi", "Ouvrir")


@pytest.mark.parametrize(
    "redacted",
    ["XX:XX:XX:XX:XX:XX", "00:00:5e:xx:xx:xx", "**-**-**-**-**-**"],
)
def test_netsh_redacted_addresses_still_read(redacted: str) -> None:
    text = fixture("wifi/windows_netsh_de_open.txt").replace("00:00:5e:00:53:b4", redacted)
    link = parse_netsh_interfaces(text.replace("00:00:5e:00:53:21", redacted))
    assert isinstance(link, WifiLink) and (link.connected, link.security) == (True, "open")


def test_netsh_with_the_ssid_and_bssid_lines_removed_is_still_connected() -> None:
    """A radio type is printed only while associated: no SSID line is not "not connected"."""
    lines = fixture("wifi/windows_netsh_ru_open.txt").splitlines()
    text = "\r\n".join(line for line in lines if "SSID" not in line)
    link = parse_netsh_interfaces(text)
    assert isinstance(link, WifiLink) and (link.connected, link.security) == (True, "open")


def test_netsh_with_comment_lines_from_a_paste() -> None:
    text = "# PS C:\\Users\\me> netsh wlan show interfaces\n" + fixture(
        "wifi/windows_netsh_it_open.txt"
    )
    link = parse_netsh_interfaces(text)
    assert isinstance(link, WifiLink) and link.security == "open"


def test_netsh_adapter_named_802_11n_while_disconnected_is_not_connected() -> None:
    text = fixture("wifi/windows_netsh_en_two_interfaces_open.txt")
    first = text[: text.index("    Name                   : Wi-Fi\n")]
    assert parse_netsh_interfaces(first) == WifiLink(False)


# --- runner: Linux -------------------------------------------------------------------------


def test_linux_without_wireless_interface_is_not_on_wifi() -> None:
    host = FakeHost("linux", files=wifi_files())
    outcome = wifi.run(host)
    assert outcome.facts == {"connected": False}
    assert outcome.reason is not None and "no WiFi interface" in outcome.reason.get("en")
    assert host.calls == []


def test_linux_unlistable_sys_class_net_is_unknown() -> None:
    outcome = wifi.run(FakeHost("linux"))
    assert outcome.facts == {}


def test_linux_nmcli_connected() -> None:
    host = FakeHost(
        "linux",
        commands={NMCLI: fixture("wifi/linux_nmcli_wpa2.txt")},
        files=wifi_files("wlp2s0"),
    )
    outcome = wifi.run(host)
    assert outcome.facts == {"connected": True, "security": "wpa2", "ssid": "HomeNet"}


def test_linux_nmcli_without_daemon_falls_back_to_iw() -> None:
    host = FakeHost(
        "linux",
        commands={
            NMCLI: Reply(stderr=fixture("wifi/linux_nmcli_no_daemon.stderr"), code=1),
            "iw dev wlan0 link": fixture("wifi/linux_iw_link_connected.txt"),
            "iw dev wlan0 scan dump": fixture("wifi/linux_iw_scan_dump.txt"),
        },
        files=wifi_files("wlan0"),
    )
    outcome = wifi.run(host)
    assert outcome.facts == {"connected": True, "security": "wpa2", "ssid": "HomeNet"}


def test_linux_iw_connected_without_scan_entry_leaves_security_unknown() -> None:
    host = FakeHost(
        "linux",
        commands={
            "iw dev wlan0 link": fixture("wifi/linux_iw_link_connected.txt"),
            "iw dev wlan0 scan dump": "",
        },
        files=wifi_files("wlan0"),
    )
    outcome = wifi.run(host)
    assert outcome.facts == {"connected": True, "ssid": "HomeNet"}
    assert "iw does not show" in outcome.why_unknown("security").get("en")


def test_linux_nmcli_idle_but_kernel_link_up_asks_iw() -> None:
    host = FakeHost(
        "linux",
        commands={
            NMCLI: fixture("wifi/linux_nmcli_none_in_use.txt"),
            "iw dev wlan0 link": fixture("wifi/linux_iw_link_connected.txt"),
            "iw dev wlan0 scan dump": fixture("wifi/linux_iw_scan_dump.txt"),
        },
        files=wifi_files("wlan0", state="up"),
    )
    assert wifi.run(host).facts["connected"] is True


def test_linux_nmcli_idle_and_link_down_is_not_connected() -> None:
    host = FakeHost(
        "linux",
        commands={NMCLI: fixture("wifi/linux_nmcli_none_in_use.txt")},
        files=wifi_files("wlan0", state="down"),
    )
    assert wifi.run(host).facts == {"connected": False}


@pytest.mark.parametrize(
    "reply",
    [Reply(timeout=True), Reply(stdout="garbage without fields"), Reply(code=8, stderr="boom")],
)
def test_linux_failing_tools_and_unknown_link_state_give_no_facts(reply: Reply) -> None:
    host = FakeHost(
        "linux",
        commands={NMCLI: reply, "iw dev wlan0 link": reply},
        files=wifi_files("wlan0", state="unknown"),
    )
    outcome = wifi.run(host)
    assert outcome.facts == {}
    assert outcome.reason is not None and outcome.reason.get("en")


def test_linux_no_tools_link_up_reports_connected_without_security() -> None:
    host = FakeHost("linux", files=wifi_files("wlan0", state="up"))
    outcome = wifi.run(host)
    assert outcome.facts == {"connected": True}
    assert "nmcli is not installed" in outcome.why_unknown("security").get("en")


def test_linux_no_tools_link_down_is_not_connected() -> None:
    host = FakeHost("linux", files=wifi_files("wlan0", state="down"))
    assert wifi.run(host).facts == {"connected": False}


def test_linux_cut_off_nmcli_output_is_not_trusted() -> None:
    reply = Reply(fixture("wifi/linux_nmcli_wpa2.txt"), truncated=True)
    host = FakeHost("linux", commands={NMCLI: reply}, files=wifi_files("wlan0", state="up"))
    outcome = wifi.run(host)
    assert outcome.facts == {"connected": True}
    assert "was cut off" in outcome.why_unknown("security").get("en")


def test_linux_unreadable_operstate_is_not_taken_as_down() -> None:
    files = wifi_files("wlan0", "wlan1", state="down")
    del files["/sys/class/net/wlan1/operstate"]
    outcome = wifi.run(FakeHost("linux", files=files))
    assert outcome.facts == {}


# --- runner: macOS and Windows -------------------------------------------------------------


def test_macos_redacted_ssid_has_a_reason() -> None:
    host = FakeHost("macos", commands={SP: fixture("wifi/macos_sp_redacted_transition.json")})
    outcome = wifi.run(host)
    assert outcome.facts == {"connected": True, "security": "wpa2"}
    assert "Location Services" in outcome.why_unknown("ssid").get("en")


@pytest.mark.parametrize(
    "reply", [Reply(timeout=True), Reply(code=1, stderr="error"), Reply(stdout='{"SPAir')]
)
def test_macos_failures_are_unknown(reply: Reply) -> None:
    outcome = wifi.run(FakeHost("macos", commands={SP: reply}))
    assert outcome.facts == {}
    assert outcome.reason is not None


def test_macos_missing_system_profiler_is_unknown() -> None:
    outcome = wifi.run(FakeHost("macos"))
    assert outcome.facts == {} and outcome.reason is not None
    assert "not installed" in outcome.reason.get("en")


def test_windows_connected_french() -> None:
    host = FakeHost("windows", commands={NETSH: fixture("wifi/windows_netsh_fr_wpa2.txt")})
    assert wifi.run(host).facts == {"connected": True, "security": "wpa2", "ssid": "Livebox-1234"}


def test_windows_location_refusal_is_a_clear_unknown() -> None:
    reply = Reply(stdout=fixture("wifi/windows_netsh_en_location.txt"), code=1)
    outcome = wifi.run(FakeHost("windows", commands={NETSH: reply}))
    assert outcome.facts == {}
    assert outcome.reason is not None and "Location permission" in outcome.reason.get("en")


def test_windows_no_interface_is_not_on_wifi() -> None:
    reply = Reply(stdout=fixture("wifi/windows_netsh_en_no_interface.txt"), code=1)
    outcome = wifi.run(FakeHost("windows", commands={NETSH: reply}))
    assert outcome.facts == {"connected": False}


def test_windows_wlansvc_stopped_is_not_on_wifi() -> None:
    reply = Reply(stdout=fixture("wifi/windows_netsh_en_wlansvc.txt"), code=1)
    assert wifi.run(FakeHost("windows", commands={NETSH: reply})).facts == {"connected": False}


def test_windows_unknown_message_without_wifi_adapter_is_not_on_wifi() -> None:
    host = FakeHost(
        "windows",
        commands={
            NETSH: Reply(stdout="Il sistema non dispone di nulla.\r\n", code=1),
            ADAPTERS: fixture("wifi/windows_adapters_none.json"),
        },
    )
    assert wifi.run(host).facts == {"connected": False}


def test_windows_unknown_message_with_wifi_adapter_is_unknown() -> None:
    host = FakeHost(
        "windows",
        commands={
            NETSH: Reply(stdout="Qualcosa di inatteso.\r\n", code=1),
            ADAPTERS: fixture("wifi/windows_adapters_wifi.json"),
        },
    )
    outcome = wifi.run(host)
    assert outcome.facts == {}
    assert outcome.reason is not None and "Qualcosa di inatteso" in outcome.reason.get("en")


@pytest.mark.parametrize("reply", [Reply(timeout=True), Reply(code=1)])
def test_windows_netsh_without_output_is_unknown(reply: Reply) -> None:
    outcome = wifi.run(FakeHost("windows", commands={NETSH: reply}))
    assert outcome.facts == {}


def test_other_systems_are_not_applicable() -> None:
    assert wifi.run(FakeHost("freebsd")).applicable is False


def test_netsh_ssid_without_access_point_counts_as_connected() -> None:
    # While associating (or with the BSSID line cut out), the SSID shows: the machine is
    # joining that network, so its security is what matters.
    lines = fixture("wifi/windows_netsh_en_wpa2.txt").splitlines()
    text = "\r\n".join(line for line in lines if "BSSID" not in line)
    link = parse_netsh_interfaces(text)
    assert isinstance(link, WifiLink) and (link.connected, link.security) == (True, "wpa2")
