"""antivirus: is some malware protection present, on, scanning in real time and up to date?

Windows: Windows Security Center's product list plus Defender's own status. macOS: XProtect,
which is built in and always on; its updates are read from the install history. Linux: only a
scanner such as ClamAV counts; without one `present` is false (the rule then asks the user),
never a failure for lacking Windows-style antivirus.
"""

from __future__ import annotations

from datetime import UTC, datetime

from securecheck.core.model import ProbeOutcome
from securecheck.i18n import _
from securecheck.probes.antivirus import DECLARATION
from securecheck.probes.antivirus.parsers import (
    AvProduct,
    DefenderStatus,
    parse_clam_conf,
    parse_cvd_header,
    parse_defender_status,
    parse_install_history,
    parse_security_center,
)
from securecheck.probes.host import (
    Findings,
    Host,
    ProbeSpec,
    not_applicable,
    not_on_this_os,
    powershell,
    problem_of,
)
from securecheck.probes.platform.linux import running_programs, systemd_booted, unit_state
from securecheck.probes.platform.macos import software_update_settings

PROBE = "antivirus"
FACTS = DECLARATION.fact_names
ALL_BUT_PRESENT = FACTS[1:]

DEFENDER_SCRIPT = (
    "Get-MpComputerStatus | Select-Object AMServiceEnabled, AntivirusEnabled, "
    "RealTimeProtectionEnabled, AntivirusSignatureAge, AntivirusSignatureLastUpdated, "
    "AMRunningMode | ConvertTo-Json -Compress"
)
WSC_SCRIPT = (
    "ConvertTo-Json -Compress -InputObject @(Get-CimInstance -Namespace root/SecurityCenter2 "
    "-ClassName AntiVirusProduct | Select-Object displayName, productState)"
)
DEFENDER = powershell(DEFENDER_SCRIPT)
WSC = powershell(WSC_SCRIPT)
XPROTECT_BUNDLES = (
    "/Library/Apple/System/Library/CoreServices/XProtect.bundle",
    "/System/Library/CoreServices/XProtect.bundle",
)
CLAM_SCANNERS = ("clamscan", "clamdscan", "clamd")
FRESHCLAM_CONFS = ("/etc/clamav/freshclam.conf", "/etc/freshclam.conf")
CLAMD_CONFS = ("/etc/clamav/clamd.conf", "/etc/clamd.d/scan.conf", "/etc/clamd.conf")
CRON_DIRS = ("/etc/cron.d", "/etc/cron.daily", "/etc/cron.hourly")
# Looked up by path too, so a trimmed PATH cannot make an installed scanner look absent.
BIN_DIRS = ("/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin", "/snap/bin")


def installed(host: Host, tool: str) -> bool:
    return host.which(tool) is not None or any(host.exists(f"{d}/{tool}") for d in BIN_DIRS)


# --- Windows ------------------------------------------------------------------------------


def windows_facts(
    f: Findings, products: list[AvProduct] | None, defender: DefenderStatus | None
) -> None:
    """Combine Security Center (all products) with Defender's own, more detailed, status."""
    active = [p for p in products or [] if p.state.enabled]
    third_party = [p for p in active if not p.state.microsoft]
    defender_on = defender is not None and defender.antivirus_enabled and not defender.passive
    f.set("present", bool(products) or (defender is not None and defender.service_enabled))
    f.missing(
        ["auto_update"],
        _(
            "Windows does not report whether signature updates are automatic; their age shows "
            "whether they arrive",
        ),
    )
    if third_party:
        product = third_party[0]
        f.set("product", product.name)
        f.set("enabled", True)
        # Security Center's "on" is the product's real-time scanner running.
        f.set("realtime", True)
        current = product.state.up_to_date
        f.missing(
            ["signatures_age_days"],
            _(
                "{product} only reports that its signatures are up to date",
                product=product.name,
            )
            if current
            else _(
                "{product} only reports that its signatures are out of date",
                product=product.name,
            ),
        )
        return
    if defender is not None and defender.passive and products is None:
        f.missing(
            ["enabled", "realtime", "signatures_age_days", "product"],
            _(
                "Defender is in passive mode, so another antivirus is in charge, but Windows "
                "Security Center could not be read to see which",
            ),
        )
    elif defender is not None:
        f.set("product", "Microsoft Defender Antivirus")
        f.set("enabled", defender_on)
        f.set("realtime", defender_on and defender.realtime)
        if defender.signature_age_days is None:
            f.missing(
                ["signatures_age_days"],
                _("Defender reports no signature update date"),
            )
        f.set("signatures_age_days", defender.signature_age_days)
    elif products is not None:
        f.set("enabled", bool(active))
        f.set("realtime", bool(active))
        if active:
            f.set("product", active[0].name)
        f.missing(
            ["signatures_age_days"],
            _("Defender's status could not be read"),
        )


def _windows(f: Findings, now: datetime) -> None:
    wsc = f.run(WSC, timeout=15)
    products = parse_security_center(wsc.stdout) if wsc.ok else None
    mp = f.run(DEFENDER, timeout=15)
    defender = parse_defender_status(mp.stdout, now) if mp.ok else None
    if products is None and defender is None:
        f.missing(FACTS, problem_of(wsc if not wsc.ok else mp))
        return
    windows_facts(f, products, defender)


# --- macOS --------------------------------------------------------------------------------


def _macos(f: Findings, now: datetime) -> None:
    if not any(f.host.exists(path) for path in XPROTECT_BUNDLES):
        f.missing(FACTS, _("XProtect's data bundle was not found"))
        return
    # XProtect is part of macOS: it checks every program before it runs and cannot be
    # switched off while System Integrity Protection is on.
    f.set("present", True)
    f.set("enabled", True)
    f.set("realtime", True)
    f.set("product", "xprotect")
    history = f.run(["system_profiler", "SPInstallHistoryDataType", "-json"], timeout=20)
    parsed = parse_install_history(history.stdout) if history.ok else None
    if parsed is None:
        f.missing(["signatures_age_days"], problem_of(history))
    elif parsed.last is None:
        f.missing(
            ["signatures_age_days"],
            _(
                "no XProtect update is recorded in the install history (macOS 15+ may fetch "
                "XProtect data over iCloud instead)",
            ),
        )
    else:
        f.set("signatures_age_days", max(0, (now - parsed.last).days))
    keys = ("AutomaticCheckEnabled", "ConfigDataInstall")
    values = software_update_settings(f, keys, "auto_update")
    if values is None:
        return
    off = [key for key, value in values.items() if value is False]
    # An absent key was never changed: Apple's default for both is on.
    f.set(
        "auto_update",
        not off,
        _("Software Update setting {value} is off", value=", ".join(off)) if off else None,
    )


# --- Linux --------------------------------------------------------------------------------


def _first_conf(f: Findings, paths: tuple[str, ...], key: str) -> list[str]:
    for path in paths:
        if f.host.exists(path):
            read = f.host.read_text(path)
            if read.ok and read.text is not None:
                f.sources.append(path)
                return parse_clam_conf(read.text, key)
    return []


def _clam_signatures(f: Findings, now: datetime) -> None:
    db_dir = (_first_conf(f, FRESHCLAM_CONFS, "DatabaseDirectory") or ["/var/lib/clamav"])[0]
    names = f.host.list_dir(db_dir)
    if names is None:
        f.missing(
            ["enabled", "signatures_age_days"],
            _("cannot read ClamAV's database directory {db_dir}", db_dir=db_dir),
        )
        return
    builds = []
    problem = None
    for name in ("daily.cld", "daily.cvd"):
        if name in names:
            read = f.host.read_text(f"{db_dir}/{name}")
            f.sources.append(read.path)
            built = parse_cvd_header(read.text or "") if read.ok else None
            if built is None:
                problem = read.problem or _("{path} is not a ClamAV database", path=read.path)
            else:
                builds.append(built)
    if builds:
        f.set("enabled", True)
        f.set("signatures_age_days", max(0, (now - max(builds)).days))
    elif problem is not None:
        f.missing(["enabled", "signatures_age_days"], problem)
    else:
        no_db = _(
            "ClamAV has no signature database in {db_dir} (run freshclam), so it detects nothing",
            db_dir=db_dir,
        )
        f.set("enabled", False, no_db)
        f.missing(["signatures_age_days"], no_db)


def _clam_realtime(f: Findings, programs: set[str] | None) -> None:
    if not installed(f.host, "clamonacc"):
        f.set(
            "realtime",
            False,
            _("clamonacc is not installed: ClamAV scans only when asked"),
        )
    elif not _first_conf(f, CLAMD_CONFS, "OnAccessIncludePath"):
        f.set(
            "realtime",
            False,
            _("on-access scanning is not configured (no OnAccessIncludePath in clamd.conf)"),
        )
    elif programs is None:
        f.missing(
            ["realtime"],
            _("cannot read the process list to see whether clamonacc runs"),
        )
    else:
        running = "clamonacc" in programs
        f.set(
            "realtime",
            running,
            None if running else _("on-access scanning is configured but clamonacc is not running"),
        )


def _clam_auto_update(f: Findings, programs: set[str] | None) -> None:
    if not installed(f.host, "freshclam"):
        f.set(
            "auto_update",
            False,
            _("freshclam is not installed, so signatures never update"),
        )
        return
    cron = [
        name
        for folder in CRON_DIRS
        for name in f.host.list_dir(folder) or []
        if "freshclam" in name or "clamav" in name
    ]
    service = unit_state(f, "clamav-freshclam.service") if systemd_booted(f.host) else None
    if (programs and "freshclam" in programs) or cron or service == "enabled":
        f.set("auto_update", True)
    elif programs is None:
        f.missing(
            ["auto_update"],
            _("cannot read the process list to see whether freshclam runs"),
        )
    else:
        f.set(
            "auto_update",
            False,
            _(
                "freshclam is installed but nothing runs it: no freshclam daemon, no enabled "
                "clamav-freshclam service, no cron job",
            ),
        )


def _linux(f: Findings, now: datetime) -> None:
    if not any(installed(f.host, tool) for tool in CLAM_SCANNERS):
        reason = _("no antivirus scanner such as ClamAV is installed")
        f.set("present", False, reason)
        f.missing(ALL_BUT_PRESENT, reason)
        return
    f.set("present", True)
    f.set("product", "clamav")
    _clam_signatures(f, now)
    programs = running_programs(f.host)
    f.sources.append("/proc/*/comm")
    _clam_realtime(f, programs)
    _clam_auto_update(f, programs)


# --- runner -------------------------------------------------------------------------------


def assess(host: Host, now: datetime) -> ProbeOutcome:
    f = Findings(PROBE, host)
    if host.system == "linux":
        _linux(f, now)
    elif host.system == "macos":
        _macos(f, now)
    elif host.system == "windows":
        _windows(f, now)
    else:
        return not_applicable(PROBE, not_on_this_os(PROBE, host.system))
    # No scanner at all is an answer, not a failure: say so for the whole probe.
    return f.outcome(f.reasons.get("present") if f.facts.get("present") is False else None)


def run(host: Host) -> ProbeOutcome:
    return assess(host, datetime.now(UTC))


SPEC = ProbeSpec(DECLARATION, run)
