"""WiFi on Linux without NetworkManager: iw (`link`, `info`) and iwd (`iwctl`)."""

from __future__ import annotations

import pytest
from fakehost import FakeHost, Reply, fixture

from securecheck.probes.wifi import runner as wifi
from securecheck.probes.wifi.iwd import (
    parse_iwctl_networks,
    parse_iwctl_show,
    security_from_iwd,
)
from securecheck.probes.wifi.parsers import WifiLink, parse_iw_info, parse_iw_link


def f(name: str) -> str:
    return fixture(f"wifi/{name}")


# --- parsers ------------------------------------------------------------------------------


def test_iw_link_with_a_pasted_command_line_first() -> None:
    text = "# sudo iw dev wlp1s0 link\n" + f("linux_iw_link_connected.txt")
    assert parse_iw_link(text) == WifiLink(True, ssid="HomeNet")
    assert parse_iw_link("# iw dev wlan0 link\nNot connected.\n") == WifiLink(False)


@pytest.mark.parametrize(
    "text", ["", "command failed: No such device (-19)\n", "Interface wlan0\n\ttype managed\n"]
)
def test_iw_link_declines_what_is_not_its_output(text: str) -> None:
    assert parse_iw_link(text) is None


def test_iw_info_ssid_line_means_associated() -> None:
    assert parse_iw_info(f("linux_iw_info_connected.txt")) == WifiLink(True, ssid="Cafe Libre")
    assert parse_iw_info(f("linux_iw_info_not_connected.txt")) == WifiLink(False)


def test_iw_info_of_an_access_point_is_not_a_client_connection() -> None:
    assert parse_iw_info(f("linux_iw_info_ap.txt")) == WifiLink(False)


@pytest.mark.parametrize(
    "text", ["", "Interface wlan0\n\tifindex 3\n", "command failed: No such device (-19)\n"]
)
def test_iw_info_declines_without_interface_or_type(text: str) -> None:
    assert parse_iw_info(text) is None


def test_iwctl_show_with_colours_and_diagnostics() -> None:
    link = parse_iwctl_show(f("linux_iwctl_show_wpa2.txt"))
    assert link == WifiLink(True, "wpa2", "HomeNet 5G", "WPA2-Personal + FT")


def test_iwctl_show_disconnected_and_without_a_security_row() -> None:
    assert parse_iwctl_show(f("linux_iwctl_show_disconnected.txt")) == WifiLink(False)
    link = parse_iwctl_show(f("linux_iwctl_show_no_security_row.txt"))
    assert link == WifiLink(True, None, "Cafe Libre", "")


@pytest.mark.parametrize(
    "text", ["", f("linux_iwctl_not_running.stderr"), "Station: wlan0\n  State   scanning-ish\n"]
)
def test_iwctl_show_declines_without_a_known_state(text: str) -> None:
    assert parse_iwctl_show(text) is None


@pytest.mark.parametrize(
    ("value", "level"),
    [
        ("WPA2-Personal", "wpa2"),
        ("WPA2-Personal + FT", "wpa2"),
        ("WPA3-Personal", "wpa3"),
        ("WPA3-Personal + FT", "wpa3"),
        ("WPA2-Enterprise", "enterprise"),
        ("WPA3-Enterprise", "enterprise"),
        ("WPA1-Personal", "wpa"),
        ("WPA1-Enterprise", "wpa"),
        ("Open", "open"),
        ("OWE", "owe"),
        ("FILS-SHA256", None),
        ("", None),
    ],
)
def test_iwd_security_names(value: str, level: str | None) -> None:
    assert security_from_iwd(value) == level


def test_iwctl_get_networks_marks_the_connected_one() -> None:
    assert parse_iwctl_networks(f("linux_iwctl_get_networks_open.txt")) == ("Cafe Libre", "open")
    unmarked = f("linux_iwctl_get_networks_open.txt").replace(">", " ")
    assert parse_iwctl_networks(unmarked) is None


# --- runner -------------------------------------------------------------------------------


def machine(**commands: Reply | str) -> FakeHost:
    files = {
        "/sys/class/net/wlan0/wireless": "",
        "/sys/class/net/wlan0/operstate": "up\n",
        "/sys/class/net/lo/type": "772\n",
    }
    return FakeHost("linux", commands=dict(commands), files=files)


def test_iwd_machine_reports_network_and_security() -> None:
    host = machine(**{"iwctl station wlan0 show": f("linux_iwctl_show_wpa2.txt")})
    out = wifi.run(host)
    assert out.facts == {"connected": True, "security": "wpa2", "ssid": "HomeNet 5G"}


def test_older_iwd_takes_security_from_the_network_list() -> None:
    host = machine(
        **{
            "iwctl station wlan0 show": f("linux_iwctl_show_no_security_row.txt"),
            "iwctl station wlan0 get-networks": f("linux_iwctl_get_networks_open.txt"),
        }
    )
    out = wifi.run(host)
    assert out.facts == {"connected": True, "security": "open", "ssid": "Cafe Libre"}


def test_iwd_not_running_falls_back_to_iw_info() -> None:
    replies: dict[str, Reply | str] = {
        "iwctl station wlan0 show": Reply("", f("linux_iwctl_not_running.stderr"), 1),
        "iw dev wlan0 link": Reply("", "command failed: Operation not supported (-95)", 161),
        "iw dev wlan0 info": f("linux_iw_info_connected.txt"),
        "iw dev wlan0 scan dump": "",
    }
    host = machine(**replies)
    out = wifi.run(host)
    assert out.facts == {"connected": True, "ssid": "Cafe Libre"}
    assert "security" in out.fact_reasons  # said why it cannot tell, no guess


def test_psk_alone_is_not_guessed_to_be_wpa2() -> None:
    networks = f("linux_iwctl_get_networks_open.txt").replace(
        "Cafe Libre                        open", "Cafe Libre                        psk "
    )
    host = machine(
        **{
            "iwctl station wlan0 show": f("linux_iwctl_show_no_security_row.txt"),
            "iwctl station wlan0 get-networks": networks,
        }
    )
    out = wifi.run(host)
    assert out.facts == {"connected": True, "ssid": "Cafe Libre"}
    assert "psk" in out.fact_reasons["security"].get("en")


def test_macos_catalina_open_network() -> None:
    from securecheck.probes.wifi.parsers import parse_system_profiler

    link = parse_system_profiler(f("macos_sp_catalina_open.json"))
    assert link == WifiLink(True, "open", "Hotel-Guest", "spairport_security_mode_none")
