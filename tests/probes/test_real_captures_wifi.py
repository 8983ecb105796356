"""wifi parsers over outputs captured on real machines by other projects (see
tests/fixtures/wifi/SOURCES.md, rows marked "real"): the reading a person would give each."""

from __future__ import annotations

import pytest
from fakehost import fixture

from securecheck.probes.wifi.netsh import NetshProblem, parse_netsh_interfaces
from securecheck.probes.wifi.parsers import (
    WifiLink,
    parse_iw_info,
    parse_iw_link,
    parse_iw_scan_dump,
    parse_nmcli_wifi_list,
    parse_system_profiler,
    parse_windows_wifi_adapters,
)


def f(name: str) -> str:
    return fixture(f"wifi/{name}")


@pytest.mark.parametrize(
    ("name", "ssid", "security"),
    [
        ("windows_netsh_de_enterprise_wh.txt", "SSID-1", "enterprise"),
        ("windows_netsh_en_wpa2_wh.txt", "SSID-1", "wpa2"),
        ("windows_netsh_es_open_wh.txt", "SSID-1", "open"),
        ("windows_netsh_fr_open_wh.txt", "SSID-1", "open"),
        ("windows_netsh_it_wpa2_wh.txt", "SSID-1", "wpa2"),
    ],
)
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_real_netsh_captures_in_five_languages(
    name: str, ssid: str, security: str, newline: str
) -> None:
    link = parse_netsh_interfaces(f(name).replace("\n", newline))
    assert isinstance(link, WifiLink)
    assert (link.connected, link.ssid, link.security) == (True, ssid, security)


def test_real_netsh_location_refusal_is_not_read_as_disconnected() -> None:
    problem = parse_netsh_interfaces(f("windows_netsh_en_location_wh.txt"))
    assert problem == NetshProblem("location")


def test_real_iw_link_and_info_captures() -> None:
    assert parse_iw_link(f("linux_iw_link_connected_wh.txt")) == WifiLink(True, ssid="SSID-1")
    assert parse_iw_info(f("linux_iw_info_connected_wh.txt")) == WifiLink(True, ssid="HBTL")
    # Each declines the other command's output rather than reading it.
    assert parse_iw_link(f("linux_iw_info_connected_wh.txt")) is None
    assert parse_iw_info(f("linux_iw_link_connected_wh.txt")) is None


def test_real_nmcli_default_field_list_reads_the_row_in_use() -> None:
    # `nmcli -t dev wifi list` (all default fields); the row in use has empty SECURITY.
    link = parse_nmcli_wifi_list(f("linux_nmcli_default_fields_wh.txt"))
    assert link == WifiLink(True, "open", "SSID-3", security_raw="")


def test_nmcli_default_fields_without_a_row_in_use_is_not_connected() -> None:
    text = f("linux_nmcli_default_fields_wh.txt").replace("*:FE", " :FE")
    assert parse_nmcli_wifi_list(text) == WifiLink(False)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("macos_sp_10_15_7_wh.json", WifiLink(True, "open", "SSID-6")),
        ("macos_sp_12_7_2_AP_wh.json", WifiLink(True, "wpa2", "SSID-4")),
        ("macos_sp_12_7_2_no_AP_wh.json", WifiLink(False)),
        ("macos_sp_15_5_no_iPhone_wh.json", WifiLink(False)),
        ("macos_sp_15_5_on_iPhone_wh.json", WifiLink(True, "wpa2", "SSID-1")),
        ("macos_sp_15_5_wifi_disabled_wh.json", WifiLink(False)),
        ("macos_sp_15_5_wpa2_en_wh.json", WifiLink(True, "wpa2", "SSID-7")),
        ("macos_sp_15_5_wh.json", WifiLink(True, "open", "SSID-2")),
    ],
)
def test_real_system_profiler_captures_macos_10_15_to_15(name: str, expected: WifiLink) -> None:
    link = parse_system_profiler(f(name))
    assert link is not None
    assert (link.connected, link.security, link.ssid) == (
        expected.connected,
        expected.security,
        expected.ssid,
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "windows_netsh_zh_win10_enterprise_blog.txt",
            WifiLink(True, "enterprise", "DC_WLAN(5GHz)", "WPA2 - 企业"),
        ),
        ("windows_netsh_zh_disconnected_recorded.txt", WifiLink(False)),
        (
            "windows_netsh_ru_win11_wpa2_recorded.txt",
            WifiLink(True, "wpa2", "Домашняя сеть", "WPA2-Personal"),
        ),
    ],
)
def test_real_netsh_captures_zh_and_ru(name: str, expected: WifiLink) -> None:
    assert parse_netsh_interfaces(f(name)) == expected


@pytest.mark.parametrize(
    "text",
    [
        # A disconnected state word, no access point and no radio type: not connected, even
        # with an SSID line (seen in other projects' recorded samples), or an empty one.
        "    Name : Wi-Fi\n    GUID : 42d7d972-30c2-4215-b8a6-ba280a9823e7\n"
        "    Physical address : dc:46:28:15:cc:23\n    State : disconnected\n"
        "    SSID : ChangyanSTU218\n    Signal : 99%\n",
        "    名称 : WLAN\n    物理地址 : aa:bb:cc:dd:ee:ff\n    状态 : 已断开连接\n"
        "    SSID :\n    BSSID : 不可用\n",
    ],
)
def test_netsh_disconnected_state_without_access_point_is_not_connected(text: str) -> None:
    assert parse_netsh_interfaces(text) == WifiLink(False)


def test_real_iw_scan_with_spaces_for_tabs_reads_the_associated_bss() -> None:
    # jc's centos-7.7/iw-scan1.out: tabs turned into spaces; the associated BSS offers RSN
    # (PSK) and WPA together, a WPA/WPA2 mixed network: the weaker mode is reported.
    assert parse_iw_scan_dump(f("linux_iw_scan_centos7_spaces_jc.txt")) == "wpa"
    assert parse_iw_scan_dump(f("linux_iw_scan_centos7_unassociated_jc.txt")) is None


def test_iw_bss_without_a_capability_line_is_not_called_open() -> None:
    block = ["BSS 00:00:5e:00:53:01(on wlan0) -- associated", "\tfreq: 2412", "\tSSID: x"]
    assert parse_iw_scan_dump("\n".join(block)) is None


def test_a_legacy_wireless_lan_adapter_counts_as_wifi_hardware() -> None:
    # NDIS_PHYSICAL_MEDIUM: 1 = WirelessLan (pre-native-802.11 drivers), 9 = Native802_11,
    # 8 = WirelessWan (cellular, not WiFi), 14 = 802.3.
    assert parse_windows_wifi_adapters('[{"NdisPhysicalMedium":14},{"NdisPhysicalMedium":1}]') == 1
    assert parse_windows_wifi_adapters('{"NdisPhysicalMedium":8}') == 0
