"""os_updates on Linux with dnf, zypper or pacman (apt is in `debian`).

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
from securecheck.probes.os_updates.common import COUNTS, set_lower_bound
from securecheck.probes.os_updates.parsers import (
    parse_checkupdates,
    parse_dnf_check_update,
    parse_dnf_security,
    parse_zypper_security,
    parse_zypper_updates,
)
from securecheck.probes.platform.linux import unit_state
from securecheck.probes.platform.parsers import parse_ini_value, truthy

SLOW = 25.0  # dnf and zypper solving can take this long
# Metadata older than this cannot vouch for "nothing pending" (dnf and zypper refresh it
# daily by timer; two weeks without means nobody is looking).
METADATA_MAX_AGE = timedelta(days=14)

RPM_DBS = ("/var/lib/rpm", "/usr/lib/sysimage/rpm")
DNF_CACHES = ("/var/cache/dnf", "/var/cache/libdnf5")
ZYPP_RAW = "/var/cache/zypp/raw"


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
                set_lower_bound(f, "pending_updates", pending, stale)
            if isinstance(security, int):
                set_lower_bound(f, "pending_security_updates", security, stale)
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
                set_lower_bound(f, "pending_updates", pending, stale)
            if isinstance(security, int):
                set_lower_bound(f, "pending_security_updates", security, stale)
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
