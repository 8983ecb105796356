"""os_updates probe: package-manager / Software Update / Windows Update output in, counts out."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fakehost import FakeHost, Reply, fixture

from securecheck.core.model import ProbeOutcome
from securecheck.probes.host import FileStat
from securecheck.probes.os_updates import runner as os_updates
from securecheck.probes.os_updates.apt import parse_apt_config, parse_apt_simulation
from securecheck.probes.os_updates.linux import ZYPP_RAW
from securecheck.probes.os_updates.parsers import (
    parse_checkupdates,
    parse_dnf_check_update,
    parse_dnf_security,
    parse_softwareupdate,
    parse_wu_search,
    parse_zypper_updates,
)
from securecheck.probes.platform.parsers import parse_systemctl_is_enabled

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
APT = "apt-get -s dist-upgrade"
APT_CONFIG = "apt-config dump APT::Periodic"
APT_TIMER = "systemctl is-enabled apt-daily-upgrade.timer"
APT_LIST = "/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4"
DNF = "dnf -q -C check-update"
DNF_SEC = "dnf -q -C updateinfo list --security"
ZYPPER = "zypper --non-interactive --no-refresh --xmlout"
SU = "softwareupdate -l"
SW_VERS = "sw_vers -productVersion"
PREFS = "defaults read /Library/Preferences/com.apple.SoftwareUpdate"
WU = " ".join(os_updates.WU_SEARCH)
REG_POLICY = f"reg query {os_updates.WU_POLICY_KEY}"
REG_SERVICE = f"reg query {os_updates.WU_SERVICE_KEY}"
REG_PAUSE = f"reg query {os_updates.WU_PAUSE_KEY}"
NO_KEY = Reply("", "ERROR: The system was unable to find the specified registry key or value.", 1)


def f(name: str) -> str:
    return fixture(f"os_updates/{name}")


def assess(host: FakeHost, now: datetime = NOW) -> ProbeOutcome:
    return os_updates.assess(host, now)


# --- parsers ------------------------------------------------------------------------------


def test_apt_counts_inst_lines_and_security_origins() -> None:
    counts = parse_apt_simulation(f("apt_debian12_dist_upgrade.txt"))
    assert counts is not None
    assert (counts.pending, counts.security) == (128, 81)


def test_apt_on_ubuntu_counts_new_kernel_packages_and_security_pocket() -> None:
    counts = parse_apt_simulation(f("apt_ubuntu2204_dist_upgrade.txt"))
    assert counts is not None
    assert (counts.pending, counts.security) == (6, 5)


def test_truncated_apt_output_is_not_read_as_fewer_updates() -> None:
    text = f("apt_debian12_dist_upgrade.txt")
    cut = text[: text.index("Inst bash")]
    assert parse_apt_simulation(cut) is None
    assert parse_apt_simulation("") is None
    assert parse_apt_simulation("E: Could not open lock file\n") is None


def test_apt_config_dump() -> None:
    assert parse_apt_config(f("apt_config_periodic_enabled.txt")) == {
        "APT::Periodic": "",
        "APT::Periodic::Update-Package-Lists": "1",
        "APT::Periodic::Unattended-Upgrade": "1",
    }
    assert parse_apt_config(f("apt_config_periodic_unset.txt")) == {}
    assert parse_apt_config("Segmentation fault\n") is None


@pytest.mark.parametrize(
    ("stdout", "state"),
    [("enabled\n", "enabled"), ("disabled\n", "disabled"), ("masked\n", "disabled"),
     ("", "missing"), ("bogus\n", None)],
)  # fmt: skip
def test_systemctl_is_enabled_states(stdout: str, state: str | None) -> None:
    assert parse_systemctl_is_enabled(stdout) == state


def test_dnf4_check_update_joins_wrapped_names_and_skips_obsoletes() -> None:
    assert parse_dnf_check_update(f("dnf4_check_update.txt")) == 4


def test_dnf5_check_update() -> None:
    assert parse_dnf_check_update(f("dnf5_check_update.txt")) == 3


@pytest.mark.parametrize("text", ["Error: Failed to download metadata\n", "a b c d e\n"])
def test_dnf_check_update_garbage_is_unparseable(text: str) -> None:
    assert parse_dnf_check_update(text) is None


def test_dnf_security_counts_each_package_once_in_both_formats() -> None:
    assert parse_dnf_security(f("dnf4_updateinfo_security.txt")) == 3
    assert parse_dnf_security(f("dnf5_updateinfo_security.txt")) == 2
    assert parse_dnf_security("") == 0
    assert parse_dnf_security("Traceback (most recent call last):\n") is None


def test_zypper_xml_counts_packages_and_needed_security_patches() -> None:
    assert parse_zypper_updates(f("zypper_list_updates.xml")) == 2
    assert parse_zypper_updates(f("zypper_list_patches_security.xml"), security_only=True) == 1
    assert parse_zypper_updates(f("zypper_no_updates.xml")) == 0
    assert parse_zypper_updates("<stream><update-status><update-list>") is None
    assert parse_zypper_updates("Repository 'x' is out-of-date.\n") is None


def test_checkupdates_lines() -> None:
    assert parse_checkupdates(f("checkupdates.txt")) == 2
    assert parse_checkupdates("==> ERROR: Cannot fetch updates\n") is None


def test_softwareupdate_new_format_counts_macos_and_safari_updates_as_security() -> None:
    text = f("softwareupdate_tahoe_stdout.txt") + f("softwareupdate_tahoe_stderr.txt")
    counts = parse_softwareupdate(text, "26")
    assert counts is not None
    assert (counts.pending, counts.security) == (3, 2)  # not the Command Line Tools


def test_softwareupdate_major_upgrade_is_pending_but_not_a_security_fix() -> None:
    counts = parse_softwareupdate(f("softwareupdate_sequoia_with_upgrade_stdout.txt"), "15")
    assert counts is not None
    assert (counts.pending, counts.security) == (2, 1)


def test_softwareupdate_old_format() -> None:
    counts = parse_softwareupdate(f("softwareupdate_mojave_old_format.txt"), "10.14")
    assert counts is not None
    assert (counts.pending, counts.security) == (3, 2)  # Security Update and Safari, not iTunes


def test_softwareupdate_rapid_security_response_is_security() -> None:
    text = (
        "Software Update found the following new or updated software:\n"
        "* Label: macOS Ventura 13.4.1 (a)-22F770820d\n"
        "\tTitle: Rapid Security Response (a), Version: 13.4.1 (a), Size: 100KiB, "
        "Recommended: YES, Action: restart,\n"
    )
    counts = parse_softwareupdate(text, "13")
    assert counts is not None and counts.security == 1


def test_softwareupdate_zero_needs_the_explicit_sentence() -> None:
    counts = parse_softwareupdate(f("softwareupdate_none_stderr.txt"), "15")
    assert counts is not None and (counts.pending, counts.security) == (0, 0)
    # Only the chatter (no answer) or a header without items: cannot tell.
    assert parse_softwareupdate(f("softwareupdate_tahoe_stderr.txt"), "26") is None
    header = "Software Update found the following new or updated software:\n"
    assert parse_softwareupdate(header, "26") is None
    assert parse_softwareupdate("Cannot connect to the server\n", "26") is None


def test_windows_update_security_by_severity_or_category_id() -> None:
    parsed = parse_wu_search(f("windows_wu_search.json"))
    assert parsed is not None
    assert (parsed.counts.pending, parsed.counts.security) == (3, 1)
    assert parsed.last_search == datetime(2026, 11, 23, 6, 12, 40, tzinfo=UTC)


@pytest.mark.parametrize("text", ["", "not json", "[]", '{"Updates": 3}', '{"Updates": [1]}'])
def test_windows_update_garbage_is_unparseable(text: str) -> None:
    assert parse_wu_search(text) is None


# --- apt ----------------------------------------------------------------------------------


def apt_host(**overrides: Reply | str) -> FakeHost:
    commands: dict[str, Reply | str] = {
        APT: f("apt_debian12_dist_upgrade.txt"),
        APT_CONFIG: f("apt_config_periodic_enabled.txt"),
        APT_TIMER: f("systemctl_is_enabled_apt_daily_upgrade.txt"),
    }
    commands.update(overrides)
    return FakeHost(
        system="linux",
        commands=commands,
        files={APT_LIST: ""},
        tools={"unattended-upgrade"},
        dirs={"/run/systemd/system"},
    )


def test_apt_machine_with_unattended_upgrades() -> None:
    out = assess(apt_host())
    assert out.facts == {
        "package_manager": "apt",
        "pending_updates": 128,
        "pending_security_updates": 81,
        "automatic_updates": True,
    }


def test_apt_without_downloaded_lists_is_unknown_even_if_apt_says_zero() -> None:
    host = apt_host(**{APT: f("apt_no_lists_dist_upgrade.txt")})
    host.files = {}
    out = assess(host)
    assert "pending_updates" not in out.facts
    assert "pending_security_updates" not in out.facts
    assert "apt update" in out.why_unknown("pending_updates").get("en")


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        (Reply(timeout=True), "timed out"),
        (Reply("", "E: Permission denied", 100), "exited with code 100"),
        (Reply("garbage\n"), "could not understand"),
    ],
)
def test_apt_failures_leave_counts_unknown(reply: Reply, expected: str) -> None:
    out = assess(apt_host(**{APT: reply}))
    assert "pending_updates" not in out.facts
    assert expected in out.why_unknown("pending_security_updates").get("en")


@pytest.mark.parametrize(
    ("config", "expected"),
    [("apt_config_periodic_unset.txt", "Unattended-Upgrade is off"),
     ("apt_config_periodic_disabled.txt", "Unattended-Upgrade is off")],
)  # fmt: skip
def test_apt_unattended_upgrades_off(config: str, expected: str) -> None:
    out = assess(apt_host(**{APT_CONFIG: f(config)}))
    assert out.facts["automatic_updates"] is False
    assert expected in out.fact_reasons["automatic_updates"].get("en")


def test_apt_periodic_on_but_package_missing_is_off() -> None:
    host = apt_host()
    host.tools = ()
    out = assess(host)
    assert out.facts["automatic_updates"] is False
    assert "not installed" in out.fact_reasons["automatic_updates"].get("en")


def test_apt_disabled_timer_stops_unattended_upgrades() -> None:
    out = assess(apt_host(**{APT_TIMER: Reply("disabled\n", code=1)}))
    assert out.facts["automatic_updates"] is False


def test_apt_without_systemd_needs_a_running_cron() -> None:
    host = apt_host()
    host.dirs = ()
    host.files = {APT_LIST: "", "/proc/1/comm": "process_api\n", "/proc/7/comm": "bash\n"}
    out = assess(host)
    assert out.facts["automatic_updates"] is False
    assert "neither systemd nor cron" in out.fact_reasons["automatic_updates"].get("en")
    host.files = {**host.files, "/proc/9/comm": "cron\n"}
    assert assess(host).facts["automatic_updates"] is True
    host.files = {APT_LIST: ""}  # no /proc at all
    out = assess(host)
    assert "automatic_updates" not in out.facts
    assert "process list" in out.why_unknown("automatic_updates").get("en")


def test_apt_config_failure_leaves_automatic_unknown() -> None:
    out = assess(apt_host(**{APT_CONFIG: "garbage line\n"}))
    assert "automatic_updates" not in out.facts
    assert out.facts["pending_updates"] == 128


def test_no_package_manager_means_every_fact_unknown() -> None:
    out = assess(FakeHost(system="linux"))
    assert out.facts == {}
    assert out.reason is not None and "no supported package manager" in out.reason.get("en")


# --- dnf, zypper, pacman ------------------------------------------------------------------


DNF_REPO = "/var/cache/dnf/baseos-1a2b3c4d5e6f7a8b"
FRESH = FileStat(1000, int((NOW.timestamp() - 3600) * 1e9))  # refreshed an hour ago


def dnf_host(
    check: Reply | str, sec: Reply | str = "", conf: str | None = None, updateinfo: bool = True
) -> FakeHost:
    missing = Reply("", "Failed to get unit file state: No such file or directory", 1)
    commands: dict[str, Reply | str] = {
        DNF: check,
        DNF_SEC: sec,
        "systemctl is-enabled dnf-automatic-install.timer": missing,
        "systemctl is-enabled dnf-automatic.timer": Reply("enabled\n") if conf else missing,
        "systemctl is-enabled dnf5-automatic.timer": missing,
    }
    files = {"/etc/dnf/automatic.conf": conf} if conf else {}
    metadata = "baseos-updateinfo.xml.zck" if updateinfo else "baseos-primary.xml.zck"
    files[f"{DNF_REPO}/repodata/repomd.xml"] = ""
    files[f"{DNF_REPO}/repodata/{metadata}"] = ""
    return FakeHost(system="linux", commands=commands, files=files, stats={DNF_REPO: FRESH})


def test_dnf4_counts_and_dnf_automatic_that_installs() -> None:
    host = dnf_host(
        Reply(f("dnf4_check_update.txt"), code=100),
        f("dnf4_updateinfo_security.txt"),
        f("dnf_automatic_apply.conf"),
    )
    assert assess(host).facts == {
        "package_manager": "dnf",
        "pending_updates": 4,
        "pending_security_updates": 3,
        "automatic_updates": True,
    }


def test_dnf5_counts_and_dnf_automatic_that_only_downloads() -> None:
    host = dnf_host(
        Reply(f("dnf5_check_update.txt"), code=100),
        f("dnf5_updateinfo_security.txt"),
        f("dnf_automatic_download_only.conf"),
    )
    out = assess(host)
    assert (out.facts["pending_updates"], out.facts["pending_security_updates"]) == (3, 2)
    assert out.facts["automatic_updates"] is False
    assert "only downloads" in out.fact_reasons["automatic_updates"].get("en")


def test_dnf_nothing_pending_and_no_timer() -> None:
    out = assess(dnf_host(Reply("", code=0)))
    assert (out.facts["pending_updates"], out.facts["pending_security_updates"]) == (0, 0)
    assert out.facts["automatic_updates"] is False


def test_dnf_exit_code_and_list_must_agree() -> None:
    out = assess(dnf_host(Reply("", code=100)))
    assert "pending_updates" not in out.facts


def test_dnf_without_cache_is_unknown_not_zero() -> None:
    reply = Reply("", "Error: Cache-only enabled but no cache for 'fedora'", 1)
    out = assess(dnf_host(reply))
    assert "pending_updates" not in out.facts
    assert "Cache-only enabled" in out.why_unknown("pending_updates").get("en")


def test_zypper_counts() -> None:
    host = FakeHost(
        system="linux",
        commands={
            f"{ZYPPER} list-updates": f("zypper_list_updates.xml"),
            f"{ZYPPER} list-patches --all --category security": Reply(
                f("zypper_list_patches_security.xml"), code=101
            ),
        },
        files={f"{ZYPP_RAW}/repo-update/repodata/repomd.xml": ""},
        stats={f"{ZYPP_RAW}/repo-update": FRESH},
    )
    out = assess(host)
    assert out.facts == {
        "package_manager": "zypper",
        "pending_updates": 2,
        "pending_security_updates": 1,
    }
    assert "transactional-update" in out.why_unknown("automatic_updates").get("en")


def test_zypper_garbage_is_unknown() -> None:
    host = FakeHost(system="linux", commands={f"{ZYPPER} list-updates": "oops"})
    out = assess(host)
    assert "pending_updates" not in out.facts


def test_pacman_with_checkupdates() -> None:
    host = FakeHost(
        system="linux", commands={"checkupdates": f("checkupdates.txt")}, tools={"pacman"}
    )
    out = assess(host)
    assert out.facts == {"package_manager": "pacman", "pending_updates": 2}
    assert "does not mark" in out.why_unknown("pending_security_updates").get("en")
    host.commands = {"checkupdates": Reply("", code=2)}
    assert assess(host).facts["pending_updates"] == 0


def test_pacman_without_checkupdates_is_unknown() -> None:
    out = assess(FakeHost(system="linux", tools={"pacman"}))
    assert "pending_updates" not in out.facts
    assert "pacman-contrib" in out.why_unknown("pending_updates").get("en")


# --- macOS --------------------------------------------------------------------------------


def mac_host(su: Reply | str, version: str = "26.1\n", **prefs: Reply | str) -> FakeHost:
    commands: dict[str, Reply | str] = {SW_VERS: version, SU: su}
    for key in (
        "AutomaticCheckEnabled",
        "AutomaticallyInstallMacOSUpdates",
        "CriticalUpdateInstall",
    ):
        commands[f"{PREFS} {key}"] = prefs.get(key, "1\n")
    return FakeHost(system="macos", commands=commands)


def test_macos_updates_waiting_and_automatic_on() -> None:
    su = Reply(f("softwareupdate_tahoe_stdout.txt"), f("softwareupdate_tahoe_stderr.txt"))
    assert assess(mac_host(su)).facts == {
        "package_manager": "softwareupdate",
        "pending_updates": 3,
        "pending_security_updates": 2,
        "automatic_updates": True,
    }


def test_macos_up_to_date() -> None:
    out = assess(mac_host(Reply("", f("softwareupdate_none_stderr.txt")), "15.7.2\n"))
    assert (out.facts["pending_updates"], out.facts["pending_security_updates"]) == (0, 0)


def test_macos_absent_preference_keys_mean_the_default() -> None:
    absent = Reply("", f("defaults_key_absent_stderr.txt"), 1)
    su = Reply("", f("softwareupdate_none_stderr.txt"))
    out = assess(mac_host(su, CriticalUpdateInstall=absent))
    assert out.facts["automatic_updates"] is True
    assert "macOS default" in out.fact_reasons["automatic_updates"].get("en")


def test_macos_one_switch_off_means_not_automatic() -> None:
    su = Reply("", f("softwareupdate_none_stderr.txt"))
    out = assess(mac_host(su, AutomaticallyInstallMacOSUpdates="0\n"))
    assert out.facts["automatic_updates"] is False


@pytest.mark.parametrize(
    ("su", "expected"),
    [
        (Reply(timeout=True), "timed out"),
        (Reply("", f("softwareupdate_tahoe_stderr.txt")), "could not understand"),
        (Reply("", "Error: network", 1), "exited with code 1"),
    ],
)
def test_macos_softwareupdate_failures_are_unknown(su: Reply, expected: str) -> None:
    out = assess(mac_host(su))
    assert "pending_updates" not in out.facts
    assert expected in out.why_unknown("pending_updates").get("en")


def test_macos_unreadable_preference_is_unknown() -> None:
    broken = Reply("", "Operation not permitted", 1)
    out = assess(
        mac_host(Reply("", f("softwareupdate_none_stderr.txt")), CriticalUpdateInstall=broken)
    )
    assert "automatic_updates" not in out.facts


# --- Windows ------------------------------------------------------------------------------


def win_host(wu: Reply | str, policy: Reply | str = NO_KEY, service: Reply | str | None = None,
             pause: Reply | str = NO_KEY) -> FakeHost:  # fmt: skip
    return FakeHost(
        system="windows",
        commands={
            WU: wu,
            REG_POLICY: policy,
            REG_SERVICE: service if service is not None else f("reg_wuauserv_manual.txt"),
            REG_PAUSE: pause,
        },
    )


def test_windows_pending_updates_with_default_automatic_updates() -> None:
    out = assess(win_host(f("windows_wu_search.json")))
    assert out.facts == {
        "package_manager": "windows-update",
        "pending_updates": 3,
        "pending_security_updates": 1,
        "automatic_updates": True,
    }


def test_windows_nothing_pending() -> None:
    out = assess(win_host(f("windows_wu_search_none.json")))
    assert (out.facts["pending_updates"], out.facts["pending_security_updates"]) == (0, 0)


def test_windows_old_scan_cannot_vouch_for_nothing_pending() -> None:
    out = assess(win_host(f("windows_wu_search_stale.json")))
    assert "pending_updates" not in out.facts
    assert "14 days" in out.why_unknown("pending_security_updates").get("en")
    never = '{"LastSearchSuccessDate":null,"Updates":[]}'
    assert "pending_updates" not in assess(win_host(never)).facts


def test_windows_old_scan_still_proves_what_it_found() -> None:
    text = f("windows_wu_search.json").replace("2026-11-23", "2026-08-01")
    out = assess(win_host(text))
    assert (out.facts["pending_updates"], out.facts["pending_security_updates"]) == (3, 1)


@pytest.mark.parametrize(
    ("policy", "service", "pause", "expected"),
    [
        (f("reg_au_policy_notify.txt"), None, NO_KEY, "AUOptions=2"),
        (f("reg_au_policy_disabled.txt"), None, NO_KEY, "NoAutoUpdate=1"),
        (NO_KEY, "\nHKLM\\X\n    Start    REG_DWORD    0x4\n", NO_KEY, "service is disabled"),
        (NO_KEY, None, f("reg_ux_settings_paused.txt"), "paused until 2026-12-11"),
    ],
)
def test_windows_automatic_updates_turned_off(
    policy: Reply | str, service: str | None, pause: Reply | str, expected: str
) -> None:
    out = assess(win_host(f("windows_wu_search_none.json"), policy, service, pause))
    assert out.facts["automatic_updates"] is False
    assert expected in out.fact_reasons["automatic_updates"].get("en")


def test_windows_expired_pause_no_longer_counts() -> None:
    host = win_host(f("windows_wu_search_none.json"), pause=f("reg_ux_settings_paused.txt"))
    later = datetime(2026, 12, 12, tzinfo=UTC)
    assert assess(host, later).facts["automatic_updates"] is True


def test_windows_with_every_tool_missing_is_unknown_never_pass() -> None:
    out = assess(FakeHost(system="windows"))
    assert out.facts == {"package_manager": "windows-update"}
    assert "powershell is not installed" in out.why_unknown("pending_updates").get("en")
    assert "reg is not installed" in out.why_unknown("automatic_updates").get("en")


@pytest.mark.parametrize(
    "wu", [Reply(timeout=True), Reply("Zugriff verweigert"), Reply("", "x", 1)]
)
def test_windows_update_failures_are_unknown(wu: Reply) -> None:
    out = assess(win_host(wu))
    assert "pending_updates" not in out.facts
    assert "pending_security_updates" not in out.facts


def test_windows_registry_timeout_leaves_automatic_unknown() -> None:
    out = assess(win_host(f("windows_wu_search_none.json"), policy=Reply(timeout=True)))
    assert "automatic_updates" not in out.facts
    assert "timed out" in out.why_unknown("automatic_updates").get("en")


def test_other_systems_are_not_applicable() -> None:
    assert assess(FakeHost(system="freebsd")).applicable is False
