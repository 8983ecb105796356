"""Pure parsers for iwd's `iwctl` (Linux without NetworkManager, e.g. Arch, some minimal
installs): `iwctl station <if> show` and `iwctl station <if> get-networks`.

iwctl draws tables with ANSI colours and pads every cell; rows are property and value
separated by two or more spaces. `show` has "State", "Connected network" and, from the
station diagnostics (iwd 1.x and later), "Security" ("WPA2-Personal", "WPA3-Personal + FT",
"WPA2-Enterprise", "WPA1-Personal", "Open"...). `get-networks` marks the connected network
with ">" and gives its security as "open", "wep", "psk" or "8021x".
"""

from __future__ import annotations

import re

from securecheck.probes.wifi.parsers import WifiLink

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_CELLS = re.compile(r"\s{2,}")
_CONNECTED_STATES = {"connected", "roaming", "connecting"}
_NOT_CONNECTED_STATES = {"disconnected", "disconnecting"}


def _rows(text: str) -> list[list[str]]:
    rows = []
    for raw in _ANSI.sub("", text).splitlines():
        line = raw.strip()
        if not line or set(line) <= set("-=─ "):
            continue
        rows.append([cell for cell in _CELLS.split(line) if cell])
    return rows


def security_from_iwd(value: str) -> str | None:
    """iwd's diagnostic security name -> a security level (None: not one we know)."""
    name = value.strip().lower()
    if name in ("open", "none"):
        return "open"
    if name == "owe" or name.startswith("owe "):
        return "owe"
    if name.startswith("wep"):
        return "wep"
    m = re.match(r"^wpa([123]?)-(personal|enterprise)\b", name)
    if m is None:
        return None
    version, kind = m.group(1) or "1", m.group(2)
    if version == "1":
        return "wpa"
    if kind == "enterprise":
        return "enterprise"
    return f"wpa{version}"


def parse_iwctl_show(text: str) -> WifiLink | None:
    """`iwctl station <if> show`; None without a recognisable State row."""
    props: dict[str, str] = {}
    for cells in _rows(text):
        if cells and cells[0] == "*":  # the "Settable" column
            cells = cells[1:]
        if len(cells) >= 2:
            props.setdefault(cells[0].lower(), cells[1])
    state = props.get("state", "").lower()
    if state in _NOT_CONNECTED_STATES:
        return WifiLink(connected=False)
    if state not in _CONNECTED_STATES:
        return None
    raw = props.get("security", "")
    return WifiLink(
        connected=True,
        security=security_from_iwd(raw) if raw else None,
        ssid=props.get("connected network") or None,
        security_raw=raw,
    )


IWD_NETWORK_SECURITY = {"open": "open", "wep": "wep", "8021x": "enterprise", "owe": "owe"}


def parse_iwctl_networks(text: str) -> tuple[str, str] | None:
    """`iwctl station <if> get-networks`: (name, security word) of the row marked ">";
    None when no row is marked. "psk" stays "psk": WPA1, WPA2 and WPA3 all show as psk."""
    for raw in _ANSI.sub("", text).splitlines():
        line = raw.strip()
        if not line.startswith(">"):
            continue
        cells = [c for c in _CELLS.split(line[1:].strip()) if c]
        if len(cells) >= 2 and cells[1].lower() in (*IWD_NETWORK_SECURITY, "psk"):
            return cells[0], cells[1].lower()
    return None
