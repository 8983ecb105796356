"""screen_lock probe: parsers over recorded outputs, runner over a fake machine."""

from __future__ import annotations

import pytest
from fakehost import FakeHost, Reply, fixture

from securecheck.probes.platform.parsers import parse_reg_query, reg_int
from securecheck.probes.screen_lock import runner as screen_lock
from securecheck.probes.screen_lock.parsers import (
    GSETTINGS_DESKTOPS,
    POWERCFG_CONSOLELOCK,
    POWERCFG_STANDBYIDLE,
    LockPath,
    ScreenLock,
    combine,
    desktop_key,
    gsettings_lock,
    gvariant_int,
    kde_lock,
    macos_lock,
    memory_backend,
    parse_gsettings_list,
    parse_kde_config,
    parse_pmset_displaysleep,
    parse_powercfg_setting,
    parse_sysadminctl_screenlock,
    windows_inactivity_limit,
    windows_screen_saver,
    windows_sign_in_on_wake,
)

GNOME = GSETTINGS_DESKTOPS["gnome"]
MATE = GSETTINGS_DESKTOPS["mate"]
CINNAMON = GSETTINGS_DESKTOPS["cinnamon"]
GUI = {"DISPLAY": ":0", "XDG_CURRENT_DESKTOP": "ubuntu:GNOME", "HOME": "/home/alice"}


def fx(name: str) -> str:
    return fixture(f"screen_lock/{name}")


def gs(desktop: str, part: str, variant: str = "default") -> dict[str, str]:
    schema = {
        "screensaver": GSETTINGS_DESKTOPS[desktop].screensaver,
        "session": GSETTINGS_DESKTOPS[desktop].session,
        "lockdown": GSETTINGS_DESKTOPS[desktop].lockdown,
    }[part]
    return parse_gsettings_list(fx(f"linux_gsettings_{desktop}_{part}_{variant}.txt"), schema)


# --- combining ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paths", "expected"),
    [
        ([LockPath(True, 600)], ScreenLock(True, 600)),
        ([LockPath(True, 600), LockPath(True, 300)], ScreenLock(True, 300)),
        ([LockPath(False), LockPath(True, 300)], ScreenLock(True, 300)),
        ([LockPath(False), LockPath(False)], ScreenLock(False, None)),
        ([LockPath(False), None], ScreenLock(None, None)),
        ([LockPath(True, 0)], ScreenLock(True, 0)),
        ([LockPath(True, 0), None], ScreenLock(True, None)),
        ([LockPath(True, None)], ScreenLock(True, None)),
        ([LockPath(True, 900), None], ScreenLock(True, 900)),
        ([None], ScreenLock(None, None)),
    ],
)
def test_combine_never_guesses_shorter_or_absent_locks(
    paths: list[LockPath | None], expected: ScreenLock
) -> None:
    assert combine(paths) == expected


# --- GNOME family ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "desktop"),
    [
        ("ubuntu:GNOME", "gnome"),
        ("GNOME", "gnome"),
        ("X-Cinnamon", "cinnamon"),
        ("MATE", "mate"),
        ("KDE", "kde"),
        ("Budgie:GNOME", "gnome"),
        ("XFCE", None),
        ("", None),
    ],
)
def test_desktop_from_xdg_current_desktop(value: str, desktop: str | None) -> None:
    assert desktop_key(value) == desktop


def test_gsettings_list_keeps_only_the_asked_schema() -> None:
    values = parse_gsettings_list(fx("linux_gsettings_mate_session_default.txt"), MATE.session)
    assert values["idle-delay"] == "5"
    assert "windowmanager" not in values  # from org.mate.session.required-components


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("uint32 300", 300),
        ("300", 300),
        ("int32 -1", -1),
        ("'x'", None),
        ("", None),
        ("uint32", None),
    ],
)
def test_gvariant_integers(raw: str, value: int | None) -> None:
    assert gvariant_int(raw) == value


def test_gnome_defaults_lock_after_five_minutes() -> None:
    path = gsettings_lock(
        GNOME, gs("gnome", "screensaver"), gs("gnome", "session"), gs("gnome", "lockdown")
    )
    assert path == LockPath(True, 300)


def test_gnome_lock_delay_adds_to_the_blank_time() -> None:
    path = gsettings_lock(
        GNOME,
        gs("gnome", "screensaver", "delay30"),
        gs("gnome", "session", "idle900"),
        gs("gnome", "lockdown"),
    )
    assert path == LockPath(True, 930)


def test_gnome_lock_disabled() -> None:
    path = gsettings_lock(
        GNOME,
        gs("gnome", "screensaver", "lock_off_delay30"),
        gs("gnome", "session"),
        gs("gnome", "lockdown"),
    )
    assert path == LockPath(False)


def test_gnome_lockdown_forbidding_the_lock_wins() -> None:
    path = gsettings_lock(
        GNOME,
        gs("gnome", "screensaver"),
        gs("gnome", "session"),
        gs("gnome", "lockdown", "lock_forbidden"),
    )
    assert path == LockPath(False)


def test_gnome_idle_never_is_armed_but_never_triggers() -> None:
    path = gsettings_lock(
        GNOME, gs("gnome", "screensaver"), gs("gnome", "session", "idle0"), gs("gnome", "lockdown")
    )
    assert path == LockPath(True, 0)


def test_cinnamon_defaults_and_lock_off() -> None:
    args = (gs("cinnamon", "session"), gs("cinnamon", "lockdown"))
    assert gsettings_lock(CINNAMON, gs("cinnamon", "screensaver"), *args) == LockPath(True, 900)
    assert gsettings_lock(CINNAMON, gs("cinnamon", "screensaver", "lock_off"), *args) == LockPath(
        False
    )


def test_mate_counts_in_minutes() -> None:
    lockdown = gs("mate", "lockdown")
    assert gsettings_lock(
        MATE, gs("mate", "screensaver"), gs("mate", "session"), lockdown
    ) == LockPath(True, 300)
    assert gsettings_lock(
        MATE, gs("mate", "screensaver", "lockdelay2"), gs("mate", "session", "10min"), lockdown
    ) == LockPath(True, 720)


def test_mate_without_idle_activation_never_locks_by_itself() -> None:
    path = gsettings_lock(
        MATE,
        gs("mate", "screensaver", "no_idle_activation"),
        gs("mate", "session"),
        gs("mate", "lockdown"),
    )
    assert path == LockPath(True, 0)


def test_gsettings_missing_keys_are_none() -> None:
    assert gsettings_lock(GNOME, {}, gs("gnome", "session"), {}) is None
    assert gsettings_lock(GNOME, gs("gnome", "screensaver"), {"idle-delay": "'x'"}, {}) is None


def test_memory_backend_warning_is_recognised() -> None:
    warning = (
        "GLib-GIO-Message: 10:00:00.000: Using the 'memory' GSettings backend.  Your "
        "settings will not be saved or shared with other applications.\n"
    )
    assert memory_backend(warning)
    assert not memory_backend("")


# --- KDE ------------------------------------------------------------------------------------


def kde(*names: str) -> LockPath | None:
    return kde_lock([parse_kde_config(fx(f"linux_kscreenlockerrc_{n}.txt")) for n in names])


def test_kde_without_lock_settings_uses_the_defaults() -> None:
    assert kde("only_wallpaper") == LockPath(True, 300)
    assert kde_lock([]) == LockPath(True, 300)


def test_kde_timeout_in_minutes_and_autolock_off() -> None:
    assert kde("timeout10") == LockPath(True, 600)
    assert kde("autolock_off") == LockPath(False)


def test_kde_user_file_overrides_the_system_file() -> None:
    assert kde("system_immutable") == LockPath(True, 180)
    assert kde("system_immutable", "timeout10") == LockPath(True, 600)


def test_kde_garbage_values_are_none() -> None:
    assert kde_lock([{("Daemon", "Timeout"): "soon"}]) is None
    assert kde_lock([{("Daemon", "Autolock"): "maybe"}]) is None


# --- macOS ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "delay"),
    [("300s", 300), ("immediate", 0), ("off", -1), ("minus1", -1)],
)
def test_sysadminctl_screenlock(name: str, delay: int) -> None:
    assert parse_sysadminctl_screenlock(fx(f"macos_sysadminctl_{name}.stderr")) == delay


def test_sysadminctl_garbage_is_none() -> None:
    assert parse_sysadminctl_screenlock("Error: unknown option") is None


def test_pmset_displaysleep() -> None:
    assert parse_pmset_displaysleep(fx("macos_pmset_g.txt")) == 10
    assert parse_pmset_displaysleep(fx("macos_pmset_g_display_never.txt")) == 0
    assert parse_pmset_displaysleep("garbage") is None


@pytest.mark.parametrize(
    ("delay", "idle", "display", "expected"),
    [
        (0, 1200, 10, LockPath(True, 600)),
        (300, 120, 10, LockPath(True, 420)),
        (-1, 120, 10, LockPath(False)),
        (0, None, 10, LockPath(True, 600)),
        (0, 0, 0, LockPath(True, 0)),
        (0, None, 0, LockPath(True, None)),
        (0, 0, None, LockPath(True, None)),
    ],
)
def test_macos_lock_follows_the_first_of_screen_saver_and_display_sleep(
    delay: int, idle: int | None, display: int | None, expected: LockPath
) -> None:
    assert macos_lock(delay, idle, display) == expected


# --- Windows --------------------------------------------------------------------------------


def test_reg_query_values_of_the_first_key_only() -> None:
    values = parse_reg_query(fx("windows_reg_desktop_secure_saver_600.txt"))
    assert values["screensavetimeout"].data == "600"
    assert values["scrnsave.exe"].data == "C:\\Windows\\system32\\Mystify.scr"
    assert values["pattern upgrade"].data == "TRUE"
    assert "colors" not in values
    assert (
        reg_int(parse_reg_query(fx("windows_reg_inactivity_900.txt"))["inactivitytimeoutsecs"])
        == 900
    )


def test_windows_secure_screen_saver() -> None:
    user = parse_reg_query(fx("windows_reg_desktop_secure_saver_600.txt"))
    assert windows_screen_saver(user, {}) == LockPath(True, 600)


def test_windows_screen_saver_without_a_program_does_not_lock() -> None:
    user = parse_reg_query(fx("windows_reg_desktop_no_saver.txt"))
    assert windows_screen_saver(user, {}) == LockPath(False)


def test_windows_policy_overrides_the_user_screen_saver() -> None:
    user = parse_reg_query(fx("windows_reg_desktop_no_saver.txt"))
    policy = parse_reg_query(fx("windows_reg_policy_saver_300.txt"))
    assert windows_screen_saver(user, policy) == LockPath(True, 300)


def test_windows_inactivity_limit() -> None:
    assert windows_inactivity_limit(parse_reg_query(fx("windows_reg_inactivity_900.txt"))) == (
        LockPath(True, 900)
    )
    assert windows_inactivity_limit({}) == LockPath(False)


@pytest.mark.parametrize(
    ("name", "guid", "values"),
    [
        ("windows_powercfg_consolelock_en.txt", POWERCFG_CONSOLELOCK, (1, 1)),
        ("windows_powercfg_consolelock_zh.txt", POWERCFG_CONSOLELOCK, (1, 0)),
        ("windows_powercfg_standbyidle_en.txt", POWERCFG_STANDBYIDLE, (1800, 900)),
        ("windows_powercfg_standbyidle_de_never_ac.txt", POWERCFG_STANDBYIDLE, (0, 900)),
    ],
)
def test_powercfg_values_are_read_by_position_in_any_language(
    name: str, guid: str, values: tuple[int, int]
) -> None:
    assert parse_powercfg_setting(fx(name), guid) == values


def test_powercfg_for_another_setting_is_none() -> None:
    assert (
        parse_powercfg_setting(fx("windows_powercfg_consolelock_en.txt"), POWERCFG_STANDBYIDLE)
        is None
    )


@pytest.mark.parametrize(
    ("consolelock", "standby", "expected"),
    [
        ((1, 1), (1800, 900), LockPath(True, 1800)),
        ((1, 0), (1800, 900), LockPath(False)),
        ((1, 1), (0, 900), LockPath(True, 0)),
        ((1, 1), None, LockPath(True, None)),
        (None, (1800, 900), None),
    ],
)
def test_sign_in_on_wake_takes_the_worst_power_source(
    consolelock: tuple[int, int] | None, standby: tuple[int, int] | None, expected: LockPath | None
) -> None:
    assert windows_sign_in_on_wake(consolelock, standby) == expected


# --- runner: Linux --------------------------------------------------------------------------


def gnome_host(**overrides: str | Reply) -> FakeHost:
    commands: dict[str, str | Reply] = {
        f"gsettings list-recursively {GNOME.screensaver}": fx(
            "linux_gsettings_gnome_screensaver_default.txt"
        ),
        f"gsettings list-recursively {GNOME.session}": fx(
            "linux_gsettings_gnome_session_default.txt"
        ),
        f"gsettings list-recursively {GNOME.lockdown}": fx(
            "linux_gsettings_gnome_lockdown_default.txt"
        ),
    }
    for part, reply in overrides.items():
        commands[f"gsettings list-recursively {getattr(GNOME, part)}"] = reply
    return FakeHost(commands=commands, environ=GUI)


def test_headless_linux_is_not_applicable() -> None:
    out = screen_lock.run(FakeHost(environ={"HOME": "/root"}))
    assert not out.applicable
    assert out.reason is not None and "no graphical session" in out.reason.get("en")


def test_gnome_defaults() -> None:
    assert screen_lock.run(gnome_host()).facts == {"enabled": True, "idle_delay_s": 300}


def test_gnome_lock_off_reports_disabled_and_no_delay() -> None:
    out = screen_lock.run(
        gnome_host(screensaver=fx("linux_gsettings_gnome_screensaver_lock_off_delay30.txt"))
    )
    assert out.facts == {"enabled": False}
    assert "no automatic screen lock" in out.why_unknown("idle_delay_s").get("en")


def test_gnome_idle_never_reports_zero() -> None:
    out = screen_lock.run(gnome_host(session=fx("linux_gsettings_gnome_session_idle0.txt")))
    assert out.facts == {"enabled": True, "idle_delay_s": 0}


@pytest.mark.parametrize(
    ("reply", "needle"),
    [
        (Reply(stderr=fx("linux_gsettings_no_schema.stderr"), code=1), "No such schema"),
        (Reply(timeout=True), "timed out"),
        (Reply("garbage\n"), "could not understand"),
        (
            Reply(
                fx("linux_gsettings_gnome_session_default.txt"),
                stderr="Using the 'memory' GSettings backend.",
            ),
            "only defaults",
        ),
    ],
)
def test_gsettings_faults_are_unknown(reply: Reply, needle: str) -> None:
    out = screen_lock.run(gnome_host(session=reply))
    assert out.facts == {}
    assert out.reason is not None and needle in out.reason.get("en")


def test_gsettings_missing_is_unknown() -> None:
    out = screen_lock.run(FakeHost(environ=GUI))
    assert out.facts == {} and out.reason is not None
    assert "gsettings is not installed" in out.reason.get("en")


def test_sudo_is_unknown_rather_than_root_settings() -> None:
    host = gnome_host()
    host.environ = {**GUI, "SUDO_USER": "alice"}
    out = screen_lock.run(host)
    assert out.facts == {} and out.reason is not None and "sudo" in out.reason.get("en")


def test_unsupported_desktop_is_unknown_and_named() -> None:
    out = screen_lock.run(FakeHost(environ={"DISPLAY": ":0", "XDG_CURRENT_DESKTOP": "XFCE"}))
    assert out.facts == {} and out.reason is not None and "XFCE" in out.reason.get("en")


KDE_ENV = {"WAYLAND_DISPLAY": "wayland-0", "XDG_CURRENT_DESKTOP": "KDE", "HOME": "/home/alice"}
KDE_USER = "/home/alice/.config/kscreenlockerrc"


def test_kde_user_file() -> None:
    host = FakeHost(environ=KDE_ENV, files={KDE_USER: fx("linux_kscreenlockerrc_autolock_off.txt")})
    assert screen_lock.run(host).facts == {"enabled": False}


def test_kde_without_any_file_uses_defaults() -> None:
    out = screen_lock.run(FakeHost(environ=KDE_ENV))
    assert out.facts == {"enabled": True, "idle_delay_s": 300}


def test_kde_honours_xdg_config_home_and_system_layer() -> None:
    env = {**KDE_ENV, "XDG_CONFIG_HOME": "/cfg"}
    host = FakeHost(
        environ=env,
        files={
            "/etc/xdg/kscreenlockerrc": fx("linux_kscreenlockerrc_system_immutable.txt"),
            KDE_USER: fx(
                "linux_kscreenlockerrc_autolock_off.txt"
            ),  # not read: XDG_CONFIG_HOME wins
        },
    )
    assert screen_lock.run(host).facts == {"enabled": True, "idle_delay_s": 180}


def test_kde_unreadable_file_is_unknown() -> None:
    out = screen_lock.run(FakeHost(environ=KDE_ENV, unreadable=[KDE_USER]))
    assert out.facts == {} and out.reason is not None
    assert "permission denied" in out.reason.get("en")


def test_kde_garbage_value_is_unknown() -> None:
    host = FakeHost(environ=KDE_ENV, files={KDE_USER: "[Daemon]\nTimeout=soon\n"})
    out = screen_lock.run(host)
    assert out.facts == {} and out.reason is not None


# --- runner: macOS --------------------------------------------------------------------------

SYSADMINCTL = " ".join(screen_lock.SYSADMINCTL)
IDLE = " ".join(screen_lock.SCREENSAVER_IDLE)
PMSET = " ".join(screen_lock.PMSET)


def mac_host(
    sysadminctl: Reply | None, idle: Reply | None = None, pmset: Reply | None = None
) -> FakeHost:
    commands = {SYSADMINCTL: sysadminctl, IDLE: idle, PMSET: pmset}
    return FakeHost(system="macos", commands={k: v for k, v in commands.items() if v is not None})


def test_macos_lock_after_screen_saver() -> None:
    host = mac_host(
        Reply(stderr=fx("macos_sysadminctl_immediate.stderr")),
        Reply(fx("macos_defaults_idletime_1200.txt")),
        Reply(fx("macos_pmset_g.txt")),
    )
    assert screen_lock.run(host).facts == {"enabled": True, "idle_delay_s": 600}


def test_macos_unset_screen_saver_uses_display_sleep() -> None:
    host = mac_host(
        Reply(stderr=fx("macos_sysadminctl_300s.stderr")),
        Reply(stderr=fx("macos_defaults_idletime_unset.stderr"), code=1),
        Reply(fx("macos_pmset_g.txt")),
    )
    out = screen_lock.run(host)
    assert out.facts == {"enabled": True, "idle_delay_s": 900}
    assert out.reason is None


def test_macos_lock_off() -> None:
    host = mac_host(
        Reply(stderr=fx("macos_sysadminctl_off.stderr")),
        Reply(fx("macos_defaults_idletime_1200.txt")),
        Reply(fx("macos_pmset_g.txt")),
    )
    assert screen_lock.run(host).facts == {"enabled": False}


def test_macos_without_pmset_keeps_the_delay_unknown_when_nothing_bounds_it() -> None:
    host = mac_host(
        Reply(stderr=fx("macos_sysadminctl_immediate.stderr")),
        Reply(stderr=fx("macos_defaults_idletime_unset.stderr"), code=1),
    )
    out = screen_lock.run(host)
    assert out.facts == {"enabled": True}
    assert "pmset is not installed" in out.why_unknown("idle_delay_s").get("en")


@pytest.mark.parametrize("reply", [None, Reply(timeout=True), Reply(code=1), Reply("nonsense")])
def test_macos_sysadminctl_faults_are_unknown(reply: Reply | None) -> None:
    out = screen_lock.run(mac_host(reply, Reply("1200\n"), Reply(fx("macos_pmset_g.txt"))))
    assert out.facts == {} and out.reason is not None


# --- runner: Windows ------------------------------------------------------------------------

REG_DESKTOP = " ".join(screen_lock.REG_DESKTOP)
REG_POLICY = " ".join(screen_lock.REG_DESKTOP_POLICY)
REG_LIMIT = " ".join(screen_lock.REG_INACTIVITY)
CONSOLELOCK = " ".join(screen_lock.POWERCFG_CONSOLELOCK_Q)
STANDBY = " ".join(screen_lock.POWERCFG_STANDBY_Q)
MISSING = Reply(stderr=fixture("screen_lock/windows_reg_missing_de.stderr"), code=1)


def win_host(**replies: Reply | None) -> FakeHost:
    commands: dict[str, Reply | None] = {
        REG_DESKTOP: Reply(fx("windows_reg_desktop_no_saver.txt")),
        REG_POLICY: MISSING,
        REG_LIMIT: MISSING,
        CONSOLELOCK: Reply(fx("windows_powercfg_consolelock_en.txt")),
        STANDBY: Reply(fx("windows_powercfg_standbyidle_en.txt")),
    }
    names = {
        "desktop": REG_DESKTOP,
        "policy": REG_POLICY,
        "limit": REG_LIMIT,
        "consolelock": CONSOLELOCK,
        "standby": STANDBY,
    }
    for key, reply in replies.items():
        commands[names[key]] = reply
    return FakeHost(system="windows", commands={k: v for k, v in commands.items() if v})


def test_windows_sign_in_on_wake_after_the_longest_sleep_timeout() -> None:
    assert screen_lock.run(win_host()).facts == {"enabled": True, "idle_delay_s": 1800}


def test_windows_shortest_of_several_locks_wins() -> None:
    host = win_host(
        desktop=Reply(fx("windows_reg_desktop_secure_saver_600.txt")),
        limit=Reply(fx("windows_reg_inactivity_900.txt")),
    )
    assert screen_lock.run(host).facts == {"enabled": True, "idle_delay_s": 600}


def test_windows_nothing_locks() -> None:
    host = win_host(consolelock=Reply(fx("windows_powercfg_consolelock_zh.txt")))
    out = screen_lock.run(host)
    assert out.facts == {"enabled": False}


def test_windows_unreadable_path_turns_a_no_into_unknown() -> None:
    host = win_host(
        consolelock=Reply(fx("windows_powercfg_consolelock_zh.txt")), limit=Reply(timeout=True)
    )
    out = screen_lock.run(host)
    assert out.facts == {}
    assert out.reason is not None and "inactivity limit" in out.reason.get("en")


def test_windows_without_powercfg_still_uses_the_screen_saver() -> None:
    host = win_host(
        desktop=Reply(fx("windows_reg_desktop_secure_saver_600.txt")),
        consolelock=None,
        standby=None,
    )
    out = screen_lock.run(host)
    assert out.facts == {"enabled": True, "idle_delay_s": 600}
    assert out.reason is not None and "sign-in is required on wake" in out.reason.get("en")


def test_windows_everything_failing_is_unknown() -> None:
    out = screen_lock.run(FakeHost(system="windows"))
    assert out.facts == {} and out.reason is not None


def test_other_systems_are_not_applicable() -> None:
    assert not screen_lock.run(FakeHost(system="freebsd")).applicable
