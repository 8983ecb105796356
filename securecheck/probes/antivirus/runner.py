"""antivirus: is some malware protection present, on, scanning in real time and up to date?

Windows: Windows Security Center's product list plus Defender's own status. macOS: XProtect,
which is built in and always on; its updates are read from the install history. Linux: only a
scanner such as ClamAV counts; without one `present` is false (the rule then asks the user),
never a failure for lacking Windows-style antivirus.
"""

from __future__ import annotations

from datetime import UTC, datetime

from securecheck.core.model import ProbeOutcome, Text
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
FACTS = ("present", "enabled", "realtime", "signatures_age_days", "auto_update", "product")
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
        Text(
            "Windows does not report whether signature updates are automatic; their age shows "
            "whether they arrive",
            "Windows 不报告特征库是否自动更新;可从特征库的更新时间判断",
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
            Text(
                f"{product.name} only reports whether its signatures are up to date "
                f"({'yes' if current else 'no'})",
                f"{product.name} 只报告特征库是否为最新({'是' if current else '否'})",
            ),
        )
        return
    if defender is not None and defender.passive and products is None:
        f.missing(
            ["enabled", "realtime", "signatures_age_days", "product"],
            Text(
                "Defender is in passive mode, so another antivirus is in charge, but Windows "
                "Security Center could not be read to see which",
                "Defender 处于被动模式,说明另有杀毒软件负责,但无法读取 Windows 安全中心确认",
            ),
        )
    elif defender is not None:
        f.set("product", "Microsoft Defender Antivirus")
        f.set("enabled", defender_on)
        f.set("realtime", defender_on and defender.realtime)
        if defender.signature_age_days is None:
            f.missing(
                ["signatures_age_days"],
                Text("Defender reports no signature update date", "Defender 未报告特征库更新日期"),
            )
        f.set("signatures_age_days", defender.signature_age_days)
    elif products is not None:
        f.set("enabled", bool(active))
        f.set("realtime", bool(active))
        if active:
            f.set("product", active[0].name)
        f.missing(
            ["signatures_age_days"],
            Text("Defender's status could not be read", "无法读取 Defender 状态"),
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
        f.missing(FACTS, Text("XProtect's data bundle was not found", "未找到 XProtect 数据包"))
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
            Text(
                "no XProtect update is recorded in the install history (macOS 15+ may fetch "
                "XProtect data over iCloud instead)",
                "安装历史中没有 XProtect 更新记录(macOS 15 及以上可能改经 iCloud 更新)",
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
        Text(
            f"Software Update setting {', '.join(off)} is off",
            f"软件更新设置 {', '.join(off)} 已关闭",
        )
        if off
        else None,
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
            Text(
                f"cannot read ClamAV's database directory {db_dir}",
                f"无法读取 ClamAV 数据库目录 {db_dir}",
            ),
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
                problem = read.problem or Text(
                    f"{read.path} is not a ClamAV database", f"{read.path} 不是 ClamAV 数据库"
                )
            else:
                builds.append(built)
    if builds:
        f.set("enabled", True)
        f.set("signatures_age_days", max(0, (now - max(builds)).days))
    elif problem is not None:
        f.missing(["enabled", "signatures_age_days"], problem)
    else:
        no_db = Text(
            f"ClamAV has no signature database in {db_dir} (run freshclam), so it detects nothing",
            f"ClamAV 在 {db_dir} 中没有特征库(请运行 freshclam),无法检测任何威胁",
        )
        f.set("enabled", False, no_db)
        f.missing(["signatures_age_days"], no_db)


def _clam_realtime(f: Findings, programs: set[str] | None) -> None:
    if not installed(f.host, "clamonacc"):
        f.set(
            "realtime",
            False,
            Text(
                "clamonacc is not installed: ClamAV scans only when asked",
                "未安装 clamonacc:ClamAV 仅在手动调用时扫描",
            ),
        )
    elif not _first_conf(f, CLAMD_CONFS, "OnAccessIncludePath"):
        f.set(
            "realtime",
            False,
            Text(
                "on-access scanning is not configured (no OnAccessIncludePath in clamd.conf)",
                "未配置实时扫描(clamd.conf 中没有 OnAccessIncludePath)",
            ),
        )
    elif programs is None:
        f.missing(
            ["realtime"],
            Text(
                "cannot read the process list to see whether clamonacc runs",
                "无法读取进程列表以确认 clamonacc 是否运行",
            ),
        )
    else:
        running = "clamonacc" in programs
        f.set(
            "realtime",
            running,
            None
            if running
            else Text(
                "on-access scanning is configured but clamonacc is not running",
                "已配置实时扫描,但 clamonacc 未运行",
            ),
        )


def _clam_auto_update(f: Findings, programs: set[str] | None) -> None:
    if not installed(f.host, "freshclam"):
        f.set(
            "auto_update",
            False,
            Text(
                "freshclam is not installed, so signatures never update",
                "未安装 freshclam,特征库不会更新",
            ),
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
            Text(
                "cannot read the process list to see whether freshclam runs",
                "无法读取进程列表以确认 freshclam 是否运行",
            ),
        )
    else:
        f.set(
            "auto_update",
            False,
            Text(
                "freshclam is installed but nothing runs it: no freshclam daemon, no enabled "
                "clamav-freshclam service, no cron job",
                "已安装 freshclam 但无任何机制运行它:没有守护进程、服务或 cron 任务",
            ),
        )


def _linux(f: Findings, now: datetime) -> None:
    if not any(installed(f.host, tool) for tool in CLAM_SCANNERS):
        reason = Text(
            "no antivirus scanner such as ClamAV is installed", "未安装 ClamAV 等杀毒扫描程序"
        )
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


SPEC = ProbeSpec(name=PROBE, run=run, facts=FACTS)
