"""Pure parsers for the wifi probe: tool output in, the current link's security out.

Security is reported as one of `SECURITY_LEVELS`. Where a network offers two modes at once
(WPA/WPA2 mixed, WPA2/WPA3 transition) the weaker one is reported: a client may be using it,
and nothing here can prove it is not. "enterprise" means WPA2/WPA3 with 802.1X; WPA1 with
802.1X is still "wpa". A value no table knows maps to None (unknown), never to a guess.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

SECURITY_LEVELS: tuple[str, ...] = ("open", "owe", "wep", "wpa", "wpa2", "wpa3", "enterprise")


@dataclass(frozen=True)
class WifiLink:
    """What one source says about the current WiFi association."""

    connected: bool
    security: str | None = None  # one of SECURITY_LEVELS; None when the source does not show it
    ssid: str | None = None  # None when the source does not show it (or redacts it)
    security_raw: str = ""  # the tool's own words, for a reason when they could not be mapped
    ssid_redacted: bool = False


# --- NetworkManager ----------------------------------------------------------------------


def split_terse(line: str) -> list[str]:
    """Split one `nmcli -t` line on ':'; nmcli escapes ':' and '\\' inside values."""
    fields: list[str] = []
    current: list[str] = []
    chars = iter(line)
    for ch in chars:
        if ch == "\\":
            current.append(next(chars, ""))
        elif ch == ":":
            fields.append("".join(current))
            current = []
        else:
            current.append(ch)
    fields.append("".join(current))
    return fields


def security_from_nmcli(value: str) -> str | None:
    """nmcli SECURITY ("WPA1 WPA2", "WPA2 802.1X", "OWE", "" ...) -> a security level."""
    tokens = set(value.split())
    if not tokens or tokens == {"--"}:
        return "open"
    known = {"WEP", "WPA1", "WPA2", "WPA3", "OWE", "OWE-TM", "802.1X"}
    if not tokens <= known:
        return None
    if "WEP" in tokens:
        return "wep"
    if "WPA1" in tokens:
        return "wpa"
    if "802.1X" in tokens:
        return "enterprise"
    if "WPA2" in tokens:
        return "wpa2"
    if "WPA3" in tokens:
        return "wpa3"
    if "OWE" in tokens:
        return "owe"
    return "open"  # OWE-TM alone marks the open half of an OWE transition pair


_NMCLI_MAC = re.compile(r"^[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}$")


def _nmcli_row(fields: list[str]) -> tuple[str, str, str] | None:
    """(IN-USE, SSID, SECURITY) of one terse row: the three fields the runner asks for, or
    the default layout a person pastes (`nmcli -t dev wifi list`): IN-USE, BSSID, SSID, MODE,
    CHAN, RATE, SIGNAL, BARS, SECURITY (nmcli 1.16+), or without BSSID (older)."""
    if len(fields) == 3:
        return fields[0], fields[1], fields[2]
    nine = len(fields) == 9 and bool(_NMCLI_MAC.match(fields[1]))
    if nine and fields[4].isdigit() and fields[6].isdigit():
        return fields[0], fields[2], fields[8]
    if len(fields) == 8 and fields[3].isdigit() and fields[5].isdigit():
        return fields[0], fields[1], fields[7]
    return None


def parse_nmcli_wifi_list(text: str) -> WifiLink | None:
    """`nmcli -t -f IN-USE,SSID,SECURITY dev wifi list --rescan no` (or the default fields).

    The row marked '*' is the network in use; no such row means not associated (as far as
    NetworkManager knows). None when a line is not one of those layouts.
    """
    lines = [ln for ln in _without_comments(text) if ln.strip() and not ln.startswith("//")]
    if not lines and text.strip():
        return None  # only comments: a pasted file, not nmcli's answer
    for line in lines:
        row = _nmcli_row(split_terse(line))
        if row is None:
            return None
        in_use, ssid, security = row
        if in_use.strip() not in ("", "*") or (
            security_from_nmcli(security) is None and in_use.strip() != "*"
        ):
            return None  # not nmcli's IN-USE,SSID,SECURITY table
        if in_use.strip() == "*":
            return WifiLink(
                connected=True,
                security=security_from_nmcli(security),
                ssid=ssid or None,
                security_raw=security,
            )
    return WifiLink(connected=False)


# --- iw (Linux without NetworkManager) ---------------------------------------------------


def _without_comments(text: str) -> list[str]:
    """Lines of a tool's output, without the "# command" lines of a pasted capture."""
    return [line for line in text.splitlines() if not line.lstrip().startswith("#")]


def parse_iw_link(text: str) -> WifiLink | None:
    """`iw dev <if> link`: "Not connected." or "Connected to <bssid> (on <if>)" with an
    indented "SSID: name" line. None for anything else (an error, another command)."""
    lines = [line for line in _without_comments(text) if line.strip()]
    if not lines:
        return None
    head = lines[0].strip()
    if head.startswith("Not connected"):
        return WifiLink(connected=False)
    if not re.match(r"^Connected to \S+", head):
        return None
    ssid = None
    for line in lines[1:]:
        key, sep, value = line.strip().partition(":")
        if sep and key == "SSID":
            ssid = value.strip() or None
    return WifiLink(connected=True, ssid=ssid)


def parse_iw_info(text: str) -> WifiLink | None:
    """`iw dev <if> info` (no root needed): "Interface <if>" with indented "type managed"
    and, while associated, "ssid <name>". A managed interface without an ssid line is not
    associated; an access point or monitor interface is not a client connection at all.
    None when the text has no interface or no type."""
    lines = _without_comments(text)
    if not any(re.match(r"^Interface \S+$", line.strip()) for line in lines):
        return None
    fields: dict[str, str] = {}
    for line in lines:
        key, _sep, value = line.strip().partition(" ")
        if key in ("type", "ssid") and key not in fields:
            fields[key] = value.strip()
    kind = fields.get("type")
    if kind is None:
        return None
    if kind != "managed":
        return WifiLink(connected=False)
    ssid = fields.get("ssid")
    return WifiLink(connected=True, ssid=ssid or None) if ssid is not None else WifiLink(False)


def _iw_suites(section: list[str]) -> set[str]:
    for line in section:
        key, sep, value = line.strip().lstrip("*").strip().partition(":")
        if sep and key.strip() == "Authentication suites":
            return set(value.replace("IEEE 802.1X", "802.1X").split())
    return set()


def _indent(line: str) -> int:
    return len(line.expandtabs(8)) - len(line.expandtabs(8).lstrip())


def security_from_iw_bss(block: list[str]) -> str | None:
    """The security of one `iw scan dump` BSS block, from its RSN/WPA elements.

    iw indents the BSS's elements one tab and their details deeper; a pasted copy may have
    turned tabs into spaces, so the shallowest indentation in the block is the top level.
    Without a capability line there is no telling open from not shown: None.
    """
    body = [raw for raw in block[1:] if raw.strip()]
    if not body:
        return None
    top = min(_indent(raw) for raw in body)
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    privacy: bool | None = None
    for raw in body:
        line = raw.strip()
        head, sep, rest = line.partition(":")
        if _indent(raw) == top and sep:
            current = None
            if head in ("RSN", "WPA"):
                current = sections.setdefault(head, [])
                current.append(rest)
            elif head == "capability":
                privacy = "Privacy" in rest.split()
        elif current is not None:
            current.append(line)
    if "WPA" in sections:
        return "wpa"
    if "RSN" not in sections:
        if privacy is None:
            return None
        return "wep" if privacy else "open"
    suites = {s.removeprefix("FT/") for s in _iw_suites(sections["RSN"])}
    families: set[str] = set()
    for suite in suites:
        if suite.startswith("802.1X") or suite.startswith("FILS"):
            families.add("enterprise")
        elif suite.startswith("PSK"):
            families.add("wpa2")
        elif suite.startswith("SAE"):
            families.add("wpa3")
        elif suite == "OWE":
            families.add("owe")
        else:
            return None
    for level in ("owe", "wpa2", "wpa3", "enterprise"):
        if level in families:
            return level
    return None


def parse_iw_scan_dump(text: str) -> str | None:
    """Security of the BSS marked "-- associated" in `iw dev <if> scan dump`; None if absent."""
    blocks: list[list[str]] = []
    for line in text.splitlines():
        if line.startswith("BSS "):
            blocks.append([line])
        elif blocks:
            blocks[-1].append(line)
    for block in blocks:
        if "-- associated" in block[0]:
            return security_from_iw_bss(block)
    return None


def wireless_operstate(states: list[str]) -> bool | None:
    """Is any wireless interface associated, by /sys/class/net/<if>/operstate?

    "up" on a WiFi interface means associated (and authorised); "down", "dormant" (associated
    but not yet authorised) and "lowerlayerdown" mean not usable. Anything else: unknown.
    """
    values = [s.strip() for s in states]
    if "up" in values:
        return True
    if values and all(v in ("down", "dormant", "lowerlayerdown", "notpresent") for v in values):
        return False
    return None


# --- macOS system_profiler ---------------------------------------------------------------

_MACOS_MODES: dict[str, str] = {
    "none": "open",
    "owe": "owe",
    "wep": "wep",
    "wep40": "wep",
    "wep128": "wep",
    "8021x": "wep",  # dynamic WEP with 802.1X
    "wpa_personal": "wpa",
    "wpa_personal_mixed": "wpa",
    "wpa_enterprise": "wpa",
    "wpa_enterprise_mixed": "wpa",
    "wpa2_personal_mixed": "wpa",  # WPA/WPA2
    "wpa2_enterprise_mixed": "wpa",
    "wpa2_personal": "wpa2",
    "wpa3_transition": "wpa2",  # WPA2/WPA3
    "wpa3_personal_transition": "wpa2",
    "wpa3_personal": "wpa3",
    "wpa2_enterprise": "enterprise",
    "wpa3_enterprise": "enterprise",
    "wpa2_wpa3_enterprise": "enterprise",
    "wpa3_enterprise_transition": "enterprise",
}


def security_from_macos(mode: str) -> str | None:
    """`spairport_security_mode_wpa2_personal` -> "wpa2".

    Apple spells one value `pairport_security_mode_wpa3_transition` (no leading s), so the
    prefix is cut at "security_mode_" rather than matched exactly.
    """
    _, sep, tail = mode.strip().lower().partition("security_mode_")
    return _MACOS_MODES.get(tail) if sep else None


def parse_system_profiler(text: str) -> WifiLink | None:
    """`system_profiler SPAirPortDataType -json` -> the connected interface's network.

    No WiFi interface at all, or none with status connected: not connected.
    """
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("SPAirPortDataType"), list):
        return None
    for entry in data["SPAirPortDataType"]:
        if not isinstance(entry, dict):
            continue
        interfaces = entry.get("spairport_airport_interfaces")
        for iface in interfaces if isinstance(interfaces, list) else []:
            if not isinstance(iface, dict):
                continue
            status = str(iface.get("spairport_status_information", ""))
            network = iface.get("spairport_current_network_information")
            if status != "spairport_status_connected" or not isinstance(network, dict):
                continue
            mode = str(network.get("spairport_security_mode", ""))
            name = network.get("_name")
            redacted = isinstance(name, str) and name.startswith("<redacted>")
            return WifiLink(
                connected=True,
                security=security_from_macos(mode),
                ssid=name if isinstance(name, str) and name and not redacted else None,
                security_raw=mode,
                ssid_redacted=redacted,
            )
    return WifiLink(connected=False)


# --- Windows ----------------------------------------------------------------------------
# `netsh wlan show interfaces` is parsed in `netsh.py`.


def parse_windows_wifi_adapters(text: str) -> int | None:
    """How many WiFi adapters `Get-NetAdapter` lists: NdisPhysicalMedium 9 (native 802.11)
    or 1 (NdisPhysicalMediumWirelessLan, older non-native WiFi drivers)."""
    stripped = text.strip()
    if not stripped:
        return 0  # ConvertTo-Json prints nothing for an empty pipeline
    try:
        data = json.loads(stripped)
    except ValueError:
        return None
    items = data if isinstance(data, list) else [data]
    media = [i.get("NdisPhysicalMedium") if isinstance(i, dict) else None for i in items]
    if not all(isinstance(m, int) and not isinstance(m, bool) for m in media):
        return None  # not Get-NetAdapter's answer: never "no WiFi hardware"
    return sum(1 for m in media if m in (1, 9))
