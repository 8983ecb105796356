"""Pure parsers for the disk_encryption probe: tool output in, a verdict on the system volume.

A `Verdict` says whether the volume is encrypted (None: cannot tell, e.g. while encryption
is still running), by which method, and a `state` code the runner turns into words.
Encrypted means the data is protected by a key the disk alone does not give away: a
BitLocker volume whose protection is suspended or "waiting for activation" keeps its key in
the clear on the disk, so it counts as not encrypted.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from securecheck.i18n import Localized, _


@dataclass(frozen=True)
class Verdict:
    encrypted: bool | None
    method: str | None  # luks, dm-crypt, zfs, filevault, bitlocker
    state: str  # on, off, encrypting, paused, decrypting, suspended, deferred, locked, ...
    percent: float | None = None


# --- Linux: the root mount ------------------------------------------------------------------


@dataclass(frozen=True)
class RootMount:
    source: str  # a device path, a ZFS dataset, "overlay"...
    fstype: str


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return None


def parse_findmnt(text: str) -> RootMount | None:
    """`findmnt -J -o SOURCE,FSTYPE,TARGET --mountpoint /`; the last (topmost) mount of /."""
    data = _json(text)
    systems = data.get("filesystems") if isinstance(data, dict) else None
    if not isinstance(systems, list):
        return None
    roots = [fs for fs in systems if isinstance(fs, dict) and fs.get("target") == "/"]
    if not roots:
        return None
    source, fstype = roots[-1].get("source"), roots[-1].get("fstype")
    if not isinstance(source, str) or not isinstance(fstype, str):
        return None
    return RootMount(strip_subvolume(source), fstype)


def strip_subvolume(source: str) -> str:
    """findmnt shows a btrfs subvolume as "/dev/mapper/luks-1234[/@]"; keep the device."""
    return re.sub(r"\[[^\]]*\]$", "", source)


# Root filesystems that are not a disk of this machine, and what they are instead.
NOT_A_DISK: dict[str, Localized] = {
    "overlay": _("an overlay filesystem (container)"),
    "fuse-overlayfs": _("an overlay filesystem (container)"),
    "aufs": _("an aufs filesystem (container)"),
    "tmpfs": _("held in memory (tmpfs)"),
    "ramfs": _("held in memory (ramfs)"),
    "rootfs": _("held in memory (rootfs)"),
    "squashfs": _("a read-only image (live system)"),
    "9p": _("shared from the host (9p)"),
    "virtiofs": _("shared from the host (virtiofs)"),
    "nfs": _("on the network (NFS)"),
    "nfs4": _("on the network (NFS)"),
    "cifs": _("on the network (SMB)"),
    "smb3": _("on the network (SMB)"),
}


# --- Linux: the block device tree ---------------------------------------------------------


@dataclass(frozen=True)
class BlockDevice:
    name: str  # full path with `lsblk -p`
    type: str  # disk, part, crypt, lvm, raid1, loop...
    fstype: str
    label: str
    mountpoints: tuple[str, ...]
    children: tuple[BlockDevice, ...]


def _device(raw: Any) -> BlockDevice | None:
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
        return None
    # util-linux >= 2.37 can print MOUNTPOINTS (a list); older ones only MOUNTPOINT.
    mounts = raw.get("mountpoints", [raw.get("mountpoint")])
    if not isinstance(mounts, list):
        mounts = [mounts]
    children = [_device(c) for c in raw.get("children") or []]
    if any(c is None for c in children):
        return None
    return BlockDevice(
        name=raw["name"],
        type=str(raw.get("type") or ""),
        fstype=str(raw.get("fstype") or ""),
        label=str(raw.get("label") or ""),
        mountpoints=tuple(m for m in mounts if isinstance(m, str)),
        children=tuple(c for c in children if c is not None),
    )


def parse_lsblk(text: str) -> list[BlockDevice] | None:
    """`lsblk -J -p -o NAME,TYPE,FSTYPE,LABEL,MOUNTPOINT`; None when it is not that shape."""
    data = _json(text)
    raw = data.get("blockdevices") if isinstance(data, dict) else None
    if not isinstance(raw, list):
        return None
    devices = [_device(d) for d in raw]
    if any(d is None for d in devices):
        return None
    return [d for d in devices if d is not None]


# --- util-linux older than 2.27 (CentOS 7): KEY="value" pairs instead of JSON ------------

_PAIR = re.compile(r'([A-Z][A-Z0-9:_-]*)="((?:[^"\\]|\\.)*)"')


def _unescape(value: str) -> str:
    """lsblk/findmnt -P write unsafe bytes as \\xHH (a space in a label is \\x20)."""
    raw = re.sub(r"\\x([0-9a-fA-F]{2})", lambda m: chr(int(m.group(1), 16)), value)
    return raw.replace('\\"', '"').replace("\\\\", "\\")


def parse_pairs(text: str) -> list[dict[str, str]] | None:
    """One dict per line of `lsblk -P` / `findmnt -P`; None if a line is not pairs."""
    rows: list[dict[str, str]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        pairs = _PAIR.findall(line)
        if not pairs or _PAIR.sub("", line).strip():
            return None
        rows.append({k.lower(): _unescape(v) for k, v in pairs})
    return rows


def parse_findmnt_pairs(text: str) -> RootMount | None:
    """`findmnt -P -o SOURCE,FSTYPE,TARGET --mountpoint /`: the last (topmost) mount of /."""
    rows = parse_pairs(text)
    roots = [r for r in rows or [] if r.get("target") == "/" and "source" in r and "fstype" in r]
    if not roots:
        return None
    return RootMount(strip_subvolume(roots[-1]["source"]), roots[-1]["fstype"])


def parse_lsblk_pairs(text: str) -> list[BlockDevice] | None:
    """`lsblk -P -p -o NAME,TYPE,FSTYPE,LABEL,MOUNTPOINT,PKNAME` -> the same tree as `-J`.

    Pairs lose the nesting; PKNAME (the parent) rebuilds it. A device with several parents
    (LVM over two disks) is printed once per parent, as in the JSON tree. None when a row
    has no NAME or TYPE, or names a parent that is not listed.
    """
    rows = parse_pairs(text)
    if rows is None or not rows or any("name" not in r or "type" not in r for r in rows):
        return None
    if any("pkname" not in r for r in rows):
        return None  # without parents the tree cannot be rebuilt: never guess it
    names = {r["name"] for r in rows}
    by_base = {n.rsplit("/", 1)[-1]: n for n in names}

    def parent(row: dict[str, str]) -> str | None:
        pk = row["pkname"]
        if not pk:
            return None
        return pk if pk in names else by_base.get(pk.rsplit("/", 1)[-1], "\0missing")

    if any(parent(r) == "\0missing" for r in rows):
        return None

    def build(name: str, seen: frozenset[str]) -> BlockDevice:
        row = next(r for r in rows if r["name"] == name)
        kids = sorted({r["name"] for r in rows if parent(r) == name} - seen)
        return BlockDevice(
            name=name,
            type=row["type"],
            fstype=row.get("fstype", ""),
            label=row.get("label", ""),
            mountpoints=tuple(
                m for r in rows if r["name"] == name if (m := r.get("mountpoint", ""))
            ),
            children=tuple(build(k, seen | {name}) for k in kids),
        )

    tops = sorted({r["name"] for r in rows if parent(r) is None})
    return [build(n, frozenset()) for n in tops]


def _chains(
    devices: Sequence[BlockDevice], path: tuple[BlockDevice, ...] = ()
) -> Iterator[tuple[BlockDevice, ...]]:
    for device in devices:
        chain = (*path, device)
        yield chain
        yield from _chains(device.children, chain)


def chains_to(
    devices: Sequence[BlockDevice], source: str | None, mountpoint: str | None = None
) -> list[tuple[BlockDevice, ...]]:
    """Every path from a disk down to the device named `source` (or mounted at `mountpoint`).

    A device built on several parents (LVM over two disks, RAID) appears once under each,
    so there is one chain per parent.
    """
    chains = list(_chains(devices))
    by_name = [c for c in chains if source is not None and c[-1].name == source]
    if by_name or mountpoint is None:
        return by_name
    return [c for c in chains if mountpoint in c[-1].mountpoints]


def chains_encryption(chains: Sequence[tuple[BlockDevice, ...]]) -> Verdict | None:
    """Encrypted when every chain passes through a dm-crypt device; None if no chains."""
    if not chains:
        return None
    methods: set[str] = set()
    for chain in chains:
        crypt = [i for i, d in enumerate(chain) if d.type == "crypt"]
        if not crypt:
            return Verdict(False, None, "off")
        below = chain[crypt[-1] - 1] if crypt[-1] > 0 else None
        methods.add("luks" if below is not None and below.fstype == "crypto_LUKS" else "dm-crypt")
    return Verdict(True, "luks" if methods == {"luks"} else "dm-crypt", "on")


def zfs_pool_members(devices: Sequence[BlockDevice], pool: str) -> list[tuple[BlockDevice, ...]]:
    """Chains to the block devices holding ZFS pool `pool` (lsblk LABEL is the pool name)."""
    return [c for c in _chains(devices) if c[-1].fstype == "zfs_member" and c[-1].label == pool]


def parse_zfs_encryption(text: str) -> Verdict | None:
    """`zfs get -H -o value encryption DATASET`: "off", "-" (no support) or a cipher."""
    value = text.strip()
    if value in ("off", "-"):
        return Verdict(False, None, "off")
    if re.fullmatch(r"aes-\d+-(?:gcm|ccm)|on", value):
        return Verdict(True, "zfs", "on")
    return None


# --- macOS ----------------------------------------------------------------------------------


_FILEVAULT = re.compile(r"^FileVault is (On|Off)(?:\.|, but (.*?)\.?)\s*$", re.MULTILINE)


def parse_fdesetup(text: str) -> Verdict | None:
    """`fdesetup status`: "FileVault is On." / "Off.", perhaps with a progress line, or one
    of the "…, but …" forms ("On, but needs to be restarted to finish.", "Off, but will be
    enabled after the next restart.", "On, but decryption is paused."). The state line must
    start a line: a sentence merely quoting it is not fdesetup's answer."""
    on = _FILEVAULT.search(text)
    percent_match = re.search(r"Percent completed = ([\d.]+)", text)
    percent = float(percent_match.group(1)) if percent_match else None
    but = (on.group(2) or "").lower() if on else ""
    if "Decryption in progress" in text or "decrypt" in but:
        return Verdict(False, "filevault", "decrypting", percent)
    if "Encryption in progress" in text:
        return Verdict(None, "filevault", "encrypting", percent)
    if on is None:
        return None
    if on.group(1) == "On":
        if but:
            # Not finished ("needs to be restarted", "conversion is in progress", "paused"):
            # the volume may not be fully protected yet, and which way it goes is not said.
            return Verdict(None, "filevault", "encrypting", percent)
        return Verdict(True, "filevault", "on")
    if "Deferred enablement" in text or "enabled after the next restart" in but:
        return Verdict(False, "filevault", "deferred")
    return Verdict(False, None, "off")


# --- Windows --------------------------------------------------------------------------------

# Get-BitLockerVolume VolumeStatus numbers, for output that was not cast to names.
_VOLUME_STATUS = (
    "FullyDecrypted",
    "FullyEncrypted",
    "EncryptionInProgress",
    "DecryptionInProgress",
    "EncryptionSuspended",
    "DecryptionSuspended",
    "FullyEncryptedWipeInProgress",
    "FullyEncryptedWipeSuspended",
)
_PROTECTION_STATUS = ("Off", "On", "Unknown")

# System.Volume.BitLockerProtection, the shell property Explorer's padlock uses (readable
# without admin rights). Values as documented empirically on Windows 10 (see SOURCES.md).
_SHELL_PROTECTION: dict[int, Verdict] = {
    1: Verdict(True, "bitlocker", "on"),
    2: Verdict(False, None, "off"),
    3: Verdict(None, "bitlocker", "encrypting"),  # also "encryption paused"
    4: Verdict(False, "bitlocker", "decrypting"),
    5: Verdict(False, "bitlocker", "suspended"),
    6: Verdict(True, "bitlocker", "locked"),
    8: Verdict(False, "bitlocker", "waiting"),
}


def _name(value: Any, names: Sequence[str]) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return names[value].lower() if 0 <= value < len(names) else None
    return value.lower() if isinstance(value, str) and value else None


def parse_bitlocker_json(text: str) -> Verdict | None:
    """The JSON object printed by the probe's PowerShell script (see disk_encryption.py).

    Get-BitLockerVolume (admin only) is used when it answered; otherwise the shell
    property. None when neither says anything securecheck understands.
    """
    data = _json(text)
    if not isinstance(data, dict):
        return None
    volume = _name(data.get("VolumeStatus"), _VOLUME_STATUS)
    protection = _name(data.get("ProtectionStatus"), _PROTECTION_STATUS)
    if volume is not None and protection is not None:
        return _from_volume_status(volume, protection, data.get("EncryptionPercentage"))
    shell = data.get("ShellProtection")
    if isinstance(shell, int) and not isinstance(shell, bool):
        return _SHELL_PROTECTION.get(shell)
    return None


def _from_volume_status(volume: str, protection: str, percent_raw: Any) -> Verdict | None:
    percent = float(percent_raw) if isinstance(percent_raw, (int, float)) else None
    if protection == "unknown":
        return None
    if volume.startswith("fullyencrypted"):
        if protection == "on":
            return Verdict(True, "bitlocker", "on")
        return Verdict(False, "bitlocker", "suspended")
    table = {
        "fullydecrypted": Verdict(False, None, "off"),
        "encryptioninprogress": Verdict(None, "bitlocker", "encrypting", percent),
        "encryptionsuspended": Verdict(False, "bitlocker", "paused", percent),
        "decryptioninprogress": Verdict(False, "bitlocker", "decrypting", percent),
        "decryptionsuspended": Verdict(False, "bitlocker", "decrypting", percent),
    }
    return table.get(volume)
