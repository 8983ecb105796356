"""Pure parsers for the vpn probe: which interface carries traffic to the internet, and is
that interface a tunnel?

The question is asked per address family ("where would a packet to a public address go?")
rather than by reading default routes, so split routes (OpenVPN's 0.0.0.0/1 + 128.0.0.0/1)
and policy routing (wg-quick's fwmark rule and table 51820) are answered the way the kernel
answers them.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

# Public addresses used only as routing-table lookups (no packet is sent).
PROBE_V4 = "1.1.1.1"
PROBE_V6 = "2606:4700:4700::1111"

NOT_A_TUNNEL = ""  # classify_* result for an ordinary interface


@dataclass(frozen=True)
class Egress:
    """Where one address family's internet traffic leaves."""

    family: str  # "IPv4" / "IPv6"
    dev: str | None  # None: no route at all for this family
    kind: str | None = None  # tunnel kind; NOT_A_TUNNEL; None: could not tell


@dataclass(frozen=True)
class Verdict:
    active: bool | None
    kind: str | None
    bypass: str | None = None  # the family that leaves outside the tunnel


def judge(routes: Sequence[Egress]) -> Verdict:
    """A VPN is active when every family that reaches the internet goes through a tunnel."""
    routed = [r for r in routes if r.dev is not None]
    kinds = [r.kind for r in routed if r.kind]
    kind = kinds[0] if kinds else None
    if any(r.kind is None for r in routed):
        return Verdict(None, kind)
    if not kinds:
        return Verdict(False, None)
    bypass = next((r.family for r in routed if r.kind == NOT_A_TUNNEL), None)
    return Verdict(bypass is None, kind, bypass)


# --- Linux ---------------------------------------------------------------------------------


def parse_ip_route_get(text: str) -> str | None:
    """`ip -j route get <addr>` -> the output device; None when the JSON is not as expected."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, list) or not data or not isinstance(data[0], dict):
        return None
    dev = data[0].get("dev")
    return dev if isinstance(dev, str) and dev else None


def route_unreachable(stderr: str) -> bool:
    """`ip route get` refusing because no route matches (not because it failed)."""
    lowered = stderr.lower()
    return "unreachable" in lowered or "no route to host" in lowered


def _uevent(text: str, key: str) -> str:
    for line in text.splitlines():
        name, sep, value = line.partition("=")
        if sep and name.strip() == key:
            return value.strip()
    return ""


_LINUX_NAMES: tuple[tuple[str, str], ...] = (
    ("wg", "wireguard"),
    ("nordlynx", "wireguard"),
    ("tun", "tun"),
    ("tailscale", "tun"),
    ("tap", "tap"),
    ("ppp", "ppp"),
    ("ipsec", "ipsec"),
    ("vti", "ipsec"),
    ("xfrm", "ipsec"),
)


def classify_linux(name: str, uevent: str, tun_flags: str, arp_type: str) -> str:
    """The tunnel kind of a Linux interface from /sys/class/net/<if>/{uevent,tun_flags,type}.

    Empty strings stand for unreadable files. Plain encapsulations (sit, gre, ipip) are not
    VPNs: a 6in4 tunnel-broker link would otherwise pass for one.
    """
    devtype = _uevent(uevent, "DEVTYPE")
    if devtype == "wireguard":
        return "wireguard"
    if tun_flags.strip():
        try:
            flags = int(tun_flags.strip(), 16)
        except ValueError:
            flags = 0
        if flags & 0x0002:  # IFF_TAP
            return "tap"
        if flags & 0x0001:  # IFF_TUN
            return "tun"
    if devtype == "ppp" or arp_type.strip() == "512":
        return "ppp"
    lowered = name.lower()
    for prefix, kind in _LINUX_NAMES:
        if lowered.startswith(prefix):
            return kind
    if arp_type.strip() == "65534":  # ARPHRD_NONE: a layer-3 tunnel of some other kind
        return "tunnel"
    return NOT_A_TUNNEL


def _lpm(candidates: list[tuple[int, int, str]]) -> tuple[bool, str | None]:
    """Longest prefix, then lowest metric, over (prefix_len, metric, dev).

    Two equally good routes via different devices come from different tables (only
    /proc/net/ipv6_route mixes them) and only the policy rules could choose: not understood.
    """
    if not candidates:
        return True, None
    candidates.sort(key=lambda c: (-c[0], c[1]))
    best = candidates[0]
    rivals = {c[2] for c in candidates if c[:2] == best[:2]}
    return (True, best[2]) if len(rivals) == 1 else (False, None)


def parse_proc_route(text: str, target: str = PROBE_V4) -> tuple[bool, str | None]:
    """/proc/net/route (main table only) -> (understood, device for `target`)."""
    lines = text.splitlines()
    if not lines or not lines[0].startswith("Iface"):
        return False, None
    dest = int(ipaddress.IPv4Address(target))
    found: list[tuple[int, int, str]] = []
    for line in lines[1:]:
        cols = line.split()
        if len(cols) < 8:
            continue
        try:
            net = int.from_bytes(bytes.fromhex(cols[1]), "little")
            flags = int(cols[3], 16)
            metric = int(cols[6])
            mask = int.from_bytes(bytes.fromhex(cols[7]), "little")
        except ValueError:
            return False, None
        if flags & 0x0001 and flags & 0x0200 == 0 and dest & mask == net & mask:  # UP, not REJECT
            found.append((bin(mask).count("1"), metric, cols[0]))
    return _lpm(found)


def parse_proc_ipv6_route(text: str, target: str = PROBE_V6) -> tuple[bool, str | None]:
    """/proc/net/ipv6_route (every table) -> (understood, device for `target`)."""
    dest = int(ipaddress.IPv6Address(target))
    found: list[tuple[int, int, str]] = []
    for line in text.splitlines():
        cols = line.split()
        if len(cols) != 10 or len(cols[0]) != 32:
            return False, None
        try:
            net, plen = int(cols[0], 16), int(cols[1], 16)
            metric, flags = int(cols[5], 16), int(cols[8], 16)
        except ValueError:
            return False, None
        mask = ((1 << 128) - 1) ^ ((1 << (128 - plen)) - 1)
        if flags & 0x0001 and flags & 0x0200 == 0 and cols[9] != "lo" and dest & mask == net:
            found.append((plen, metric, cols[9]))
    return _lpm(found)


def parse_nmcli_active(text: str) -> list[str] | None:
    """`nmcli -t -f TYPE,STATE connection show --active` -> types of activated connections."""
    types: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        kind, sep, state = line.partition(":")
        if not sep:
            return None
        if state.strip() == "activated":
            types.append(kind.strip())
    return types


# --- macOS ---------------------------------------------------------------------------------


def parse_macos_route_get(text: str) -> str | None:
    """`route -n get <addr>` -> the "interface:" value."""
    for line in text.splitlines():
        key, sep, value = line.strip().partition(":")
        if sep and key.strip() == "interface" and value.strip():
            return value.strip()
    return None


_MACOS_NAMES = (
    ("utun", "utun"),
    ("ipsec", "ipsec"),
    ("ppp", "ppp"),
    ("tun", "tun"),
    ("tap", "tap"),
)


def classify_macos(name: str) -> str:
    for prefix, kind in _MACOS_NAMES:
        if name.startswith(prefix):
            return kind
    return NOT_A_TUNNEL


# --- Windows -------------------------------------------------------------------------------

_WINDOWS_DESCRIPTIONS: tuple[tuple[str, str], ...] = (
    ("wireguard", "wireguard"),
    ("wintun", "tun"),
    ("tailscale", "tun"),
    ("openvpn data channel offload", "tun"),
    ("tap-windows", "tap"),
    ("tap adapter", "tap"),
    ("wan miniport (ikev2)", "ipsec"),
    ("wan miniport (l2tp)", "ipsec"),
    ("wan miniport (pptp)", "ppp"),
    ("wan miniport (sstp)", "ppp"),
    ("pppoe", NOT_A_TUNNEL),  # "WAN Miniport (PPPOE)": a DSL dial-up link, not a tunnel
    ("ppp", "ppp"),
    ("vpn", "vpn-adapter"),
    ("virtual private", "vpn-adapter"),
    ("anyconnect", "vpn-adapter"),
    ("secure client", "vpn-adapter"),
    ("globalprotect", "vpn-adapter"),
    ("fortinet", "vpn-adapter"),
    ("zscaler", "vpn-adapter"),
)
_WINDOWS_TUNNEL_TYPES = {"ikev2": "ipsec", "l2tp": "ipsec", "pptp": "ppp", "sstp": "ppp"}


@dataclass(frozen=True)
class WindowsNetwork:
    routes: Mapping[str, tuple[int, str] | None]  # family -> (ifIndex, InterfaceAlias)
    adapters: Mapping[int, str]  # ifIndex -> InterfaceDescription
    vpns: Mapping[str, str]  # connected built-in VPN name -> tunnel type


def _items(value: Any) -> list[dict[str, Any]]:
    """ConvertTo-Json writes a one-element array as a bare object."""
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, dict)]
    return []


def parse_windows_network(text: str) -> WindowsNetwork | None:
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict) or "adapters" not in data:
        return None
    routes: dict[str, tuple[int, str] | None] = {}
    for family, key in (("IPv4", "route4"), ("IPv6", "route6")):
        found = _items(data.get(key))
        index = found[0].get("ifIndex") if found else None
        alias = found[0].get("InterfaceAlias") if found else None
        routes[family] = (index, str(alias or "")) if isinstance(index, int) else None
    adapters = {
        a["ifIndex"]: str(a.get("InterfaceDescription") or "")
        for a in _items(data.get("adapters"))
        if isinstance(a.get("ifIndex"), int)
    }
    vpns = {
        str(v.get("Name")): str(v.get("TunnelType") or "")
        for v in _items(data.get("vpn"))
        if str(v.get("ConnectionStatus", "")).lower() == "connected"
    }
    return WindowsNetwork(routes, adapters, vpns)


def classify_windows(route: tuple[int, str], net: WindowsNetwork) -> str | None:
    """Tunnel kind of the interface a route uses; None when the interface is not described."""
    index, alias = route
    if alias in net.vpns:  # a built-in (RAS) VPN: its interface is named after the connection
        return _WINDOWS_TUNNEL_TYPES.get(net.vpns[alias].lower(), "windows-vpn")
    description = net.adapters.get(index)
    if description is None:
        return None
    lowered = description.lower()
    for token, kind in _WINDOWS_DESCRIPTIONS:
        if token in lowered:
            return kind
    return NOT_A_TUNNEL
