"""os_updates on Linux: apt, dnf, zypper or pacman, whichever this machine uses.

Counting pending updates is the slow part (seconds); its facts are remembered in the fact
cache under a key made of the files that determine them (package database, package lists
or metadata, configured sources), so a second audit on an unchanged machine reuses them.
Everything else (whether updates install themselves) is read afresh each time.

A count is only as good as the metadata it came from: a zero from lists that miss a
configured source, that are older than the sources, or from repositories that do not mark
security fixes, cannot vouch for "nothing pending"; a positive count still proves updates
are waiting.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from securecheck.core.model import FactValue
from securecheck.i18n import Localized, _
from securecheck.probes.cache import state_key
from securecheck.probes.host import Findings, problem_of, unparseable
from securecheck.probes.os_updates.apt import (
    AptSource,
    Coverage,
    apt_automatic,
    apt_lists_present,
    coverage,
    parse_apt_config,
    parse_apt_simulation,
    parse_deb822_sources,
    parse_one_line_sources,
    source_files,
)
from securecheck.probes.os_updates.parsers import (
    parse_checkupdates,
    parse_dnf_check_update,
    parse_dnf_security,
    parse_zypper_security,
    parse_zypper_updates,
)
from securecheck.probes.platform.linux import running_programs, systemd_booted, unit_state
from securecheck.probes.platform.parsers import parse_ini_value, truthy

SLOW = 25.0  # dnf and zypper solving can take this long
COUNTS = ("pending_updates", "pending_security_updates")
CRON_DAEMONS = frozenset({"cron", "crond", "anacron", "cronie", "fcron", "dcron"})
# Metadata older than this cannot vouch for "nothing pending" (dnf and zypper refresh it
# daily by timer; two weeks without means nobody is looking).
METADATA_MAX_AGE = timedelta(days=14)

APT_LISTS = "/var/lib/apt/lists"
SOURCES_LIST = "/etc/apt/sources.list"
SOURCES_DIR = "/etc/apt/sources.list.d"
APT_STATE_FILES = ("/var/lib/dpkg/status", SOURCES_LIST, "/etc/apt/preferences")
APT_STATE_DIRS = (APT_LISTS, SOURCES_DIR, "/etc/apt/preferences.d", "/etc/apt/apt.conf.d")
RPM_DBS = ("/var/lib/rpm", "/usr/lib/sysimage/rpm")
DNF_CACHES = ("/var/cache/dnf", "/var/cache/libdnf5")
ZYPP_RAW = "/var/cache/zypp/raw"
RUN_UPDATE = _("run `sudo apt update`")


def _set_lower_bound(f: Findings, name: str, value: int | None, why: Localized) -> None:
    """A count from incomplete metadata: it proves updates wait; it cannot prove none do."""
    if value:
        f.set(name, value, why)
    else:
        f.missing([name], why)


# --- apt ----------------------------------------------------------------------------------


def _apt_sources(f: Findings) -> tuple[list[AptSource], int] | None:
    """Every configured source, and the newest modification time among their files."""
    found: list[AptSource] = []
    newest = 0
    names = source_files(f.host.list_dir(SOURCES_DIR))
    paths = [SOURCES_LIST, *(f"{SOURCES_DIR}/{n}" for n in names)]
    for path in paths:
        read = f.host.read_text(path)
        if read.text is None:
            if f.host.exists(path):
                return None  # a source we cannot read could be the security one
            continue
        parse = parse_deb822_sources if path.endswith(".sources") else parse_one_line_sources
        parsed = parse(read.text)
        if parsed is None:
            return None
        found += parsed
        st = f.host.stat(path)
        newest = max(newest, st.mtime_ns if st else 0)
    return found, newest


def _lists_refreshed(f: Findings, names: Sequence[str]) -> int:
    """When apt last wrote its lists: the directory, its partial/ and the newest list."""
    paths = [APT_LISTS, f"{APT_LISTS}/partial", *(f"{APT_LISTS}/{n}" for n in names)]
    return max((st.mtime_ns for p in paths if (st := f.host.stat(p)) is not None), default=0)


def _apt_coverage(f: Findings, names: Sequence[str]) -> Coverage | Localized:
    sources = _apt_sources(f)
    if sources is None:
        return _("the configured apt sources cannot be read")
    entries, newest = sources
    return coverage(entries, names, newest > _lists_refreshed(f, names))


def _apt_counts(f: Findings, names: list[str]) -> None:
    def simulate() -> Mapping[str, FactValue] | None:
        result = f.run(["apt-get", "-s", "dist-upgrade"], timeout=20)
        counts = parse_apt_simulation(result.stdout) if result.ok else None
        if counts is None:
            f.missing(COUNTS, problem_of(result))
            return None
        return {"pending": counts.pending, "security": counts.security}

    key = state_key(f.host, "os_updates.apt", APT_STATE_FILES, APT_STATE_DIRS)
    values = f.remembered("os_updates.apt", key, simulate, ("pending", "security"))
    if values is None:
        return
    pending, security = values.get("pending"), values.get("security")
    if not isinstance(pending, int) or not isinstance(security, int):
        f.missing(COUNTS, unparseable("apt-get -s dist-upgrade"))
        return
    seen = _apt_coverage(f, names)
    if not isinstance(seen, Coverage):
        for name, value in zip(COUNTS, (pending, security), strict=True):
            _set_lower_bound(f, name, value, seen)
        return
    why: Localized | None = None
    if seen.missing:
        shown = ", ".join(seen.missing[:3]) + (" …" if len(seen.missing) > 3 else "")
        why = _(
            "apt has no package list for {sources} ({fix}): updates from there cannot be seen",
            sources=shown,
            fix=RUN_UPDATE,
        )
    elif seen.stale:
        why = _(
            "the apt sources changed after the package lists were last downloaded ({fix})",
            fix=RUN_UPDATE,
        )
    if why is not None:
        _set_lower_bound(f, "pending_updates", pending, why)
        _set_lower_bound(f, "pending_security_updates", security, why)
        return
    f.set("pending_updates", pending)
    if seen.security_configured or security:
        f.set("pending_security_updates", security)
    else:
        f.missing(
            ["pending_security_updates"],
            _(
                "none of the configured apt sources is a security archive (such as "
                "bookworm-security or noble-security), so apt cannot tell which updates fix "
                "security issues"
            ),
        )


def apt(f: Findings) -> None:
    f.set("package_manager", "apt")
    names = f.host.list_dir(APT_LISTS) or []
    if not apt_lists_present(names):
        f.missing(
            COUNTS,
            _(
                "apt's package lists were never downloaded (run `apt update`), so pending updates "
                "cannot be counted",
            ),
        )
    else:
        _apt_counts(f, names)
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


# --- metadata freshness (dnf, zypper) -------------------------------------------------------


def _entries(f: Findings, directory: str) -> list[str]:
    return [f"{directory}/{n}" for n in f.host.list_dir(directory) or []]


def _newest(f: Findings, paths: Sequence[str]) -> datetime | None:
    times = [st.mtime_ns for p in paths if (st := f.host.stat(p)) is not None]
    return datetime.fromtimestamp(max(times) / 1e9).astimezone() if times else None


def _stale(f: Findings, paths: Sequence[str], now: datetime, tool: str) -> Localized | None:
    newest = _newest(f, paths)
    if newest is None:
        return _("{tool} has no cached repository metadata", tool=tool)
    if now - newest > METADATA_MAX_AGE:
        return _(
            "{tool}'s repository metadata was last refreshed on {date}: too old to vouch that "
            "nothing is pending",
            tool=tool,
            date=newest.date().isoformat(),
        )
    return None


# --- dnf ----------------------------------------------------------------------------------


def _dnf_count(f: Findings) -> Mapping[str, FactValue] | None:
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
        return None
    if count == 0:
        return {"pending": 0, "security": 0}
    sec = f.run(["dnf", "-q", "-C", "updateinfo", "list", "--security"], timeout=SLOW)
    security = parse_dnf_security(sec.stdout) if sec.ok else None
    if security is None:
        f.missing(["pending_security_updates"], problem_of(sec))
        return {"pending": count}
    return {"pending": count, "security": security}


def _has_updateinfo(f: Findings, caches: Sequence[str]) -> bool:
    for repo in caches:
        names = f.host.list_dir(f"{repo}/repodata") or []
        if any("updateinfo" in n for n in names):
            return True
    return False


def dnf(f: Findings, now: datetime) -> None:
    f.set("package_manager", "dnf")
    caches = [p for d in DNF_CACHES for p in _entries(f, d)]
    key = state_key(f.host, "os_updates.dnf", (), (*RPM_DBS, *DNF_CACHES, "/etc/yum.repos.d"))
    values = f.remembered("os_updates.dnf", key, lambda: _dnf_count(f), ("pending", "security"))
    if values is not None:
        pending, security = values.get("pending"), values.get("security")
        stale = _stale(f, caches, now, "dnf")
        if stale is not None:
            if isinstance(pending, int):
                _set_lower_bound(f, "pending_updates", pending, stale)
            if isinstance(security, int):
                _set_lower_bound(f, "pending_security_updates", security, stale)
        else:
            f.set("pending_updates", pending if isinstance(pending, int) else None)
            if security == 0 and pending and not _has_updateinfo(f, caches):
                f.missing(
                    ["pending_security_updates"],
                    _(
                        "the enabled repositories publish no security advisories (updateinfo), "
                        "so dnf cannot tell which updates fix security issues"
                    ),
                )
            elif isinstance(security, int):
                f.set("pending_security_updates", security)
    _dnf_automatic(f)


def _dnf_automatic(f: Findings) -> None:
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
        f.set("automatic_updates", False, _("no dnf-automatic timer is enabled"))


# --- zypper -------------------------------------------------------------------------------

ZYPPER = ("zypper", "--non-interactive", "--no-refresh", "--xmlout")


def _zypper_count(f: Findings) -> Mapping[str, FactValue] | None:
    # zypper reports "patches needed" through exit codes 100/101 with a valid answer.
    result = f.run([*ZYPPER, "list-updates"], timeout=SLOW)
    count = parse_zypper_updates(result.stdout) if result.returncode in (0, 100, 101) else None
    if count is None:
        f.missing(COUNTS, problem_of(result))
        return None
    sec = f.run([*ZYPPER, "list-patches", "--all", "--category", "security"], timeout=SLOW)
    found = parse_zypper_security(sec.stdout) if sec.returncode in (0, 100, 101) else None
    if found is None:
        f.missing(["pending_security_updates"], problem_of(sec))
        return {"pending": count}
    return {"pending": count, "security": found[0], "patches": found[1]}


def zypper(f: Findings, now: datetime) -> None:
    f.set("package_manager", "zypper")
    key = state_key(f.host, "os_updates.zypper", (), (*RPM_DBS, ZYPP_RAW, "/etc/zypp/repos.d"))
    values = f.remembered(
        "os_updates.zypper", key, lambda: _zypper_count(f), ("pending", "security")
    )
    if values is not None:
        pending, security = values.get("pending"), values.get("security")
        stale = _stale(f, _entries(f, ZYPP_RAW), now, "zypper")
        if stale is not None:
            if isinstance(pending, int):
                _set_lower_bound(f, "pending_updates", pending, stale)
            if isinstance(security, int):
                _set_lower_bound(f, "pending_security_updates", security, stale)
        else:
            f.set("pending_updates", pending if isinstance(pending, int) else None)
            if security == 0 and not values.get("patches"):
                f.missing(
                    ["pending_security_updates"],
                    _(
                        "the enabled repositories publish no security patches, so zypper "
                        "cannot tell which updates fix security issues"
                    ),
                )
            elif isinstance(security, int):
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


# --- pacman -------------------------------------------------------------------------------


def _checkupdates(f: Findings) -> Mapping[str, FactValue] | None:
    result = f.run(["checkupdates"], timeout=SLOW)  # exit 2 = nothing to update
    count = (
        0 if result.returncode == 2 else (parse_checkupdates(result.stdout) if result.ok else None)
    )
    if count is None:
        f.missing(["pending_updates"], problem_of(result))
        return None
    return {"pending": count}


def pacman(f: Findings) -> None:
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
        # checkupdates syncs a copy of the databases from the mirrors: remembered for a day
        # while the installed packages and the configured mirrors stay the same.
        key = state_key(
            f.host,
            "os_updates.pacman",
            ("/etc/pacman.conf", "/etc/pacman.d/mirrorlist"),
            ("/var/lib/pacman/local",),
        )
        values = f.remembered("os_updates.pacman", key, lambda: _checkupdates(f), ("pending",))
        pending = values.get("pending") if values else None
        f.set("pending_updates", pending if isinstance(pending, int) else None)
    f.missing(
        ["pending_security_updates"],
        _("Arch Linux does not mark which updates fix security issues"),
    )
    f.missing(
        ["automatic_updates"],
        _("Arch Linux has no standard automatic-update service"),
    )
