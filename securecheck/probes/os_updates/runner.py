"""os_updates: pending (security) updates and whether the OS installs updates by itself.

Linux asks the package manager it finds (apt, dnf, zypper, pacman) without touching the
network where the tool allows it; macOS asks `softwareupdate -l`; Windows asks the Windows
Update agent for the result of its last scan. A count that cannot be trusted is unknown.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from securecheck.core.model import ProbeOutcome
from securecheck.i18n import _
from securecheck.probes.host import (
    CommandResult,
    Findings,
    Host,
    ProbeSpec,
    not_applicable,
    not_on_this_os,
    powershell,
    problem_of,
    unparseable,
)
from securecheck.probes.os_updates import DECLARATION
from securecheck.probes.os_updates.parsers import (
    MACOS_UPDATE_KEYS,
    UpdateCounts,
    apt_automatic,
    apt_lists_present,
    macos_automatic,
    parse_apt_config,
    parse_apt_simulation,
    parse_checkupdates,
    parse_dnf_check_update,
    parse_dnf_security,
    parse_softwareupdate,
    parse_wu_search,
    parse_zypper_updates,
    windows_automatic,
)
from securecheck.probes.platform.linux import running_programs, systemd_booted, unit_state
from securecheck.probes.platform.macos import software_update_settings
from securecheck.probes.platform.parsers import (
    RegValue,
    macos_major,
    parse_ini_value,
    parse_reg_query,
    parse_sw_vers,
    truthy,
)

PROBE = "os_updates"
FACTS = DECLARATION.fact_names
SLOW = 25.0  # softwareupdate, Windows Update, dnf and zypper solving can take this long
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
CRON_DAEMONS = frozenset({"cron", "crond", "anacron", "cronie", "fcron", "dcron"})


def _set_counts(f: Findings, counts: UpdateCounts | None, result: CommandResult) -> None:
    if counts is None:
        f.missing(COUNTS, problem_of(result))
        return
    f.set("pending_updates", counts.pending)
    f.set("pending_security_updates", counts.security)


# --- Linux --------------------------------------------------------------------------------


def _apt(f: Findings) -> None:
    f.set("package_manager", "apt")
    if not apt_lists_present(f.host.list_dir("/var/lib/apt/lists")):
        f.missing(
            COUNTS,
            _(
                "apt's package lists were never downloaded (run `apt update`), so pending updates "
                "cannot be counted",
            ),
        )
    else:
        result = f.run(["apt-get", "-s", "dist-upgrade"], timeout=20)
        _set_counts(f, parse_apt_simulation(result.stdout) if result.ok else None, result)
    config_run = f.run(["apt-config", "dump", "APT::Periodic"], timeout=5)
    config = parse_apt_config(config_run.stdout) if config_run.ok else None
    if config is None:
        f.missing(["automatic_updates"], problem_of(config_run))
        return
    timer = unit_state(f, "apt-daily-upgrade.timer")
    installed = f.host.which("unattended-upgrade") is not None
    auto, why = apt_automatic(config, installed, None if timer == "missing" else timer)
    if auto and not systemd_booted(f.host):
        # Without systemd only cron's /etc/cron.daily/apt-compat runs the daily job.
        programs = running_programs(f.host)
        f.sources.append("/proc/*/comm")
        if programs is None:
            auto, why = (
                None,
                _("systemd is not running and the process list cannot be read to find cron"),
            )
        elif not programs & CRON_DAEMONS:
            auto, why = (
                False,
                _(
                    "unattended upgrades are configured, but neither systemd nor cron is "
                    "running to start them"
                ),
            )
    if auto is None:
        f.missing(["automatic_updates"], why)
    else:
        f.set("automatic_updates", auto, why)


def _dnf(f: Findings) -> None:
    f.set("package_manager", "dnf")
    # -C: cached metadata only, never the network; exit 100 means "updates available".
    result = f.run(["dnf", "-q", "-C", "check-update"], timeout=SLOW)
    count = parse_dnf_check_update(result.stdout) if result.returncode in (0, 100) else None
    if count is not None and (count > 0) != (result.returncode == 100):
        count = None  # the exit code and the list disagree: truncated or foreign output
    if count is None:
        f.missing(
            COUNTS,
            problem_of(result) if result.returncode not in (0, 100) else unparseable(result.label),
        )
    else:
        f.set("pending_updates", count)
        if count == 0:
            f.set("pending_security_updates", 0)
        else:
            sec = f.run(["dnf", "-q", "-C", "updateinfo", "list", "--security"], timeout=SLOW)
            security = parse_dnf_security(sec.stdout) if sec.ok else None
            if security is None:
                f.missing(["pending_security_updates"], problem_of(sec))
            f.set("pending_security_updates", security)
    install_timer = unit_state(f, "dnf-automatic-install.timer")
    timers = [unit_state(f, unit) for unit in ("dnf-automatic.timer", "dnf5-automatic.timer")]
    if install_timer == "enabled":
        f.set("automatic_updates", True)
    elif "enabled" in timers:
        conf = f.host.read_text("/etc/dnf/automatic.conf")
        f.sources.append(conf.path)
        apply = truthy(parse_ini_value(conf.text or "", "commands", "apply_updates"))
        f.set(
            "automatic_updates",
            bool(apply),
            None
            if apply
            else _(
                "dnf-automatic runs but only downloads: apply_updates is not yes in "
                "/etc/dnf/automatic.conf",
            ),
        )
    elif install_timer is None or None in timers:
        f.missing(
            ["automatic_updates"],
            _("cannot read the state of the dnf-automatic timers (systemctl)"),
        )
    else:
        f.set(
            "automatic_updates",
            False,
            _("no dnf-automatic timer is enabled"),
        )


def _zypper(f: Findings) -> None:
    f.set("package_manager", "zypper")
    base = ["zypper", "--non-interactive", "--no-refresh", "--xmlout"]
    # zypper reports "patches needed" through exit codes 100/101 with a valid answer.
    result = f.run([*base, "list-updates"], timeout=SLOW)
    count = parse_zypper_updates(result.stdout) if result.returncode in (0, 100, 101) else None
    if count is None:
        f.missing(COUNTS, problem_of(result))
    else:
        f.set("pending_updates", count)
        sec = f.run([*base, "list-patches", "--category", "security"], timeout=SLOW)
        security = (
            parse_zypper_updates(sec.stdout, security_only=True)
            if sec.returncode in (0, 100, 101)
            else None
        )
        if security is None:
            f.missing(["pending_security_updates"], problem_of(sec))
        f.set("pending_security_updates", security)
    if unit_state(f, "transactional-update.timer") == "enabled":
        f.set("automatic_updates", True)
    else:
        f.missing(
            ["automatic_updates"],
            _(
                "openSUSE has no standard automatic-update service besides transactional-update, "
                "which is not enabled",
            ),
        )


def _pacman(f: Findings) -> None:
    f.set("package_manager", "pacman")
    if f.host.which("checkupdates") is None:
        f.missing(
            ["pending_updates"],
            _(
                "checkupdates (pacman-contrib) is not installed; pacman alone cannot list updates "
                "without syncing the system databases",
            ),
        )
    else:
        result = f.run(["checkupdates"], timeout=SLOW)  # exit 2 = nothing to update
        count = (
            0
            if result.returncode == 2
            else (parse_checkupdates(result.stdout) if result.ok else None)
        )
        if count is None:
            f.missing(["pending_updates"], problem_of(result))
        f.set("pending_updates", count)
    f.missing(
        ["pending_security_updates"],
        _("Arch Linux does not mark which updates fix security issues"),
    )
    f.missing(
        ["automatic_updates"],
        _("Arch Linux has no standard automatic-update service"),
    )


LINUX_MANAGERS = (("apt-get", _apt), ("dnf", _dnf), ("zypper", _zypper), ("pacman", _pacman))


# --- macOS and Windows --------------------------------------------------------------------


def _macos(f: Findings) -> None:
    f.set("package_manager", "softwareupdate")
    version = f.run(["sw_vers", "-productVersion"], timeout=5)
    parsed = parse_sw_vers(version.stdout) if version.ok else None
    major = macos_major(parsed) if parsed else None
    # It prints its progress chatter on stderr and items on stdout: read both.
    result = f.run(["softwareupdate", "-l"], timeout=SLOW)
    text = f"{result.stdout}\n{result.stderr}"
    _set_counts(f, parse_softwareupdate(text, major) if result.ok else None, result)
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


def _windows(f: Findings, now: datetime) -> None:
    f.set("package_manager", "windows-update")
    result = f.run(WU_SEARCH, timeout=SLOW)
    parsed = parse_wu_search(result.stdout) if result.ok else None
    if parsed is None:
        f.missing(COUNTS, problem_of(result))
    else:
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
        for tool, handler in LINUX_MANAGERS:
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
