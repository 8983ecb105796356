"""Pure parsers for the screen_lock probe, and the rule that combines what they find.

A machine can have several ways of locking itself (a secure screen saver, sign-in on wake,
an inactivity policy...). Each parser turns one of them into a `LockPath`; `combine` turns
the paths into the two facts:

- enabled: some path will lock the session; False only when every path is known and none
  locks; unknown when no path locks but some could not be read.
- idle_delay_s: the shortest idle time after which a known path locks. A path that could
  not be read might lock sooner, so the value is an upper bound, never an optimistic
  guess. 0 means "armed but never triggered by idleness" (GNOME idle-delay 0).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from securecheck.probes.platform.parsers import RegValue, reg_int, truthy

# --- combining ----------------------------------------------------------------------------


@dataclass(frozen=True)
class LockPath:
    """One way the session gets locked."""

    locks: bool  # it locks the session when it triggers
    delay_s: int | None = 0  # idle seconds before it locks; 0 = never triggers; None = unknown


@dataclass(frozen=True)
class ScreenLock:
    enabled: bool | None
    idle_delay_s: int | None


def combine(paths: Sequence[LockPath | None]) -> ScreenLock:
    """Paths that could not be read are None."""
    unread = any(p is None for p in paths)
    armed = [p for p in paths if p is not None and p.locks]
    triggered = [p.delay_s for p in armed if p.delay_s]
    if triggered:
        return ScreenLock(True, min(triggered))
    if armed:
        never = not unread and all(p.delay_s == 0 for p in armed)
        return ScreenLock(True, 0 if never else None)
    return ScreenLock(None if unread else False, None)


# --- GNOME family (gsettings) -------------------------------------------------------------


@dataclass(frozen=True)
class GSettingsDesktop:
    """Where a GNOME-family desktop keeps its lock settings, and in which unit."""

    label: str
    screensaver: str  # schema with lock-enabled, lock-delay (and idle-activation-enabled)
    session: str  # schema with idle-delay
    lockdown: str  # schema with disable-lock-screen
    unit_s: int  # seconds per unit of idle-delay and lock-delay
    # Whether the screen saver only starts on idle when idle-activation-enabled is true.
    # GNOME Shell ignores that key; MATE's and Cinnamon's screen savers obey it.
    uses_idle_activation: bool


GSETTINGS_DESKTOPS: Mapping[str, GSettingsDesktop] = {
    "gnome": GSettingsDesktop(
        "GNOME",
        "org.gnome.desktop.screensaver",
        "org.gnome.desktop.session",
        "org.gnome.desktop.lockdown",
        1,
        False,
    ),
    "cinnamon": GSettingsDesktop(
        "Cinnamon",
        "org.cinnamon.desktop.screensaver",
        "org.cinnamon.desktop.session",
        "org.cinnamon.desktop.lockdown",
        1,
        True,
    ),
    "mate": GSettingsDesktop(
        "MATE", "org.mate.screensaver", "org.mate.session", "org.mate.lockdown", 60, True
    ),
}

# XDG_CURRENT_DESKTOP tokens (lower case) -> desktop key; "kde" is read from its own file.
DESKTOP_TOKENS: Mapping[str, str] = {
    "gnome": "gnome",
    "gnome-classic": "gnome",
    "gnome-flashback": "gnome",
    "ubuntu": "gnome",
    "unity": "gnome",
    "budgie": "gnome",
    "pop": "gnome",
    "x-cinnamon": "cinnamon",
    "cinnamon": "cinnamon",
    "mate": "mate",
    "kde": "kde",
}


def desktop_key(xdg_current_desktop: str) -> str | None:
    """The first token of XDG_CURRENT_DESKTOP ("ubuntu:GNOME") that securecheck knows."""
    for token in xdg_current_desktop.lower().split(":"):
        key = DESKTOP_TOKENS.get(token.strip())
        if key is not None:
            return key
    return None


def parse_gsettings_list(text: str, schema: str) -> dict[str, str]:
    """`gsettings list-recursively SCHEMA`: "schema key value" lines -> {key: raw value}.

    Lines of child schemas (org.mate.session.required-components ...) are left out.
    """
    values: dict[str, str] = {}
    for line in text.splitlines():
        parts = line.strip().split(" ", 2)
        if len(parts) == 3 and parts[0] == schema:
            values[parts[1]] = parts[2].strip()
    return values


def gvariant_bool(raw: str | None) -> bool | None:
    return {"true": True, "false": False}.get((raw or "").strip())


def gvariant_int(raw: str | None) -> int | None:
    """ "uint32 300", "int32 5" or "300" -> the number."""
    match = re.fullmatch(r"(?:u?int(?:16|32|64)\s+)?(-?\d+)", (raw or "").strip())
    return int(match.group(1)) if match else None


def gsettings_lock(
    desktop: GSettingsDesktop,
    screensaver: Mapping[str, str],
    session: Mapping[str, str],
    lockdown: Mapping[str, str],
) -> LockPath | None:
    """The lock path of a GNOME-family desktop; None when a needed key is missing or odd.

    The screen blanks after idle-delay (0 = never) and locks lock-delay later.
    """
    enabled = gvariant_bool(screensaver.get("lock-enabled"))
    idle = gvariant_int(session.get("idle-delay"))
    lock_delay = gvariant_int(screensaver.get("lock-delay"))
    # An absent lockdown key (older schema) means nothing is forced off.
    forbidden = gvariant_bool(lockdown.get("disable-lock-screen", "false"))
    if enabled is None or idle is None or lock_delay is None or forbidden is None:
        return None
    if not enabled or forbidden:
        return LockPath(False)
    if desktop.uses_idle_activation:
        activation = gvariant_bool(screensaver.get("idle-activation-enabled"))
        if activation is None:
            return None
        if not activation:
            return LockPath(True, 0)
    if idle <= 0:
        return LockPath(True, 0)
    return LockPath(True, (idle + max(lock_delay, 0)) * desktop.unit_s)


def memory_backend(stderr: str) -> bool:
    """gsettings without dconf prints schema defaults, not this user's settings."""
    return "memory" in stderr.lower() and "gsettings backend" in stderr.lower()


# --- KDE (kscreenlockerrc) ----------------------------------------------------------------

KDE_DEFAULT_AUTOLOCK = True
KDE_DEFAULT_TIMEOUT_MIN = 5


def parse_kde_config(text: str) -> dict[tuple[str, str], str]:
    """A KConfig file -> {(group, key): value}; `[$i]`-style markers are dropped."""
    values: dict[tuple[str, str], str] = {}
    group = ""
    for raw in text.removeprefix("\ufeff").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            group = re.sub(r"\[\$[a-z]+\]$", "", line).strip("[]")
            continue
        if "=" in line:
            key, value = line.split("=", 1)
            key = re.sub(r"\[.*\]$", "", key.strip())
            values[(group, key)] = value.strip()
    return values


def kde_lock(layers: Sequence[Mapping[tuple[str, str], str]]) -> LockPath | None:
    """kscreenlockerrc layers, system first, user last; missing keys are KDE's defaults.

    [Daemon] Autolock (default true) and Timeout (minutes, default 5; 0 = never).
    """
    merged: dict[tuple[str, str], str] = {}
    for layer in layers:
        merged.update(layer)
    raw_auto = merged.get(("Daemon", "Autolock"))
    raw_timeout = merged.get(("Daemon", "Timeout"))
    autolock = KDE_DEFAULT_AUTOLOCK if raw_auto is None else truthy(raw_auto)
    timeout = KDE_DEFAULT_TIMEOUT_MIN if raw_timeout is None else _int(raw_timeout)
    if autolock is None or timeout is None:
        return None
    if not autolock:
        return LockPath(False)
    return LockPath(True, max(timeout, 0) * 60)


# --- macOS --------------------------------------------------------------------------------


def parse_sysadminctl_screenlock(text: str) -> int | None:
    """`sysadminctl -screenLock status` (it writes to stderr, after a log prefix).

    Returns the seconds between screen saver / display sleep and the lock (0 for
    "immediate"), -1 when the lock is off, None when the text says neither.
    """
    low = text.lower()
    if "screenlock is off" in low:
        return -1
    if "screenlock delay is immediate" in low:
        return 0
    match = re.search(r"screenlock delay is (-?\d+)(?:\.\d+)? seconds?", low)
    if match is None:
        return None
    seconds = int(match.group(1))
    return -1 if seconds < 0 else seconds


def parse_pmset_displaysleep(text: str) -> int | None:
    """`pmset -g`: the displaysleep line (minutes; 0 = never)."""
    match = re.search(r"^\s*displaysleep\s+(\d+)\b", text, re.MULTILINE)
    return int(match.group(1)) if match else None


def parse_plain_int(text: str) -> int | None:
    """`defaults read ... idleTime` prints one integer."""
    return _int(text.strip())


def macos_lock(lock_delay: int, idle_time_s: int | None, displaysleep_min: int | None) -> LockPath:
    """The lock follows the screen saver or display sleep, whichever comes first.

    `idle_time_s` None: the screen saver setting is unset or unreadable, so only display
    sleep bounds the delay.
    """
    if lock_delay < 0:
        return LockPath(False)
    starts = [s for s in (idle_time_s, (displaysleep_min or 0) * 60) if s]
    if starts:
        return LockPath(True, min(starts) + lock_delay)
    if idle_time_s is None or displaysleep_min is None:
        return LockPath(True, None)
    return LockPath(True, 0)


# --- Windows ------------------------------------------------------------------------------

POWERCFG_STANDBYIDLE = "29f6c1db-86da-48c5-9fdb-f2b67b1f44da"
POWERCFG_CONSOLELOCK = "0e796bdb-100d-47d6-a2d5-f7d2daa51f51"


def windows_screen_saver(
    user: Mapping[str, RegValue], policy: Mapping[str, RegValue]
) -> LockPath | None:
    """A screen saver that asks for the password on resume (policy values win)."""

    def get(name: str) -> RegValue | None:
        return policy.get(name) or user.get(name)

    active = get("screensaveactive")
    program = get("scrnsave.exe")
    if active is None or active.data.strip() != "1" or program is None or not program.data:
        return LockPath(False)
    secure = get("screensaverissecure")
    if secure is None or secure.data.strip() != "1":
        return LockPath(False)
    timeout = reg_int(get("screensavetimeout"))
    if timeout is None:
        return None
    return LockPath(True, max(timeout, 0))


def windows_inactivity_limit(values: Mapping[str, RegValue]) -> LockPath | None:
    """ "Interactive logon: Machine inactivity limit" (InactivityTimeoutSecs)."""
    value = values.get("inactivitytimeoutsecs")
    if value is None:
        return LockPath(False)
    seconds = reg_int(value)
    if seconds is None:
        return None
    return LockPath(seconds > 0, seconds)


def parse_powercfg_setting(text: str, guid: str) -> tuple[int, int] | None:
    """`powercfg /q SCHEME_CURRENT SUB_X SETTING`: (AC, DC) current values.

    Labels are translated, GUIDs and hex values are not: after the setting's GUID line,
    the last two hex numbers are the AC and DC values (any before them are the range).
    """
    low = text.lower()
    start = low.find(guid.lower())
    if start < 0:
        return None
    numbers = re.findall(r"0x([0-9a-f]+)", low[start + len(guid) :])
    if len(numbers) < 2:
        return None
    return int(numbers[-2], 16), int(numbers[-1], 16)


def windows_sign_in_on_wake(
    consolelock: tuple[int, int] | None, standby: tuple[int, int] | None
) -> LockPath | None:
    """Sign-in required on wake, and the machine sleeps when idle (worst of AC and DC).

    Sleep, not display-off, is used: on older (S3) machines only sleep locks, and on
    Modern Standby machines sleep comes no sooner than display-off, so this never claims
    a shorter delay than the machine has.
    """
    if consolelock is None:
        return None
    if not all(v == 1 for v in consolelock):
        return LockPath(False)
    if standby is None:
        return LockPath(True, None)
    if 0 in standby:
        return LockPath(True, 0)
    return LockPath(True, max(standby))


def _int(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None
