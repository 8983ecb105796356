"""remote_access: remote-control apps running, set for unattended access, or installed.

Linux is proven on this machine with a real process; macOS and Windows on fixtures written
from the documented formats (tests/fixtures/remote_access/SOURCES.md)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fakehost import FakeHost, fixture

from securecheck.core import engine
from securecheck.core.model import ProbeOutcome, Result, Status
from securecheck.core.rulepacks import load_rules
from securecheck.probes.gather import run_probe
from securecheck.probes.remote_access.parsers import (
    parse_launchctl_disabled,
    parse_ps_comm,
    parse_reg_services,
    parse_remote_desktop,
    parse_tasklist_csv,
    shipped_catalogue,
)
from securecheck.probes.remote_access.runner import (
    LAUNCHCTL_DISABLED,
    PS_MACOS,
    REG_RDP,
    REG_SERVICES,
    SPEC,
    TASKLIST,
)
from securecheck.probes.system import SystemHost

RULE = next(r for r in load_rules() if r.id == "device.remote_access")
HOME = "/home/alice"


def verdict(outcome: ProbeOutcome) -> Result:
    audit = engine.AuditInput(rules=[RULE], outcomes={"remote_access": outcome})
    return engine.evaluate(RULE, audit)


def key(argv: tuple[str, ...]) -> str:
    return " ".join(argv)


def proc(*names: str) -> dict[str, str]:
    """/proc/<pid>/comm files for processes named `names` (plus a few ordinary ones)."""
    ordinary = ["systemd", "bash", "python3", "Xorg"]
    return {f"/proc/{i + 1}/comm": f"{n}\n" for i, n in enumerate([*ordinary, *names])}


def linux(files: dict[str, str] | None = None, dirs: tuple[str, ...] = ()) -> FakeHost:
    return FakeHost("linux", files=files or proc(), dirs=dirs, environ={"HOME": HOME})


# --- the catalogue and the parsers --------------------------------------------------------


def test_the_catalogue_lists_every_app_the_issue_names() -> None:
    names = " ".join(app.name for app in shipped_catalogue())
    for wanted in (
        "AnyDesk", "TeamViewer", "RustDesk", "ToDesk", "Sunlogin (向日葵)", "UltraViewer",
        "ScreenConnect", "Splashtop", "AnyViewer", "Chrome Remote Desktop", "Screen Sharing",
        "Remote Desktop", "Quick Assist", "VNC", "xrdp",
    ):  # fmt: skip
        assert wanted in names


@pytest.mark.parametrize("name", ["windows_tasklist_en.csv", "windows_tasklist_de.csv"])
def test_tasklist_csv_gives_image_names_whatever_the_display_language(name: str) -> None:
    names = parse_tasklist_csv(fixture(f"remote_access/{name}"))
    assert names is not None and "explorer.exe" in names and "System" in names


def test_a_tasklist_notice_is_no_process_list() -> None:
    assert parse_tasklist_csv(fixture("remote_access/windows_tasklist_no_tasks.txt")) is None
    assert parse_tasklist_csv("") is None


def test_ps_comm_keeps_the_executable_name_of_a_path() -> None:
    names = parse_ps_comm(fixture("remote_access/macos_ps_comm.txt"))
    assert names is not None and {"AnyDesk", "ARDAgent", "loginwindow"} <= names
    assert parse_ps_comm(fixture("remote_access/linux_ps_comm.txt")) is not None
    assert parse_ps_comm('{"blockdevices": [{"na') is None  # not ps output: declined


@pytest.mark.parametrize("name", ["13", "12"])
def test_launchctl_disabled_reads_both_notations(name: str) -> None:
    states = parse_launchctl_disabled(fixture(f"remote_access/macos_launchctl_disabled_{name}.txt"))
    assert states is not None
    assert states["com.apple.screensharing"] is True
    assert states["com.apple.ftp-proxy"] is False


@pytest.mark.parametrize("name", ["windows_reg_services.txt", "windows_reg_services_de.txt"])
def test_reg_services_gives_each_service_its_start_type(name: str) -> None:
    services = parse_reg_services(fixture(f"remote_access/{name}"))
    assert services["teamviewer"] == 2  # its Parameters subkey is not a service
    assert services["anydesk"] == 3
    assert services["screenconnect client (1a2b3c4d5e6f7a8b)"] == 2


def test_remote_desktop_switch() -> None:
    assert parse_remote_desktop(fixture("remote_access/windows_reg_rdp_on.txt")) is True
    assert parse_remote_desktop(fixture("remote_access/windows_reg_rdp_off.txt")) is False
    assert parse_remote_desktop("ERROR: The system was unable to find the value.") is None


# --- Linux ---------------------------------------------------------------------------------


def test_nothing_remote_passes() -> None:
    result = verdict(run_probe(SPEC, linux()))
    assert result.status == Status.PASS, result.message.get("en")


def test_a_running_app_fails_naming_it() -> None:
    result = verdict(run_probe(SPEC, linux(proc("rustdesk"))))
    assert result.status == Status.FAIL
    assert "running now: RustDesk" in result.message.get("en")
    assert "RustDesk" in result.message.get("zh-Hans")


def test_a_process_name_cut_to_15_characters_still_matches() -> None:
    host = linux(proc("chrome-remote-d"))  # the kernel keeps 15 bytes of the name
    outcome = run_probe(SPEC, host)
    assert outcome.facts["running"] == ["Chrome Remote Desktop"]


def test_an_enabled_service_is_unattended_access() -> None:
    files = {
        **proc(),
        "/lib/systemd/system/xrdp.service": "[Unit]\n",
        "/etc/systemd/system/multi-user.target.wants/xrdp.service": "[Unit]\n",
    }
    outcome = run_probe(SPEC, linux(files))
    assert outcome.facts["unattended"] == ["xrdp"]
    assert verdict(outcome).status == Status.FAIL


def test_a_template_unit_instance_counts_for_its_app() -> None:
    files = {
        **proc(),
        f"{HOME}/.config/systemd/user/default.target.wants/vncserver@:1.service": "",
    }
    assert run_probe(SPEC, linux(files)).facts["unattended"] == ["VNC server"]


def test_installed_but_idle_warns() -> None:
    files = {**proc(), "/usr/bin/anydesk": "ELF"}
    result = verdict(run_probe(SPEC, linux(files)))
    assert result.status == Status.WARN
    assert "Installed: AnyDesk" in result.message.get("en")


def test_gnome_remote_desktop_installed_by_default_is_not_flagged() -> None:
    files = {**proc(), "/usr/lib/systemd/user/gnome-remote-desktop.service": "[Unit]\n"}
    # Shipped with every GNOME desktop: only turning sharing on (an enabled unit) counts.
    assert run_probe(SPEC, linux(files)).facts["unattended"] == []


def test_an_anydesk_unattended_password_fails_without_showing_it() -> None:
    conf = fixture("remote_access/linux_anydesk_system_conf_unattended.txt")
    files = {**proc(), "/usr/bin/anydesk": "ELF", "/etc/anydesk/system.conf": conf}
    outcome = run_probe(SPEC, linux(files))
    result = verdict(outcome)
    assert outcome.facts["unattended"] == ["AnyDesk"] and result.status == Status.FAIL
    shown = repr(outcome) + result.message.get("en") + repr(result.evidence)
    assert "9f2c1e6a" not in shown and "0123456789abcdef" not in shown


def test_anydesk_without_a_password_is_only_installed() -> None:
    conf = fixture("remote_access/linux_anydesk_system_conf_attended.txt")
    files = {**proc(), "/usr/bin/anydesk": "ELF", "/etc/anydesk/system.conf": conf}
    assert run_probe(SPEC, linux(files)).facts["unattended"] == []


def test_processes_that_cannot_be_listed_make_it_unknown() -> None:
    host = FakeHost("linux", environ={"HOME": HOME}, tools=["ps"])  # no /proc; ps fails
    result = verdict(run_probe(SPEC, host))
    assert result.status == Status.UNKNOWN
    assert "could not" in result.message.get("en") or "exited" in result.message.get("en")


def test_ps_answers_when_proc_cannot_be_listed() -> None:
    host = FakeHost(
        "linux",
        commands={key(("ps", "-e", "-o", "comm=")): "systemd\nbash\nx11vnc\nps\n"},
        environ={"HOME": HOME},
    )
    assert run_probe(SPEC, host).facts["running"] == ["VNC server"]


@pytest.mark.skipif(sys.platform != "linux", reason="a real Linux process")
def test_a_real_process_named_anydesk_fails_naming_it(tmp_path: Path) -> None:
    fake = tmp_path / "anydesk"
    shutil.copy("/bin/sleep", fake)
    child = subprocess.Popen([str(fake), "60"])
    try:
        # Popen returns once the child is forked; until it has exec'd, /proc still names
        # the parent. Wait for the name a person's process list would show (safety net only).
        comm = Path(f"/proc/{child.pid}/comm")
        deadline = time.monotonic() + 30
        while comm.read_text().strip() != "anydesk" and time.monotonic() < deadline:
            time.sleep(0.01)
        result = verdict(run_probe(SPEC, SystemHost()))
    finally:
        child.kill()
        child.wait()
    assert result.status == Status.FAIL
    assert "running now: AnyDesk" in result.message.get("en")


# --- macOS and Windows (fixtures) ----------------------------------------------------------


def macos(ps: str, launchctl: str, **files: str) -> FakeHost:
    return FakeHost(
        "macos",
        commands={
            key(PS_MACOS): fixture(f"remote_access/{ps}"),
            key(LAUNCHCTL_DISABLED): fixture(f"remote_access/{launchctl}"),
        },
        files=dict(files),
        environ={"HOME": "/Users/alice"},
    )


def test_macos_running_apps_and_remote_management_fail() -> None:
    outcome = run_probe(SPEC, macos("macos_ps_comm.txt", "macos_launchctl_disabled_off.txt"))
    assert outcome.facts["running"] == ["AnyDesk", "macOS Screen Sharing / Remote Management"]


def test_macos_screen_sharing_enabled_in_launchd_is_unattended() -> None:
    for listing in ("macos_launchctl_disabled_13.txt", "macos_launchctl_disabled_12.txt"):
        outcome = run_probe(SPEC, macos("macos_ps_comm_clean.txt", listing))
        assert outcome.facts["unattended"] == ["macOS Screen Sharing / Remote Management"]


def test_macos_a_renamed_app_is_known_by_its_bundle_id() -> None:
    plist = fixture("remote_access/macos_teamviewer_info_plist.xml")
    host = macos(
        "macos_ps_comm_clean.txt",
        "macos_launchctl_disabled_off.txt",
        **{"/Applications/Support Tool.app/Contents/Info.plist": plist},
    )
    outcome = run_probe(SPEC, host)
    assert outcome.facts["installed"] == ["TeamViewer"] and outcome.facts["running"] == []


def test_macos_a_launch_daemon_is_unattended() -> None:
    host = macos(
        "macos_ps_comm_clean.txt",
        "macos_launchctl_disabled_off.txt",
        **{"/Library/LaunchDaemons/com.teamviewer.teamviewer_service.plist": "<plist/>"},
    )
    assert run_probe(SPEC, host).facts["unattended"] == ["TeamViewer"]


def test_macos_clean_passes() -> None:
    outcome = run_probe(SPEC, macos("macos_ps_comm_clean.txt", "macos_launchctl_disabled_off.txt"))
    assert verdict(outcome).status == Status.PASS


WINDOWS_ENV = {
    "USERPROFILE": r"C:\Users\alice",
    "ProgramFiles": r"C:\Program Files",
    "ProgramFiles(x86)": r"C:\Program Files (x86)",
    "ProgramData": r"C:\ProgramData",
    "APPDATA": r"C:\Users\alice\AppData\Roaming",
}


def windows(tasklist: str, services: str, rdp: str, **files: str) -> FakeHost:
    return FakeHost(
        "windows",
        commands={
            key(TASKLIST): fixture(f"remote_access/{tasklist}"),
            key(REG_SERVICES): fixture(f"remote_access/{services}"),
            key(REG_RDP): fixture(f"remote_access/{rdp}"),
        },
        files=dict(files),
        environ=WINDOWS_ENV,
    )


def test_windows_running_services_and_remote_desktop() -> None:
    host = windows("windows_tasklist_en.csv", "windows_reg_services.txt", "windows_reg_rdp_on.txt")
    facts = run_probe(SPEC, host).facts
    assert facts["running"] == ["TeamViewer", "Windows Quick Assist"]
    assert facts["unattended"] == [
        "ScreenConnect (ConnectWise Control)", "TeamViewer", "Windows Remote Desktop",
    ]  # fmt: skip
    installed = facts["installed"]
    assert isinstance(installed, list)
    assert "AnyDesk" in installed  # its service starts on demand only


def test_windows_anydesk_running_in_a_german_windows_fails() -> None:
    host = windows(
        "windows_tasklist_de.csv", "windows_reg_services_clean.txt", "windows_reg_rdp_off.txt"
    )
    result = verdict(run_probe(SPEC, host))
    assert result.status == Status.FAIL and "AnyDesk" in result.message.get("en")


def test_windows_an_install_folder_alone_warns() -> None:
    host = windows(
        "windows_tasklist_clean.csv",
        "windows_reg_services_clean.txt",
        "windows_reg_rdp_off.txt",
        **{r"C:\Program Files (x86)\AnyDesk\AnyDesk.exe": "MZ"},
    )
    assert verdict(run_probe(SPEC, host)).status == Status.WARN


def test_windows_clean_passes() -> None:
    host = windows(
        "windows_tasklist_clean.csv", "windows_reg_services_clean.txt", "windows_reg_rdp_off.txt"
    )
    assert verdict(run_probe(SPEC, host)).status == Status.PASS


def test_windows_services_that_cannot_be_read_leave_unattended_unknown() -> None:
    host = FakeHost(
        "windows",
        commands={key(TASKLIST): fixture("remote_access/windows_tasklist_clean.csv")},
        environ=WINDOWS_ENV,
    )
    outcome = run_probe(SPEC, host)
    assert "unattended" not in outcome.facts
    assert verdict(outcome).status == Status.UNKNOWN


def test_macos_launchctl_failing_leaves_unattended_unknown() -> None:
    host = FakeHost(
        "macos",
        commands={key(PS_MACOS): fixture("remote_access/macos_ps_comm_clean.txt")},
        environ={"HOME": "/Users/alice"},
    )
    assert "unattended" not in run_probe(SPEC, host).facts
