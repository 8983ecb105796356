"""firewall probe: is incoming traffic filtered?

Linux has no single firewall. Without root, ufw's config file and firewalld's state are
readable; the live nftables/iptables rules are not. So "enabled" needs evidence from one
of them, and "not enabled" needs the live rules (root) to show no input filtering: ufw
being off is no proof, rules may have been loaded by hand or by another tool. A normal
user with ufw off and no firewalld therefore gets unknown, with the reason.
macOS: the application firewall's global state. Windows: every profile (Domain, Private,
Public) must be on, unless a third-party firewall registered with Security Center is on.
"""

from __future__ import annotations

from collections.abc import Sequence

from securecheck.core.model import ProbeOutcome
from securecheck.i18n import Localized, _
from securecheck.probes.firewall import DECLARATION
from securecheck.probes.firewall.parsers import (
    parse_firewalld_state,
    parse_iptables_rules,
    parse_nft_ruleset,
    parse_nftables_conf,
    parse_socketfilterfw,
    parse_ufw_conf,
    parse_ufw_status,
    parse_windows_firewall,
)
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

PROBE = "firewall"
UFW_CONF = "/etc/ufw/ufw.conf"
NFTABLES_CONF = "/etc/nftables.conf"
# nftables.service loads /etc/nftables.conf at boot when enabled (Debian: sysinit, others:
# multi-user).
NFTABLES_ENABLED = (
    "/etc/systemd/system/sysinit.target.wants/nftables.service",
    "/etc/systemd/system/multi-user.target.wants/nftables.service",
)
UFW_STATUS = ("ufw", "status")
FIREWALLD_STATE = ("firewall-cmd", "--state")
NFT_RULESET = ("nft", "-j", "list", "ruleset")
IPTABLES_RULES = ("iptables", "-S")
SOCKETFILTERFW = ("/usr/libexec/ApplicationFirewall/socketfilterfw", "--getglobalstate")
WINDOWS_SCRIPT = "; ".join(
    [
        "$ErrorActionPreference = 'Stop'",
        "$p = @(Get-NetFirewallProfile -PolicyStore ActiveStore"
        " | Select-Object -Property Name, Enabled)",
        "$t = @()",
        "try { $t = @(Get-CimInstance -Namespace root/SecurityCenter2 -ClassName FirewallProduct"
        " | Select-Object -Property displayName, productState) } catch { }",
        "[pscustomobject]@{ profiles = $p; products = $t } | ConvertTo-Json -Depth 3 -Compress",
    ]
)
WINDOWS = powershell(WINDOWS_SCRIPT)
NEEDS_ROOT = _("the live nftables/iptables rules need root to read")


def _on(product: str, sources: Sequence[str]) -> ProbeOutcome:
    return known(PROBE, {"enabled": True, "product": product}, sources)


def _root_only(stderr: str) -> bool:
    lowered = stderr.lower()
    return "root" in lowered or "permission denied" in lowered or "not permitted" in lowered


# --- Linux ---------------------------------------------------------------------------------


def _linux_live_rules(
    host: Host, sources: list[str], notes: list[Localized]
) -> tuple[str | None, bool]:
    """(product filtering now, whether every live rule set could be read)."""
    complete, read_any = True, False
    for argv, product, parse in (
        (NFT_RULESET, "nftables", parse_nft_ruleset),
        (IPTABLES_RULES, "iptables", parse_iptables_rules),
    ):
        if host.which(argv[0]) is None:
            continue
        result = host.run(argv, timeout=5)
        sources.append(result.label)
        verdict = parse(result.stdout) if result.ok else None
        if verdict:
            return product, True
        if verdict is None:
            complete = False
            if not result.ok and _root_only(result.stderr):
                if NEEDS_ROOT not in notes:
                    notes.append(NEEDS_ROOT)
            else:
                notes.append(result.problem or unparseable(" ".join(argv)))
        read_any = read_any or verdict is not None
    return None, complete and read_any


def _linux(host: Host) -> ProbeOutcome:
    sources: list[str] = []
    notes: list[Localized] = []

    conf = host.read_text(UFW_CONF)
    if conf.ok and conf.text is not None:
        sources.append(UFW_CONF)
        ufw_on = parse_ufw_conf(conf.text)
        if host.which("ufw") is not None:
            status = host.run(UFW_STATUS, timeout=5)  # root only; the file answers otherwise
            sources.append(status.label)
            live = parse_ufw_status(status.stdout) if status.ok else None
            ufw_on = ufw_on if live is None else live
        if ufw_on:
            return _on("ufw", sources)
        notes.append(_("ufw is off") if ufw_on is False else unparseable(UFW_CONF))

    if host.which("firewall-cmd") is not None:
        state = host.run(FIREWALLD_STATE, timeout=5)
        sources.append(state.label)
        running = parse_firewalld_state(state.stdout)
        if running and not state.ok:
            running = None  # "not running" comes with exit 252; "running" only with exit 0
        if running:
            return _on("firewalld", sources)
        notes.append(
            _("firewalld is not running")
            if running is False
            else (state.problem or unparseable("firewall-cmd --state"))
        )

    product, complete = _linux_live_rules(host, sources, notes)
    if product is not None:
        return _on(product, sources)

    boot = next((p for p in NFTABLES_ENABLED if host.exists(p)), None)
    if boot is not None:
        rules = host.read_text(NFTABLES_CONF)
        sources.append(NFTABLES_CONF)
        if rules.ok and rules.text is not None and parse_nftables_conf(rules.text):
            return _on("nftables", sources)

    if complete:
        return known(
            PROBE,
            {"enabled": False},
            sources,
            reason=_("no rule filters incoming traffic"),
        )
    if not notes or notes == [NEEDS_ROOT]:
        notes.insert(0, _("no ufw or firewalld found"))
    return unknown(PROBE, join_reasons(notes), sources)


# --- macOS and Windows ---------------------------------------------------------------------


def _macos(host: Host) -> ProbeOutcome:
    result = host.run(SOCKETFILTERFW, timeout=5)
    sources = [result.label]
    if not result.ok:
        return unknown(PROBE, result.problem or unparseable("socketfilterfw"), sources)
    enabled = parse_socketfilterfw(result.stdout)
    if enabled is None:
        return unknown(PROBE, unparseable("socketfilterfw --getglobalstate"), sources)
    return known(PROBE, {"enabled": enabled, "product": "macos-alf"}, sources)


def _windows(host: Host) -> ProbeOutcome:
    result = host.run(WINDOWS, timeout=20)
    sources = ["Get-NetFirewallProfile", "root/SecurityCenter2 FirewallProduct"]
    if not result.ok:
        return unknown(PROBE, result.problem or unparseable("PowerShell"), sources)
    firewall = parse_windows_firewall(result.stdout)
    if firewall is None:
        return unknown(PROBE, unparseable("Get-NetFirewallProfile"), sources)
    third_party = next((name for name, on in firewall.products if on), None)
    profiles = firewall.profiles
    off = [name for name in ("Domain", "Private", "Public") if profiles.get(name) is False]
    unclear = [name for name in ("Domain", "Private", "Public") if profiles.get(name) is None]
    if not off and not unclear:
        return _on("windows-firewall", sources)
    if third_party is not None:
        return _on(third_party, sources)
    if off:
        names = ", ".join(off)
        return known(
            PROBE,
            {"enabled": False, "product": "windows-firewall"},
            sources,
            reason=_("Windows Firewall is off for: {names}", names=names),
        )
    names = ", ".join(unclear)
    return unknown(
        PROBE,
        _("Windows does not say whether the firewall is on for: {names}", names=names),
        sources,
    )


def run(host: Host) -> ProbeOutcome:
    return by_system(host, {"linux": _linux, "macos": _macos, "windows": _windows}, PROBE)


SPEC = ProbeSpec(DECLARATION, run)
