"""vpn probe: does a VPN or tunnel carry this machine's internet traffic?

For IPv4 and IPv6 the probe asks the routing table where a packet to a public address would
leave (`ip route get`, `route -n get`, `Find-NetRoute`: lookups only, nothing is sent) and
whether that interface is a tunnel. `active` is true only when every family that reaches the
internet goes through one; a tunnel for IPv4 with IPv6 leaving outside it is not active.

Linux without `ip` falls back to /proc/net/route, which shows only the main table: a
wg-quick style policy route is then missed (a missed VPN, never an invented one). IPsec
policies without a tunnel interface need root to read; a NetworkManager VPN that is up
without a tunnel interface therefore leaves `active` unknown rather than false.
"""

from __future__ import annotations

from collections.abc import Sequence

from securecheck.core.model import ProbeOutcome
from securecheck.i18n import Localized, _
from securecheck.probes.host import (
    Host,
    ProbeSpec,
    by_system,
    join_reasons,
    known,
    powershell,
    unknown,
    unparseable,
)
from securecheck.probes.vpn import DECLARATION
from securecheck.probes.vpn.parsers import (
    PROBE_V4,
    PROBE_V6,
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
    route_unreachable,
)

PROBE = "vpn"
SYS_NET = "/sys/class/net"
IP_GET = {
    "IPv4": ("ip", "-j", "route", "get", PROBE_V4),
    "IPv6": ("ip", "-j", "-6", "route", "get", PROBE_V6),
}
PROC_ROUTE = {"IPv4": "/proc/net/route", "IPv6": "/proc/net/ipv6_route"}
NMCLI_ACTIVE = ("nmcli", "-t", "-f", "TYPE,STATE", "connection", "show", "--active")
MACOS_GET = {
    "IPv4": ("route", "-n", "get", PROBE_V4),
    "IPv6": ("route", "-n", "get", "-inet6", PROBE_V6),
}
WINDOWS_SCRIPT = "; ".join(
    [
        "$ErrorActionPreference = 'SilentlyContinue'",
        "function R($a) { Find-NetRoute -RemoteIPAddress $a | Where-Object { $_.DestinationPrefix }"
        " | Select-Object -First 1 -Property ifIndex, InterfaceAlias }",
        "$v = @(@(Get-VpnConnection) + @(Get-VpnConnection -AllUserConnection)"
        " | Select-Object -Property Name, ConnectionStatus, TunnelType)",
        "[pscustomobject]@{ route4 = (R '1.1.1.1'); route6 = (R '2606:4700:4700::1111');"
        " adapters = @(Get-NetAdapter -IncludeHidden"
        " | Select-Object -Property ifIndex, InterfaceDescription); vpn = $v }"
        " | ConvertTo-Json -Depth 3 -Compress",
    ]
)
WINDOWS = powershell(WINDOWS_SCRIPT)


def _outcome(
    verdict: Verdict, sources: Sequence[str], problems: Sequence[Localized] = ()
) -> ProbeOutcome:
    facts = {"active": verdict.active, "kind": verdict.kind}
    reasons: dict[str, Localized] = {}
    reason: Localized | None = None
    if verdict.bypass is not None:
        reason = _(
            "{kind} carries some traffic, but {bypass} traffic bypasses it",
            kind=verdict.kind,
            bypass=verdict.bypass,
        )
    elif verdict.active is None:
        reasons["active"] = (
            join_reasons(problems)
            if problems
            else _("could not tell whether the interface carrying the traffic is a tunnel")
        )
    elif verdict.kind is None:
        reason = _("no VPN or tunnel carries the traffic")
    return known(PROBE, facts, sources, reason=reason, fact_reasons=reasons)


# --- Linux ---------------------------------------------------------------------------------


def _linux_egress(host: Host, family: str, sources: list[str]) -> tuple[bool, str | None]:
    """(known, device) for one family: `ip route get`, else the /proc routing table."""
    if host.which("ip") is not None:
        result = host.run(IP_GET[family], timeout=3)
        sources.append(result.label)
        if result.ok:
            dev = parse_ip_route_get(result.stdout)
            if dev is not None:
                return True, dev
        elif route_unreachable(result.stderr):
            return True, None
    read = host.read_text(PROC_ROUTE[family])
    sources.append(PROC_ROUTE[family])
    if not read.ok or read.text is None:
        # No ipv6_route file means IPv6 is disabled in the kernel: no IPv6 route.
        return family == "IPv6" and not host.exists(PROC_ROUTE[family]), None
    parse = parse_proc_route if family == "IPv4" else parse_proc_ipv6_route
    return parse(read.text)


def _linux_kind(host: Host, dev: str) -> str:
    def read(name: str) -> str:
        result = host.read_text(f"{SYS_NET}/{dev}/{name}")
        return (result.text or "") if result.ok else ""

    return classify_linux(dev, read("uevent"), read("tun_flags"), read("type"))


def _linux(host: Host) -> ProbeOutcome:
    sources: list[str] = []
    routes: list[Egress] = []
    for family in ("IPv4", "IPv6"):
        understood, dev = _linux_egress(host, family, sources)
        if not understood:
            return unknown(
                PROBE,
                _("could not read the {family} routing table", family=family),
                sources,
            )
        routes.append(Egress(family, dev, _linux_kind(host, dev) if dev else None))
    verdict = judge(routes)
    if verdict.active or host.which("nmcli") is None:
        return _outcome(verdict, sources)
    result = host.run(NMCLI_ACTIVE, timeout=5)
    sources.append(result.label)
    types = parse_nmcli_active(result.stdout) if result.ok else None
    if types and any(t in ("vpn", "wireguard") for t in types) and verdict.kind is None:
        # Up in NetworkManager but no tunnel carries the traffic: a split tunnel, or an
        # IPsec VPN that encrypts without an interface (its policies need root to read).
        return known(
            PROBE,
            {"kind": "networkmanager-vpn"},
            sources,
            fact_reasons={
                "active": _(
                    "NetworkManager has a VPN up, but no tunnel interface carries the traffic; an "
                    "IPsec VPN may still protect it (needs root to check)",
                )
            },
        )
    return _outcome(verdict, sources)


# --- macOS and Windows ---------------------------------------------------------------------


def _macos(host: Host) -> ProbeOutcome:
    sources: list[str] = []
    routes: list[Egress] = []
    for family, argv in MACOS_GET.items():
        result = host.run(argv, timeout=3)
        sources.append(result.label)
        if result.ok:
            dev = parse_macos_route_get(result.stdout)
            if dev is None:
                return unknown(PROBE, unparseable("route -n get"), sources)
            routes.append(Egress(family, dev, classify_macos(dev)))
        elif "not in table" in result.stderr:
            routes.append(Egress(family, None))
        else:
            return unknown(PROBE, result.problem or unparseable("route -n get"), sources)
    return _outcome(judge(routes), sources)


def _windows(host: Host) -> ProbeOutcome:
    result = host.run(WINDOWS, timeout=20)
    sources = ["Find-NetRoute, Get-NetAdapter, Get-VpnConnection"]
    if not result.ok:
        return unknown(PROBE, result.problem or unparseable("PowerShell"), sources)
    net = parse_windows_network(result.stdout)
    if net is None:
        return unknown(PROBE, unparseable("Find-NetRoute / Get-NetAdapter"), sources)
    routes = [
        Egress(family, route[1] or str(route[0]), classify_windows(route, net))
        if route is not None
        else Egress(family, None)
        for family, route in net.routes.items()
    ]
    return _outcome(
        judge(routes),
        sources,
        [_("Windows does not describe the network adapter that carries the traffic")],
    )


def run(host: Host) -> ProbeOutcome:
    return by_system(host, {"linux": _linux, "macos": _macos, "windows": _windows}, PROBE)


SPEC = ProbeSpec(DECLARATION, run)
