"""wifi probe: is this machine on WiFi, and how is that network protected?

Linux: no wireless interface in /sys/class/net means not on WiFi. Otherwise NetworkManager
(`nmcli`) names the network in use; without it, `iw` gives the SSID and the cached scan
result of the associated access point gives its security; the kernel's operstate is the
last word on "connected" when neither tool answers. macOS: `system_profiler` (it may redact
the SSID; security stays readable). Windows: `netsh wlan show interfaces`, parsed without
relying on its translated labels.
"""

from __future__ import annotations

from collections.abc import Sequence

from securecheck.core.model import ProbeOutcome, Text
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
from securecheck.probes.wifi.parsers import (
    NetshProblem,
    WifiLink,
    parse_iw_link,
    parse_iw_scan_dump,
    parse_netsh_interfaces,
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

NOT_CONNECTED = Text("not connected to any WiFi network", "未连接任何 WiFi 网络")
NO_HARDWARE = Text("this machine has no WiFi interface", "本机没有 WiFi 网卡")


def _problem(result: CommandResult, tool: str) -> Text | None:
    if result.problem is not None:
        return result.problem
    if result.truncated:
        return Text(f"the output of {tool} was cut off", f"{tool} 的输出被截断")
    return None


def _from_link(link: WifiLink, sources: Sequence[str], tool: str) -> ProbeOutcome:
    if not link.connected:
        return known(PROBE, {"connected": False}, sources, reason=NOT_CONNECTED)
    reasons: dict[str, Text] = {}
    if link.security is None:
        if link.security_raw:
            reasons["security"] = Text(
                f"{tool} reports a security type securecheck does not know: {link.security_raw}",
                f"{tool} 报告了无法识别的安全类型:{link.security_raw}",
            )
        else:
            reasons["security"] = Text(
                f"{tool} does not show how the network is protected",
                f"{tool} 未显示该网络的加密方式",
            )
    if link.ssid is None:
        reasons["ssid"] = (
            Text(
                "macOS hides the network name from apps without Location Services permission",
                "macOS 对未获定位权限的程序隐藏网络名称",
            )
            if link.ssid_redacted
            else Text(f"{tool} does not show the network name", f"{tool} 未显示网络名称")
        )
    facts = {"connected": True, "security": link.security, "ssid": link.ssid}
    return known(PROBE, facts, sources, fact_reasons=reasons)


# --- Linux -------------------------------------------------------------------------------


def _linux(host: Host) -> ProbeOutcome:
    sources: list[str] = [SYS_NET]
    names = host.list_dir(SYS_NET)
    if names is None:
        return unknown(PROBE, Text(f"cannot list {SYS_NET}", f"无法列出 {SYS_NET}"), sources)
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
    problems: list[Text] = []

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
            problems.append(
                Text(
                    "NetworkManager does not manage the WiFi link that is up",
                    "NetworkManager 未管理当前已连接的 WiFi",
                )
            )
    else:
        problems.append(tool_missing("nmcli"))

    if host.which("iw") is not None:
        outcome = _linux_iw(host, wireless, sources, problems)
        if outcome is not None:
            return outcome
    else:
        problems.append(tool_missing("iw"))

    if link_up is False:
        return known(PROBE, {"connected": False}, sources, reason=NOT_CONNECTED)
    if link_up is True:
        why = join_reasons(
            [Text("the kernel shows a WiFi link up", "内核显示 WiFi 已连接"), *problems]
        )
        return known(
            PROBE, {"connected": True}, sources, fact_reasons={"security": why, "ssid": why}
        )
    return unknown(PROBE, join_reasons(problems), sources)


def _linux_iw(
    host: Host, wireless: Sequence[str], sources: list[str], problems: list[Text]
) -> ProbeOutcome | None:
    """Ask iw about each wireless interface; None when it could not tell."""
    for name in wireless:
        result = host.run(("iw", "dev", name, "link"), timeout=5)
        sources.append(result.label)
        problem = _problem(result, "iw")
        link = parse_iw_link(result.stdout) if problem is None else None
        if problem is not None or link is None:
            problems.append(problem or unparseable("iw link"))
            return None
        if not link.connected:
            continue
        scan = host.run(("iw", "dev", name, "scan", "dump"), timeout=8)
        sources.append(scan.label)
        security = parse_iw_scan_dump(scan.stdout) if _problem(scan, "iw") is None else None
        if security is None:
            return known(
                PROBE,
                {"connected": True, "ssid": link.ssid},
                sources,
                fact_reasons={
                    "security": Text(
                        "iw does not show the security of the connection and its scan cache "
                        "has no entry for the access point",
                        "iw 不显示连接的加密方式,扫描缓存中也没有该接入点",
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


LOCATION_DENIED = Text(
    "Windows needs Location permission to show WiFi details (Settings > Privacy & security > "
    "Location)",
    "Windows 需要定位权限才能显示 WiFi 详情(设置 > 隐私和安全性 > 定位)",
)


def _windows(host: Host) -> ProbeOutcome:
    result = host.run(NETSH, timeout=8)
    sources = [result.label]
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
            reason=Text(
                "the WLAN AutoConfig service (wlansvc) is not running",
                "WLAN AutoConfig 服务(wlansvc)未运行",
            ),
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
        Text(
            f"netsh did not describe any WiFi interface: {message}",
            f"netsh 未给出任何 WiFi 接口信息:{message}",
        ),
        sources,
    )


def run(host: Host) -> ProbeOutcome:
    return by_system(host, {"linux": _linux, "macos": _macos, "windows": _windows}, PROBE)


SPEC = ProbeSpec(name=PROBE, run=run, facts=("connected", "security", "ssid"))
