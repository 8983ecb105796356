"""os_updates: pending (security) updates and whether the OS installs updates by itself.

Linux asks the package manager it finds (apt, dnf, zypper, pacman) without touching the
network where the tool allows it; macOS asks `softwareupdate -l`; Windows asks the Windows
Update agent for the result of its last scan. A count that cannot be trusted is unknown.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

from securecheck.core.model import FactValue, ProbeOutcome
from securecheck.i18n import _
from securecheck.probes.cache import state_key
from securecheck.probes.host import (
    CommandResult,
    Findings,
    Host,
    ProbeSpec,
    not_applicable,
    not_on_this_os,
    powershell,
    problem_of,
)
from securecheck.probes.os_updates import DECLARATION, debian, linux
from securecheck.probes.os_updates.parsers import (
    MACOS_UPDATE_KEYS,
    UpdateCounts,
    WindowsUpdates,
    macos_automatic,
    parse_softwareupdate,
    parse_wu_search,
    windows_automatic,
)
from securecheck.probes.platform.macos import software_update_settings
from securecheck.probes.platform.parsers import (
    RegValue,
    macos_major,
    parse_reg_query,
    parse_sw_vers,
)

PROBE = "os_updates"
FACTS = DECLARATION.fact_names
SLOW = 25.0  # softwareupdate and Windows Update can take this long
# A scan older than this cannot vouch for "nothing pending".
WU_SCAN_MAX_AGE = timedelta(days=14)

# Offline search: the agent answers from its last scan instead of going to the network.
# Category IDs, not names: names are translated.
WU_SCRIPT = """$ErrorActionPreference = 'Stop'
$searcher = (New-Object -ComObject Microsoft.Update.Session).CreateUpdateSearcher()
$searcher.Online = $false
$result = $searcher.Search('IsInstalled=0 and IsHidden=0')
$last = (New-Object -ComObject Microsoft.Update.AutoUpdate).Results.LastSearchSuccessDate
$updates = @($result.Updates | ForEach-Object { [pscustomobject]@{
  MsrcSeverity = $_.MsrcSeverity
  Categories = @($_.Categories | ForEach-Object { $_.CategoryID }) } })
ConvertTo-Json -Compress -Depth 4 -InputObject ([pscustomobject]@{
  LastSearchSuccessDate = $(if ($last) { $last.ToString('s') } else { $null })
  Updates = $updates })"""
WU_SEARCH = powershell(WU_SCRIPT)
WU_POLICY_KEY = r"HKLM\SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate\AU"
WU_SERVICE_KEY = r"HKLM\SYSTEM\CurrentControlSet\Services\wuauserv"
WU_PAUSE_KEY = r"HKLM\SOFTWARE\Microsoft\WindowsUpdate\UX\Settings"

COUNTS = ("pending_updates", "pending_security_updates")


# What a Software Update answer depends on: the OS version, what got installed, and the
# preferences file softwareupdate rewrites after every check of Apple's catalog.
MACOS_STATE = (
    "/System/Library/CoreServices/SystemVersion.plist",
    "/Library/Receipts/InstallHistory.plist",
    "/Library/Preferences/com.apple.SoftwareUpdate.plist",
    "/Library/Updates/index.plist",
)


def _macos(f: Findings) -> None:
    f.set("package_manager", "softwareupdate")
    version = f.run(["sw_vers", "-productVersion"], timeout=5)
    parsed = parse_sw_vers(version.stdout) if version.ok else None
    major = macos_major(parsed) if parsed else None

    def list_updates() -> Mapping[str, FactValue] | None:
        # It prints its progress chatter on stderr and items on stdout: read both.
        result = f.run(["softwareupdate", "-l"], timeout=SLOW)
        counts = parse_softwareupdate(f"{result.stdout}\n{result.stderr}", major)
        if counts is None or not result.ok:
            f.missing(COUNTS, problem_of(result))
            return None
        return {"pending": counts.pending, "security": counts.security}

    key = state_key(f.host, "os_updates.softwareupdate", MACOS_STATE, extra=major or "")
    found = f.remembered("os_updates.softwareupdate", key, list_updates, ("pending", "security"))
    if found is not None:
        f.set("pending_updates", found.get("pending"))
        f.set("pending_security_updates", found.get("security"))
    values = software_update_settings(f, MACOS_UPDATE_KEYS, "automatic_updates")
    if values is None:
        return
    auto, why = macos_automatic(values)
    f.set("automatic_updates", auto, why)


def _reg(f: Findings, key: str) -> dict[str, RegValue] | CommandResult | None:
    """The values of a key; None if the key does not exist; the result if reg failed."""
    result = f.run(["reg", "query", key], timeout=5)
    if result.returncode == 0:
        return parse_reg_query(result.stdout)
    # reg's messages are translated; exit code 1 is how it says "no such key".
    return None if result.returncode == 1 else result


def _windows_updates(values: Mapping[str, FactValue] | None) -> WindowsUpdates | None:
    if values is None:
        return None
    pending, security, last = (values.get(k) for k in ("pending", "security", "last"))
    if not isinstance(pending, int) or not isinstance(security, int) or not isinstance(last, str):
        return None
    try:
        when = datetime.fromisoformat(last) if last else None
    except ValueError:
        return None
    return WindowsUpdates(UpdateCounts(pending, security), when)


def _windows(f: Findings, now: datetime) -> None:
    f.set("package_manager", "windows-update")

    def search() -> Mapping[str, FactValue] | None:
        result = f.run(WU_SEARCH, timeout=SLOW)
        found = parse_wu_search(result.stdout) if result.ok else None
        if found is None:
            f.missing(COUNTS, problem_of(result))
            return None
        last = found.last_search.isoformat() if found.last_search else ""
        return {"pending": found.counts.pending, "security": found.counts.security, "last": last}

    root = f.host.env("SystemRoot") or "C:\\Windows"
    store = f"{root}\\SoftwareDistribution"
    key = state_key(
        f.host,
        "os_updates.windows",
        (f"{store}\\DataStore\\DataStore.edb", f"{store}\\ReportingEvents.log"),
    )
    values = f.remembered("os_updates.windows", key, search, ("pending", "security", "last"))
    parsed = _windows_updates(values)
    if parsed is not None:
        last = parsed.last_search
        if last is None or now - last > WU_SCAN_MAX_AGE:
            stale = _(
                "Windows Update has not checked for updates in the last 14 days (Settings > "
                "Windows Update > Check for updates)",
            )
            # An old scan still proves what it found; it cannot prove there is nothing.
            found = (parsed.counts.pending, parsed.counts.security)
            for name, value in zip(COUNTS, found, strict=True):
                if value:
                    f.set(name, value, stale)
                else:
                    f.missing([name], stale)
        else:
            f.set("pending_updates", parsed.counts.pending)
            f.set("pending_security_updates", parsed.counts.security)
    keys = [_reg(f, key) for key in (WU_POLICY_KEY, WU_SERVICE_KEY, WU_PAUSE_KEY)]
    failed = [k for k in keys if isinstance(k, CommandResult)]
    if failed:
        f.missing(["automatic_updates"], problem_of(failed[0]))
        return
    policy, service, pause = (k if not isinstance(k, CommandResult) else None for k in keys)
    auto, why = windows_automatic(policy, service, pause, now)
    if auto is None:
        f.missing(["automatic_updates"], why)
    else:
        f.set("automatic_updates", auto, why)


# --- runner -------------------------------------------------------------------------------


def assess(host: Host, now: datetime) -> ProbeOutcome:
    f = Findings(PROBE, host)
    if host.system == "linux":
        managers = {
            "apt-get": debian.apt,
            "dnf": lambda f: linux.dnf(f, now),
            "zypper": lambda f: linux.zypper(f, now),
            "pacman": linux.pacman,
        }
        for tool, handler in managers.items():
            if host.which(tool):
                handler(f)
                return f.outcome()
        f.missing(
            FACTS,
            _("no supported package manager (apt, dnf, zypper, pacman) was found"),
        )
        return f.outcome(f.reasons["package_manager"])
    if host.system == "macos":
        _macos(f)
    elif host.system == "windows":
        _windows(f, now)
    else:
        return not_applicable(PROBE, not_on_this_os(PROBE, host.system))
    return f.outcome()


def run(host: Host) -> ProbeOutcome:
    return assess(host, datetime.now(UTC))


SPEC = ProbeSpec(DECLARATION, run)
