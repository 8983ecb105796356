"""disk_encryption probe: is the volume the system runs from encrypted?

Linux: `findmnt` names the device mounted at /, `lsblk` shows the devices it is built on;
any dm-crypt layer on every path down to the disks means encrypted (LUKS under LVM, LVM
under LUKS, btrfs subvolumes alike). A ZFS root asks `zfs get encryption`, then whether the
pool's disks sit on LUKS. Inside a container (an overlay root, or a marker such as
/.dockerenv with the root's device not listed) or WSL the disk of the computer itself cannot
be seen, so the answer is unknown, not "unencrypted". A plain virtual machine reports its
own virtual disk, also when a VM image kept a container marker: the listed chain is the
evidence. macOS: `fdesetup status`. Windows: one PowerShell call that tries
`Get-BitLockerVolume` (needs admin) and reads the shell's BitLocker property (does not);
without the BitLocker module, `manage-bde -status`. CentOS 7's util-linux has no JSON:
`findmnt -P` / `lsblk -P` pairs.
While encryption is still running the answer is unknown: it is neither done nor refused.
"""

from __future__ import annotations

from collections.abc import Sequence

from securecheck.core.model import ProbeOutcome
from securecheck.i18n import Localized, Message, _
from securecheck.probes.disk_encryption import DECLARATION
from securecheck.probes.disk_encryption.manage_bde import parse_manage_bde
from securecheck.probes.disk_encryption.parsers import (
    NOT_A_DISK,
    BlockDevice,
    RootMount,
    Verdict,
    chains_encryption,
    chains_to,
    parse_bitlocker_json,
    parse_fdesetup,
    parse_findmnt,
    parse_findmnt_pairs,
    parse_lsblk,
    parse_lsblk_pairs,
    parse_zfs_encryption,
    zfs_pool_members,
)
from securecheck.probes.host import (
    Host,
    ProbeSpec,
    by_system,
    known,
    powershell,
    unknown,
    unparseable,
)
from securecheck.probes.platform.windows import run_console_tool

PROBE = "disk_encryption"
FINDMNT = ("findmnt", "-J", "-o", "SOURCE,FSTYPE,TARGET", "--mountpoint", "/")
LSBLK = ("lsblk", "-J", "-p", "-o", "NAME,TYPE,FSTYPE,LABEL,MOUNTPOINT")
# util-linux older than 2.27 (CentOS 7) has no JSON output: pairs, with the parent named.
FINDMNT_PAIRS = ("findmnt", "-P", "-o", "SOURCE,FSTYPE,TARGET", "--mountpoint", "/")
LSBLK_PAIRS = ("lsblk", "-P", "-p", "-o", "NAME,TYPE,FSTYPE,LABEL,MOUNTPOINT,PKNAME")
FDESETUP = ("fdesetup", "status")
CONTAINER_MARKERS = ("/.dockerenv", "/run/.containerenv")
WSL_MARKER = "/proc/sys/fs/binfmt_misc/WSLInterop"

# Everything it prints is a number or an enum name, never translated text.
BITLOCKER_SCRIPT = (
    "$d = $env:SystemDrive; $r = [ordered]@{ Drive = $d }; "
    "try { $v = Get-BitLockerVolume -MountPoint $d -ErrorAction Stop; "
    "$r.VolumeStatus = [string]$v.VolumeStatus; "
    "$r.ProtectionStatus = [string]$v.ProtectionStatus; "
    "$r.EncryptionPercentage = $v.EncryptionPercentage "
    "} catch { $r.BitLockerVolumeError = $_.Exception.GetType().Name }; "
    "try { $r.ShellProtection = (New-Object -ComObject Shell.Application)"
    ".NameSpace($d + '\\').Self.ExtendedProperty('System.Volume.BitLockerProtection') "
    "} catch { $r.ShellError = $_.Exception.GetType().Name }; "
    "$r | ConvertTo-Json -Compress"
)
BITLOCKER = powershell(BITLOCKER_SCRIPT)

STATES: dict[str, Message] = {
    "encrypting": _("encryption has started but is not finished{pct}: check again when it is done"),
    "paused": _("encryption is paused{pct}"),
    "decrypting": _("the disk is being decrypted{pct}"),
    "suspended": _(
        "BitLocker protection is suspended or waiting for activation: the key lies in the "
        "clear on the disk",
    ),
    "waiting": _("BitLocker is waiting for activation: the key lies in the clear on the disk"),
    "deferred": _("FileVault will be turned on at the next restart"),
}


def _outcome(verdict: Verdict, sources: Sequence[str]) -> ProbeOutcome:
    template = STATES.get(verdict.state)
    pct = f" ({verdict.percent:g}%)" if verdict.percent is not None else ""
    note = Message(template.msgid, params=(("pct", pct),)) if template else None
    if verdict.encrypted is None:
        return unknown(PROBE, note or unparseable(PROBE), sources)
    reasons = {}
    if verdict.method is None:
        reasons["method"] = _("no disk encryption was found")
    facts = {"system_encrypted": verdict.encrypted, "method": verdict.method}
    return known(PROBE, facts, sources, reason=note, fact_reasons=reasons)


# --- Linux -------------------------------------------------------------------------------


def _linux(host: Host) -> ProbeOutcome:
    if host.env("WSL_DISTRO_NAME") or host.exists(WSL_MARKER):
        return unknown(
            PROBE,
            _(
                "running under WSL: the Windows disk (BitLocker) cannot be seen from inside; run "
                "securecheck on Windows itself",
            ),
        )
    sources: list[str] = []
    root = _root_mount(host, sources)
    if not isinstance(root, RootMount):
        return unknown(PROBE, root, sources)
    what = NOT_A_DISK.get(root.fstype)
    if what is not None:
        return unknown(
            PROBE,
            _("/ is {what}; the disk of the computer itself cannot be seen", what=what),
            sources,
        )
    marker = next((m for m in CONTAINER_MARKERS if host.exists(m)), None)
    in_container = _(
        "securecheck runs inside a container ({marker} exists); the disk of the computer "
        "itself cannot be seen",
        marker=marker or "",
    )
    if root.fstype == "zfs":
        if marker is not None:
            return unknown(PROBE, in_container, sources)
        return _zfs(host, root.source, sources)

    devices = _block_devices(host, sources)
    if not isinstance(devices, list):
        return unknown(PROBE, in_container if marker else devices, sources)
    # A container marker alone does not hide a root that is a block device the kernel lists
    # with its whole chain (a VM image built from a container keeps /.dockerenv): that
    # chain is the evidence. Without the chain, a container's host disk cannot be seen.
    verdict = chains_encryption(chains_to(devices, root.source, "/"))
    if verdict is None and marker is not None:
        return unknown(PROBE, in_container, sources)
    if verdict is None:
        return unknown(
            PROBE,
            _("lsblk does not list the device of / ({source})", source=root.source),
            sources,
        )
    return _outcome(verdict, sources)


def _root_mount(host: Host, sources: list[str]) -> RootMount | Localized:
    """What is mounted at /: `findmnt -J`, else `-P` pairs (util-linux older than 2.27)."""
    result = host.run(FINDMNT, timeout=5)
    sources.append(result.label)
    root = parse_findmnt(result.stdout) if result.ok else None
    if root is not None:
        return root
    if result.returncode is None:
        return result.problem or unparseable("findmnt")  # missing or timed out: no retry
    pairs = host.run(FINDMNT_PAIRS, timeout=5)
    sources.append(pairs.label)
    root = parse_findmnt_pairs(pairs.stdout) if pairs.ok else None
    return root if root is not None else (result.problem or unparseable("findmnt"))


def _block_devices(host: Host, sources: list[str]) -> list[BlockDevice] | Localized:
    """The block device tree: `lsblk -J`, else `-P` pairs with PKNAME (CentOS 7)."""
    result = host.run(LSBLK, timeout=5)
    sources.append(result.label)
    devices = parse_lsblk(result.stdout) if result.ok else None
    if devices is not None:
        return devices
    if result.returncode is None:
        return result.problem or unparseable("lsblk")
    pairs = host.run(LSBLK_PAIRS, timeout=5)
    sources.append(pairs.label)
    devices = parse_lsblk_pairs(pairs.stdout) if pairs.ok else None
    return devices if devices is not None else (result.problem or unparseable("lsblk"))


def _zfs(host: Host, dataset: str, sources: list[str]) -> ProbeOutcome:
    result = host.run(("zfs", "get", "-H", "-o", "value", "encryption", dataset), timeout=5)
    sources.append(result.label)
    if result.problem is not None:
        return unknown(PROBE, result.problem, sources)
    native = parse_zfs_encryption(result.stdout)
    if native is None:
        return unknown(PROBE, unparseable("zfs get encryption"), sources)
    if native.encrypted:
        return _outcome(native, sources)
    # Not natively encrypted: the pool may still sit on LUKS devices.
    found = _block_devices(host, sources)
    devices = found if isinstance(found, list) else None
    pool = dataset.split("/", 1)[0]
    verdict = chains_encryption(zfs_pool_members(devices, pool)) if devices is not None else None
    if verdict is None:
        return unknown(
            PROBE,
            _(
                "ZFS encryption is off for {dataset}, and the disks of pool {pool} could not be "
                "found to check for LUKS",
                dataset=dataset,
                pool=pool,
            ),
            sources,
        )
    return _outcome(verdict, sources)


# --- macOS and Windows -------------------------------------------------------------------


def _macos(host: Host) -> ProbeOutcome:
    result = host.run(FDESETUP, timeout=8)
    sources = [result.label]
    if result.problem is not None:
        return unknown(PROBE, result.problem, sources)
    verdict = parse_fdesetup(result.stdout)
    if verdict is None:
        return unknown(PROBE, unparseable("fdesetup status"), sources)
    return _outcome(verdict, sources)


def _windows(host: Host) -> ProbeOutcome:
    result = host.run(BITLOCKER, timeout=20)
    sources = ["Get-BitLockerVolume / Shell BitLockerProtection (PowerShell)"]
    verdict = parse_bitlocker_json(result.stdout) if result.ok else None
    if verdict is None:
        # No BitLocker module (Home editions, Server without the tools) or no answer from
        # it: manage-bde ships with every edition (it needs administrator rights).
        drive = host.env("SystemDrive") or "C:"
        manage_bde = ("manage-bde", "-status", drive)
        bde = run_console_tool(host, manage_bde, timeout=20)
        sources.append(" ".join(manage_bde))
        verdict = parse_manage_bde(bde.stdout) if bde.ok else None
        if verdict is None:
            why = result.problem or bde.problem or unparseable("manage-bde -status")
            return unknown(
                PROBE,
                _(
                    "Windows did not report the BitLocker state of the system drive ({why})",
                    why=why,
                ),
                sources,
            )
    return _outcome(verdict, sources)


def run(host: Host) -> ProbeOutcome:
    return by_system(host, {"linux": _linux, "macos": _macos, "windows": _windows}, PROBE)


SPEC = ProbeSpec(DECLARATION, run)
