"""disk_encryption where the usual tools are missing: util-linux without JSON (CentOS 7),
Windows without the BitLocker cmdlets (manage-bde, in any language)."""

from __future__ import annotations

import pytest
from fakehost import FakeHost, Reply, fixture

from securecheck.probes.disk_encryption import runner as disk_encryption
from securecheck.probes.disk_encryption.manage_bde import parse_manage_bde
from securecheck.probes.disk_encryption.parsers import (
    RootMount,
    Verdict,
    chains_encryption,
    chains_to,
    parse_findmnt_pairs,
    parse_lsblk_pairs,
    parse_pairs,
)

FINDMNT = " ".join(disk_encryption.FINDMNT)
FINDMNT_PAIRS = " ".join(disk_encryption.FINDMNT_PAIRS)
LSBLK = " ".join(disk_encryption.LSBLK)
LSBLK_PAIRS = " ".join(disk_encryption.LSBLK_PAIRS)
BITLOCKER = " ".join(disk_encryption.BITLOCKER)
MANAGE_BDE = "manage-bde -status C:"


def fx(name: str) -> str:
    return fixture(f"disk_encryption/{name}")


# --- pairs ----------------------------------------------------------------------------------


def test_pairs_unescape_and_refuse_other_text() -> None:
    rows = parse_pairs('NAME="/dev/sr0" LABEL="CentOS\\x207" MOUNTPOINT=""\n')
    assert rows == [{"name": "/dev/sr0", "label": "CentOS 7", "mountpoint": ""}]
    assert parse_pairs("lsblk: invalid option -- 'J'\n") is None
    assert parse_pairs('NAME="/dev/sda" and more\n') is None


def test_findmnt_pairs() -> None:
    assert parse_findmnt_pairs(fx("linux_findmnt_pairs_centos7.txt")) == RootMount(
        "/dev/mapper/centos-root", "xfs"
    )
    assert parse_findmnt_pairs('SOURCE="/dev/sda1" FSTYPE="ext4" TARGET="/boot"\n') is None


def test_lsblk_pairs_rebuild_the_tree_through_luks_and_lvm() -> None:
    devices = parse_lsblk_pairs(fx("linux_lsblk_pairs_centos7_luks_lvm.txt"))
    assert devices is not None
    verdict = chains_encryption(chains_to(devices, "/dev/mapper/centos-root", "/"))
    assert verdict == Verdict(True, "luks", "on")


def test_lsblk_pairs_with_kernel_parent_names_and_two_physical_volumes() -> None:
    devices = parse_lsblk_pairs(fx("linux_lsblk_pairs_centos7_plain_lvm_two_pvs.txt"))
    assert devices is not None
    chains = chains_to(devices, "/dev/mapper/centos-root", "/")
    assert len(chains) == 2  # one per disk the volume group spans
    assert chains_encryption(chains) == Verdict(False, None, "off")


@pytest.mark.parametrize(
    "text",
    [
        "",
        'NAME="/dev/sda" TYPE="disk"\n',  # no PKNAME: the tree cannot be rebuilt
        'NAME="/dev/sda1" TYPE="part" PKNAME="/dev/nowhere"\n',
        'TYPE="disk" PKNAME=""\n',
    ],
)
def test_lsblk_pairs_decline_rather_than_guess(text: str) -> None:
    assert parse_lsblk_pairs(text) is None


def centos7(lsblk_pairs: str) -> FakeHost:
    return FakeHost(
        "linux",
        commands={
            FINDMNT: Reply("", fx("linux_findmnt_no_json.stderr"), 1),
            FINDMNT_PAIRS: fx("linux_findmnt_pairs_centos7.txt"),
            LSBLK: Reply("", fx("linux_lsblk_no_json.stderr"), 1),
            LSBLK_PAIRS: fx(lsblk_pairs),
        },
    )


def test_centos7_encrypted_root_through_pairs() -> None:
    out = disk_encryption.run(centos7("linux_lsblk_pairs_centos7_luks_lvm.txt"))
    assert out.facts == {"system_encrypted": True, "method": "luks"}


def test_centos7_plain_root_through_pairs() -> None:
    out = disk_encryption.run(centos7("linux_lsblk_pairs_centos7_plain_lvm_two_pvs.txt"))
    assert out.facts == {"system_encrypted": False}


def test_pairs_that_fail_too_are_unknown_with_the_first_reason() -> None:
    host = centos7("linux_lsblk_pairs_centos7_luks_lvm.txt")
    host.commands = {**host.commands, LSBLK_PAIRS: Reply("", "lsblk: unknown column", 1)}
    out = disk_encryption.run(host)
    assert out.facts == {}
    assert out.reason is not None and "lsblk exited with code 1" in out.reason.get("en")


# --- manage-bde -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "verdict"),
    [
        ("windows_manage_bde_en_on.txt", Verdict(True, "bitlocker", "on")),
        ("windows_manage_bde_en_off.txt", Verdict(False, None, "off")),
        ("windows_manage_bde_en_suspended.txt", Verdict(False, "bitlocker", "suspended")),
        ("windows_manage_bde_de_on.txt", Verdict(True, "bitlocker", "on")),
        ("windows_manage_bde_fr_encrypting.txt", Verdict(None, "bitlocker", "encrypting", 42.7)),
        ("windows_manage_bde_ja_on.txt", Verdict(True, "bitlocker", "on")),
    ],
)
def test_manage_bde_in_several_languages(name: str, verdict: Verdict) -> None:
    assert parse_manage_bde(fx(name)) == verdict


def test_manage_bde_protection_in_unknown_words_is_not_guessed() -> None:
    text = fx("windows_manage_bde_en_on.txt").replace("Protection On", "Zzz Qqq")
    assert parse_manage_bde(text) is None


@pytest.mark.parametrize(
    "text", ["", "ERROR: An attempt to access a required resource was denied."]
)
def test_manage_bde_without_a_volume_block_is_unparseable(text: str) -> None:
    assert parse_manage_bde(text) is None
    assert parse_manage_bde(fx("windows_manage_bde_en_denied.txt")) is None


def windows(bde: Reply | str) -> FakeHost:
    no_module = (
        '{"Drive":"C:","BitLockerVolumeError":"CommandNotFoundException",'
        '"ShellError":"COMException"}'
    )
    return FakeHost("windows", commands={BITLOCKER: no_module, MANAGE_BDE: bde})


def test_windows_without_bitlocker_cmdlets_asks_manage_bde() -> None:
    out = disk_encryption.run(windows(fx("windows_manage_bde_de_on.txt")))
    assert out.facts == {"system_encrypted": True, "method": "bitlocker"}
    assert "manage-bde -status C:" in out.sources


def test_windows_manage_bde_refused_is_unknown() -> None:
    denied = Reply(fx("windows_manage_bde_en_denied.txt"), "", 4294967295)
    out = disk_encryption.run(windows(denied))
    assert out.facts == {}
    assert out.reason is not None and "manage-bde" in out.reason.get("en")


def test_spanish_manage_bde_states_as_windows_prints_them() -> None:
    # "Descifrado en progreso" is the word a Spanish Windows prints (a monitoring script
    # in a public repository compares against it); a locked data volume says "Desconocido%".
    decrypting = parse_manage_bde(fixture("disk_encryption/windows_manage_bde_es_decrypting.txt"))
    assert decrypting == Verdict(False, "bitlocker", "decrypting", 41.3)
    locked = fixture("disk_encryption/windows_manage_bde_es_locked_data_win81.txt")
    assert parse_manage_bde(locked) is None


def test_german_manage_bde_pasted_with_a_margin_reads_off() -> None:
    # A German Windows 10 capture from a public README, indented as a list item.
    text = fixture("disk_encryption/windows_manage_bde_de_off_readme_margin.txt")
    assert parse_manage_bde(text) == Verdict(False, None, "off")
