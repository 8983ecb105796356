"""os_updates with apt (Debian, Ubuntu and their derivatives).

The simulated upgrade (`apt-get -s dist-upgrade`) is the slow step and is remembered in the
fact cache under a key of the dpkg status, the package lists and the sources. Its counts are
then weighed against the configured sources: a zero from lists that miss a configured suite,
that predate the sources, or from sources without any security archive, is unknown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

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
from securecheck.probes.os_updates.common import COUNTS, set_lower_bound
from securecheck.probes.platform.linux import running_programs, systemd_booted, unit_state

CRON_DAEMONS = frozenset({"cron", "crond", "anacron", "cronie", "fcron", "dcron"})
APT_LISTS = "/var/lib/apt/lists"
SOURCES_LIST = "/etc/apt/sources.list"
SOURCES_DIR = "/etc/apt/sources.list.d"
APT_STATE_FILES = ("/var/lib/dpkg/status", SOURCES_LIST, "/etc/apt/preferences")
APT_STATE_DIRS = (APT_LISTS, SOURCES_DIR, "/etc/apt/preferences.d", "/etc/apt/apt.conf.d")
RUN_UPDATE = _("run `sudo apt update`")


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
            set_lower_bound(f, name, value, seen)
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
        set_lower_bound(f, "pending_updates", pending, why)
        set_lower_bound(f, "pending_security_updates", security, why)
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
