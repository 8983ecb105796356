"""disk_encryption probe: parsers over recorded outputs, runner over a fake machine."""

from __future__ import annotations

import pytest
from fakehost import FakeHost, Reply, fixture

from securecheck.probes.disk_encryption import runner as disk_encryption
from securecheck.probes.disk_encryption.parsers import (
    RootMount,
    Verdict,
    chains_encryption,
    chains_to,
    parse_bitlocker_json,
    parse_fdesetup,
    parse_findmnt,
    parse_lsblk,
    parse_zfs_encryption,
    strip_subvolume,
    zfs_pool_members,
)

FINDMNT = " ".join(disk_encryption.FINDMNT)
LSBLK = " ".join(disk_encryption.LSBLK)
FDESETUP = " ".join(disk_encryption.FDESETUP)
BITLOCKER = " ".join(disk_encryption.BITLOCKER)
ZFS_GET = "zfs get -H -o value encryption rpool/ROOT/ubuntu_k2x9f1"


def fx(name: str) -> str:
    return fixture(f"disk_encryption/{name}")


def root_verdict(findmnt: str, lsblk: str) -> Verdict | None:
    root = parse_findmnt(fx(findmnt))
    devices = parse_lsblk(fx(lsblk))
    assert root is not None and devices is not None
    return chains_encryption(chains_to(devices, root.source, "/"))


# --- Linux parsers --------------------------------------------------------------------------


def test_findmnt_of_this_vm_names_the_virtual_disk() -> None:
    assert parse_findmnt(fx("linux_findmnt_vm_ext4.json")) == RootMount("/dev/vda", "ext4")


def test_findmnt_btrfs_subvolume_is_reduced_to_the_device() -> None:
    root = parse_findmnt(fx("linux_findmnt_btrfs_subvol.json"))
    assert root == RootMount("/dev/mapper/luks-5c0cdd9b-6e4c-4a0e-8a2c-0f6f2b7d1e11", "btrfs")
    assert strip_subvolume("/dev/sda2") == "/dev/sda2"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "not json",
        '{"filesystems": []}',
        '{"x": 1}',
        "[1]",
        '{"filesystems": [{"target": "/", "source": 3}]}',
    ],
)
def test_findmnt_garbage_is_none(text: str) -> None:
    assert parse_findmnt(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "{",
        '{"blockdevices": 3}',
        '{"blockdevices": [{"x": 1}]}',
        '{"blockdevices": [{"name": "a", "children": [7]}]}',
    ],
)
def test_lsblk_garbage_is_none(text: str) -> None:
    assert parse_lsblk(text) is None


@pytest.mark.parametrize(
    ("findmnt", "lsblk", "expected"),
    [
        (
            "linux_findmnt_lvm_on_luks.json",
            "linux_lsblk_lvm_on_luks.json",
            Verdict(True, "luks", "on"),
        ),
        (
            "linux_findmnt_btrfs_subvol.json",
            "linux_lsblk_btrfs_luks_mountpoints.json",
            Verdict(True, "luks", "on"),
        ),
        ("linux_findmnt_plain_lvm.json", "linux_lsblk_plain_lvm.json", Verdict(False, None, "off")),
        ("linux_findmnt_vm_ext4.json", "linux_lsblk_vm_plain.json", Verdict(False, None, "off")),
        (
            "linux_findmnt_vm_ext4.json",
            "linux_lsblk_vm_mountpoints.json",
            Verdict(False, None, "off"),
        ),
    ],
)
def test_root_device_ancestry_decides(findmnt: str, lsblk: str, expected: Verdict) -> None:
    assert root_verdict(findmnt, lsblk) == expected


def test_luks_on_lvm_is_encrypted() -> None:
    devices = parse_lsblk(fx("linux_lsblk_luks_on_lvm.json"))
    assert devices is not None
    chains = chains_to(devices, "/dev/mapper/root_crypt", "/")
    assert chains_encryption(chains) == Verdict(True, "luks", "on")


def test_lvm_spanning_an_unencrypted_disk_is_not_encrypted() -> None:
    devices = parse_lsblk(fx("linux_lsblk_lvm_two_pvs_one_plain.json"))
    assert devices is not None
    chains = chains_to(devices, "/dev/mapper/vg0-root")
    assert len(chains) == 2
    assert chains_encryption(chains) == Verdict(False, None, "off")


def test_old_util_linux_without_p_names_falls_back_to_the_mountpoint() -> None:
    devices = parse_lsblk(fx("linux_lsblk_old_util_linux.json"))
    assert devices is not None
    chains = chains_to(devices, "/dev/root", "/")
    assert [c[-1].name for c in chains] == ["/dev/sda1"]
    assert chains_encryption(chains) == Verdict(False, None, "off")


def test_plain_dm_crypt_without_a_luks_header_is_dm_crypt() -> None:
    text = (
        '{"blockdevices": [{"name": "/dev/sda", "type": "disk", "children": ['
        '{"name": "/dev/mapper/c", "type": "crypt", "fstype": "ext4", "mountpoint": "/"}]}]}'
    )
    devices = parse_lsblk(text)
    assert devices is not None
    assert chains_encryption(chains_to(devices, "/dev/mapper/c")) == Verdict(True, "dm-crypt", "on")


def test_no_chain_to_the_root_device_is_no_verdict() -> None:
    devices = parse_lsblk(fx("linux_lsblk_vm_plain.json"))
    assert devices is not None
    assert chains_encryption(chains_to(devices, "/dev/nvme0n1p9")) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (fixture("disk_encryption/linux_zfs_get_encryption_aes.txt"), Verdict(True, "zfs", "on")),
        (fixture("disk_encryption/linux_zfs_get_encryption_off.txt"), Verdict(False, None, "off")),
        ("-\n", Verdict(False, None, "off")),
        ("garbage\n", None),
        ("", None),
    ],
)
def test_zfs_encryption_property(text: str, expected: Verdict | None) -> None:
    assert parse_zfs_encryption(text) == expected


def test_zfs_pool_members_are_found_by_label() -> None:
    devices = parse_lsblk(fx("linux_lsblk_zfs_on_luks.json"))
    assert devices is not None
    assert chains_encryption(zfs_pool_members(devices, "rpool")) == Verdict(True, "luks", "on")
    assert chains_encryption(zfs_pool_members(devices, "bpool")) == Verdict(False, None, "off")


# --- macOS and Windows parsers --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("macos_fdesetup_on.txt", Verdict(True, "filevault", "on")),
        ("macos_fdesetup_off.txt", Verdict(False, None, "off")),
        ("macos_fdesetup_encrypting.txt", Verdict(None, "filevault", "encrypting", 42.5)),
        ("macos_fdesetup_encrypting_pending.txt", Verdict(None, "filevault", "encrypting")),
        ("macos_fdesetup_decrypting.txt", Verdict(False, "filevault", "decrypting", 73.0)),
        ("macos_fdesetup_deferred.txt", Verdict(False, "filevault", "deferred")),
    ],
)
def test_fdesetup_states(name: str, expected: Verdict) -> None:
    assert parse_fdesetup(fx(name)) == expected


@pytest.mark.parametrize("text", ["", "FileVault est activé.", "Error: ..."])
def test_fdesetup_garbage_or_translated_is_none(text: str) -> None:
    assert parse_fdesetup(text) is None


@pytest.mark.parametrize(
    ("name", "encrypted", "state"),
    [
        ("windows_bitlocker_admin_on.json", True, "on"),
        ("windows_bitlocker_admin_waiting.json", False, "suspended"),
        ("windows_bitlocker_admin_encrypting.json", None, "encrypting"),
        ("windows_bitlocker_admin_off.json", False, "off"),
        ("windows_bitlocker_user_on.json", True, "on"),
        ("windows_bitlocker_user_off.json", False, "off"),
        ("windows_bitlocker_user_suspended.json", False, "suspended"),
    ],
)
def test_bitlocker_states(name: str, encrypted: bool | None, state: str) -> None:
    verdict = parse_bitlocker_json(fx(name))
    assert verdict is not None
    assert (verdict.encrypted, verdict.state) == (encrypted, state)


def test_bitlocker_admin_answer_wins_over_the_shell_property() -> None:
    text = '{"VolumeStatus": "FullyDecrypted", "ProtectionStatus": "Off", "ShellProtection": 1}'
    assert parse_bitlocker_json(text) == Verdict(False, None, "off")


def test_bitlocker_numeric_enums_are_understood() -> None:
    text = '{"VolumeStatus": 1, "ProtectionStatus": 1}'
    assert parse_bitlocker_json(text) == Verdict(True, "bitlocker", "on")


@pytest.mark.parametrize(
    "text",
    [
        fixture("disk_encryption/windows_bitlocker_user_no_property.json"),
        "",
        "oops",
        '{"ShellProtection": 7}',
        '{"ShellProtection": true}',
        '{"ShellProtection": "1"}',
        '{"VolumeStatus": "FullyEncrypted", "ProtectionStatus": "Unknown"}',
    ],
)
def test_bitlocker_without_a_known_state_is_none(text: str) -> None:
    assert parse_bitlocker_json(text) is None


# --- runner: Linux --------------------------------------------------------------------------


def linux_host(findmnt: str | Reply, lsblk: str | Reply | None = None, **kw: object) -> FakeHost:
    commands: dict[str, str | Reply] = {FINDMNT: findmnt}
    if lsblk is not None:
        commands[LSBLK] = lsblk
    return FakeHost(commands=commands, **kw)  # type: ignore[arg-type]


def test_lvm_on_luks_laptop_is_encrypted() -> None:
    host = linux_host(fx("linux_findmnt_lvm_on_luks.json"), fx("linux_lsblk_lvm_on_luks.json"))
    out = disk_encryption.run(host)
    assert out.facts == {"system_encrypted": True, "method": "luks"}


def test_plain_install_is_not_encrypted_and_says_why_method_is_missing() -> None:
    host = linux_host(fx("linux_findmnt_plain_lvm.json"), fx("linux_lsblk_plain_lvm.json"))
    out = disk_encryption.run(host)
    assert out.facts == {"system_encrypted": False}
    assert "no disk encryption" in out.why_unknown("method").get("en")


def test_overlay_root_is_unknown_not_unencrypted() -> None:
    out = disk_encryption.run(linux_host(fx("linux_findmnt_overlay.json")))
    assert out.facts == {}
    assert out.reason is not None and "overlay filesystem (container)" in out.reason.get("en")


def test_container_marker_with_the_roots_device_listed_judges_that_device() -> None:
    """A VM built from a container image keeps /.dockerenv; its / is a listed block device
    (the build machine: /dev/vda, ext4), so the chain is the evidence, not the marker."""
    host = linux_host(
        fx("linux_findmnt_vm_ext4.json"),
        fx("linux_lsblk_vm_plain.json"),
        files={"/.dockerenv": ""},
    )
    assert disk_encryption.run(host).facts == {"system_encrypted": False}


def test_container_marker_without_the_roots_device_is_unknown() -> None:
    host = linux_host(
        fx("linux_findmnt_vm_ext4.json").replace("/dev/vda", "/dev/mapper/host-lv"),
        fx("linux_lsblk_vm_plain.json").replace('"mountpoint": "/"', '"mountpoint": null'),
        files={"/.dockerenv": ""},
    )
    out = disk_encryption.run(host)
    assert out.facts == {}
    assert out.reason is not None and "/.dockerenv" in out.reason.get("en")


def test_wsl_is_unknown_and_points_to_windows() -> None:
    out = disk_encryption.run(linux_host("", environ={"WSL_DISTRO_NAME": "Ubuntu"}))
    assert out.facts == {}
    assert out.reason is not None and "WSL" in out.reason.get("en")


def test_plain_vm_reports_its_own_disk() -> None:
    host = linux_host(fx("linux_findmnt_vm_ext4.json"), fx("linux_lsblk_vm_plain.json"))
    assert disk_encryption.run(host).facts == {"system_encrypted": False}


@pytest.mark.parametrize(
    ("findmnt", "lsblk", "needle"),
    [
        (None, None, "findmnt is not installed"),
        (Reply(timeout=True), None, "timed out"),
        (Reply(code=1), None, "exited with code 1"),
        ("garbage", None, "could not understand"),
        (fixture("disk_encryption/linux_findmnt_vm_ext4.json"), None, "lsblk is not installed"),
        (fixture("disk_encryption/linux_findmnt_vm_ext4.json"), Reply(timeout=True), "timed out"),
        (fixture("disk_encryption/linux_findmnt_vm_ext4.json"), "{trunc", "could not understand"),
        (
            fixture("disk_encryption/linux_findmnt_lvm_on_luks.json"),
            '{"blockdevices": [{"name": "/dev/sda", "type": "disk", "mountpoint": null}]}',
            "does not list the device",
        ),
    ],
)
def test_linux_faults_are_unknown_with_a_reason(
    findmnt: str | Reply | None, lsblk: str | Reply | None, needle: str
) -> None:
    commands: dict[str, str | Reply] = {}
    if findmnt is not None:
        commands[FINDMNT] = findmnt
    if lsblk is not None:
        commands[LSBLK] = lsblk
    out = disk_encryption.run(FakeHost(commands=commands))
    assert out.facts == {}
    assert out.reason is not None and needle in out.reason.get("en")


def test_zfs_native_encryption() -> None:
    host = FakeHost(
        commands={
            FINDMNT: fx("linux_findmnt_zfs.json"),
            ZFS_GET: fx("linux_zfs_get_encryption_aes.txt"),
        }
    )
    assert disk_encryption.run(host).facts == {"system_encrypted": True, "method": "zfs"}


def test_zfs_on_luks() -> None:
    host = FakeHost(
        commands={
            FINDMNT: fx("linux_findmnt_zfs.json"),
            ZFS_GET: fx("linux_zfs_get_encryption_off.txt"),
            LSBLK: fx("linux_lsblk_zfs_on_luks.json"),
        }
    )
    assert disk_encryption.run(host).facts == {"system_encrypted": True, "method": "luks"}


def test_zfs_off_and_pool_disks_not_found_is_unknown() -> None:
    host = FakeHost(
        commands={
            FINDMNT: fx("linux_findmnt_zfs.json"),
            ZFS_GET: fx("linux_zfs_get_encryption_off.txt"),
            LSBLK: fx("linux_lsblk_vm_plain.json"),
        }
    )
    out = disk_encryption.run(host)
    assert out.facts == {}
    assert out.reason is not None and "pool rpool" in out.reason.get("en")


def test_zfs_tool_missing_is_unknown() -> None:
    out = disk_encryption.run(FakeHost(commands={FINDMNT: fx("linux_findmnt_zfs.json")}))
    assert out.facts == {}
    assert out.reason is not None and "zfs is not installed" in out.reason.get("en")


# --- runner: macOS and Windows --------------------------------------------------------------


def test_filevault_on() -> None:
    host = FakeHost(system="macos", commands={FDESETUP: fx("macos_fdesetup_on.txt")})
    assert disk_encryption.run(host).facts == {"system_encrypted": True, "method": "filevault"}


def test_filevault_encrypting_is_unknown_with_progress() -> None:
    host = FakeHost(system="macos", commands={FDESETUP: fx("macos_fdesetup_encrypting.txt")})
    out = disk_encryption.run(host)
    assert out.facts == {}
    assert out.reason is not None and "(42.5%)" in out.reason.get("en")
    assert "42.5%" in out.reason.get("zh")


def test_filevault_deferred_is_off_with_a_note() -> None:
    host = FakeHost(system="macos", commands={FDESETUP: fx("macos_fdesetup_deferred.txt")})
    out = disk_encryption.run(host)
    assert out.facts == {"system_encrypted": False, "method": "filevault"}
    assert out.reason is not None and "next restart" in out.reason.get("en")


@pytest.mark.parametrize("reply", [None, Reply(timeout=True), Reply(code=1), Reply("¿Qué?")])
def test_fdesetup_faults_are_unknown(reply: Reply | None) -> None:
    host = FakeHost(system="macos", commands={FDESETUP: reply} if reply else {})
    out = disk_encryption.run(host)
    assert out.facts == {} and out.reason is not None


def test_bitlocker_on_without_admin() -> None:
    host = FakeHost(system="windows", commands={BITLOCKER: fx("windows_bitlocker_user_on.json")})
    assert disk_encryption.run(host).facts == {"system_encrypted": True, "method": "bitlocker"}


def test_bitlocker_waiting_for_activation_is_not_encrypted() -> None:
    host = FakeHost(
        system="windows", commands={BITLOCKER: fx("windows_bitlocker_admin_waiting.json")}
    )
    out = disk_encryption.run(host)
    assert out.facts == {"system_encrypted": False, "method": "bitlocker"}
    assert out.reason is not None and "in the clear" in out.reason.get("en")


@pytest.mark.parametrize(
    "reply",
    [
        None,
        Reply(timeout=True),
        Reply(code=1, stderr="powershell: blocked"),
        Reply(fixture("disk_encryption/windows_bitlocker_user_no_property.json")),
        Reply("{"),
    ],
)
def test_bitlocker_faults_are_unknown(reply: Reply | None) -> None:
    host = FakeHost(system="windows", commands={BITLOCKER: reply} if reply else {})
    out = disk_encryption.run(host)
    assert out.facts == {} and out.reason is not None


def test_powershell_script_prints_no_translated_text() -> None:
    script = disk_encryption.BITLOCKER_SCRIPT
    assert "ConvertTo-Json" in script and "[string]$v.VolumeStatus" in script
    assert '"' not in script  # survives Windows command-line quoting unchanged


def test_other_systems_are_not_applicable() -> None:
    assert not disk_encryption.run(FakeHost(system="freebsd")).applicable


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The "…, but …" forms fdesetup prints (as other projects' tests record them).
        (
            "FileVault is On, but needs to be restarted to finish.\n",
            Verdict(None, "filevault", "encrypting"),
        ),
        (
            "FileVault is On, but Conversion in progress.\n",
            Verdict(None, "filevault", "encrypting"),
        ),
        ("FileVault is On, but decryption is paused.\n", Verdict(False, "filevault", "decrypting")),
        (
            "FileVault is Off, but will be enabled after the next restart.\n",
            Verdict(False, "filevault", "deferred"),
        ),
        ("FileVault is Off, but needs to be restarted to finish.\n", Verdict(False, None, "off")),
        (
            "Encryption in progress: Percent completed = 42\n",
            Verdict(None, "filevault", "encrypting", 42.0),
        ),
    ],
)
def test_fdesetup_but_forms_are_never_a_plain_on(text: str, expected: Verdict) -> None:
    assert parse_fdesetup(text) == expected


def test_fdesetup_state_quoted_mid_line_is_not_an_answer() -> None:
    assert parse_fdesetup("error: expected 'FileVault is On.' but got nothing\n") is None
