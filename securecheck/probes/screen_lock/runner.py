"""screen_lock probe: does the session lock itself when left idle, and after how long?

Linux: a machine with no graphical session (no DISPLAY, WAYLAND_DISPLAY or
XDG_CURRENT_DESKTOP: a server, a container, an SSH login) has no screen to lock, so the
probe does not apply. GNOME, Cinnamon and MATE are read with `gsettings`; KDE from
kscreenlockerrc. macOS: `sysadminctl -screenLock status` plus the screen saver and display
sleep times. Windows: a password-protected screen saver, the machine inactivity limit
policy, and "require sign-in on wake" with the sleep timeout; see `combine` for how the
ways of locking add up.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from securecheck.core.model import ProbeOutcome
from securecheck.i18n import Localized, _
from securecheck.probes.host import (
    Host,
    ProbeSpec,
    by_system,
    join_reasons,
    known,
    not_applicable,
    unknown,
    unparseable,
)
from securecheck.probes.platform.parsers import RegValue, parse_reg_query
from securecheck.probes.screen_lock import DECLARATION
from securecheck.probes.screen_lock.parsers import (
    GSETTINGS_DESKTOPS,
    POWERCFG_CONSOLELOCK,
    POWERCFG_STANDBYIDLE,
    LockPath,
    ScreenLock,
    combine,
    desktop_key,
    gsettings_lock,
    kde_lock,
    macos_lock,
    memory_backend,
    parse_gsettings_list,
    parse_kde_config,
    parse_plain_int,
    parse_pmset_displaysleep,
    parse_powercfg_setting,
    parse_sysadminctl_screenlock,
    windows_inactivity_limit,
    windows_screen_saver,
    windows_sign_in_on_wake,
)

PROBE = "screen_lock"
SYSADMINCTL = ("sysadminctl", "-screenLock", "status")
SCREENSAVER_IDLE = ("defaults", "-currentHost", "read", "com.apple.screensaver", "idleTime")
PMSET = ("pmset", "-g")
REG_DESKTOP = ("reg", "query", r"HKCU\Control Panel\Desktop")
REG_DESKTOP_POLICY = (
    "reg",
    "query",
    r"HKCU\Software\Policies\Microsoft\Windows\Control Panel\Desktop",
)
REG_INACTIVITY = (
    "reg",
    "query",
    r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System",
    "/v",
    "InactivityTimeoutSecs",
)
POWERCFG_CONSOLELOCK_Q = ("powercfg", "/q", "SCHEME_CURRENT", "SUB_NONE", "CONSOLELOCK")
POWERCFG_STANDBY_Q = ("powercfg", "/q", "SCHEME_CURRENT", "SUB_SLEEP", "STANDBYIDLE")

NO_LOCK = _("no automatic screen lock is set up")


def _outcome(
    lock: ScreenLock, sources: Sequence[str], problems: Sequence[Localized]
) -> ProbeOutcome:
    if lock.enabled is None:
        return unknown(PROBE, join_reasons(problems) if problems else unparseable(PROBE), sources)
    reasons: dict[str, Localized] = {}
    if lock.idle_delay_s is None:
        reasons["idle_delay_s"] = (
            NO_LOCK
            if not lock.enabled
            else join_reasons(problems or [_("the idle time before the lock is not set")])
        )
    facts = {"enabled": lock.enabled, "idle_delay_s": lock.idle_delay_s}
    return known(
        PROBE,
        facts,
        sources,
        reason=join_reasons(problems) if problems else None,
        fact_reasons=reasons,
    )


# --- Linux -------------------------------------------------------------------------------


def _linux(host: Host) -> ProbeOutcome:
    desktop = host.env("XDG_CURRENT_DESKTOP") or ""
    if not (host.env("DISPLAY") or host.env("WAYLAND_DISPLAY") or desktop):
        return not_applicable(
            PROBE,
            _(
                "no graphical session (DISPLAY, WAYLAND_DISPLAY and XDG_CURRENT_DESKTOP are "
                "unset): a server or remote shell has no screen to lock",
            ),
        )
    if host.env("SUDO_USER"):
        return unknown(
            PROBE,
            _("securecheck runs under sudo: it would read root's desktop settings, not yours"),
        )
    key = desktop_key(desktop)
    if key == "kde":
        return _kde(host)
    if key is None:
        shown = desktop or "this desktop"
        return unknown(
            PROBE,
            _("securecheck cannot read the screen-lock settings of {shown} yet", shown=shown),
        )
    return _gsettings(host, key)


def _gsettings(host: Host, key: str) -> ProbeOutcome:
    desktop = GSETTINGS_DESKTOPS[key]
    sources: list[str] = []
    tables: list[dict[str, str]] = []
    for schema in (desktop.screensaver, desktop.session, desktop.lockdown):
        result = host.run(("gsettings", "list-recursively", schema), timeout=5)
        sources.append(result.label)
        if result.problem is not None:
            return unknown(PROBE, result.problem, sources)
        if memory_backend(result.stderr):
            return unknown(
                PROBE,
                _("gsettings has no settings backend (dconf) here and shows only defaults"),
                sources,
            )
        tables.append(parse_gsettings_list(result.stdout, schema))
    path = gsettings_lock(desktop, *tables)
    if path is None:
        return unknown(PROBE, unparseable(f"gsettings ({desktop.label})"), sources)
    return _outcome(combine([path]), sources, [])


def _kde_config_paths(host: Host) -> tuple[list[str], str | None]:
    """System layers (XDG_CONFIG_DIRS) and the user's kscreenlockerrc."""
    dirs = (host.env("XDG_CONFIG_DIRS") or "/etc/xdg").split(":")
    system = [f"{d.rstrip('/')}/kscreenlockerrc" for d in reversed(dirs) if d]
    config_home = host.env("XDG_CONFIG_HOME")
    if not config_home:
        home = host.env("HOME")
        config_home = f"{home.rstrip('/')}/.config" if home else None
    return system, f"{config_home.rstrip('/')}/kscreenlockerrc" if config_home else None


def _kde(host: Host) -> ProbeOutcome:
    system, user = _kde_config_paths(host)
    if user is None:
        return unknown(PROBE, _("HOME is not set"))
    layers: list[Mapping[tuple[str, str], str]] = []
    sources: list[str] = []
    for path in [*system, user]:
        if not host.exists(path):
            continue  # an absent file means KDE's defaults
        sources.append(path)
        read = host.read_text(path)
        if not read.ok or read.text is None:
            return unknown(PROBE, read.problem or unparseable(path), sources)
        layers.append(parse_kde_config(read.text))
    path_lock = kde_lock(layers)
    if path_lock is None:
        return unknown(PROBE, unparseable(user), sources)
    return _outcome(combine([path_lock]), sources or [user], [])


# --- macOS -------------------------------------------------------------------------------


def _macos(host: Host) -> ProbeOutcome:
    result = host.run(SYSADMINCTL, timeout=8)
    sources = [result.label]
    if result.problem is not None:
        return unknown(PROBE, result.problem, sources)
    delay = parse_sysadminctl_screenlock(result.stderr + "\n" + result.stdout)
    if delay is None:
        return unknown(PROBE, unparseable("sysadminctl -screenLock status"), sources)

    problems: list[Localized] = []
    idle = host.run(SCREENSAVER_IDLE, timeout=5)
    sources.append(idle.label)
    idle_time: int | None = None
    if idle.ok:
        idle_time = parse_plain_int(idle.stdout)
        if idle_time is None:
            problems.append(unparseable("defaults read com.apple.screensaver idleTime"))
    elif "does not exist" not in idle.stderr:  # unset is normal, not a failure
        problems.append(idle.problem or unparseable("defaults"))

    pmset = host.run(PMSET, timeout=5)
    sources.append(pmset.label)
    displaysleep = parse_pmset_displaysleep(pmset.stdout) if pmset.ok else None
    if displaysleep is None:
        problems.append(pmset.problem or unparseable("pmset -g"))
    return _outcome(combine([macos_lock(delay, idle_time, displaysleep)]), sources, problems)


# --- Windows -----------------------------------------------------------------------------


def _reg(host: Host, argv: Sequence[str], sources: list[str]) -> dict[str, RegValue] | None:
    """Values of a key; {} when reg reports it (or the value) absent; None on other errors."""
    result = host.run(argv, timeout=5)
    sources.append(result.label)
    if result.ok:
        return parse_reg_query(result.stdout)
    # reg exits 1 with only a (translated) error line when the key or value does not exist.
    if result.returncode == 1 and not result.stdout.strip():
        return {}
    return None


def _powercfg(
    host: Host, argv: Sequence[str], guid: str, sources: list[str]
) -> tuple[int, int] | None:
    result = host.run(argv, timeout=5)
    sources.append(result.label)
    return parse_powercfg_setting(result.stdout, guid) if result.ok else None


def _windows(host: Host) -> ProbeOutcome:
    sources: list[str] = []
    problems: list[Localized] = []
    desktop = _reg(host, REG_DESKTOP, sources)
    policy = _reg(host, REG_DESKTOP_POLICY, sources)
    saver: LockPath | None = None
    if desktop is None or policy is None:
        problems.append(_("could not read the screen saver settings"))
    else:
        saver = windows_screen_saver(desktop, policy)

    limit_values = _reg(host, REG_INACTIVITY, sources)
    limit = windows_inactivity_limit(limit_values) if limit_values is not None else None
    if limit is None:
        problems.append(_("could not read the machine inactivity limit"))

    consolelock = _powercfg(host, POWERCFG_CONSOLELOCK_Q, POWERCFG_CONSOLELOCK, sources)
    standby = _powercfg(host, POWERCFG_STANDBY_Q, POWERCFG_STANDBYIDLE, sources)
    wake = windows_sign_in_on_wake(consolelock, standby)
    if consolelock is None:
        problems.append(_("could not read whether sign-in is required on wake"))
    elif standby is None:
        problems.append(_("could not read the sleep timeout"))
    return _outcome(combine([saver, limit, wake]), sources, problems)


def run(host: Host) -> ProbeOutcome:
    return by_system(host, {"linux": _linux, "macos": _macos, "windows": _windows}, PROBE)


SPEC = ProbeSpec(DECLARATION, run)
