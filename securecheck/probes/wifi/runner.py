"""wifi probe: is this machine on WiFi, and how is that network protected?

Linux: no wireless interface in /sys/class/net means not on WiFi. Otherwise NetworkManager
(`nmcli`) names the network in use; without it iwd's `iwctl` (state, network, security), or
`iw` (`link`, else `info`) gives the SSID and the cached scan result of the associated
access point gives its security; the kernel's operstate is the last word on "connected"
when no tool answers. macOS: `system_profiler` (it may redact
the SSID; security stays readable). Windows: `netsh wlan show interfaces`, parsed without
relying on its translated labels.
"""

from __future__ import annotations

from collections.abc import Sequence

from securecheck.core.model import ProbeOutcome
from securecheck.i18n import Localized, _
from securecheck.probes.host import (
    CommandResult,
    Host,
    ProbeSpec,
    by_system,
    join_reasons,
    known,
    powershell,
    tool_missing,
    unknown,
    unparseable,
)
from securecheck.probes.platform.windows import run_console_tool
from securecheck.probes.wifi import DECLARATION
from securecheck.probes.wifi.iwd import (
    IWD_NETWORK_SECURITY,
    parse_iwctl_networks,
    parse_iwctl_show,
)
from securecheck.probes.wifi.netsh import NetshProblem, parse_netsh_interfaces
from securecheck.probes.wifi.parsers import (
    WifiLink,
    parse_iw_info,
    parse_iw_link,
    parse_iw_scan_dump,
    parse_nmcli_wifi_list,
    parse_system_profiler,
    parse_windows_wifi_adapters,
    wireless_operstate,
)

PROBE = "wifi"
SYS_NET = "/sys/class/net"
NMCLI_LIST = ("nmcli", "-t", "-f", "IN-USE,SSID,SECURITY", "dev", "wifi", "list", "--rescan", "no")
SYSTEM_PROFILER = ("system_profiler", "SPAirPortDataType", "-json")
NETSH = ("netsh", "wlan", "show", "interfaces")
WINDOWS_ADAPTERS = powershell(
    "Get-NetAdapter -Physical | Select-Object NdisPhysicalMedium | ConvertTo-Json -Compress"
)

NOT_CONNECTED = _("not connected to any WiFi network")
NO_HARDWARE = _("this machine has no WiFi interface")


def _problem(result: CommandResult, tool: str) -> Localized | None:
    if result.problem is not None:
        return result.problem
    if result.truncated:
        return _("the output of {tool} was cut off", tool=tool)
    return None


def _from_link(link: WifiLink, sources: Sequence[str], tool: str) -> ProbeOutcome:
    if not link.connected:
        return known(PROBE, {"connected": False}, sources, reason=NOT_CONNECTED)
    reasons: dict[str, Localized] = {}
    if link.security is None:
        if link.security_raw:
            reasons["security"] = _(
                "{tool} reports a security type securecheck does not know: {security}",
                tool=tool,
                security=link.security_raw,
            )
        else:
            reasons["security"] = _("{tool} does not show how the network is protected", tool=tool)
    if link.ssid is None:
        reasons["ssid"] = (
            _("macOS hides the network name from apps without Location Services permission")
            if link.ssid_redacted
            else _("{tool} does not show the network name", tool=tool)
        )
    facts = {"connected": True, "security": link.security, "ssid": link.ssid}
    return known(PROBE, facts, sources, fact_reasons=reasons)


# --- Linux -------------------------------------------------------------------------------


def _linux(host: Host) -> ProbeOutcome:
    sources: list[str] = [SYS_NET]
    names = host.list_dir(SYS_NET)
    if names is None:
        return unknown(PROBE, _("cannot list {SYS_NET}", SYS_NET=SYS_NET), sources)
    wireless = [
        n
        for n in names
        if host.exists(f"{SYS_NET}/{n}/wireless") or host.exists(f"{SYS_NET}/{n}/phy80211")
    ]
    if not wireless:
        return known(PROBE, {"connected": False}, sources, reason=NO_HARDWARE)

    states = [host.read_text(f"{SYS_NET}/{n}/operstate") for n in wireless]
    readable = [s.text for s in states if s.ok and s.text is not None]
    link_up = wireless_operstate(readable)
    if link_up is False and len(readable) < len(wireless):
        link_up = None  # an unreadable interface could be the associated one
    problems: list[Localized] = []

    if host.which("nmcli") is not None:
        result = host.run(NMCLI_LIST, timeout=8)
        sources.append(result.label)
        problem = _problem(result, "nmcli")
        link = parse_nmcli_wifi_list(result.stdout) if problem is None else None
        if problem is not None:
            problems.append(problem)
        elif link is None:
            problems.append(unparseable("nmcli"))
        elif link.connected or link_up is not True:
            return _from_link(link, sources, "nmcli")
        else:
            # The kernel says a WiFi link is up that NetworkManager does not manage.
            problems.append(_("NetworkManager does not manage the WiFi link that is up"))
    else:
        problems.append(tool_missing("nmcli"))

    if host.which("iwctl") is not None:
        outcome = _linux_iwd(host, wireless, sources, problems)
        if outcome is not None:
            return outcome

    if host.which("iw") is not None:
        outcome = _linux_iw(host, wireless, sources, problems)
        if outcome is not None:
            return outcome
    else:
        problems.append(tool_missing("iw"))

    if link_up is False:
        return known(PROBE, {"connected": False}, sources, reason=NOT_CONNECTED)
    if link_up is True:
        why = join_reasons([_("the kernel shows a WiFi link up"), *problems])
        return known(
            PROBE, {"connected": True}, sources, fact_reasons={"security": why, "ssid": why}
        )
    return unknown(PROBE, join_reasons(problems), sources)


def _linux_iwd(
    host: Host, wireless: Sequence[str], sources: list[str], problems: list[Localized]
) -> ProbeOutcome | None:
    """Ask iwd (iwctl) about each wireless interface; None when it could not tell."""
    for name in wireless:
        result = host.run(("iwctl", "station", name, "show"), timeout=5)
        sources.append(result.label)
        problem = _problem(result, "iwctl")
        link = parse_iwctl_show(result.stdout) if problem is None else None
        if link is None:
            problems.append(problem or unparseable("iwctl station show"))
            return None
        if not link.connected:
            continue
        if link.security is None:
            listed = host.run(("iwctl", "station", name, "get-networks"), timeout=5)
            sources.append(listed.label)
            found = parse_iwctl_networks(listed.stdout) if listed.ok else None
            word = found[1] if found is not None else ""
            security = IWD_NETWORK_SECURITY.get(word)
            if security is None:
                security = _scan_security(host, name, sources)
            raw = link.security_raw or word
            link = WifiLink(True, security, link.ssid or (found[0] if found else None), raw)
        return _from_link(link, sources, "iwctl")
    return known(PROBE, {"connected": False}, sources, reason=NOT_CONNECTED)


def _scan_security(host: Host, name: str, sources: list[str]) -> str | None:
    """The security of the associated access point in the kernel's scan cache (iw)."""
    if host.which("iw") is None:
        return None
    scan = host.run(("iw", "dev", name, "scan", "dump"), timeout=8)
    sources.append(scan.label)
    return parse_iw_scan_dump(scan.stdout) if _problem(scan, "iw") is None else None


def _iw_link(
    host: Host, name: str, sources: list[str], problems: list[Localized]
) -> WifiLink | None:
    """`iw dev <if> link`, else `iw dev <if> info` (older iw, or a link that errs)."""
    result = host.run(("iw", "dev", name, "link"), timeout=5)
    sources.append(result.label)
    problem = _problem(result, "iw")
    link = parse_iw_link(result.stdout) if problem is None else None
    if link is not None:
        return link
    info = host.run(("iw", "dev", name, "info"), timeout=5)
    sources.append(info.label)
    link = parse_iw_info(info.stdout) if _problem(info, "iw") is None else None
    if link is None:
        problems.append(problem or _problem(info, "iw") or unparseable("iw link"))
    return link


def _linux_iw(
    host: Host, wireless: Sequence[str], sources: list[str], problems: list[Localized]
) -> ProbeOutcome | None:
    """Ask iw about each wireless interface; None when it could not tell."""
    for name in wireless:
        link = _iw_link(host, name, sources, problems)
        if link is None:
            return None
        if not link.connected:
            continue
        security = _scan_security(host, name, sources)
        if security is None:
            return known(
                PROBE,
                {"connected": True, "ssid": link.ssid},
                sources,
                fact_reasons={
                    "security": _(
                        "iw does not show the security of the connection and its scan cache "
                        "has no entry for the access point"
                    )
                },
            )
        return _from_link(WifiLink(True, security, link.ssid), sources, "iw")
    return known(PROBE, {"connected": False}, sources, reason=NOT_CONNECTED)


# --- macOS and Windows -------------------------------------------------------------------


def _macos(host: Host) -> ProbeOutcome:
    result = host.run(SYSTEM_PROFILER, timeout=20)
    sources = [result.label]
    problem = _problem(result, "system_profiler")
    if problem is not None:
        return unknown(PROBE, problem, sources)
    link = parse_system_profiler(result.stdout)
    if link is None:
        return unknown(PROBE, unparseable("system_profiler SPAirPortDataType"), sources)
    return _from_link(link, sources, "system_profiler")


LOCATION_DENIED = _(
    "Windows needs Location permission to show WiFi details (Settings > Privacy & "
    "security > Location)",
)


def _windows(host: Host) -> ProbeOutcome:
    result = run_console_tool(host, NETSH, timeout=8)
    sources = [" ".join(NETSH)]
    if not result.stdout.strip():
        return unknown(PROBE, result.problem or unparseable("netsh wlan"), sources)
    parsed = parse_netsh_interfaces(result.stdout)
    if isinstance(parsed, WifiLink):
        return _from_link(parsed, sources, "netsh")
    return _windows_problem(host, parsed, sources)


def _windows_problem(host: Host, parsed: NetshProblem, sources: list[str]) -> ProbeOutcome:
    if parsed.kind == "location":
        return unknown(PROBE, LOCATION_DENIED, sources)
    if parsed.kind == "no_interface":
        return known(PROBE, {"connected": False}, sources, reason=NO_HARDWARE)
    if "wlansvc" in parsed.message.lower():
        # Without the WLAN AutoConfig service Windows cannot be associated to any network.
        return known(
            PROBE,
            {"connected": False},
            sources,
            reason=_("the WLAN AutoConfig service (wlansvc) is not running"),
        )
    # A message in a language we do not know: ask whether there is WiFi hardware at all.
    adapters = host.run(WINDOWS_ADAPTERS, timeout=15)
    sources.append("Get-NetAdapter -Physical")
    count = parse_windows_wifi_adapters(adapters.stdout) if adapters.ok else None
    if count == 0:
        return known(PROBE, {"connected": False}, sources, reason=NO_HARDWARE)
    message = parsed.message[:160]
    return unknown(
        PROBE,
        _("netsh did not describe any WiFi interface: {message}", message=message),
        sources,
    )


def run(host: Host) -> ProbeOutcome:
    return by_system(host, {"linux": _linux, "macos": _macos, "windows": _windows}, PROBE)


SPEC = ProbeSpec(DECLARATION, run)
